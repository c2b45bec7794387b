"""Primary texts cited as what they are; the site publishes only what each source allows it to."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, make_project, mkdocs_build, search_entries

from dossier.cli import main

STATEMENT = """---
title: Joint statement on the Geneva talks
publisher: Ruritanian Foreign Ministry
published: 2026-01-06
reliability: A
type: statement
issued_by: [ruritania, borduria]
---

The two governments met in Geneva.

They agreed to set up a joint commission on the border zone.
"""
EVENT = """date: 2026-01-06
title: Talks resume in Geneva
summary: Anna Kovacs led Ruritania's side.
actors: [ruritania, borduria, anna-kovacs]
issues: [border-zone]
place: Geneva
sources: [daily-news-2026-01-06#p1, joint-statement-2026-01-06#p2]
"""


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_a_joint_statement_added_as_an_official_text_can_be_cited_and_shows_as_such(write, tmp_path):
    content = write({"articles/joint-statement-2026-01-06.md": STATEMENT, "events/geneva-talks-2026-01-06.yaml": EVENT})
    project = make_project(tmp_path, content)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    timeline = page(site, "timeline")
    assert 'href="../articles/joint-statement-2026-01-06/#p2">joint statement ¶2</a>' in timeline
    sources = page(site, "articles")
    assert '<h2 id="official-statements">Official statements' in sources
    assert re.search(r"Ruritanian Foreign Ministry<br>issued by <a [^>]*>Ruritania</a>, <a [^>]*>Borduria</a>", sources)
    article = page(site, "articles/joint-statement-2026-01-06")
    assert re.search(r"<td>official statement, issued by <a [^>]*>Ruritania</a>, <a [^>]*>Borduria</a></td>", article)
    events = (site / "events.csv").read_text(encoding="utf-8")
    assert "Daily News ¶1; joint statement ¶2" in events


def test_an_official_text_must_say_who_issued_it_and_each_issuer_must_be_an_actor(write, capsys):
    no_issuer = STATEMENT.replace("issued_by: [ruritania, borduria]\n", "")
    wrong = STATEMENT.replace("[ruritania, borduria]", "[ruritania, border-zone, rurtania]")
    content = write({"articles/statement-a.md": no_issuer, "articles/statement-b.md": wrong})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert (
        "content/articles/statement-a.md:6: an official text (type: statement) needs issued_by: the ids of the actors "
        "that issued it, e.g. issued_by: [us-state-department]\n" in err
    )
    assert "content/articles/statement-b.md:7: 'border-zone' is an issue, not an actor in issued_by[1]\n" in err
    assert (
        "content/articles/statement-b.md:7: unknown actor 'rurtania' in issued_by[2] (did you mean 'ruritania'?)\n"
        in err
    )


def test_a_type_outside_the_list_is_refused_with_the_list(write, capsys):
    content = write({"articles/statement-a.md": STATEMENT.replace("type: statement", "type: press-release")})
    assert main(["check", "--content", str(content)]) == 1
    assert (
        "content/articles/statement-a.md:6: 'press-release' is not allowed in type: use one of news, statement, "
        "agreement, un-document, transcript, analysis\n" in capsys.readouterr().err
    )


# Publish only what may be shown: the seed site, with an uncited article and one marked `none`.

WEBPAGE = Path(__file__).parent / "data" / "webpages" / "jsonld-news-article.html"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’])\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def normalised(text: str) -> str:
    """Text as a reader or a program gets it: tags dropped, entities decoded, spacing and quote marks folded."""
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(html.unescape(text))
    return " ".join(text.translate(_QUOTES).split())


def strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in [key, *strings(item)]]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return [value] if isinstance(value, str) else []


def published_text(site: Path) -> dict[str, str]:
    """Every text file the build wrote (pages, search index, data, feed, scripts), normalised."""
    # The search index's entries: every fragment's text, as a reader's browser gets it.
    texts = {f"pagefind{url}": normalised(entry["content"]) for url, entry in search_entries(site).items()}
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".json", ".xml", ".csv", ".js", ".txt", ".css"):
            continue
        raw = path.read_text(encoding="utf-8", errors="ignore")
        # JSON is decoded first: its escapes (\u00e9, \") would hide a sentence from a plain search.
        texts[path.relative_to(site).as_posix()] = normalised(
            " ".join(strings(json.loads(raw))) if path.suffix == ".json" else raw
        )
    return texts


def sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(normalised(paragraph)) if len(s.split()) >= 4]


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("seed")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    unattributed = content / "articles" / "unattributed-2026-01.md"
    unattributed.write_text(
        unattributed.read_text(encoding="utf-8").replace("reliability: F\n", "reliability: F\nreproduce: none\n", 1),
        encoding="utf-8",
    )
    assert main(["ingest", str(WEBPAGE), "--reliability", "B", "--content", str(content)]) == 0
    project = make_project(tmp, content)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return content, project / "site"


def test_no_sentence_of_a_withheld_paragraph_is_published_anywhere_and_every_cited_one_is(seed_site):
    from dossier.pipeline import check_dossier
    from dossier.sources import Publication

    content, site = seed_site
    dossier = check_dossier(content).dossier
    published = Publication.of(dossier)
    texts = published_text(site)
    assert len(texts) > 100 and "pagefind/actors/israel/" in texts and "feed.xml" in texts
    withheld, shown = [], []
    for article in dossier.articles.values():
        quotes = published.quotes(article)
        for paragraph in article.paragraphs:
            if published.shows(article, paragraph.number):
                shown.extend(sentences(paragraph.text))
                continue
            # What the dossier quotes may be shown even from a withheld paragraph: the quote, not the rest.
            quoted = [normalised(q) for number, q in quotes if number == paragraph.number]
            withheld.extend(s for s in sentences(paragraph.text) if not any(s in q for q in quoted))
    assert len(withheld) > 15 and len(shown) > 30
    leaks = [(s, path) for s in withheld for path, text in texts.items() if s in text]
    assert leaks == []
    missing = [s for s in shown if not any(s in text for text in texts.values())]
    assert missing == []


def test_the_withheld_paragraphs_are_a_visible_gap_with_a_link_to_the_original(seed_site):
    _content, site = seed_site
    ledger = page(site, "articles/the-levant-ledger-2026-01-07")
    url = "https://www.levantledger.example/world/2026/01/07/paris-talks-fusion-cell-what-comes-next"
    assert f'[¶1–3 not reproduced: <a href="{url}">read the original</a>]' in ledger
    assert '<p class="dossier-para dossier-gap" id="p1">' in ledger
    assert '<span id="p2"></span><span id="p3"></span>' in ledger
    assert "<td>only the paragraphs the dossier cites</td>" in ledger


def test_a_source_marked_none_shows_its_quotes_and_its_data_withholds_the_text(seed_site):
    _content, site = seed_site
    unattributed = page(site, "articles/unattributed-2026-01")
    assert "<li>¶2: “Syrian Foreign Minister Faisal Mekhail meet with Israeli officials”</li>" in unattributed
    assert "[¶1–8 not reproduced: no address of the original is recorded]" in unattributed
    data = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    source = next(s for s in data["sources"] if s["id"] == "unattributed-2026-01")
    assert (source["reproduce"], source["paragraphs"]) == ("none", [])
    mekhail = next(a for a in data["actors"] if a["id"] == "faisal-mekhail")
    assert mekhail["sources"][0]["text"] is None and mekhail["sources"][0]["quote"]


# check covers the new fields, at path:line, in the editor's words.

SMALL_INFO = (Path(__file__).parent / "data" / "small_dossier" / "dossier.yaml").read_text(encoding="utf-8")


def test_check_reports_a_wrong_reproduce_in_an_article_and_in_the_publishers(write, capsys):
    article = STATEMENT.replace("type: statement\n", "type: statement\nreproduce: quotes\n")
    publishers = "publishers:\n  - name: Daily News\n    reproduce: some\n  - reproduce: full\n"
    content = write({"articles/statement-a.md": article, "dossier.yaml": SMALL_INFO + publishers})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    first = len(SMALL_INFO.splitlines()) + 1  # the line of `publishers:`
    assert (
        "content/articles/statement-a.md:7: 'quotes' is not allowed in reproduce: use one of full, cited, none\n" in err
    )
    assert (
        f"content/dossier.yaml:{first + 2}: 'some' is not allowed in publishers[0].reproduce: "
        "use one of full, cited, none\n" in err
    )
    assert f"content/dossier.yaml:{first + 3}: missing required field 'name' in publishers[1]\n" in err


def test_a_publisher_listed_twice_is_an_error_and_one_no_article_has_is_a_warning(write, capsys):
    publishers = (
        "publishers:\n  - name: Daily News\n    reproduce: none\n  - name: Daily news\n    reproduce: full\n"
        "  - name: Daily Newz\n    reproduce: none\n"
    )
    content = write({"dossier.yaml": SMALL_INFO + publishers})
    assert main(["check", "--content", str(content)]) == 1
    first = len(SMALL_INFO.splitlines()) + 2  # the line of the first `- name:`
    assert capsys.readouterr().err.splitlines()[:2] == [
        f"content/dossier.yaml:{first + 2}: publisher 'Daily news' is listed twice in publishers "
        f"(first at line {first}): keep one",
        f"content/dossier.yaml:{first + 4}: warning: no article has the publisher 'Daily Newz' in "
        "publishers[2].name: its reproduce applies to none; write the name as the articles do "
        "(did you mean 'Daily News'?)",
    ]


def test_a_publishers_entry_sets_the_default_and_an_article_overrides_it(write):
    from dossier.pipeline import check_dossier
    from dossier.sources import Publication

    publishers = "publishers:\n  - name: Daily News\n    reproduce: none\n  - name: Wire Service\n    reproduce: none\n"
    wire = (Path(__file__).parent / "data" / "small_dossier" / "articles" / "wire-copy-2026-01.md").read_text(
        encoding="utf-8"
    )
    content = write(
        {
            "dossier.yaml": SMALL_INFO + publishers,
            "articles/wire-copy-2026-01.md": wire.replace("---\n\n", "reproduce: full\n---\n\n"),
        }
    )
    dossier = check_dossier(content).dossier
    published = Publication.of(dossier)
    policies = {a.id: published.policy(a) for a in dossier.articles.values()}
    assert policies == {"daily-news-2026-01-06": "none", "wire-copy-2026-01": "full"}
