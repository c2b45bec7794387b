"""Places: geometry checked at its lines, records tied to places, and the maps drawn from them."""

import json
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, build_here, make_project

from dossier.errors import ContentError
from dossier.limits import MAX_PLACE_POSITIONS
from dossier.maps import SMALL_WIDTH, WIDTH
from dossier.pipeline import build_pages, check_dossier
from dossier.places import first_crossing

GENEVA = "name: Geneva\nkind: city\npoint: {lon: 6.1432, lat: 46.2044}\nsources: [daily-news-2026-01-06#p1]\n"
# The glossary without its Geneva entry: the place takes over from it.
GLOSSARY = "zone:\n  term: Border zone\n  definition: The strip along the border.\n  sources: []\n"
ZONE = """name: Demilitarised strip
kind: zone
approximate: true
geometry:
  type: Polygon
  coordinates:
    - - [6.0, 46.0]
      - [6.4, 46.0]
      - [6.4, 46.3]
      - [6.0, 46.3]
      - [6.0, 46.0]
sources: [daily-news-2026-01-06#p2]
"""
SVG = re.compile(r"<svg .*?</svg>")


def errors_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_dossier(content)
    return [str(p) for p in caught.value.problems if p.is_error]


def place(geometry: str) -> dict[str, str]:
    text = f"name: Strip\nkind: zone\ngeometry:\n{geometry}sources: []\n"
    return {"places/strip.yaml": text, "glossary.yaml": GLOSSARY}


def with_places(write, **more: str) -> Path:
    issue = (ROOT / "tests/data/small_dossier/issues/border-zone.yaml").read_text(encoding="utf-8")
    files = {"places/geneva.yaml": GENEVA, "places/strip.yaml": ZONE, "glossary.yaml": GLOSSARY, **more}
    return write({"issues/border-zone.yaml": issue + "places: [strip]\n", **files})


# Checks, each at its line.


def test_a_glossary_entry_for_the_same_place_is_moved_not_renamed(write):
    content = write({"places/geneva.yaml": GENEVA})
    assert errors_of(content) == [
        "content/glossary.yaml:1: term 'geneva' names the same place as content/places/geneva.yaml: a place is a "
        "record of its own now; move what the term says into the place's summary, then delete the term (links to "
        "[[geneva]] keep working while the place keeps the id 'geneva')"
    ]


