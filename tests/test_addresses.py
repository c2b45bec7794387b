"""One module decides where pages live; the exports give MkDocs' addresses, with or without directory URLs."""

import json

from conftest import ROOT, SMALL_DOSSIER

from dossier.addresses import page_address, url_of
from dossier.pipeline import build_pages


def test_a_page_path_becomes_the_address_mkdocs_gives_it():
    assert [page_address(p) for p in ("index.md", "actors/index.md", "actors/x.md#a")] == ["", "actors/", "actors/x/#a"]
    assert [page_address(p, False) for p in ("index.md", "actors/x.md#a")] == ["index.html", "actors/x.html#a"]
    places = (url_of("actor", "x"), url_of("term", "t"), url_of("brief", ""))
    assert places == ("actors/x.md", "glossary.md#t", "index.md")


def test_the_exports_follow_use_directory_urls():
    pages = build_pages(SMALL_DOSSIER, ROOT / "templates", use_directory_urls=False).pages
    dossier = json.loads(pages["dossier.json"])
    assert dossier["actors"][0]["page"] == "actors/anna-kovacs.html"
    assert dossier["actors"][0]["roles"][0]["sources"][0]["page"] == "articles/daily-news-2026-01-06.html#p1"
    assert dossier["events"][0]["page"].startswith("timeline.html#")
    assert "/" not in pages["events.csv"].splitlines()[1].rsplit(",", 1)[1]
    assert 'href="issues/border-zone.html"' in pages["feed.xml"]
