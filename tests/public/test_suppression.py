"""The suppression rule on its own: primary, no totals, and the link between the two tables."""

from __future__ import annotations

import random

import pytest

from tests.public.helpers import brute_force_possible
from tipsapp.public.suppression import Cell, pinned, protect


def _terms(categories: list[Cell], districts: list[Cell]) -> list[tuple[int, range]]:
    """The reader's view of one month as brute_force_possible wants it (plus unlocated)."""

    def box(cell: Cell) -> range:
        return {
            "shown": range(cell.count, cell.count + 1),
            "small": range(5),
            "hidden": range(5, 31),
            "withheld": range(31),
        }[cell.state]

    return [(1, box(c)) for c in categories] + [(-1, box(d)) for d in districts] + [(-1, range(31))]


def _leaks(categories: list[list[int]], districts: list[list[int]]) -> list[tuple[int, int]]:
    """Suppressed cells (month, position) that full enumeration pins to one value."""
    category_cells, district_cells = protect(categories, districts)
    leaks = []
    for month in range(len(categories[0])):
        column = [row[month] for row in category_cells] + [row[month] for row in district_cells]
        terms = _terms(
            [row[month] for row in category_cells], [row[month] for row in district_cells]
        )
        for index, published in enumerate(column):
            if published.state == "shown":
                continue
            possible = brute_force_possible(terms, index)
            assert published.count in possible  # the truth is always consistent
            if len(possible) < 2:
                leaks.append((month, index))
    return leaks


@pytest.mark.parametrize(("count", "state"), [(0, "small"), (4, "small"), (5, "shown")])
def test_under_five_is_suppressed_and_five_is_shown(count: int, state: str) -> None:
    (category_cells,), _districts = protect([[count]], [[0]])
    assert category_cells[0].state == state


def test_a_district_column_that_pins_a_small_category_hides_another_category() -> None:
    """Categories 5, 5 and 4; all 14 in one district: without more hiding, 14 - 10 = 4."""
    categories = [[5], [5], [4]]
    districts = [[14], [0]]
    category_cells, district_cells = protect(categories, districts)
    assert [row[0].state for row in category_cells] == ["hidden", "shown", "small"]
    assert district_cells[0][0].state == "shown"
    assert _leaks(categories, districts) == []


def test_a_full_category_column_that_pins_a_small_district_is_broken() -> None:
    """Every category shown gives the month's total: a lone small district would be 0."""
    categories = [[6], [7]]
    districts = [[13], [0]]
    category_cells, _districts = protect(categories, districts)
    assert any(row[0].state != "shown" for row in category_cells)
    assert _leaks(categories, districts) == []


def test_all_small_categories_pinned_at_four_hide_the_district() -> None:
    """Three categories of 4 and twelve items in one district: every category would be 4."""
    categories = [[4], [4], [4]]
    districts = [[12], [0]]
    _categories, district_cells = protect(categories, districts)
    assert [row[0].state for row in district_cells] == ["hidden", "small"]
    assert _leaks(categories, districts) == []


def test_when_hiding_cannot_help_the_district_month_is_withheld() -> None:
    """Five categories of 4 in four districts of 5: even "5 or more" each pins all at 4."""
    categories = [[4]] * 5
    districts = [[5]] * 4
    category_cells, district_cells = protect(categories, districts)
    assert {row[0].state for row in district_cells} == {"withheld"}
    terms = [(1, row[0]) for row in category_cells] + [(-1, row[0]) for row in district_cells]
    assert pinned([*terms, (-1, Cell(0, "withheld"))]) == []


def test_random_tables_leak_no_suppressed_cell() -> None:
    """Brute force over random small tables: no suppressed cell is ever pinned to one value."""
    rng = random.Random(20220530)
    values = [0, 1, 2, 3, 4, 4, 5, 5, 6, 9]
    for _ in range(150):
        categories = [[rng.choice(values)] for _ in range(3)]
        total = sum(row[0] for row in categories)
        located = rng.randint(max(0, total - 4), total) if rng.random() < 0.8 else total
        first = rng.randint(0, located)
        districts = [[first], [located - first]]
        assert _leaks(categories, districts) == [], (categories, districts)
