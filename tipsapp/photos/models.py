"""A photo: re-encoded pixels under their content hash (on disk or in ``photo_blobs``), and who
it belongs to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.staff.models import new_public_id


class Photo(db.Model):  # type: ignore[name-defined]
    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    # The uploader's UUID: a repeated PUT with it stores nothing new.
    client_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    tip_id: Mapped[int | None] = mapped_column(
        ForeignKey("tips.id", ondelete="CASCADE"), index=True
    )
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="CASCADE"), index=True
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    thumbnail_hash: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PhotoBlob(db.Model):  # type: ignore[name-defined]
    """Re-encoded bytes by their sha256 when ``PHOTO_STORAGE`` is ``database`` (bytea / BLOB).

    Shared by every photo row with the same hash; deleted when no row refers to it any more.
    """

    __tablename__ = "photo_blobs"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    byte_size: Mapped[int] = mapped_column(Integer)
    # To the minute, as the photo rows: an exact time could be matched against network logs.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
