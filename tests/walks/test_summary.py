"""The walk summary, the comparison with an earlier walk, and the SVG map, on a known set.

Distances at 57.3° N: 0.0001° of latitude is 11.1 m, 0.0001° of longitude 6.0 m.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from tests.actions.walking import join, observe, plan_walk
from tests.factories import as_role
from tipsapp.walks.checklist import ISSUES
from tipsapp.walks.mapsvg import marker_shape, nice_length
from tipsapp.walks.summary import haversine_m

SVG = "{http://www.w3.org/2000/svg}"
SCRIPT_PLACE = "<script>alert(1)</script>"
O4 = (57.3070, 13.5480)


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    return as_role(app, client, "analyst")


def _known_walk(client: Any, analyst: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The walk of the tests: eight observations, four places (see each line)."""
    walk = plan_walk(client, analyst)
    phone = join(client, walk)
    wid = walk["id"]
    refs = {
        # P1 "Gångtunneln": three observations, the name typed three ways.
        "o1": observe(
            client,
            wid,
            phone,
            "lighting",
            80,
            place="Gångtunneln",
            at=(57.3050, 13.5420),
            ratings={"lighting": 0, "vegetation": 2},
            text="Helt mörkt i tunneln, ring mig på 070-123 45 67 om ni undrar.",
        ),
        "o2": observe(
            client,
            wid,
            phone,
            "lighting",
            70,
            place="  gångtunneln ",
            at=(57.3051, 13.5421),
            ratings={"lighting": 1, "vegetation": 1},
        ),
        "o3": observe(
            client,
            wid,
            phone,
            "graffiti",
            60,
            place="GÅNGTUNNELN",
            ratings={"lighting": 1, "graffiti": 0},
        ),
        # P2: a cluster of two unnamed observations 30 m apart.
        "o4": observe(
            client, wid, phone, "vegetation", 50, at=O4, ratings={"vegetation": 0, "overview": 1}
        ),
        "o5": observe(
            client, wid, phone, "littering", 45, at=(57.30727, 13.5480), ratings={"vegetation": 1}
        ),
        # P3: 44 m from o4 but 74 m from o5, so not within 50 m of every member of P2.
        "o6": observe(client, wid, phone, "crossing", 40, at=(57.3066, 13.5480)),
        # No place, no position: counted, but on no place and not on the map.
        "o7": observe(client, wid, phone, "other", 30, category="disorder", text="Oroligt."),
        # P4: a name that must never run as markup.
        "o8": observe(
            client,
            wid,
            phone,
            "damage",
            20,
            place=SCRIPT_PLACE,
            at=(57.3060, 13.5450),
            ratings={"upkeep": 2},
        ),
    }
    return wid, refs


def _earlier_walk(client: Any, analyst: dict[str, str]) -> str:
    walk = plan_walk(client, analyst, starts_in_minutes=-180, title="Förra vandringen")
    phone = join(client, walk)
    wid = walk["id"]
    observe(
        client,
        wid,
        phone,
        "lighting",
        170,
        place="Gångtunneln",
        at=(57.3050, 13.5420),
        ratings={"lighting": 0, "vegetation": 0},
    )
    observe(client, wid, phone, "vegetation", 165, place="gångtunneln", ratings={"lighting": 0})
    # 67 m north of o4: 52 m from the centre of P2, 111 m from P3.
    observe(client, wid, phone, "vegetation", 160, at=(57.3076, 13.5480), ratings={"vegetation": 2})
    observe(client, wid, phone, "speeding", 155, at=(57.3076, 13.5481))
    observe(client, wid, phone, "gathering", 150, place="Busstationen", at=(57.3100, 13.5600))
    return str(wid)


