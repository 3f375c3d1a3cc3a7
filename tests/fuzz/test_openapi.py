"""Schema fuzzing: schemathesis drives every operation of /api/v1/openapi.json in process.

Each operation is fuzzed by each actor that can reach it: residents without a token, walk
participants with a ``wp_`` token, and a real bearer token for every staff role; on whatever
database the suite runs on. The fuzzer also gets real ids, receipts, join codes and a real
JPEG (``world.py``), so the code behind each lookup is reached too. Rate limits are disabled in
this app's config (``RATELIMIT_ENABLED=False``): otherwise the limiter's 429 would answer most
cases. Checks: no 5xx; every status, content type and body as the document says (``default``
counts only for the generic transport errors, see ``schema.py``).

CI runs a fixed seed and a few examples per operation; ``make fuzz`` runs longer
(``TIPSAPP_FUZZ_EXAMPLES``, ``TIPSAPP_FUZZ_SEED``).
"""

from __future__ import annotations

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz.runner import TOTALS, fuzz_operation
from tests.fuzz.schema import fuzz_examples, fuzz_seed, load_schema
from tests.fuzz.world import World

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# These revoke the token they are called with: each case gets a token of its own.
TOKEN_REVOKING_PATHS = ("/api/v1/auth/logout", "/api/v1/auth/password")
# A role the operation refuses gets 403 before its input is read: a few cases prove that.
FORBIDDEN_EXAMPLES = 2


def forbidden(world: World, actor: str, method: str, path: str) -> bool:
    """Whether ``actor`` is refused outright: one request without a body, real ids in the path."""
    if path in TOKEN_REVOKING_PATHS:
        return False  # every role may; probing would revoke the shared token
    for name, values in world.known.items():
        path = path.replace("{" + name + "}", str(values[0]))
    response = world.client.open(path, method=method.upper(), headers=world.headers.get(actor))
    return response.status_code == 403


def test_every_operation_answers_as_documented(fuzz_world: World, actor: str) -> None:
    schema = load_schema(fuzz_world, actor)

    def send(case: schemathesis.Case) -> None:
        headers = fuzz_world.headers.get(actor, {})
        if case.path in TOKEN_REVOKING_PATHS and actor in fuzz_world.staff:
            headers = fuzz_world.fresh_headers(actor)
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        TOTALS.answered(response.status_code)

    failures: list[str] = []
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            failures.append(f"--- the document itself\n{result.err()}")
            continue
        operation = result.ok()
        examples = fuzz_examples()
        if forbidden(fuzz_world, actor, operation.method, operation.path):
            examples = min(examples, FORBIDDEN_EXAMPLES)
        try:
            fuzz_operation(operation, actor, send, examples, fuzz_seed())
        # One operation's failure must not hide the others' (check failures come grouped).
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"--- {operation.label} as {actor}\n{exc}")
    assert not failures, "\n\n".join(failures)
