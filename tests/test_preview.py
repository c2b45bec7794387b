"""The editor's fast preview, `make serve` (`mkdocs serve --dirty`): only pages whose Markdown changed are rebuilt."""

from __future__ import annotations

import contextlib
import filecmp
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import build_here, unstable_search_file
from mkdocs.exceptions import Abort
from test_serve import eventually, fetch, free_port, wait_for

from dossier.addresses import page_address
from dossier.preview import CACHE

ACTOR = "content/actors/borduria.yaml"


@contextlib.contextmanager
def serve(project: Path, log: Path) -> Iterator[str]:
    """Run the preview as `make serve` does while the block runs; yield its address."""
    address = f"127.0.0.1:{free_port()}"
    with log.open("w") as output:  # the server writes to its own copy of the file
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", address],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        yield f"http://{address}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def cached(project: Path) -> dict[str, tuple[bytes, int]]:
    """Each page in the preview's cache: its text and its modification time."""
    folder = project / CACHE
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*.md")}


def edit(project: Path, old: str, new: str) -> None:
    sheet = project / ACTOR
    text = sheet.read_text(encoding="utf-8")
    assert old in text
    sheet.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_fact_sheet_shows_and_unchanged_pages_are_not_rewritten(project, tmp_path):
    with serve(project, tmp_path / "serve.log") as base:
        page = f"{base}/actors/borduria/"
        assert wait_for(page, "Borduria")
        before = cached(project)
        edit(project, "name: Borduria\n", "name: Borduria\nsummary: Freshly edited neighbour.\n")
        assert wait_for(page, "Freshly edited neighbour.")
        after = cached(project)
        # The cache lives beside mkdocs.yml, outside content/, and is not served.
        assert fetch(f"{base}/{CACHE.as_posix()}/actors/borduria.md") == ""
    assert before.keys() == after.keys() and "actors/borduria.md" in after
    changed = {path for path in after if after[path][0] != before[path][0]}
    rewritten = {path for path in after if after[path][1] != before[path][1]}
    assert "actors/borduria.md" in changed
    # Only the pages whose text changed were written again; every other file kept its time.
    assert rewritten == changed and len(changed) < len(after) / 2
    assert not list((project / "content").rglob(".cache")) and (project / CACHE).is_dir()


def test_a_content_error_is_shown_and_the_last_good_site_stays(project, tmp_path):
    log = tmp_path / "serve.log"
    with serve(project, log) as base:
        page = f"{base}/actors/borduria/"
        assert wait_for(page, "Borduria")
        edit(project, "name: Borduria\n", "name: Borduria\nsummary: Never shown.\nmember_of: [isreal]\n")
        assert wait_for_text(log, "content/actors/borduria.yaml:3: unknown actor 'isreal' in member_of[0]")
        assert "Borduria" in fetch(page) and "Never shown." not in fetch(page)
        edit(project, "member_of: [isreal]\n", "")
        assert wait_for(page, "Never shown.")


def test_mkdocs_build_is_the_same_with_and_without_the_preview_cache(project, tmp_path):
    # The builds run in this process as `mkdocs build` runs them (startup event "build", then the build);
    # the preview is the real `mkdocs serve --dirty`.
    build_here(project)
    cold = tmp_path / "cold"
    (project / "site").rename(cold)
    # A warm cache, as the preview leaves it, but stale: `mkdocs build` must not read it.
    with serve(project, tmp_path / "serve.log") as base:
        assert wait_for(f"{base}/actors/borduria/", "Borduria")
    stale = project / CACHE / "actors" / "borduria.md"
    stale.write_text("# Stale page from an old preview\n", encoding="utf-8")
    build_here(project)
    assert_same_tree(cold, project / "site")
    assert not list((project / "site").rglob("*.cache*"))


def assert_same_tree(left: Path, right: Path) -> None:
    files, others = _compared(left), _compared(right)
    assert files == others
    _match, mismatch, errors = filecmp.cmpfiles(left, right, files, shallow=False)
    assert mismatch == [] and errors == []


def wait_for_text(log: Path, needle: str, seconds: float = 30) -> bool:
    return eventually(lambda: needle in log.read_text(encoding="utf-8"), seconds)


def test_only_the_pages_whose_markdown_changed_are_built_again(project, tmp_path):
    site = tmp_path / "served"
    try:
        preview_build(project, site, first=True)
        before, pages = built(site), cached(project)
        edit(project, "name: Borduria\n", "name: Borduria\nsummary: Freshly edited neighbour.\n")
        preview_build(project, site)
        after, changed_pages = built(site), cached(project)
        changed = {page_address(p) + "index.html" for p in pages if pages[p][0] != changed_pages[p][0]}
        rewritten = {html for html in after if after[html] != before.get(html)}
        assert "actors/borduria/index.html" in changed
        assert rewritten == changed
        # The settings shape every page: after a change of mkdocs.yml the whole site is built again.
        (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + "\n")
        preview_build(project, site)
        assert all(built(site)[html] != after[html] for html in after)
    finally:
        end_preview(project)


def preview_build(project: Path, site: Path, first: bool = False) -> None:
    """Build in this process as `mkdocs serve --dirty` does, into `site`, as its rebuilds do."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)


def end_preview(project: Path) -> None:
    from mkdocs.config import load_config

    load_config(str(project / "mkdocs.yml")).plugins.on_shutdown()


def built(site: Path) -> dict[str, int]:
    """Each HTML page of a built site, by its path, with its modification time."""
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("index.html")}


def test_a_cache_that_cannot_be_written_stops_the_preview_in_one_line(project, tmp_path, caplog):
    (project / CACHE).parent.mkdir(parents=True)
    (project / CACHE).write_text("a file where the preview's folder goes\n", encoding="utf-8")
    try:
        with pytest.raises(Abort):
            preview_build(project, tmp_path / "served", first=True)
    finally:
        end_preview(project)
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert errors == [f"cannot write the preview's pages {project / CACHE / 'actors'}: Not a directory"]


def _compared(site: Path) -> list[str]:
    files = (p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return sorted(f for f in files if not unstable_search_file(f))
