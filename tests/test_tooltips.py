"""Glossary terms explain themselves on hover: a tooltip at the first mention in each section of a page."""

import html
import re

from conftest import ROOT, build_here, make_project

from dossier.pipeline import build_pages


def test_pages_that_mention_a_term_define_it(write):
    pages = build_pages(write({}), ROOT / "templates").pages
    assert pages["timeline.md"].count('<abbr title="Swiss city that hosts the talks.">Geneva</abbr>') == 1
    assert "Geneva</abbr>" not in pages["positions.md"]
    assert "Geneva</abbr>" not in pages["glossary.md"]
    assert not any("*[Geneva]" in page for page in pages.values())


def test_a_definition_cannot_inject_markup_into_the_tooltip(tmp_path, write):
    # Material's tooltip copies the title attribute into innerHTML: no <, > or & may reach it.
    definition = "Swiss <img src=x onerror=alert(1)> city &lt;script&gt; [[ruritania|R&D]]\\n*[Geneva]: evil"
    content = write({"glossary.yaml": f'geneva:\n  term: Geneva\n  definition: "{definition}"\n'})
    project = make_project(tmp_path, content)
    build_here(project)
    page = (project / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    titles = [html.unescape(t) for t in re.findall(r'<abbr title="([^"]*)">Geneva</abbr>', page)]
    assert titles and all("<" not in t and "&" not in t for t in titles), titles
    # The line break is gone too, so the definition cannot start a second abbreviation line.
    assert titles[0] == "Swiss ‹img src=x onerror=alert(1)› city ＆lt;script＆gt; R＆D [Geneva]: evil"
