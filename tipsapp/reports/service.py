"""The running next report per set of areas, and publishing it as a frozen snapshot."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.reference.models import Area
from tipsapp.reports import builder
from tipsapp.reports.models import Report
from tipsapp.reports.periods import Period, local_date, next_period, period_from
from tipsapp.staff.models import StaffUser
from tipsapp.triage.models import TriageItem
from tipsapp.webhooks import service as webhooks

READERS = ("admin", "analyst", "partner", "viewer")
EDITORS = ("admin", "analyst")


def areas_for(user: StaffUser, codes: list[str]) -> list[Area]:
    """The named areas, each one the user's organisation works in (admins: any)."""
    areas = list(db.session.scalars(select(Area).where(Area.code.in_(codes))))
    unknown = sorted(set(codes) - {area.code for area in areas})
    allowed = {area.id for area in user.organisation.areas}
    if unknown or (user.role != "admin" and any(a.id not in allowed for a in areas)):
        raise ApiError(422, "validation_failed", fields={"area": [f"Unknown area: {unknown}"]})
    return sorted(areas, key=lambda area: area.code)


def area_key(areas: list[Area]) -> str:
    return "+".join(area.code for area in areas)


def report_period(report: Report) -> Period:
    areas = sorted(report.areas, key=lambda area: area.code)
    start = local_date(report.period_start)
    weeks = max(1, round((local_date(report.period_end) - start).days / 7))
    return period_from(start, weeks, areas[0].report_weekday)


def next_report(areas: list[Area]) -> Report:
    """The draft for these areas, opened on first use; it starts where the last one ended."""
    key = area_key(areas)
    last = db.session.scalars(
        select(Report)
        .where(Report.area_key == key, Report.status == "published")
        .order_by(Report.period_start.desc())
    ).first()
    weeks = max(area.report_every_weeks for area in areas)
    period = next_period(
        utcnow(), weeks, areas[0].report_weekday, local_date(last.period_end) if last else None
    )
    draft = db.session.scalars(
        select(Report).where(Report.area_key == key, Report.status == "draft")
    ).first()
    if draft is not None and draft.period_start >= period.start_utc:
        return draft
    if draft is not None:
        # The week turned without a meeting: the draft moves on to the current period.
        draft.period_start, draft.period_end = period.start_utc, period.end_utc
        draft.number, draft.meeting_on = period.number, period.meeting_on
        db.session.commit()
        return draft
    report = Report(
        area_key=key,
        number=period.number,
        period_start=period.start_utc,
        period_end=period.end_utc,
        meeting_on=period.meeting_on,
        status="draft",
        created_at=utcnow(),
        areas=list(areas),
    )
    db.session.add(report)
    try:
        db.session.commit()
    except IntegrityError:  # opened at the same moment by a colleague
        db.session.rollback()
        return next_report(areas)
    return report


def report_for(user: StaffUser, public_id: str) -> Report:
    report = db.session.scalars(select(Report).where(Report.public_id == public_id)).first()
    if report is None:
        raise ApiError(404, "not_found")
    allowed = {area.id for area in user.organisation.areas}
    if user.role != "admin" and not all(area.id in allowed for area in report.areas):
        raise ApiError(404, "not_found")
    if report.status == "draft" and user.role not in EDITORS:
        raise ApiError(404, "not_found")
    return report


def content_for(user: StaffUser, report: Report) -> dict[str, Any]:
    """The report at the level the reader may see; a published one is its snapshot."""
    if report.status == "published" and report.snapshot is not None:
        content = report.snapshot
    else:
        content = builder.build(report, report_period(report))
    if user.role in EDITORS:
        return {**content, "level": "internal"}
    return builder.partner_version(content)


def set_decisions(user: StaffUser, report: Report, decisions: str) -> Report:
    report.decisions = decisions
    record(user, "report.decisions", "report", report.public_id)
    db.session.commit()
    return report


def publish(user: StaffUser, report: Report) -> Report:
    """Freeze the report: the snapshot is what it says from now on, and its items are reported."""
    if report.status != "draft":
        raise ApiError(409, "conflict", message="This report is already published.")
    now = utcnow()
    content = builder.build(report, report_period(report), generated_at=now)
    content["report"]["status"] = "published"
    content["report"]["published_at"] = now.isoformat()
    references = [row["reference"] for row in content["items"]]
    report.status = "published"
    report.published_at = now
    report.published_by_id = user.id
    report.snapshot = content
    if references:
        db.session.execute(
            update(TriageItem)
            .where(TriageItem.reference.in_(references), TriageItem.status == "queued")
            .values(
                status="reported",
                report_id=report.id,
                version=TriageItem.version + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
    record(
        user,
        "report.publish",
        "report",
        report.public_id,
        detail={"number": report.number, "items": len(references)},
    )
    _notify_webhooks(report, references)
    db.session.commit()
    return report


def _notify_webhooks(report: Report, references: list[str]) -> None:
    """Subscribed webhooks hear of the publication and of each item it reported, in its commit."""
    webhooks.notify(
        "report.published",
        {
            "report": report.public_id,
            "number": report.number,
            "areas": sorted(area.code for area in report.areas),
            "items": len(references),
            "published_at": report.published_at.isoformat() if report.published_at else None,
        },
    )
    if not references:
        return
    reported = db.session.scalars(
        select(TriageItem)
        .where(TriageItem.reference.in_(references), TriageItem.report_id == report.id)
        .execution_options(populate_existing=True)
    )
    for item in reported:
        webhooks.notify("item.status_changed", webhooks.item_data(item, "queued", "reported"))


def published_reports(user: StaffUser, codes: list[str] | None) -> list[Report]:
    query = select(Report).where(Report.status == "published").order_by(Report.period_start.desc())
    reports = list(db.session.scalars(query.limit(200)))
    allowed = {area.id for area in user.organisation.areas}
    visible = [
        r for r in reports if user.role == "admin" or all(area.id in allowed for area in r.areas)
    ]
    if codes:
        visible = [r for r in visible if set(codes) <= {a.code for a in r.areas}]
    return visible
