"""After the walk: what was seen, where, how places scored, and what changed since an earlier walk.

Places are what the walkers named; an observation without a name but with a position joins a
cluster of positions within ``CLUSTER_RADIUS_M`` of each other, so "the tunnel" reported by
five phones counts as one place. Two walks are compared place by place (same name, or centres
within ``MATCH_RADIUS_M``) and issue by issue: fixed, remains, new.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.staff.models import StaffUser
from tipsapp.triage.service import excerpt_for
from tipsapp.walks.checklist import CHECKLIST_CODES, ISSUES
from tipsapp.walks.models import Observation, Walk

EARTH_RADIUS_M = 6_371_008.8
# Roles that read what walkers wrote; partners read the analysts' summaries instead.
STAFF_READERS = frozenset({"admin", "analyst"})
CLUSTER_RADIUS_M = 50.0
MATCH_RADIUS_M = 75.0
MEAN_DECIMALS = 2

ISSUE_ORDER = {issue: index for index, issue in enumerate(ISSUES)}
POINT_ORDER = {code: index for index, code in enumerate(CHECKLIST_CODES)}


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (exact enough for tens of metres and for kilometres)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def normalise_place(name: str) -> str:
    """Names typed on phones differ in case and spacing, not in meaning."""
    return " ".join(name.split()).casefold()


def _located(observation: Observation) -> bool:
    return observation.latitude is not None and observation.longitude is not None


def _distance(a: Observation, b: Observation) -> float:
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    return haversine_m(a.latitude, a.longitude, b.latitude, b.longitude)


@dataclass(eq=False)
class Place:
    """A named place, or a cluster of nearby unnamed observations."""

    id: str
    name: str | None
    members: list[Observation] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "named" if self.name is not None else "cluster"

    @property
    def centre(self) -> tuple[float, float] | None:
        located = [m for m in self.members if _located(m)]
        if not located:
            return None
        lat = sum(float(m.latitude or 0.0) for m in located) / len(located)
        lon = sum(float(m.longitude or 0.0) for m in located) / len(located)
        return lat, lon

    @property
    def issues(self) -> list[str]:
        return sorted({m.issue for m in self.members}, key=lambda i: ISSUE_ORDER.get(i, 99))

    def rating_stats(self) -> dict[str, tuple[float, int]]:
        """Per checklist point: the exact mean of the ratings given here, and how many."""
        values: dict[str, list[int]] = {}
        for member in self.members:
            for code, rating in (member.ratings or {}).items():
                values.setdefault(code, []).append(int(rating))
        return {
            code: (sum(ratings) / len(ratings), len(ratings))
            for code, ratings in sorted(values.items(), key=lambda kv: POINT_ORDER.get(kv[0], 99))
        }

    @property
    def rated(self) -> int:
        return sum(1 for m in self.members if m.ratings)


def group_places(observations: list[Observation]) -> list[Place]:
    """Group by the typed name, else greedily by position (members pairwise within 50 m).

    Observations are taken in the order they were seen; each unnamed one joins the nearest
    cluster whose every member is within ``CLUSTER_RADIUS_M`` of it, else starts a new one.
    The order is fixed, so the same walk always gives the same places.
    """
    places: list[Place] = []
    by_name: dict[str, Place] = {}
    clusters: list[Place] = []
    for observation in observations:
        if observation.place:
            key = normalise_place(observation.place)
            place = by_name.get(key)
            if place is None:
                place = Place(f"P{len(places) + 1}", " ".join(observation.place.split()))
                by_name[key] = place
                places.append(place)
            place.members.append(observation)
        elif _located(observation):
            best: tuple[float, Place] | None = None
            for cluster in clusters:
                distances = [_distance(observation, member) for member in cluster.members]
                if max(distances) <= CLUSTER_RADIUS_M:
                    nearest = min(distances)
                    if best is None or nearest < best[0]:
                        best = (nearest, cluster)
            if best is None:
                cluster = Place(f"P{len(places) + 1}", None)
                clusters.append(cluster)
                places.append(cluster)
            else:
                cluster = best[1]
            cluster.members.append(observation)
    return places


def walk_observations(walk: Walk) -> list[Observation]:
    """The walk's observations in the order seen, each with its queue item loaded."""
    return list(
        db.session.scalars(
            select(Observation)
            .where(Observation.walk_id == walk.id)
            .options(selectinload(Observation.item))
            .order_by(Observation.seen_at, Observation.id)
        )
    )


