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

# Named places people mention in tips: villages, neighbourhoods, schools, squares, parks,
# shops and landmarks. Masking (tipsapp.triage.pii) never takes these for personal names
# ("vid Ljungberg", "utanför Willys"): a place alone identifies no one. Spellings as used
# locally; a bare street name ("Storgatan") is also kept, with a house number it is masked.
LANDMARKS: tuple[tuple[str, str], ...] = (
    # Gislaveds kommun: villages and neighbourhoods
    ("gislaved", "Anderstorp"),
    ("gislaved", "Broaryd"),
    ("gislaved", "Båraryd"),
    ("gislaved", "Djupafors"),
    ("gislaved", "Ljungby"),
    ("gislaved", "Källeryd"),
    ("gislaved", "Skeppshult"),
    ("gislaved", "Ås"),
    ("gislaved", "Villstad"),
    ("gislaved", "Kållerstad"),
    ("gislaved", "Kärda"),
    ("gislaved", "Södra Hestra"),
    ("gislaved", "Norra Hestra"),
    ("gislaved", "Öreryd"),
    ("gislaved", "Hestra"),
    ("gislaved", "Isaberg"),
    ("gislaved", "Ljungberg"),
    ("gislaved", "Mossarp"),
    ("gislaved", "Öresjö"),
    ("gislaved", "Gyllenfors"),
    # Gislaved: schools, squares, parks and landmarks
    ("gislaved", "Gislaveds gymnasium"),
    ("gislaved", "Nyboskolan"),
    ("gislaved", "Ölmestadskolan"),
    ("gislaved", "Båraryds skola"),
    ("gislaved", "Åsenskolan"),
    ("gislaved", "Reftele skola"),
    ("gislaved", "Glashuset"),
    ("gislaved", "Gisleparken"),
    ("gislaved", "Stortorget"),
    ("gislaved", "Torghuset"),
    ("gislaved", "Gislaveds industrimuseum"),
    ("gislaved", "Scandinavian Raceway"),
    ("gislaved", "Anderstorps Raceway"),
    ("gislaved", "Isaberg Mountain Resort"),
    ("gislaved", "Nissan"),
    ("gislaved", "Hindsen"),
    ("gislaved", "Store Mosse"),
    ("gislaved", "Ishallen"),
    ("gislaved", "Simhallen"),
    ("gislaved", "Resecentrum"),
    ("gislaved", "Busstationen"),
    # Värnamo kommun: villages and neighbourhoods
    ("varnamo", "Rörstorp"),
    ("varnamo", "Mossleberg"),
    ("varnamo", "Gröndal"),
    ("varnamo", "Östermalm"),
    ("varnamo", "Enehagen"),
    ("varnamo", "Margretelund"),
    ("varnamo", "Hornaryd"),
    ("varnamo", "Västhorja"),
    ("varnamo", "Nord"),
    ("varnamo", "Pilagården"),
    ("varnamo", "Gällaryd"),
    ("varnamo", "Kärda"),
    ("varnamo", "Lanna"),
    ("varnamo", "Nässja"),
    ("varnamo", "Voxtorp"),
    ("varnamo", "Tånnö"),
    ("varnamo", "Horda"),
    ("varnamo", "Bredaryd"),
    # Värnamo: schools, squares, parks and landmarks
    ("varnamo", "Finnvedens gymnasium"),
    ("varnamo", "Finnvedsgymnasiet"),
    ("varnamo", "Gröndalsskolan"),
    ("varnamo", "Mossleskolan"),
    ("varnamo", "Rörstorpsskolan"),
    ("varnamo", "Enehagens skola"),
    ("varnamo", "Gislövs skola"),
    ("varnamo", "Apladalsskolan"),
    ("varnamo", "Apladalen"),
    ("varnamo", "Vandalorum"),
    ("varnamo", "Gummifabriken"),
    ("varnamo", "Flanaden"),
    ("varnamo", "Stadsparken"),
    ("varnamo", "Värnamo sjukhus"),
    ("varnamo", "Värnamo Resecentrum"),
    ("varnamo", "Vidöstern"),
    ("varnamo", "Lagan"),
    ("varnamo", "Pråmen"),
    ("varnamo", "Borgen"),
    ("varnamo", "Åminne"),
    # Shops, chains and other landmarks found in both towns
    ("", "ICA Maxi"),
    ("", "ICA Kvantum"),
    ("", "ICA Supermarket"),
    ("", "ICA Nära"),
    ("", "ICA"),
    ("", "Coop"),
    ("", "Willys"),
    ("", "Lidl"),
    ("", "Netto"),
    ("", "Hemköp"),
    ("", "City Gross"),
    ("", "Systembolaget"),
    ("", "Systemet"),
    ("", "Apoteket"),
    ("", "Apotek Hjärtat"),
    ("", "Kronans Apotek"),
    ("", "Jula"),
    ("", "Biltema"),
    ("", "Rusta"),
    ("", "Dollarstore"),
    ("", "ÖoB"),
    ("", "Clas Ohlson"),
    ("", "Max"),
    ("", "McDonald's"),
    ("", "McDonalds"),
    ("", "Burger King"),
    ("", "Pressbyrån"),
    ("", "Circle K"),
    ("", "OKQ8"),
    ("", "Preem"),
    ("", "Ingo"),
    ("", "Elgiganten"),
    ("", "Lindex"),
    ("", "KappAhl"),
    ("", "Stadium"),
    ("", "Intersport"),
    ("", "Postnord"),
    ("", "Folktandvården"),
    ("", "Vårdcentralen"),
    ("", "Polishuset"),
    ("", "Arbetsförmedlingen"),
    ("", "Försäkringskassan"),
    ("", "Socialtjänsten"),
    ("", "Kommunhuset"),
    ("", "Stadshuset"),
    ("", "Biblioteket"),
    ("", "Jönköping"),
    ("", "Gnosjö"),
    ("", "Vaggeryd"),
    ("", "Ljungby"),
    ("", "Halmstad"),
    ("", "Växjö"),
    ("", "Borås"),
    ("", "Göteborg"),
    ("", "Stockholm"),
    ("", "Malmö"),
    ("", "Småland"),
    ("", "Sverige"),
)
