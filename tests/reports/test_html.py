"""The printable report page (GET /reports/<id>.html) and its server-side SVG charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any

import pytest

from tests.factories import as_role, send_tip
from tipsapp.common.clock import utcnow
from tipsapp.reports import charts
from tipsapp.reports.pages import DASH

SVG_NS = "http://www.w3.org/2000/svg"
SVG = "{" + SVG_NS + "}"
SCRIPT_TEXT = "Någon skrev <script>alert(1)</script> på väggen vid torget."
SCRIPT_PLACE = "<img src=x onerror=alert(1)>"
SENSITIVE_TEXT = "Grannen slår sin sambo varje helg, hemlig detalj nummer sju."


def tip(client: Any, analyst: dict[str, str], category: str, **overrides: Any) -> str:
    """Send a tip, give it ``category`` as an analyst would; returns its reference."""
    response = send_tip(client, category=category, **overrides)
    assert response.status_code == 201, response.get_json()
    reference = str(response.get_json()["reference"])
    patched = client.patch(
        f"/api/v1/queue/{reference}", json={"category": category}, headers=analyst
    )
    assert patched.status_code == 200, patched.get_json()
    return reference


def queue(client: Any, analyst: dict[str, str], reference: str) -> None:
    response = client.post(f"/api/v1/queue/{reference}/queue", json={}, headers=analyst)
    assert response.status_code == 200, response.get_json()


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    return as_role(app, client, "analyst")


@pytest.fixture
def draft(client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A draft with a hotspot of three vandalism tips (markup in a text and in their place; that
    one marked notable), a sensitive tip, and fraud that fell from two a week to none (a
    downward trend)."""
    now = utcnow()
    for weeks in range(1, 9):
        for _ in range(2):
            monkeypatch.setattr(
                "tipsapp.tips.service.utcnow", lambda w=weeks: now - timedelta(weeks=w)
            )
            tip(client, analyst, "fraud", text="Någon ringde och låtsades vara banken.")
    monkeypatch.undo()
    refs = {
        "script": tip(client, analyst, "vandalism", text=SCRIPT_TEXT, place=SCRIPT_PLACE),
        "vandal2": tip(
            client, analyst, "vandalism", text="Klotter på busskuren igen.", place=SCRIPT_PLACE
        ),
        "vandal3": tip(
            client, analyst, "vandalism", text="Krossad ruta i busskuren.", place=SCRIPT_PLACE
        ),
        "sensitive": tip(client, analyst, "domestic_violence", text=SENSITIVE_TEXT),
    }
    for reference in refs.values():
        queue(client, analyst, reference)
    # Marked by the analyst, so the notable list shows its text (the sensitive tip is there
    # by its priority).
    marked = client.patch(
        f"/api/v1/queue/{refs['script']}", json={"notable": True}, headers=analyst
    )
    assert marked.status_code == 200, marked.get_json()
    response = client.get(
        "/api/v1/reports/next", query_string={"area": "gislaved"}, headers=analyst
    )
    assert response.status_code == 200, response.get_json()
    return {"content": response.get_json(), "refs": refs}


def page(client: Any, report_id: str, headers: dict[str, str], **query: str) -> Any:
    return client.get(f"/reports/{report_id}.html", query_string=query, headers=headers)


def assert_self_contained(html: str) -> None:
    """No resource from outside: only the SVG namespace may name a URL."""
    assert re.findall(r"https?://[^\s\"'<>]+", html) == [SVG_NS] * html.count(SVG_NS)
    lowered = html.lower()
    for forbidden in ("<script", "@import", "@font-face", "url(", "<iframe", "<object"):
        assert forbidden not in lowered


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, parsed to check it)


