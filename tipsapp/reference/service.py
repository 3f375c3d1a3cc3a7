"""Reading and seeding areas and categories."""

from __future__ import annotations

from sqlalchemy import select

from tipsapp.extensions import db
from tipsapp.reference.data import AREAS, CATEGORIES, DISTRICTS, FOCUS_AREAS
from tipsapp.reference.models import Area, Category, District

FOCUS_LABELS = {focus.code: focus for focus in FOCUS_AREAS}
CATEGORY_CODES = frozenset(category.code for category in CATEGORIES)
# Area code -> id per database. Areas are only ever added, so a miss re-reads the table and a
# hit needs no query: every tip intake looks its area up.
_area_ids: dict[str, dict[str, int]] = {}


def list_areas() -> list[Area]:
    return list(db.session.scalars(select(Area).order_by(Area.name)))


def list_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.sort_order)))


def area_by_code(code: str) -> Area | None:
    return db.session.scalars(select(Area).where(Area.code == code)).first()


def area_id_for_code(code: str) -> int | None:
    """The id of the area with this code, from the cache; unknown codes re-read the table."""
    key = str(db.engine.url)
    cached = _area_ids.get(key, {})
    if code not in cached:
        cached = {area.code: area.id for area in db.session.scalars(select(Area))}
        _area_ids[key] = cached
    return cached.get(code)


def category_exists(code: str) -> bool:
    """Categories are fixed by the agreement (seeded from data.py), so no query is needed."""
    return code in CATEGORY_CODES


def add_area(code: str, name: str, police_area: str | None = None) -> tuple[Area, bool]:
    """Add an area, or update its names; returns the area and whether it was new."""
    area = area_by_code(code)
    created = area is None
    if area is None:
        area = Area(code=code, name=name, police_area=police_area)
        db.session.add(area)
    else:
        area.name = name
        if police_area is not None:
            area.police_area = police_area
    db.session.commit()
    return area, created


def seed_reference_data() -> dict[str, int]:
    """Write the canonical categories and the seed areas; safe to run any number of times."""
    created = {"categories": 0, "areas": 0}
    for order, definition in enumerate(CATEGORIES):
        category = db.session.get(Category, definition.code)
        if category is None:
            category = Category(code=definition.code)
            db.session.add(category)
            created["categories"] += 1
        category.label_sv = definition.label_sv
        category.label_en = definition.label_en
        category.focus_area = definition.focus_area
        category.sensitive = definition.sensitive
        category.sort_order = order
    for code, name, police_area in AREAS:
        if area_by_code(code) is None:
            db.session.add(Area(code=code, name=name, police_area=police_area))
            created["areas"] += 1
    db.session.flush()
    created["districts"] = 0
    for area_code, name, lat, lon, radius in DISTRICTS:
        area = area_by_code(area_code)
        exists = (
            db.session.scalars(
                select(District).where(District.area_id == area.id, District.name == name)
            ).first()
            if area is not None
            else True
        )
        if area is not None and exists is None:
            db.session.add(
                District(area_id=area.id, name=name, latitude=lat, longitude=lon, radius_m=radius)
            )
            created["districts"] += 1
    db.session.commit()
    return created


class DistrictNames:
    """The named district a position lies in: the only location partners and viewers are told.

    They never read the place a resident or walker typed; a district is a part of the area
    that staff named. Each area's districts are read once per instance (one per request).
    """

    def __init__(self) -> None:
        self._by_area: dict[int, list[District]] = {}

    def name(self, area_id: int, latitude: float | None, longitude: float | None) -> str | None:
        if latitude is None or longitude is None:
            return None
        if area_id not in self._by_area:
            self._by_area[area_id] = list(
                db.session.scalars(
                    select(District).where(District.area_id == area_id).order_by(District.name)
                )
            )
        districts = self._by_area[area_id]
        # The public follow-up's rule, so a point lies in the same district everywhere.
        from tipsapp.public.service import district_index

        index = district_index(districts, latitude, longitude)
        return districts[index].name if index < len(districts) else None
