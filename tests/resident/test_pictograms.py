"""The category and issue tiles carry a decorative SVG pictogram beside their words."""

from __future__ import annotations

import re
from typing import Any

import pytest

TILE = re.compile(r'<label class="category" for="([^"]+)">(.*?)</label>', flags=re.DOTALL)
SYMBOL = re.compile(r'<symbol id="([^"]+)" viewBox="0 0 24 24">')


def tiles(html: str) -> dict[str, str]:
    return dict(TILE.findall(html))


def check_tile(body: str, symbols: set[str], words: str) -> None:
    icon = re.search(r'<svg class="category-icon" aria-hidden="true" focusable="false">', body)
    assert icon, body
    (target,) = re.findall(r'<use href="#([^"]+)">', body)
    assert target in symbols, target
    assert f'<span class="category-label">{words}</span>' in body


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_category_tile_shows_a_pictogram_and_its_words(client: Any, lang: str) -> None:
    html = client.get(f"/?lang={lang}").get_data(as_text=True)
    categories = client.get(f"/api/v1/categories?lang={lang}").get_json()["items"]
    symbols = set(SYMBOL.findall(html))
    found = tiles(html)

    assert len(found) == len(categories) >= 10
    for category in categories:
        check_tile(found[f"category-{category['code']}"], symbols, category["label"])
    # The sprite itself is hidden from screen readers and holds no script or style.
    assert '<svg class="icon-sprite" aria-hidden="true"' in html
    assert "<script" not in html.split('class="icon-sprite"')[1].split("</svg>")[0]


def test_every_walk_issue_shows_a_pictogram_and_its_words(client: Any) -> None:
    html = client.get("/vandring").get_data(as_text=True)
    symbols = set(SYMBOL.findall(html))
    found = tiles(html)

    assert set(found) == {
        f"issue-{code}"
        for code in (
            "lighting",
            "vegetation",
            "littering",
            "graffiti",
            "damage",
            "crossing",
            "speeding",
            "gathering",
            "other",
        )
    }
    check_tile(found["issue-lighting"], symbols, "Belysning")
    check_tile(found["issue-graffiti"], symbols, "Klotter")
    for body in found.values():
        (target,) = re.findall(r'<use href="#([^"]+)">', body)
        assert target in symbols
