"""The GeoReport services: the environment issues a resident can report, each filed as a tip
of one of the agreement's categories.

Fixed in code, like the categories they map to: a 311 app caches this list, so its codes must
not change under it.
"""

from __future__ import annotations

from typing import NamedTuple


class Service(NamedTuple):
    code: str
    category: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    keywords: str
    group_sv: str
    group_en: str


ENVIRONMENT = ("Otrygg miljö", "Unsafe environment")
DAMAGE = ("Skadegörelse och klotter", "Vandalism and graffiti")
TRAFFIC = ("Trafik", "Traffic")

SERVICES: tuple[Service, ...] = (
    Service(
        "lighting",
        "unsafe_environment",
        "Belysning",
        "Lighting",
        "Trasig, släckt eller saknad belysning på gata, gångväg eller i park.",
        "A broken, dark or missing street, path or park light.",
        "belysning, gatlykta, lampa, mörker, lighting, streetlight",
        *ENVIRONMENT,
    ),
    Service(
        "vegetation",
        "unsafe_environment",
        "Vegetation",
        "Vegetation",
        "Buskar och träd som skymmer sikt eller gör en plats otrygg.",
        "Bushes or trees that block the view or make a place feel unsafe.",
        "buskar, träd, sly, vegetation, bushes, trees",
        *ENVIRONMENT,
    ),
    Service(
        "littering",
        "unsafe_environment",
        "Nedskräpning",
        "Littering",
        "Skräp, dumpat avfall eller överfulla papperskorgar.",
        "Litter, dumped waste or overflowing bins.",
        "skräp, nedskräpning, avfall, litter, waste",
        *ENVIRONMENT,
    ),
    Service(
        "graffiti",
        "vandalism",
        "Klotter",
        "Graffiti",
        "Klotter eller olaglig affischering.",
        "Graffiti or illegal flyposting.",
        "klotter, tags, graffiti",
        *DAMAGE,
    ),
    Service(
        "damage",
        "vandalism",
        "Skadegörelse",
        "Damage",
        "Förstörda bänkar, skyltar, lekplatser, fönster eller annat.",
        "Damaged benches, signs, playgrounds, windows or the like.",
        "skadegörelse, förstört, trasigt, vandalism, damage",
        *DAMAGE,
    ),
    Service(
        "traffic_environment",
        "traffic",
        "Trafikmiljö",
        "Traffic environment",
        "Farliga korsningar, skymd sikt i trafiken, trasiga övergångsställen eller skyltar.",
        "Dangerous crossings, blocked sight lines, broken crossings or road signs.",
        "trafik, korsning, övergångsställe, hastighet, traffic, crossing",
        *TRAFFIC,
    ),
)
SERVICES_BY_CODE = {service.code: service for service in SERVICES}


def service_view(service: Service, english: bool) -> dict[str, object]:
    """One entry of services.json (GeoReport v2)."""
    return {
        "service_code": service.code,
        "service_name": service.name_en if english else service.name_sv,
        "description": service.description_en if english else service.description_sv,
        "metadata": False,
        "type": "realtime",
        "keywords": service.keywords,
        "group": service.group_en if english else service.group_sv,
    }
