"""The citizen promise: set by admins (CLI or API), the newest year shown, older ones kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.factories import as_role
from tests.public.helpers import followup, seed_districts, seed_promises
from tipsapp.audit.models import AuditEntry
from tipsapp.extensions import db
from tipsapp.public.models import Promise

TEXT_2026 = "Vi lovar att synas mer i centrum.\n\nOch att <b>lyssna</b> på er."


def set_2026(runner: Any, *extra: str) -> Any:
    result = runner.invoke(
        args=[
            "promise",
            "set",
            "--area",
            "gislaved",
            "--year",
            "2026",
            "--title",
            "Medborgarlöfte Gislaved 2026",
            "--focus",
            "Trygghet i centrum",
            "--focus",
            "Trafiken vid skolorna",
            *extra,
        ]
    )
    assert result.exit_code == 0, result.output
    return result


def test_promise_set_by_cli_shows_on_the_page(client: Any, app: Any, runner: Any) -> None:
    seed_districts(app)
    set_2026(runner, "--text", TEXT_2026)
    html = client.get("/followup/gislaved").get_data(as_text=True)
    assert "Medborgarlöfte Gislaved 2026" in html
    assert "Vi lovar att synas mer i centrum." in html
    assert "&lt;b&gt;lyssna&lt;/b&gt;" in html and "<b>lyssna" not in html
    assert "<li>Trygghet i centrum</li><li>Trafiken vid skolorna</li>" in html


def test_text_may_come_from_a_file(client: Any, app: Any, runner: Any, tmp_path: Path) -> None:
    seed_districts(app)
    path = tmp_path / "lofte.txt"
    path.write_text("Löftet ur en fil.", encoding="utf-8")
    set_2026(runner, "--text-file", str(path))
    assert followup(client)["promise"]["text"] == "Löftet ur en fil."


def test_cli_refuses_an_unknown_area_and_a_missing_text(app: Any, runner: Any) -> None:
    unknown = runner.invoke(
        args=[
            "promise",
            "set",
            "--area",
            "atlantis",
            "--year",
            "2026",
            "--title",
            "x",
            "--text",
            "y",
        ]
    )
    assert unknown.exit_code != 0 and "No area with that code." in unknown.output
    no_text = runner.invoke(
        args=["promise", "set", "--area", "gislaved", "--year", "2026", "--title", "x"]
    )
    assert no_text.exit_code != 0


def test_the_newest_year_is_current_and_2022_is_kept_as_history(
    client: Any, app: Any, runner: Any
) -> None:
    seed_districts(app)
    seed_promises(app)
    assert followup(client)["promise"]["year"] == 2022
    set_2026(runner, "--text", TEXT_2026)
    content = followup(client)
    assert content["promise"]["title"] == "Medborgarlöfte Gislaved 2026"
    assert content["earlier_promises"] == [
        {"year": 2022, "language": "sv", "title": "Medborgarlöfte Gislaved 2022"}
    ]
    html = client.get("/followup/gislaved").get_data(as_text=True)
    earlier = html.split("Tidigare medborgarlöften")[1]
    assert "Medborgarlöfte Gislaved 2022" in earlier
    listed = runner.invoke(args=["promise", "list", "--area", "gislaved"]).output.splitlines()
    assert listed[0].startswith("2026 sv") and listed[-1].startswith("2022")


def test_readers_of_other_languages_are_told_the_text_is_swedish(
    client: Any, app: Any, runner: Any
) -> None:
    seed_districts(app)
    set_2026(runner, "--text", TEXT_2026)
    note = "The promise is shown as the municipality and the police wrote it, in Swedish."
    english = client.get("/followup/gislaved?lang=en").get_data(as_text=True)
    assert note in english and "Vi lovar att synas mer i centrum." in english
    swedish = client.get("/followup/gislaved?lang=sv").get_data(as_text=True)
    assert "på svenska" not in swedish.split("Vad som kom in")[0]


def test_seed_stores_the_2022_promise_once(app: Any) -> None:
    seed_districts(app)
    seed_promises(app)
    seed_promises(app)
    with app.app_context():
        stored = [(p.year, p.language) for p in db.session.scalars(select(Promise))]
    assert sorted(stored) == [(2022, "en"), (2022, "sv")]


BODY = {
    "area": "gislaved",
    "year": 2026,
    "title": "Medborgarlöfte Gislaved 2026",
    "text": "Vi lovar.",
    "focus_areas": ["Trygghet"],
}


@pytest.mark.parametrize("role", ["analyst", "partner", "viewer"])
def test_only_admins_set_the_promise(client: Any, app: Any, role: str) -> None:
    response = client.post("/api/v1/promises", json=BODY, headers=as_role(app, client, role))
    assert response.status_code == 403
    assert client.post("/api/v1/promises", json=BODY).status_code == 401
    assert followup(client)["promise"] is None


def test_admin_sets_the_promise_audited(client: Any, app: Any) -> None:
    seed_districts(app)
    headers = as_role(app, client, "admin")
    response = client.post("/api/v1/promises", json=BODY, headers=headers)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert {k: created[k] for k in ("year", "language", "title", "focus_areas")} == {
        "year": 2026,
        "language": "sv",
        "title": "Medborgarlöfte Gislaved 2026",
        "focus_areas": ["Trygghet"],
    }
    assert followup(client)["promise"]["text"] == "Vi lovar."
    with app.app_context():
        entry = (
            app.extensions["sqlalchemy"]
            .session.scalars(select(AuditEntry).where(AuditEntry.action == "promise.set"))
            .one()
        )
        assert entry.target_ref == created["id"] and entry.detail["year"] == 2026
    listed = client.get("/api/v1/promises?area=gislaved", headers=headers).get_json()
    assert [item["year"] for item in listed["items"]] == [2026]


def test_promise_list_needs_a_login_and_a_known_area(client: Any, app: Any) -> None:
    assert client.get("/api/v1/promises?area=gislaved").status_code == 401
    headers = as_role(app, client, "viewer")
    assert client.get("/api/v1/promises?area=atlantis", headers=headers).status_code == 404
    bad = client.post(
        "/api/v1/promises",
        json={**BODY, "area": "atlantis"},
        headers=as_role(app, client, "admin"),
    )
    assert bad.status_code == 422 and "area" in bad.get_json()["error"]["fields"]
