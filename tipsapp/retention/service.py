"""Erasing personal content after its months, or at once on an analyst's request.

What goes from an item: the tip's or observation's free text, place name, position, the time
the resident said it happened and its language; the redacted text, the rejection reason, the
words the suggestion picked from the text; internal notes; photos (rows and, when no other row
shares the content-addressed bytes, the files or database blobs); messages with the tipster; the
reasons and details of the item's audit entries; and the text and place copied into the
published report's rows. What stays: reference, kind, area, category (decided, suggested, the
resident's), priority, urgency flag, status, arrival time and report: every figure a report or
the public follow-up was built from, except a position (see README, "Retention and erasure").

Retention counts months from the publication of the report the item went into; an item closed
without a report (rejected, duplicate, archived) counts them from its last change, and at most
``RETAIN_UNREPORTED_MONTHS``. Items still in work (new, triaged, queued) are never erased by
the clock. Each kind is selected by what is still there, so a run that is interrupted or
repeated only finishes the job: ``run`` is idempotent.
"""

from __future__ import annotations

import copy
from calendar import monthrange
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    cast,
    delete,
    func,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from tipsapp.audit.models import AuditEntry
from tipsapp.audit.service import record
from tipsapp.common import clock
from tipsapp.common.writelock import serialized_write
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.photos import storage
from tipsapp.photos.models import Photo
from tipsapp.public.service import district_index
from tipsapp.reference.models import District
from tipsapp.reports.models import Report
from tipsapp.staff.models import StaffUser
from tipsapp.tips.models import TipMessage
from tipsapp.triage import search
from tipsapp.triage.models import TriageItem
from tipsapp.triage.service import check_version

# Closed without going into a report: their clock starts at their last change.
UNREPORTED_STATUSES = ("rejected", "duplicate", "archived")
DEFAULT_BATCH_SIZE = 500

# The counts a run or an erasure reports, in the order they are printed.
COUNT_LABELS = {
    "tip_texts": "tip texts erased",
    "report_texts": "reporters' report texts erased",
    "observation_texts": "observation texts erased",
    "notes": "notes removed",
    "report_rows": "published report rows cleared",
    "photos": "photos removed",
    "photo_files": "photo files deleted",
    "messages": "messages removed",
    "audit_details": "audit details cleared",
}

# What ``pending`` counts (a dry run): the rows a run would start from.
DUE_LABELS = {
    "tip_texts": "tip texts due",
    "report_texts": "reporters' report texts due",
    "observation_texts": "observation texts due",
    "photos": "photos due",
    "messages": "messages due",
    "audit_details": "audit details due",
}

SETTINGS = {
    "tip_text": "RETAIN_TIP_TEXT_MONTHS",
    "observation_text": "RETAIN_OBSERVATION_TEXT_MONTHS",
    "photos": "RETAIN_PHOTO_MONTHS",
    "messages": "RETAIN_MESSAGE_MONTHS",
    "audit_detail": "RETAIN_AUDIT_DETAIL_MONTHS",
    "unreported": "RETAIN_UNREPORTED_MONTHS",
}


class RetentionConfigError(ValueError):
    """A retention setting that cannot be a number of months."""


@dataclass(frozen=True)
class Policy:
    """Months each kind of data is kept (see ``SETTINGS`` for the config names)."""

    tip_text: int
    observation_text: int
    photos: int
    messages: int
    audit_detail: int
    unreported: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Policy:
        months: dict[str, int] = {}
        for field, setting in SETTINGS.items():
            value = config[setting]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise RetentionConfigError(f"TIPSAPP_{setting} must be 0 or more months")
            months[field] = value
        return cls(**months)


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment ``months`` calendar months earlier (31 March less one month: 28/29 Feb)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def due(months: int, now: datetime, unreported_months: int | None = None) -> ColumnElement[bool]:
    """Items whose clock for a kind kept ``months`` has run out at ``now``.

    ``unreported_months`` caps the months of items closed without a report (None: no cap).
    """
    published_before = select(Report.id).where(
        Report.status == "published", Report.published_at < months_before(now, months)
    )
    unreported = months if unreported_months is None else min(months, unreported_months)
    return or_(
        TriageItem.report_id.in_(published_before),
        and_(
            TriageItem.report_id.is_(None),
            TriageItem.status.in_(UNREPORTED_STATUSES),
            TriageItem.updated_at < months_before(now, unreported),
        ),
    )


# --- erasing one item's content ----------------------------------------------------------------


Position = tuple[float | None, float | None, float | None]


