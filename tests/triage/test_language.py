# ruff: noqa: RUF001
"""The language of what residents write: detected at intake, shown and filtered in the queue,
flagged for translation, lifted in priority, and followed by the 112 note."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import (
    as_role,
    make_participant,
    make_walk,
    observation_body,
    send_tip,
    tip_body,
)
from tipsapp.triage.classifier import Suggestion
from tipsapp.triage.language import TRANSLATION_CONFIDENCE, detect_language, needs_translation
from tipsapp.triage.scoring import CATEGORY_WEIGHT, FOCUS_BONUS, TRANSLATION_FLOOR

TEXTS = {
    "sv": [
        "Det är fest och hög musik i parken vid Rosendal varje natt.",
        "Någon har krossat rutan på busskuren vid torget igen.",
        "Lampan vid lekparken är trasig. Det är mörkt.",
    ],
    "en": [
        "Someone broke into my car outside the gym last night.",
        "Young people are selling drugs behind the train station.",
    ],
    "fi": [
        "Koulun edessä ajetaan liian lujaa joka aamu.",
        "Puistossa myydään huumeita iltaisin.",
    ],
    "ar": [
        "يبيعون المخدرات خلف محطة القطار في المساء.",
        "جاري يصرخ ويضرب زوجته، أسمع ذلك كل ليلة.",
    ],
    "so": [
        "Daroogo ayaa lagu iibiyaa saldhigga tareenka gadaashiisa.",
        "Deriskayga ayaa qaylinaya oo garaacaya xaaskiisa.",
    ],
    "ti": [
        "ድሕሪ መደበር ባቡር ዕፅ ይሽየጥ ኣሎ።",
        "ጎረቤተይ ይጭድርን ንሰበይቱ ይወቅዕን ኣሎ።",
    ],
    "bs": [
        "Komšija viče i tuče svoju ženu, čujem to svake noći.",  # Bosnian
        "Iza željezničke stanice se navečer prodaje droga.",  # Croatian
        "Neko je sinoć razbio staklo na autobuskoj stanici.",  # Serbian (Latin)
    ],
    "pl": [
        "Samochody jeżdżą za szybko przed szkołą każdego ranka.",
        "Sąsiad krzyczy i bije swoją żonę, słyszę to przez ścianę.",
    ],
    "fa": [
        "پشت ایستگاه قطار مواد مخدر می‌فروشند.",  # Persian
        "موترسایکل‌ها همیشه در پیاده‌رو می‌روند.",  # Dari
    ],
}
ARABIC_TIP = "يبيعون المخدرات خلف محطة القطار في المساء."


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    return as_role(app, client, "analyst", areas=("gislaved", "varnamo"))


def item(client: Any, headers: dict[str, str], reference: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/queue/{reference}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return dict(response.get_json())


def queue(client: Any, headers: dict[str, str], **query: Any) -> list[str]:
    response = client.get("/api/v1/queue", query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return sorted(row["reference"] for row in response.get_json()["items"])


def sent(client: Any, **overrides: Any) -> str:
    response = send_tip(client, category=None, **overrides)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["reference"])


def unsure_suggestions(monkeypatch: pytest.MonkeyPatch, confidence: float = 0.2) -> None:
    """Every text gets an unsure 'other' suggestion, whatever the lexicons say."""

    def suggest(text: str, language: str | None = None) -> Suggestion:
        return Suggestion("other", confidence, (), False, ())

    monkeypatch.setattr("tipsapp.triage.service.suggester.suggest", suggest)


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"), [(lang, text) for lang, texts in TEXTS.items() for text in texts]
)
def test_tip_gets_the_language_it_is_written_in(
    client: Any, analyst: dict[str, str], language: str, text: str
) -> None:
    reference = sent(client, text=text)

    assert item(client, analyst, reference)["text_language"] == language


def test_text_too_short_or_mixed_to_tell_is_undetermined() -> None:
    assert detect_language("Storgatan 5, 22:30") == "und"
    assert detect_language("112!!! 112!!!") == "und"
    assert detect_language("Taxi taxi taxi taxi") == "und"


def test_tip_in_a_language_the_triage_cannot_read_needs_translation(
    client: Any, analyst: dict[str, str]
) -> None:
    reference = sent(client, text="Hinter dem Bahnhof werden abends Drogen verkauft.")

    shown = item(client, analyst, reference)
    assert shown["text_language"] == "de"
    assert shown["needs_translation"] is True


def test_unsure_suggestion_in_another_language_than_swedish_needs_translation(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unsure_suggestions(monkeypatch)
    english = sent(client, text="Someone broke into my car outside the gym last night.")
    swedish = sent(client, text="Någon har krossat rutan på busskuren vid torget igen.")

    assert item(client, analyst, english)["needs_translation"] is True
    assert item(client, analyst, swedish)["needs_translation"] is False


def test_sure_suggestion_in_a_read_language_needs_no_translation(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unsure_suggestions(monkeypatch, confidence=TRANSLATION_CONFIDENCE + 0.1)
    reference = sent(client, text="Someone broke into my car outside the gym last night.")

    assert item(client, analyst, reference)["needs_translation"] is False


def test_a_text_the_analysts_do_not_read_needs_translation_however_sure_the_suggestion(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unsure_suggestions(monkeypatch, confidence=0.99)
    reference = sent(client, text=ARABIC_TIP)

    shown = item(client, analyst, reference)
    assert (shown["text_language"], shown["needs_translation"]) == ("ar", True)


def test_needs_translation_rules() -> None:
    assert needs_translation("und", 1.0)
    assert needs_translation("de", 1.0)
    assert needs_translation("en", TRANSLATION_CONFIDENCE - 0.01)
    assert not needs_translation("en", TRANSLATION_CONFIDENCE)
    assert not needs_translation("sv", 0.0)


# --- priority --------------------------------------------------------------------------------


def test_item_needing_translation_ranks_with_a_new_focus_area_tip(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unsure_suggestions(monkeypatch)
    arabic = sent(client, text=ARABIC_TIP)
    swedish = sent(client, text="Någon har krossat rutan på busskuren vid torget igen.")

    lowest_focus_tip = CATEGORY_WEIGHT["unsafe_environment"] + FOCUS_BONUS["trygghet"]
    assert item(client, analyst, arabic)["priority"] == TRANSLATION_FLOOR >= lowest_focus_tip
    assert item(client, analyst, swedish)["priority"] == CATEGORY_WEIGHT["other"]
    first = client.get("/api/v1/queue", headers=analyst).get_json()["items"][0]
    assert first["reference"] == arabic


def test_category_decision_ends_the_floor_but_keeps_the_flag(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unsure_suggestions(monkeypatch)
    reference = sent(client, text=ARABIC_TIP)
    etag = item(client, analyst, reference)["etag"]

    response = client.patch(
        f"/api/v1/queue/{reference}",
        json={"category": "other"},
        headers={**analyst, "If-Match": etag},
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["priority"] == CATEGORY_WEIGHT["other"]
    assert response.get_json()["needs_translation"] is True


# --- the queue's filters ---------------------------------------------------------------------


def test_queue_filters_by_language_and_by_translation_need(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unsure_suggestions(monkeypatch)
    arabic = sent(client, text=ARABIC_TIP)
    finnish = sent(client, text="Puistossa myydään huumeita iltaisin.")
    swedish = sent(client, text="Någon har krossat rutan på busskuren vid torget igen.")

    assert queue(client, analyst, language="ar") == [arabic]
    assert queue(client, analyst, language="sv") == [swedish]
    assert queue(client, analyst, needs_translation="true") == sorted([arabic, finnish])
    assert queue(client, analyst, needs_translation="false") == [swedish]
    assert queue(client, analyst, language="fi", needs_translation="true") == [finnish]


def test_queue_rejects_an_unknown_language_filter(client: Any, analyst: dict[str, str]) -> None:
    response = client.get("/api/v1/queue", query_string={"language": "xx"}, headers=analyst)

    assert response.status_code == 422
    assert "language" in response.get_json()["error"]["fields"]


# --- what residents send ---------------------------------------------------------------------


@pytest.mark.parametrize("code", ["sv", "sv-x-ll", "en", "fi", "ar", "so", "ti", "bs", "pl", "fa"])
def test_tip_form_accepts_every_offered_language(client: Any, code: str) -> None:
    assert send_tip(client, language=code).status_code == 201


@pytest.mark.parametrize("code", ["de", "hr", "SV", "sv_LL", ""])
def test_tip_with_an_unknown_language_code_is_422_naming_the_field(client: Any, code: str) -> None:
    response = send_tip(client, language=code)

    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["language"]


def note(app: Any, key: str, language: str) -> str:
    from tipsapp.common.i18n import text

    with app.test_request_context():
        return text(key, language)


def test_112_note_is_in_the_language_the_resident_wrote_in(app: Any, client: Any) -> None:
    body = send_tip(client, language="sv", text=ARABIC_TIP).get_json()

    assert body["emergency_note"] == note(app, "emergency_note", "ar")
    assert body["status_label"] == "Mottaget"


def test_112_note_follows_the_form_when_the_text_language_has_no_catalogue(
    app: Any, client: Any
) -> None:
    text = "Hinter dem Bahnhof werden abends Drogen verkauft."
    body = send_tip(client, language="fi", text=text).get_json()

    assert body["emergency_note"] == note(app, "emergency_note", "fi")


def test_112_note_for_swedish_from_the_easy_to_read_form_is_easy_to_read(
    app: Any, client: Any
) -> None:
    body = send_tip(client, language="sv-x-ll").get_json()

    assert body["emergency_note"] == note(app, "emergency_note", "sv-x-ll")


def test_urgent_note_is_in_the_language_the_resident_wrote_in(app: Any, client: Any) -> None:
    text = "Someone is being attacked with a knife right now outside the station!"
    body = send_tip(client, language="sv", text=text).get_json()

    assert body["urgent"] is True
    assert body["emergency_note"] == note(app, "urgent_note", "en")


def test_resident_reply_gets_its_language(client: Any, analyst: dict[str, str]) -> None:
    answer = send_tip(client).get_json()
    response = client.post(
        "/api/v1/tips/messages",
        json={"reference": answer["reference"], "receipt": answer["receipt"], "body": ARABIC_TIP},
    )
    assert response.status_code == 201, response.get_json()

    (message,) = item(client, analyst, answer["reference"])["messages"]
    assert message["text_language"] == "ar"


# --- walk observations -----------------------------------------------------------------------


def observe(app: Any, client: Any, **overrides: Any) -> Any:
    walk = make_walk(app)
    headers = make_participant(app, walk)
    return client.post(
        f"/api/v1/walks/{walk.id}/observations", json=observation_body(**overrides), headers=headers
    )


def test_observation_note_gets_its_language(app: Any, client: Any, analyst: dict[str, str]) -> None:
    response = observe(app, client, text="پشت ایستگاه قطار مواد مخدر می‌فروشند.", language="fa")
    assert response.status_code == 201, response.get_json()

    shown = item(client, analyst, response.get_json()["reference"])
    assert shown["text_language"] == "fa"


def test_observation_without_a_note_needs_no_translation(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    response = observe(app, client, text="")
    assert response.status_code == 201, response.get_json()

    shown = item(client, analyst, response.get_json()["reference"])
    assert (shown["text_language"], shown["needs_translation"]) == ("und", False)


def test_observation_with_an_unknown_language_code_is_422(app: Any, client: Any) -> None:
    response = observe(app, client, language="xx")

    assert response.status_code == 422
    assert "language" in response.get_json()["error"]["fields"]


def test_arabic_typed_on_a_persian_keyboard_is_arabic() -> None:
    assert detect_language("في زلمی معو مسدس عم یهدد الناس جنب المحطة هلق") == "ar"


def test_tigrinya_with_swedish_place_names_is_tigrinya() -> None:
    assert detect_language("ባእሲ ኣብ busstationen ሕጂ!!") == "ti"
    assert detect_language("ኣብ Ica Nära Anderstorp ሰባት ብዙሕ ግዜ ይሰርቁ") == "ti"


def test_a_reply_in_an_unknown_language_code_is_refused_naming_the_field(client: Any) -> None:
    receipt = client.post("/api/v1/tips", json=tip_body()).get_json()
    body = {
        "reference": receipt["reference"],
        "receipt": receipt["receipt"],
        "body": "Ja.",
        "language": "xx",
    }

    response = client.post("/api/v1/tips/messages", json=body)

    assert response.status_code == 422
    assert "language" in response.get_json()["error"]["fields"]


def test_a_reply_too_short_to_tell_takes_the_pages_language(
    client: Any, analyst: dict[str, str]
) -> None:
    receipt = client.post("/api/v1/tips", json=tip_body()).get_json()
    body = {
        "reference": receipt["reference"],
        "receipt": receipt["receipt"],
        "body": "Ja, 22:30.",
        "language": "so",
    }

    assert client.post("/api/v1/tips/messages", json=body).status_code == 201

    # The analyst reads the reply with its language.
    shown = client.get(f"/api/v1/queue/{receipt['reference']}", headers=analyst).get_json()
    assert shown["messages"][-1]["text_language"] == "so"
