"""The queue's counts per status come from a counter table kept by triggers; after any mix of
actions they equal counting the items themselves."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, func, select

from tests.factories import login_as, make_user, send_tip
from tipsapp.extensions import db
from tipsapp.reference.models import Area
from tipsapp.staff.models import StaffUser
from tipsapp.tips.models import Tip
from tipsapp.triage.models import ITEM_STATUSES, TriageItem
from tipsapp.triage.service import QueueFilters, status_counts, visible_items

TEXTS = (
    ("Bilarna kör alldeles för fort förbi skolan varje morgon.", "traffic"),
    ("Någon har sprejat klotter på busskuren och krossat rutan.", "vandalism"),
    ("Det har varit inbrott i förråden och cyklar har stulits.", "burglary_theft"),
    ("Belysningen i gångtunneln är trasig sedan flera veckor.", "unsafe_environment"),
    ("Det pågår ett slagsmål just nu, en har kniv.", None),
    ("Someone is selling drugs behind the sports hall every night.", None),
)
FILTERS = (
    QueueFilters(),
    QueueFilters(areas=("gislaved",)),
    QueueFilters(areas=("varnamo",), kinds=("tip",)),
    QueueFilters(categories=("traffic", "vandalism")),
    QueueFilters(focus_areas=("trygghet",)),
    QueueFilters(focus_areas=("brott", "trafik"), areas=("gislaved",)),
    QueueFilters(urgent=True),
    QueueFilters(urgent=False, attention=False),
    QueueFilters(language="sv"),
    QueueFilters(language="en", needs_translation=True),
    QueueFilters(needs_translation=False, statuses=("new",)),
)


def plain_counts(user: StaffUser, filters: QueueFilters) -> dict[str, int]:
    """COUNT(*) GROUP BY status over the items the user sees, filtered in Python."""
    from tipsapp.triage.service import CATEGORY_BY_CODE

    area_codes = dict(db.session.execute(select(Area.id, Area.code)).all())
    counts = Counter({status: 0 for status in ITEM_STATUSES})
    for item in db.session.scalars(visible_items(user)):
        focus = CATEGORY_BY_CODE[item.effective_category].focus_area
        if (
            (not filters.categories or item.effective_category in filters.categories)
            and (not filters.focus_areas or focus in filters.focus_areas)
            and (not filters.areas or area_codes[item.area_id] in filters.areas)
            and (not filters.kinds or item.kind in filters.kinds)
            and filters.urgent in (None, item.urgent)
            and filters.attention in (None, item.attention)
            and filters.language in (None, item.text_language)
            and filters.needs_translation in (None, item.needs_translation)
        ):
            counts[item.status] += 1
    grouped = db.session.execute(
        select(TriageItem.status, func.count()).group_by(TriageItem.status)
    ).all()
    assert sum(n for _, n in grouped) == db.session.scalar(select(func.count(TriageItem.id)))
    return dict(counts)


def test_counts_equal_counting_the_items_after_random_actions(
    app: Flask, client: FlaskClient
) -> None:
    analyst_both = make_user(app, "analyst", areas=("gislaved", "varnamo"))
    analyst_one = make_user(app, "analyst", areas=("gislaved",))
    admin = make_user(app, "admin")
    headers = login_as(client, analyst_both)
    rng = random.Random(20261202)
    references: list[str] = []

    def post(reference: str, action: str, **body: Any) -> None:
        # Moves the status rules refuse (409) are part of the mix: they must change nothing.
        client.post(f"/api/v1/queue/{reference}/{action}", json=body, headers=headers)

    for step in range(90):
        roll = rng.random()
        if roll < 0.35 or len(references) < 4:
            text, category = rng.choice(TEXTS)
            area = rng.choice(("gislaved", "varnamo"))
            answer = send_tip(client, text=f"{text} ({step})", area=area, category=category)
            assert answer.status_code == 201, answer.get_json()
            references.append(answer.get_json()["reference"])
            continue
        reference = rng.choice(references)
        if roll < 0.50:
            category = rng.choice(("traffic", "vandalism", "drugs", "other", "violence"))
            client.patch(f"/api/v1/queue/{reference}", json={"category": category}, headers=headers)
        elif roll < 0.60:
            post(reference, "queue")
        elif roll < 0.67:
            post(reference, "reject", reason="Inget tips.")
        elif roll < 0.72:
            post(reference, "reopen")
        elif roll < 0.80:
            post(reference, "duplicate", of=rng.choice(references))
        elif roll < 0.86:
            post(reference, "archive")
        elif roll < 0.93:
            post(reference, "erase", reason="Begäran om radering.")
        else:
            # A delete the application never makes itself: the tip's row, its item going with
            # it by the foreign key's cascade.
            with app.app_context():
                db.session.execute(delete(Tip).where(Tip.reference == reference))
                db.session.commit()
            references.remove(reference)

    with app.app_context():
        for staff in (analyst_both, analyst_one, admin):
            user = db.session.scalars(select(StaffUser).where(StaffUser.email == staff.email)).one()
            for filters in FILTERS:
                assert status_counts(user, filters) == plain_counts(user, filters), filters
