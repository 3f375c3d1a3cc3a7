"""Every HTML page with hostile query parameters, paths and headers: never a 500, never a
hostile string shown back unescaped."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.hostile.checks import assert_answered
from tests.hostile.corpus import HEADERS, IDS, QUERY_VALUES, SCRIPT, SVG

# (name, path, who): who is None (anyone), "bearer" or "cookie" (the staff console session).
PAGES = [
    ("tip_form", "/", None),
    ("tip_form_en", "/?lang=en", None),
    ("followup", "/uppfoljning", None),
    ("followup_english_path", "/followup", None),
    ("walk", "/vandring", None),
    ("walk_with_code", "/w/ABCD-EFGH", None),
    ("public_followup", "/followup/gislaved", None),
    ("api_docs", "/api/docs", None),
    ("staff_login", "/staff/login", None),
    ("staff_queue", "/staff", "cookie"),
    ("staff_report", "/staff/report", "cookie"),
    ("report_html", "/reports/{report_id}.html", "bearer"),
]
NAMES = ("lang", "area", "q", "code", "next")


def page_request(world: Any, path: str, who: str | None) -> tuple[str, dict[str, str]]:
    path = path.format(report_id=world.report_id)
    token = world.analyst["Authorization"].removeprefix("Bearer ")
    if who == "bearer":
        return path, dict(world.analyst)
    if who == "cookie":
        return path, {"Cookie": f"tipsapp_staff={token}"}
    return path, {}


def assert_nothing_reflected_raw(response: Any) -> None:
    """Markup sent in must never come back as markup in a page."""
    if response.mimetype != "text/html":
        return
    page = response.get_data(as_text=True)
    for raw in (SCRIPT, SVG, "<script>alert", 'onload="alert'):
        assert raw not in page


def joined(path: str, query: str) -> str:
    return path + ("&" if "?" in path else "?") + query


@pytest.mark.parametrize("value", list(QUERY_VALUES))
@pytest.mark.parametrize(("page", "path", "who"), PAGES, ids=[page[0] for page in PAGES])
def test_page_with_hostile_query_parameters(world: Any, page: str, path: str, who: Any, value):
    path, headers = page_request(world, path, who)
    query = "&".join(f"{name}={quote(QUERY_VALUES[value], safe='')}" for name in NAMES)

    response = world.client.get(joined(path, query), headers=headers)

    assert response.status_code < 500
    if response.mimetype == "application/json":
        assert_answered(response)
    assert_nothing_reflected_raw(response)


@pytest.mark.parametrize("header", list(HEADERS))
@pytest.mark.parametrize(("page", "path", "who"), PAGES, ids=[page[0] for page in PAGES])
def test_page_with_hostile_headers(world: Any, page: str, path: str, who: Any, header: str):
    path, headers = page_request(world, path, who)

    response = world.client.get(path, headers={**headers, **HEADERS[header]})

    assert response.status_code < 500
    if response.mimetype == "application/json":
        assert_answered(response)
    assert_nothing_reflected_raw(response)


@pytest.mark.parametrize(
    "code",
    [SCRIPT, SVG, '"><img src=x onerror=alert(1)>', "../../etc/passwd", "\u202eABCD", "A" * 5000],
)
def test_walk_page_shows_a_hostile_code_escaped(world: Any, code: str) -> None:
    response = world.client.get("/w/" + quote(code, safe=""))

    assert response.status_code in (200, 404)  # a "/" in the code ends the route
    assert_nothing_reflected_raw(response)
    assert "<img src=x" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "area", [SCRIPT, "gislaved' OR '1'='1", "..%2F..%2Fetc%2Fpasswd", "A" * 5000, "%FF%FE"]
)
def test_public_page_for_a_hostile_area_is_a_plain_not_found(world: Any, area: str) -> None:
    response = world.client.get("/followup/" + quote(area, safe="%"))

    assert response.status_code == 404
    assert_nothing_reflected_raw(response)


@pytest.mark.parametrize("name", list(IDS))
@pytest.mark.parametrize("template", ["/reports/{}.html", "/followup/{}", "/w/{}"])
def test_page_with_a_hostile_id_in_its_path(world: Any, template: str, name: str) -> None:
    before = world.state()

    response = world.client.get(template.format(IDS[name]), headers=world.analyst)

    assert response.status_code < 500, response.get_data()[:300]
    if response.mimetype == "application/json":
        assert_answered(response)
    assert_nothing_reflected_raw(response)
    assert world.state() == before
