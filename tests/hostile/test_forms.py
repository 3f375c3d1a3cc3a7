"""The browser forms (tip and follow-up pages posted without script, the console login and
logout) with hostile form data: an HTML answer, never a 500, nothing stored, nothing reflected
unescaped."""

from __future__ import annotations

from typing import Any

import pytest

from tests.hostile.corpus import FORMS, HUGE, SCRIPT, SVG

FORM_BODIES: dict[str, tuple[bytes, str]] = {
    "script_email": (
        b"email=%3Cscript%3Ealert('x')%3C%2Fscript%3E&password=x&csrf_token=x",
        "application/x-www-form-urlencoded",
    ),
    "svg_email": (
        b"email=%3Csvg%20onload%3D%22alert(1)%22%3E&password=x",
        "application/x-www-form-urlencoded",
    ),
    "invalid_utf8": (b"email=%FF%FE%C3%28&password=\xff\xfe", "application/x-www-form-urlencoded"),
    "nul": (
        b"email=a%00b%40example.se&password=%00&csrf_token=%00",
        "application/x-www-form-urlencoded",
    ),
    "control": (b"email=%1B%5B2J&password=%07", "application/x-www-form-urlencoded"),
    "huge": (b"email=" + HUGE.encode() + b"&password=x", "application/x-www-form-urlencoded"),
    "duplicate_fields": (
        b"email=a&email=b&csrf_token=1&csrf_token=2",
        "application/x-www-form-urlencoded",
    ),
    "json": (b'{"email": "a@b.se", "password": "x"}', "application/json"),
    "multipart_broken": (
        b"--x\r\nContent-Disposition: form-data; name=email\r\n\r\n",
        "multipart/form-data; boundary=x",
    ),
    "no_content_type": (b"email=a&password=b", ""),
}


@pytest.mark.parametrize("name", list(FORM_BODIES))
@pytest.mark.parametrize("path", sorted(path for _method, path in FORMS))
def test_form_post_with_hostile_data(world: Any, path: str, name: str) -> None:
    data, content_type = FORM_BODIES[name]
    headers = {"Content-Type": content_type} if content_type else {}
    before = world.state()

    response = world.client.post(path, data=data, headers=headers)

    assert response.status_code < 500, response.get_data()[:300]
    if name == "nul":  # PostgreSQL could not even look such an e-mail up
        assert response.status_code == 422
    assert world.state() == before
    page = response.get_data(as_text=True)
    for raw in (SCRIPT, SVG, "<script>alert", '<svg onload="'):
        assert raw not in page


def test_login_form_shows_a_hostile_email_back_escaped(world: Any) -> None:
    form = world.client.get("/staff/login")
    token = form.get_data(as_text=True).split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    response = world.client.post(
        "/staff/login", data={"email": SCRIPT, "password": "x", "csrf_token": token}
    )

    assert response.status_code in (400, 401)
    assert "&lt;script&gt;" in response.get_data(as_text=True)
