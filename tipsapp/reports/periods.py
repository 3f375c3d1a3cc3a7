"""Report periods: whole ISO weeks in Swedish time, numbered by the ISO week they start in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from tipsapp.common.clock import STOCKHOLM


class Period(NamedTuple):
    start: date  # a Monday
    end: date  # the Monday after the last week (exclusive)
    meeting_on: date

    @property
    def number(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def start_utc(self) -> datetime:
        return local_midnight_utc(self.start)

    @property
    def end_utc(self) -> datetime:
        return local_midnight_utc(self.end)

    @property
    def length(self) -> timedelta:
        return self.end - self.start


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_midnight_utc(day: date) -> datetime:
    """Midnight in Stockholm on ``day``, in UTC (summer time moves it by an hour)."""
    return datetime.combine(day, time.min, tzinfo=STOCKHOLM).astimezone(UTC)


def local_date(moment: datetime) -> date:
    return moment.astimezone(STOCKHOLM).date()


def period_from(start: date, weeks: int, meeting_weekday: int) -> Period:
    """``weeks`` ISO weeks from the Monday ``start``; the meeting is in the last week."""
    end = start + timedelta(weeks=weeks)
    return Period(start, end, end - timedelta(days=7 - meeting_weekday))


def next_period(now: datetime, weeks: int, meeting_weekday: int, last_end: date | None) -> Period:
    """The period of the next report: it starts where the last published one ended, but never
    before the current week (weeks with no published report are not reported after the fact)."""
    current_monday = monday_of(local_date(now))
    start = current_monday if last_end is None else max(last_end, current_monday)
    return period_from(monday_of(start), weeks, meeting_weekday)


def earlier_periods(period: Period, count: int) -> list[Period]:
    """The ``count`` periods of the same length before ``period``, oldest first."""
    length = period.end - period.start
    return [
        Period(period.start - length * n, period.start - length * (n - 1), period.meeting_on)
        for n in range(count, 0, -1)
    ]
