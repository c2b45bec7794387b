"""The search index is made from the dossier: every kind's records, their aliases, other spellings and filters."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SMALL_DOSSIER, build_here, make_project, search_entries
from test_commitments import PATROLS
from test_kinds import PLEDGE
from test_serve import fetch, serving, wait_for

from dossier import kinds
from dossier.kinds import KINDS
from dossier.pipeline import build_pages
from dossier.search import Entry, hand_written_entries, page_entry


def _entries(content: Path, templates: Path = ROOT / "templates") -> dict[str, Entry]:
    return {entry.url: entry for entry in build_pages(content, templates).search}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("search"))
    build_here(project)
    return project / "site"


# The small dossier has no place and no commitment: one of each is lent here so that every kind has a record.
HARBOUR = "name: Old Harbour\nkind: site\npoint: {lon: 6.15, lat: 46.21}\nsources: [daily-news-2026-01-06#p1]\n"


def test_every_record_of_every_kind_and_the_brief_has_one_entry_at_its_address(write):
    entries = _entries(write({"commitments/patrols.yaml": PATROLS, "places/old-harbour.yaml": HARBOUR}))
    kinds_found = {entry.kind for entry in entries.values()}
    assert kinds_found == {kind.label for kind in KINDS.values()} | {"Brief"}
    assert entries["/actors/borduria/"].title == "Borduria"
    assert entries["/timeline/#geneva-talks-2026-01-06"].title == "Talks resume in Geneva"
    assert entries["/articles/wire-copy-2026-01/"].kind == "Source"
    assert entries["/"].kind == "Brief"
    assert (entries["/places/old-harbour/"].title, entries["/places/old-harbour/"].kind) == ("Old Harbour", "Place")


@pytest.fixture
def pledges() -> Iterator[None]:
    kinds.register(PLEDGE)
    yield
    kinds.unregister(PLEDGE.name)


def test_a_kind_added_later_is_indexed_and_filtered_by_its_name(write, tmp_path, pledges):
    pledge = "name: Ceasefire pledge\naliases: [truce promise]\nby: ruritania\nsummary: By [[ruritania]].\n"
    content = write({"pledges/ceasefire-pledge.yaml": pledge + "sources: [daily-news-2026-01-06#p3]\n"})
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "pledge.md.j2").write_text("# {{ pledge.name }}\n")
    entry = _entries(content, templates)["/pledges/ceasefire-pledge/"]
    assert (entry.title, entry.aliases) == ("Ceasefire pledge", ["truce promise"])
    assert entry.filters == {"kind": ["Pledge"], "actor": ["Ruritania"]}


def test_an_entry_holds_aliases_weighted_as_a_title_and_the_other_spelling_of_its_words():
    entry = _entries(SMALL_DOSSIER)["/issues/border-zone/"]
    html = entry.html({})
    title = "<h1>Demilitarisation of the border zone</h1>"
    assert title + '<p data-pagefind-weight="7">Also known as: border zone.</p>' in html
    also_spelled = html.split("<p>Also spelled: ")[1].split(".</p>")[0].split(", ")
    assert "demilitarization" in also_spelled and "demilitarized" in also_spelled
    assert "demilitarisation" not in also_spelled  # what is written is not repeated


def test_filters_give_kind_actors_issues_and_year():
    entries = _entries(SMALL_DOSSIER)
    assert entries["/timeline/#geneva-talks-2026-01-06"].filters == {
        "kind": ["Event"],
        "actor": ["Anna Kovacs", "Borduria", "Ruritania"],
        "issue": ["Demilitarisation of the border zone"],
        "year": ["2026"],
    }
    assert entries["/timeline/#geneva-talks-2026-01-06"].date == "2026-01-06"
    # An article: the actors and issues its shown paragraphs mention, and the year it was published.
    article = entries["/articles/daily-news-2026-01-06/"].filters
    assert article["kind"] == ["Source"] and article["year"] == ["2026"]
    assert {"Borduria", "Ruritania"} <= set(article["actor"]) and article["issue"]
    # An actor is found under its own name; a record with no date has no year.
    assert entries["/actors/borduria/"].filters["actor"] == ["Borduria"]
    assert "year" not in entries["/actors/borduria/"].filters


def test_a_filter_value_with_a_comma_stays_one_value():
    entry = Entry("/x/", "X", "Actor", ["text"], filters={"actor": ["Smith, John"]})
    assert '<span data-pagefind-filter="actor:Smith, John"></span>' in entry.html({})


def test_a_hand_written_page_is_indexed_from_its_text_without_the_theme():
    built = (
        '<nav>Menu</nav><article class="md-content__inner md-typeset"><h1 id="m">Methodology'
        '<a class="headerlink" href="#m">¶</a></h1><p>How we grade &amp; cite.</p><ul><li>One</li></ul></article>'
    )
    entry = page_entry(built, "methodology/")
    assert entry is not None
    assert (entry.url, entry.title, entry.kind) == ("/methodology/", "Methodology", "Page")
    assert entry.text == ["How we grade & cite.", "One"]


def test_the_built_site_ships_pagefinds_bundle_and_no_lunr_index(site):
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "pagefind-ui.js").is_file()
    assert not (site / "search").exists()
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    assert list((site / "assets" / "javascripts").glob("workers/search.*")) == []
    assert not any("search_index.json" in path.read_text(encoding="utf-8") for path in site.rglob("*.html"))


def test_the_built_index_holds_records_aliases_spellings_filters_and_hand_written_pages(site):
    entries = search_entries(site)
    borduria = entries["/actors/borduria/"]
    assert borduria["meta"] == {"title": "Borduria", "url": "/actors/borduria/", "kind": "Actor"}
    assert "Also known as: Bordurian Republic." in borduria["content"]
    assert "demilitarization" in entries["/issues/border-zone/"]["content"]
    assert entries["/timeline/#geneva-talks-2026-01-06"]["filters"] == {
        "kind": ["Event"],
        "actor": ["Anna Kovacs", "Borduria", "Ruritania"],
        "issue": ["Demilitarisation of the border zone"],
        "year": ["2026"],
    }
    assert entries["/timeline/#geneva-talks-2026-01-06"]["meta"]["date"] == "2026-01-06"
    assert entries["/methodology/"]["meta"]["kind"] == "Page"
    assert entries["/editing/"]["filters"] == {"kind": ["Page"]}


def test_every_page_has_the_search_button_in_its_header(site):
    for path in ("index.html", "actors/borduria/index.html", "methodology/index.html"):
        header = (site / path).read_text(encoding="utf-8").split("</header>")[0]
        assert 'class="dossier-search" data-bundle="' in header, path
        assert 'aria-haspopup="dialog" aria-controls="dossier-search"' in header, path


def test_mkdocs_serve_serves_the_search_and_rebuilds_it(tmp_path):
    project = make_project(tmp_path)
    with serving(project) as base:
        assert wait_for(base, 'class="dossier-search"')
        assert "PagefindUI" in fetch(base + "pagefind/pagefind-ui.js")
        sheet = project / "content" / "actors" / "borduria.yaml"
        sheet.write_text(sheet.read_text(encoding="utf-8") + "summary: Freshly edited neighbour.\n", encoding="utf-8")
        assert wait_for(base + "actors/borduria/", "Freshly edited neighbour.")
        assert '"version":"1.5.2"' in fetch(base + "pagefind/pagefind-entry.json").replace(" ", "")


def test_a_pages_search_setting_leaves_it_out_or_weighs_its_words(tmp_path):
    docs, site = tmp_path / "pages", tmp_path / "site"
    article = '<article class="md-content__inner md-typeset"><h1>{0}</h1><p>Text of {0}.</p></article>'
    for name, front in (("kept", ""), ("hidden", "search: {exclude: true}\n"), ("boosted", "search: {boost: 3}\n")):
        (docs).mkdir(exist_ok=True)
        (docs / f"{name}.md").write_text(f"---\n{front}title: {name}\n---\n# {name}\n", encoding="utf-8")
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(article.format(name), encoding="utf-8")
    entries = {entry.url: entry for entry in hand_written_entries(docs, site, [], use_directory_urls=True)}
    assert sorted(entries) == ["/boosted/", "/kept/"]
    assert '<p data-pagefind-weight="3">Text of boosted.</p>' in entries["/boosted/"].html({})
    assert "<p>Text of kept.</p>" in entries["/kept/"].html({})


def test_the_index_is_written_from_inside_a_running_event_loop(tmp_path):
    # Code that runs an event loop in its thread (Playwright's sync API, a notebook) may build the site.
    import asyncio
    import concurrent.futures

    from dossier.search import write_index

    entry = Entry("/actors/x/", "Ruritania", "Actor", ["A kingdom."], filters={"kind": ["Actor"]})

    async def inside() -> int:
        return write_index(tmp_path, [entry])

    # In a thread of its own, as the suite's own thread may run Playwright's loop already.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside()).result() == 1
    assert list((tmp_path / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_a_pagefind_config_in_the_project_changes_nothing(tmp_path, monkeypatch):
    # Pagefind's binary reads pagefind.yml from where it runs; a pull request can add one at the root
    # (`serve: true` stalls the build serving the site). The index is written as if there were none.
    from dossier.search import write_index

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text('glob: "nothing/**/*.html"\nexclude_selectors: ["p"]\n', encoding="utf-8")
    entry = Entry("/actors/x/", "Ruritania", "Actor", ["A kingdom."], filters={"kind": ["Actor"]})
    assert write_index(tmp_path / "site", [entry]) == 1
    assert list((tmp_path / "site" / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_an_entry_whose_title_has_no_word_is_indexed_under_its_id(tmp_path):
    # Pagefind leaves out, without a word, an entry with nothing it takes for a word: `**` and a dash are
    # not, a digit is. Hypothesis found an event titled `**` with a summary of `**`: the build stopped.
    from dossier.search import write_index

    entries = [
        Entry("/timeline/#talks-stall-2025-07", "**", "Event", ["**"], filters={"kind": ["Event"]}),
        Entry("/actors/x/", "—", "Actor", ["— –"], filters={"kind": ["Actor"]}),
        Entry("/", "\x00*", "Brief", [], filters={"kind": ["Brief"]}),
        Entry("/actors/y/", "2026", "Actor", ["*"], filters={"kind": ["Actor"]}),
    ]
    assert [entry.shown_title() for entry in entries] == ["talks-stall-2025-07", "x", "Brief", "2026"]
    # Without directory URLs (use_directory_urls: false) the same names.
    addresses = ["/timeline.html#talks-stall-2025-07", "/actors/x.html", "/index.html"]
    other = [Entry(url, entry.title, entry.kind, entry.text) for url, entry in zip(addresses, entries, strict=False)]
    assert [entry.shown_title() for entry in other] == ["talks-stall-2025-07", "x", "Brief"]
    assert write_index(tmp_path, entries) == 4
    titles = {url: entry["meta"]["title"] for url, entry in search_entries(tmp_path).items()}
    assert titles == {
        "/timeline/#talks-stall-2025-07": "talks-stall-2025-07",
        "/actors/x/": "x",
        "/": "Brief",
        "/actors/y/": "2026",
    }


def test_a_second_index_is_moved_in_whole_over_the_first(tmp_path):
    import json

    from dossier.search import write_index

    first = [Entry(f"/actors/{n}/", f"Actor {n}", "Actor", ["Text."], filters={"kind": ["Actor"]}) for n in range(5)]
    write_index(tmp_path, first)
    old_entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    old_meta = tmp_path / "pagefind" / f"pagefind.{old_entry['languages']['en']['hash']}.pf_meta"
    write_index(tmp_path, first[:1])
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1
    assert (tmp_path / "pagefind" / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").is_file()
    # A reader who loaded the first entry file while the second was written still finds what it names.
    assert old_meta.is_file()
    assert [p for p in (tmp_path / "pagefind").rglob(".*")] == []
