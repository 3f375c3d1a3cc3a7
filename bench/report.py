"""Time to build, publish and print a situation report, and how it grows with the items.

Usage: python bench/report.py [--items 10000] [--scales 2500,5000,10000] [--repeats 5]

For each scale it makes a fresh SQLite database in a temporary folder (real migrations, seed
data), fills it with that many tips and their queue items received in the current report
period for Gislaved and Värnamo (about 40 % queued for the report, the rest in other
statuses), plus a fifth as many again spread over the eight earlier periods so the trend
figures have history. An analyst of both areas then, in-process through Flask's test client:

- reads the draft: ``GET /api/v1/reports/next?area=gislaved,varnamo`` (every figure computed);
- publishes it: ``POST /api/v1/reports/<id>/publish`` (snapshot, items moved to reported);
- prints it: ``GET /reports/<id>.html`` (the published snapshot rendered with its charts).

It prints the median of ``--repeats`` draft reads (publishing happens once per database), the
target (under one second each at 10,000 items) and, across scales, milliseconds per 1,000
items: roughly constant means the time grows no faster than the number of items. It prints;
it never asserts, and exits 0.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from queue_page import analyst_token, fake_rows, make_app
from sqlalchemy import insert, select

from tipsapp.extensions import db
from tipsapp.reference.models import Area
from tipsapp.reports.periods import earlier_periods, next_period
from tipsapp.tips.models import Tip
from tipsapp.triage.models import TriageItem

BATCH = 5_000
QUEUED_SHARE = 0.4
HISTORY_SHARE = 0.2
TARGET_SECONDS = 1.0
AREAS = "gislaved,varnamo"


def fill(app: Flask, count: int, seed: int) -> None:
    """``count`` items in the current period and ``count * HISTORY_SHARE`` in earlier ones."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    period = next_period(now, 1, 3, None)
    history = earlier_periods(period, 8)
    used: set[str] = set()
    total = count + int(count * HISTORY_SHARE)
    with app.app_context():
        areas = [(a.code, a.id) for a in db.session.scalars(select(Area).order_by(Area.code))]
        for start in range(1, total + 1, BATCH):
            rows = []
            for row_id in range(start, min(start + BATCH, total + 1)):
                tip, item = fake_rows(rng, row_id, rng.choice(areas), now, used)
                window = period if row_id <= count else rng.choice(history)
                span = min(window.end_utc, now) - window.start_utc
                received = window.start_utc + timedelta(
                    seconds=rng.randint(0, max(0, int(span.total_seconds()) - 60))
                )
                received = received.replace(second=0, microsecond=0)
                tip["received_at"] = item["received_at"] = received
                tip["occurred_at"] = received - timedelta(hours=rng.randint(0, 12))
                item["updated_at"] = received
                if row_id <= count:
                    item["status"] = "queued" if rng.random() < QUEUED_SHARE else item["status"]
                    if item["status"] == "reported":
                        item["status"] = "triaged"
                elif item["status"] == "queued":
                    item["status"] = "reported"
                rows.append((tip, item))
            db.session.execute(insert(Tip.__table__), [tip for tip, _ in rows])
            db.session.execute(insert(TriageItem.__table__), [item for _, item in rows])
        db.session.commit()


def timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def run_scale(count: int, repeats: int, seed: int) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="tipsapp-report-bench-"))
    try:
        app = make_app(f"sqlite:///{workdir / 'bench.sqlite3'}", workdir / "instance")
        fill_seconds, _ = timed(lambda: fill(app, count, seed))
        token = analyst_token(app)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}

        def draft() -> Any:
            response = client.get(f"/api/v1/reports/next?area={AREAS}", headers=headers)
            assert response.status_code == 200, response.get_json()
            return response.get_json()

        draft()  # warm-up: opens the draft report
        draft_times = []
        content: Any = None
        for _ in range(repeats):
            seconds, content = timed(draft)
            draft_times.append(seconds)
        report_id = content["report"]["id"]
        queued = len(content["items"])
        publish_seconds, published = timed(
            lambda: client.post(f"/api/v1/reports/{report_id}/publish", headers=headers)
        )
        assert published.status_code == 200, published.get_json()
        html_seconds, page = timed(
            lambda: client.get(f"/reports/{report_id}.html", headers=headers)
        )
        return {
            "items": count,
            "queued": queued,
            "fill": fill_seconds,
            "draft": statistics.median(draft_times),
            "publish": publish_seconds,
            "html": html_seconds if page.status_code == 200 else None,
            "html_status": page.status_code,
            "html_bytes": len(page.data),
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def verdict(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return "PASS" if seconds < TARGET_SECONDS else "ABOVE"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="2500,5000,10000")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=48)
    args = parser.parse_args(argv)
    scales = [int(part) for part in args.scales.split(",")]
    print("tipsapp report benchmark: draft, publish and printable HTML of one report period")
    print(
        f"  SQLite, in-process (Flask test client), areas {AREAS}; {args.repeats} draft reads "
        "per scale (median); target < 1 s each at 10,000 items"
    )
    results = [run_scale(count, args.repeats, args.seed) for count in scales]
    print()
    print(
        f"  {'items':>7} {'queued':>7} {'fill s':>7} {'draft s':>8} {'publish s':>10} "
        f"{'html s':>7}  {'html kB':>7}"
    )
    for r in results:
        html = f"{r['html']:.3f}" if r["html"] is not None else f"({r['html_status']})"
        print(
            f"  {r['items']:>7} {r['queued']:>7} {r['fill']:>7.2f} {r['draft']:>8.3f} "
            f"{r['publish']:>10.3f} {html:>7}  {r['html_bytes'] / 1024:>7.0f}"
        )
    largest = results[-1]
    print()
    print(
        f"  at {largest['items']} items: draft {verdict(largest['draft'])}, publish "
        f"{verdict(largest['publish'])}, html {verdict(largest['html'])} (target < 1 s)"
    )
    print("  growth, ms per 1,000 items (about constant = linear or better):")
    for key in ("draft", "publish", "html"):
        per_k = [
            f"{r[key] / r['items'] * 1e6:.1f}" if r[key] is not None else "n/a" for r in results
        ]
        print(f"    {key:<8} " + "  ".join(per_k))
    return 0


if __name__ == "__main__":
    sys.exit(main())
