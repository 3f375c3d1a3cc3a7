"""Areas and categories, in Swedish first and English too."""

from __future__ import annotations

from typing import Any

EXPECTED_CATEGORIES = {
    "disorder": ("Ordningsstörning", "trygghet"),
    "violence": ("Våld och hot", "trygghet"),
    "vandalism": ("Skadegörelse och klotter", "trygghet"),
    "unsafe_environment": ("Otrygg miljö: belysning, vegetation, nedskräpning", "trygghet"),
    "drugs": ("Narkotika", "narkotika"),
    "traffic": ("Trafik och hastighet", "trafik"),
    "burglary_theft": ("Inbrott och stöld", "brott"),
    "fraud": ("Bedrägeri, särskilt mot äldre", "brott"),
    "sexual_offence": ("Sexualbrott", "brott"),
    "domestic_violence": ("Brott i nära relation", "brott"),
    "online_abuse": ("Kränkningar på nätet", "brott"),
    "other": ("Övrigt", None),
}


def test_categories_are_exactly_the_agreed_codes_in_swedish_by_default(client: Any) -> None:
    body = client.get("/api/v1/categories").get_json()

    assert body["language"] == "sv"
    got = {item["code"]: (item["label"], item["focus_area"]) for item in body["items"]}
    assert got == EXPECTED_CATEGORIES


def test_categories_in_english_by_query(client: Any) -> None:
    items = client.get("/api/v1/categories?lang=en").get_json()["items"]
    by_code = {item["code"]: item for item in items}

    assert by_code["burglary_theft"]["label"] == "Burglary and theft"
    labels = by_code["burglary_theft"]["labels"]
    assert labels["sv"] == "Inbrott och stöld"
    assert labels["en"] == "Burglary and theft"
    assert set(labels) == {"sv", "sv-x-ll", "en", "fi", "ar", "so", "ti", "bs", "pl", "fa"}
    assert by_code["drugs"]["focus_area_label"] == "Drugs"


def test_categories_honour_accept_language(client: Any) -> None:
    body = client.get("/api/v1/categories", headers={"Accept-Language": "en-GB,en;q=0.9"}).json
    assert body["language"] == "en"
    assert body["items"][0]["label"] == "Public disorder"


def test_query_language_wins_over_accept_language(client: Any) -> None:
    body = client.get("/api/v1/categories?lang=sv", headers={"Accept-Language": "en"}).json
    assert body["language"] == "sv"


def test_unsupported_language_query_gets_422(client: Any) -> None:
    response = client.get("/api/v1/categories?lang=de")
    assert response.status_code == 422
    assert "lang" in response.get_json()["error"]["fields"]


def test_seeded_areas_are_gislaved_and_varnamo(client: Any) -> None:
    items = client.get("/api/v1/areas").get_json()["items"]

    assert {(a["code"], a["name"]) for a in items} == {
        ("gislaved", "Gislaveds kommun"),
        ("varnamo", "Värnamo kommun"),
    }
    assert {a["police_area"] for a in items} == {"Lokalpolisområde Värnamo"}


def test_seed_command_is_idempotent(runner: Any, client: Any) -> None:
    first = runner.invoke(args=["seed"])
    second = runner.invoke(args=["seed"])

    assert first.exit_code == second.exit_code == 0
    assert "0 new categories, 0 new areas" in second.output
    assert len(client.get("/api/v1/categories").json["items"]) == 12


def test_areas_add_command_makes_the_area_usable_for_tips(
    app: Any, runner: Any, client: Any
) -> None:
    from sqlalchemy import delete, select

    from tipsapp.extensions import db
    from tipsapp.reference.models import Area
    from tipsapp.tips.models import Tip

    result = runner.invoke(args=["areas", "add", "gnosjo", "Gnosjö kommun"])
    try:
        assert result.exit_code == 0
        assert "added area gnosjo" in result.output
        assert "gnosjo" in {a["code"] for a in client.get("/api/v1/areas").json["items"]}
        tip = client.post("/api/v1/tips", json={"area": "gnosjo", "text": "Klotter på skolan."})
        assert tip.status_code == 201
    finally:
        with app.app_context():
            area_id = select(Area.id).where(Area.code == "gnosjo").scalar_subquery()
            db.session.execute(delete(Tip).where(Tip.area_id == area_id))
            db.session.execute(delete(Area).where(Area.code == "gnosjo"))
            db.session.commit()
