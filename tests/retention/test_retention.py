"""`flask retention run`: what is gone after each kind's months, what stays, and that the
published report and the public follow-up still say what they said."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from flask import Flask

from tests.factories import as_role, make_participant, make_walk, observation_body
from tests.retention.conftest import (
    OTHER_PICTURE,
    PICTURE,
    SECRET_TEXT,
    World,
    run_retention,
    stored_files,
    with_districts,
)
from tests.traces import database_dump


def test_tip_text_place_position_and_notes_are_gone_thirteen_months_after_the_report(
    app: Flask, world: World, months_later: Any
) -> None:
    reference, _ = world.full_tip()
    world.act(reference, "queue")
    world.publish()
    before = world.item(reference)

    months_later(13)
    counts = run_retention(app)

    after = world.item(reference)
    assert counts["tip texts erased"] == 1
    assert counts["notes removed"] == 1
    assert after["text"] == ""
    assert after["excerpt"] == ""
    assert after["place"] is None
    # Only the district is left of the position: Gislaved's centre, its radius as accuracy.
    assert after["location"] == {"lat": 57.3045, "lon": 13.5405, "accuracy_m": 3000.0}
    assert after["occurred_at"] is None
    assert after["redacted"] is False
    assert after["notes"] == []
    assert after["suggestion"]["words"] == []
    for kept in ("reference", "area", "status", "effective_category", "category", "received_at"):
        assert after[kept] == before[kept]
    assert after["status"] == "reported"
    dump = database_dump(app)
    for content in (SECRET_TEXT, "Langning på Storgatan", "Ringde Kalle", "Gångvägen"):
        assert content not in dump


def test_nothing_is_erased_while_the_months_have_not_run_out(
    app: Flask, world: World, months_later: Any
) -> None:
    reference, _ = world.full_tip()
    world.act(reference, "queue")
    world.publish()

    months_later(5)
    counts = run_retention(app)

    assert set(counts.values()) == {0}
    item = world.item(reference)
    assert item["notes"] and item["messages"] and world.photos(reference)
    assert item["text"] == "Langning på Storgatan."


def test_photos_and_messages_go_after_six_months_while_the_text_stays_a_year(
    app: Flask, world: World, photo_dir: Path, months_later: Any
) -> None:
    reference, _ = world.full_tip()
    world.act(reference, "queue")
    world.publish()
    assert len(stored_files(photo_dir)) == 2  # the photo and its thumbnail

    months_later(7)
    counts = run_retention(app)

    item = world.item(reference)
    assert counts["photos removed"] == 1
    assert counts["photo files deleted"] == 2
    assert counts["messages removed"] == 2
    assert counts["tip texts erased"] == 0
    assert world.photos(reference) == []
    assert stored_files(photo_dir) == []
    assert item["messages"] == []
    assert item["text"] == "Langning på Storgatan."


def test_a_photo_file_another_tip_still_uses_is_kept(
    app: Flask, world: World, photo_dir: Path, months_later: Any
) -> None:
    old, old_receipt = world.tip()
    world.photo(old, old_receipt, PICTURE)
    world.photo(old, old_receipt, OTHER_PICTURE)
    world.act(old, "queue")
    world.publish()
    newer, newer_receipt = world.tip("Samma bild skickad igen om klottret vid torget.")
    world.photo(newer, newer_receipt, PICTURE)
    assert len(stored_files(photo_dir)) == 4  # two pictures, each with a thumbnail

    months_later(7)
    counts = run_retention(app)

    assert counts["photos removed"] == 2
    assert counts["photo files deleted"] == 2  # only OTHER_PICTURE's files
    assert world.photos(old) == []
    [kept] = world.photos(newer)
    served = world.client.get(kept["url"], headers=world.analyst)
    assert served.status_code == 200
    assert len(stored_files(photo_dir)) == 2


def test_published_report_json_and_csv_keep_every_figure_and_lose_the_erased_text(
    app: Flask, world: World, months_later: Any
) -> None:
    erased_refs = [world.full_tip()[0] for _ in range(3)]
    for reference in erased_refs:
        world.act(reference, "queue")
    report_id = world.publish()
    before_json = world.report(report_id)
    before_csv = world.report_csv(report_id)
    assert any("Storgatan" in (row["text"] or "") for row in before_json["items"])

    months_later(13)
    run_retention(app)

    expected = copy.deepcopy(before_json)
    for section in ("items", "notable"):
        for row in expected[section]:
            row["text"], row["place"] = None, None
    assert world.report(report_id) == expected
    after_csv = world.report_csv(report_id)
    header = before_csv[1]
    text_columns = {header.index("text"), header.index("place")}
    assert after_csv[:2] == before_csv[:2]
    for before_row, after_row in zip(before_csv[2:], after_csv[2:], strict=True):
        for column, (was, now) in enumerate(zip(before_row, after_row, strict=True)):
            assert now == ("" if column in text_columns else was)


def test_public_follow_up_is_the_same_when_retention_erases_items_it_still_shows(
    make_app: Any, photo_dir: Path
) -> None:
    # Erased right after publication: the items are in this month's column of the page.
    app = with_districts(make_app(PHOTO_DIR=str(photo_dir), RETAIN_TIP_TEXT_MONTHS=0))
    client = app.test_client()
    world = World(client, as_role(app, client, "analyst"))
    places = [(57.3048, 13.5413)] * 5 + [(57.2835, 13.6321)] * 6 + [(57.1625, 13.4090)] * 5
    for lat, lon in places:
        reference, _ = world.tip(location={"lat": lat, "lon": lon, "accuracy_m": 10})
        world.act(reference, "queue")
    world.publish()
    shown = client.get("/api/v1/public/followup?area=gislaved").get_json()
    assert any(cell["count"] for row in shown["districts"]["rows"] for cell in row["cells"])

    counts = run_retention(app)

    assert counts["tip texts erased"] == len(places)
    again = client.get("/api/v1/public/followup?area=gislaved").get_json()
    assert again["categories"] == shown["categories"]
    assert again["districts"] == shown["districts"]


def test_rejected_item_is_erased_six_months_after_its_last_change(
    app: Flask, world: World, months_later: Any
) -> None:
    rejected, _ = world.tip()
    world.act(rejected, "reject", reason="Kalle Svensson är känd av polisen redan.")

    months_later(5)
    assert run_retention(app)["tip texts erased"] == 0
    months_later(7)
    counts = run_retention(app)

    item = world.item(rejected)
    assert counts["tip texts erased"] == 1
    assert item["status"] == "rejected"
    assert item["rejection_reason"] is None
    assert item["text"] == ""


def test_items_still_in_work_are_never_erased_by_the_clock(
    app: Flask, world: World, months_later: Any
) -> None:
    new, _ = world.tip()
    queued, _ = world.tip()
    world.act(queued, "queue")

    months_later(60)
    counts = run_retention(app)

    assert set(counts.values()) == {0}
    assert world.item(new)["text"] == SECRET_TEXT
    assert world.item(queued)["text"] == SECRET_TEXT


def test_audit_entries_stay_but_lose_reasons_and_details_after_two_years(
    app: Flask, world: World, admin: dict[str, str], months_later: Any
) -> None:
    reference, _ = world.full_tip()
    world.client.patch(
        f"/api/v1/queue/{reference}", json={"category": "drugs"}, headers=world.analyst
    )
    world.act(reference, "queue")
    world.publish()

    months_later(13)
    assert run_retention(app)["audit details cleared"] == 0
    months_later(25)
    counts = run_retention(app)

    entries = world.client.get(
        f"/api/v1/audit?target={reference}&limit=200", headers=admin
    ).get_json()["items"]
    assert counts["audit details cleared"] >= 2  # the redaction's reason, the category change
    assert {entry["action"] for entry in entries} >= {"item.redact", "item.update", "item.queue"}
    assert all(entry["reason"] is None and entry["detail"] is None for entry in entries)
    assert all(entry["actor"] for entry in entries)


def test_a_second_run_removes_nothing(app: Flask, world: World, months_later: Any) -> None:
    reference, _ = world.full_tip()
    world.act(reference, "queue")
    world.publish()
    months_later(30)
    first = run_retention(app)

    second = run_retention(app)

    assert sum(first.values()) > 0
    assert set(second.values()) == {0}


def test_small_batches_erase_everything_and_print_counts_per_kind(
    app: Flask, world: World, months_later: Any
) -> None:
    references = [world.tip()[0] for _ in range(5)]
    for reference in references:
        world.act(reference, "queue")
    world.publish()
    months_later(13)

    counts = run_retention(app, "--batch-size", "2")

    assert counts == {
        "tip texts erased": 5,
        "reporters' report texts erased": 0,
        "observation texts erased": 0,
        "notes removed": 0,
        "published report rows cleared": 5,
        "photos removed": 0,
        "photo files deleted": 0,
        "messages removed": 0,
        "audit details cleared": 0,
    }
    assert all(world.item(reference)["text"] == "" for reference in references)


def test_a_run_that_removed_something_is_audited_with_counts_only(
    app: Flask, world: World, admin: dict[str, str], months_later: Any
) -> None:
    reference, _ = world.tip()
    world.act(reference, "queue")
    world.publish()
    months_later(13)

    run_retention(app)

    [entry] = world.client.get("/api/v1/audit?action=retention.run", headers=admin).get_json()[
        "items"
    ]
    assert entry["actor"] is None
    assert entry["detail"]["tip_texts"] == 1
    assert SECRET_TEXT not in str(entry)


def test_a_negative_month_setting_stops_the_run_with_a_message(make_app: Any) -> None:
    app = make_app(RETAIN_PHOTO_MONTHS=-1)

    result = app.test_cli_runner().invoke(args=["retention", "run"])

    assert result.exit_code != 0
    assert "TIPSAPP_RETAIN_PHOTO_MONTHS" in result.output


def test_a_walk_observation_keeps_its_text_two_years_for_the_next_walk_to_compare(
    app: Flask, world: World, months_later: Any
) -> None:
    walk = make_walk(app)
    answer = world.client.post(
        f"/api/v1/walks/{walk.id}/observations",
        json=observation_body(),
        headers=make_participant(app, walk),
    )
    assert answer.status_code == 201, answer.get_json()
    reference = answer.get_json()["reference"]
    world.act(reference, "queue")
    world.publish()
    before = world.item(reference)

    months_later(13)
    assert run_retention(app)["observation texts erased"] == 0
    assert world.item(reference)["text"] == before["text"] != ""
    months_later(25)
    counts = run_retention(app)

    item = world.item(reference)
    assert counts["observation texts erased"] == 1
    assert (item["text"], item["place"]) == ("", None)
    for kept in ("kind", "status", "effective_category", "received_at"):
        assert item[kept] == before[kept]


def test_a_dry_run_counts_what_is_due_and_erases_nothing(
    app: Flask, world: World, months_later: Any
) -> None:
    reference, _ = world.full_tip()
    world.act(reference, "queue")
    world.publish()
    months_later(13)

    due = run_retention(app, "--dry-run")

    assert due == {
        "tip texts due": 1,
        "reporters' report texts due": 0,
        "observation texts due": 0,
        "photos due": 1,
        "messages due": 2,
        "audit details due": 0,
    }
    assert world.item(reference)["text"] == "Langning på Storgatan."
    assert run_retention(app)["tip texts erased"] == 1
