"""What runs after the browser tests, in the same process, works: Playwright was stopped, not left running.

tests/conftest.py runs this file right after tests/browser/test_browser.py, in the same pytest-xdist worker
(one group; without xdist, after every browser test). The other browser tests end in the other worker the
same way: the package-scoped fixtures of tests/browser/conftest.py stop Playwright when a process leaves the
folder. Playwright's sync API, while started, keeps an event loop running in a greenlet of the main thread,
under which asyncio.run (Pagefind's client in an in-process build) fails and ast.parse did too.
"""

from __future__ import annotations

import ast
import asyncio
import sys
from pathlib import Path

from conftest import ROOT, build_here, make_project


def test_playwright_was_stopped_after_the_browser_tests() -> None:
    # Set when tests/browser/ ran in this process (not when this file runs alone or `-m "not browser"`).
    browser = sys.modules.get("browser.conftest")
    if browser is not None and browser.PLAYWRIGHT["started"]:
        assert browser.PLAYWRIGHT == {"started": 1, "stopped": 1}
    assert asyncio._get_running_loop() is None


def test_asyncio_run_and_ast_parse_work_after_the_browser_tests() -> None:
    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    assert asyncio.run(answer()) == 42
    for module in [*sorted((ROOT / "dossier").glob("*.py")), ROOT / "site_builder.py"]:
        ast.parse(module.read_text(encoding="utf-8"))
    ast.parse("x = " + "(" * 180 + "1" + ")" * 180)


def test_an_in_process_build_works_after_the_browser_tests(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build_here(project)  # its Pagefind index is written with asyncio.run, in this thread
    assert (project / "site" / "pagefind" / "pagefind-entry.json").is_file()
    assert (project / "site" / "actors" / "borduria" / "index.html").is_file()
