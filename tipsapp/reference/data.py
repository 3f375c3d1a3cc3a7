"""The canonical reference data; ``flask seed`` writes it idempotently."""

from __future__ import annotations

from typing import NamedTuple


class CategoryDef(NamedTuple):
    code: str
    label_sv: str
    label_en: str
    focus_area: str | None
    # Sensitive categories are never shown to partners (issue: staff and triage).
    sensitive: bool


class FocusAreaDef(NamedTuple):
    code: str
    label_sv: str
    label_en: str


FOCUS_AREAS: tuple[FocusAreaDef, ...] = (
    FocusAreaDef("trygghet", "Trygghet", "Public safety"),
    FocusAreaDef("narkotika", "Narkotika", "Drugs"),
    FocusAreaDef("trafik", "Trafiksäkerhet", "Traffic safety"),
    FocusAreaDef("brott", "Brott", "Crime"),
)

CATEGORIES: tuple[CategoryDef, ...] = (
    CategoryDef("disorder", "Ordningsstörning", "Public disorder", "trygghet", False),
    CategoryDef("violence", "Våld och hot", "Violence and threats", "trygghet", True),
    CategoryDef(
        "vandalism", "Skadegörelse och klotter", "Vandalism and graffiti", "trygghet", False
    ),
    CategoryDef(
        "unsafe_environment",
        "Otrygg miljö: belysning, vegetation, nedskräpning",
        "Unsafe environment: lighting, vegetation, litter",
        "trygghet",
        False,
    ),
    CategoryDef("drugs", "Narkotika", "Drugs", "narkotika", True),
    CategoryDef("traffic", "Trafik och hastighet", "Traffic and speeding", "trafik", False),
    CategoryDef("burglary_theft", "Inbrott och stöld", "Burglary and theft", "brott", False),
    CategoryDef(
        "fraud",
        "Bedrägeri, särskilt mot äldre",
        "Fraud, especially against the elderly",
        "brott",
        False,
    ),
    CategoryDef("sexual_offence", "Sexualbrott", "Sexual offences", "brott", True),
    CategoryDef("domestic_violence", "Brott i nära relation", "Domestic violence", "brott", True),
    CategoryDef("online_abuse", "Kränkningar på nätet", "Online abuse", "brott", True),
    CategoryDef("other", "Övrigt", "Other", None, False),
)

AREAS: tuple[tuple[str, str, str], ...] = (
    ("gislaved", "Gislaveds kommun", "Lokalpolisområde Värnamo"),
    ("varnamo", "Värnamo kommun", "Lokalpolisområde Värnamo"),
)
