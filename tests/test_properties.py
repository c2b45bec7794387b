"""Whatever an editor writes, the build succeeds or says what is wrong: never another exception."""

from __future__ import annotations

import functools
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SMALL_DOSSIER, make_project
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from dossier.errors import ContentError, DossierError
from dossier.link import Linker
from dossier.pipeline import build_pages, check_dossier

FEW = settings(max_examples=60, deadline=None)
# Values editors really write, mixed with arbitrary ones, so examples reach the later checks too.
WORDS = st.sampled_from(["ruritania", "Ruritania", "../x", "daily-news-2026-01-06#p1", "x#p9", "2026-02-30", "[[x]]"])
FIELDS = st.sampled_from(["name", "kind", "aliases", "summary", "sources", "roles", "member_of", "of", "ref", "quote"])
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | WORDS
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(FIELDS | st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
YAML_TEXT = VALUES.map(lambda value: yaml.safe_dump(value, allow_unicode=True))
ACTOR = st.fixed_dictionaries(
    {"name": SCALARS, "kind": st.sampled_from(["person", "state"]) | SCALARS},
    optional={"aliases": st.lists(SCALARS, max_size=3), "member_of": VALUES, "sources": VALUES, "roles": VALUES},
).map(lambda value: yaml.safe_dump(value, allow_unicode=True))


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("properties") / "content"
    shutil.copytree(SMALL_DOSSIER, folder)
    return folder


def build_with(content: Path, name: str, data: str | bytes, render: bool = False) -> None:
    """Add one file to the small dossier, then check it (or render it): success or the project's own error."""
    path = content / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    try:
        build_pages(content, ROOT / "templates") if render else check_dossier(content)
    except DossierError:
        pass
    finally:
        path.unlink()


@FEW
@given(data=st.text() | st.binary() | YAML_TEXT | ACTOR)
def test_any_fact_sheet_builds_or_is_reported(content: Path, data: str | bytes) -> None:
    build_with(content, "actors/x.yaml", data)


@FEW
@given(front=st.text() | YAML_TEXT, body=st.text())
def test_any_article_builds_or_is_reported(content: Path, front: str, body: str) -> None:
    build_with(content, "articles/x.md", f"---\n{front}\n---\n{body}")


@settings(max_examples=25, deadline=None)
@given(name=st.text(min_size=1), aliases=st.lists(st.text(), max_size=4))
def test_any_names_and_aliases_render_or_are_reported(content: Path, name: str, aliases: list[str]) -> None:
    # Names feed the linker and every page that mentions the actor, so render them too.
    sheet = yaml.safe_dump({"name": name, "kind": "person", "aliases": aliases}, allow_unicode=True)
    build_with(content, "actors/x.yaml", sheet, render=True)


@FEW
@given(names=st.dictionaries(st.text(), st.sampled_from(["a", "b"])), text=st.text())
def test_the_linker_finds_whole_names_in_any_text(names: dict[str, str], text: str) -> None:
    linker = Linker(names)
    for span in linker.find(text) + linker.find_in_prose(text):
        assert 0 <= span.start < span.end <= len(text)
        assert span.target in names.values()


# Text an editor could paste into any field: Markdown, HTML, Jinja and YAML syntax, words longer
# than a line, scripts that run right to left, combining marks, emoji, names of other records.
# fmt: off
HOSTILE_PIECES = st.sampled_from([
    "# ", "## ", "- ", "* ", "1. ", "> ", "    ", "\t", "---", "***", "| a | b |", "|", "`", "```", "~~~",
    "*", "**", "_", "[", "]", "(", ")", "[x](", "[x](javascript:alert(1))", "![i](x.png)", "<https://x.org>",
    "[[", "]]", "[[ruritania]]", "[[ruritania|", "[[ruritania|x]]", "<", ">", "&", "&amp;", "&#0;",
    "<script>alert(1)</script>", "<b>", "</div>", "<!--", "-->", "{{ d }}", "{% raw %}", "{#", "\\", ":",
    ": ", "'", '"', "!!python/object", "&anchor", "*alias", "%", "@", "#p1", "*[HTML]: Hyper", "^", "~",
    "\n", "\n\n", " ", "\u00a0", "é", "e\u0301", "ß", "İ", "ﬁ", "😀", "👩\u200d👩\u200d👧", "中文", "العربية",
    "עברית", "Ruritania", "Kovacs", "Geneva", "border zone", "a" * 500, "Zz" * 150, "x-" * 200,
])
# fmt: on
# Blank text is an error `check` already reports: leave it out, so that most examples pass `check`.
# Characters that are not text at all (controls, surrogates, non-characters) are errors `check` reports.
SHOWABLE = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))
HOSTILE = (
    st.lists(HOSTILE_PIECES | st.text(SHOWABLE, max_size=4), min_size=1, max_size=6).map("".join).filter(str.strip)
)
# The free-text fields of every kind of file (ids, references, dates and choices keep their values).
TEXT_FIELDS = {"name", "summary", "title", "subtitle", "bottom_line", "text", "note", "place", "question", "value"}
TEXT_FIELDS |= {"assessment", "term", "definition", "publisher", "notes", "via"}
LIST_FIELDS = {"aliases", "tags"}
# Names and titles are one line of visible text: `check` refuses line breaks and invisible characters there.
NAME_FIELDS = {"name", "title", "subtitle", "place", "question", "term", "publisher", "via", *LIST_FIELDS}


