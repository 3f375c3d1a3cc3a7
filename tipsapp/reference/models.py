"""Areas and categories: small tables every item points to."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tipsapp.extensions import db


class Area(db.Model):  # type: ignore[name-defined]
    """A municipality whose tips and reports are kept apart from the others'."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    police_area: Mapped[str | None] = mapped_column(String(100))
    # The joint meeting's weekday (0 = Monday ... 6 = Sunday) and how many ISO weeks a report
    # covers: weekly on Thursdays unless the area agrees otherwise.
    report_weekday: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    report_every_weeks: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class District(db.Model):  # type: ignore[name-defined]
    """A named part of an area: the only kind of location the public follow-up shows."""

    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("area_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[int] = mapped_column(Integer, default=2500)


class Category(db.Model):  # type: ignore[name-defined]
    """A category code with its labels; the code is what the API speaks."""

    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    label_sv: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(120))
    focus_area: Mapped[str | None] = mapped_column(String(16))
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    def label(self, language: str) -> str:
        """The label in any offered language; a category added by an admin has only sv/en."""
        from tipsapp.common.i18n import CATEGORY_LABELS

        if self.code in CATEGORY_LABELS:
            return CATEGORY_LABELS.get(self.code, language)
        return self.label_en if language == "en" else self.label_sv
