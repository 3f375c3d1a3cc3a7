"""`flask triage train` fits a model from labelled texts; new tips are then suggested by it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.factories import as_role, send_tip

TIP_ABOUT_THE_CROSSING = "Det finns en zebrakorsning vid torget som är svår att se."


def synthetic_examples(count: int) -> list[dict[str, str]]:
    """Words the built-in lexicon does not know, each tied to one category."""
    places = ["torget", "skolan", "stationen", "kyrkan", "parken", "biblioteket"]
    times = ["i går", "i kväll", "varje morgon", "på lördagar", "hela veckan"]
    rows = []
    for n in range(count):
        place, time = places[n % len(places)], times[n % len(times)]
        if n % 2:
            rows.append(
                {"text": f"Zebrakorsning vid {place} syns dåligt {time}.", "category": "traffic"}
            )
        else:
            rows.append(
                {"text": f"En glasruta vid {place} var sönder {time}.", "category": "vandalism"}
            )
    return rows


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", "utf-8")
    return path


def suggestion_for(app: Any, text: str) -> dict[str, Any]:
    client = app.test_client()
    analyst = as_role(app, client, "analyst")
    reference = send_tip(client, text=text, category=None).get_json()["reference"]
    item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()
    return dict(item["suggestion"])


def test_trained_model_suggests_new_tips(make_app: Any, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    model = tmp_path / "model.pkl"
    app = make_app(TRIAGE_MODEL_PATH=str(model))
    before = suggestion_for(app, TIP_ABOUT_THE_CROSSING)
    data = write_jsonl(tmp_path / "examples.jsonl", synthetic_examples(60))

    result = app.test_cli_runner().invoke(args=["triage", "train", "--from-file", str(data)])

    assert result.exit_code == 0, result.output
    assert "trained on 60 examples" in result.output
    assert model.is_file()
    after = suggestion_for(app, TIP_ABOUT_THE_CROSSING)
    assert before["category"] != "traffic"
    assert after["category"] == "traffic"
    assert "zebrakorsning" in after["words"]
    assert suggestion_for(app, "Någon har krossat en glasruta i porten.")["category"] == "vandalism"


def test_urgency_stays_rule_based_with_a_trained_model(make_app: Any, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    app = make_app(TRIAGE_MODEL_PATH=str(tmp_path / "model.pkl"))
    data = write_jsonl(tmp_path / "examples.jsonl", synthetic_examples(60))
    app.test_cli_runner().invoke(args=["triage", "train", "--from-file", str(data)])

    receipt = app.test_client().post(
        "/api/v1/tips",
        json={"area": "gislaved", "text": "Det pågår ett slagsmål vid zebrakorsningen just nu!"},
    )

    assert receipt.get_json()["urgent"] is True


def test_training_with_too_few_examples_fails_clearly(make_app: Any, tmp_path: Path) -> None:
    model = tmp_path / "model.pkl"
    app = make_app(TRIAGE_MODEL_PATH=str(model))
    data = write_jsonl(tmp_path / "examples.jsonl", synthetic_examples(10))

    result = app.test_cli_runner().invoke(args=["triage", "train", "--from-file", str(data)])

    assert result.exit_code != 0
    assert "only 10 examples; at least 50 are needed" in result.output
    assert not model.exists()


def test_training_from_analysts_decisions_needs_enough_of_them(
    make_app: Any, tmp_path: Path
) -> None:
    model = tmp_path / "model.pkl"
    app = make_app(TRIAGE_MODEL_PATH=str(model))
    client = app.test_client()
    analyst = as_role(app, client, "analyst")
    reference = send_tip(client).get_json()["reference"]
    client.patch(f"/api/v1/queue/{reference}", json={"category": "vandalism"}, headers=analyst)

    result = app.test_cli_runner().invoke(args=["triage", "train"])

    assert result.exit_code != 0
    assert "only 1 examples; at least 50 are needed" in result.output
    assert not model.exists()


def test_training_needs_two_categories(make_app: Any, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    model = tmp_path / "model.pkl"
    app = make_app(TRIAGE_MODEL_PATH=str(model))
    rows = [
        {"text": f"Zebrakorsning nummer {n} syns dåligt.", "category": "traffic"} for n in range(60)
    ]
    data = write_jsonl(tmp_path / "examples.jsonl", rows)

    result = app.test_cli_runner().invoke(args=["triage", "train", "--from-file", str(data)])

    assert not model.exists()
    assert result.exit_code != 0
    assert "at least two categories" in result.output