def svgs(html: str) -> list[ET.Element]:
    return [parse(svg) for svg in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


# --- the page --------------------------------------------------------------------------------


def test_page_states_what_it_covers_and_renders_self_contained(
    client: Any, analyst: dict[str, str], draft: dict[str, Any]
) -> None:
    meta = draft["content"]["report"]
    response = page(client, meta["id"], analyst)

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert_self_contained(html)
    assert '<html lang="sv">' in html
    assert f"Lägesbild {meta['number']}" in html
    assert "Gislaveds kommun" in html
    week = int(meta["number"].split("-W")[1])
    assert f"vecka {week}" in html
    assert meta["period"]["start"] in html and meta["period"]["last_day"] in html
    assert meta["meeting_on"] in html
    assert "Framtagen" in html and "svensk tid" in html
    assert "UTKAST" in html
    for focus in ("Trygghet", "Narkotika", "Trafiksäkerhet", "Brott"):
        assert f"<h3>{focus}:" in html
    assert "▲</span> ökar" in html  # vandalism: 3 now, none before
    assert "▼</span> minskar" in html  # fraud: none now, two a week before
    assert f"{DASH}</span> oförändrat" in html
    for section in ("Brännpunkter", "Trygghetsvandringar", "Insatser", "Ärendelista"):
        assert section in html
    assert "Beslut vid förra mötet" in html and "Anmärkningsvärda ärenden" in html
    for reference in draft["refs"].values():
        assert reference in html
    hotspot_references = html.split('<span class="refs">')[1].split("</span>")[0]
    assert draft["refs"]["vandal2"] in hotspot_references


def test_page_relaxes_the_policy_for_its_stylesheet_only(
    client: Any, analyst: dict[str, str], draft: dict[str, Any]
) -> None:
    response = page(client, draft["content"]["report"]["id"], analyst)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "style-src 'self'" in policy
    assert "img-src 'self' data:" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src" not in policy
    api = client.get("/api/v1/reports/next", query_string={"area": "gislaved"}, headers=analyst)
    assert "style-src" not in api.headers["Content-Security-Policy"]

    css = client.get("/static/report.css")
    assert css.status_code == 200
    text = css.get_data(as_text=True)
    assert "@media print" in text and "break-before: page" in text
    assert "@import" not in text and "@font-face" not in text and "url(" not in text
    css.close()


def test_every_svg_parses_and_is_labelled(
    client: Any, analyst: dict[str, str], draft: dict[str, Any]
) -> None:
    html = page(client, draft["content"]["report"]["id"], analyst).get_data(as_text=True)

    parsed = svgs(html)
    # Five focus groups (four and "other"), the hotspot map, times of day, weekdays.
    assert len(parsed) == 8
    for svg in parsed:
        assert svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None
    ids = [svg.get("id") for svg in parsed]
    assert len(set(ids)) == len(ids)
    (hotspot_map,) = [svg for svg in parsed if svg.get("id") == "chart-hotspots"]
    (spot,) = [g for g in hotspot_map.iter(f"{SVG}g") if g.get("class") == "hotspot"]
    assert spot.get("data-count") == "4"  # three vandalism tips and the sensitive one
    assert hotspot_map.find(f".//{SVG}g[@id='scale-bar']") is not None
    assert hotspot_map.find(f".//{SVG}g[@id='north-arrow']") is not None


def test_markup_in_texts_and_places_is_escaped(
    client: Any, analyst: dict[str, str], draft: dict[str, Any]
) -> None:
    html = page(client, draft["content"]["report"]["id"], analyst).get_data(as_text=True)

    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # The place also names the hotspot, so it is escaped inside the map as well.
    (hotspot_map,) = [svg for svg in svgs(html) if svg.get("id") == "chart-hotspots"]
    assert SCRIPT_PLACE in "".join(hotspot_map.itertext())


def test_english_labels_on_request(
    client: Any, analyst: dict[str, str], draft: dict[str, Any]
) -> None:
    report_id = draft["content"]["report"]["id"]

    for response in (
        page(client, report_id, analyst, lang="en"),
        page(client, report_id, {**analyst, "Accept-Language": "en-GB,en;q=0.8"}),
    ):
        html = response.get_data(as_text=True)
        assert '<html lang="en">' in html
        assert "Situation report" in html and "Hotspots" in html
        assert "▲</span> up" in html and f"{DASH}</span> steady" in html
        assert "Vandalism and graffiti" in html


def test_partner_version_has_no_text_of_sensitive_items(
    app: Any, client: Any, analyst: dict[str, str], draft: dict[str, Any]
) -> None:
    report_id = draft["content"]["report"]["id"]
    internal = page(client, report_id, analyst).get_data(as_text=True)
    assert "hemlig detalj nummer sju" in internal
    published = client.post(f"/api/v1/reports/{report_id}/publish", headers=analyst)
    assert published.status_code == 200, published.get_json()

    for role in ("partner", "viewer"):
        response = page(client, report_id, as_role(app, client, role))
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "hemlig detalj nummer sju" not in html
        assert "Partnerversion" in html
        assert "Publicerad" in html and "UTKAST" not in html
        assert draft["refs"]["sensitive"] in html  # counted and listed, without its text
        # No resident text at all in the partner version, not even of open categories.
        assert "Klotter på busskuren igen." not in html


def test_viewer_cannot_see_a_draft(app: Any, client: Any, draft: dict[str, Any]) -> None:
    response = page(client, draft["content"]["report"]["id"], as_role(app, client, "viewer"))
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_other_areas_report_is_not_found(app: Any, client: Any, draft: dict[str, Any]) -> None:
    outsider = as_role(app, client, "analyst", areas=("varnamo",))
    assert page(client, draft["content"]["report"]["id"], outsider).status_code == 404


def test_no_token_gets_401_json(client: Any, draft: dict[str, Any]) -> None:
    response = page(client, draft["content"]["report"]["id"], {})
    assert response.status_code == 401
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_empty_report_renders_empty_states(app: Any, client: Any, analyst: dict[str, str]) -> None:
    response = client.get(
        "/api/v1/reports/next", query_string={"area": "gislaved"}, headers=analyst
    )
    html = page(client, response.get_json()["report"]["id"], analyst).get_data(as_text=True)

    assert_self_contained(html)
    assert "Inga brännpunkter under perioden." in html
    assert "Inga ärenden är köade till rapporten." in html
    assert "Inga ärenden i rapporten." in html  # the time-of-day chart's empty state
    for svg in svgs(html):
        assert svg.find(f".//{SVG}text[@class='empty']") is not None


# --- the charts ------------------------------------------------------------------------------


def bar_heights(svg: str) -> dict[str, float]:
    root = parse(svg)
    return {
        rect.get("data-value", ""): float(rect.get("height", "0"))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("class") == "bar"
    }


def test_bar_heights_are_proportional_to_the_values() -> None:
    svg = charts.bar_chart("t", "Title", "Desc.", [("a", 1), ("b", 2), ("c", 4), ("d", 0)], "none")

    heights = bar_heights(svg)
    assert heights["4"] == pytest.approx(charts.BAR_PLOT_HEIGHT)
    assert heights["2"] == pytest.approx(heights["4"] / 2)
    assert heights["1"] == pytest.approx(heights["4"] / 4)
    assert heights["0"] == 0
    root = parse(svg)
    assert root.findtext(f"{SVG}title") == "Title"
    assert root.findtext(f"{SVG}desc") == "Desc. a: 1, b: 2, c: 4, d: 0."


@pytest.mark.parametrize("bars", [[], [("a", 0), ("b", 0)]])
def test_bar_chart_without_data_says_so(bars: list[tuple[str, int]]) -> None:
    root = parse(charts.bar_chart("t", "Title", "Desc.", bars, "Inga ärenden."))
    assert root.findtext(f".//{SVG}text[@class='empty']") == "Inga ärenden."
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]