def test_a_place_named_like_a_glossary_entry_under_another_id_is_told_the_same(write):
    content = write({"places/geneva-city.yaml": GENEVA})
    assert errors_of(content) == [
        "content/glossary.yaml:1: term 'geneva' names the same place as content/places/geneva-city.yaml: a place is "
        "a record of its own now; move what the term says into the place's summary, then delete the term (links to "
        "[[geneva]] then need the place's id: change them to [[geneva-city]], or rename "
        "content/places/geneva-city.yaml to geneva.yaml)"
    ]


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        (
            "  type: Polygon\n  coordinates:\n    - - [6.0, 46.0]\n      - [6.4, 46.0]\n      - [6.4, 46.3]\n"
            "      - [6.0, 46.3]\n",
            [
                "content/places/strip.yaml:9: ring geometry.coordinates[0] is not closed: end it with its first "
                "position, [6, 46]"
            ],
        ),
        (
            "  type: Polygon\n  coordinates:\n    - [[6.0, 46.0], [6.4, 46.0], [6.0, 46.0]]\n",
            [
                "content/places/strip.yaml:6: ring geometry.coordinates[0] has 3 positions: a ring needs at least 4, "
                "the last the same as the first"
            ],
        ),
        (
            "  type: LineString\n  coordinates:\n    - [6.0, 46.0]\n    - [186.5, 46.1]\n",
            [
                "content/places/strip.yaml:7: longitude 186.5 in geometry.coordinates[1] is out of range: a longitude "
                "runs from -180 to 180 (east positive); GeoJSON writes [lon, lat], longitude first"
            ],
        ),
        (
            "  type: LineString\n  coordinates:\n    - [46.0, 6.0]\n    - [46.1, 96.0]\n",
            [
                "content/places/strip.yaml:7: latitude 96 in geometry.coordinates[1] is out of range: a latitude "
                "runs from -90 to 90 (north positive); GeoJSON writes [lon, lat], longitude first"
            ],
        ),
        (
            "  type: LineString\n  coordinates:\n    - [6.0, 46.0]\n    - [6.1]\n",
            ["content/places/strip.yaml:7: expected a position [lon, lat] in geometry.coordinates[1], found a list"],
        ),
        (
            "  type: Point\n  coordinates: [6.0, 46.0]\n",
            ["content/places/strip.yaml:4: geometry has type 'Point': use Polygon, MultiPolygon or LineString"],
        ),
        (
            "  type: Polygon\n  coordinates: []\n  bbox: [1, 2, 3, 4]\n",
            [
                "content/places/strip.yaml:5: geometry.coordinates is empty: give the Polygon's positions, "
                "or remove the geometry",
                "content/places/strip.yaml:6: unknown field 'bbox' in geometry: a geometry has only type and "
                "coordinates",
            ],
        ),
        (
            "  type: MultiPolygon\n  coordinates: [6.0, 46.0]\n",
            [
                "content/places/strip.yaml:5: expected a list of rings (lists of positions) in "
                f"geometry.coordinates[{n}], found a number ({value})"
                for n, value in enumerate(["6.0", "46.0"])
            ],
        ),
    ],
    ids=["not-closed", "too-few", "lon-range", "lat-swapped", "short-position", "point-type", "bbox", "depth"],
)
def test_each_geometry_problem_is_reported_at_its_line(write, geometry, expected):
    assert errors_of(write(place(geometry))) == expected


def test_a_polygon_that_crosses_itself_is_refused_at_the_first_crossing_edge(write):
    # A bow tie: the edge 0→1 crosses the edge 2→3.
    bow_tie = "  type: Polygon\n  coordinates:\n    - - [6.0, 46.0]\n      - [6.4, 46.3]\n      - [6.4, 46.0]\n"
    bow_tie += "      - [6.0, 46.3]\n      - [6.0, 46.0]\n"
    assert errors_of(write(place(bow_tie))) == [
        "content/places/strip.yaml:6: geometry.coordinates[0] crosses itself: the edge from position 0 to 1 crosses "
        "the edge from position 2 to 3; a shape's edges must not cross: reorder or move the positions"
    ]


def test_a_hole_that_crosses_its_outline_is_refused(write):
    hole = "  type: Polygon\n  coordinates:\n    - [[6.0, 46.0], [6.4, 46.0], [6.4, 46.3], [6.0, 46.3], [6.0, 46.0]]\n"
    hole += "    - [[6.2, 46.1], [6.6, 46.1], [6.6, 46.2], [6.2, 46.2], [6.2, 46.1]]\n"
    assert errors_of(write(place(hole))) == [
        "content/places/strip.yaml:6: geometry.coordinates[0] crosses geometry.coordinates[1]: the edge from position "
        "1 to 2 crosses the edge from position 0 to 1 of geometry.coordinates[1]; a shape's edges must not cross: "
        "reorder or move the positions"
    ]


def test_coordinates_and_the_need_for_a_position_are_checked(write):
    text = "name: Strip\nkind: zone\npoint: {lon: 6.1, lat: -91}\nsources: []\n"
    nowhere = "name: Nowhere\nkind: site\nsources: []\n"
    content = write({"places/strip.yaml": text, "places/nowhere.yaml": nowhere, "glossary.yaml": GLOSSARY})
    assert errors_of(content) == [
        "content/places/nowhere.yaml:1: a place needs a point ({lon: …, lat: …}) or a geometry (a GeoJSON shape): "
        "add one",
        "content/places/strip.yaml:3: latitude -91 in point.lat is out of range: a latitude runs from -90 to 90 "
        "(north positive); GeoJSON writes [lon, lat], longitude first",
    ]


