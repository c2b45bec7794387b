"""Hostile text in every field of a dossier is shown as text: nothing from content runs or loads.

tests/data/poisoned_dossier is the small dossier with markup in every text field; each payload
carries the marker 'evil', so anything injected from content is easy to recognise in the HTML.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import DATA, SMALL_DOSSIER, make_project, mkdocs_build, search_entries
from mkdocs.utils.meta import get_data

from dossier.markdown import front_matter

# Elements that editors' Markdown may legitimately produce, on top of what the clean build has.
MARKDOWN_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "em", "strong", "del", "hr"}
_BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)
# A heading id, or a link to one, that the toc extension or the tags plugin made from hostile text.
_SLUG = re.compile(r"^[a-z0-9_./-]*#?[a-z0-9_:-]+$")


class Page(HTMLParser):
    """Every element, attribute, script and text of one built HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: set[str] = set()
        self.text: list[str] = []
        self.title = ""
        self._in: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        if tag == "script" and "src" in values:
            self.scripts.add(f"src={values['src']}")
        self._in = tag if tag in ("script", "title") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script" and data.strip():
            self.scripts.add(data.strip())
        elif self._in == "title":
            self.title += data
        self.text.append(data)


def build_site(tmp_path: Path, content: Path) -> Path:
    project = make_project(tmp_path, content)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def pages_of(site: Path) -> dict[str, Page]:
    return {str(p.relative_to(site)): Page(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    return pages_of(build_site(tmp_path_factory.mktemp("clean"), SMALL_DOSSIER))


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("poisoned"), DATA / "poisoned_dossier")


@pytest.fixture(scope="module")
def poisoned(poisoned_site: Path) -> dict[str, Page]:
    return pages_of(poisoned_site)


def injected(tag: str, attrs: dict[str, str]) -> list[str]:
    """Return what is wrong with one element of a page built from hostile content."""
    wrong = [f"<{tag} {name}=...>" for name in attrs if name.startswith("on")]
    wrong += [f"<{tag} {n}={v!r}>" for n, v in attrs.items() if _BAD_SCHEME.match("".join(v.split()))]
    if tag in ("iframe", "object", "embed", "frame") or (tag == "img" and "//" in attrs.get("src", "")):
        wrong.append(f"<{tag} {attrs}>")
    # The marker may reach an attribute only inside a heading's slug or an http(s) link an editor wrote.
    for name, value in attrs.items():
        slug = name in ("id", "href") and _SLUG.match(value)
        link = tag == "a" and name == "href" and value.startswith("https://")
        # Material copies a tooltip's title into the page as HTML: text only, no markup, no entity.
        tooltip = tag == "abbr" and name == "title" and not re.search("[<>&]", value)
        if "evil" in tag + name or ("evil" in value and not (slug or link or tooltip)):
            wrong.append(f"<{tag} {name}={value!r}>")
    return wrong


def test_hostile_content_adds_no_script(clean: dict[str, Page], poisoned: dict[str, Page]) -> None:
    assert poisoned.keys() == clean.keys()
    expected = set().union(*(page.scripts for page in clean.values()))
    assert set().union(*(page.scripts for page in poisoned.values())) == expected


def test_hostile_content_adds_no_element_or_attribute(clean: dict[str, Page], poisoned: dict[str, Page]) -> None:
    allowed = {tag for page in clean.values() for tag, _ in page.elements} | MARKDOWN_TAGS
    problems = [
        f"{path}: {wrong}"
        for path, page in poisoned.items()
        for tag, attrs in page.elements
        for wrong in injected(tag, attrs) + ([f"<{tag}> is not in the clean build"] if tag not in allowed else [])
    ]
    assert problems == []


def test_template_syntax_in_content_is_shown_literally(poisoned: dict[str, Page]) -> None:
    text = "".join(poisoned["index.html"].text)
    assert "{{ 7*7 }}" in text
    assert "{% if true %}evil-jinja{% endif %}" in text
    assert "{% raw %}" in "".join(poisoned["timeline/index.html"].text)


def test_page_titles_show_hostile_titles_as_text(poisoned: dict[str, Page]) -> None:
    # <title> (and the header) print the page title as HTML: it must read exactly as the editor wrote it.
    title = poisoned["articles/daily-news-2026-01-06/index.html"].title
    assert title.rsplit(" - ", 1)[0] == (
        "Ruritania and Borduria resume talks <script>evil()</script> </title><script>evil()</script>"
    )


def test_only_http_source_addresses_become_links(poisoned: dict[str, Page]) -> None:
    # javascript:, data:, <javascript:…> and addresses with quotes or brackets stay text; images become links.
    external = {
        attrs[name]
        for page in poisoned.values()
        for _tag, attrs in page.elements
        for name in ("href", "src")
        if urlsplit(attrs.get(name, "")).scheme
    }
    assert external == {
        "https://evil.example/a.png",
        "https://evil.example/pixel.png",
        "https://example.org/ok",
        "https://squidfunk.github.io/mkdocs-material/",  # the theme's footer
    }


def test_search_index_holds_hostile_text_as_text(poisoned_site: Path) -> None:
    # Pagefind's UI shows an excerpt as HTML (titles and tags as text), made as pagefind.js makes it:
    # the text with < and > escaped, then <mark> around the words found. It must be as safe as the pages.
    contents = [entry["content"] for entry in search_entries(poisoned_site).values()]
    entries = [Page(content.replace("<", "&lt;").replace(">", "&gt;")) for content in contents]
    assert not any(entry.scripts for entry in entries)
    assert [wrong for entry in entries for tag, attrs in entry.elements for wrong in injected(tag, attrs)] == []
    assert any("<script>evil()</script>" in "".join(entry.text) for entry in entries)


def test_titles_with_characters_yaml_refuses_keep_their_front_matter() -> None:
    # MkDocs drops a page's whole front matter, silently, when YAML cannot read it.
    page = "---\ntitle: " + front_matter("Bor\x7fduria <b>") + "\nhide: [toc]\n---\n# Borduria\n"
    assert get_data(page)[1] == {"title": "Bor\x7fduria &lt;b&gt;", "hide": ["toc"]}


def test_data_files_keep_spreadsheet_formulas_inert(poisoned_site: Path) -> None:
    cells = [
        cell
        for name in ("events.csv", "positions.csv")
        for row in csv.reader(io.StringIO((poisoned_site / name).read_text(encoding="utf-8")))
        for cell in row
    ]
    assert "'=HYPERLINK(" in "\n".join(cells) and "'@SUM(1+1)" in "\n".join(cells)
    assert [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")] == []
