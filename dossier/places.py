"""Places: their geometry checked position by position, and the names that tie free text to a place.

Which records concern which place is indexed with the rest in indexes.py (it walks each record).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, Literal

from .errors import Problem
from .kinds import KINDS
from .limits import MAX_PLACE_POSITIONS
from .model import Dossier
from .schema import Place, describe

GEOMETRY_TYPES = ("Polygon", "MultiPolygon", "LineString")
Position = tuple[float, float]
Loc = tuple[str | int, ...]


def place_problems(dossier: Dossier) -> list[Problem]:
    """Check every place's point and geometry: shape, ranges, size, and edges that cross."""
    problems: list[Problem] = []
    for place in all_places(dossier):
        problems += _check_place(place)
    return problems


def all_places(dossier: Dossier) -> list[Place]:
    """Every place of the dossier, by id."""
    found = [r for kind in KINDS.values() if kind.model is Place for r in dossier.records.get(kind.name, {}).values()]
    return sorted(found, key=lambda place: place.id)


def _check_place(place: Place) -> list[Problem]:
    problems: list[Problem] = []

    def problem(loc: Loc, message: str, severity: Literal["error", "warning"] = "error") -> None:
        problems.append(Problem(place.path, place.line(*loc), message, severity))

    if place.point is None and place.geometry is None:
        problem(("name",), "a place needs a point ({lon: …, lat: …}) or a geometry (a GeoJSON shape): add one")
    if place.point is not None:
        _check_range(place.point.lon, place.point.lat, ("point",), "point", problem)
    if place.geometry is not None:
        _check_geometry(place.geometry, problem)
    return problems


def _where(loc: Loc) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else (f".{part}" if i else part) for i, part in enumerate(loc))


def _check_range(lon: float, lat: float, loc: Loc, where: str, problem: Any) -> bool:
    ok = True
    for value, axis, limit, meaning in ((lon, "longitude", 180, "east"), (lat, "latitude", 90, "north")):
        if not math.isfinite(value) or not -limit <= value <= limit:
            sub = (*loc, "lon" if axis == "longitude" else "lat") if where == "point" else loc
            shown = f"{where}.{sub[-1]}" if where == "point" else where
            message = (
                f"{axis} {value:g} in {shown} is out of range: a {axis} runs from -{limit} to {limit} "
                f"({meaning} positive); GeoJSON writes [lon, lat], longitude first"
            )
            problem(sub, message)
            ok = False
    return ok