def test_a_coordinate_must_be_a_number(write):
    text = "name: Strip\nkind: zone\npoint:\n  lon: '6.1'\n  lat: 46\nsources: []\n"
    assert errors_of(write({"places/strip.yaml": text, "glossary.yaml": GLOSSARY})) == [
        "content/places/strip.yaml:4: expected a number in point.lon, found '6.1'"
    ]


def test_unknown_place_ids_are_refused_with_a_suggestion(write):
    content = with_places(write, **{"events/talks-stall-2025-07.yaml": _event("places: [genva, ruritania]\n")})
    assert errors_of(content) == [
        "content/events/talks-stall-2025-07.yaml:5: 'ruritania' is an actor, not a place in places[1]",
        "content/events/talks-stall-2025-07.yaml:5: unknown place 'genva' in places[0] (did you mean 'geneva'?)",
    ]


def _event(extra: str) -> str:
    text = (ROOT / "tests/data/small_dossier/events/talks-stall-2025-07.yaml").read_text(encoding="utf-8")
    return text + extra


def test_the_positions_of_a_shape_are_limited(write):
    count = MAX_PLACE_POSITIONS + 1
    ring = [[6 + 0.3 * _cos(i, count - 1), 46 + 0.2 * _sin(i, count - 1)] for i in range(count)]
    ring[-1] = ring[0]
    geometry = "  type: Polygon\n  coordinates:\n    -\n" + "".join(f"      - {json.dumps(p)}\n" for p in ring)
    assert errors_of(write(place(geometry))) == [
        f"content/places/strip.yaml:5: geometry has {count:,} positions; the limit is {MAX_PLACE_POSITIONS:,}: "
        "simplify the shape (a map needs far fewer)"
    ]


def _cos(i: int, n: int) -> float:
    import math

    return math.cos(2 * math.pi * i / n)


def _sin(i: int, n: int) -> float:
    import math

    return math.sin(2 * math.pi * i / n)


def test_a_shape_at_the_limit_is_checked_quickly():
    n = MAX_PLACE_POSITIONS - 1
    circle = [(_cos(i, n), _sin(i, n)) for i in range(n)] + [(1.0, 0.0)]
    # A fan of edges that each span the whole shape, none crossing: the sweep compares every pair.
    fan = [(0.0, i / (2 * n)) if i % 2 == 0 else (1.0, 0.5 + i / (2 * n)) for i in range(n - 4)]
    fan += [(1.0, 1.2), (2.0, 1.2), (2.0, -0.5), (0.0, -0.5), fan[0]]
    started = time.process_time()
    assert first_crossing([circle]) is None
    assert first_crossing([fan]) is None
    assert time.process_time() - started < 5  # about 2 s of CPU: the limit keeps the worst case there
    assert first_crossing([[*fan[:-2], (0.5, 2.0), fan[0]]]) is not None


# What concerns a place, and the maps.


def test_an_event_concerns_the_place_its_place_line_names(write):
    pages = build_pages(with_places(write), ROOT / "templates").pages
    geneva = pages["places/geneva.md"]
    # The event says `place: Geneva`: it is on the place's timeline, and has a map on the timeline.
    assert "[Talks resume in Geneva](../timeline.md#geneva-talks-2026-01-06)" in geneva
    assert 'aria-labelledby="map-geneva-talks-2026-01-06-title"' in pages["timeline.md"]
    assert "*Place:* [Geneva](places/geneva.md)" in pages["timeline.md"]
    # The issue lists the strip in `places`: the strip's page lists it, and the issue page draws it.
    assert "## Issues\n\n- [Demilitarisation of the border zone](../issues/border-zone.md)" in pages["places/strip.md"]
    assert 'href="../../places/strip/"' in pages["issues/border-zone.md"]


def test_every_feature_links_to_its_page_in_both_address_styles(write):
    content = with_places(write)
    folders = build_pages(content, ROOT / "templates").pages
    files = build_pages(content, ROOT / "templates", use_directory_urls=False).pages
    assert _hrefs(folders["places/index.md"]) == ["strip/", "geneva/"]
    assert _hrefs(files["places/index.md"]) == ["strip.html", "geneva.html"]
    assert _hrefs(folders["timeline.md"]) == ["../places/geneva/"]
    assert _hrefs(files["timeline.md"]) == ["places/geneva.html"]
    assert _hrefs(folders["places/geneva.md"]) == ["./"]


