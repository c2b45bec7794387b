"""Large dossiers: long lists are cut short on their pages and go on in pages of their own (issue #6)."""

from __future__ import annotations

import posixpath
import re

import pytest
from conftest import ROOT, SMALL_DOSSIER

from dossier import addresses
from dossier.pipeline import build_pages

LINK = re.compile(r"\]\(([^)\s<>]+)\)")


def broken_links(pages: dict[str, str]) -> list[str]:
    """Return every link of every page to a page or anchor that the site does not have."""
    broken = []
    for page, text in pages.items():
        for target in LINK.findall(text) if page.endswith(".md") else []:
            path, _, anchor = target.partition("#")
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            lines = pages.get(path, "").splitlines()
            headings = {line.lstrip("#").strip().lower() for line in lines if line.startswith("#")}
            if path not in pages or (anchor and f"{{ #{anchor}" not in pages[path] and anchor not in headings):
                broken.append(f"{page}: {target}")
    return broken


@pytest.fixture
def tiny_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the small dossier 'large': every list is over its limit, every long page is split."""
    # Item by item: render and addresses share the one LIMITS of addresses.py.
    for name in addresses.LIMITS:
        monkeypatch.setitem(addresses.LIMITS, name, {"per_page": 1, "print_events": 1}.get(name, 0))


def test_every_link_of_the_small_dossier_resolves() -> None:
    assert broken_links(build_pages(SMALL_DOSSIER, ROOT / "templates").pages) == []


def test_over_the_limits_every_list_goes_on_in_pages_of_its_own(tiny_limits: None) -> None:
    pages = build_pages(SMALL_DOSSIER, ROOT / "templates").pages
    assert broken_links(pages) == []
    assert "{ #geneva-talks-2026-01-06 }" in pages["timeline/2026-01.md"]
    assert "[Talks stall](timeline/2025-07.md#talks-stall-2025-07)" in pages["timeline.md"]
    assert "# Who led Ruritania's delegation?" in pages["disputes/who-led-ruritania.md"]
    assert "Pages: **1** · [2](borduria/2.md)" in pages["mentions/borduria.md"]
    assert "[all 2 are listed on their own page](../timelines/ruritania.md)" in pages["actors/ruritania.md"]
    assert "[May 2025]" not in pages["articles/index.md"] and "(../sources/2026-01.md)" in pages["articles/index.md"]
