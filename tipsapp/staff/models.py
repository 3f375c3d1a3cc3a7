"""Organisations, the areas their agreement covers, staff users and their login tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.reference.models import Area

ORGANISATION_KINDS = ("municipality", "police", "partner")
# A reporter (EST) logs what they see on their rounds and reads only their own reports.
ROLES = ("admin", "analyst", "partner", "viewer", "reporter")


def new_public_id() -> str:
    return uuid.uuid4().hex


organisation_areas = Table(
    "organisation_areas",
    db.metadata,
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(db.Model):  # type: ignore[name-defined]
    """The municipality, the police, or a partner; its agreement names the areas it works in."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The organisation's members (any role) must use a second factor when 2FA is enforced.
    require_2fa: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    areas: Mapped[list[Area]] = relationship(secondary=organisation_areas, lazy="selectin")

    @property
    def area_codes(self) -> list[str]:
        return sorted(area.code for area in self.areas)


class StaffUser(db.Model):  # type: ignore[name-defined]
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The TOTP secret is never stored: it is derived from this random seed and SECRET_KEY
    # (staff/second_factor.py), so a copy of the database alone cannot make codes.
    totp_seed: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last TOTP time step accepted: a code seen once is refused after (no replay).
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def active(self) -> bool:
        return self.disabled_at is None


class AuthToken(db.Model):  # type: ignore[name-defined]
    """A bearer token, stored only as its SHA-256 (it has 256 random bits, so no key is needed)."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Written at most once a minute (staff/sessions.py) to keep writes low.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A coarse "mobile/firefox" from a staff member's user agent; never an address.
    device_kind: Mapped[str | None] = mapped_column(String(40))
    # "console" (the cookie: ends after idle minutes) or "api" (a bearer client).
    via: Mapped[str | None] = mapped_column(String(8))

    user: Mapped[StaffUser] = relationship(lazy="joined")


class RecoveryCode(db.Model):  # type: ignore[name-defined]
    """A one-time code that stands in for a lost authenticator, kept as a keyed hash only."""

    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
