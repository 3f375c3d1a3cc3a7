"""The console's pages: who sees which, languages, escaping, and the API support they use."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.console.test_session import CSRF_FIELD, CSRF_META, form_login
from tests.factories import Staff, login_as, make_user, make_walk, send_tip
from tipsapp.console.session import CSRF_HEADER
from tipsapp.console.texts import TEXTS

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ANALYST_PAGES = ["/staff", "/staff/items/{item}", "/staff/report"]
READER_PAGES = ["/staff/walks", "/staff/walks/{walk}", "/staff/actions"]
ALL_PAGES = ANALYST_PAGES + READER_PAGES


def sent_reference(client: FlaskClient, **overrides: Any) -> str:
    response = send_tip(client, **overrides)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["reference"])


def signed_in(app: Flask, role: str, **kwargs: Any) -> tuple[FlaskClient, Staff]:
    client = app.test_client()
    user = make_user(app, role, **kwargs)
    assert form_login(client, user).status_code == 303
    return client, user


def csrf(client: FlaskClient) -> str:
    page = client.get("/staff/walks").get_data(as_text=True)
    match = CSRF_META.search(page)
    assert match, page
    return match.group(1)


@pytest.fixture
def places(app: Flask, client: FlaskClient) -> dict[str, str]:
    """An item and a walk in Gislaved, where every test user works."""
    return {"item": sent_reference(client), "walk": make_walk(app).id}


def page_url(template: str, places: dict[str, str]) -> str:
    return template.format(**places)


@pytest.mark.parametrize("role", ["analyst", "admin"])
@pytest.mark.parametrize("path", ALL_PAGES)
def test_every_console_page_opens_for_analysts_and_admins(
    app: Flask, places: dict[str, str], role: str, path: str
) -> None:
    client, _user = signed_in(app, role)
    response = client.get(page_url(path, places))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'lang="sv"' in html
    assert CSRF_META.search(html)
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    # No inline script: only our file and the JSON data block.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize("path", ANALYST_PAGES)
def test_partners_are_denied_the_queue_items_and_report(
    app: Flask, places: dict[str, str], path: str
) -> None:
    client, _user = signed_in(app, "partner")
    response = client.get(page_url(path, places))
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "Ingen åtkomst" in html
    assert "Trygghetsvandringar" in html  # where a partner can go instead


@pytest.mark.parametrize("path", READER_PAGES)
def test_partners_read_walks_and_actions_without_the_forms_to_change_them(
    app: Flask, places: dict[str, str], path: str
) -> None:
    client, _user = signed_in(app, "partner")
    response = client.get(page_url(path, places))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="walk-form"' not in html
    assert 'id="action-form"' not in html
    assert 'id="walk-moves"' not in html
    assert ">Kön<" not in html  # no queue link in the menu


def test_a_partner_lands_on_the_walks_after_logging_in(app: Flask) -> None:
    client = app.test_client()
    response = form_login(client, make_user(app, "partner"))
    assert response.headers["Location"].endswith("/staff/walks")


@pytest.mark.parametrize("path", ALL_PAGES)
def test_viewers_are_denied_every_console_page(
    app: Flask, places: dict[str, str], path: str
) -> None:
    client, _user = signed_in(app, "viewer")
    assert client.get(page_url(path, places)).status_code == 403


@pytest.mark.parametrize("path", ALL_PAGES)
def test_without_a_session_every_page_sends_to_the_login(
    app: Flask, client: FlaskClient, places: dict[str, str], path: str
) -> None:
    asked = page_url(path, places)
    response = client.get(asked)
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert location.path == "/staff/login"
    assert parse_qs(location.query)["next"] == [asked]


def login_with_next(client: FlaskClient, user: Staff, next_page: str) -> Any:
    page = client.get("/staff/login", query_string={"next": next_page}).get_data(as_text=True)
    match = CSRF_FIELD.search(page)
    assert match
    form = {"email": user.email, "password": user.password, "csrf_token": match.group(1)}
    return client.post("/staff/login", data={**form, "next": next_page})


def test_login_returns_to_the_page_that_was_asked_for(app: Flask, client: FlaskClient) -> None:
    reference = sent_reference(client)
    user = make_user(app, "analyst")
    asked = client.get(f"/staff/items/{reference}?lang=en").headers["Location"]
    login_page = client.get(asked).get_data(as_text=True)
    assert f'name="next" value="/staff/items/{reference}?lang=en"' in login_page
    response = login_with_next(client, user, f"/staff/items/{reference}?lang=en")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/staff/items/{reference}?lang=en"


@pytest.mark.parametrize(
    "next_page",
    ["https://evil.example/staff", "//evil.example/staff", "/staff\\@evil.example", "/api/v1/x"],
)
def test_login_never_sends_anywhere_but_the_console(
    app: Flask, client: FlaskClient, next_page: str
) -> None:
    response = login_with_next(client, make_user(app, "analyst"), next_page)
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff"


def test_an_item_or_walk_of_another_area_is_not_found(app: Flask, client: FlaskClient) -> None:
    elsewhere = sent_reference(client, area="varnamo")
    walk = make_walk(app, area="varnamo")
    analyst, _user = signed_in(app, "analyst", areas=("gislaved",))
    for path in (f"/staff/items/{elsewhere}", f"/staff/walks/{walk.id}", "/staff/items/T-NONE"):
        response = analyst.get(path)
        assert response.status_code == 404
        assert "Hittades inte" in response.get_data(as_text=True)


def test_the_console_is_swedish_by_default_and_keeps_english_once_chosen(app: Flask) -> None:
    client, _user = signed_in(app, "analyst")
    swedish = client.get("/staff").get_data(as_text=True)
    assert "Filtrera" in swedish and 'href="/staff?lang=en"' in swedish
    english = client.get("/staff?lang=en")
    assert english.headers["Content-Language"] == "en"
    assert "Filter</button>" in english.get_data(as_text=True)
    # The choice is kept for the next page, without ?lang.
    later = client.get("/staff/walks").get_data(as_text=True)
    assert 'lang="en"' in later and "Safety walks" in later
    back = client.get("/staff/walks?lang=sv").get_data(as_text=True)
    assert 'lang="sv"' in back and "Trygghetsvandringar" in back


def test_the_language_switch_keeps_the_queue_filters(app: Flask) -> None:
    client, _user = signed_in(app, "analyst")
    html = client.get("/staff?category=drugs&urgent=true").get_data(as_text=True)
    assert 'href="/staff?category=drugs&amp;urgent=true&amp;lang=en"' in html


def test_the_queue_filters_are_kept_in_the_form_from_the_address(app: Flask) -> None:
    client, _user = signed_in(app, "analyst")
    html = client.get("/staff?status=queued&category=traffic&since=2026-01-01&q=cykel").get_data(
        as_text=True
    )
    assert '<option value="queued" selected>' in html
    assert '<option value="traffic" selected>' in html
    assert 'name="since" type="date" value="2026-01-01"' in html
    assert 'value="cykel"' in html


def test_every_text_has_swedish_and_english_and_no_key_hides_a_dict_method() -> None:
    for key in TEXTS:
        swedish, english = TEXTS.get(key, "sv"), TEXTS.get(key, "en")
        assert swedish.strip() and english.strip(), key
        assert not hasattr({}, key), f"t.{key} would find dict.{key}"


def test_every_text_the_pages_and_the_script_use_exists() -> None:
    """A typo in a key would show an empty label (Jinja) or the key itself (the script)."""
    root = Path(__file__).resolve().parents[2] / "tipsapp"
    used: set[str] = set()
    for template in (root / "templates" / "console").glob("*.html"):
        used |= set(re.findall(r"\bt\.(\w+)", template.read_text()))
    script = (root / "static" / "console" / "console.js").read_text()
    used |= set(re.findall(r"\bT\.(\w+)", script)) | set(re.findall(r'fmt\("(\w+)"', script))
    assert used, "no text keys found: the patterns are out of date"
    assert sorted(used - set(TEXTS)) == []


def test_hostile_text_is_escaped_on_every_console_page(app: Flask, client: FlaskClient) -> None:
    reference = sent_reference(client, text="Hotfull text " + HOSTILE, place=HOSTILE)
    walk = make_walk(app, title="Vandring " + HOSTILE, meeting_point=HOSTILE)
    analyst, _user = signed_in(app, "analyst", display_name="Eve " + HOSTILE)
    quoted = '"><script>alert(2)</script>'
    paths = [
        f"/staff?q={quoted}&category={quoted}",
        f"/staff/items/{reference}",
        "/staff/report",
        "/staff/walks",
        f"/staff/walks/{walk.id}",
        f"/staff/actions?item={quoted}&walk={quoted}",
    ]
    for path in paths:
        response = analyst.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert "&lt;script&gt;" in html or "\\u003cscript\\u003e" in html, path
    # The page carries no item text at all: the script reads it from the (audited) API.
    assert "Hotfull text" not in analyst.get(f"/staff/items/{reference}").get_data(as_text=True)


def test_an_item_page_that_does_not_look_like_a_reference_is_escaped(app: Flask) -> None:
    analyst, _user = signed_in(app, "analyst")
    response = analyst.get("/staff/items/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert response.status_code == 404
    assert "<script>alert" not in response.get_data(as_text=True)


CONSOLE_WRITES = [
    ("PATCH", "/api/v1/queue/{item}", {"category": "traffic"}),
    ("POST", "/api/v1/queue/{item}/notes", {"body": "En anteckning"}),
    ("POST", "/api/v1/queue/{item}/messages", {"body": "Tack för tipset"}),
    ("POST", "/api/v1/queue/{item}/queue", {}),
    ("POST", "/api/v1/queue/{item}/reject", {"reason": "Spam"}),
    (
        "POST",
        "/api/v1/queue/{item}/share",
        {"shared": True, "partner_summary": "Trasig belysning vid gångtunneln."},
    ),
    ("POST", "/api/v1/queue/{item}/redact", {"text": "Redigerad", "reason": "Namn"}),
    ("POST", "/api/v1/queue/{item}/erase", {"reason": "Begäran om radering"}),
    ("PATCH", "/api/v1/walks/{walk}", {"status": "active"}),
    ("POST", "/api/v1/actions", {"title": "Laga lampan", "owner": "x", "area": "gislaved"}),
]


@pytest.mark.parametrize(("method", "path", "body"), CONSOLE_WRITES)
def test_console_writes_without_the_csrf_token_are_refused(
    app: Flask, places: dict[str, str], method: str, path: str, body: dict[str, Any]
) -> None:
    client, _user = signed_in(app, "analyst")
    url = page_url(path, places)
    for headers in ({}, {CSRF_HEADER: "not-the-token"}):
        refused = client.open(url, method=method, json=body, headers=headers)
        assert refused.status_code == 403
        assert refused.get_json()["error"]["code"] == "csrf_failed"
    done = client.open(url, method=method, json=body, headers={CSRF_HEADER: csrf(client)})
    assert done.status_code != 403, done.get_json()


def test_queue_rows_carry_the_etag_the_actions_check(app: Flask, client: FlaskClient) -> None:
    reference = sent_reference(client)
    headers = login_as(client, make_user(app, "analyst"))
    (row,) = client.get("/api/v1/queue", headers=headers).get_json()["items"]
    detail = client.get(f"/api/v1/queue/{reference}", headers=headers)
    assert row["etag"] == detail.headers["ETag"]
    first = client.patch(
        f"/api/v1/queue/{reference}",
        json={"category": "traffic"},
        headers={**headers, "If-Match": row["etag"]},
    )
    assert first.status_code == 200
    stale = client.post(
        f"/api/v1/queue/{reference}/queue", json={}, headers={**headers, "If-Match": row["etag"]}
    )
    assert stale.status_code == 412
    assert stale.headers["ETag"] == first.headers["ETag"]


def test_a_note_and_a_message_answer_with_the_items_new_etag(
    app: Flask, client: FlaskClient
) -> None:
    reference = sent_reference(client)
    headers = login_as(client, make_user(app, "analyst"))
    before = client.get(f"/api/v1/queue/{reference}", headers=headers).headers["ETag"]
    note = client.post(
        f"/api/v1/queue/{reference}/notes", json={"body": "Ring fastighetsägaren"}, headers=headers
    )
    assert note.status_code == 201
    assert note.headers["ETag"] != before
    message = client.post(
        f"/api/v1/queue/{reference}/messages",
        json={"body": "Var exakt?"},
        headers=headers,
    )
    assert message.status_code == 201
    assert message.headers["ETag"] != note.headers["ETag"]
    queued = client.post(
        f"/api/v1/queue/{reference}/queue",
        json={},
        headers={**headers, "If-Match": message.headers["ETag"]},
    )
    assert queued.status_code == 200, queued.get_json()
    assert queued.get_json()["status"] == "queued"
