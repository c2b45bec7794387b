"""Regenerate borders.json: a small, simplified extract of Natural Earth's country borders around the dossier's region.

Natural Earth is in the public domain; world-atlas (ISC licence) redistributes its 1:50m countries as
TopoJSON. Get it from the npm registry and run this script once; the maps read only borders.json:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python dossier/borders/make_borders.py package/countries-50m.json dossier/borders/borders.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project, to share the maps' geometry
from dossier.maps import clip_ring, simplify  # noqa: E402

# Western Europe to Iraq, North Africa to the Baltic: where the dossier's places are (Paris to Damascus).
BBOX = (-6.0, 24.0, 50.0, 52.0)  # west, south, east, north, in degrees
TOLERANCE = 0.03  # degrees: a few kilometres, finer than any small map draws
DIGITS = 3


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Turn TopoJSON's quantised, delta-encoded arcs into lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arc_ids: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """Join a ring's arcs (a negative id is arc ~id reversed), each arc's first point shared with the last."""
    points: list[tuple[float, float]] = []
    for arc_id in arc_ids:
        arc = arcs[arc_id] if arc_id >= 0 else arcs[~arc_id][::-1]
        points.extend(arc if not points else arc[1:])
    return [[round(x, DIGITS), round(y, DIGITS)] for x, y in points]


def extract(topology: dict) -> dict:
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], []
        )
        rings = []
        for polygon in polygons:
            for arc_ids in polygon:
                # Keep what of a ring lies in the box, if more than a speck at this tolerance.
                points = clip_ring([(x, y) for x, y in ring(arc_ids, arcs)], BBOX)
                if len(points) >= 4:
                    rings.append([[round(x, DIGITS), round(y, DIGITS)] for x, y in points])
        if rings:
            countries.append({"name": geometry["properties"]["name"], "rings": rings})
    return {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain), via world-atlas 2.0.2 (npm)",
        "made_by": "dossier/borders/make_borders.py",
        "bbox": list(BBOX),
        "tolerance": TOLERANCE,
        "countries": sorted(countries, key=lambda country: country["name"]),
    }


if __name__ == "__main__":
    source, target = sys.argv[1:3]
    data = extract(json.loads(Path(source).read_text(encoding="utf-8")))
    Path(target).write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
