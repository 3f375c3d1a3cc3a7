"""Column values of a transient model object, for a plain INSERT on a hot path."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import inspect


@cache
def _column_keys(model: Any) -> tuple[tuple[str, str], ...]:
    """(attribute, column) name pairs of a mapped class, worked out once per class."""
    attributes: Any = inspect(model).column_attrs
    return tuple((attribute.key, attribute.columns[0].key) for attribute in attributes)


def row_values(obj: Any) -> dict[str, Any]:
    """Every column attribute that is set (None is left out, so column defaults apply)."""
    values = {}
    for attribute, column in _column_keys(type(obj)):
        value = getattr(obj, attribute)
        if value is not None:
            values[column] = value
    return values
