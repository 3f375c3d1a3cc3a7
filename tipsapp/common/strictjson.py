"""Strict JSON bodies: one parser for every API route, so no malformed body reaches a view.

Python's ``json`` accepts things other readers do not, and a few it cannot survive:

- a 5,000-digit integer raises ValueError inside the decoder, and one of 400 digits overflows
  every integer column (the SQLite driver raises OverflowError);
- 10,000 nested brackets raise RecursionError deep inside the decoder;
- duplicate keys silently keep the last value, while a proxy or log reader may keep the first;
- ``"\\u0000"`` and lone surrogates (``"\\ud800"``) decode to strings that PostgreSQL or UTF-8
  cannot store, whatever field they sit in (codes, e-mails and ids included).

The first three answer 400 ``invalid_json``; the last answers 422 ``validation_failed`` naming
the field. ``NaN``, ``Infinity`` and ``1e400`` are left to the fields (marshmallow's numbers
refuse them, 422 naming the field), so that one bad item of an offline batch stays one invalid
item. Other control characters are judged per field (``common.fields.TrimmedText``).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import flask
from flask import Flask, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask.views import MethodView
from flask_smorest import Blueprint
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from tipsapp.errors import ApiError, error_response

MAX_DEPTH = 32  # GeoJSON lines are 3 deep; nothing the API takes comes near this
MAX_INTEGER = 2**63 - 1  # the largest integer any column (BIGINT) can hold
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
UNSTORABLE_MESSAGE = "Must not contain control characters."  # as TrimmedText says it


def _refuse(reason: str, doc: str) -> json.JSONDecodeError:
    return json.JSONDecodeError(reason, doc, 0)


def _no_duplicates(doc: str) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            raise _refuse("Duplicate key", doc)
        return result

    return hook


def _bounded_int(doc: str) -> Any:
    def parse(literal: str) -> int:
        # Checked on the digits first: int() of a 5,000-digit literal is itself an error.
        if len(literal.lstrip("-")) > 19 or abs(int(literal)) > MAX_INTEGER:
            raise _refuse("Number out of range", doc)
        return int(literal)

    return parse


def _depth(value: Any) -> int:
    """How deeply lists and objects nest (iterative: the body is already at most MAX_DEPTH)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def _unstorable_paths(value: Any, path: str = "") -> list[str]:
    """Dotted paths of every key or string holding NUL or a lone surrogate."""
    found: list[str] = []
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            if _UNSTORABLE.search(node):
                found.append(where or "_body")
        elif isinstance(node, dict):
            for key, child in node.items():
                child_path = f"{where}.{key}" if where else str(key)
                if _UNSTORABLE.search(key):
                    found.append(where or "_body")
                stack.append((child, child_path))
        elif isinstance(node, list):
            for index, child in enumerate(node):
                stack.append((child, f"{where}.{index}" if where else str(index)))
    return sorted(set(found))


def strict_loads(data: str | bytes, *, check_strings: bool = True) -> Any:
    """Decode a JSON body (UTF-8, no duplicate keys) within our limits.

    Raises ``json.JSONDecodeError`` or ``UnicodeDecodeError`` for a body that is not such JSON,
    and ``ApiError`` (422) for strings no database can store, unless ``check_strings`` is off
    for a route whose items are each judged by their own schema.
    """
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates(text),
            parse_int=_bounded_int(text),
        )
    except RecursionError:
        raise _refuse("Nested too deeply", text) from None
    if _depth(value) > MAX_DEPTH:
        raise _refuse("Nested too deeply", text)
    bad = _unstorable_paths(value) if check_strings else []
    if bad:
        fields = {path: [UNSTORABLE_MESSAGE] for path in bad}
        raise ApiError(422, "validation_failed", fields=fields)
    return value


def judges_each_item(view_class: type[MethodView]) -> type[MethodView]:
    """Mark a route whose body is a batch judged item by item (the offline sync).

    Its NUL or lone surrogate makes that one item invalid (its own schema refuses it), never
    the whole batch, as the route promises.
    """
    view_class.judges_each_item = True  # type: ignore[attr-defined]
    return view_class


def _checks_strings() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(getattr(view, "view_class", None), "judges_each_item", False)


class StrictJsonParser(FlaskParser):
    """webargs' Flask parser with :func:`strict_loads` for JSON bodies."""

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req):
            return core.missing
        return strict_loads(req.get_data(cache=True), check_strings=_checks_strings())


class StrictJsonProvider(DefaultJSONProvider):
    """``request.get_json()`` reads bodies by the same rules; answers never fail to encode.

    Malformed JSON is a ValueError (Flask's 400, or None when ``silent``); a NUL or lone
    surrogate raises the 422 ``ApiError`` even when ``silent``, as it would in any route.
    An answer that echoes a lone surrogate (an invalid id sent back beside its error) shows
    U+FFFD there instead of failing to encode as UTF-8 (a 500).
    """

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return _SURROGATES.sub("\ufffd", super().dumps(obj, **kwargs))

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        # Outside a request (a test client reading an answer, the CLI) only the syntax counts.
        return strict_loads(s, check_strings=flask.has_request_context() and _checks_strings())


def use_for_every_blueprint() -> None:
    """Parse with :class:`StrictJsonParser` in every flask-smorest route.

    flask-smorest reads ``Blueprint.ARGUMENTS_PARSER`` when a view is decorated, at import of
    its routes module, so this runs when the ``tipsapp`` package is imported.
    """
    Blueprint.ARGUMENTS_PARSER = StrictJsonParser()


def install(app: Flask) -> None:
    """``request.get_json`` by the same rules, and no NUL in any path, query string or form.

    PostgreSQL refuses NUL in any text parameter, so an id or filter holding one would
    otherwise end as a database error (500) instead of a 404 or 422.
    """
    provider = StrictJsonProvider(app)
    provider.ensure_ascii = app.json.ensure_ascii  # type: ignore[attr-defined]
    app.json = provider

    @app.before_request
    def refuse_nul_in_request() -> Any:
        if "\x00" in request.path:
            return error_response(404)
        pairs = list(request.args.items(multi=True))
        if not request.path.startswith("/api/"):  # the pages' forms (the API takes only JSON)
            pairs += request.form.items(multi=True)
        bad = {key for key, value in pairs if "\x00" in key + value}
        if bad:
            fields = {key.replace("\x00", "") or "_query": [UNSTORABLE_MESSAGE] for key in bad}
            return error_response(422, "validation_failed", fields=fields)
        return None


def sync_sized_body(view: Any) -> Any:
    """A full offline batch (200 observations or reports with notes) is larger than the JSON
    default: the view allows ``SYNC_MAX_BYTES`` for its own request."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        request.max_content_length = int(current_app.config["SYNC_MAX_BYTES"])
        return view(*args, **kwargs)

    return wrapper
