"""What one search costs a reader, in a real browser: the site's Pagefind against Material's lunr (issue #17).

bench.py calls `measure_search` at each size with the full build's site (Pagefind) and the bare
build's site (the same exported pages with Material's search). For each of three queries, a name,
an alias and a phrase from the generated dossier, and each engine, a fresh browser context (nothing
cached) opens the home page, opens the search as a reader does, types the query and waits for the
first result. It records:

- bytes: what the server sent for the search itself, from opening the page to the results: every
  response under pagefind/ (Pagefind) or search/, and Material's search worker and lunr scripts,
  headers included; not the page, nor the theme's CSS and JavaScript. The server gzips text as a
  static host does (Pagefind's index files are compressed already);
- latency: from the last keystroke to the first result on screen (the page's own clock);
- heap: the JavaScript heap the search holds once its results are shown: its workers' heaps plus
  what the page's own heap grew by from the opening of the search, read through the DevTools protocol.

Run alone: `.venv/bin/python benchmarks/search_bench.py PAGEFIND_SITE MATERIAL_SITE CONTENT`.
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# What each engine's search is made of, by address, and what shows that it answered.
ENGINES = {
    "pagefind": {"parts": ("pagefind/",), "result": ".pagefind-ui__result"},
    "material": {
        "parts": ("search/", "assets/javascripts/workers/search.", "assets/javascripts/lunr/"),
        "result": ".md-search-result__item",
    },
}
# A static host compresses text on the way out; these are the types it compresses.
_GZIP = {".html", ".css", ".js", ".json", ".svg", ".xml", ".map"}
# Runs in every page before its own scripts: the time of the last keystroke, and of the first result
# put on screen after it (Material answers each keystroke: results for a shorter query do not count).
_CLOCK = """
window.__bench = {lastKey: null, firstResult: null};
document.addEventListener('keydown', () => {
  window.__bench.lastKey = performance.now();
  window.__bench.firstResult = null;
}, true);
new MutationObserver((records) => {
  if (window.__bench.firstResult !== null || window.__bench.lastKey === null) return;
  const added = records.some((record) => [...record.addedNodes].some((node) =>
    node.nodeType === 1 && (node.matches(%(result)s) || node.querySelector(%(result)s))));
  if (added) window.__bench.firstResult = performance.now();
}).observe(document, {childList: true, subtree: true});
"""
TARGETS = {"kb": 500, "ms": 500, "heap_mb": 50}


@dataclass
class QueryCost:
    engine: str
    query: str
    words: str
    bytes: int
    ms: float
    heap_mb: float
    requests: int


class _Server(SimpleHTTPRequestHandler):
    """Serves a built site, gzipping text as a host would, and counts the bytes of each response."""

    sent: list[tuple[str, int]]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in _GZIP or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return self._counted(super().send_head())
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.sent.append((self.path, len(body) + 200))
        self.wfile.write(body)
        return None

    def _counted(self, file: Any) -> Any:
        if file is not None:
            size = Path(self.translate_path(self.path)).stat().st_size if hasattr(file, "read") else 0
            self.sent.append((self.path, size + 200))  # about 200 bytes of headers
        return file


def serve(site: Path) -> tuple[ThreadingHTTPServer, list[tuple[str, int]]]:
    sent: list[tuple[str, int]] = []
    handler = type("Handler", (_Server,), {"sent": sent})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, sent


def queries(content: Path) -> dict[str, str]:
    """A name and an alias of the first actor with an alias that is not its name, and an issue's title.

    The alias is the one least like the name: most words the name does not have ('Mr Al Wirawi' for
    'Adnan al-Wirawi', not 'Adnan Al Wirawi').
    """
    for sheet in sorted((content / "actors").glob("*.yaml")):
        actor = yaml.safe_load(sheet.read_text(encoding="utf-8"))
        named = set(actor["name"].lower().split())
        other = sorted(
            (alias for alias in actor.get("aliases", []) if set(alias.lower().split()) - named),
            key=lambda alias: (-len(set(alias.lower().split()) - named), -len(alias)),
        )
        if other:
            break
    issue = yaml.safe_load(sorted((content / "issues").glob("*.yaml"))[0].read_text(encoding="utf-8"))
    return {"name": actor["name"], "alias": other[0], "phrase": issue["title"].lower()}


def _heap(cdp: Any, page: Any, workers: dict[str, str], replies: list[dict[str, Any]]) -> tuple[float, float]:
    """Return (the page's used heap, its workers' used heaps), in bytes."""
    main = cdp.send("Runtime.getHeapUsage")["usedSize"]
    replies.clear()
    for number, session in enumerate(workers, 1):
        message = json.dumps({"id": number, "method": "Runtime.getHeapUsage"})
        cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": message})
    for _ in range(50):
        if sum("result" in reply for reply in replies) >= len(workers):
            break
        page.wait_for_timeout(100)  # lets Playwright deliver the workers' answers
    return main, sum(reply["result"]["usedSize"] for reply in replies if "result" in reply)


def one_query(browser: Any, url: str, sent: list[tuple[str, int]], engine: str, query: str, words: str) -> QueryCost:
    """Open the page in a fresh context, search for `words` as a reader would, and measure what it cost."""
    spec = ENGINES[engine]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(_CLOCK % {"result": json.dumps(spec["result"])})
    cdp = context.new_cdp_session(page)
    workers: dict[str, str] = {}
    replies: list[dict[str, Any]] = []
    cdp.on("Target.attachedToTarget", lambda event: workers.setdefault(event["sessionId"], event["targetInfo"]["url"]))
    cdp.on("Target.receivedMessageFromTarget", lambda event: replies.append(json.loads(event["message"])))
    cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": False})
    sent.clear()
    page.goto(url, wait_until="load")
    before, _ = _heap(cdp, page, {}, replies)
    if engine == "pagefind":
        page.keyboard.press("/")  # opens the dialog, which loads Pagefind's UI
        page.locator(".pagefind-ui__search-input").wait_for(timeout=60000)
    else:
        page.locator(".md-search__input").click()  # a reader types at once; the index loads meanwhile
    page.keyboard.type(words, delay=30)
    page.wait_for_function("window.__bench.firstResult !== null", timeout=120000, polling=50)
    clock = page.evaluate("window.__bench")
    page.wait_for_load_state("networkidle")  # the rest of the first results' fragments
    after, in_workers = _heap(cdp, page, workers, replies)
    search = [(path, size) for path, size in sent if any(part in path for part in spec["parts"])]
    context.close()
    return QueryCost(
        engine=engine,
        query=query,
        words=words,
        bytes=sum(size for _path, size in search),
        ms=clock["firstResult"] - clock["lastKey"],
        heap_mb=(in_workers + max(0, after - before)) / 1024 / 1024,
        requests=len(search),
    )


def measure_search(pagefind_site: Path, material_site: Path, content: Path, repeat: int = 1) -> list[QueryCost]:
    """Measure each query on each engine `repeat` times (interleaved); return the median of each."""
    from playwright.sync_api import sync_playwright

    asked = queries(content)
    sites = {"pagefind": serve(pagefind_site), "material": serve(material_site)}
    runs: dict[tuple[str, str], list[QueryCost]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(repeat):
                for query, words in asked.items():
                    for engine, (server, sent) in sites.items():
                        url = f"http://127.0.0.1:{server.server_address[1]}/"
                        cost = one_query(browser, url, sent, engine, query, words)
                        runs.setdefault((engine, query), []).append(cost)
            browser.close()
    finally:
        for server, _sent in sites.values():
            server.shutdown()
            server.server_close()
    # The run of median latency stands for each query and engine.
    return [min(costs, key=lambda c: abs(c.ms - statistics.median(d.ms for d in costs))) for costs in runs.values()]


def report(scale: float, costs: list[QueryCost]) -> list[str]:
    """Table rows for one size: each query, Pagefind beside Material."""
    by = {(cost.engine, cost.query): cost for cost in costs}
    rows = []
    for query in ("name", "alias", "phrase"):
        pf, md = by[("pagefind", query)], by[("material", query)]
        rows.append(
            f"| ×{scale:g} | {query}: “{pf.words}” | {pf.bytes / 1024:.0f} KB ({pf.requests}) | {pf.ms:.0f} ms | "
            f"{pf.heap_mb:.1f} MB | {md.bytes / 1024:.0f} KB ({md.requests}) | {md.ms:.0f} ms | {md.heap_mb:.1f} MB |"
        )
    return rows


HEADER = [
    "| Size | Query | Pagefind: bytes (requests) | last key → first result | heap "
    "| Material: bytes (requests) | last key → first result | heap |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
]


def verdicts(scale: float, costs: list[QueryCost]) -> list[tuple[str, bool]]:
    """The targets at one size, for Pagefind's worst query."""
    mine = [cost for cost in costs if cost.engine == "pagefind"]
    kb = max(cost.bytes for cost in mine) / 1024
    ms = max(cost.ms for cost in mine)
    heap = max(cost.heap_mb for cost in mine)
    return [
        (f"search bytes at ×{scale:g}: {kb:.0f} KB (< {TARGETS['kb']} KB)", kb < TARGETS["kb"]),
        (f"last keystroke → first result at ×{scale:g}: {ms:.0f} ms (< {TARGETS['ms']} ms)", ms < TARGETS["ms"]),
        (f"search heap at ×{scale:g}: {heap:.1f} MB (< {TARGETS['heap_mb']} MB)", heap < TARGETS["heap_mb"]),
    ]


if __name__ == "__main__":
    found = measure_search(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    print("\n".join(HEADER + report(0, found)))
    print("\n".join(f"- {'met' if ok else 'NOT MET'}: {text}" for text, ok in verdicts(0, found)))