def marker_numbers(observations: list[Observation]) -> dict[int, int]:
    """Observation id -> the number drawn on the map (located ones only, in the order seen)."""
    located = [o for o in observations if _located(o)]
    return {observation.id: number for number, observation in enumerate(located, start=1)}


def _category(observation: Observation) -> str:
    # The analyst's decision when there is one, else what the walker chose (or the issue
    # implied); never the text classifier's guess, so the counts match what was reported.
    item = observation.item
    return (item.category if item is not None and item.category else None) or observation.category


def _mean(value: float) -> float:
    return round(value, MEAN_DECIMALS)


def _place_ref(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"id": place.id, "name": place.name}


def _place_view(place: Place) -> dict[str, Any]:
    centre = place.centre
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "location": {"lat": round(centre[0], 6), "lon": round(centre[1], 6)} if centre else None,
        "observations": [m.reference for m in place.members],
        "issues": place.issues,
        "rated": place.rated,
        "ratings": {
            code: {"mean": _mean(mean), "n": n} for code, (mean, n) in place.rating_stats().items()
        },
    }


def _count(values: list[str], order: dict[str, int]) -> dict[str, int]:
    counts = Counter(values)
    return {key: counts[key] for key in sorted(counts, key=lambda k: (order.get(k, 99), k))}


def summarise(user: StaffUser, walk: Walk, earlier: Walk | None = None) -> dict[str, Any]:
    """The summary of one walk, and the comparison with ``earlier`` when given."""
    observations = walk_observations(walk)
    places = group_places(observations)
    place_of = {member.id: place for place in places for member in place.members}
    numbers = marker_numbers(observations)
    partner = user.role not in STAFF_READERS
    items = []
    for observation in observations:
        item = observation.item
        shared = item is not None and item.shared_with_partners and not item.sensitive
        items.append(
            {
                "number": numbers.get(observation.id),
                "reference": observation.reference,
                "issue": observation.issue,
                "category": _category(observation),
                "status": item.status if item is not None else None,
                "place": _place_ref(place_of.get(observation.id)),
                "seen_at": observation.seen_at,
                # Partners read nothing a walker wrote, not even masked: the analyst's summary
                # of a shared observation instead.
                "excerpt": None if partner or item is None else excerpt_for(item),
                "partner_summary": item.partner_summary if shared and item is not None else None,
            }
        )
    summary: dict[str, Any] = {
        "walk": walk,
        "observations": len(observations),
        "by_issue": _count([o.issue for o in observations], ISSUE_ORDER),
        "by_category": _count([_category(o) for o in observations], {}),
        "places": [_place_view(place) for place in places],
        "items": items,
    }
    if earlier is not None:
        summary["comparison"] = compare(earlier, places, observations)
    return without_place_names(summary) if partner else summary


