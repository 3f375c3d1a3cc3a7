"""Error answers that follow from an operation's shape, documented once for every route.

Each view documents its own special answers with ``@blp.alt_response``; what every route of a
kind answers is added here, so no route can forget it (the schema fuzzing in tests/fuzz holds
each operation to the statuses its document lists).
"""

from __future__ import annotations

from typing import Any

from apispec import BasePlugin

# flask-smorest registers a response per HTTP status under its name, with the error envelope.
NOT_FOUND = "NOT_FOUND"


class CommonErrorResponses(BasePlugin):
    """A path that names a record (``/walks/{walk_id}``) answers 404 when there is none, or
    when it is not the caller's to see."""

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **_: Any
    ) -> None:
        if not path or "{" not in path:
            return
        for operation in (operations or {}).values():
            responses = operation.get("responses") if isinstance(operation, dict) else None
            # flask-smorest keys a view's own answers by number: its own 404 is kept.
            if responses is not None and 404 not in responses:
                responses.setdefault("404", NOT_FOUND)
