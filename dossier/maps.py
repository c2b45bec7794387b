"""Maps drawn at build time: one SVG per map, from the places' points and shapes over country borders.

No tiles, fonts or scripts from anywhere: the borders are a small extract of Natural Earth kept in
dossier/borders/ (see its README), projected with the places onto a plane fitted to what the map
shows. Colours are CSS classes (templates/assets/dossier.css), so the theme's light, dark and print
schemes all apply; every feature is a link to its page, and the page lists what the map shows.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from .places import Position, positions, shapes
from .schema import Place

BORDERS = Path(__file__).parent / "borders" / "borders.json"
WIDTH = 640  # the viewBox's width of a page's main map, in CSS px: labels show at their size
SMALL_WIDTH = 400  # a small map's, beside a record's text (the CSS gives each figure this width at most)
MIN_SPAN = 1.2  # degrees: a map of one city, or of a narrow zone, still shows its surroundings
MARGIN = 0.15  # of the features' extent, on each side
ASPECT = (0.5, 0.8)  # height / width: wider than tall, never a strip
LEVELS = (0.03, 0.1, 0.3, 1.0)  # simplifications of the borders, in degrees, for larger and larger maps
LABEL_SIZE = 12  # px in the viewBox; a character is about 0.6 of it wide
Box = tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class Feature:
    """One place as a map draws it: where it links, and whether its position is only approximate."""

    place: Place
    href: str

    @property
    def label(self) -> str:
        return self.place.name

    @property
    def description(self) -> str:
        return f"{self.place.name} ({self.place.kind}{', approximate' if self.place.approximate else ''})"


def extent(places: list[Place]) -> Box:
    """Return the box that holds every point and shape of the places."""
    lons: list[float] = []
    lats: list[float] = []
    for place in places:
        for lon, lat in positions(place):
            lons.append(lon)
            lats.append(lat)
    return min(lons), min(lats), max(lons), max(lats)


def frame(box: Box) -> Box:
    """Fit a map around a box: a margin on each side, a least span, and a shape between ASPECT's bounds."""
    west, south, east, north = box
    lon_span = max(east - west, MIN_SPAN)
    lat_span = max(north - south, MIN_SPAN)
    centre_lon, centre_lat = (west + east) / 2, (south + north) / 2
    lon_span, lat_span = lon_span * (1 + 2 * MARGIN), lat_span * (1 + 2 * MARGIN)
    squeeze = _squeeze(centre_lat)
    ratio = lat_span / (lon_span * squeeze)
    if ratio > ASPECT[1]:
        lon_span = lat_span / (ASPECT[1] * squeeze)
    elif ratio < ASPECT[0]:
        lat_span = lon_span * squeeze * ASPECT[0]
    lat_span = min(lat_span, 170.0)
    centre_lat = max(-90 + lat_span / 2, min(90 - lat_span / 2, centre_lat))
    return centre_lon - lon_span / 2, centre_lat - lat_span / 2, centre_lon + lon_span / 2, centre_lat + lat_span / 2


def _squeeze(latitude: float) -> float:
    """How much a degree of longitude is shorter than one of latitude, at a map's middle latitude.

    Held at its value for 80 degrees: nearer a pole it tends to 0, and a map of a place there would
    grow ten or a thousand times taller than wide (the frame and the projection must agree on it).
    """
    return math.cos(math.radians(max(-80.0, min(80.0, latitude))))


@dataclass(frozen=True)
class Projection:
    """Equirectangular, with longitudes shortened by the cosine of the map's middle latitude."""

    box: Box
    width: float = WIDTH

    @property
    def squeeze(self) -> float:
        return _squeeze((self.box[1] + self.box[3]) / 2)

    @property
    def scale(self) -> float:
        return self.width / ((self.box[2] - self.box[0]) * self.squeeze)

    @property
    def height(self) -> float:
        return round((self.box[3] - self.box[1]) * self.scale, 1)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round((lon - self.box[0]) * self.squeeze * self.scale, 1),
            round((self.box[3] - lat) * self.scale, 1),
        )


