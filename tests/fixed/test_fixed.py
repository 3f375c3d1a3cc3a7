"""Is it fixed? The tipster and the walk's participants answer once an action is done; the
situation report and the public follow-up count the answers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import inspect, select

from tests.actions.walking import join, observe, plan_walk
from tests.factories import Org, login_as, make_org, make_user, send_tip
from tests.public.helpers import followup as public_followup
from tests.public.helpers import publish, seed_districts
from tipsapp.actions.fixed import ENVIRONMENT_CATEGORIES
from tipsapp.actions.models import FixAnswer
from tipsapp.common.i18n import FIXED_TEXTS, PUBLIC_TEXTS
from tipsapp.extensions import db
from tipsapp.i18n import RESIDENT_LANGUAGES


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    return login_as(client, make_user(app, "analyst"))


@pytest.fixture
def owner(app: Any) -> Org:
    return make_org(app, "Gatukontoret", kind="partner")


def sent(client: Any, **overrides: Any) -> dict[str, str]:
    response = send_tip(client, **overrides)
    assert response.status_code == 201, response.get_json()
    return {
        "reference": response.get_json()["reference"],
        "receipt": response.get_json()["receipt"],
    }


def new_action(client: Any, analyst: dict[str, str], owner: Org, **about: Any) -> str:
    body = {"title": "Byt armaturen", "owner": owner.id, **about}
    response = client.post("/api/v1/actions", json=body, headers=analyst)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["id"])


def move(client: Any, analyst: dict[str, str], action: str, *statuses: str) -> None:
    for status in statuses:
        response = client.post(
            f"/api/v1/actions/{action}/status", json={"status": status}, headers=analyst
        )
        assert response.status_code == 200, response.get_json()


def status_of(client: Any, tip: dict[str, str]) -> dict[str, Any]:
    response = client.post("/api/v1/tips/status", json=tip)
    assert response.status_code == 200, response.get_json()
    return dict(response.get_json())


def answer(client: Any, tip: dict[str, str], action: str, value: str) -> Any:
    return client.post("/api/v1/tips/fixed", json={**tip, "action": action, "answer": value})


def done_tip(client: Any, analyst: dict[str, str], owner: Org, **overrides: Any) -> Any:
    tip = sent(client, **overrides)
    action = new_action(client, analyst, owner, item=tip["reference"])
    move(client, analyst, action, "done")
    return tip, action


# --- the tipster ---------------------------------------------------------------------------


def test_the_tipster_is_asked_only_once_the_action_is_done(
    client: Any, analyst: dict[str, str], owner: Org
) -> None:
    tip = sent(client)
    action = new_action(client, analyst, owner, item=tip["reference"])
    assert status_of(client, tip)["fixed"] == []
    move(client, analyst, action, "in_progress")
    assert status_of(client, tip)["fixed"] == []
    refused = answer(client, tip, action, "yes")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "not_asked"

    move(client, analyst, action, "done")

    (question,) = status_of(client, tip)["fixed"]
    assert question["action"] == action
    assert question["answer"] is None
    assert date.fromisoformat(question["done_on"])


def test_a_tip_not_about_the_environment_is_not_asked(
    client: Any, analyst: dict[str, str], owner: Org
) -> None:
    tip, action = done_tip(
        client, analyst, owner, category="disorder", text="Högljudda fester varje natt i parken."
    )
    assert status_of(client, tip)["fixed"] == []
    refused = answer(client, tip, action, "yes")
    assert refused.status_code == 409
    assert set(refused.get_json()["error"]) >= {"status", "code", "message"}


def test_graffiti_lighting_and_traffic_environment_count_as_environment() -> None:
    assert {"unsafe_environment", "vandalism", "traffic"} <= ENVIRONMENT_CATEGORIES
    assert "violence" not in ENVIRONMENT_CATEGORIES


@pytest.mark.parametrize("value", ["yes", "no", "partly"])
def test_each_answer_is_stored_and_shown_back(
    client: Any, analyst: dict[str, str], owner: Org, value: str
) -> None:
    tip, action = done_tip(client, analyst, owner)
    response = answer(client, tip, action, value)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["answer"] == value
    assert status_of(client, tip)["fixed"][0]["answer"] == value


def test_answering_again_changes_the_one_answer(
    app: Any, client: Any, analyst: dict[str, str], owner: Org
) -> None:
    tip, action = done_tip(client, analyst, owner)
    first = answer(client, tip, action, "no")
    again = answer(client, tip, action, "no")
    assert again.get_json() == first.get_json()
    assert answer(client, tip, action, "partly").get_json()["answer"] == "partly"
    with app.app_context():
        rows = db.session.scalars(select(FixAnswer)).all()
        assert [row.answer for row in rows] == ["partly"]


def test_an_unknown_answer_is_422(client: Any, analyst: dict[str, str], owner: Org) -> None:
    tip, action = done_tip(client, analyst, owner)
    response = answer(client, tip, action, "maybe")
    assert response.status_code == 422
    assert "answer" in response.get_json()["error"]["fields"]


def test_a_wrong_receipt_is_404_and_stores_nothing(
    app: Any, client: Any, analyst: dict[str, str], owner: Org
) -> None:
    tip, action = done_tip(client, analyst, owner)
    wrong = {**tip, "receipt": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG"}
    response = answer(client, wrong, action, "yes")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "tip_not_found"
    with app.app_context():
        assert db.session.scalars(select(FixAnswer)).all() == []


def test_an_action_on_another_tip_is_404(client: Any, analyst: dict[str, str], owner: Org) -> None:
    tip = sent(client)
    _other, action = done_tip(client, analyst, owner)
    assert answer(client, tip, action, "yes").status_code == 404


def test_the_stored_answer_keeps_only_the_date_and_what_it_is_about(
    app: Any, client: Any, analyst: dict[str, str], owner: Org
) -> None:
    tip, action = done_tip(client, analyst, owner)
    answer(client, tip, action, "yes")
    with app.app_context():
        columns = {column["name"] for column in inspect(db.engine).get_columns("fix_answers")}
        assert columns == {
            "id",
            "action_id",
            "item_id",
            "answerer_kind",
            "tip_id",
            "participant_id",
            "answer",
            "answered_on",
        }
        row = db.session.scalars(select(FixAnswer)).one()
        # A date, never a time of day: nothing to match with a device's or a network's log.
        assert type(row.answered_on) is date
        assert (row.answerer_kind, row.participant_id, row.answer) == ("tipster", None, "yes")


# --- the walk's participants ---------------------------------------------------------------


class Walked:
    """A walk with a participant, an action on its observation and one on the walk."""

    def __init__(self, client: Any, analyst: dict[str, str], owner: Org) -> None:
        walk = plan_walk(client, analyst)
        self.id = walk["id"]
        self.phone = join(client, walk)
        self.other_phone = join(client, walk)
        dark = observe(client, self.id, self.phone, "lighting", 5, text="Mörkt.")
        self.lamp = new_action(client, analyst, owner, item=dark)
        self.prune = new_action(client, analyst, owner, walk=self.id)


@pytest.fixture
def walked(client: Any, analyst: dict[str, str], owner: Org) -> Walked:
    return Walked(client, analyst, owner)


def walk_followup(client: Any, walked: Walked, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"/api/v1/walks/{walked.id}/followup", headers=headers)
    assert response.status_code == 200, response.get_json()
    return {action["id"]: action for action in response.get_json()["actions"]} | {
        "question": response.get_json()["fixed_question"]
    }


def walk_answer(
    client: Any, walked: Walked, headers: dict[str, str], action: str, value: str
) -> Any:
    return client.post(
        f"/api/v1/walks/{walked.id}/fixed",
        json={"action": action, "answer": value},
        headers=headers,
    )


def test_the_walk_follow_up_asks_once_an_action_is_done(
    client: Any, analyst: dict[str, str], walked: Walked
) -> None:
    before = walk_followup(client, walked, walked.phone)
    assert before[walked.lamp]["fixed"] is None
    assert walk_answer(client, walked, walked.phone, walked.lamp, "yes").status_code == 409

    move(client, analyst, walked.lamp, "done")
    move(client, analyst, walked.prune, "done")

    after = walk_followup(client, walked, walked.phone)
    assert after["question"] == "Är det åtgärdat?"
    assert after[walked.lamp]["fixed"] == {
        "counts": {"yes": 0, "no": 0, "partly": 0},
        "yours": None,
    }
    assert after[walked.prune]["fixed"]["yours"] is None


def test_each_participant_has_one_changeable_answer(
    client: Any, analyst: dict[str, str], walked: Walked
) -> None:
    move(client, analyst, walked.lamp, "done")
    assert walk_answer(client, walked, walked.phone, walked.lamp, "no").status_code == 200
    assert walk_answer(client, walked, walked.phone, walked.lamp, "partly").status_code == 200
    assert walk_answer(client, walked, walked.other_phone, walked.lamp, "yes").status_code == 200

    mine = walk_followup(client, walked, walked.phone)[walked.lamp]["fixed"]
    theirs = walk_followup(client, walked, walked.other_phone)[walked.lamp]["fixed"]
    assert mine == {"counts": {"yes": 1, "no": 0, "partly": 1}, "yours": "partly"}
    assert theirs["yours"] == "yes"
    # Staff read the counts of the walk and answer nothing themselves.
    assert walk_followup(client, walked, analyst)[walked.lamp]["fixed"]["yours"] is None
    assert walk_answer(client, walked, analyst, walked.lamp, "yes").status_code == 403


def test_another_walks_action_is_404(
    client: Any, analyst: dict[str, str], owner: Org, walked: Walked
) -> None:
    _tip, action = done_tip(client, analyst, owner)
    assert walk_answer(client, walked, walked.phone, action, "yes").status_code == 404


# --- the counts ----------------------------------------------------------------------------


def test_the_situation_report_counts_done_asked_and_answers(
    client: Any, analyst: dict[str, str], owner: Org
) -> None:
    lamp, lamp_action = done_tip(client, analyst, owner)
    _noise, _noise_action = done_tip(
        client, analyst, owner, category="disorder", text="Högljudda fester varje natt i parken."
    )
    bench, bench_action = done_tip(client, analyst, owner, category="vandalism")
    answer(client, lamp, lamp_action, "yes")
    answer(client, bench, bench_action, "partly")

    response = client.get("/api/v1/reports/next?area=gislaved", headers=analyst)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["fixed"] == {
        "done": 3,
        "asked": 2,
        "yes": 1,
        "no": 0,
        "partly": 1,
    }
    report_id = response.get_json()["report"]["id"]
    page = client.get(f"/reports/{report_id}.html?lang=sv", headers=analyst)
    assert "Är det åtgärdat?" in page.get_data(as_text=True)


def test_the_public_follow_up_counts_in_words_with_small_numbers_hidden(
    app: Any, client: Any, analyst: dict[str, str], owner: Org
) -> None:
    seed_districts(app)
    done = [done_tip(client, analyst, owner) for _ in range(5)]
    for tip, action in done:
        answer(client, tip, action, "yes")
    answer(client, done[0][0], done[0][1], "no")
    publish(client, analyst)

    fixed = public_followup(client)["fixed"]
    assert fixed["done"] == {"count": 5, "suppressed": False}
    assert fixed["yes"] == {
        "count": None,
        "suppressed": True,
        "reason": "small",
        "label": "färre än 5",
    }
    assert "Svarat ”nej”: färre än 5" in fixed["lines"]
    page = client.get("/followup/gislaved?lang=sv").get_data(as_text=True)
    assert "Åtgärder som är klara: 5" in page


def test_the_question_is_written_in_every_offered_language() -> None:
    english = FIXED_TEXTS.get("question", "en")
    for language in RESIDENT_LANGUAGES:
        for key in ("question", "yes", "no", "partly"):
            assert FIXED_TEXTS.get(key, language)
        if language.code != "en":
            assert FIXED_TEXTS.get("question", language.code) != english
            assert PUBLIC_TEXTS.get("fixed_heading", language.code) != english


def test_the_follow_up_page_carries_the_question_in_its_language(client: Any) -> None:
    page = client.get("/uppfoljning?lang=fi").get_data(as_text=True)
    assert 'id="fixed-view"' in page
    assert FIXED_TEXTS.get("question", "fi") in page


def test_answers_are_limited_like_the_status_check(make_app: Any) -> None:
    app = make_app(RATELIMIT_TIP_STATUS="2 per minute")
    client = app.test_client()
    analyst = login_as(client, make_user(app, "analyst"))
    tip, action = done_tip(client, analyst, make_org(app, "Gatukontoret", kind="partner"))
    for value in ("yes", "no"):
        assert answer(client, tip, action, value).status_code == 200
    limited = answer(client, tip, action, "partly")
    assert limited.status_code == 429
    assert limited.get_json()["error"]["status"] == 429
