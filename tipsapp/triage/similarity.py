"""Near-duplicates: the same thing reported twice, suggested for merging (never merged alone).

Two items are alike when they are in the same area within a few days and share words, a place
name, or a spot on the map. Candidates come from one indexed query; scoring is in Python.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from tipsapp.extensions import db
from tipsapp.triage.models import TriageItem

if TYPE_CHECKING:
    from tipsapp.staff.models import StaffUser

WINDOW = timedelta(days=7)
MAX_CANDIDATES = 500
SUGGEST_AT = 0.35
_WORD = re.compile(r"[^\W\d_]{3,}")
# Words every tip uses; they say nothing about whether two tips are the same.
_STOPWORDS = frozenset(
    {
        "och",
        "att",
        "det",
        "som",
        "för",
        "med",
        "har",
        "den",
        "var",
        "till",
        "inte",
        "men",
        "ett",
        "här",
        "där",
        "vid",
        "från",
        "alla",
        "kan",
        "just",
        "också",
        "efter",
        "eller",
        "när",
        "sig",
        "han",
        "hon",
        "dom",
        "de",
        "man",
        "jag",
        "vi",
        "ni",
        "the",
        "and",
        "was",
        "that",
        "this",
        "with",
        "have",
    }
)


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if word not in _STOPWORDS}


def _place_key(place: str | None) -> str:
    if not place:
        return ""
    folded = unicodedata.normalize("NFKC", place).lower()
    return " ".join(_WORD.findall(folded))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), good to a metre at these scales."""
    radius = 6_371_000.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def similarity(first: TriageItem, second: TriageItem) -> tuple[float, list[str], float | None]:
    """A score in 0..1, the reasons, and the distance when both have a location."""
    a, b = first.source, second.source
    if a is None or b is None:
        return 0.0, [], None
    reasons: list[str] = []
    words_a, words_b = _words(a.text), _words(b.text)
    overlap = len(words_a & words_b) / len(words_a | words_b) if words_a and words_b else 0.0
    score = 0.6 * overlap
    if overlap >= 0.2:
        reasons.append("text")
    distance = None
    if None not in (a.latitude, a.longitude, b.latitude, b.longitude):
        distance = distance_m(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        if distance <= 250:
            score += 0.3
            reasons.append("location")
        elif distance <= 1000:
            score += 0.15
            reasons.append("location")
    if _place_key(a.place) and _place_key(a.place) == _place_key(b.place):
        score += 0.25
        reasons.append("place")
    if first.effective_category == second.effective_category:
        score += 0.1
        reasons.append("category")
    return min(score, 1.0), reasons, distance


def find_similar(user: StaffUser, item: TriageItem, limit: int = 10) -> list[dict[str, Any]]:
    from tipsapp.triage.service import excerpt_for, visible_items

    candidates = db.session.scalars(
        visible_items(user)
        .where(
            TriageItem.area_id == item.area_id,
            TriageItem.id != item.id,
            TriageItem.received_at >= item.received_at - WINDOW,
            TriageItem.received_at <= item.received_at + WINDOW,
            TriageItem.status.not_in(("rejected",)),
        )
        .order_by(TriageItem.received_at.desc())
        .limit(MAX_CANDIDATES)
    )
    scored = []
    for candidate in candidates:
        score, reasons, distance = similarity(item, candidate)
        if score >= SUGGEST_AT:
            scored.append(
                {
                    "reference": candidate.reference,
                    "score": round(score, 2),
                    "reasons": reasons,
                    "distance_m": None if distance is None else round(distance),
                    "status": candidate.status,
                    "excerpt": excerpt_for(candidate),
                    "received_at": candidate.received_at,
                }
            )
    scored.sort(key=lambda entry: entry["score"], reverse=True)
    return scored[:limit]
