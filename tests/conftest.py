"""Shared helpers: real dossiers in real folders, built with the real hook and real MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SMALL_DOSSIER = DATA / "small_dossier"

sys.path.insert(0, str(ROOT))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regenerate-golden", action="store_true", help="rewrite tests/data/golden/")


def make_project(tmp_path: Path, content: Path = SMALL_DOSSIER) -> Path:
    """Copy a dossier into tmp_path/content beside a mkdocs.yml that uses the real hook."""
    project = tmp_path / "project"
    shutil.copytree(content, project / "content")
    (project / "content" / "pages").mkdir(exist_ok=True)
    # The real nav names the real hand-written pages (the editor guide…): lend those a fixture lacks.
    for page in (ROOT / "content" / "pages").glob("*.md"):
        if not (project / "content" / "pages" / page.name).exists():
            shutil.copy(page, project / "content" / "pages" / page.name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - site_builder.py", f"  - {ROOT / 'site_builder.py'}")
    config = config.replace("custom_dir: templates/theme", f"custom_dir: {ROOT / 'templates' / 'theme'}")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def mkdocs_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` in a project folder, as a maintainer would."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767657600"},
    )


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python site_builder.py ARGS` and capture what an editor would see (`env` adds variables)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "site_builder.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def write(tmp_path: Path):
    """Write files under a fresh content folder: write({'actors/x.yaml': '...'}) -> content path."""

    def _write(files: dict[str, str | bytes], base: Path = SMALL_DOSSIER) -> Path:
        content = tmp_path / "content"
        if not content.exists():
            shutil.copytree(base, content)
        for name, text in files.items():
            path = content / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return content

    return _write


def search_entries(site: Path) -> dict[str, dict]:
    """What the built site's Pagefind index holds for each address (its `url` meta): content, meta, filters.

    Pagefind writes each entry as a gzipped fragment behind a signature; the browser reads the same.
    """
    import gzip
    import json

    entries = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        entries[data["meta"]["url"]] = data  # the entry's address (its file's name means nothing)
    return entries
