"""Storing reporters' reports, reading them back, and who reported in a period."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import marshmallow as ma
from sqlalchemy import Subquery, func, select
from sqlalchemy.exc import IntegrityError

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.common.pagination import SortKey, keyset_page
from tipsapp.common.writelock import serialized_write
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.notifications.service import notify_urgent_item
from tipsapp.reference.models import Area
from tipsapp.reporters.models import REPORT_KIND, EstReport
from tipsapp.reporters.schemas import EstReportSchema
from tipsapp.security.secrets import group, readable_code
from tipsapp.staff.models import Organisation, StaffUser
from tipsapp.tips.models import Tip
from tipsapp.tips.service import hash_receipt
from tipsapp.triage.models import TriageItem
from tipsapp.triage.service import new_item_for_tip
from tipsapp.webhooks import service as webhooks

REPORTER_ROLE = "reporter"
REPORT_REFERENCE_LENGTH = 8
# Statuses that mean the item was not taken in (as the situation report counts them).
NOT_COUNTED = ("rejected", "duplicate")


@dataclass(frozen=True)
class StoredReport:
    client_uuid: str
    status: str  # "created", "duplicate" or "invalid"
    reference: str | None = None
    errors: dict[str, Any] | None = None


def new_report_reference() -> str:
    return "R-" + group(readable_code(REPORT_REFERENCE_LENGTH))


def _area_for(user: StaffUser, code: str) -> Area:
    """The area, if the reporter's organisation works there (its agreement's areas)."""
    for area in user.organisation.areas:
        if area.code == code:
            return area
    raise ma.ValidationError({"area": ["Unknown area."]})


def _build(user: StaffUser, data: dict[str, Any]) -> tuple[EstReport, TriageItem]:
    area = _area_for(user, data["area"])
    location = data.get("location") or {}
    tip = Tip(
        reference=new_report_reference(),
        # A report has no receipt: its author follows it in their own list, by their login.
        # The hash of a secret nobody keeps matches no receipt anyone could send.
        receipt_hash=hash_receipt(secrets.token_urlsafe(32)),
        area_id=area.id,
        text=data["text"],
        resident_category=data["category"],
        occurred_at=data["seen_at"],
        place=data.get("place") or None,
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        accuracy_m=location.get("accuracy_m"),
        language=data.get("language"),
        received_at=utcnow().replace(second=0, microsecond=0),
    )
    report = EstReport(
        client_uuid=str(data["client_uuid"]),
        tip=tip,
        author_id=user.id,
        organisation_id=user.organisation_id,
        ratings=data.get("ratings") or None,
        created_at=tip.received_at,
    )
    item = new_item_for_tip(tip, REPORT_KIND)
    item.tip = tip
    return report, item


def _stored_by_uuid(client_uuids: list[str]) -> dict[str, EstReport]:
    if not client_uuids:
        return {}
    rows = db.session.scalars(select(EstReport).where(EstReport.client_uuid.in_(client_uuids)))
    return {row.client_uuid: row for row in rows}


def store_reports(user: StaffUser, raw_items: list[Any]) -> list[StoredReport]:
    """Validate each report alone and store the new ones once; one bad item rejects nothing.

    A resend of the same batch (the phone lost the answer) finds its client UUIDs stored and
    answers ``duplicate``; another author's UUID is ``invalid`` and tells them nothing more.
    """
    schema = EstReportSchema()
    for _ in range(2):
        results: list[StoredReport] = []
        valid: list[tuple[int, dict[str, Any]]] = []
        for index, raw in enumerate(raw_items):
            sent_as = str(raw.get("client_uuid", "")) if isinstance(raw, dict) else ""
            try:
                data = schema.load(raw) if isinstance(raw, dict) else schema.load({"_": raw})
            except ma.ValidationError as error:
                messages = error.messages if isinstance(error.messages, dict) else {}
                results.append(StoredReport(sent_as, "invalid", errors=messages))
                continue
            results.append(StoredReport(sent_as, "pending"))
            valid.append((index, data))
        known = _stored_by_uuid([str(data["client_uuid"]) for _, data in valid])
        created_in_batch: dict[str, str] = {}
        with serialized_write():
            for index, data in valid:
                client_uuid = str(data["client_uuid"])
                sent_as = results[index].client_uuid or client_uuid
                stored = known.get(client_uuid)
                if stored is not None and stored.author_id != user.id:
                    results[index] = StoredReport(
                        sent_as, "invalid", errors={"client_uuid": ["Already used."]}
                    )
                    continue
                if stored is not None or client_uuid in created_in_batch:
                    reference = (
                        stored.tip.reference
                        if stored is not None
                        else created_in_batch[client_uuid]
                    )
                    results[index] = StoredReport(sent_as, "duplicate", reference)
                    continue
                try:
                    report, item = _build(user, data)
                except ma.ValidationError as error:
                    messages = error.messages if isinstance(error.messages, dict) else {}
                    results[index] = StoredReport(sent_as, "invalid", errors=messages)
                    continue
                db.session.add(report)
                db.session.add(item)
                area_code = data["area"]
                # Subscribed webhooks hear of it in the same commit: names and states only.
                webhooks.notify("item.created", webhooks.item_data(item, area=area_code))
                if item.urgent:
                    notify_urgent_item(item.reference, area_code)
                # Who sent what is the point of a report (not anonymous): audited as sent.
                record(user, "report.created", "item", item.reference)
                created_in_batch[client_uuid] = item.reference
                results[index] = StoredReport(sent_as, "created", item.reference)
            try:
                db.session.commit()
            except IntegrityError:
                # A concurrent resend stored some of these first: the next round sees them.
                db.session.rollback()
                continue
        return results
    raise ApiError(409, "conflict")


def own_reports(
    user: StaffUser, cursor: str | None, limit: int
) -> tuple[list[EstReport], str | None]:
    """The author's own reports, newest first; nobody else's, whatever their role."""
    query = select(EstReport).where(EstReport.author_id == user.id)
    keys = (
        SortKey(EstReport.created_at, True, lambda row: row.created_at, "datetime"),
        SortKey(EstReport.id, True, lambda row: row.id),
    )
    return keyset_page(query, keys, cursor, limit)


def report_for_upload(user: StaffUser, client_uuid: str) -> EstReport:
    """The author's report for a photo upload; 404 for anyone else's (or none)."""
    report = db.session.scalars(
        select(EstReport).where(
            EstReport.client_uuid == client_uuid, EstReport.author_id == user.id
        )
    ).first()
    if report is None:
        raise ApiError(404, "not_found")
    return report


def author_of(item: TriageItem) -> EstReport | None:
    """The report behind a queue item of kind ``report`` (None for tips and observations)."""
    if item.kind != REPORT_KIND or item.tip_id is None:
        return None
    return db.session.scalars(select(EstReport).where(EstReport.tip_id == item.tip_id)).first()


def reporter_of(item: TriageItem) -> dict[str, Any] | None:
    """Who sent a report, as its readers in the queue see it (None for tips and observations)."""
    report = author_of(item)
    if report is None:
        return None
    return {
        "name": report.author.display_name,
        "organisation": report.organisation.name,
        "ratings": report.ratings,
    }


def _counted_reports(area_ids: list[int], start: datetime, end: datetime) -> Subquery:
    return (
        select(EstReport.organisation_id, func.count().label("reports"))
        .join(TriageItem, TriageItem.tip_id == EstReport.tip_id)
        .where(
            TriageItem.area_id.in_(area_ids),
            TriageItem.received_at >= start,
            TriageItem.received_at < end,
            TriageItem.status.not_in(NOT_COUNTED),
        )
        .group_by(EstReport.organisation_id)
        .subquery()
    )


def reporting_organisations(
    area_ids: list[int], start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Which organisations reported in the period, with how many reports, most first."""
    counted = _counted_reports(area_ids, start, end)
    rows = db.session.execute(
        select(Organisation.name, counted.c.reports)
        .join(counted, counted.c.organisation_id == Organisation.id)
        .order_by(counted.c.reports.desc(), Organisation.name)
    )
    return [{"organisation": name, "reports": int(count)} for name, count in rows]
