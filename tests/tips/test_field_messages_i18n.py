"""The error envelope's field messages follow the client's language (Swedish or English)."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Any

import marshmallow as ma
import pytest
from marshmallow import fields as ma_fields
from marshmallow import validate

from tests.factories import tip_body
from tipsapp.common.i18n import FIELD_MESSAGES, translate_field_message

PACKAGE = Path(__file__).resolve().parents[2] / "tipsapp"


def bad_tip(client: Any, **headers: str) -> dict[str, Any]:
    body = tip_body(category="")
    del body["text"]
    response = client.post("/api/v1/tips", json=body, headers=headers)
    assert response.status_code == 422
    error: dict[str, Any] = response.get_json()["error"]
    return error


def test_missing_text_and_invalid_category_answer_in_swedish(client: Any) -> None:
    error = bad_tip(client, **{"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})

    assert error["message"] == "Några fält behöver rättas."
    assert error["fields"] == {
        "text": ["Fältet krävs men saknas."],
        "category": ["Längden måste vara mellan 1 och 32."],
    }


def test_missing_text_and_invalid_category_answer_in_english(client: Any) -> None:
    error = bad_tip(client, **{"Accept-Language": "en-GB,en;q=0.9"})

    assert error["message"] == "Some fields need to be corrected."
    assert error["fields"] == {
        "text": ["Missing data for required field."],
        "category": ["Length must be between 1 and 32."],
    }


def test_lang_parameter_wins_over_the_header(client: Any) -> None:
    body = tip_body(text="kort", nickname="anna")
    response = client.post("/api/v1/tips?lang=sv", json=body, headers={"Accept-Language": "en"})

    assert response.get_json()["error"]["fields"] == {
        "text": ["Måste vara minst 10 tecken."],
        "nickname": ["Okänt fält."],
    }


def test_our_own_service_messages_are_translated_too(client: Any) -> None:
    response = client.post(
        "/api/v1/tips", json=tip_body(category="weather"), headers={"Accept-Language": "sv"}
    )

    assert response.get_json()["error"]["fields"] == {"category": ["Okänd kategori."]}


def test_nested_messages_and_quoted_values_are_translated(client: Any) -> None:
    body = tip_body(language="de", location={"lat": 91, "lon": "east"})
    response = client.post("/api/v1/tips", json=body, headers={"Accept-Language": "sv"})

    assert response.get_json()["error"]["fields"] == {
        "language": ["Måste vara ett av: sv, sv-x-ll, en, fi, ar, so, ti, bs, pl, fa."],
        "location": {
            "lat": ["Latituden måste ligga inom Sverige."],
            "lon": ["Inte ett giltigt tal."],
        },
    }


def test_without_any_language_field_messages_stay_in_english(client: Any) -> None:
    error = bad_tip(client)

    assert error["message"] == "Några fält behöver rättas."  # the envelope's default: Swedish
    assert error["fields"]["text"] == ["Missing data for required field."]


def test_an_unknown_message_is_passed_on_as_it_is() -> None:
    assert translate_field_message("Something nobody wrote down.", "sv") == (
        "Something nobody wrote down."
    )


# --- the catalogue covers what can be said ----------------------------------------------------


def _sample(template: str) -> str:
    """A message as a validator would say it: every placeholder filled with a value."""
    return re.sub(r"\{\{?(\w+)\}?\}", "7", template)


def marshmallow_messages() -> list[str]:
    found = {
        message
        for _, cls in inspect.getmembers(ma_fields, inspect.isclass)
        if issubclass(cls, ma_fields.Field)
        for klass in cls.__mro__
        for key, message in getattr(klass, "default_error_messages", {}).items()
        if key != "format"  # serialisation only: never in an answer to a request
    }
    found |= set(ma.Schema._default_error_messages.values())  # type: ignore[attr-defined]
    found |= {
        value
        for _, cls in inspect.getmembers(validate, inspect.isclass)
        for attr in (
            "default_message",
            "message_all",
            "message_min",
            "message_max",
            "message_equal",
        )
        if isinstance(value := getattr(cls, attr, None), str)
    }
    messages = []
    for message in sorted(found):
        if "{awareness}" in message:  # NaiveDateTime, AwareDateTime, and the same for times
            messages += [
                message.format(awareness=awareness, obj_type=obj_type)
                for awareness in ("naive", "aware")
                for obj_type in ("datetime", "time")
            ]
        elif "{obj_type}" in message:  # DateTime, Date, Time
            messages += [message.format(obj_type=kind) for kind in ("datetime", "date", "time")]
        elif "{min_op}" in message or "{max_op}" in message:  # Range, any mix of bounds
            for low in ("greater than", "greater than or equal to"):
                for high in ("less than", "less than or equal to"):
                    filled = message.replace("{min_op}", low).replace("{max_op}", high)
                    messages.append(_sample(filled))
        else:
            messages.append(_sample(message))
    return messages


@pytest.mark.parametrize("message", marshmallow_messages())
def test_every_marshmallow_message_has_a_swedish_text(message: str) -> None:
    assert translate_field_message(message, "sv") != message


def project_messages() -> list[str]:
    """Messages our code writes into field errors (ValidationError, fields=..., error=...)."""
    found: set[str] = set()

    def strings(node: ast.AST) -> None:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                if inner.value[:1].isupper() and inner.value.endswith("."):
                    found.add(inner.value)
            elif isinstance(inner, ast.JoinedStr):
                parts = [v.value if isinstance(v, ast.Constant) else "x" for v in inner.values]
                found.add("".join(str(part) for part in parts))

    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in ("ValidationError", "_invalid"):
                strings(node)
            for keyword in node.keywords:
                if keyword.arg in ("fields", "errors") or (
                    keyword.arg == "error" and name in ("Range", "Length", "OneOf", "Regexp")
                ):
                    strings(keyword.value)
    return sorted(found)


def test_every_field_message_of_ours_has_a_swedish_text() -> None:
    messages = project_messages()
    missing = [m for m in messages if translate_field_message(m, "sv") == m]

    assert len(messages) > 30
    assert missing == [], f"add these to FIELD_MESSAGES in tipsapp/common/i18n.py: {missing}"


def test_every_swedish_template_keeps_its_placeholders() -> None:
    for english in FIELD_MESSAGES:
        swedish = FIELD_MESSAGES.get(english, "sv")
        assert set(re.findall(r"\{(\w+)\}", english)) == set(re.findall(r"\{(\w+)\}", swedish))