def one_line(text: str) -> str:
    """Hostile text as a name may hold it: one line, no invisible (format) character."""
    return "".join(c for c in " ".join(text.split()) if unicodedata.category(c) != "Cf") or "x"


def hostile_copy(data: object, draw) -> object:
    """The same YAML data with any free-text field, aliases and tags included, replaced by hostile text."""
    if isinstance(data, dict):
        copy = {}
        for key, value in data.items():
            if key in TEXT_FIELDS and isinstance(value, str) or key in LIST_FIELDS:
                values = value if key in LIST_FIELDS else [value]
                hostile = [draw(st.sampled_from([v, draw(HOSTILE)])) for v in values]
                if key in NAME_FIELDS:
                    hostile = [one_line(text) for text in hostile]
                copy[key] = hostile if key in LIST_FIELDS else hostile[0]
            else:
                copy[key] = hostile_copy(value, draw)
        return copy
    if isinstance(data, list):
        return [hostile_copy(item, draw) for item in data]
    return data


def hostile_dossier(content: Path, draw) -> None:
    """Rewrite every file of a copy of the small dossier with hostile text in its free-text fields."""
    dump = functools.partial(yaml.safe_dump, allow_unicode=True, sort_keys=False, width=10**9)
    for path in sorted(content.rglob("*.yaml")):
        path.write_text(dump(hostile_copy(yaml.safe_load(path.read_text(encoding="utf-8")), draw)), encoding="utf-8")
    # A glossary key is an id no file name limits: any valid one, the longest included.
    glossary = yaml.safe_load((content / "glossary.yaml").read_text(encoding="utf-8"))
    key = draw(st.from_regex(r"[a-z0-9]{1,60}(-[a-z0-9]{1,60}){0,2}", fullmatch=True))
    (content / "glossary.yaml").write_text(dump({key: glossary.pop("geneva"), **glossary}), encoding="utf-8")
    for path in sorted((content / "articles").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        # Quotes must stay found in their paragraphs: hostile paragraphs go after the cited ones.
        extra = "\n\n".join(draw(st.lists(HOSTILE, max_size=3)))
        front = dump(hostile_copy({**yaml.safe_load(front), "via": "Agency", "notes": "Known outlet."}, draw))
        path.write_text(f"---\n{front}---\n{body}\n{extra}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def site_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("hostile"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_whatever_check_accepts_builds(site_project: Path, data: st.DataObject) -> None:
    # Each example is a whole MkDocs build (in this process: the same hook, the same strict config).
    content = site_project / "content"
    shutil.rmtree(content)
    shutil.copytree(SMALL_DOSSIER, content)
    shutil.copytree(ROOT / "content" / "pages", content / "pages", dirs_exist_ok=True)
    hostile_dossier(content, data.draw)
    try:
        check_dossier(content)
    except ContentError:
        assume(False)
    build(load_config(str(site_project / "mkdocs.yml")))
