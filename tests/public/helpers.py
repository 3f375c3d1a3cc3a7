"""Building published data for the public follow-up, and an attacker that reads it back."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from tests.factories import send_tip
from tipsapp.extensions import db
from tipsapp.reference.service import seed_reference_data
from tipsapp.triage.models import TriageItem

# Tip locations: inside the Gislaved and Anderstorp districts, and in the municipality's
# woods outside every district.
IN_GISLAVED = {"lat": 57.3048, "lon": 13.5413, "accuracy_m": 25}
IN_ANDERSTORP = {"lat": 57.2835, "lon": 13.6325, "accuracy_m": 25}
OUTSIDE_DISTRICTS = {"lat": 57.2400, "lon": 13.4000, "accuracy_m": 25}


def seed_districts(app: Flask) -> None:
    """The districts are emptied after every test with the other non-reference tables."""
    with app.app_context():
        seed_reference_data()


def send_tips(client: FlaskClient, count: int, **overrides: Any) -> list[str]:
    references = []
    for _ in range(count):
        response = send_tip(client, **overrides)
        assert response.status_code == 201, response.get_json()
        references.append(response.get_json()["reference"])
    return references


def queue(client: FlaskClient, headers: dict[str, str], references: Iterable[str]) -> None:
    for reference in references:
        response = client.post(f"/api/v1/queue/{reference}/queue", json={}, headers=headers)
        assert response.status_code == 200, response.get_json()


def next_report_id(client: FlaskClient, headers: dict[str, str], area: str = "gislaved") -> str:
    response = client.get(f"/api/v1/reports/next?area={area}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return str(response.get_json()["report"]["id"])


def publish(client: FlaskClient, headers: dict[str, str], area: str = "gislaved") -> str:
    """Publish the area's next report (whatever is queued); returns its id."""
    report_id = next_report_id(client, headers, area)
    response = client.post(f"/api/v1/reports/{report_id}/publish", headers=headers)
    assert response.status_code == 200, response.get_json()
    return report_id


def publish_tips(
    client: FlaskClient, headers: dict[str, str], count: int, **overrides: Any
) -> list[str]:
    references = send_tips(client, count, **overrides)
    queue(client, headers, references)
    publish(client, headers)
    return references


def patch_items(
    app: Flask,
    references: Iterable[str],
    category: str | None = None,
    received_at: datetime | None = None,
) -> None:
    """Set what the follow-up groups by, straight in the table (no API moves time)."""
    values: dict[str, Any] = {}
    if category is not None:
        values["effective_category"] = category
    if received_at is not None:
        values["received_at"] = received_at
    with app.app_context():
        db.session.execute(
            update(TriageItem)
            .where(TriageItem.reference.in_(list(references)))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def seed_promises(app: Flask) -> None:
    """The 2022 promise, as ``flask seed`` stores it (emptied after every test)."""
    from tipsapp.public.service import seed_promises as seed

    with app.app_context():
        seed()


def period_of(content: dict[str, Any], day: date) -> str:
    """The key of the shown period that holds ``day``."""
    (key,) = [
        p["key"]
        for p in content["periods"]
        if date.fromisoformat(p["start"]) <= day <= date.fromisoformat(p["last_day"])
    ]
    return str(key)


def current(content: dict[str, Any]) -> str:
    """The key of the period running now (shown first)."""
    assert content["periods"][0]["current"] is True
    return str(content["periods"][0]["key"])


def followup(client: FlaskClient, area: str = "gislaved", **params: str) -> dict[str, Any]:
    query = "&".join(f"{key}={value}" for key, value in {"area": area, **params}.items())
    response = client.get(f"/api/v1/public/followup?{query}")
    assert response.status_code == 200, response.get_json()
    return dict(response.get_json())


def cell(content: dict[str, Any], table: str, row_key: str, row: str, period: str) -> Any:
    """One cell of the published JSON: its count, or the suppressed label."""
    index = content[table]["periods"].index(period)
    (found,) = [r for r in content[table]["rows"] if r[row_key] == row]
    value = found["cells"][index]
    return value["label"] if value["suppressed"] else value["count"]


# --- the attacker ----------------------------------------------------------------------------

CAP = 80  # larger than any count the tests publish in one month


def _box(published: dict[str, Any]) -> range:
    """What a reader knows about one cell from the page alone."""
    if not published["suppressed"]:
        return range(published["count"], published["count"] + 1)
    if published["reason"] == "small":
        return range(5)
    if published["reason"] == "hidden":
        return range(5, CAP + 1)
    return range(CAP + 1)


def _reachable(terms: list[tuple[int, range]]) -> set[int]:
    sums = {0}
    for sign, box in terms:
        sums = {total + sign * value for total in sums for value in box}
    return sums


def recoverable_cells(content: dict[str, Any]) -> list[tuple[str, str, int]]:
    """Every suppressed cell whose value the published figures pin down, by brute force.

    Per period, what a reader can combine: the category column and the district column count
    the same items, so sum(categories) = sum(districts) + unlocated (unlocated unknown, >= 0);
    no other total is published. Enumerates every value of every other cell.
    """
    assert "total" not in repr(content).lower()
    leaks = []
    for month in range(len(content["categories"]["periods"])):
        terms: list[tuple[str, int, dict[str, Any] | None]] = [
            (row["category"], 1, row["cells"][month]) for row in content["categories"]["rows"]
        ]
        terms += [
            (row["district"], -1, row["cells"][month]) for row in content["districts"]["rows"]
        ]
        terms.append(("unlocated", -1, None))
        boxes = [(sign, _box(c) if c is not None else range(CAP + 1)) for _n, sign, c in terms]
        for index, (name, sign, published) in enumerate(terms):
            if published is None or not published["suppressed"]:
                continue
            others = _reachable(boxes[:index] + boxes[index + 1 :])
            possible = [value for value in boxes[index][1] if -sign * value in others]
            if len(possible) < 2:
                leaks.append((name, content["categories"]["periods"][month], len(possible)))
    return leaks


def brute_force_possible(terms: list[tuple[int, range]], index: int, cap: int = 30) -> list[int]:
    """All values terms[index] can take with sum(sign * value) == 0, by full enumeration.

    Every term but the last is enumerated; the last one is then what the equation requires,
    which is possible when it falls inside its range.
    """
    capped = [range(box.start, min(box.stop, cap + 1)) for _sign, box in terms]
    *head, (last_sign, _last_box) = terms
    last = capped[-1]
    possible = set()
    for values in itertools.product(*capped[:-1]):
        rest = sum(sign * value for (sign, _box), value in zip(head, values, strict=True))
        required = -rest * last_sign
        if required in last:
            possible.add(values[index] if index < len(head) else required)
    return sorted(possible)
