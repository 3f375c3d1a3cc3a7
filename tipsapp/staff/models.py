"""Organisations, the areas their agreement covers, staff users and their login tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Table
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

    user: Mapped[StaffUser] = relationship(lazy="joined")
