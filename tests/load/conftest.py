"""What the runs with servers of their own (the fault run, the scale-out run) share."""

from __future__ import annotations

import os

import pytest


def skip_unless_runnable(run: str, missing: list[str]) -> None:
    """Such a run starts its own PostgreSQL, Redis and the rest on spare ports, never the shared
    ones, so it runs once per CI run: in the SQLite pass, skipped in the PostgreSQL pass.
    Without its server binaries it skips, except under CI=true, where it fails."""
    if os.environ.get("TEST_DATABASE_URL"):
        reason = f"the {run} has its own servers: it runs in the SQLite pass, not this one"
        print(f"skipped: {reason}")
        pytest.skip(reason)
    if missing:
        reason = f"the {run} needs " + ", ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
        print(f"skipped: {reason}")
        pytest.skip(reason)