def _hrefs(page: str) -> list[str]:
    return [a.get("href", "") for svg in SVG.findall(page) for a in ET.fromstring(svg).iter(_svg("a"))]


def _svg(tag: str) -> str:
    return f"{{http://www.w3.org/2000/svg}}{tag}"


def test_approximate_shapes_are_dashed_and_said_to_be(write):
    pages = build_pages(with_places(write), ROOT / "templates").pages
    strip = pages["places/strip.md"]
    assert 'class="dossier-map-area dossier-map-approximate"' in strip
    assert "Dashed: approximate, drawn from general knowledge rather than the sources." in strip
    assert '!!! note "Approximate shape"' in strip
    geneva = pages["places/geneva.md"]
    assert "approximate" not in geneva.split("<svg")[1].split("</svg>")[0]
    assert "Dashed" not in geneva


def test_each_map_has_a_title_and_a_list_of_what_it_shows(write):
    pages = build_pages(with_places(write), ROOT / "templates").pages
    page = pages["places/index.md"]
    svg = ET.fromstring(SVG.findall(page)[0])
    assert svg.find(_svg("title")).text == "Places: Demilitarised strip, Geneva"
    assert svg.get("aria-labelledby") == svg.find(_svg("title")).get("id")
    labels = [a.get("aria-label") for a in svg.iter(_svg("a"))]
    assert labels == ["Demilitarised strip (zone, approximate)", "Geneva (city)"]
    assert "*On this map:* [Demilitarised strip](strip.md) (zone, approximate); [Geneva](geneva.md) (city)\n" in page


def test_the_projection_keeps_every_feature_inside_the_view(write):
    pages = build_pages(with_places(write), ROOT / "templates").pages
    for path in ("places/index.md", "places/geneva.md", "places/strip.md", "timeline.md"):
        for text in SVG.findall(pages[path]):
            svg = ET.fromstring(text)
            _, _, width, height = (float(n) for n in svg.get("viewBox").split())
            assert (
                width == (WIDTH if path == "places/index.md" else SMALL_WIDTH) and 0.5 * width <= height <= 0.8 * width
            )
            for a in svg.iter(_svg("a")):
                numbers = [
                    float(n)
                    for shape in a
                    for k, v in shape.attrib.items()
                    if k in "d cx cy x y"
                    for n in re.findall(r"-?\d+(?:\.\d+)?", v)
                ]
                xs, ys = numbers[0::2], numbers[1::2]
                assert numbers and all(0 <= x <= width for x in xs) and all(0 <= y <= height for y in ys), path


def test_no_tooltip_is_put_inside_a_map(write):
    # 'Border zone' is a glossary term; a place named for it shows its name in an SVG label.
    strip = ZONE.replace("Demilitarised strip", "Border zone strip")
    pages = build_pages(with_places(write, **{"places/strip.yaml": strip}), ROOT / "templates").pages
    for path, page in pages.items():
        for svg in SVG.findall(page):
            assert "<abbr" not in svg, path
    assert "Border zone strip</text>" in pages["places/strip.md"]


def test_dossier_json_carries_the_places(write):
    pages = build_pages(with_places(write), ROOT / "templates").pages
    places = {p["id"]: p for p in json.loads(pages["dossier.json"])["places"]}
    assert places["geneva"]["point"] == {"lon": 6.1432, "lat": 46.2044}
    assert places["strip"]["geometry"]["type"] == "Polygon"
    assert places["strip"]["approximate"] is True


