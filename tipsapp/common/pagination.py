"""Keyset pagination: a cursor names the last row seen, so deep pages cost what the first does.

An offset makes the database walk past every earlier row; a cursor over the sort columns and
the id lets the index jump straight to the next page.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, or_, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from tipsapp.errors import ApiError

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class SortKey:
    column: InstrumentedAttribute[Any]
    descending: bool
    value_of: Callable[[Any], Any]
    kind: str = "int"  # "int", "datetime" or "str": how the cursor stores the value


def _encode_value(value: Any, kind: str) -> Any:
    return value.isoformat() if kind == "datetime" else value


def _decode_value(raw: Any, kind: str) -> Any:
    if kind == "datetime":
        moment = datetime.fromisoformat(str(raw))
        if moment.tzinfo is None:
            raise ValueError("a cursor time must carry its offset")
        return moment
    if kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError("not an integer")
        return raw
    return str(raw)


def encode_cursor(values: Sequence[Any], keys: Sequence[SortKey]) -> str:
    payload = [_encode_value(value, key.kind) for value, key in zip(values, keys, strict=True)]
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[SortKey]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(payload, list) or len(payload) != len(keys):
            raise ValueError("wrong length")
        return [_decode_value(raw, key.kind) for raw, key in zip(payload, keys, strict=True)]
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise ApiError(422, "validation_failed", fields={"cursor": ["Invalid cursor."]}) from exc


def _after(keys: Sequence[SortKey], values: Sequence[Any]) -> Any:
    """Rows strictly after ``values`` in the sort order.

    When every key sorts the same way this is a row-value comparison, which the index can seek
    to directly; mixed directions need (a > x) or (a = x and b > y) or ...
    """
    columns = [key.column for key in keys]
    if all(key.descending for key in keys):
        return tuple_(*columns) < tuple_(*values)
    if not any(key.descending for key in keys):
        return tuple_(*columns) > tuple_(*values)
    clauses = []
    for index, key in enumerate(keys):
        equal_before = [keys[i].column == values[i] for i in range(index)]
        beyond = key.column < values[index] if key.descending else key.column > values[index]
        clauses.append(and_(*equal_before, beyond))
    first = keys[0]
    # The leading bound alone lets the index seek; the OR chain then settles ties.
    leading = first.column <= values[0] if first.descending else first.column >= values[0]
    return and_(leading, or_(*clauses))


def keyset_page(
    query: Select[Any], keys: Sequence[SortKey], cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """One page of ``query`` in the order of ``keys``, and the cursor for the next page."""
    from tipsapp.extensions import db

    limit = max(1, min(limit, MAX_PAGE_SIZE))
    if cursor:
        query = query.where(_after(keys, decode_cursor(cursor, keys)))
    order = [key.column.desc() if key.descending else key.column.asc() for key in keys]
    rows = list(db.session.scalars(query.order_by(*order).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([key.value_of(last) for key in keys], keys)
    return rows, next_cursor
