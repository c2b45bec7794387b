"""Glossary terms explain themselves on hover: abbreviation lines on the pages that mention them."""

import html
import re

from conftest import ROOT, make_project, mkdocs_build

from dossier.pipeline import build_pages


def test_pages_that_mention_a_term_define_it(write):
    pages = build_pages(write({}), ROOT / "templates").pages
    assert pages["timeline.md"].endswith("\n*[Geneva]: Swiss city that hosts the talks.\n")
    assert "*[Geneva]" not in pages["positions.md"]
    assert "*[Geneva]" not in pages["glossary.md"]


def test_a_definition_cannot_inject_markup_into_the_tooltip(tmp_path, write):
    # Material's tooltip copies the title attribute into innerHTML: no <, > or & may reach it.
    definition = "Swiss <img src=x onerror=alert(1)> city &lt;script&gt; [[ruritania|R&D]]\\n*[Geneva]: evil"
    content = write({"glossary.yaml": f'geneva:\n  term: Geneva\n  definition: "{definition}"\n'})
    project = make_project(tmp_path, content)
    assert mkdocs_build(project).returncode == 0
    page = (project / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    titles = [html.unescape(t) for t in re.findall(r'<abbr title="([^"]*)">Geneva</abbr>', page)]
    assert titles and all("<" not in t and "&" not in t for t in titles), titles
    # The line break is gone too, so the definition cannot start a second abbreviation line.
    assert titles[0] == "Swiss ‹img src=x onerror=alert(1)› city ＆lt;script＆gt; R＆D [Geneva]: evil"
