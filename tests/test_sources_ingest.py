"""`ingest` reads a saved web page: the article's text and its metadata, each field said where it came from."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from conftest import DATA

from dossier.cli import main

PAGES = DATA / "webpages"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test: a saved page is read, never fetched."""

    def refuse(*args, **kwargs):
        raise AssertionError("ingest tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def ingest(content: Path, page: str, *flags: str) -> int:
    return main(["ingest", str(PAGES / page), "--content", str(content), *flags])


@pytest.mark.parametrize(
    ("page", "flags", "written"),
    [
        ("jsonld-news-article.html", ["--reliability", "B"], "the-levant-ledger-2026-01-07"),
        ("opengraph-only.html", [], "gulf-wire-daily-2026-01-06"),
        ("no-metadata.html", ["--publisher", "Southern Front Monitor"], "southern-front-monitor-2026-01-08"),
    ],
)
def test_each_layout_gives_the_expected_article_file(write, capsys, page, flags, written):
    content = write({})
    assert ingest(content, page, *flags) == 0, capsys.readouterr().err
    expected = (PAGES / page.replace(".html", ".expected.md")).read_text(encoding="utf-8")
    assert (content / "articles" / f"{written}.md").read_text(encoding="utf-8") == expected
    assert main(["check", "--content", str(content)]) == 0


def test_ingest_says_where_each_field_came_from_and_which_it_could_not_find(write, capsys):
    content = write({})
    assert ingest(content, "no-metadata.html", "--publisher", "Southern Front Monitor") == 0
    shown = PAGES / "no-metadata.html"
    assert capsys.readouterr().out.startswith(
        f"{shown}: read as a saved web page; its metadata:\n"
        "  title: Paris round ends with a hotline and no map, from <title>\n"
        "  publisher: Southern Front Monitor, from --publisher\n"
        "  published: 2026-01-08, from <time> in the page\n"
        "  author: Lina Mansour, from the byline in the page\n"
        "  url: not found in the page; give --url if known\n"
        "wrote "
    )


def test_a_flag_overrides_what_the_page_says_and_both_are_shown(write, capsys):
    content = write({})
    assert ingest(content, "opengraph-only.html", "--title", "Hotline agreed", "--id", "gwd-hotline") == 0
    out = capsys.readouterr().out
    assert (
        '  title: Hotline agreed, from --title (the page says "Damascus and Tel Aviv agree intelligence hotline", '
        "in OpenGraph (og:title))\n" in out
    )
    assert '  author: Omar Saleh, from <meta name="author">\n' in out
    assert "title: Hotline agreed\n" in (content / "articles" / "gwd-hotline.md").read_text(encoding="utf-8")


def test_a_page_without_a_publisher_is_refused_until_one_is_given(write, capsys):
    content = write({})
    assert ingest(content, "no-metadata.html") == 1
    err = capsys.readouterr().err
    assert err.endswith(
        "  url: not found in the page; give --url if known\n"
        f"{PAGES / 'no-metadata.html'}: the page does not give its publisher: give --publisher. Nothing was written.\n"
    )
    assert sorted(p.name for p in (content / "articles").iterdir()) == [
        "daily-news-2026-01-06.md",
        "wire-copy-2026-01.md",
    ]


@pytest.mark.parametrize(
    ("page", "found"), [("login-page.html", "5 words in 1"), ("section-index.html", "11 words in 1")]
)
def test_a_page_with_no_article_is_refused_and_nothing_is_written(write, capsys, page, found):
    content = write({})
    assert ingest(content, page, "--publisher", "X", "--published", "2026-01-07") == 1
    assert capsys.readouterr().err == (
        f"error: {PAGES / page}: no article found in this page: once menus, forms, adverts and links "
        f"are set aside, it holds {found} paragraph(s). Save the article's own page (not a sign-in, index or "
        "search page), or copy the article's text into a .txt file and ingest that. Nothing was written.\n"
    )
    assert sorted(p.name for p in (content / "articles").iterdir()) == [
        "daily-news-2026-01-06.md",
        "wire-copy-2026-01.md",
    ]


def test_plain_text_still_needs_its_metadata_from_the_flags(write, tmp_path, capsys):
    content = write({})
    raw = tmp_path / "raw.txt"
    raw.write_text("A paragraph.\n", encoding="utf-8")
    assert main(["ingest", str(raw), "--title", "T", "--content", str(content)]) == 1
    assert capsys.readouterr().err == (
        f"error: {raw}: a plain-text article needs --title, --publisher and --published (a saved web page, .html, "
        "carries them itself): give --publisher and --published\n"
    )


def test_metadata_falls_back_past_an_impossible_date_and_decodes_entities_in_json_ld():
    from dossier.webpage import read_page

    body = "".join(
        f"<p>Paragraph {n} of the report, long enough to count as text of an article here.</p>" for n in range(4)
    )
    page = (
        '<html><head><script type="application/ld+json">[{"@type": ["ReportageNewsArticle"], '
        '"headline": "Syria &amp; Israel talk", "datePublished": "2026-02-30", "author": "A. Writer"}]</script>'
        '<meta name="date" content="2026-01-05"></head>'
        f"<body><article><h1>Syria &amp; Israel talk</h1>{body}</article></body></html>"
    )
    found = read_page(page, "page.html").found
    assert {name: (f.value, f.where) for name, f in found.items()} == {
        "title": ("Syria & Israel talk", "JSON-LD (ReportageNewsArticle)"),
        "published": ("2026-01-05", '<meta name="date">'),
        "author": ("A. Writer", "JSON-LD (ReportageNewsArticle)"),
    }
