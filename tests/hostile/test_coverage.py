"""The corpus must aim at every write endpoint the app has: a new one fails here until listed."""

from __future__ import annotations

from typing import Any

from tests.hostile.corpus import FORMS, GEOREPORT, WRITES

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def registered_writes(app: Any) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) & WRITE_METHODS
    }


def documented_writes(client: Any) -> set[tuple[str, str]]:
    """The write operations of the OpenAPI document (paths written ``{x}``)."""
    spec = client.get("/api/v1/openapi.json").get_json()
    return {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method in operations
        if method.upper() in WRITE_METHODS
    }


def test_every_registered_write_endpoint_is_in_the_corpus(app: Any) -> None:
    covered = {(write.method, write.rule) for write in WRITES} | FORMS | GEOREPORT
    assert registered_writes(app) - covered == set()
    assert covered - registered_writes(app) == set()


def test_every_documented_write_endpoint_is_in_the_corpus(client: Any) -> None:
    covered = {
        (method, rule.replace("<string:", "{").replace(">", "}"))
        for method, rule in {(write.method, write.rule) for write in WRITES} | GEOREPORT
    }
    assert documented_writes(client) - covered == set()
