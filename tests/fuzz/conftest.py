"""Fixtures of the schema fuzzing: one app and world per actor, on the suite's database."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.fuzz.runner import TOTALS
from tests.fuzz.schema import ACTORS
from tests.fuzz.world import World, build_world


@pytest.fixture(params=ACTORS)
def actor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fuzz_world(make_app: Any) -> World:
    # Rate limits are off: thousands of requests from one client would otherwise answer 429
    # and hide everything behind the limiter (tests/tips/test_rate_limits.py covers them).
    if TOTALS.started is None:
        TOTALS.started = time.monotonic()
    return build_world(make_app(RATELIMIT_ENABLED=False))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TOTALS.started is not None:
        terminalreporter.write_line(TOTALS.summary())