def draw_map(features: list[Feature], map_id: str, title: str, width: int = WIDTH) -> str:
    """Return one map as SVG on a single line (a raw HTML block of the page's Markdown)."""
    box = frame(extent([feature.place for feature in features]))
    project = Projection(box, width)
    height = project.height
    parts = [
        f'<svg class="dossier-map-svg" viewBox="0 0 {width} {height:g}" width="{width}" height="{height:g}" '
        f'aria-labelledby="{map_id}-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{map_id}-title">{escape(title)}</title>',
        f'<rect class="dossier-map-sea" x="0" y="0" width="{width}" height="{height:g}"/>',
        border_layer(box, width),
    ]
    # Larger areas first, so that smaller ones and points stay on top and reachable.
    ordered = sorted(features, key=lambda f: (-_area(f.place), f.place.id))
    placed: list[tuple[float, float, float, float]] = []
    for feature in ordered:
        parts.append(_feature(feature, project, placed))
    parts.append("</svg>")
    return "".join(parts)


def _area(place: Place) -> float:
    if not place.geometry:
        return 0.0
    west, south, east, north = extent([place])
    return (east - west) * (north - south) or 1e-9


def _feature(feature: Feature, project: Projection, placed: list[tuple[float, float, float, float]]) -> str:
    place = feature.place
    approximate = " dossier-map-approximate" if place.approximate else ""
    drawn = []
    for kind, rings in shapes(place):
        # A polygon's rings in one path, filled even-odd: its holes stay holes.
        d = "".join(
            "M"
            + "L".join(f"{x:g},{y:g}" for x, y in _dedupe([project(lon, lat) for lon, lat in ring]))
            + ("Z" if kind == "polygon" else "")
            for ring in rings
        )
        drawn.append(f'<path class="dossier-map-{"area" if kind == "polygon" else "line"}{approximate}" d="{d}"/>')
    if place.point is not None:
        x, y = project(place.point.lon, place.point.lat)
        if not place.geometry:
            drawn.append(f'<circle class="dossier-map-point{approximate}" cx="{x:g}" cy="{y:g}" r="4"/>')
        anchor = (x + 7, y + 4, "start") if not place.geometry else (x, y + 4, "middle")
    else:
        west, south, east, north = extent([place])
        x, y = project((west + east) / 2, (south + north) / 2)
        anchor = (x, y + 4, "middle")
    label = _label(feature.label, anchor, placed, project.width, project.height)
    return (
        f'<a href="{escape(feature.href)}" aria-label="{escape(feature.description)}">'
        f"<title>{escape(feature.description)}</title>{''.join(drawn)}{label}</a>"
    )


def _label(
    text: str,
    anchor: tuple[float, float, str],
    placed: list[tuple[float, float, float, float]],
    width: float,
    height: float,
) -> str:
    """Return a label that overlaps no label placed before it and stays inside the map, or nothing."""
    x, y, align = anchor
    wide = len(text) * LABEL_SIZE * 0.6
    if align == "start" and x + wide > width:  # too near the right edge: put it left of the point
        x, align = x - 14, "end"
    left = x - wide if align == "end" else x - wide / 2 if align == "middle" else x
    box = (left, y - LABEL_SIZE, left + wide, y + 3)
    inside = box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
    if not inside or any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
        return ""  # the feature's title still names it, and the list under the map does
    placed.append(box)
    return f'<text class="dossier-map-label" x="{x:g}" y="{y:g}" text-anchor="{align}">{escape(text)}</text>'


