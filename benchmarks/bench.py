"""Time the build of synthetic dossiers at several sizes (issue #6); `make bench` runs this.

For each size it generates a dossier (benchmarks/generate.py) into benchmarks/out/, then times,
each in its own process: (a) `site_builder.py check`, (b) `site_builder.py export` (the Markdown
pages), (c) the full `mkdocs build --strict` with the hook, and (d) a bare `mkdocs build --strict`
of the exported Markdown with the same mkdocs.yml minus the hook, plus Material's search plugin,
which the site replaced with Pagefind (issue #17): (c) must beat what a plain Material site costs.
It reports the median of --repeat runs, the CPU time and peak memory of each process, the largest
HTML page, both search indexes, and (search_bench.py) what one search costs in a real browser.
Last, (e) the editor's preview (benchmarks/preview.py): under `make serve`'s `mkdocs serve --dirty`,
the time from saving one fact sheet to the served page showing the change, --repeat saves.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from preview import Preview, measure_preview  # noqa: E402
from search_bench import HEADER as SEARCH_HEADER  # noqa: E402
from search_bench import QueryCost, measure_search  # noqa: E402
from search_bench import report as search_report  # noqa: E402
from search_bench import verdicts as search_verdicts  # noqa: E402

STEPS = {
    "check": "(a) check",
    "export": "(b) export Markdown",
    "full": "(c) full mkdocs build",
    "bare": "(d) bare mkdocs build",
}
PAGE_LIMIT = 300 * 1024
RATIO = 0.85  # issue #17: the full build, its search index included, against a bare build with Material's search
TARGETS = (
    f"full ≤ {RATIO} × bare with Material's search; check < 2 s; time per page +<15 % smallest→largest; "
    "peak < 600 MB; pages ≤ 300 KB; one search < 500 KB, < 500 ms, heap < 50 MB; "
    "preview < 10 s"
)
# The bare build keeps Material's search, as the site had it before Pagefind, for the comparison.
MATERIAL_SEARCH = "plugins:\n  - search:\n      separator: '[\\s\\-,:!=\\[\\]()\"/]+|(?!\\b)(?=[A-Z][a-z])'\n"


@dataclass
class Run:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process and its children
    peak_mb: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass
class SizeResult:
    scale: float
    counts: dict[str, int]
    pages: int
    runs: dict[str, Run]
    largest_pages: list[tuple[str, int]]
    pages_over_limit: int
    search_index: int  # the site's Pagefind bundle, every file
    material_index: int  # Material's search_index.json in the bare build
    nav_probe: int
    preview: Preview
    search: list[QueryCost] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.runs["full"].median / self.runs["bare"].median

    @property
    def cpu_ratio(self) -> float:
        """(c)/(d) in CPU time: on a loaded machine, steadier than wall time."""
        return statistics.median(self.runs["full"].cpu) / statistics.median(self.runs["bare"].cpu)

    def per_page_ms(self, step: str) -> float:
        return 1000 * self.runs[step].median / self.pages


def timed(command: list[str], cwd: Path, log: Path) -> tuple[float, float, float]:
    """Run a command; return (wall seconds, CPU seconds, peak RSS in MB) of that process and its children."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=env)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would mix in earlier children.
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{log.read_text()[-3000:]}")
    # wait4's rusage covers the process and the children it waited for (Pagefind's binary): the
    # peak is the larger of theirs, not their sum.
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def prepare(scale: float, seed: int) -> tuple[Path, dict[str, int]]:
    """Generate the dossier (unless the same generator already did) and its two MkDocs projects."""
    base = OUT / f"x{scale:g}"
    project, bare = base / "project", base / "bare"
    stamp = base / "generated.stamp"
    key = hashlib.sha256((HERE / "generate.py").read_bytes() + f"{scale}/{seed}".encode()).hexdigest()
    if not stamp.exists() or stamp.read_text().split("\n")[0] != key:
        counts = generate(project / "content", scale, seed)
        stamp.write_text(key + "\n" + json.dumps(counts))
    counts = json.loads(stamp.read_text().split("\n", 1)[1])
    # The real nav names the real hand-written pages (the editor guide…): lend those the dossier lacks.
    pages = project / "content" / "pages"
    for page in (ROOT / "content" / "pages").glob("*.md"):
        if not (pages / page.name).exists():
            shutil.copy(page, pages / page.name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: templates/theme", f"custom_dir: {ROOT / 'templates' / 'theme'}")
    # As tests/conftest.py does: the real hook, beside the generated content.
    (project / "mkdocs.yml").write_text(config.replace("  - site_builder.py", f"  - {ROOT / 'site_builder.py'}"))
    # The same settings without the hook, over the exported Markdown.
    bare_config = re.sub(r"^hooks:\n(  - .*\n)+", "", config, flags=re.MULTILINE)
    bare_config = bare_config.replace("docs_dir: content/pages", f"docs_dir: {base / 'export'}")
    bare_config = bare_config.replace("plugins:\n", MATERIAL_SEARCH, 1)
    assert "site_builder" not in bare_config and str(base / "export") in bare_config
    bare.mkdir(parents=True, exist_ok=True)
    (bare / "mkdocs.yml").write_text(bare_config)
    return base, counts


def measure(scale: float, repeat: int, seed: int, browser: bool = True) -> SizeResult:
    base, counts = prepare(scale, seed)
    project, export = base / "project", base / "export"
    python = sys.executable
    commands = {
        "check": ([python, str(ROOT / "site_builder.py"), "check", "--content", str(project / "content")], ROOT),
        "export": (
            [
                python,
                str(ROOT / "site_builder.py"),
                "export",
                "--out",
                str(export),
                "--content",
                str(project / "content"),
            ],
            ROOT,
        ),
        "full": ([python, "-m", "mkdocs", "build", "--strict"], project),
        "bare": ([python, "-m", "mkdocs", "build", "--strict"], base / "bare"),
    }
    runs = {step: Run() for step in commands}
    for _ in range(repeat):
        shutil.rmtree(export, ignore_errors=True)
        for step, (command, cwd) in commands.items():
            seconds, cpu, peak = timed(command, cwd, base / f"{step}.log")
            runs[step].seconds.append(seconds)
            runs[step].cpu.append(cpu)
            runs[step].peak_mb = max(runs[step].peak_mb, peak)
    site = project / "site"
    pages = sum(1 for _ in export.rglob("*.md"))
    html = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")), reverse=True)
    return SizeResult(
        scale=scale,
        counts=counts,
        pages=pages,
        runs=runs,
        largest_pages=[(path, size) for size, path in html[:3]],
        pages_over_limit=sum(size > PAGE_LIMIT for size, _path in html),
        search_index=sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()),
        material_index=(base / "bare" / "site" / "search" / "search_index.json").stat().st_size,
        # A hand-written page of constant text: if the navigation grew with the records, so would it.
        nav_probe=(site / "methodology" / "index.html").stat().st_size,
        preview=measure_preview(project, saves=repeat),
        search=measure_search(site, base / "bare" / "site", project / "content") if browser else [],
    )


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
    memory = f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "?"
    versions = subprocess.run(
        [sys.executable, "-c", "import mkdocs, material; print(mkdocs.__version__, material.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.split()
    return (
        f"- date: {datetime.date.today().isoformat()} · load average at the end: "
        f"{' '.join(f'{load:.2f}' for load in os.getloadavg())}\n"
        f"- nproc: {os.cpu_count()} · CPU: {model} · memory: {memory}\n"
        f"- Python {platform.python_version()} · MkDocs {versions[0] if versions else '?'} · "
        f"Material {versions[1] if len(versions) > 1 else '?'} · {platform.system()} {platform.release()}"
    )


def report(results: list[SizeResult], repeat: int) -> str:
    kb = 1024
    lines = [
        machine(),
        "",
        f"Each step: median of {repeat} run(s) (best in brackets) · CPU time (user + system) · peak RSS of "
        "that step's own process and its children.",
        "",
    ]
    lines += [
        "| Size | Articles | Actors | Issues | Events | Disputes | Pages |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        c = r.counts
        lines.append(
            f"| ×{r.scale:g} | {c['articles']} | {c['actors']} | {c['issues']} | {c['events']} | "
            f"{c['disputes']} | {r.pages} |"
        )
    lines += [
        "",
        "| Size | " + " | ".join(STEPS.values()) + " | (c)/(d) | (c)/(d) CPU | (c) per page | (d) per page |",
        "|---|" + "---:|" * (len(STEPS) + 4),
    ]
    for r in results:
        cells = [
            f"{r.runs[s].median:.2f} s ({min(r.runs[s].seconds):.2f}) · CPU {statistics.median(r.runs[s].cpu):.2f} s"
            f" · {r.runs[s].peak_mb:.0f} MB"
            for s in STEPS
        ]
        lines.append(
            f"| ×{r.scale:g} | "
            + " | ".join(cells)
            + f" | {r.ratio:.3f} | {r.cpu_ratio:.3f}"
            + f" | {r.per_page_ms('full'):.1f} ms | {r.per_page_ms('bare'):.1f} ms |"
        )
    lines += [
        "",
        "| Size | Largest HTML pages | Pages > 300 KB | Pagefind bundle | Material's index | "
        "Hand-written page (nav probe) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        largest = ", ".join(f"{path} {size / kb:.0f} KB" for path, size in r.largest_pages)
        lines.append(
            f"| ×{r.scale:g} | {largest} | {r.pages_over_limit} | {r.search_index / kb / kb:.1f} MB | "
            f"{r.material_index / kb / kb:.1f} MB | {r.nav_probe / kb:.1f} KB |"
        )
    lines += [
        "",
        "(e) Preview (`make serve`): from saving one actor's summary to its served page showing it, per save",
        "",
        "| Size | Save → page: median (best) | CPU per save: server, its rebuilds | First build | Load average |",
        "|---|---:|---:|---:|---|",
    ]
    for r in results:
        p = r.preview
        lines.append(
            f"| ×{r.scale:g} | {statistics.median(p.to_page):.2f} s ({min(p.to_page):.2f}) | "
            f"{statistics.median(p.cpu):.2f} s, {statistics.median(p.build_cpu):.2f} s | {p.first_build:.1f} s | "
            f"{' '.join(f'{x:.2f}' for x in p.load)} |"
        )
    searched = [r for r in results if r.search]
    if searched:
        lines += ["", "One search on a fresh visit (search_bench.py): Pagefind beside Material's, same pages.", ""]
        lines += SEARCH_HEADER + [row for r in searched for row in search_report(r.scale, r.search)]
    small, large = results[0], results[-1]
    growth = large.per_page_ms("full") / small.per_page_ms("full") - 1
    peak = max(run.peak_mb for run in large.runs.values())
    verdicts = [
        (
            f"full/bare at ×{large.scale:g}: {large.ratio:.3f} wall, {large.cpu_ratio:.3f} CPU (≤ {RATIO})",
            large.ratio <= RATIO,
        ),
        (f"check at ×{large.scale:g}: {large.runs['check'].median:.2f} s (< 2 s)", large.runs["check"].median < 2),
        (f"time per page ×{small.scale:g}→×{large.scale:g}: {growth:+.1%} (< +15 %)", growth < 0.15),
        (f"peak memory at ×{large.scale:g}: {peak:.0f} MB (< 600 MB)", peak < 600),
        (
            f"largest page at ×{large.scale:g}: {large.largest_pages[0][1] / kb:.0f} KB (≤ 300 KB)",
            large.pages_over_limit == 0,
        ),
        (
            f"preview at ×{large.scale:g}: {statistics.median(large.preview.to_page):.2f} s (< 10 s)",
            statistics.median(large.preview.to_page) < 10,
        ),
    ]
    verdicts += search_verdicts(large.scale, large.search) if large.search else []
    lines += ["", f"Targets ({TARGETS}):", ""]
    lines += [f"- {'met' if ok else 'NOT MET'}: {text}" for text, ok in verdicts]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the dossier build at several sizes.")
    parser.add_argument("--sizes", default="0.05,0.25,1", help="comma-separated scales of the full size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is reported")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--no-browser", action="store_true", help="skip the per-query search costs in Chromium")
    args = parser.parse_args()
    results = []
    for scale in (float(s) for s in args.sizes.split(",")):
        print(f"×{scale:g}: generating and building {args.repeat} time(s)…", file=sys.stderr, flush=True)
        results.append(measure(scale, args.repeat, args.seed, not args.no_browser))
    text = report(results, args.repeat)
    OUT.mkdir(exist_ok=True)
    (OUT / "latest.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