def _check_geometry(geometry: dict[str, Any], problem: Any) -> None:
    base: Loc = ("geometry",)
    unknown = [key for key in geometry if key not in ("type", "coordinates")]
    for key in unknown:
        problem((*base, key), f"unknown field '{key}' in geometry: a geometry has only type and coordinates")
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        found = "no type" if kind is None else f"type {describe(kind)}"
        problem((*base, "type"), f"geometry has {found}: use Polygon, MultiPolygon or LineString")
        return
    if "coordinates" not in geometry:
        problem(base, "missing required field 'coordinates' in geometry: the positions, each [lon, lat]")
        return
    loc: Loc = (*base, "coordinates")
    coordinates = geometry["coordinates"]
    if coordinates == [] and kind != "LineString":  # a LineString says how many positions it lacks, below
        # An empty shape draws nothing and leaves a map nothing to frame: say so rather than draw it.
        problem(loc, f"geometry.coordinates is empty: give the {kind}'s positions, or remove the geometry")
        return
    # Each shape as a list of (location, rings); a LineString is one open line.
    parts: list[tuple[Loc, list[tuple[Loc, list[Position]]]]] = []
    if kind == "MultiPolygon":
        polygons = _list_of(coordinates, loc, "a list of polygons", problem)
        for index, polygon in enumerate(polygons or []):
            parts.append(((*loc, index), _rings(polygon, (*loc, index), problem)))
    elif kind == "Polygon":
        parts.append((loc, _rings(coordinates, loc, problem)))
    else:
        line = _positions(coordinates, loc, problem)
        if line is not None and len(line) < 2:
            problem(loc, f"a LineString needs at least 2 positions in {_where(loc)}, found {len(line)}")
        elif line is not None:
            parts.append((loc, [(loc, line)]))
    total = sum(len(ring) for _, rings in parts for _, ring in rings)
    if total > MAX_PLACE_POSITIONS:
        problem(
            loc,
            f"geometry has {total:,} positions; the limit is {MAX_PLACE_POSITIONS:,}: simplify the shape "
            "(a map needs far fewer)",
        )
        return
    for _, rings in parts:
        # The maps are flat: an edge more than 180 degrees of longitude long (179 to -179) is drawn the
        # long way round, across the whole map. It is right for a shape that spans that much, so a warning.
        edges = ((here, ring[i], ring[i + 1], i) for here, ring in rings for i in range(len(ring) - 1))
        wide = next(((here, a, b, i) for here, a, b, i in edges if abs(b[0] - a[0]) > 180), None)
        if wide is not None:
            here, a, b, i = wide
            message = (
                f"{_where(here)} goes from longitude {a[0]:g} to {b[0]:g} between positions {i} and {i + 1}, "
                "the long way round the map: if the shape crosses the 180th meridian, split it there into a "
                "MultiPolygon (GeoJSON's rule)"
            )
            problem((*here, i + 1), message, "warning")
        closed = kind != "LineString"
        crossing = first_crossing([ring for _, ring in rings], closed)
        if crossing is not None:
            (ring_a, edge_a), (ring_b, edge_b) = crossing
            loc_a, loc_b = rings[ring_a][0], rings[ring_b][0]
            same = "itself" if ring_a == ring_b else _where(loc_b)
            message = (
                f"{_where(loc_a)} crosses {same}: the edge from position {edge_a} to {edge_a + 1} crosses "
                f"the edge from position {edge_b} to {edge_b + 1}{'' if ring_a == ring_b else f' of {_where(loc_b)}'}; "
                "a shape's edges must not cross: reorder or move the positions"
            )
            problem((*loc_a, edge_a), message)


def _list_of(value: Any, loc: Loc, what: str, problem: Any) -> list[Any] | None:
    if not isinstance(value, list):
        problem(loc, f"expected {what} in {_where(loc)}, found {describe(value)}")
        return None
    return value


def _rings(value: Any, loc: Loc, problem: Any) -> list[tuple[Loc, list[Position]]]:
    rings = []
    found = _list_of(value, loc, "a list of rings (lists of positions)", problem)
    if found == [] and len(loc) > 2:  # a MultiPolygon's polygon with no ring (an empty Polygon is said above)
        problem(loc, f"polygon {_where(loc)} has no ring: give its outline, or remove it")
    for index, ring in enumerate(found or []):
        here = (*loc, index)
        positions = _positions(ring, here, problem)
        if positions is None:
            continue
        if len(positions) < 4:
            problem(
                here,
                f"ring {_where(here)} has {len(positions)} positions: "
                "a ring needs at least 4, the last the same as the first",
            )
        elif positions[0] != positions[-1]:
            first = f"[{positions[0][0]:g}, {positions[0][1]:g}]"
            problem(
                (*here, len(positions) - 1),
                f"ring {_where(here)} is not closed: end it with its first position, {first}",
            )
        else:
            rings.append((here, positions))
    return rings


def _positions(value: Any, loc: Loc, problem: Any) -> list[Position] | None:
    items = _list_of(value, loc, "a list of positions, each [lon, lat]", problem)
    if items is None:
        return None
    positions: list[Position] = []
    for index, item in enumerate(items):
        here = (*loc, index)
        if not isinstance(item, list) or len(item) not in (2, 3):
            problem(here, f"expected a position [lon, lat] in {_where(here)}, found {describe(item)}")
            return None
        numbers = [_number(n) for n in item]
        if (wrong := next((i for i, n in enumerate(numbers) if n is None), None)) is not None:
            problem((*here, wrong), f"expected a number in {_where((*here, wrong))}, found {describe(item[wrong])}")
            return None
        lon, lat = numbers[0] or 0.0, numbers[1] or 0.0
        if not _check_range(lon, lat, here, _where(here), problem):
            return None
        positions.append((lon, lat))
    return positions