class Districts:
    """The districts of each area, read once per batch."""

    def __init__(self) -> None:
        self._by_area: dict[int, list[District]] = {}

    def of(self, area_id: int) -> list[District]:
        if area_id not in self._by_area:
            self._by_area[area_id] = list(
                db.session.scalars(
                    select(District).where(District.area_id == area_id).order_by(District.name)
                )
            )
        return self._by_area[area_id]

    def position(self, area_id: int, latitude: float | None, longitude: float | None) -> Position:
        """The position coarsened to its district: the centre, with the radius as accuracy.

        The public follow-up counts an item in the nearest district whose circle holds it, and
        a district's own centre lies in that district, so its figures stay as they were. A
        position in no district is dropped (the item then counts as unlocated).
        """
        if latitude is None or longitude is None:
            return None, None, None
        districts = self.of(area_id)
        index = district_index(districts, latitude, longitude)
        if index == len(districts):
            return None, None, None
        district = districts[index]
        return district.latitude, district.longitude, float(district.radius_m)


def _erase_content(
    item: TriageItem, now: datetime, counts: Counter[str], districts: Districts
) -> None:
    """Free text, place, exact position and everything derived from the text; notes too."""
    first_time = item.content_erased_at is None
    tip, observation = item.tip, item.observation
    source = tip if tip is not None else observation
    if source is not None:
        source.text, source.place = "", None
        source.latitude, source.longitude, source.accuracy_m = districts.position(
            source.area_id, source.latitude, source.longitude
        )
    if tip is not None:
        tip.occurred_at, tip.language = None, None
        # An EST reporter's report is a tip row too (tipsapp/reporters/), counted apart.
        counts["report_texts" if item.kind == "report" else "tip_texts"] += int(first_time)
    elif observation is not None:
        counts["observation_texts"] += int(first_time)
    item.redacted_text = None
    item.masked_excerpt = ""
    item.rejection_reason = None
    # The analyst's summary for partners retells the text.
    item.partner_summary = None
    # The words the suggestion picked, and the language it was written in, come from the text.
    item.text_language, item.needs_translation = "und", False
    item.suggestion_words = []
    item.urgency_words = []
    counts["notes"] += len(item.notes)
    item.notes.clear()
    # A handover's note retells the text too (tipsapp/handover/); whom and when stay.
    from tipsapp.handover.service import erase_handover_notes

    counts["notes"] += erase_handover_notes(item)
    if first_time:
        item.content_erased_at = now


# What a report row holds of an item's content (the district and figures stay).
SNAPSHOT_TEXT_KEYS = ("text", "place", "partner_summary")


def scrub_snapshot(snapshot: dict[str, Any], references: set[str]) -> tuple[dict[str, Any], int]:
    """The snapshot with the text, place and partner summary of these items' rows cleared.

    Returns it and how many item rows were cleared.

    Every figure (counts, trends, hotspot counts, item categories) is left as published.
    """
    scrubbed = copy.deepcopy(snapshot)
    cleared = 0
    for section in ("items", "notable"):
        for row in scrubbed.get(section) or []:
            if row.get("reference") not in references:
                continue
            if all(row.get(key) is None for key in SNAPSHOT_TEXT_KEYS):
                continue
            row.update(dict.fromkeys(SNAPSHOT_TEXT_KEYS))
            cleared += section == "items"
    return scrubbed, cleared


def _clear_report_rows(items: Iterable[TriageItem], counts: Counter[str]) -> None:
    by_report: dict[int, set[str]] = defaultdict(set)
    for item in items:
        if item.report_id is not None:
            by_report[item.report_id].add(item.reference)
    if not by_report:
        return
    for report in db.session.scalars(select(Report).where(Report.id.in_(by_report))):
        if report.snapshot is None:
            continue
        snapshot, cleared = scrub_snapshot(report.snapshot, by_report[report.id])
        if cleared:
            report.snapshot = snapshot
            flag_modified(report, "snapshot")
            counts["report_rows"] += cleared


def _has_detail() -> ColumnElement[bool]:
    """An audit entry with a reason or a detail left (JSON null counts as none)."""
    return or_(
        AuditEntry.reason.is_not(None),
        and_(AuditEntry.detail.is_not(None), cast(AuditEntry.detail, String) != "null"),
    )


def _clear_audit(entry_ids: list[int]) -> None:
    # The log is append-only for the ORM (audit/models.py); retention is the one writer that
    # clears the free-text reason and detail, which can hold personal data. The row itself,
    # who, when, what and which item, is never changed or deleted.
    table = AuditEntry.__table__
    db.session.execute(
        update(table).where(table.c.id.in_(entry_ids)).values(reason=None, detail=null())
    )


