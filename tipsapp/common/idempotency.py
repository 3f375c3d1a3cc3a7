"""Idempotency keys: a phone that retries gets the first answer again, never a duplicate.

Only a keyed hash of the client's key is stored, so the table cannot be used to replay or
to link a stored key back to a device.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import String, delete
from sqlalchemy.orm import Mapped, mapped_column

from tipsapp.common.clock import utcnow
from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.security.secrets import keyed_hash


class IdempotencyRecord(db.Model):  # type: ignore[name-defined]
    """Which resource a (scope, key) created, and a hash of the request that created it."""

    __tablename__ = "idempotency_records"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    resource_ref: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


def key_hash(scope: str, key: str) -> str:
    return keyed_hash("idempotency", f"{scope}:{key}")


def request_fingerprint(payload: Any) -> str:
    """A stable hash of the validated request, so a reordered JSON body is still 'the same'."""
    canonical = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def find_live(hashed_key: str) -> IdempotencyRecord | None:
    """The unexpired record for a key; an expired one is removed so the key can be reused."""
    record = db.session.get(IdempotencyRecord, hashed_key)
    if record is not None and record.expires_at <= utcnow():
        db.session.delete(record)
        db.session.flush()
        return None
    return record


def new_record(hashed_key: str, fingerprint: str, resource_ref: str) -> IdempotencyRecord:
    ttl = timedelta(days=int(current_app.config["IDEMPOTENCY_TTL_DAYS"]))
    return IdempotencyRecord(
        key_hash=hashed_key,
        request_hash=fingerprint,
        resource_ref=resource_ref,
        expires_at=utcnow() + ttl,
    )


def purge_expired() -> int:
    """Delete expired records; returns how many went."""
    result = db.session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= utcnow())
    )
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