def _summary(client: Any, headers: dict[str, str], walk_id: str, query: str = "") -> Any:
    response = client.get(f"/api/v1/walks/{walk_id}/summary{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- the summary -----------------------------------------------------------------------------


def test_counts_per_issue_and_category(client: Any, analyst: dict[str, str]) -> None:
    walk_id, _refs = _known_walk(client, analyst)

    summary = _summary(client, analyst, walk_id)

    assert summary["observations"] == 8
    assert summary["by_issue"] == {
        "lighting": 2,
        "vegetation": 1,
        "littering": 1,
        "graffiti": 1,
        "damage": 1,
        "crossing": 1,
        "other": 1,
    }
    assert summary["by_category"] == {
        "unsafe_environment": 4,
        "vandalism": 2,
        "traffic": 1,
        "disorder": 1,
    }
    assert summary["walk"]["id"] == walk_id
    assert "comparison" not in summary


def test_places_group_by_name_then_by_position(client: Any, analyst: dict[str, str]) -> None:
    walk_id, refs = _known_walk(client, analyst)

    places = _summary(client, analyst, walk_id)["places"]

    membership = [(p["id"], p["name"], p["kind"], p["observations"]) for p in places]
    assert membership == [
        ("P1", "Gångtunneln", "named", [refs["o1"], refs["o2"], refs["o3"]]),
        ("P2", None, "cluster", [refs["o4"], refs["o5"]]),
        ("P3", None, "cluster", [refs["o6"]]),
        ("P4", SCRIPT_PLACE, "named", [refs["o8"]]),
    ]
    tunnel, cluster, single, script = places
    assert tunnel["issues"] == ["lighting", "graffiti"]
    assert tunnel["rated"] == 3
    assert tunnel["ratings"] == {
        "lighting": {"mean": 0.67, "n": 3},
        "vegetation": {"mean": 1.5, "n": 2},
        "graffiti": {"mean": 0.0, "n": 1},
    }
    # The centre of a named place is the mean of its located members only.
    assert tunnel["location"] == {"lat": 57.30505, "lon": 13.54205}
    assert cluster["ratings"] == {
        "vegetation": {"mean": 0.5, "n": 2},
        "overview": {"mean": 1.0, "n": 1},
    }
    assert cluster["location"] == {"lat": 57.307135, "lon": 13.548}
    assert single["rated"] == 0
    assert single["ratings"] == {}
    assert script["ratings"] == {"upkeep": {"mean": 2.0, "n": 1}}


def test_the_clustering_distances_are_what_the_data_says() -> None:
    """Guards the test data: the cluster edges sit where the comments say."""
    assert 29 < haversine_m(*O4, 57.30727, 13.5480) < 31
    assert 44 < haversine_m(*O4, 57.3066, 13.5480) < 45
    assert 74 < haversine_m(57.30727, 13.5480, 57.3066, 13.5480) < 75


def test_items_list_with_masked_excerpts_and_map_numbers(
    client: Any, analyst: dict[str, str]
) -> None:
    walk_id, refs = _known_walk(client, analyst)

    items = _summary(client, analyst, walk_id)["items"]

    by_ref = {item["reference"]: item for item in items}
    assert [item["reference"] for item in items] == [refs[f"o{i}"] for i in range(1, 9)]
    assert [
        by_ref[refs[k]]["number"] for k in ("o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8")
    ] == [
        1,
        2,
        None,
        3,
        4,
        5,
        None,
        6,
    ]
    first = by_ref[refs["o1"]]
    assert first["issue"] == "lighting"
    assert first["category"] == "unsafe_environment"
    assert first["status"] == "new"
    assert first["place"] == {"id": "P1", "name": "Gångtunneln"}
    assert "[telefon]" in first["excerpt"]
    assert "070" not in first["excerpt"]
    assert by_ref[refs["o7"]]["place"] is None
    assert by_ref[refs["o7"]]["category"] == "disorder"


def test_the_analysts_category_counts_once_decided(client: Any, analyst: dict[str, str]) -> None:
    walk_id, refs = _known_walk(client, analyst)
    response = client.patch(
        f"/api/v1/queue/{refs['o6']}", json={"category": "disorder"}, headers=analyst
    )
    assert response.status_code == 200, response.get_json()

    summary = _summary(client, analyst, walk_id)

    assert summary["by_category"]["disorder"] == 2
    assert "traffic" not in summary["by_category"]
    assert {i["reference"]: i["status"] for i in summary["items"]}[refs["o6"]] == "triaged"


# --- the comparison --------------------------------------------------------------------------


def test_comparison_with_an_earlier_walk(client: Any, analyst: dict[str, str]) -> None:
    earlier_id = _earlier_walk(client, analyst)
    walk_id, _refs = _known_walk(client, analyst)

    comparison = _summary(client, analyst, walk_id, f"?compare={earlier_id}")["comparison"]

    assert comparison["walk"]["id"] == earlier_id
    assert comparison["overall"] == {
        "fixed": ["speeding", "gathering"],
        "remains": ["lighting", "vegetation"],
        "new": ["littering", "graffiti", "damage", "crossing", "other"],
    }
    rows = [
        (
            row["place"] and row["place"]["id"],
            row["earlier_place"] and row["earlier_place"]["id"],
            row["matched_by"],
            row["fixed"],
            row["remains"],
            row["new"],
        )
        for row in comparison["places"]
    ]
    assert rows == [
        ("P1", "P1", "name", ["vegetation"], ["lighting"], ["graffiti"]),
        ("P2", "P2", "location", ["speeding"], ["vegetation"], ["littering"]),
        ("P3", None, None, [], [], ["crossing"]),
        ("P4", None, None, [], [], ["damage"]),
        (None, "P3", None, ["gathering"], [], []),
    ]
    tunnel, cluster = comparison["places"][0], comparison["places"][1]
    assert tunnel["earlier_place"]["name"] == "Gångtunneln"
    assert tunnel["ratings"] == {
        "lighting": {"before": 0.0, "after": 0.67, "change": 0.67},
        "vegetation": {"before": 0.0, "after": 1.5, "change": 1.5},
    }
    assert cluster["ratings"] == {"vegetation": {"before": 2.0, "after": 0.5, "change": -1.5}}
    assert 51 < cluster["distance_m"] < 53
    assert comparison["places"][2]["ratings"] == {}


def test_compare_needs_an_earlier_walk_in_the_same_area(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    admin = as_role(app, client, "admin")
    walk_id, _refs = _known_walk(client, analyst)
    later = plan_walk(client, analyst, starts_in_minutes=60)["id"]
    elsewhere = plan_walk(client, admin, starts_in_minutes=-600, area="varnamo")["id"]

    for other, message in (
        (later, "Must be a walk that started earlier."),
        (walk_id, "Must be a walk that started earlier."),
        (elsewhere, "Must be a walk in the same area."),
        ("no-such-walk", "Must be a walk in the same area."),
    ):
        response = client.get(f"/api/v1/walks/{walk_id}/summary?compare={other}", headers=analyst)
        assert response.status_code == 422, other
        assert response.get_json()["error"]["fields"] == {"compare": [message]}


def test_summary_is_for_staff_of_the_area(app: Any, client: Any, analyst: dict[str, str]) -> None:
    walk = plan_walk(client, analyst)
    phone = join(client, walk)
    elsewhere = as_role(app, client, "analyst", areas=("varnamo",))
    viewer = as_role(app, client, "viewer")

    assert client.get(f"/api/v1/walks/{walk['id']}/summary", headers=elsewhere).status_code == 404
    assert client.get(f"/api/v1/walks/{walk['id']}/summary", headers=viewer).status_code == 403
    assert client.get(f"/api/v1/walks/{walk['id']}/summary", headers=phone).status_code == 401
    assert client.get(f"/api/v1/walks/{walk['id']}/map.svg", headers=elsewhere).status_code == 404
    assert client.get(f"/api/v1/walks/{walk['id']}/map.svg", headers=phone).status_code == 401


def test_partners_read_no_excerpt_of_a_sensitive_item(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    walk = plan_walk(client, analyst)
    phone = join(client, walk)
    quiet = observe(client, walk["id"], phone, "gathering", text="Langning vid kiosken.")
    plain = observe(client, walk["id"], phone, "littering", text="Skräp vid bänken.")
    client.patch(f"/api/v1/queue/{quiet}", json={"category": "drugs"}, headers=analyst)
    partner = as_role(app, client, "partner")

    items = {i["reference"]: i for i in _summary(client, partner, walk["id"])["items"]}

    assert items[quiet]["excerpt"] is None
    # Nor of an open one: partners read the analyst's summary of a shared item only.
    assert items[plain]["excerpt"] is None
    assert "Skräp vid bänken." not in str(items)


# --- the map ---------------------------------------------------------------------------------


def _map(client: Any, headers: dict[str, str], walk_id: str, query: str = "") -> tuple[str, Any]:
    response = client.get(f"/api/v1/walks/{walk_id}/map.svg{query}", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    body = response.get_data(as_text=True)
    return body, ET.fromstring(body)  # noqa: S314 (our own output, parsed to check it)


def _centre(element: ET.Element) -> tuple[float, float]:
    if element.tag == f"{SVG}circle":
        return float(element.attrib["cx"]), float(element.attrib["cy"])
    points = [tuple(map(float, p.split(","))) for p in element.attrib["points"].split()]
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def test_map_is_well_formed_with_route_markers_scale_and_legend(
    client: Any, analyst: dict[str, str]
) -> None:
    walk_id, refs = _known_walk(client, analyst)

    body, root = _map(client, analyst, walk_id)

    assert root.tag == f"{SVG}svg"
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == "Karta över vandringen: Trygghetsvandring i centrum"
    assert root.attrib["role"] == "img"
    route = root.findall(f".//{SVG}polyline[@id='route']")
    assert len(route) == 1
    assert len(route[0].attrib["points"].split()) == 3
    markers = root.findall(f".//{SVG}g[@class='marker']")
    assert [m.attrib["data-reference"] for m in markers] == [
        refs[k] for k in ("o1", "o2", "o4", "o5", "o6", "o8")
    ]
    assert [m.find(f"{SVG}text").text for m in markers] == ["1", "2", "3", "4", "5", "6"]  # type: ignore[union-attr]
    assert root.find(f".//{SVG}g[@id='north-arrow']") is not None
    legend = root.findall(f".//{SVG}g[@class='legend-issue']")
    assert [g.attrib["data-issue"] for g in legend] == [
        "lighting",
        "vegetation",
        "littering",
        "damage",
        "crossing",
    ]
    # Nothing to fetch, nothing to run.
    assert set(re.findall(r"https?://[^\s\"'<>]*", body)) == {"http://www.w3.org/2000/svg"}
    assert not root.findall(f".//{SVG}script")
    assert "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    script_marker = markers[-1].find(f"{SVG}title")
    assert script_marker is not None
    assert SCRIPT_PLACE in str(script_marker.text)

    # The scale bar says how many metres its length is; the markers agree with it.
    scale = root.find(f".//{SVG}g[@id='scale-bar']")
    assert scale is not None
    path = scale.find(f"{SVG}path")
    label = scale.find(f"{SVG}text")
    assert path is not None and label is not None
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.attrib["d"])]
    bar_px = numbers[3] - numbers[0]  # M x0,y0 V y1 H x1 V y0
    metres = float(str(label.text).removesuffix(" m"))
    (x1, y1), (x3, y3) = _centre(markers[0][1]), _centre(markers[2][1])
    expected = haversine_m(57.3050, 13.5420, *O4)
    drawn = math.hypot(x3 - x1, y3 - y1) / (bar_px / metres)
    assert drawn == pytest.approx(expected, rel=0.01)


def test_map_in_english(client: Any, analyst: dict[str, str]) -> None:
    walk_id, _refs = _known_walk(client, analyst)

    _body, root = _map(client, analyst, walk_id, "?lang=en")

    assert root.find(f"{SVG}title").text == "Map of the walk: Trygghetsvandring i centrum"  # type: ignore[union-attr]


def test_map_of_a_walk_without_positions(client: Any, analyst: dict[str, str]) -> None:
    walk = plan_walk(client, analyst, route=None)
    observe(client, walk["id"], join(client, walk), "other")

    _body, root = _map(client, analyst, walk["id"])

    assert root.findall(f".//{SVG}g[@class='marker']") == []
    assert root.findall(f".//{SVG}polyline") == []


def test_each_issue_has_its_own_shape_not_only_its_own_colour() -> None:
    shapes = {re.sub(r'fill="[^"]*"', "", marker_shape(issue, 10, 10)) for issue in ISSUES}
    assert len(shapes) == len(ISSUES)


@pytest.mark.parametrize(
    ("metres", "nice"), [(0.4, 1), (1, 1), (3, 2), (7.5, 5), (149, 100), (260, 200), (999, 500)]
)
def test_scale_bar_lengths_are_round(metres: float, nice: int) -> None:
    assert nice_length(metres) == nice