def _dedupe(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    kept = points[:1]
    for point in points[1:]:
        if point != kept[-1]:
            kept.append(point)
    return kept


# Country borders: read once, simplified once per level, clipped and projected once per frame.


@functools.cache
def _countries() -> list[tuple[str, list[list[Position]]]]:
    data = json.loads(BORDERS.read_text(encoding="utf-8"))
    return [(c["name"], [[(p[0], p[1]) for p in ring] for ring in c["rings"]]) for c in data["countries"]]


@functools.cache
def _level(tolerance: float) -> list[tuple[Box, list[Position]]]:
    rings = []
    for _name, country in _countries():
        for ring in country:
            simple = simplify(ring, tolerance) if tolerance > LEVELS[0] else ring
            if len(simple) >= 4:
                lons, lats = [p[0] for p in simple], [p[1] for p in simple]
                rings.append(((min(lons), min(lats), max(lons), max(lats)), simple))
    return rings


@functools.lru_cache(maxsize=512)
def border_layer(box: Box, width: int = WIDTH) -> str:
    """Return the land of the countries within a map's frame as one SVG path (cached: maps repeat frames)."""
    project = Projection(box, width)
    degrees_per_pixel = (box[2] - box[0]) / width
    tolerance = max([level for level in LEVELS if level <= 1.5 * degrees_per_pixel] or [LEVELS[0]])
    west, south, east, north = box
    pad_lon, pad_lat = (east - west) * 0.05, (north - south) * 0.05
    clip = (west - pad_lon, south - pad_lat, east + pad_lon, north + pad_lat)
    pieces = []
    for ring_box, ring in _level(tolerance):
        if ring_box[2] < clip[0] or ring_box[0] > clip[2] or ring_box[3] < clip[1] or ring_box[1] > clip[3]:
            continue
        inside = clip[0] <= ring_box[0] and ring_box[2] <= clip[2] and clip[1] <= ring_box[1] and ring_box[3] <= clip[3]
        clipped = ring if inside else clip_ring(ring, clip)
        points = _dedupe([project(lon, lat) for lon, lat in clipped])
        if len(points) >= 3:
            pieces.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return f'<path class="dossier-map-land" d="{"".join(pieces)}"/>' if pieces else ""


def clip_ring(ring: list[Position], box: Box) -> list[Position]:
    """Clip a closed ring to a box (Sutherland-Hodgman): what lies outside follows the box's edge."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda p, q: _at_lon(p, q, west)),
        (lambda p: p[0] <= east, lambda p, q: _at_lon(p, q, east)),
        (lambda p: p[1] >= south, lambda p, q: _at_lat(p, q, south)),
        (lambda p: p[1] <= north, lambda p, q: _at_lat(p, q, north)),
    )
    points = ring[:-1] if ring and ring[0] == ring[-1] else list(ring)
    for inside, cut in edges:
        if not points:
            break
        kept: list[Position] = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    kept.append(cut(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cut(previous, point))
            previous = point
        points = kept
    return [*points, points[0]] if points else []


def _at_lon(p: Position, q: Position, lon: float) -> Position:
    t = (lon - p[0]) / (q[0] - p[0])
    return lon, p[1] + t * (q[1] - p[1])


def _at_lat(p: Position, q: Position, lat: float) -> Position:
    t = (lat - p[1]) / (q[1] - p[1])
    return p[0] + t * (q[0] - p[0]), lat


def simplify(points: list[Position], tolerance: float) -> list[Position]:
    """Douglas-Peucker, without recursion: keep the points farther than `tolerance` from the line kept."""
    if len(points) < 3:
        return points
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        far, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length if length else math.hypot(x - x1, y - y1)
            if d > far:
                far, index = d, i
        if index > 0 and far > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def group_places(places: list[Place], gap: float = 5.0) -> list[list[Place]]:
    """Group places that lie within `gap` degrees of each other, each group a map of its own (largest first)."""
    boxes = [extent([place]) for place in places]
    parent = list(range(len(places)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(places)), key=lambda i: boxes[i][0])
    for n, i in enumerate(order):  # swept west to east: only boxes that overlap in longitude are compared
        for j in order[n + 1 :]:
            if boxes[j][0] > boxes[i][2] + gap:
                break
            if boxes[j][1] <= boxes[i][3] + gap and boxes[i][1] <= boxes[j][3] + gap:
                parent[root(j)] = root(i)
    groups: dict[int, list[Place]] = {}
    for i, place in enumerate(places):
        groups.setdefault(root(i), []).append(place)
    return sorted(groups.values(), key=lambda group: (-len(group), group[0].id))
