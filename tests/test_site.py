"""One strict end-to-end build of the real content, read back as a reader's browser would get it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build, search_entries


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_both_spellings_of_the_president_link_to_one_page(site):
    national = page(site, "articles/the-national-2026-01-06")
    unattributed = page(site, "articles/unattributed-2026-01")
    assert re.search(r'href="../../actors/ahmad-al-sharaa/">Ahmad Al Shara</a>', national)
    assert re.search(r'href="../../actors/ahmad-al-sharaa/">Ahmed al-Sharaa</a>', unattributed)


def test_the_presidents_page_lists_the_paragraphs_that_mention_him(site):
    sharaa = page(site, "actors/ahmad-al-sharaa")
    assert 'href="../../articles/the-national-2026-01-06/#p15"' in sharaa
    assert 'href="../../articles/unattributed-2026-01/#p2"' in sharaa


def test_the_foreign_minister_conflict_is_shown_where_a_reader_looks(site):
    for path in ("disputes", "actors/asaad-al-shibani", "actors/faisal-mekhail"):
        html = page(site, path)
        assert "Faisal Mekhail</a>" in html and "Asaad al-Shibani</a>" in html, path


def test_every_page_and_variant_spelling_is_in_the_search_index(site):
    entries = search_entries(site)
    text = " ".join(entry["content"] + " " + entry["meta"]["title"] for entry in entries.values())
    for needle in ("Yehiel Leiter", "Asaad al-Shaibani", "Ahmed al-Sharaa", "fusion", "Sweida"):
        assert needle in text, needle
    assert not (site / "search" / "search_index.json").exists()


def test_every_page_points_feed_readers_at_the_feed(site):
    for path in ("", "actors/ahmad-al-sharaa", "editing"):
        head = page(site, path).split("</head>")[0]
        link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
        assert link, path
        assert (site / path / link.group(1)).resolve() == (site / "feed.xml").resolve(), path
    assert (site / "feed.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_no_page_loads_anything_from_another_host(site):
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(https?:)?//', html)
        assert loads == [], html_file


def test_export_writes_the_same_pages_mkdocs_builds(tmp_path):
    result = subprocess.run(
        [sys.executable, "site_builder.py", "export", "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "actors" / "ahmad-al-sharaa.md").is_file()
    assert (tmp_path / "methodology.md").is_file()
