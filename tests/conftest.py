"""Shared helpers: real dossiers in real folders, built with the real hook and real MkDocs.

What to reach for, cheapest first (what the suite costs, and why: benchmarks/RESULTS.md):

- `run_main("check", "--content", ...)`: a command of site_builder.py run in this process
  (`dossier.cli.main`), with what it prints and its exit code, as `run_cli` gives them. Use it unless
  the test is about the real command line itself (its exit code, Ctrl-C, the environment).
- `run_cli(...)`: the same command as a real `python site_builder.py` process (about 0.5 s more).
- `write({...})` (fixture): a fresh copy of tests/data/small_dossier under tmp_path/content with
  the files you give added or replaced; returns the content folder. For `check`-level tests.
- `project` (fixture): a fresh small project (that copy beside a mkdocs.yml using the real hook),
  yours to change and build. `make_project(tmp_path, content)` makes one from any content folder.
- `small_site` (session fixture): the small dossier built once a run (shared by xdist's workers) by a
  real `mkdocs build --strict`; the site folder. Read it, never change it.
- `seed_site` (session fixture): the real content/ (the seed dossier) built once a run from the
  repository's own mkdocs.yml; the site folder. Read it, never change it.
- `build_here(project)`: `mkdocs build --strict` of a site of your own (hostile content, other
  settings) in this process; `mkdocs_build(project)` runs the real command, for tests about the
  command itself (exit code, output, interruption). Keep such projects as small as the case allows.

For the browser tests (tests/browser/): `browser` (Chromium, one for the folder in each process: never
define another, Playwright's sync API runs one per thread; tests/browser/conftest.py stops it after the
process's last browser test), `small_url` / `seed_url` (those sites served on 127.0.0.1), `small_visits` /
`seed_visits` (every page of a site opened once at the DESKTOP width, with its requests, script
errors, width and axe-core findings), `axe_page(browser, axe, ...)` (a page whose every document
has axe-core), `look_at(page, url, axe)` for one page at another width, `run_axe(page, axe)`, and
`axe_script`. A new browser test then costs its own page loads.

The suite runs on every core (`make test`: pytest-xdist, `-n auto`): the browser tests go first, in two
groups of about equal time, one a worker (test_browser.py, which opens every page of both sites, and the
rest), and each other file goes whole to whichever worker is free (`pytest_xdist_make_scheduler` below).
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SMALL_DOSSIER = DATA / "small_dossier"

sys.path.insert(0, str(ROOT))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regenerate-golden", action="store_true", help="rewrite tests/data/golden/")


BROWSER_TESTS = "tests/browser/"
# The browser tests that open every page of both sites (`seed_visits`, `small_visits`): one group of their own.
EVERY_PAGE = "tests/browser/test_browser.py"
# Run after those, in their process: the proof that it still works, and the one other file that reads
# `seed_site` (built by then).
AFTER_BROWSER = ("tests/test_after_the_browser.py", "tests/test_site.py")


# The files that take longest apart from the browser tests (benchmarks/RESULTS.md): started first, so that
# none is left running alone at the end of a parallel run. Only the order depends on this list.
SLOW_FIRST = [
    "test_trust_build.py",
    "test_properties.py",
    "test_trust_linear.py",
    "test_preview.py",
    "test_preview_search.py",
    "test_trust_pages.py",
    "test_places.py",
    "test_changes.py",
    "test_search_index.py",
]


def _order(item: pytest.Item) -> int:
    if item.get_closest_marker("browser") is not None:
        return 0
    if item.nodeid.startswith(AFTER_BROWSER):
        return 1
    slow = SLOW_FIRST.index(item.path.name) if item.path.name in SLOW_FIRST else len(SLOW_FIRST)
    return 2 + slow


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests first (in a parallel run, in two groups on two workers; see
    `pytest_xdist_make_scheduler`), then test_after_the_browser.py in the process that ran test_browser.py,
    then the slowest files.

    Playwright's sync API keeps an event loop and a greenlet running in the main thread while it is started,
    under which asyncio.run (in any code run in-process) and ast.parse (Python 3.11's recursion
    counter) fail: tests/browser/conftest.py stops it when a process's last browser test is done (package
    scope), and test_after_the_browser.py proves that what follows in that process works.
    """
    items.sort(key=_order)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: without it installed, pytest runs in one process
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """pytest-xdist (`make test` runs `-n auto`): each file goes whole to whichever worker is free (its module
    fixtures are then built once), in the order above. The browser tests go first, in two groups that each
    take about half their time: EVERY_PAGE with AFTER_BROWSER (one visit of every page of both sites), and
    the rest of tests/browser/. On two cores each worker starts with one group and its own Chromium (a
    tenth of a second), and the other files fill in behind them.

    xdist's own `--dist loadgroup` would group them by `xdist_group` marks, but it renames tests by a field
    pytest 9 no longer reads: its groups are ignored.
    """
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsInTwoGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith((EVERY_PAGE, *AFTER_BROWSER)):
                return EVERY_PAGE
            if nodeid.startswith(BROWSER_TESTS):
                return BROWSER_TESTS
            return nodeid.split("::", 1)[0]

    config.option.loadscopereorder = False  # keep the order pytest_collection_modifyitems gave
    return BrowserTestsInTwoGroups(config, log)


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
        timeout=300,  # a build that hangs fails its test (and frees the workers waiting for a shared site)
    )


