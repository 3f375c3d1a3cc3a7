"""One row per thing to deliver, written in the transaction of the change that causes it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db

EVENT_STATES = ("pending", "delivered", "dead")
LAST_ERROR_MAX = 200


def new_delivery_id() -> str:
    return str(uuid.uuid4())


class OutboxEvent(db.Model):  # type: ignore[name-defined]
    """An event waiting for (or done with) delivery.

    The payload names rows (``{"handover": "..."}``), never their content: what is sent is
    read at send time, so an erasure before delivery is respected and this table holds no
    second copy of anyone's text. ``next_attempt_at`` is when it is due; a relay that claims
    it moves that forward by the lease and writes its ``claim_token``, so no other relay takes
    it while it is being delivered.
    """

    __tablename__ = "outbox_events"
    __table_args__ = (
        # What the relay asks for: due pending events, oldest first.
        Index("ix_outbox_events_due", "state", "next_attempt_at", "id"),
        # The dead-letter list staff read, newest first.
        Index("ix_outbox_events_state_created", "state", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The id every delivery carries, so a receiver can drop a repeat (see tipsapp/outbox/).
    delivery_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_delivery_id)
    kind: Mapped[str] = mapped_column(String(48))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(36))
    # Short and free of content: the error's kind and code, never a message body or address.
    last_error: Mapped[str | None] = mapped_column(String(LAST_ERROR_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
