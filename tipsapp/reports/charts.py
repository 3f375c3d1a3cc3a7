"""The report's charts as inline SVG strings, drawn on the server.

Inline SVG needs no script, font or tile from anywhere, so the page keeps a strict content
security policy and prints the same on any printer. Every chart reads in black and white:
categories are told apart by direct labels, the current period by a solid black bar against
grey history bars, and hotspots by numbers next to their circles. Every piece of text passes
through the same escaping as the walk map, and each SVG carries a ``<title>`` and ``<desc>``
(with the figures spelled out) for screen readers.

The functions are pure: they take data and the words to show, and return one ``<svg>``
element; choosing the language is the page's business.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from tipsapp.walks.mapsvg import MAP_HEIGHT, SVG_NAMESPACE, WIDTH, Projection
from tipsapp.walks.mapsvg import _n as number
from tipsapp.walks.mapsvg import _north_arrow as north_arrow
from tipsapp.walks.mapsvg import _scale_bar as scale_bar
from tipsapp.walks.mapsvg import _text as escape_text

FONT = "Helvetica, Arial, 'Liberation Sans', sans-serif"
INK = "#000000"
HISTORY_FILL = "#A0A0A0"
EMPTY_HEIGHT = 60

# Bar chart geometry (times of day, weekdays).
BAR_WIDTH_TOTAL = 480
BAR_PLOT_TOP = 24
BAR_PLOT_HEIGHT = 140
BAR_LEFT = 16
BAR_LABEL_SPACE = 30

# Small multiples: one row of period bars per category, all on one scale.
SERIES_WIDTH = 680
SERIES_LABEL_HEIGHT = 16
SERIES_BAR_HEIGHT = 36
SERIES_ROW_GAP = 12
SERIES_BAR_WIDTH = 34
SERIES_BAR_GAP = 6
SERIES_LEFT = 8
SERIES_AXIS_HEIGHT = 22

# The hotspot map shares the walk map's frame, so its scale bar and north arrow fit as they are.
HOTSPOT_MIN_RADIUS = 6.0
HOTSPOT_MAX_RADIUS = 28.0
HOTSPOT_LABEL_LENGTH = 32
HOTSPOT_LEGEND_HEIGHT = 64


class SeriesRow(NamedTuple):
    """One category of the small multiples: its label and its counts, oldest period first."""

    label: str
    series: Sequence[int]


def _open(ident: str, width: float, height: float, title: str, desc: str) -> str:
    """The root element, labelled by its own title and description (ids unique per page)."""
    ident = escape_text(ident)
    return (
        f'<svg xmlns="{SVG_NAMESPACE}" id="{ident}" class="chart" width="{number(width)}" '
        f'height="{number(height)}" viewBox="0 0 {number(width)} {number(height)}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}">'
        f'<title id="{ident}-title">{escape_text(title)}</title>'
        f'<desc id="{ident}-desc">{escape_text(desc)}</desc>'
    )


def empty_chart(ident: str, title: str, desc: str, message: str, width: float = 480) -> str:
    """A chart with nothing to draw still says so, so a blank area is never mistaken for zero."""
    return (
        _open(ident, width, EMPTY_HEIGHT, title, f"{desc} {message}".strip())
        + f'<rect x="0.5" y="0.5" width="{number(width - 1)}" height="{EMPTY_HEIGHT - 1}" '
        'fill="none" stroke="#808080" stroke-dasharray="4 3"/>'
        f'<text class="empty" x="{number(width / 2)}" y="{EMPTY_HEIGHT / 2 + 5}" '
        f'text-anchor="middle" font-size="14" fill="{INK}">{escape_text(message)}</text>'
        "</svg>"
    )


def bar_chart(
    ident: str, title: str, desc: str, bars: Sequence[tuple[str, int]], empty: str
) -> str:
    """Vertical bars with the value printed on each, heights proportional to the values."""
    values = [max(0, int(value)) for _label, value in bars]
    if not values or sum(values) == 0:
        return empty_chart(ident, title, desc, empty, BAR_WIDTH_TOTAL)
    spelled = ", ".join(
        f"{label}: {value}" for (label, _v), value in zip(bars, values, strict=True)
    )
    height = BAR_PLOT_TOP + BAR_PLOT_HEIGHT + BAR_LABEL_SPACE
    slot = (BAR_WIDTH_TOTAL - 2 * BAR_LEFT) / len(values)
    bar_width = slot * 0.6
    base = BAR_PLOT_TOP + BAR_PLOT_HEIGHT
    top = max(values)
    parts = [_open(ident, BAR_WIDTH_TOTAL, height, title, f"{desc} {spelled}.".strip())]
    for index, ((label, _value), value) in enumerate(zip(bars, values, strict=True)):
        x = BAR_LEFT + slot * index + (slot - bar_width) / 2
        bar_height = BAR_PLOT_HEIGHT * value / top
        parts.append(
            f'<g class="bar-group"><rect class="bar" data-value="{value}" x="{number(x)}" '
            f'y="{number(base - bar_height)}" width="{number(bar_width)}" '
            f'height="{number(bar_height)}" fill="{HISTORY_FILL}" stroke="{INK}"/>'
            f'<text x="{number(x + bar_width / 2)}" y="{number(base - bar_height - 5)}" '
            f'text-anchor="middle" font-size="13" font-weight="bold">{value}</text>'
            f'<text x="{number(x + bar_width / 2)}" y="{number(base + 18)}" '
            f'text-anchor="middle" font-size="13">{escape_text(label)}</text></g>'
        )
    parts.append(
        f'<line x1="{BAR_LEFT}" y1="{base}" x2="{BAR_WIDTH_TOTAL - BAR_LEFT}" y2="{base}" '
        f'stroke="{INK}" stroke-width="1.5"/></svg>'
    )
    return "".join(parts)


def series_chart(
    ident: str,
    title: str,
    desc: str,
    rows: Sequence[SeriesRow],
    period_labels: Sequence[str],
    empty: str,
    current_label: str = "",
) -> str:
    """Small multiples, one row of bars per category on one shared scale; the last bar (the
    report's period) is solid black, the earlier ones grey, so the eye compares now with then.

    ``current_label`` prefixes the current count printed at the end of each row.
    """
    if not rows or all(sum(row.series) == 0 for row in rows):
        return empty_chart(ident, title, desc, empty, SERIES_WIDTH)
    top = max(max(row.series, default=0) for row in rows) or 1
    row_height = SERIES_LABEL_HEIGHT + SERIES_BAR_HEIGHT + SERIES_ROW_GAP
    height = row_height * len(rows) + SERIES_AXIS_HEIGHT
    spelled = "; ".join(f"{row.label}: {', '.join(str(v) for v in row.series)}" for row in rows)
    parts = [_open(ident, SERIES_WIDTH, height, title, f"{desc} {spelled}.".strip())]
    for index, row in enumerate(rows):
        y0 = index * row_height
        base = y0 + SERIES_LABEL_HEIGHT + SERIES_BAR_HEIGHT
        parts.append(
            f'<g class="series-row"><text x="{SERIES_LEFT}" y="{y0 + 12}" font-size="12" '
            f'font-weight="bold">{escape_text(row.label)}</text>'
        )
        last = len(row.series) - 1
        for position, value in enumerate(row.series):
            x = SERIES_LEFT + position * (SERIES_BAR_WIDTH + SERIES_BAR_GAP)
            bar_height = SERIES_BAR_HEIGHT * max(0, value) / top
            fill = INK if position == last else HISTORY_FILL
            parts.append(
                f'<rect class="bar" data-value="{value}" x="{number(x)}" '
                f'y="{number(base - bar_height)}" width="{SERIES_BAR_WIDTH}" '
                f'height="{number(bar_height)}" fill="{fill}" stroke="{INK}" '
                'stroke-width="0.5"/>'
            )
        end = SERIES_LEFT + len(row.series) * (SERIES_BAR_WIDTH + SERIES_BAR_GAP) + 4
        current = int(row.series[-1]) if row.series else 0
        parts.append(
            f'<line x1="{SERIES_LEFT}" y1="{base}" x2="{end - 6}" y2="{base}" stroke="{INK}"/>'
            f'<text x="{end}" y="{base - 4}" font-size="13" font-weight="bold">'
            f"{escape_text(current_label)} {current}</text></g>"
        )
    axis_y = row_height * len(rows) + 4
    for position, label in enumerate(period_labels):
        centre = SERIES_LEFT + position * (SERIES_BAR_WIDTH + SERIES_BAR_GAP) + SERIES_BAR_WIDTH / 2
        parts.append(
            f'<text x="{number(centre)}" y="{axis_y + 10}" text-anchor="middle" font-size="10">'
            f"{escape_text(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str) -> str:
    return label if len(label) <= HOTSPOT_LABEL_LENGTH else label[: HOTSPOT_LABEL_LENGTH - 1] + "…"


def hotspot_radius(count: int, largest: int) -> float:
    """Circle area grows with the count (radius with its square root), as readers judge areas."""
    share = math.sqrt(max(count, 0) / largest) if largest > 0 else 0.0
    return HOTSPOT_MIN_RADIUS + (HOTSPOT_MAX_RADIUS - HOTSPOT_MIN_RADIUS) * share


def hotspot_map(
    ident: str,
    title: str,
    desc: str,
    hotspots: Sequence[dict[str, Any]],
    empty: str,
    legend: str,
    language: str,
) -> str:
    """Hotspots as numbered circles sized by count at their centres, with scale bar and north
    arrow and no map tiles; numbers match the hotspot table. Spots without a centre are left
    to the table (``legend`` should say so)."""
    numbered = [(index, spot) for index, spot in enumerate(hotspots, start=1) if spot["center"]]
    if not numbered:
        return empty_chart(ident, title, desc, empty, WIDTH)
    points = [(float(s["center"]["lat"]), float(s["center"]["lon"])) for _i, s in numbered]
    project = Projection(points, WIDTH, MAP_HEIGHT)
    largest = max(int(spot["count"]) for _i, spot in numbered)
    height = MAP_HEIGHT + HOTSPOT_LEGEND_HEIGHT
    spelled = "; ".join(f"{i}. {spot['label']}: {spot['count']}" for i, spot in numbered)
    parts = [
        _open(ident, WIDTH, height, title, f"{desc} {spelled}.".strip()),
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#FFFFFF"/>',
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="{MAP_HEIGHT - 2}" fill="none" '
        'stroke="#808080"/>',
        '<g id="' + escape_text(ident) + '-spots">',
    ]
    # Biggest first, so a small spot next to a big one is drawn on top and stays visible.
    for index, spot in sorted(numbered, key=lambda pair: -int(pair[1]["count"])):
        x, y = project(float(spot["center"]["lat"]), float(spot["center"]["lon"]))
        radius = hotspot_radius(int(spot["count"]), largest)
        caption = f"{index}. {spot['label']}: {spot['count']}"
        # Labels go right of the circle, or left of it in the map's right half.
        left = x > WIDTH * 0.55
        label_x, anchor = (x - radius - 3, "end") if left else (x + radius + 3, "start")
        parts.append(
            f'<g class="hotspot" data-count="{int(spot["count"])}">'
            f"<title>{escape_text(caption)}</title>"
            f'<circle cx="{number(x)}" cy="{number(y)}" r="{number(radius)}" fill="{INK}" '
            f'fill-opacity="0.15" stroke="{INK}" stroke-width="1.5"/>'
            f'<text x="{number(label_x)}" y="{number(y + 4)}" text-anchor="{anchor}" '
            'font-size="12" stroke="#FFFFFF" stroke-width="3" paint-order="stroke">'
            f'<tspan font-weight="bold">{index}</tspan> '
            f"{escape_text(_short(str(spot['label'])))} ({int(spot['count'])})</text></g>"
        )
    parts.append("</g>")
    parts.append(scale_bar(project))
    parts.append(north_arrow(language))
    key_radius = hotspot_radius(largest, largest)
    legend_y = MAP_HEIGHT + HOTSPOT_LEGEND_HEIGHT / 2
    parts.append(
        f'<g class="legend"><circle cx="{number(40 + key_radius)}" cy="{number(legend_y)}" '
        f'r="{number(key_radius)}" fill="{INK}" fill-opacity="0.15" stroke="{INK}"/>'
        f'<text x="{number(48 + 2 * key_radius)}" y="{number(legend_y + 4)}" font-size="12">'
        f"{escape_text(legend)}</text></g></svg>"
    )
    return "".join(parts)