def without_place_names(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary with the place names walkers typed left out (partners): a typed place can
    name a home or a person ("outside Anna's house"). Places keep their ids and positions."""

    def unnamed(place: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if place is None else {**place, "name": None}

    shown = {
        **summary,
        "places": [unnamed(place) for place in summary["places"]],
        "items": [{**item, "place": unnamed(item["place"])} for item in summary["items"]],
    }
    if "comparison" in summary:
        comparison = summary["comparison"]
        shown["comparison"] = {
            **comparison,
            "places": [
                {
                    **entry,
                    "place": unnamed(entry["place"]),
                    "earlier_place": unnamed(entry["earlier_place"]),
                }
                for entry in comparison["places"]
            ],
        }
    return shown


def check_comparable(walk: Walk, earlier: Walk | None) -> Walk:
    """The earlier walk must be in the same area and have started before this one."""
    if earlier is None or earlier.area_id != walk.area_id:
        raise ApiError(
            422, "validation_failed", fields={"compare": ["Must be a walk in the same area."]}
        )
    if earlier.id == walk.id or earlier.starts_at >= walk.starts_at:
        raise ApiError(
            422, "validation_failed", fields={"compare": ["Must be a walk that started earlier."]}
        )
    return earlier


def match_places(now: list[Place], before: list[Place]) -> list[tuple[Place | None, Place | None]]:
    """Pair places of two walks one to one: same name first, then nearest centres within 75 m.

    Places left over stand alone: only now (all new) or only before (all fixed).
    """
    pairs: list[tuple[Place | None, Place | None]] = []
    free_now = list(now)
    free_before = list(before)
    before_by_name = {normalise_place(p.name): p for p in before if p.name is not None}
    for place in now:
        if place.name is None:
            continue
        match = before_by_name.get(normalise_place(place.name))
        if match is not None and match in free_before:
            pairs.append((place, match))
            free_now.remove(place)
            free_before.remove(match)
    candidates: list[tuple[float, int, int, Place, Place]] = []
    for i, a in enumerate(free_now):
        for j, b in enumerate(free_before):
            ca, cb = a.centre, b.centre
            if ca is None or cb is None:
                continue
            distance = haversine_m(ca[0], ca[1], cb[0], cb[1])
            if distance <= MATCH_RADIUS_M:
                candidates.append((distance, i, j, a, b))
    for _distance_m, _i, _j, a, b in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        if a in free_now and b in free_before:
            pairs.append((a, b))
            free_now.remove(a)
            free_before.remove(b)
    pairs.extend((place, None) for place in free_now)
    pairs.extend((None, place) for place in free_before)
    return pairs


def _issue_sets(now: set[str], before: set[str]) -> dict[str, list[str]]:
    def ordered(values: set[str]) -> list[str]:
        return sorted(values, key=lambda i: (ISSUE_ORDER.get(i, 99), i))

    return {
        "fixed": ordered(before - now),
        "remains": ordered(before & now),
        "new": ordered(now - before),
    }


def compare(earlier: Walk, places: list[Place], observations: list[Observation]) -> dict[str, Any]:
    """Per matched place and issue: fixed, remains or new; and how the mean ratings moved."""
    earlier_observations = walk_observations(earlier)
    earlier_places = group_places(earlier_observations)
    entries = []
    for now_place, before_place in match_places(places, earlier_places):
        now_issues = set(now_place.issues) if now_place else set()
        before_issues = set(before_place.issues) if before_place else set()
        changes: dict[str, Any] = {}
        if now_place is not None and before_place is not None:
            now_stats = now_place.rating_stats()
            before_stats = before_place.rating_stats()
            for code in sorted(
                set(now_stats) & set(before_stats), key=lambda c: POINT_ORDER.get(c, 99)
            ):
                after_mean, before_mean = now_stats[code][0], before_stats[code][0]
                changes[code] = {
                    "before": _mean(before_mean),
                    "after": _mean(after_mean),
                    "change": _mean(after_mean - before_mean),
                }
        matched_by = None
        distance_m = None
        if now_place is not None and before_place is not None:
            same_name = (
                now_place.name is not None
                and before_place.name is not None
                and normalise_place(now_place.name) == normalise_place(before_place.name)
            )
            matched_by = "name" if same_name else "location"
            ca, cb = now_place.centre, before_place.centre
            if ca is not None and cb is not None:
                distance_m = round(haversine_m(ca[0], ca[1], cb[0], cb[1]), 1)
        entries.append(
            {
                "place": _place_ref(now_place),
                "earlier_place": _place_ref(before_place),
                "matched_by": matched_by,
                "distance_m": distance_m,
                **_issue_sets(now_issues, before_issues),
                "ratings": changes,
            }
        )
    return {
        "walk": earlier,
        "overall": _issue_sets(
            {o.issue for o in observations}, {o.issue for o in earlier_observations}
        ),
        "places": entries,
    }


# --- what the summary endpoint answers -------------------------------------------------------


class SummaryQuerySchema(ma.Schema):
    compare = ma.fields.String(
        validate=ma.validate.Length(1, 64),
        metadata={"description": "The id of an earlier walk in the same area to compare with"},
    )


class WalkRefSchema(ma.Schema):
    id = ma.fields.String(attribute="public_id")
    title = ma.fields.String()
    area = ma.fields.Function(lambda walk: walk.area.code)
    starts_at = ma.fields.DateTime()
    status = ma.fields.String()


class PlaceRefSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String(allow_none=True)


class PointSchema(ma.Schema):
    lat = ma.fields.Float()
    lon = ma.fields.Float()


class RatingStatSchema(ma.Schema):
    mean = ma.fields.Float()
    n = ma.fields.Integer()


class PlaceSummarySchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String(
        allow_none=True,
        metadata={"description": "As a walker typed it; null for a cluster, and for partners"},
    )
    kind = ma.fields.String(metadata={"description": "named or cluster"})
    location = ma.fields.Nested(PointSchema, allow_none=True)
    observations = ma.fields.List(ma.fields.String())
    issues = ma.fields.List(ma.fields.String())
    rated = ma.fields.Integer(metadata={"description": "Observations with ratings here"})
    ratings = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(RatingStatSchema))


class SummaryItemSchema(ma.Schema):
    number = ma.fields.Integer(allow_none=True, metadata={"description": "Marker on the map"})
    reference = ma.fields.String()
    issue = ma.fields.String()
    category = ma.fields.String()
    status = ma.fields.String(allow_none=True, metadata={"description": "Triage status"})
    place = ma.fields.Nested(PlaceRefSchema, allow_none=True)
    seen_at = ma.fields.DateTime()
    excerpt = ma.fields.String(
        allow_none=True,
        metadata={
            "description": "Staff only (null for partners): the start of the text, with the "
            "kinds tipsapp.triage.pii knows masked"
        },
    )
    partner_summary = ma.fields.String(
        allow_none=True,
        metadata={"description": "The analyst's summary, while shared with partners"},
    )


class RatingChangeSchema(ma.Schema):
    before = ma.fields.Float()
    after = ma.fields.Float()
    change = ma.fields.Float()


class IssueSetsSchema(ma.Schema):
    fixed = ma.fields.List(ma.fields.String())
    remains = ma.fields.List(ma.fields.String())
    new = ma.fields.List(ma.fields.String())


class PlaceComparisonSchema(IssueSetsSchema):
    place = ma.fields.Nested(PlaceRefSchema, allow_none=True)
    earlier_place = ma.fields.Nested(PlaceRefSchema, allow_none=True)
    matched_by = ma.fields.String(allow_none=True, metadata={"description": "name or location"})
    distance_m = ma.fields.Float(allow_none=True)
    ratings = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(RatingChangeSchema))


class ComparisonSchema(ma.Schema):
    walk = ma.fields.Nested(WalkRefSchema)
    overall = ma.fields.Nested(IssueSetsSchema)
    places = ma.fields.List(ma.fields.Nested(PlaceComparisonSchema))


class SummarySchema(ma.Schema):
    walk = ma.fields.Nested(WalkRefSchema)
    observations = ma.fields.Integer()
    by_issue = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    by_category = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    places = ma.fields.List(ma.fields.Nested(PlaceSummarySchema))
    items = ma.fields.List(ma.fields.Nested(SummaryItemSchema))
    comparison = ma.fields.Nested(ComparisonSchema)
