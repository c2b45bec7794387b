"""Whatever an editor writes, the build succeeds or says what is wrong: never another exception."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SMALL_DOSSIER
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.errors import DossierError
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
