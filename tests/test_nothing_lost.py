"""A build never touches what editors wrote, and a failed build never touches the last good site."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, build_here, make_project, mkdocs_build, run_main, unstable_search_file

BROKEN_ACTOR = {"actors/borduria.yaml": "name: Borduria\nkind: [state\n"}


def snapshot(root: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file and folder under root, files with their bytes and modification time."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else None
        for path in sorted(root.rglob("*"))
    }


def files_of(site: Path) -> dict[str, bytes]:
    files = {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}
    return {name: path.read_bytes() for name, path in files.items() if not unstable_search_file(name)}


def break_content(project: Path) -> None:
    for name, text in BROKEN_ACTOR.items():
        (project / "content" / name).write_text(text, encoding="utf-8")


def test_a_build_never_writes_into_content_or_templates(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    shutil.copytree(ROOT / "templates", project / "templates")  # the hook then renders with these
    sources = [project / "content", project / "templates"]
    before = [snapshot(folder) for folder in sources]
    build_here(project)
    assert [snapshot(folder) for folder in sources] == before
    break_content(project)
    broken = [snapshot(folder) for folder in sources]
    assert mkdocs_build(project).returncode != 0
    assert [snapshot(folder) for folder in sources] == broken


def test_invalid_content_leaves_the_last_good_site_as_it_was(project: Path, small_site: Path) -> None:
    shutil.copytree(small_site, project / "site")  # the site this content builds, built once a session
    site = snapshot(project / "site")
    assert "index.html" in site
    break_content(project)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "the site was left as it was" in result.stderr
    assert snapshot(project / "site") == site


def test_two_builds_of_the_same_content_are_identical(small_site: Path, tmp_path: Path) -> None:
    # Different folders, different times (the first is the session's build): nothing of either may leak into the pages.
    second = make_project(tmp_path / "two" / "deeper")
    build_here(second)
    assert files_of(small_site) == files_of(second / "site")


def test_export_refuses_to_write_into_the_content_folder() -> None:
    result = run_main("export", "--out", "content/x", cwd=ROOT)
    assert (result.returncode, result.stderr) == (1, "error: refusing to write into content/: choose another --out\n")
    assert not (ROOT / "content" / "x").exists()


def test_export_refuses_to_write_into_the_content_it_reads(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    before = snapshot(project / "content")
    result = run_main("export", "--content", "content", "--out", "content/site", cwd=project)
    assert (result.returncode, result.stderr) == (1, "error: refusing to write into content/: choose another --out\n")
    assert snapshot(project / "content") == before
