"""The safety-walk checklist, after Brå's and Boverket's guidance for trygghetsvandringar.

Each point can be rated 0-3 for a place, as the Safetipin audit does: 0 is poor, 3 is good.
"""

from __future__ import annotations

from typing import NamedTuple


class ChecklistPoint(NamedTuple):
    code: str
    label_sv: str
    label_en: str

    def label(self, language: str) -> str:
        """The staff label: Swedish unless English (resident pages use the catalogues)."""
        return self.label_en if language == "en" else self.label_sv


CHECKLIST: tuple[ChecklistPoint, ...] = (
    ChecklistPoint("lighting", "Belysning", "Lighting"),
    ChecklistPoint("vegetation", "Vegetation och siktlinjer", "Vegetation and sight lines"),
    ChecklistPoint(
        "overview", "Överblick och alternativa vägar", "Overview and alternative routes"
    ),
    ChecklistPoint("people", "Människor i rörelse", "People present"),
    ChecklistPoint("upkeep", "Skötsel och nedskräpning", "Upkeep and littering"),
    ChecklistPoint("graffiti", "Klotter och skadegörelse", "Graffiti and damage"),
    ChecklistPoint("traffic", "Trafikmiljö", "Traffic environment"),
)
CHECKLIST_CODES = tuple(point.code for point in CHECKLIST)
RATING_RANGE = (0, 3)

# What an observation is about, on the street; each suggests a category for the queue.
ISSUES: dict[str, str] = {
    "lighting": "unsafe_environment",
    "vegetation": "unsafe_environment",
    "littering": "unsafe_environment",
    "graffiti": "vandalism",
    "damage": "vandalism",
    "crossing": "traffic",
    "speeding": "traffic",
    "gathering": "disorder",
    "other": "other",
}
