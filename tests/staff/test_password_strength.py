"""New staff passwords must be hard to guess; the refusal says why, in Swedish or English."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
import zxcvbn

from tests.factories import as_role, login_as, login_response, make_org, make_user
from tipsapp.staff.strength import SUGGESTIONS, TEXTS, WARNINGS

TOO_WEAK = {
    "sv": "Lösenordet är för lätt att gissa. Välj ett starkare.",
    "en": "This password is too easy to guess. Choose a stronger one.",
}
PERSONAL = {
    "sv": "Lösenordet får inte innehålla din e-postadress eller ditt namn.",
    "en": "The password must not contain your e-mail address or your name.",
}
STRONG = "sju tysta ekorrar mäter kön 2024"
EMAIL = "karin.lindqvist@gislaved.se"


def create(app: Any, client: Any, password: str, lang: str = "", **fields: str) -> Any:
    org = make_org(app)
    admin = as_role(app, client, "admin")
    body = {
        "email": EMAIL,
        "display_name": "Karin Lindqvist",
        "password": password,
        "role": "analyst",
        "organisation": org.id,
    } | fields
    return client.post(f"/api/v1/staff/users{lang and '?lang=' + lang}", json=body, headers=admin)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("password", ["password1", "Sommar2024!", "password1234", "Lösenord2024!"])
def test_a_common_password_is_refused_with_advice_in_the_clients_language(
    app: Any, client: Any, password: str, lang: str
) -> None:
    response = create(app, client, password, lang)

    assert response.status_code == 422
    messages = response.get_json()["error"]["fields"]["password"]
    assert TOO_WEAK[lang] in messages
    assert login_response(client, EMAIL, password).status_code == 401


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_common_password_names_what_is_wrong_with_it(app: Any, client: Any, lang: str) -> None:
    response = create(app, client, "password1234", lang)

    advice = {
        "sv": "Det här är ett mycket vanligt lösenord.",
        "en": "This is a very common password.",
    }
    assert advice[lang] in response.get_json()["error"]["fields"]["password"]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("password", [EMAIL, "Lindqvist-kaffe-torsdag-17", "KARIN.LINDQVIST!!"])
def test_a_password_made_of_the_users_email_or_name_is_refused(
    app: Any, client: Any, password: str, lang: str
) -> None:
    response = create(app, client, password, lang)

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["password"] == [PERSONAL[lang]]


def test_a_short_common_password_gets_both_the_length_rule_and_the_advice(
    app: Any, client: Any
) -> None:
    response = create(app, client, "password1", "sv")

    messages = response.get_json()["error"]["fields"]["password"]
    assert messages[0] == "Måste vara minst 12 tecken."
    assert messages[1] == TOO_WEAK["sv"]


def test_without_a_named_language_the_advice_is_english_like_every_field_message(
    app: Any, client: Any
) -> None:
    response = create(app, client, "Gislaved2024!")

    assert TOO_WEAK["en"] in response.get_json()["error"]["fields"]["password"]


@pytest.mark.parametrize(
    "password", [STRONG, "Åtta små grodor hoppar över ån", "correct horse battery staple"]
)
def test_a_strong_password_is_accepted(app: Any, client: Any, password: str) -> None:
    response = create(app, client, password)

    assert response.status_code == 201, response.get_json()
    assert login_response(client, EMAIL, password).status_code == 200


def test_a_weak_new_password_is_refused_and_the_old_one_still_works(app: Any, client: Any) -> None:
    user = make_user(app, "analyst", email="karin@polisen.se", display_name="Karin Lind")
    headers = login_as(client, user)

    response = client.post(
        "/api/v1/auth/password",
        json={"current_password": user.password, "new_password": "qwertyuiop123"},
        headers=headers | {"Accept-Language": "sv-SE"},
    )

    assert response.status_code == 422
    assert TOO_WEAK["sv"] in response.get_json()["error"]["fields"]["new_password"]
    assert login_response(client, user.email, user.password).status_code == 200


def test_a_new_password_with_ones_own_name_is_refused(app: Any, client: Any) -> None:
    user = make_user(app, "analyst", email="karin@polisen.se", display_name="Karin Lind")
    headers = login_as(client, user)

    response = client.post(
        "/api/v1/auth/password?lang=en",
        json={"current_password": user.password, "new_password": "karin loves long walks"},
        headers=headers,
    )

    assert response.get_json()["error"]["fields"]["new_password"] == [PERSONAL["en"]]


# --- command line ----------------------------------------------------------------------------

CREATE_ANNA = (
    *("users", "create", "anna@gislaved.se", "--name", "Anna Berg"),
    *("--org", "Gislaveds kommun", "--role", "admin"),
)


@pytest.mark.parametrize(("lang", "words"), [("en", TOO_WEAK["en"]), ("sv", TOO_WEAK["sv"])])
def test_cli_refuses_a_common_password_and_creates_no_account(
    app: Any, runner: Any, lang: str, words: str
) -> None:
    make_org(app, name="Gislaveds kommun")

    result = runner.invoke(args=[*CREATE_ANNA, "--password", "Lösenord2024!", "--lang", lang])

    assert result.exit_code != 0
    assert words in result.output
    assert login_response(app.test_client(), "anna@gislaved.se", "Lösenord2024!").status_code == 401


def test_cli_refuses_a_password_made_of_the_email(app: Any, runner: Any) -> None:
    make_org(app, name="Gislaveds kommun")

    result = runner.invoke(args=[*CREATE_ANNA, "--password", "anna@gislaved.se"])

    assert result.exit_code != 0
    assert f"Password: {PERSONAL['en']}" in result.output


# --- the texts -------------------------------------------------------------------------------


def zxcvbn_feedback_texts() -> set[str]:
    """Every text zxcvbn's feedback module can say (its ``_("...")`` calls)."""
    source = Path(zxcvbn.__file__).with_name("feedback.py").read_text(encoding="utf-8")
    return {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and isinstance(node.args[0], ast.Constant)
    }


def test_every_zxcvbn_warning_and_suggestion_has_words_of_our_own() -> None:
    """A zxcvbn release with a new text would otherwise show it in English to Swedish staff."""
    assert zxcvbn_feedback_texts() == set(WARNINGS) | set(SUGGESTIONS)


def test_every_feedback_text_is_written_in_swedish() -> None:
    untranslated = [key for key in TEXTS if TEXTS.get(key, "sv") == TEXTS.get(key, "en")]

    assert untranslated == []


def test_cli_refuses_an_empty_password_in_plain_words(app: Any, runner: Any) -> None:
    make_org(app, name="Gislaveds kommun")

    result = runner.invoke(args=[*CREATE_ANNA, "--password", ""])

    assert result.exit_code == 1
    assert "The password must be at least 12 characters." in result.output
    assert TOO_WEAK["en"] in result.output
