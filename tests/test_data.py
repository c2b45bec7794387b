"""The data files: dossier.json (and its schema), events.csv, positions.csv, feed.xml."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from conftest import ROOT, SMALL_DOSSIER

from dossier.exports import EVENT_COLUMNS, POSITION_COLUMNS
from dossier.markdown import escape
from dossier.pipeline import build_pages

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return build_pages(SMALL_DOSSIER, ROOT / "templates").pages


def test_dossier_json_follows_its_published_schema(pages):
    data = json.loads(pages["dossier.json"])
    jsonschema.Draft202012Validator.check_schema(json.loads(pages["dossier.schema.json"]))
    jsonschema.validate(data, json.loads(pages["dossier.schema.json"]), cls=jsonschema.Draft202012Validator)
    assert [a["id"] for a in data["actors"]] == ["anna-kovacs", "borduria", "jan-novak", "ruritania"]


def test_every_citation_is_resolved_to_its_paragraph_and_grade(pages):
    issue = json.loads(pages["dossier.json"])["issues"][0]
    assert issue["positions"][0]["sources"][0] == {
        "ref": "daily-news-2026-01-06#p2",
        "article": "daily-news-2026-01-06",
        "paragraph": 2,
        "quote": "demands to demilitarise",
        "text": 'Ruritania rejects "demands to demilitarise" the border zone, Kovacs said.',
        "publisher": "Daily News",
        "reliability": "B",
        "url": "https://example.org/news/1",
        "page": "articles/daily-news-2026-01-06/#p2",
    }


def test_events_csv_has_the_documented_header_and_one_row_per_event(pages):
    rows = list(csv.DictReader(io.StringIO(pages["events.csv"], newline="")))
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert [(r["id"], r["date"], r["precision"]) for r in rows] == [
        ("talks-stall-2025-07", "2025-07", "month"),
        ("geneva-talks-2026-01-06", "2026-01-06", "day"),
    ]
    assert rows[1]["actors"] == "ruritania; borduria; anna-kovacs"


def test_positions_csv_has_the_documented_header(pages):
    rows = list(csv.DictReader(io.StringIO(pages["positions.csv"], newline="")))
    assert list(rows[0]) == list(POSITION_COLUMNS)
    assert [(r["actor"], r["stance"], r["as_of"], r["source_grades"]) for r in rows] == [
        ("ruritania", "opposes", "2026-01-06", "B"),
        ("borduria", "supports", "2026-01", "B"),
    ]


def test_every_column_and_field_is_documented_on_the_data_page(pages):
    for column in [*EVENT_COLUMNS, *POSITION_COLUMNS, "brief.key_judgements[].likelihood", "sources[].paragraphs"]:
        assert f"| {escape(column)} |" in pages["data.md"], column


def test_a_cell_that_looks_like_a_formula_is_kept_inert(write):
    content = write({"events/formula.yaml": "date: 2026\ntitle: '=HYPERLINK(\"http://x\")'\n"})
    rows = csv.DictReader(io.StringIO(build_pages(content, ROOT / "templates").pages["events.csv"]))
    assert next(r["title"] for r in rows if r["id"] == "formula") == '\'=HYPERLINK("http://x")'


def test_the_atom_feed_has_every_required_element(pages):
    feed = ET.fromstring(pages["feed.xml"])
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert feed.find(ATOM + tag) is not None, tag
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        assert all(entry.find(ATOM + tag).text for tag in ("id", "title", "updated")), ET.tostring(entry)
        assert entry.find(f"{ATOM}link").get("href") is not None
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    assert feed.find(f"{ATOM}updated").text == "2026-01-07T00:00:00Z"


def test_feed_entries_are_dated_by_the_content(pages):
    feed = ET.fromstring(pages["feed.xml"])
    dated = {e.find(f"{ATOM}title").text: e.find(f"{ATOM}updated").text for e in feed.iter(f"{ATOM}entry")}
    assert dated["6 January 2026: Talks resume in Geneva"] == "2026-01-06T00:00:00Z"
    assert dated["July 2025: Talks stall"] == "2025-07-01T00:00:00Z"
    assert dated["Borduria on Demilitarisation of the border zone: supports"] == "2026-01-01T00:00:00Z"
    assert dated["Sources disagree: Who led Ruritania's delegation?"] == "2026-01-06T00:00:00Z"
    assert not [title for title in dated if title.startswith("Reviewed")]


def test_two_builds_give_the_same_bytes(pages):
    again = build_pages(SMALL_DOSSIER, ROOT / "templates").pages
    for name in ("dossier.json", "events.csv", "positions.csv", "feed.xml"):
        assert again[name] == pages[name], name


def test_the_real_dossier_follows_the_schema_too():
    pages = build_pages(ROOT / "content", ROOT / "templates").pages
    jsonschema.validate(json.loads(pages["dossier.json"]), json.loads(pages["dossier.schema.json"]))
    ET.fromstring(pages["feed.xml"])