def build_here(project: Path, site_dir: Path | None = None) -> None:
    """Build a project as `mkdocs build --strict [-d SITE_DIR]` does, in this process (the same hook and the
    same startup and shutdown events, about 1 s less).

    For tests about what the site holds: a failed build raises. A test about the command itself (its
    exit code, what it prints, Ctrl-C, a full disk) runs the real one with `mkdocs_build`.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        patch.setenv("SOURCE_DATE_EPOCH", "1767657600")
        patch.chdir(project)
        options = {} if site_dir is None else {"site_dir": str(site_dir)}
        config = load_config(str(project / "mkdocs.yml"), strict=True, **options)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python site_builder.py ARGS` and capture what an editor would see (`env` adds variables)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "site_builder.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def run_main(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `site_builder.py ARGS` in this process; return its exit code and output as `run_cli` does."""
    from dossier.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(list(args))
            except SystemExit as exit:  # argparse refusing the arguments
                code = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    return subprocess.CompletedProcess(["site_builder.py", *args], code, stdout.getvalue(), stderr.getvalue())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh small project (tests/data/small_dossier beside the real mkdocs.yml), yours to change and build."""
    return make_project(tmp_path)


def built_once_a_run(
    tmp_path_factory: pytest.TempPathFactory, config: pytest.Config, name: str, build: Callable[[Path], None]
) -> Path:
    """A folder `build` fills once a run, in the temporary folder pytest-xdist's workers share: the first
    worker to need it builds it, the others wait for it and read it (each would build the same)."""
    own = tmp_path_factory.getbasetemp()
    shared = own.parent if hasattr(config, "workerinput") else own  # an xdist worker's basetemp: popen-gwN/
    folder, done = shared / name, shared / f"{name}.built"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, by a failed build too
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)  # what a failed build in another worker left
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def _build_small(folder: Path) -> None:
    result = mkdocs_build(make_project(folder))
    assert result.returncode == 0, result.stderr


def _build_seed(folder: Path) -> None:
    result = mkdocs_build(ROOT, "--site-dir", str(folder / "site"))
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """The small dossier built once a run by a real `mkdocs build --strict`: read it, never change it."""
    return built_once_a_run(tmp_path_factory, pytestconfig, "small-site", _build_small) / "project" / "site"


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """The real content/ built once a run, from the repository's mkdocs.yml: read it, never change it."""
    return built_once_a_run(tmp_path_factory, pytestconfig, "seed-site", _build_seed) / "site"


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


