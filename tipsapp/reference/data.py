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

# Districts (tätorter) with approximate centres and a radius; admins can correct them with
# `flask areas district`. The public follow-up names places only by these.
DISTRICTS: tuple[tuple[str, str, float, float, int], ...] = (
    ("gislaved", "Gislaved", 57.3045, 13.5405, 3000),
    ("gislaved", "Anderstorp", 57.2830, 13.6330, 2500),
    ("gislaved", "Smålandsstenar", 57.1620, 13.4100, 2500),
    ("gislaved", "Reftele", 57.1780, 13.5860, 2000),
    ("gislaved", "Burseryd", 57.2000, 13.2680, 2000),
    ("gislaved", "Hestra", 57.4390, 13.5940, 2000),
    ("varnamo", "Värnamo", 57.1860, 14.0400, 3500),
    ("varnamo", "Bredaryd", 57.1700, 13.7370, 2000),
    ("varnamo", "Forsheda", 57.1650, 13.8280, 2000),
    ("varnamo", "Rydaholm", 56.9850, 14.2810, 2000),
    ("varnamo", "Bor", 57.1170, 14.1650, 2000),
)
