"""Login sessions: the AuthToken rows, their last use, a coarse device kind, and ending them.

A console session (the cookie) ends after ``TIPSAPP_SESSION_IDLE_MINUTES`` without a request;
a bearer client's token only at its expiry. ``last_used_at`` is written at most once a minute,
after a successful answer, so a busy console costs one small write a minute, not one per
request, and a refused request still writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Response, current_app, g
from sqlalchemy import select, update

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.extensions import db
from tipsapp.security.secrets import constant_time_equal, keyed_hash
from tipsapp.staff.models import AuthToken, StaffUser

TOUCH_EVERY = timedelta(minutes=1)
DEVICE_KINDS = ("mobile", "tablet", "computer", "unknown")
# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = (
    ("edge", re.compile(r"Edg(e|A|iOS)?/")),
    ("opera", re.compile(r"OPR/|Opera")),
    ("firefox", re.compile(r"Firefox/|FxiOS/")),
    ("chrome", re.compile(r"Chrome/|CriOS/")),
    ("safari", re.compile(r"Safari/")),
)


def device_kind(user_agent: str | None) -> str:
    """``"mobile/firefox"``: the kind of device and the browser family, nothing finer.

    Staff only, and kept so a user can recognise their own sessions: no version, no model,
    no operating system build, and never the address (a device trace we do not keep).
    """
    agent = (user_agent or "")[:512]
    if not agent:
        return "unknown/other"
    if re.search(r"iPad|Tablet", agent) or ("Android" in agent and "Mobile" not in agent):
        kind = "tablet"
    elif re.search(r"Mobi|iPhone|Android", agent):
        kind = "mobile"
    elif re.search(r"Windows|Macintosh|X11|Linux|CrOS", agent):
        kind = "computer"
    else:
        kind = "unknown"
    browser = next((name for name, pattern in BROWSERS if pattern.search(agent)), "other")
    return f"{kind}/{browser}"


def idle_limit() -> timedelta:
    return timedelta(minutes=int(current_app.config["SESSION_IDLE_MINUTES"]))


def last_activity(row: AuthToken) -> datetime:
    return row.last_used_at or row.created_at


def is_live(row: AuthToken, now: datetime) -> bool:
    """Unrevoked, unexpired, and (for the console) used within the idle limit."""
    if row.revoked_at is not None or row.expires_at <= now:
        return False
    return not (row.via == "console" and now - last_activity(row) > idle_limit())


def note_use(row: AuthToken, now: datetime) -> None:
    """Remember to write this use (at most once a minute) once the request has succeeded."""
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        g.tipsapp_session_use = (row.id, now)


def write_noted_use(response: Response) -> Response:
    """After a successful answer only: a refused request writes nothing, as everywhere."""
    noted = g.pop("tipsapp_session_use", None)
    if noted is not None and response.status_code < 400:
        token_id, now = noted
        db.session.execute(
            update(AuthToken).where(AuthToken.id == token_id).values(last_used_at=now)
        )
        db.session.commit()
    return response


@dataclass(frozen=True)
class Session:
    id: str
    device_kind: str
    via: str
    created_at: datetime
    last_used_at: datetime
    current: bool


def session_id(row: AuthToken) -> str:
    """An opaque id for one session: a keyed hash of the token's hash, never the token."""
    return keyed_hash("session-id", row.token_hash)[:32]


def _live_rows(user: StaffUser) -> list[AuthToken]:
    now = utcnow()
    rows = db.session.scalars(
        select(AuthToken)
        .where(AuthToken.user_id == user.id, AuthToken.revoked_at.is_(None))
        .order_by(AuthToken.created_at.desc(), AuthToken.id.desc())
    )
    return [row for row in rows if is_live(row, now)]


def sessions_of(user: StaffUser, current_token_hash: str | None) -> list[Session]:
    return [
        Session(
            id=session_id(row),
            device_kind=row.device_kind or "unknown/other",
            via=row.via or "api",
            created_at=row.created_at,
            last_used_at=last_activity(row),
            current=row.token_hash == current_token_hash,
        )
        for row in _live_rows(user)
    ]


def end_session(user: StaffUser, wanted: str) -> bool:
    """End one of the user's own sessions by its id; False when there is none such."""
    for row in _live_rows(user):
        if constant_time_equal(session_id(row), wanted):
            row.revoked_at = utcnow()
            record(user, "auth.session_ended", "user", user.public_id)
            db.session.commit()
            return True
    return False


def end_all_sessions(user: StaffUser, actor: StaffUser) -> int:
    """An admin ends every session of a user (a lost phone, a leaving employee)."""
    result = db.session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user.id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    ended = int(getattr(result, "rowcount", 0) or 0)
    record(actor, "auth.sessions_ended", "user", user.public_id, detail={"ended": ended})
    db.session.commit()
    return ended