def _number(value: Any) -> float | None:
    """A coordinate as a float; None if it is no number (YAML's true is not 1 here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return float(value)
    except OverflowError:  # an integer of hundreds of digits: out of range, as the range check then says
        return math.inf if value > 0 else -math.inf


def first_crossing(rings: list[list[Position]], closed: bool = True) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Return the first two edges (ring, index of the edge's first position) that cross, or None.

    Edges are swept from west to east: each is compared only with those whose span of longitudes
    overlaps its own (and tested only if their spans of latitudes overlap too), so a real outline
    costs about n log n; limits.MAX_PLACE_POSITIONS bounds the worst case.
    Edges that share a position (neighbours in a ring, and a ring's last with its first) may touch there.
    """
    edges: list[tuple[float, float, float, float, int, int, Position, Position]] = []
    for r, ring in enumerate(rings):
        for i in range(len(ring) - 1):
            a, b = ring[i], ring[i + 1]
            if a != b:
                edges.append((min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1]), r, i, a, b))
    edges.sort()
    for n, (_west, east, south, north, r, i, a, b) in enumerate(edges):
        for m in range(n + 1, len(edges)):
            west2, _east2, south2, north2, r2, i2, c, d = edges[m]
            if west2 > east:
                break
            if south2 > north or north2 < south or (r == r2 and _neighbours(i, i2, len(rings[r]) - 1, closed)):
                continue
            if _cross(a, b, c, d):
                return ((r, i), (r2, i2)) if (r, i) < (r2, i2) else ((r2, i2), (r, i))
    return None


def _neighbours(i: int, j: int, edges: int, closed: bool) -> bool:
    return abs(i - j) == 1 or (closed and {i, j} == {0, edges - 1})


def _orientation(p: Position, q: Position, r: Position) -> int:
    value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return (value > 0) - (value < 0)


def _on_segment(p: Position, q: Position, r: Position) -> bool:
    return min(p[0], r[0]) <= q[0] <= max(p[0], r[0]) and min(p[1], r[1]) <= q[1] <= max(p[1], r[1])


def _cross(a: Position, b: Position, c: Position, d: Position) -> bool:
    """True when segments ab and cd meet (touching counts: a shape may not touch itself either)."""
    o1, o2, o3, o4 = _orientation(a, b, c), _orientation(a, b, d), _orientation(c, d, a), _orientation(c, d, b)
    if o1 != o2 and o3 != o4:
        return True
    return (
        (o1 == 0 and _on_segment(a, c, b))
        or (o2 == 0 and _on_segment(a, d, b))
        or (o3 == 0 and _on_segment(c, a, d))
        or (o4 == 0 and _on_segment(c, b, d))
    )


# The names that tie free text (an event's `place: Damascus`) to a place.


def place_names(dossier: Dossier) -> dict[str, str]:
    """Each place's name and aliases, folded for comparison, with the place's id."""
    names: dict[str, str] = {}
    for place in all_places(dossier):
        for name in (place.name, *place.aliases):
            names.setdefault(_fold(name), place.id)
    return names


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def named(text: str, names: dict[str, str]) -> str | None:
    """The id of the place whose name or alias `text` is (capitals and spaces aside), if any."""
    return names.get(_fold(text))


def positions(place: Place) -> Iterator[Position]:
    """Every position of a place: its point, and each of its geometry's."""
    if place.point is not None:
        yield place.point.lon, place.point.lat
    for _kind, rings in shapes(place):
        for ring in rings:
            yield from ring


def shapes(place: Place) -> list[tuple[str, list[list[Position]]]]:
    """A place's geometry as pieces: ('polygon', its rings, outline first then holes) or ('line', [positions])."""
    geometry = place.geometry
    if not geometry:
        return []
    coordinates = geometry["coordinates"]
    if geometry["type"] == "LineString":
        return [("line", [[(p[0], p[1]) for p in coordinates]])]
    polygons = coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
    return [("polygon", [[(p[0], p[1]) for p in ring] for ring in polygon]) for polygon in polygons]