def test_series_chart_shares_one_scale_and_marks_the_current_period() -> None:
    rows = [charts.SeriesRow("A & B", [0, 2, 4]), charts.SeriesRow("<C>", [1, 0, 2])]
    svg = charts.series_chart("s", "T", "D", rows, ["v.1", "v.2", "v.3"], "none", "nu")

    root = parse(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert [b.get("data-value") for b in bars] == ["0", "2", "4", "1", "0", "2"]
    heights = [float(b.get("height", "0")) for b in bars]
    assert heights[1] == pytest.approx(heights[2] / 2) == pytest.approx(heights[5])
    assert [b.get("fill") for b in bars].count(charts.INK) == 2  # the last bar of each row
    texts = list(root.itertext())
    assert "A & B" in texts and "<C>" in texts
    assert "&amp;" in svg and "&lt;C&gt;" in svg
    assert (
        charts.series_chart("s", "T", "D", [charts.SeriesRow("A", [0, 0])], [], "Tomt").count(
            "Tomt"
        )
        == 2
    )  # in the description and on the chart


def test_hotspot_map_sizes_circles_by_count_and_escapes_labels() -> None:
    spots = [
        {"label": "Torget", "center": {"lat": 57.3048, "lon": 13.5413}, "count": 9},
        {"label": "<b>Parken</b>", "center": {"lat": 57.3070, "lon": 13.5480}, "count": 1},
        {"label": "Skolan", "center": None, "count": 5},
    ]
    svg = charts.hotspot_map("m", "Map", "Desc", spots, "empty", "= 9 items", "en")

    root = parse(svg)
    circles = {
        g.get("data-count"): float(g.find(f"{SVG}circle").get("r", "0"))  # type: ignore[union-attr]
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "hotspot"
    }
    assert set(circles) == {"9", "1"}  # the spot without a centre is left to the table
    assert circles["9"] == pytest.approx(charts.HOTSPOT_MAX_RADIUS)
    assert circles["1"] == pytest.approx(charts.hotspot_radius(1, 9), abs=0.05)
    assert circles["1"] < circles["9"]
    assert "<b>" not in svg and "&lt;b&gt;Parken&lt;/b&gt;" in svg
    assert root.find(f".//{SVG}g[@id='scale-bar']") is not None
    assert root.find(f".//{SVG}g[@id='north-arrow']") is not None

    nothing = parse(charts.hotspot_map("m", "Map", "D", spots[2:], "No positions", "", "sv"))
    assert nothing.findtext(f".//{SVG}text[@class='empty']") == "No positions"
