"""Attacks on the new kinds and their machinery (places, commitments, search, the preview): each a finding, fixed.

Content arrives by pull request: every problem is `path:line: message` in one run, never a traceback;
text is shown, never run; the preview writes nothing outside the project.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build_here, make_project, search_entries
from mkdocs.exceptions import Abort
from test_preview import end_preview, preview_build

from dossier import cli, maps
from dossier.errors import ContentError
from dossier.pipeline import check_dossier
from dossier.preview import CACHE, Preview
from dossier.schema import Place
from dossier.search import Entry, write_index

GLOSSARY = "zone:\n  term: Border zone\n  definition: The strip along the border.\n  sources: []\n"
STRIP = "content/places/strip.yaml"


def problems_of(content: Path, severity: str = "error") -> list[str]:
    """The problems check reports, of one severity (an error stops the check, so warnings come then too)."""
    try:
        result = check_dossier(content)
    except ContentError as caught:
        return [str(p) for p in caught.problems if p.severity == severity]
    return [str(p) for p in result.warnings if p.severity == severity]


def place(geometry: str) -> dict[str, str]:
    text = f"name: Strip\nkind: zone\ngeometry:\n{geometry}sources: []\n"
    return {"places/strip.yaml": text, "glossary.yaml": GLOSSARY}


# Places: a shape with no positions passed the check and broke the build (min() of nothing in maps.extent).


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        (
            "  type: Polygon\n  coordinates: []\n",
            [f"{STRIP}:5: geometry.coordinates is empty: give the Polygon's positions, or remove the geometry"],
        ),
        (
            "  type: MultiPolygon\n  coordinates: []\n",
            [f"{STRIP}:5: geometry.coordinates is empty: give the MultiPolygon's positions, or remove the geometry"],
        ),
        (
            "  type: MultiPolygon\n  coordinates:\n    - []\n",
            [f"{STRIP}:6: polygon geometry.coordinates[0] has no ring: give its outline, or remove it"],
        ),
    ],
    ids=["polygon", "multipolygon", "polygon-of-multipolygon"],
)
def test_a_shape_without_positions_is_refused_at_its_line(write, geometry, expected):
    assert problems_of(write(place(geometry))) == expected


def test_a_shape_without_positions_stops_the_build_in_one_message_not_a_traceback(tmp_path, caplog):
    project = make_project(tmp_path)
    for name, text in place("  type: Polygon\n  coordinates: []\n").items():
        (project / "content" / name).parent.mkdir(exist_ok=True)
        (project / "content" / name).write_text(text, encoding="utf-8")
    with pytest.raises(Abort):
        build_here(project)
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert errors == [
        "the dossier's content has errors; the site was left as it was:\n"
        f"{STRIP}:5: geometry.coordinates is empty: give the Polygon's positions, or remove the geometry"
    ]
    assert not (project / "site").exists()


# Places: a coordinate of hundreds of digits raised OverflowError; a string or yes/no was "found a list".


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ("['6.0', 46.0]", "expected a number in geometry.coordinates[0][0], found '6.0'"),
        ("[6.0, true]", "expected a number in geometry.coordinates[0][1], found yes/no (true)"),
        ("[6.0, null]", "expected a number in geometry.coordinates[0][1], found nothing"),
        (
            f"[{'9' * 400}, 46.0]",
            "longitude inf in geometry.coordinates[0] is out of range: a longitude runs from -180 to 180 "
            "(east positive); GeoJSON writes [lon, lat], longitude first",
        ),
        (
            f"[6.0, -{'9' * 400}]",
            "latitude -inf in geometry.coordinates[0] is out of range: a latitude runs from -90 to 90 "
            "(north positive); GeoJSON writes [lon, lat], longitude first",
        ),
    ],
    ids=["string", "yes-no", "null", "huge-integer", "huge-negative-integer"],
)
def test_a_coordinate_that_is_no_usable_number_is_named(write, position, expected):
    content = write(place(f"  type: LineString\n  coordinates:\n    - {position}\n    - [6.4, 46.0]\n"))
    assert problems_of(content) == [f"{STRIP}:6: {expected}"]


def test_a_shape_across_the_180th_meridian_is_warned_of(write):
    # Drawn flat, the edge 179 -> -179 runs the long way round: the map would show a band round the world.
    geometry = (
        "  type: Polygon\n  coordinates:\n    - - [179.0, 10.0]\n      - [-179.0, 10.0]\n"
        "      - [-179.0, 11.0]\n      - [179.0, 11.0]\n      - [179.0, 10.0]\n"
    )
    content = write(place(geometry))
    assert problems_of(content, "warning")[-1:] == [
        f"{STRIP}:7: warning: geometry.coordinates[0] goes from longitude 179 to -179 between positions 0 and 1, "
        "the long way round the map: if the shape crosses the 180th meridian, split it there into a "
        "MultiPolygon (GeoJSON's rule)"
    ]


# Commitments: an empty date said "None is not a date", Python's word, not an editor's.


def test_an_empty_deadline_is_called_nothing(write):
    commitment = (
        "title: A promise\nby: [ruritania]\nwhat: Something.\nissue: border-zone\nmade: 2026-01\ndue:\n"
        "sources: [daily-news-2026-01-06#p1]\nhistory:\n  - date: 2026-01-06\n    status: agreed\n"
        "    sources: [daily-news-2026-01-06#p1]\n"
    )
    assert problems_of(write({"commitments/a-promise.yaml": commitment})) == [
        "content/commitments/a-promise.yaml:6: nothing is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, "
        "or 'no date given' in due"
    ]


# Search: a page's boost of 400 digits passed the check and raised OverflowError after the build;
# NaN or a negative boost reached Pagefind's index.


@pytest.mark.parametrize("boost", [".nan", "-2", "0", "11", "9" * 400])
def test_a_boost_pagefind_cannot_weigh_is_refused(write, capsys, boost):
    page = f"---\ntitle: Methodology\nsearch: {{boost: {boost}}}\n---\n\n# Methodology\n\nHow sources are graded.\n"
    content = write({"pages/methodology.md": page})
    code = cli.main(["check", "--content", str(content), "--format", "text"])
    out, err = capsys.readouterr()
    assert code == 1
    assert [line for line in (out + err).splitlines() if line.startswith("content/")] == [
        "content/pages/methodology.md:3: front matter 'search' must be exclude: true or false, or boost: a number "
        "above 0, up to 10, as in search: {exclude: true}"
    ]


# The preview: a symbolic link where its cache goes (git keeps links, and `.cache/` in .gitignore
# ignores only a folder of that name) led its writes, and its removal of stale pages, outside the project.


@pytest.mark.parametrize("link", [".cache", ".cache/pages", ".cache/pages/actors", ".cache/pages/actors/borduria.md"])
def test_the_preview_follows_no_symbolic_link_out_of_the_project(project, tmp_path, caplog, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.md").write_text("an editor's own notes\n", encoding="utf-8")
    (project / link).parent.mkdir(parents=True, exist_ok=True)
    (project / link).symlink_to(outside / "notes.md" if link.endswith(".md") else outside)
    try:
        with pytest.raises(Abort):
            preview_build(project, tmp_path / "served", first=True)
    finally:
        end_preview(project)
    assert sorted(p.name for p in outside.iterdir()) == ["notes.md"]
    assert (outside / "notes.md").read_text(encoding="utf-8") == "an editor's own notes\n"
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert errors == [
        f"cannot write the preview's pages {project / link}: a symbolic link, which would lead the preview's "
        "writes outside the project: delete it"
    ]


def test_the_preview_removes_nothing_through_a_linked_cache_even_with_no_pages(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.md").write_text("kept\n", encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / CACHE).symlink_to(outside)
    with pytest.raises(OSError, match="a symbolic link"):
        Preview().write(tmp_path / CACHE, {})
    assert (outside / "notes.md").read_text(encoding="utf-8") == "kept\n"


# Text is shown, never run: markup in a place's or a commitment's words reaches no page, map or filter as markup.

ATTACK = '"><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>'


def test_markup_in_places_and_commitments_is_shown_as_text_everywhere(tmp_path):
    project = make_project(tmp_path)
    content = project / "content"
    issue = (content / "issues" / "border-zone.yaml").read_text(encoding="utf-8")
    files = {
        "issues/border-zone.yaml": issue + "places: [evil]\n",
        "glossary.yaml": GLOSSARY,
        "places/evil.yaml": (
            f"name: 'Evil {ATTACK}, \"q\"'\nkind: city\naliases: ['a,b <b>c</b>']\nsummary: 'Sum {ATTACK}'\n"
            "point: {lon: 6.1, lat: 46.2}\nsources: [daily-news-2026-01-06#p1]\n"
        ),
        "commitments/evil-promise.yaml": (
            f"title: 'Promise {ATTACK}, y'\nby: [ruritania]\nwhat: 'What {ATTACK}'\nissue: border-zone\n"
            f"made: 2026-01\ndue: 2026\ncondition: 'if {ATTACK}'\nsources: [daily-news-2026-01-06#p1]\n"
            f"history:\n  - date: 2026-01-06\n    status: agreed\n    note: 'note {ATTACK}'\n"
            "    sources: [daily-news-2026-01-06#p1]\n"
        ),
    }
    for name, text in files.items():
        (content / name).parent.mkdir(exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    build_here(project)
    site = project / "site"
    live = re.compile(r"<script>alert|<img src=x|<svg onload|<b>c</b>")
    pages = ["places/index.html", "places/evil/index.html", "issues/border-zone/index.html", "commitments/index.html"]
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        assert "Evil" in html or "Promise" in html, page
        assert live.findall(html) == [], page
    tracker = (site / "commitments" / "index.html").read_text(encoding="utf-8")
    assert '<strong data-actors="ruritania" data-issue="border-zone" id="evil-promise">' in tracker


# Maps: the frame held the squeeze of longitudes at 80 degrees of latitude, the projection did not, so the
# map of a place near a pole came out 640 wide and 6,531 tall.


@pytest.mark.parametrize("latitude", [90.0, 89.99, -90.0, 85.0])
def test_a_map_near_a_pole_keeps_the_shape_of_every_map(latitude):
    pole = Place.model_validate({"name": "Pole", "kind": "site", "point": {"lon": 0.0, "lat": latitude}, "sources": []})
    pole._id = "pole"
    svg = maps.draw_map([maps.Feature(pole, "pole/")], "map-pole", "Map of Pole")
    width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())  # type: ignore[union-attr]
    assert (width, height) == (maps.WIDTH, maps.WIDTH * maps.ASPECT[1])
    x, y = map(float, re.search(r'<circle [^>]*cx="(\S+)" cy="(\S+)"', svg).groups())  # type: ignore[union-attr]
    assert 0 <= x <= width and 0 <= y <= height


# Search: Pagefind 1.5 takes all after a filter's or meta's first colon as its value and keeps a backslash
# before a comma: the escaped comma showed readers 'Smith\, John' among the filters.


def test_filter_and_meta_values_reach_the_index_as_written(tmp_path):
    values = ["Smith, John", 'Quote "q" & <b>bold</b>', "colon: after"]
    entries = [Entry("/x/", "X", "Actor", ["text"], date="2026-01", filters={"actor": values, "issue": ["a, b"]})]
    assert write_index(tmp_path, entries) == 1
    indexed = search_entries(tmp_path)["/x/"]
    assert indexed["filters"] == {"actor": values, "issue": ["a, b"]}
    assert indexed["meta"] == {"title": "X", "url": "/x/", "kind": "Actor", "date": "2026-01"}


def test_the_history_and_the_mention_scans_write_nothing_through_a_linked_cache(tmp_path):
    from test_changes import commit, git

    from dossier.changes import read_history

    project = make_project(tmp_path)
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Editor")
    git(project, "config", "user.email", "editor@example.org")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Start", date="2026-01-01T09:00:00Z")
    commit(project, "Rename", "2026-01-03T10:00:00Z", {"content/actors/borduria.yaml": ("Borduria", "Bordurya")})
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / ".cache").symlink_to(outside)
    history = read_history(project / "content")
    assert history.missing is None and history.changes
    check_dossier(project / "content")
    assert list(outside.iterdir()) == []
