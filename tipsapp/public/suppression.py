"""Small-count suppression for the public follow-up, including the figures tables imply.

The rule, as the README states it:

1. **Primary suppression.** Every cell under 5 (0 to 4) is shown as "fewer than 5".
2. **No totals.** No row, column or grand total is published.
3. **Linked tables.** The category table and the district table count the same published items
   month by month (the district table only those with a location, so for each month
   ``sum(categories) = sum(districts) + unlocated`` with ``unlocated >= 0`` unknown). A column
   of one table therefore acts as a total (or a bound) for the same month of the other. For each
   month we work out, from the published figures alone, every value a suppressed cell could
   take; if any suppressed cell is pinned to one value, the next-smallest shown cell that frees
   it is hidden too ("hidden": a figure of 5 or more, withheld so a small one cannot be worked
   out), and the month is checked again. If nothing frees it, the district column of that month
   is withheld as a whole ("not shown").

Cells are counts, the equation has unit coefficients and each cell's possible values form an
integer interval, so the values a cell can take are exactly an interval computed below.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

THRESHOLD = 5
INFINITY = math.inf

State = Literal["shown", "small", "hidden", "withheld"]


@dataclass
class Cell:
    """One published cell: its true count (never published unless shown) and how it is shown."""

    count: int
    state: State = "shown"

    def bounds(self) -> tuple[float, float]:
        """What a reader of the published page knows about the count."""
        if self.state == "shown":
            return (self.count, self.count)
        if self.state == "small":
            return (0, THRESHOLD - 1)
        if self.state == "hidden":
            return (THRESHOLD, INFINITY)
        return (0, INFINITY)


# A term of the month's equation: (sign, cell); the unlocated items are a cell always withheld.
Term = tuple[int, Cell]


def _possible(terms: Sequence[Term], index: int) -> tuple[float, float]:
    """The interval of values terms[index] can take, given ``sum(sign * count) == 0``."""
    low_rest = high_rest = 0.0
    for position, (sign, cell) in enumerate(terms):
        if position == index:
            continue
        low, high = cell.bounds()
        if sign > 0:
            low_rest, high_rest = low_rest + low, high_rest + high
        else:
            low_rest, high_rest = low_rest - high, high_rest - low
    sign, cell = terms[index]
    # sign * x = -rest
    low, high = (-high_rest, -low_rest) if sign > 0 else (low_rest, high_rest)
    own_low, own_high = cell.bounds()
    return (max(low, own_low), min(high, own_high))


def pinned(terms: Sequence[Term]) -> list[int]:
    """Indexes of suppressed terms whose value the published figures determine exactly."""
    result = []
    for index, (_sign, cell) in enumerate(terms):
        if cell.state == "shown":
            continue
        low, high = _possible(terms, index)
        if low >= high:
            result.append(index)
    return result


def _protect_month(categories: list[Cell], districts: list[Cell]) -> None:
    unlocated = Cell(0, "withheld")
    terms: list[Term] = (
        [(1, cell) for cell in categories] + [(-1, cell) for cell in districts] + [(-1, unlocated)]
    )
    while True:
        exposed = pinned(terms)
        if not exposed:
            return
        target = exposed[0]
        candidates = sorted(
            (cell for _sign, cell in terms if cell.state == "shown"), key=lambda c: c.count
        )
        for candidate in candidates:
            candidate.state = "hidden"
            if target not in pinned(terms):
                break
            candidate.state = "shown"
        else:
            for cell in districts:
                cell.state = "withheld"


def protect(
    categories: list[list[int]], districts: list[list[int]]
) -> tuple[list[list[Cell]], list[list[Cell]]]:
    """Cells for both tables (rows of months), with primary and complementary suppression."""
    category_cells = [[_primary(count) for count in row] for row in categories]
    district_cells = [[_primary(count) for count in row] for row in districts]
    months = len(categories[0]) if categories else 0
    for month in range(months):
        _protect_month(
            [row[month] for row in category_cells], [row[month] for row in district_cells]
        )
    return category_cells, district_cells


def _primary(count: int) -> Cell:
    return Cell(count, "small" if count < THRESHOLD else "shown")


def primary_cell(count: int) -> Cell:
    """A lone figure that no other figure adds up to: only rule 1 applies."""
    return _primary(count)