@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_built_maps_link_to_pages_that_exist(tmp_path, directory_urls):
    project = make_project(tmp_path)
    content = project / "content"
    (content / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (content / "places").mkdir()
    (content / "places" / "geneva.yaml").write_text(GENEVA, encoding="utf-8")
    (content / "places" / "strip.yaml").write_text(ZONE, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"use_directory_urls: {str(directory_urls).lower()}\n")
    build_here(project)
    site = project / "site"
    pages = ["places/index.html", "timeline.html", "places/geneva.html"]
    if directory_urls:
        pages = ["places/index.html", "timeline/index.html", "places/geneva/index.html"]
    checked = 0
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        for href in re.findall(r'<a href="([^"]+)" aria-label=', html):
            target = (site / page).parent / href.split("#")[0]
            assert (target / "index.html" if href.endswith("/") else target).is_file(), (page, href)
            checked += 1
    assert checked >= 4


def test_a_hole_stays_a_hole_and_a_line_is_a_line(write):
    holed = ZONE.replace(
        "      - [6.0, 46.0]\nsources",
        "      - [6.0, 46.0]\n    - [[6.1, 46.1], [6.2, 46.1], [6.2, 46.2], [6.1, 46.2], [6.1, 46.1]]\nsources",
    )
    geometry = "geometry: {type: LineString, coordinates: [[6.0, 46.0], [6.3, 46.2]]}"
    road = f"name: Old road\nkind: site\n{geometry}\nsources: []\n"
    pages = build_pages(
        with_places(write, **{"places/strip.yaml": holed, "places/road.yaml": road}), ROOT / "templates"
    )
    outline = ET.fromstring(SVG.findall(pages.pages["places/strip.md"])[0]).find(_svg("a")).find(_svg("path"))
    assert outline.get("class") == "dossier-map-area dossier-map-approximate"
    assert outline.get("d").count("M") == 2 and outline.get("d").count("Z") == 2  # one path: filled even-odd
    line = ET.fromstring(SVG.findall(pages.pages["places/road.md"])[0])
    drawn = [p for p in line.iter(_svg("path")) if "dossier-map-line" in p.get("class", "")]
    assert len(drawn) == 1 and "Z" not in drawn[0].get("d", "")


def test_every_message_about_places_is_in_the_editor_guide():
    guide = (ROOT / "content" / "pages" / "editing.md").read_text(encoding="utf-8")
    stems = [
        "a place needs a point ({lon: …, lat: …}) or a geometry (a GeoJSON shape): add one",
        "in point.lon is out of range: a longitude runs from -180 to 180 (east positive); GeoJSON writes [lon, lat]",
        "expected a number in point.lon, found X",
        "unknown field 'X' in geometry: a geometry has only type and coordinates",
        "geometry has type X: use Polygon, MultiPolygon or LineString",
        "missing required field 'coordinates' in geometry: the positions, each [lon, lat]",
        "expected a position [lon, lat] in geometry.coordinates[N][M], found X",
        "expected a list of rings (lists of positions) in geometry.coordinates, found X",
        "has M positions: a ring needs at least 4, the last the same as the first",
        "is not closed: end it with its first position, [X, Y]",
        "a LineString needs at least 2 positions in geometry.coordinates, found N",
        "crosses itself: the edge from position A to A+1 crosses the edge from position B to B+1; a shape's edges "
        "must not cross: reorder or move the positions",
        "geometry has N positions; the limit is 2,000: simplify the shape (a map needs far fewer)",
        "names the same place as content/places/X.yaml: a place is a record of its own now; move what the term says "
        "into the place's summary, then delete the term (links to [[X]] keep working while the place keeps the id 'X')",
        "unknown place 'X' in places[N]",
    ]
    assert [stem for stem in stems if stem not in guide] == []


def test_the_search_index_finds_a_place_by_its_name_and_its_aliases():
    entries = {entry.url: entry for entry in build_pages(ROOT / "content", ROOT / "templates").search}
    sweida = entries["/places/sweida/"]
    assert (sweida.title, sweida.kind) == ("Sweida", "Place")
    assert sweida.aliases == ["Suwayda", "As-Suwayda", "Al-Suwayda", "Suwaida", "Suweida"]
    assert sweida.filters["kind"] == ["Place"]
