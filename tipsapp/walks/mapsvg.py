"""The walk as a printable SVG map: route, numbered observations, scale bar, north arrow, legend.

Drawn here, with no map tiles, scripts or links, so it can be printed for the follow-up meeting
and shown under the API's strict content security policy. Each issue has its own shape as well
as its own colour, so the map still reads when printed in black and white.

The projection is equirectangular with longitudes scaled by cos(latitude) at the map's centre:
across a walk of a few kilometres the distortion is far below what a printout can show.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from xml.sax.saxutils import escape

from tipsapp.common.i18n import ISSUE_LABELS, WALK_TEXTS, label
from tipsapp.walks.models import Observation, Walk
from tipsapp.walks.summary import EARTH_RADIUS_M, ISSUE_ORDER, marker_numbers

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
WIDTH = 800
MAP_HEIGHT = 560
MARGIN = 40
MAP_PADDING = 64  # keeps the route clear of the scale bar and the north arrow
LEGEND_ROW = 24
MARKER_SIZE = 8.0
MIN_SPAN_M = 200.0  # a single point still gets a map a couple of blocks wide

# Not valid in XML 1.0 at all; the input fields refuse control characters, this is the backstop.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Okabe-Ito colours (told apart with the common colour-vision deficiencies), plus the shape.
ISSUE_STYLE: dict[str, tuple[str, str]] = {
    "lighting": ("circle", "#E69F00"),
    "vegetation": ("triangle", "#009E73"),
    "littering": ("square", "#56B4E9"),
    "graffiti": ("diamond", "#CC79A7"),
    "damage": ("triangle_down", "#D55E00"),
    "crossing": ("pentagon", "#0072B2"),
    "speeding": ("hexagon", "#F0E442"),
    "gathering": ("star", "#999999"),
    "other": ("cross", "#FFFFFF"),
}


def _text(value: str) -> str:
    """Escaped for element text and for double-quoted attributes."""
    return escape(_NOT_XML.sub("", value), {'"': "&quot;"})


def _n(value: float) -> str:
    return f"{value:.1f}"


def _polygon(x: float, y: float, r: float, sides: int, rotation: float = -90.0) -> list[str]:
    points = []
    for k in range(sides):
        angle = math.radians(rotation + 360.0 * k / sides)
        points.append(f"{_n(x + r * math.cos(angle))},{_n(y + r * math.sin(angle))}")
    return points


def _star(x: float, y: float, r: float) -> list[str]:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.45
        angle = math.radians(-90.0 + 36.0 * k)
        points.append(f"{_n(x + radius * math.cos(angle))},{_n(y + radius * math.sin(angle))}")
    return points


def _cross(x: float, y: float, r: float) -> list[str]:
    a, b = r * 0.35, r
    outline = [(-a, -b), (a, -b), (a, -a), (b, -a), (b, a), (a, a), (a, b), (-a, b)]
    outline += [(-a, a), (-b, a), (-b, -a), (-a, -a)]
    return [f"{_n(x + dx)},{_n(y + dy)}" for dx, dy in outline]


SHAPES: dict[str, Callable[[float, float, float], list[str]]] = {
    "triangle": lambda x, y, r: _polygon(x, y, r * 1.15, 3),
    "triangle_down": lambda x, y, r: _polygon(x, y, r * 1.15, 3, 90.0),
    "square": lambda x, y, r: _polygon(x, y, r * 1.2, 4, 45.0),
    "diamond": lambda x, y, r: _polygon(x, y, r * 1.25, 4),
    "pentagon": lambda x, y, r: _polygon(x, y, r * 1.1, 5),
    "hexagon": lambda x, y, r: _polygon(x, y, r * 1.1, 6),
    "star": lambda x, y, r: _star(x, y, r * 1.35),
    "cross": _cross,
}


def marker_shape(issue: str, x: float, y: float, r: float = MARKER_SIZE) -> str:
    """One marker symbol; the shape tells the issue even without colour."""
    shape, colour = ISSUE_STYLE.get(issue, ISSUE_STYLE["other"])
    paint = f'fill="{colour}" stroke="#000000" stroke-width="1.5"'
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {paint}/>'
    return f'<polygon points="{" ".join(SHAPES[shape](x, y, r))}" {paint}/>'


class Projection:
    """Degrees to SVG pixels: metres east and north of the centre, then one scale for both."""

    def __init__(self, points: list[tuple[float, float]], width: float, height: float) -> None:
        lats = [lat for lat, _lon in points] or [0.0]
        lons = [lon for _lat, lon in points] or [0.0]
        self.lat0 = (min(lats) + max(lats)) / 2
        self.lon0 = (min(lons) + max(lons)) / 2
        self.kx = math.cos(math.radians(self.lat0))
        xs = [self._east(lon) for lon in lons]
        ys = [self._north(lat) for lat in lats]
        span_x = max(max(xs) - min(xs), MIN_SPAN_M)
        span_y = max(max(ys) - min(ys), MIN_SPAN_M)
        self.scale = min((width - 2 * MAP_PADDING) / span_x, (height - 2 * MAP_PADDING) / span_y)
        self.cx, self.cy = width / 2, height / 2

    def _east(self, lon: float) -> float:
        return math.radians(lon - self.lon0) * EARTH_RADIUS_M * self.kx

    def _north(self, lat: float) -> float:
        return math.radians(lat - self.lat0) * EARTH_RADIUS_M

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return (
            self.cx + self._east(lon) * self.scale,
            self.cy - self._north(lat) * self.scale,
        )


def nice_length(metres: float) -> int:
    """The largest 1, 2 or 5 times a power of ten not above ``metres`` (at least 1 m)."""
    if metres < 1:
        return 1
    power = 10 ** math.floor(math.log10(metres))
    for step in (5, 2, 1):
        if step * power <= metres:
            return int(step * power)
    return int(power)


def _scale_bar(projection: Projection) -> str:
    metres = nice_length((WIDTH - 2 * MARGIN) / 4 / projection.scale)
    length = metres * projection.scale
    x0, y0 = MARGIN, MAP_HEIGHT - MARGIN / 2
    return (
        '<g id="scale-bar" stroke="#000000" stroke-width="2" fill="none">'
        f'<path d="M{_n(x0)},{_n(y0 - 6)} V{_n(y0)} H{_n(x0 + length)} V{_n(y0 - 6)}"/>'
        f'<text x="{_n(x0 + length / 2)}" y="{_n(y0 - 9)}" text-anchor="middle" '
        f'stroke="none" fill="#000000" font-size="12">{metres} m</text>'
        "</g>"
    )


def _north_arrow(language: str) -> str:
    x, y = WIDTH - MARGIN, MARGIN
    return (
        '<g id="north-arrow">'
        f'<polygon points="{_n(x)},{_n(y - 4)} {_n(x + 8)},{_n(y + 18)} {_n(x)},{_n(y + 12)} '
        f'{_n(x - 8)},{_n(y + 18)}" fill="#000000"/>'
        f'<text x="{_n(x)}" y="{_n(y - 8)}" text-anchor="middle" font-size="14" '
        f'font-weight="bold">{_text(label(WALK_TEXTS, "map_north", language))}</text>'
        "</g>"
    )


def _legend(issues: list[str], language: str, top: float) -> str:
    rows = [
        f'<g id="legend" transform="translate({MARGIN},{_n(top)})" font-size="13">',
        '<line x1="0" y1="0" x2="24" y2="0" stroke="#333333" stroke-width="3" '
        'stroke-dasharray="6 3"/>',
        f'<text x="32" y="4">{_text(label(WALK_TEXTS, "map_route", language))}</text>',
    ]
    for index, issue in enumerate(issues, start=1):
        y = index * LEGEND_ROW
        rows.append(f'<g class="legend-issue" data-issue="{_text(issue)}">')
        rows.append(marker_shape(issue, 12, y, 7))
        issue_label = _text(label(ISSUE_LABELS, issue, language))
        rows.append(f'<text x="32" y="{y + 4}">{issue_label}</text>')
        rows.append("</g>")
    rows.append("</g>")
    return "".join(rows)


def render_map(
    walk: Walk, observations: list[Observation], language: str, place_names: bool = True
) -> str:
    """The whole SVG document for ``walk``; ``observations`` in the order they were seen.

    Without ``place_names`` (a partner's map) the markers name no place a walker typed.
    """
    route = [(float(c[1]), float(c[0])) for c in (walk.route or {}).get("coordinates", [])]
    located = [o for o in observations if o.latitude is not None and o.longitude is not None]
    numbers = marker_numbers(observations)
    points = route + [(float(o.latitude or 0.0), float(o.longitude or 0.0)) for o in located]
    project = Projection(points, WIDTH, MAP_HEIGHT)
    issues = sorted({o.issue for o in located}, key=lambda i: ISSUE_ORDER.get(i, 99))
    height = MAP_HEIGHT + LEGEND_ROW * (len(issues) + 1) + MARGIN / 2
    title = f"{label(WALK_TEXTS, 'map_title', language)}: {walk.title}"
    no_place = label(WALK_TEXTS, "map_no_place", language)
    description = label(WALK_TEXTS, "map_desc", language).format(count=len(located))

    parts = [
        f'<svg xmlns="{SVG_NAMESPACE}" width="{WIDTH}" height="{_n(height)}" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" role="img" aria-labelledby="map-title map-desc" '
        'font-family="sans-serif">',
        f'<title id="map-title">{_text(title)}</title>',
        f'<desc id="map-desc">{_text(walk.area.name)}, {walk.starts_at.date().isoformat()}. '
        f"{_text(description)}</desc>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{_n(height)}" fill="#FFFFFF"/>',
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="{MAP_HEIGHT - 2}" fill="none" '
        'stroke="#999999"/>',
    ]
    if len(route) >= 2:
        polyline = " ".join(f"{_n(x)},{_n(y)}" for x, y in (project(*p) for p in route))
        parts.append(
            f'<polyline id="route" points="{polyline}" fill="none" stroke="#333333" '
            'stroke-width="3" stroke-dasharray="6 3" stroke-linejoin="round"/>'
        )
    parts.append('<g id="markers">')
    for observation in located:
        number = numbers[observation.id]
        x, y = project(float(observation.latitude or 0.0), float(observation.longitude or 0.0))
        place = observation.place if place_names else None
        caption = (
            f"{number}. {label(ISSUE_LABELS, observation.issue, language)}: "
            f"{place or no_place} ({observation.reference})"
        )
        parts.append(
            f'<g class="marker" id="marker-{number}" data-issue="{_text(observation.issue)}" '
            f'data-reference="{_text(observation.reference)}">'
            f"<title>{_text(caption)}</title>"
            f"{marker_shape(observation.issue, x, y)}"
            f'<text x="{_n(x + MARKER_SIZE + 2)}" y="{_n(y - MARKER_SIZE)}" font-size="12" '
            'font-weight="bold" stroke="#FFFFFF" stroke-width="3" paint-order="stroke">'
            f"{number}</text></g>"
        )
    parts.append("</g>")
    parts.append(_scale_bar(project))
    parts.append(_north_arrow(language))
    parts.append(_legend(issues, language, MAP_HEIGHT + LEGEND_ROW))
    parts.append("</svg>")
    return "".join(parts)
