"""The forms that ask for a reason: erasing an item's content and rejecting from the queue.

Both are real forms in the page (a label, a required field), never ``window.prompt``; the
script only fills in and shows them.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.console.test_pages import sent_reference, signed_in

WORDS = {
    "sv": {
        "erase": "Radera innehåll nu",
        "reason": "Skäl för raderingen (sparas i loggen)",
        "warning": "Raderingen kan inte ångras.",
        "confirm": "Jag förstår att innehållet raderas för gott och inte kan återställas.",
        "reject": "Avvisa",
        "reject_help": "Enter avvisar, Escape avbryter.",
        "cancel": "Avbryt",
    },
    "en": {
        "erase": "Erase content now",
        "reason": "Reason for erasing (kept in the audit log)",
        "warning": "The erasure cannot be undone.",
        "confirm": "I understand that the content is erased for good and cannot be restored.",
        "reject": "Reject",
        "reject_help": "Enter rejects, Escape cancels.",
        "cancel": "Cancel",
    },
}


class Elements(HTMLParser):
    """Each element's attributes by id, the text inside each id'd element and each label's."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.attrs: dict[str, dict[str, str | None]] = {}
        self.text: dict[str, str] = {}
        self.labels: dict[str, str] = {}  # the id a label is for -> its text
        self._open: list[tuple[str, str | None, str | None]] = []  # tag, id, label's for
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        element_id = found.get("id")
        if element_id:
            self.attrs[element_id] = found
        if tag not in {"input", "meta", "link", "br", "img"}:
            self._open.append((tag, element_id, found.get("for") if tag == "label" else None))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _tag, element_id, label_for in self._open:
            if element_id:
                self.text[element_id] = self.text.get(element_id, "") + data
            if label_for:
                self.labels[label_for] = self.labels.get(label_for, "") + data

    def words(self, element_id: str) -> str:
        return " ".join(self.text.get(element_id, "").split())


def page(app: Flask, path: str, language: str) -> Elements:
    client, _user = signed_in(app, "analyst")
    response = client.get(f"{path}?lang={language}")
    assert response.status_code == 200
    return Elements(response.get_data(as_text=True))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_item_page_asks_for_a_reason_and_says_erasing_cannot_be_undone(
    app: Flask, client: FlaskClient, language: str
) -> None:
    words = WORDS[language]
    elements = page(app, f"/staff/items/{sent_reference(client)}", language)
    assert elements.words("erase-form").endswith(words["erase"])
    assert elements.labels["erase-reason"] == words["reason"]
    assert "required" in elements.attrs["erase-reason"]
    assert elements.words("erase-warning") == words["warning"]
    # Screen readers hear the warning with the reason field and with the box to tick.
    assert "erase-warning" in str(elements.attrs["erase-reason"]["aria-describedby"])
    assert elements.attrs["erase-confirm"]["type"] == "checkbox"
    assert "required" in elements.attrs["erase-confirm"]
    assert elements.attrs["erase-confirm"]["aria-describedby"] == "erase-warning"
    assert elements.labels["erase-confirm"] == words["confirm"]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_queue_has_a_labelled_reason_form_for_the_r_key(app: Flask, language: str) -> None:
    words = WORDS[language]
    elements = page(app, "/staff", language)
    form = elements.attrs["row-reject"]
    assert "hidden" in form  # until r opens it on the current row
    assert elements.labels["row-reject-reason"]
    assert "required" in elements.attrs["row-reject-reason"]
    assert elements.attrs["row-reject-reason"]["aria-describedby"] == "row-reject-help"
    assert elements.words("row-reject-help") == words["reject_help"]
    assert elements.words("row-reject-cancel") == words["cancel"]
    assert words["reject"] in elements.words("row-reject")
