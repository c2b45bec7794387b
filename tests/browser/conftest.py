"""Chromium for the browser tests, started in a process for this folder and stopped when its last test there is done.

Package scope (this folder is a package for it): Playwright's sync API runs an event loop in a greenlet
of the main thread while it is started, and asyncio.run (in any code run in-process) and
ast.parse fail under it. Stopped after a process's last browser test (in a parallel run each of the two
groups tests/conftest.py makes ends in its own worker), it leaves the thread as it found it, so the
tests after them in the same process run as anywhere else: tests/test_after_the_browser.py proves it
for the group that ends with test_browser.py. The helpers these fixtures use are in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, Visits, visit_every_page

# How many times Playwright was started and stopped in this process (test_after_the_browser.py reads it).
PLAYWRIGHT = {"started": 0, "stopped": 0}


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """Debian's Chromium, started once for every browser test (Playwright's sync API runs one per thread)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make headless-shell` (Debian's; never `playwright install`)")
    with playwright.sync_playwright() as p:
        PLAYWRIGHT["started"] += 1
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
    PLAYWRIGHT["stopped"] += 1


@pytest.fixture(scope="package")
def small_visits(browser: Any, small_url: str, small_site: Path, axe_script: Path) -> Visits:
    """Every page of `small_site` opened once in Chromium (axe-core run on each)."""
    return visit_every_page(browser, small_url, small_site, axe_script)


@pytest.fixture(scope="package")
def seed_visits(browser: Any, seed_url: str, seed_site: Path, axe_script: Path) -> Visits:
    """Every page of `seed_site` opened once in Chromium (axe-core run on each)."""
    return visit_every_page(browser, seed_url, seed_site, axe_script)
