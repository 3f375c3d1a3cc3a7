"""The periods the public follow-up counts by: months, quarters or years, newest first.

Every period is a whole calendar month, quarter or year in Swedish time (only the current one
is still running), never a rolling window: a rolling "last 12 months" cell minus next month's
would tell one month's count, so a figure could be worked out from two visits of the page.

The rule that picks the period length (``choose``): take the finest of month, quarter and year
for which at least half of the category cells show a figure (5 or more), counting only the
categories that had any item in the window. When none qualifies, or nothing was counted yet,
the year. Each length covers about the last year: 12 months, the 4 quarters ending with this
one, or the calendar years those quarters touch; none starts before the month the follow-up
starts (the first published report, or the earliest item it counted if that is earlier).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Granularity = Literal["month", "quarter", "year"]
GRANULARITIES: tuple[Granularity, ...] = ("month", "quarter", "year")
MONTHS = 12
QUARTERS = 4
SHOWN_SHARE = 0.5
THRESHOLD = 5


@dataclass(frozen=True)
class Period:
    """One column of the figures: ``[start, end)`` as calendar days in Swedish time."""

    granularity: Granularity
    start: date
    end: date

    @property
    def key(self) -> str:
        """``2026-03``, ``2026-Q1`` or ``2026``: stable, sortable and read by ``fmt``."""
        if self.granularity == "month":
            return self.start.strftime("%Y-%m")
        if self.granularity == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def months(self) -> list[str]:
        """The month keys (``2026-03``) the period holds, oldest first."""
        keys, first = [], self.start
        while first < self.end:
            keys.append(first.strftime("%Y-%m"))
            first = add_months(first, 1)
        return keys


def add_months(first: date, count: int) -> date:
    index = first.year * 12 + first.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _span(granularity: Granularity) -> int:
    return {"month": 1, "quarter": 3, "year": 12}[granularity]


def _period_of(day: date, granularity: Granularity) -> Period:
    months = _span(granularity)
    month = (day.month - 1) // months * months + 1
    start = date(day.year, month, 1)
    return Period(granularity, start, add_months(start, months))


def window(granularity: Granularity, today: date, first: date | None) -> list[Period]:
    """The periods shown for ``granularity``, newest first; none before ``first`` (none at all
    when nothing is published yet)."""
    if first is None:
        return []
    newest_quarter = _period_of(today, "quarter")
    oldest = {
        "month": add_months(date(today.year, today.month, 1), 1 - MONTHS),
        "quarter": add_months(newest_quarter.start, 3 * (1 - QUARTERS)),
        "year": date(add_months(newest_quarter.start, 3 * (1 - QUARTERS)).year, 1, 1),
    }[granularity]
    periods = []
    period = _period_of(today, granularity)
    while period.start >= oldest and period.end > first:
        periods.append(period)
        period = _period_of(period.start - timedelta(days=1), granularity)
    return periods


def sum_by_period(by_month: Mapping[str, int], periods: Sequence[Period]) -> list[int]:
    """One row of counts per period from counts per month key."""
    return [sum(by_month.get(key, 0) for key in period.months()) for period in periods]


def choose(rows: Sequence[Mapping[str, int]], today: date, first: date | None) -> Granularity:
    """The period length by the rule in the module docstring; ``rows`` are the categories'
    counts per month key over at least the year window."""
    for granularity in GRANULARITIES[:-1]:
        periods = window(granularity, today, first)
        cells = [
            count
            for row in rows
            if any(sum_by_period(row, periods))
            for count in sum_by_period(row, periods)
        ]
        if cells and sum(count >= THRESHOLD for count in cells) >= SHOWN_SHARE * len(cells):
            return granularity
    return "year"