def _delete_unreferenced_files(hashes: set[str]) -> int:
    """Delete the files or blobs no photo row refers to any more (content addressing shares them).

    Called after the rows' commit, holding the write turn (a database store deletes rows).
    """
    return storage.current().delete_unreferenced(hashes)


def _remove_photo_rows(photos: list[Photo], counts: Counter[str]) -> set[str]:
    hashes = {h for photo in photos for h in (photo.content_hash, photo.thumbnail_hash)}
    for photo in photos:
        db.session.delete(photo)
    counts["photos"] += len(photos)
    return hashes


def _commit() -> bool:
    """Commit; False when a colleague changed an item meanwhile (the next batch retries it)."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return False
    return True


# --- the scheduled run -----------------------------------------------------------------------


def _in_batches(step: Callable[[], bool]) -> None:
    """Repeat ``step`` (one transaction, holding the write turn) until it finds nothing left."""
    while True:
        with serialized_write():
            found = step()
        if not found:
            return


def _erase_texts(
    kind: str, condition: ColumnElement[bool], now: datetime, size: int, counts: Counter[str]
) -> None:
    def step() -> bool:
        items = list(
            db.session.scalars(
                select(TriageItem)
                .where(TriageItem.kind == kind, TriageItem.content_erased_at.is_(None), condition)
                .order_by(TriageItem.id)
                .limit(size)
                .options(
                    selectinload(TriageItem.tip),
                    selectinload(TriageItem.observation),
                    selectinload(TriageItem.notes),
                )
            )
        )
        if not items:
            return False
        batch: Counter[str] = Counter()
        districts = Districts()
        for item in items:
            _erase_content(item, now, batch, districts)
        _clear_report_rows(items, batch)
        search.forget_erased_words()
        if _commit():
            counts.update(batch)
        return True

    _in_batches(step)


def _remove_photos(condition: ColumnElement[bool], size: int, counts: Counter[str]) -> None:
    due_tips = select(TriageItem.tip_id).where(condition, TriageItem.tip_id.is_not(None))
    due_observations = select(TriageItem.observation_id).where(
        condition, TriageItem.observation_id.is_not(None)
    )

    def step() -> bool:
        photos = list(
            db.session.scalars(
                select(Photo)
                .where(or_(Photo.tip_id.in_(due_tips), Photo.observation_id.in_(due_observations)))
                .order_by(Photo.id)
                .limit(size)
            )
        )
        if not photos:
            return False
        hashes = _remove_photo_rows(photos, counts)
        db.session.commit()
        counts["photo_files"] += _delete_unreferenced_files(hashes)
        return True

    _in_batches(step)


def _remove_messages(condition: ColumnElement[bool], size: int, counts: Counter[str]) -> None:
    due_tips = select(TriageItem.tip_id).where(condition, TriageItem.tip_id.is_not(None))

    def step() -> bool:
        ids = list(
            db.session.scalars(
                select(TipMessage.id)
                .where(TipMessage.tip_id.in_(due_tips))
                .order_by(TipMessage.id)
                .limit(size)
            )
        )
        if not ids:
            return False
        db.session.execute(delete(TipMessage).where(TipMessage.id.in_(ids)))
        db.session.commit()
        counts["messages"] += len(ids)
        return True

    _in_batches(step)


def _clear_audit_details(condition: ColumnElement[bool], size: int, counts: Counter[str]) -> None:
    due_references = select(TriageItem.reference).where(condition)

    def step() -> bool:
        ids = list(
            db.session.scalars(
                select(AuditEntry.id)
                .where(
                    AuditEntry.target_kind == "item",
                    AuditEntry.target_ref.in_(due_references),
                    _has_detail(),
                )
                .order_by(AuditEntry.id)
                .limit(size)
            )
        )
        if not ids:
            return False
        _clear_audit(ids)
        db.session.commit()
        counts["audit_details"] += len(ids)
        return True

    _in_batches(step)


def run(policy: Policy, batch_size: int = DEFAULT_BATCH_SIZE) -> Counter[str]:
    """Erase everything kept past its months; what was removed, per kind.

    One transaction per batch, so a long first run never holds the database for long and an
    interrupted run loses nothing: the next one picks up what is left.
    """
    now = clock.utcnow()
    counts: Counter[str] = Counter()
    _erase_texts("tip", due(policy.tip_text, now, policy.unreported), now, batch_size, counts)
    # Reporters' reports keep as long as tips: the same text, the same months.
    _erase_texts("report", due(policy.tip_text, now, policy.unreported), now, batch_size, counts)
    _erase_texts(
        "observation",
        due(policy.observation_text, now, policy.unreported),
        now,
        batch_size,
        counts,
    )
    _remove_photos(due(policy.photos, now, policy.unreported), batch_size, counts)
    _remove_messages(due(policy.messages, now, policy.unreported), batch_size, counts)
    _clear_audit_details(due(policy.audit_detail, now), batch_size, counts)
    if any(counts.values()):
        # One entry per run that removed something: counts only, never what was removed.
        record(None, "retention.run", "retention", None, detail=dict(counts))
        db.session.commit()
    return counts


def pending(policy: Policy) -> Counter[str]:
    """What a run would erase now, per kind, without erasing anything (``--dry-run``).

    Notes, report rows and files are not counted: they follow from the items.
    """
    now = clock.utcnow()
    counts: Counter[str] = Counter()

    def count(query: Any) -> int:
        return int(db.session.scalar(select(func.count()).select_from(query.subquery())) or 0)

    for key, kind, months in (
        ("tip_texts", "tip", policy.tip_text),
        ("report_texts", "report", policy.tip_text),
        ("observation_texts", "observation", policy.observation_text),
    ):
        counts[key] = count(
            select(TriageItem.id).where(
                TriageItem.kind == kind,
                TriageItem.content_erased_at.is_(None),
                due(months, now, policy.unreported),
            )
        )
    photo_due = due(policy.photos, now, policy.unreported)
    counts["photos"] = count(
        select(Photo.id).where(
            or_(
                Photo.tip_id.in_(select(TriageItem.tip_id).where(photo_due)),
                Photo.observation_id.in_(select(TriageItem.observation_id).where(photo_due)),
            )
        )
    )
    message_due = due(policy.messages, now, policy.unreported)
    counts["messages"] = count(
        select(TipMessage.id).where(
            TipMessage.tip_id.in_(select(TriageItem.tip_id).where(message_due))
        )
    )
    counts["audit_details"] = count(
        select(AuditEntry.id).where(
            AuditEntry.target_kind == "item",
            AuditEntry.target_ref.in_(
                select(TriageItem.reference).where(due(policy.audit_detail, now))
            ),
            _has_detail(),
        )
    )
    return counts


# --- erasing one item now ----------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    reference: str
    erased_at: datetime
    removed: dict[str, int]


def erase_item(
    user: StaffUser, item: TriageItem, reason: str, if_match: str | None = None
) -> Erasure:
    """Erase the item's personal content now, with the analyst's reason in the audit log.

    Earlier audit entries of the item lose their reasons and details (a rejection or redaction
    reason can quote the text); the new entry keeps the reason for erasing and the counts.
    Repeating it removes only what came since (a late message or photo) and, when nothing did,
    writes no second entry.
    """
    check_version(item, if_match)
    now = clock.utcnow()
    counts: Counter[str] = Counter({key: 0 for key in COUNT_LABELS})
    already_erased = item.content_erased_at is not None
    with serialized_write():
        earlier = list(
            db.session.scalars(
                select(AuditEntry.id).where(
                    AuditEntry.target_kind == "item",
                    AuditEntry.target_ref == item.reference,
                    AuditEntry.action != "item.erase",
                    _has_detail(),
                )
            )
        )
        if earlier:
            _clear_audit(earlier)
            counts["audit_details"] += len(earlier)
        _erase_content(item, now, counts, Districts())
        _clear_report_rows([item], counts)
        search.forget_erased_words()
        hashes = _remove_photo_rows(_photos_of(item), counts)
        if item.tip is not None:
            counts["messages"] += len(item.tip.messages)
            item.tip.messages.clear()
        changed = not already_erased or any(counts.values())
        if changed:
            record(
                user,
                "item.erase",
                "item",
                item.reference,
                reason=reason,
                detail={"removed": dict(counts)},
            )
            item.updated_at = now
        if not _commit():
            raise ApiError(412, "precondition_failed")
        counts["photo_files"] += _delete_unreferenced_files(hashes)
    erased_at = item.content_erased_at or now
    return Erasure(item.reference, erased_at, dict(counts))


def _photos_of(item: TriageItem) -> list[Photo]:
    if item.tip_id is not None:
        owner = Photo.tip_id == item.tip_id
    elif item.observation_id is not None:
        owner = Photo.observation_id == item.observation_id
    else:
        return []
    return list(db.session.scalars(select(Photo).where(owner)))
