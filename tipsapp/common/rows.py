"""Column values of a transient model object, for a plain INSERT on a hot path."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect

_COLUMN_KEYS: dict[type, tuple[tuple[str, str], ...]] = {}


def _column_keys(model: type) -> tuple[tuple[str, str], ...]:
    """(attribute, column) name pairs of a mapped class, worked out once per class."""
    keys = _COLUMN_KEYS.get(model)
    if keys is None:
        attributes: Any = inspect(model).column_attrs
        keys = tuple((attribute.key, attribute.columns[0].key) for attribute in attributes)
        _COLUMN_KEYS[model] = keys
    return keys


def row_values(obj: Any) -> dict[str, Any]:
    """Every column attribute that is set (None is left out, so column defaults apply)."""
    values = {}
    for attribute, column in _column_keys(type(obj)):
        value = getattr(obj, attribute)
        if value is not None:
            values[column] = value
    return values
