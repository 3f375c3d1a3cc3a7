"""The OpenAPI document as the fuzzer reads it, one slice per actor, with known values mixed in.

Two changes to the app's own document, both to make the checks stricter, never looser:

* Every operation's ``default`` response is replaced by the generic errors any request may get
  (400 unreadable JSON, 405, 413, 415, 503). Schemathesis accepts any status when ``default``
  is present; without it, every 401, 403, 404, 409, 412, 422 and 429 an endpoint gives must be
  documented on that operation.
* Each actor fuzzes only the operations it can reach: residents the ones without a token,
  staff roles every bearer-token operation, walk participants the walk-scoped ones.
"""

from __future__ import annotations

import copy
import os
from typing import Any

import hypothesis.strategies as st
import schemathesis
from schemathesis.specs.openapi.schemas import OpenApiSchema

from tests.fuzz.world import STAFF_ROLES, World

ACTORS = ("resident", "participant", *STAFF_ROLES)
GENERIC_ERRORS = ("400", "405", "413", "415", "503")
# A participant token (``wp_...``) reaches these, and nothing else.
PARTICIPANT_PATHS = ("/api/v1/walks/{walk_id}", "/api/v1/observations/")
HTTP_METHODS = {"get", "put", "post", "patch", "delete"}
SEED = 20261125
CI_EXAMPLES = 8


def fuzz_examples() -> int:
    """Examples per operation and actor: few in CI, ``TIPSAPP_FUZZ_EXAMPLES`` for a long run."""
    raw = os.environ.get("TIPSAPP_FUZZ_EXAMPLES", "").strip()
    return int(raw) if raw else CI_EXAMPLES


def fuzz_seed() -> int:
    """The same cases every CI run; ``TIPSAPP_FUZZ_SEED`` to look elsewhere."""
    raw = os.environ.get("TIPSAPP_FUZZ_SEED", "").strip()
    return int(raw) if raw else SEED


def reaches(actor: str, path: str, operation: dict[str, Any]) -> bool:
    secured = bool(operation.get("security"))
    if actor == "resident":
        return not secured
    if actor == "participant":
        return secured and path.startswith(PARTICIPANT_PATHS)
    return secured


def actor_document(document: dict[str, Any], actor: str) -> dict[str, Any]:
    """The operations ``actor`` can reach, with ``default`` spelled out as the generic errors."""
    sliced = copy.deepcopy(document)
    for path, item in list(sliced["paths"].items()):
        for method in [name for name in item if name in HTTP_METHODS]:
            operation = item[method]
            if not reaches(actor, path, operation):
                del item[method]
                continue
            responses = operation["responses"]
            default = responses.pop("default", None)
            if default is not None:
                for status in GENERIC_ERRORS:
                    responses.setdefault(status, default)
        if not any(name in HTTP_METHODS for name in item):
            del sliced["paths"][path]
    return sliced


def _mixed(value: Any, known: list[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(value), st.sampled_from(known))


def _mix_known(container: Any, world: World) -> st.SearchStrategy[Any]:
    """Each field the world knows a real value for: the generated one, or a real one."""
    if not isinstance(container, dict):
        return st.just(container)
    names = [name for name in container if name in world.known]
    if not names:
        return st.just(container)
    return st.fixed_dictionaries(
        {name: _mixed(container[name], world.known[name]) for name in names}
    ).map(lambda chosen: {**container, **chosen})


def load_schema(world: World, actor: str) -> OpenApiSchema:
    """The actor's slice of the app's document, bound to the app, with the world mixed in."""
    document = world.client.get("/api/v1/openapi.json").get_json()
    config = schemathesis.Config.from_dict(
        {
            "seed": fuzz_seed(),
            "generation": {
                "max-examples": fuzz_examples(),
                "database": "none",
                "with-security-parameters": False,
            },
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_dict(actor_document(document, actor), config=config)
    schema.app = world.app

    @schema.hook("flatmap_path_parameters")
    def path_parameters(_context: Any, parameters: Any) -> st.SearchStrategy[Any]:
        return _mix_known(parameters, world)

    @schema.hook("flatmap_query")
    def query(_context: Any, parameters: Any) -> st.SearchStrategy[Any]:
        return _mix_known(parameters, world)

    @schema.hook("flatmap_headers")
    def headers(_context: Any, parameters: Any) -> st.SearchStrategy[Any]:
        return _mix_known(parameters, world)

    @schema.hook("flatmap_body")
    def body(_context: Any, value: Any) -> st.SearchStrategy[Any]:
        if isinstance(value, bytes):  # a photo upload: sometimes a real picture
            return _mixed(value, [world.jpeg])
        return _mix_known(value, world)

    return schema
