"""The catalogues: every resident text in every offered language, placeholders and numbers kept."""

from __future__ import annotations

from typing import Any

import pytest

from tipsapp.i18n import BY_CODE, DOMAINS, LANGUAGES, placeholders, translations
from tipsapp.i18n import catalogues as store

RESIDENT_CATALOGUES = store.catalogue_languages("messages")
EMERGENCY_CONTEXTS = ("api:emergency_note", "api:urgent_note", "resident:call_112")


def entries(language: str, domain: str = "messages") -> list[Any]:
    return [m for m in store.read(store.po_path(language, domain), language) if m.id]


def test_every_offered_language_but_english_has_a_resident_catalogue() -> None:
    assert set(RESIDENT_CATALOGUES) == set(LANGUAGES) - {"en"}
    assert len(LANGUAGES) == 10


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_the_catalogues_hold_exactly_the_texts_of_the_tables(domain: str) -> None:
    """A text added to a table without `make i18n` would be shown in English to everyone."""
    wanted = {(m.context, m.id) for m in store.template(domain) if m.id}
    for language in store.catalogue_languages(domain):
        found = {(m.context, m.id) for m in entries(language, domain)}
        assert sorted(wanted - found, key=str) == [], f"{language}: run `make i18n`"
        assert sorted(found - wanted, key=str) == [], f"{language}: obsolete entries"


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_text_is_translated_in_every_offered_language(domain: str) -> None:
    for row in store.status(domain):
        assert (row.untranslated, row.fuzzy) == (0, 0), f"{row.language} {domain}: {row}"


@pytest.mark.parametrize("language", RESIDENT_CATALOGUES)
def test_translations_keep_the_placeholders_of_their_source(language: str) -> None:
    differing = [
        (m.context, sorted(placeholders(m.id)), sorted(placeholders(m.string)))
        for m in entries(language)
        if placeholders(m.id) != placeholders(m.string)
    ]
    assert differing == []


@pytest.mark.parametrize("language", RESIDENT_CATALOGUES)
def test_the_112_notes_keep_the_numbers_to_call(language: str) -> None:
    notes = {m.context: m.string for m in entries(language) if m.context in EMERGENCY_CONTEXTS}
    assert set(notes) == set(EMERGENCY_CONTEXTS)
    assert all("112" in note for note in notes.values())
    assert "114 14" in notes["api:emergency_note"]


def test_a_phone_number_reads_left_to_right_inside_arabic_and_persian() -> None:
    for language in ("ar", "fa"):
        note = translations(language).pgettext("api:emergency_note", "x")
        assert note == "x"  # an unknown msgid stays itself
    from tipsapp.common.i18n import TEXTS

    for language in ("ar", "fa"):
        assert "\u2066114 14\u2069" in TEXTS.get("emergency_note", language)
    assert "\u2066" not in TEXTS.get("emergency_note", "fi")


def test_each_catalogue_says_whether_a_native_speaker_reviewed_it() -> None:
    reviews = {row.language: row.review for row in store.status("messages")}
    assert reviews["sv"].startswith("reviewed by")
    assert all(
        review == "awaiting review" or review.startswith("reviewed by")
        for review in reviews.values()
    )


def test_the_status_command_prints_a_row_per_language(runner: Any) -> None:
    result = runner.invoke(args=["i18n", "status"])

    assert result.exit_code == 0
    for code in RESIDENT_CATALOGUES:
        assert f" {code} " in result.output
    assert "awaiting review" in result.output


def test_a_compiled_catalogue_is_read_as_the_source(tmp_path: Any) -> None:
    """The .mo written by `flask i18n compile` says what the .po says."""
    from babel.support import Translations

    compiled = store.compile_catalog("fi", "messages")
    path = tmp_path / "messages.mo"
    path.write_bytes(compiled)
    with path.open("rb") as handle:
        finnish = Translations(handle)
    source = {m.context: m.string for m in entries("fi")}
    assert (
        finnish.pgettext("resident:form_title", "Send an anonymous tip")
        == source["resident:form_title"]
    )
    assert BY_CODE["fi"].native_name == "Suomi"