# The browser tests (tests/browser/): one Chromium a process (each group a worker runs), each built site served once.
# Debian's chromium-headless-shell: the same Blink and V8 as its chromium package, built for headless use (the
# old headless mode, which Playwright itself drives by default). The full browser's `--headless` now runs the
# whole desktop browser without a window: the same pages cost about a third more CPU (benchmarks/RESULTS.md).
CHROMIUM = "/usr/lib/chromium/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
    .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target).join(', ')}`)"""
DESKTOP = 1366  # the width every page of each site is opened at once (`seed_visits`, `small_visits`)


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's single file, from the npm registry at the version tests/browser/package.json pins."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: install Node.js and npm to fetch axe-core for the accessibility tests")
        prefix = str(AXE.parents[2])
        subprocess.run(
            [npm, "install", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", prefix],
            check=True,
            capture_output=True,
        )
    return AXE


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 while the block runs; yield its address (ending in /)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def small_url(small_site: Path) -> Iterator[str]:
    """`small_site`, served for the browser tests."""
    with serve(small_site) as url:
        yield url


@pytest.fixture(scope="session")
def seed_url(seed_site: Path) -> Iterator[str]:
    """`seed_site`, served for the browser tests."""
    with serve(seed_site) as url:
        yield url


def site_pages(folder: Path) -> list[str]:
    """Every HTML page of a built site, as an address from the site root."""
    found = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("index.html"))
    return [path.removesuffix("index.html") for path in found]


@dataclass
class Look:
    """One page as the browser showed it: how wide it was, and what axe-core found wrong on it."""

    width: int
    violations: list[str]


def axe_page(browser: Any, axe: Path, **options: Any) -> Any:
    """A page in a new browser context (`options` as Playwright's new_context takes them) whose every document
    has axe-core from its start: the 550 KB script is sent to Chromium once for the context, not once a page."""
    context = browser.new_context(**options)
    context.add_init_script(path=str(axe))
    return context.new_page()


def run_axe(page: Any, axe: Path) -> list[str]:
    """What axe-core (every rule) finds wrong on the page as it is now; axe is added first where the page lacks it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe))
    return page.evaluate(AXE_RUN)  # type: ignore[no-any-return]


# Requested after load on every page, and shown nowhere on it: Material reads sitemap.xml (data for its links),
# Chromium asks for the tab's icon. Any other request after load makes axe look again (`look_at`).
UNSEEN_AFTER_LOAD = ("/sitemap.xml", "/assets/images/favicon.png")


def look_at(page: Any, url: str, axe: Path) -> Look:
    """Open a page, run axe-core on it once no request is pending, and measure its width.

    A request the page makes after load (a script's) is waited for, and axe looks again once none is
    pending: what it loaded is checked too. Counting requests in flight ends the wait as soon as there is
    nothing to wait for (Playwright's networkidle waited half a second of quiet on every page). Two requests
    come after load on every page and change nothing on it (its HTML is the same before and after them):
    see UNSEEN_AFTER_LOAD.
    """
    made: list[object] = []
    pending: set[object] = set()

    def started(request: Any) -> None:
        if request.url.endswith(UNSEEN_AFTER_LOAD):
            return
        made.append(request)
        pending.add(request)

    def ended(request: object) -> None:
        pending.discard(request)

    listeners = {"request": started, "requestfinished": ended, "requestfailed": ended}
    for event, listener in listeners.items():
        page.on(event, listener)
    page.goto(url, wait_until="load")
    seen = len(made)
    violations = run_axe(page, axe)
    while len(made) > seen or pending:
        seen = len(made)
        for _ in range(600):  # at most 30 s, as Playwright's own waits
            if not pending:
                break
            page.wait_for_timeout(50)
        assert not pending, f"{url}: requests still pending after 30 s: {pending}"
        violations = run_axe(page, axe)
    for event, listener in listeners.items():
        page.remove_listener(event, listener)
    return Look(page.evaluate("document.documentElement.scrollWidth"), violations)


@dataclass
class Visits:
    """What happened when every page of a site was opened once, at the DESKTOP width."""

    requests: list[str]
    errors: list[str]
    pages: dict[str, Look]

    def violations(self) -> list[str]:
        return [f"/{path}: {v}" for path, look in self.pages.items() for v in look.violations]


def visit_every_page(browser: Any, url: str, folder: Path, axe: Path) -> Visits:
    """Open every page of a served site once: record requests and errors, run axe-core, measure widths."""
    page = axe_page(browser, axe, viewport={"width": DESKTOP, "height": 900})
    seen = Visits([], [], {})
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and seen.errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: seen.errors.append(f"{page.url}: {error}"))
    for path in site_pages(folder):
        seen.pages[path] = look_at(page, url + path, axe)
    page.context.close()
    return seen


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


def unstable_search_file(name: str) -> bool:
    """True for the Pagefind files that differ between two builds of the same site.

    Pagefind 1.5 writes its filter and metadata files in hash-map order, named by their hash
    (Pagefind/pagefind#638); its index and fragments, and every other file, are the same each time.
    """
    return name.startswith("pagefind/filter/") or name.endswith((".pf_meta", "pagefind-entry.json"))


# True once Pagefind's UI shows every result it lists for `words`: its message counts them ("3 results
# for …"; "Searching for …" while it searches) and no result is a placeholder waiting for its fragment.
# Message and list change in one update of the UI, so one look at both is enough.
SEARCH_SETTLED = """words => {
    const text = element => element.textContent.replace(/\\s+/g, ' ').trim().toLowerCase();
    const message = document.querySelector('.pagefind-ui__message');
    const shown = document.querySelectorAll('.pagefind-ui__result');
    return message !== null && /^\\d+ results? for /.test(text(message)) && text(message).endsWith(`for ${words}`)
        && shown.length > 0 && document.querySelector('.pagefind-ui__result .pagefind-ui__loading') === null;
}"""


def search_results(page: Any, site_url: str, words: str) -> list[str]:
    """The addresses the open search dialog lists for `words`, best first, once every result has shown.

    For words just typed into a freshly opened search: searching again for the same words, or after a
    filter changes, the previous list satisfies SEARCH_SETTLED until the new one replaces it. A search
    that finds nothing waits its 15 s and fails.
    """
    page.wait_for_function(SEARCH_SETTLED, arg=words.lower(), timeout=15000)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.href)")
    return [href.removeprefix(site_url) for href in hrefs]
