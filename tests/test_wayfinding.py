"""Way-finding in the pages: first mentions linked and explained, grouped backlinks, a search that finds variants."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import ROOT, make_project, mkdocs_build, search_entries

from dossier.pipeline import build_pages
from dossier.search import spelling_variants

EVENT = "date: {date}\ntitle: {title}\nsummary: {summary}\nactors: [{actors}]\nsources: [daily-news-2026-01-06#p1]\n"


def _pages(write, files: dict[str, str]) -> dict[str, str]:
    return build_pages(write(files), ROOT / "templates").pages


def _section(page: str, heading: str) -> str:
    """The text under one heading, up to the next heading."""
    return page.split(heading + "\n", 1)[1].split("\n#", 1)[0]


def test_a_name_links_at_its_first_mention_in_each_section_and_explicit_links_stay(write):
    summary = "Ruritania met Borduria; [[ruritania|its government]] said so."
    pages = _pages(
        write,
        {
            "events/geneva-talks-2026-01-06.yaml": EVENT.format(
                date="2026-01-06", title="Talks resume", summary=summary, actors="ruritania, borduria"
            )
        },
    )
    talks = _section(pages["timeline.md"], "#### 6 January 2026: Talks resume { #geneva-talks-2026-01-06 }")
    assert (
        "[Ruritania](actors/ruritania.md) met [Borduria](actors/borduria.md); [its government](actors/ruritania.md)"
        in talks
    )
    assert "*Who:* Ruritania, Borduria  \n" in talks  # named above in the same section
    stall = _section(pages["timeline.md"], "#### July 2025: Talks stall { #talks-stall-2025-07 }")
    assert "*Who:* [Ruritania](actors/ruritania.md)  \n" in stall  # a new section links again


def test_an_article_links_a_name_once_per_section_not_once_per_paragraph(write):
    article = (
        "---\ntitle: Three paragraphs\npublisher: Daily News\npublished: 2026-01-06\nreliability: B\n"
        "reproduce: full\n---\n\n"
        "Ruritania spoke.\n\nRuritania spoke again.\n\n## Later\n\nRuritania left.\n"
    )
    page = _pages(write, {"articles/daily-news-2026-01-07.md": article})["articles/daily-news-2026-01-07.md"]
    paragraphs = re.findall(r"\{ \.dossier-para-number \} (.*)", page)
    assert paragraphs == [
        "[Ruritania](../actors/ruritania.md) spoke.",
        "Ruritania spoke again.",
        "[Ruritania](../actors/ruritania.md) left.",
    ]


def test_a_term_explains_itself_at_its_first_mention_in_each_section_only(write):
    pages = _pages(
        write,
        {
            "events/geneva-talks-2026-01-06.yaml": EVENT.format(
                date="2026-01-06",
                title="Talks resume in Geneva",
                summary="Geneva, then Geneva again.",
                actors="borduria",
            )
            + "place: Geneva\n"
        },
    )
    talks = _section(pages["timeline.md"], "#### 6 January 2026: Talks resume in Geneva { #geneva-talks-2026-01-06 }")
    explained = '<abbr title="Swiss city that hosts the talks.">Geneva</abbr>'
    assert f"\n[{explained}](glossary.md#geneva), then Geneva again.\n\n*Place:* Geneva  \n" in talks
    assert explained not in pages["glossary.md"] and "*[Geneva]" not in pages["timeline.md"]


def test_referred_to_by_groups_by_kind_in_order_and_leaves_out_what_the_page_lists(write):
    pages = _pages(
        write,
        {
            "events/later.yaml": EVENT.format(
                date="2025-09", title="Later", summary="About Ruritania.", actors="borduria"
            ),
            "events/earlier.yaml": EVENT.format(
                date="2024-05", title="Earlier", summary="Ruritania again.", actors="borduria"
            ),
        },
    )
    referred = pages["actors/ruritania.md"].split("## Referred to by\n\n", 1)[1].split("\n\n*Not repeated")[0]
    assert referred.splitlines() == [
        "- **Brief:** [Small test dossier](../index.md)",
        "- **Events:** [Earlier](../timeline.md#earlier) · [Later](../timeline.md#later)",
        "- **Actors:** [Anna Kovacs](anna-kovacs.md) · [Jan Novak](jan-novak.md)",
    ]
    # Its own events, its positions' issue and the disputes it is part of are listed above already.
    assert "talks-stall" not in referred and "border-zone" not in referred


def test_no_mention_mark_reaches_a_page():
    pages = build_pages(ROOT / "content", ROOT / "templates").pages
    assert [path for path, page in pages.items() if "x-mention" in page] == []


@pytest.mark.parametrize(
    ("word", "variants"),
    [
        ("normalisation", {"normalization"}),
        ("demilitarized", {"demilitarised"}),
        ("Recognises", {"recognizes"}),
        ("analysing", {"analyzing"}),
        ("colour", {"color"}),
        ("behaviors", {"behaviours"}),
        ("centre", {"center"}),
        ("centred", {"centered"}),
        ("defence", {"defense"}),
        ("dialogue", {"dialog"}),
        ("travelled", {"traveled"}),
        ("modeling", {"modelling"}),
        ("judgements", {"judgments"}),
        ("Israel", set()),
        ("size", set()),
    ],
)
def test_british_and_american_spellings_are_made_by_rule(word, variants):
    assert spelling_variants(word) == variants


class _Cells(HTMLParser):
    """The text of each table cell of a page, and the title of each tooltip in it."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.titles: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td":
            self._in_cell = True
            self.cells.append("")
        if tag == "abbr" and self._in_cell and not dict(attrs).get("class"):  # a term, not a grade
            self.titles.append(dict(attrs).get("title") or "")

    def handle_endtag(self, tag: str) -> None:
        self._in_cell = self._in_cell and tag != "td"

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def test_the_built_site_keeps_tooltips_whole_in_tables_and_indexes_aliases_and_variants(tmp_path, write):
    definition = 'Swiss "city" | host [of] the talks.'
    content = write({"glossary.yaml": f"geneva:\n  term: Geneva\n  definition: '{definition}'\n"})
    project = make_project(tmp_path, content)
    assert mkdocs_build(project).returncode == 0
    issue = _Cells()
    issue.feed((project / "site" / "issues" / "border-zone" / "index.html").read_text(encoding="utf-8"))
    assert "Talks resumed in Geneva." in issue.cells  # the row still has its cells: the tooltip did not split it
    assert issue.titles == [definition]
    entries = search_entries(project / "site")
    assert "Also known as: border zone." in entries["/issues/border-zone/"]["content"]
    assert "Also known as: Bordurian Republic." in entries["/actors/borduria/"]["content"]
    assert "demilitarization" in entries["/issues/border-zone/"]["content"].split("Also spelled: ")[1]


def test_the_index_of_a_site_without_directory_addresses_gets_its_aliases_too(write):
    entries = build_pages(write({}), ROOT / "templates", use_directory_urls=False).search
    aliases = {entry.url: entry.aliases for entry in entries}
    assert aliases["/actors/borduria.html"] == ["Bordurian Republic"]
    assert aliases["/index.html"] == []  # the brief, at the site's home page
