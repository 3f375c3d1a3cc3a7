"""Report periods are whole ISO weeks in Swedish time, with the meeting on the area's weekday."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from tipsapp.reports.periods import earlier_periods, local_midnight_utc, next_period


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize(
    ("now", "start", "number"),
    [
        ("2026-11-25T12:00:00+01:00", date(2026, 11, 23), "2026-W48"),  # a Wednesday
        ("2026-11-23T00:30:00+01:00", date(2026, 11, 23), "2026-W48"),  # just after midnight
        ("2026-11-22T23:30:00+01:00", date(2026, 11, 16), "2026-W47"),  # Sunday night
        ("2026-12-31T10:00:00+01:00", date(2026, 12, 28), "2026-W53"),  # 2026 has 53 weeks
        ("2027-01-03T10:00:00+01:00", date(2026, 12, 28), "2026-W53"),
        ("2027-01-04T10:00:00+01:00", date(2027, 1, 4), "2027-W01"),
    ],
)
def test_first_period_is_the_iso_week_of_now_in_swedish_time(
    now: str, start: date, number: str
) -> None:
    period = next_period(at(now), weeks=1, meeting_weekday=3, last_end=None)

    assert period.start == start
    assert period.end == date.fromordinal(start.toordinal() + 7)
    assert period.number == number


def test_meeting_is_on_the_areas_weekday_in_the_last_week() -> None:
    thursday = next_period(at("2026-11-25T12:00:00+01:00"), 1, 3, None)
    monday_fortnight = next_period(at("2026-11-25T12:00:00+01:00"), 2, 0, None)

    assert thursday.meeting_on == date(2026, 11, 26)
    assert monday_fortnight.meeting_on == date(2026, 11, 30)
    assert monday_fortnight.end == date(2026, 12, 7)


def test_next_period_starts_where_the_last_published_one_ended() -> None:
    period = next_period(at("2026-11-25T12:00:00+01:00"), 1, 3, last_end=date(2026, 11, 30))
    assert period.start == date(2026, 11, 30)
    assert period.number == "2026-W49"


def test_weeks_without_a_published_report_are_not_reported_afterwards() -> None:
    period = next_period(at("2026-11-25T12:00:00+01:00"), 1, 3, last_end=date(2026, 10, 5))
    assert period.start == date(2026, 11, 23)


def test_period_bounds_are_swedish_midnights_across_summer_time() -> None:
    assert local_midnight_utc(date(2026, 3, 30)) == at("2026-03-29T22:00:00+00:00")
    assert local_midnight_utc(date(2026, 3, 23)) == at("2026-03-22T23:00:00+00:00")


def test_earlier_periods_are_the_same_length_back_to_back() -> None:
    period = next_period(at("2026-11-25T12:00:00+01:00"), 2, 3, None)
    history = earlier_periods(period, 3)

    assert [p.start for p in history] == [date(2026, 10, 12), date(2026, 10, 26), date(2026, 11, 9)]
    assert history[-1].end == period.start


def test_cadence_command_sets_the_meeting_day_of_the_next_report(
    app: Any, client: Any, runner: Any
) -> None:
    from tests.factories import as_role

    result = runner.invoke(args=["areas", "cadence", "varnamo", "--weekday", "0", "--every", "2"])
    analyst = as_role(app, client, "analyst", areas=("varnamo",))
    try:
        meta = client.get("/api/v1/reports/next?area=varnamo", headers=analyst).get_json()["report"]
        assert result.exit_code == 0, result.output
        assert date.fromisoformat(meta["meeting_on"]).weekday() == 0
        start, end = (
            date.fromisoformat(meta["period"]["start"]),
            date.fromisoformat(meta["period"]["end"]),
        )
        assert (end - start).days == 14
    finally:
        runner.invoke(args=["areas", "cadence", "varnamo", "--weekday", "3", "--every", "1"])
