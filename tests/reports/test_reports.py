"""The situation report: what goes in, trends, publishing as a frozen snapshot, who sees what."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from tests.factories import as_role, login_as, make_org, make_user, send_tip
from tipsapp.reports.periods import earlier_periods, next_period
from tipsapp.triage.models import TriageItem


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    return as_role(app, client, "analyst", areas=("gislaved", "varnamo"))


def queued_tip(client: Any, analyst: dict[str, str], **overrides: Any) -> str:
    reference = str(send_tip(client, **overrides).get_json()["reference"])
    response = client.post(f"/api/v1/queue/{reference}/queue", json={}, headers=analyst)
    assert response.status_code == 200, response.get_json()
    return reference


def draft(client: Any, headers: dict[str, str], area: str = "gislaved") -> Any:
    response = client.get(f"/api/v1/reports/next?area={area}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def publish(client: Any, headers: dict[str, str], report_id: str) -> Any:
    return client.post(f"/api/v1/reports/{report_id}/publish", headers=headers)


def test_queued_items_go_into_the_next_report_of_their_area(
    client: Any, analyst: dict[str, str]
) -> None:
    in_gislaved = queued_tip(client, analyst)
    queued_tip(client, analyst, area="varnamo")
    send_tip(client)  # new, not queued

    content = draft(client, analyst)

    assert [row["reference"] for row in content["items"]] == [in_gislaved]
    assert content["report"]["areas"] == [{"code": "gislaved", "name": "Gislaveds kommun"}]
    assert content["report"]["status"] == "draft"
    assert content["level"] == "internal"


def test_joint_report_covers_both_areas(client: Any, analyst: dict[str, str]) -> None:
    first = queued_tip(client, analyst)
    second = queued_tip(client, analyst, area="varnamo")

    content = draft(client, analyst, "gislaved,varnamo")

    assert {row["reference"] for row in content["items"]} == {first, second}
    assert [a["code"] for a in content["report"]["areas"]] == ["gislaved", "varnamo"]


def test_report_states_its_period_as_an_iso_week_and_the_meeting_day(
    client: Any, analyst: dict[str, str]
) -> None:
    meta = draft(client, analyst)["report"]

    assert meta["number"].count("-W") == 1
    assert meta["period"]["start"] < meta["meeting_on"] <= meta["period"]["last_day"]
    assert meta["generated_at"]


def test_publishing_moves_items_to_reported_and_opens_the_next_report(
    client: Any, analyst: dict[str, str]
) -> None:
    reference = queued_tip(client, analyst)
    report_id = draft(client, analyst)["report"]["id"]

    response = publish(client, analyst, report_id)

    assert response.status_code == 200
    assert response.get_json()["status"] == "published"
    item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()
    assert item["status"] == "reported"
    following = draft(client, analyst)
    assert following["report"]["id"] != report_id
    assert following["report"]["period"]["start"] > response.get_json()["period_start"][:10]
    assert following["items"] == []


def test_published_report_is_a_snapshot_later_edits_do_not_change(
    client: Any, analyst: dict[str, str]
) -> None:
    reference = queued_tip(client, analyst, text="Klotter på busskuren vid torget igen.")
    report_id = draft(client, analyst)["report"]["id"]
    publish(client, analyst, report_id)
    before = client.get(f"/api/v1/reports/{report_id}", headers=analyst).get_json()

    client.post(
        f"/api/v1/queue/{reference}/redact",
        json={"text": "Ändrad text.", "reason": "test"},
        headers=analyst,
    )
    client.patch(f"/api/v1/queue/{reference}", json={"category": "traffic"}, headers=analyst)
    queued_tip(client, analyst)
    after = client.get(f"/api/v1/reports/{report_id}", headers=analyst).get_json()

    assert after == before
    assert after["items"][0]["text"] == "Klotter på busskuren vid torget igen."


def test_a_published_report_cannot_be_published_again(client: Any, analyst: dict[str, str]) -> None:
    report_id = draft(client, analyst)["report"]["id"]
    publish(client, analyst, report_id)

    again = publish(client, analyst, report_id)

    assert again.status_code == 409


def test_decisions_of_the_meeting_appear_in_the_next_report(
    client: Any, analyst: dict[str, str]
) -> None:
    report_id = draft(client, analyst)["report"]["id"]
    client.patch(
        f"/api/v1/reports/{report_id}",
        json={"decisions": "Polisen ronderar vid torget fredagar."},
        headers=analyst,
    )
    publish(client, analyst, report_id)

    assert draft(client, analyst)["last_meeting_decisions"] == (
        "Polisen ronderar vid torget fredagar."
    )


def test_trend_figures_on_a_known_data_set(app: Any, client: Any, analyst: dict[str, str]) -> None:
    """Eight earlier weeks with 2 vandalism items each, the last week 1, this week 6."""
    from tipsapp.common.clock import utcnow
    from tipsapp.extensions import db

    period = next_period(utcnow(), 1, 3, None)
    history = earlier_periods(period, 8)
    placements = [history[i].start_utc + timedelta(hours=10) for i in range(7) for _ in range(2)]
    placements += [history[7].start_utc + timedelta(hours=10)]
    references = [
        str(send_tip(client, text=f"Klotter på skolan nummer {n}.").get_json()["reference"])
        for n in range(len(placements) + 6)
    ]
    with app.app_context():
        for reference, moment in zip(references, placements, strict=False):
            db.session.execute(
                update(TriageItem)
                .where(TriageItem.reference == reference)
                .values(received_at=moment, category="vandalism", effective_category="vandalism")
            )
        db.session.execute(
            update(TriageItem)
            .where(TriageItem.reference.in_(references[len(placements) :]))
            .values(category="vandalism", effective_category="vandalism")
        )
        db.session.commit()

    content = draft(client, analyst)
    trygghet = next(f for f in content["focus_areas"] if f["focus_area"] == "trygghet")
    vandalism = next(c for c in trygghet["categories"] if c["category"] == "vandalism")

    assert vandalism["count"] == 6
    assert vandalism["previous"] == 1
    assert vandalism["average"] == 1.88  # (7 * 2 + 1) / 8
    assert vandalism["change_previous"] == 5
    assert vandalism["trend"] == "up"
    assert vandalism["series"] == [2, 2, 2, 2, 2, 2, 2, 1, 6]


def test_hotspot_groups_nearby_items_with_their_times(client: Any, analyst: dict[str, str]) -> None:
    for n in range(3):
        send_tip(client, location={"lat": 57.3048 + n * 0.0002, "lon": 13.5413}, place="Torget")
    send_tip(client, location={"lat": 57.20, "lon": 13.30}, place="Långt bort")

    spots = draft(client, analyst)["hotspots"]

    assert len(spots) == 1
    assert spots[0]["label"] == "Torget"
    assert spots[0]["count"] == 3
    assert sum(spots[0]["times_of_day"].values()) == 3


def test_personal_data_is_masked_in_the_report(client: Any, analyst: dict[str, str]) -> None:
    queued_tip(client, analyst, text="Ring mig på 070-123 45 67 om klottret vid skolan.")

    row = draft(client, analyst)["items"][0]

    assert "070-123 45 67" not in row["text"]
    assert "[telefon]" in row["text"]


def test_partner_version_has_no_text_from_sensitive_categories(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    sensitive = queued_tip(client, analyst, text="Det säljs narkotika vid skolan varje kväll.")
    client.patch(f"/api/v1/queue/{sensitive}", json={"category": "drugs"}, headers=analyst)
    client.post(f"/api/v1/queue/{sensitive}/queue", json={}, headers=analyst)
    report_id = draft(client, analyst)["report"]["id"]
    publish(client, analyst, report_id)
    partner_org = make_org(app, kind="partner", areas=("gislaved",))
    partner = login_as(client, make_user(app, "partner", org=partner_org))

    content = client.get(f"/api/v1/reports/{report_id}", headers=partner).get_json()

    assert content["level"] == "partner"
    row = next(r for r in content["items"] if r["reference"] == sensitive)
    assert "text" not in row and "place" not in row
    assert row["partner_summary"] is None
    assert all(r["reference"] != sensitive for r in content["notable"])


@pytest.mark.parametrize(
    ("role", "draft_status", "published_status"),
    [("admin", 200, 200), ("analyst", 200, 200), ("partner", 404, 200), ("viewer", 404, 200)],
)
def test_who_reads_drafts_and_published_reports(
    app: Any,
    client: Any,
    analyst: dict[str, str],
    role: str,
    draft_status: int,
    published_status: int,
) -> None:
    draft_id = draft(client, analyst)["report"]["id"]
    reader = as_role(app, client, role)

    assert client.get(f"/api/v1/reports/{draft_id}", headers=reader).status_code == draft_status
    publish(client, analyst, draft_id)
    read = client.get(f"/api/v1/reports/{draft_id}", headers=reader)
    assert read.status_code == published_status


def test_report_of_other_areas_is_not_found(app: Any, client: Any, analyst: dict[str, str]) -> None:
    report_id = draft(client, analyst, "gislaved,varnamo")["report"]["id"]
    only_varnamo = as_role(app, client, "analyst", areas=("varnamo",))

    assert client.get(f"/api/v1/reports/{report_id}", headers=only_varnamo).status_code == 404


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_only_analysts_publish(app: Any, client: Any, analyst: dict[str, str], role: str) -> None:
    report_id = draft(client, analyst)["report"]["id"]
    assert publish(client, as_role(app, client, role), report_id).status_code == 403


def test_csv_states_areas_period_and_time_and_makes_formulas_inert(
    client: Any, analyst: dict[str, str]
) -> None:
    queued_tip(client, analyst, text='=HYPERLINK("http://evil") klotter', place="+SUM(A1)")
    report_id = draft(client, analyst)["report"]["id"]

    response = client.get(f"/api/v1/reports/{report_id}/items.csv", headers=analyst)
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))

    assert response.mimetype == "text/csv"
    assert "gislaved" in rows[0][0] and "made" in rows[0][0]
    data = dict(zip(rows[1], rows[2], strict=True))
    assert data["text"].startswith("'=")
    assert data["place"].startswith("'+")


def test_csv_cells_stay_whole_when_a_spreadsheet_splits_on_semicolons(
    client: Any, analyst: dict[str, str]
) -> None:
    queued_tip(
        client, analyst, text='Hej;=HYPERLINK("http://evil");klotter', place="Torget;@SUM(1)"
    )
    report_id = draft(client, analyst)["report"]["id"]

    body = client.get(f"/api/v1/reports/{report_id}/items.csv", headers=analyst).get_data(
        as_text=True
    )
    as_swedish_excel = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))

    cells = [cell for row in as_swedish_excel for cell in row]
    assert not [cell for cell in cells if cell.lstrip('"')[:1] in ("=", "+", "-", "@")]


def test_partner_hotspots_name_no_place_or_item_of_a_sensitive_category(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    secret_place = "Bakom Hemliga Huset 3"
    references = []
    for n in range(3):
        reference = queued_tip(
            client,
            analyst,
            text=f"Någon säljer narkotika här, gång {n}.",
            place=secret_place,
            location={"lat": 57.3048, "lon": 13.5413},
        )
        client.patch(f"/api/v1/queue/{reference}", json={"category": "drugs"}, headers=analyst)
        client.post(f"/api/v1/queue/{reference}/queue", json={}, headers=analyst)
        references.append(reference)
    report_id = draft(client, analyst)["report"]["id"]
    publish(client, analyst, report_id)
    partner = login_as(client, make_user(app, "partner", org=make_org(app, kind="partner")))

    content = client.get(f"/api/v1/reports/{report_id}", headers=partner).get_json()

    assert content["hotspots"], "the three items should still make a hotspot"
    dumped = str(content["hotspots"])
    assert secret_place not in dumped
    assert not any(reference in dumped for reference in references)
