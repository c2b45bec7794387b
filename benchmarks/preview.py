"""Time an editor's preview (issue 17): save one fact sheet under a running `mkdocs serve`, wait for the page.

A real `mkdocs serve` (the command `make serve` runs) on a generated project; after its first build,
one actor's summary gets a new word, and the served HTML of that actor's page is polled over HTTP
until the word shows. Reported per save: wall seconds from the save to the page, and the server's
CPU seconds (user + sys, its children included) over the same span; and the load average.
`.venv/bin/python benchmarks/preview.py DIR` times the project in DIR on its own.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# What `make serve` runs (see the Makefile): the preview an editor gets.
SERVE = ["-m", "mkdocs", "serve", "--dirty"]


@dataclass
class Preview:
    first_build: float  # wall seconds from the start of the server to the first page served
    to_page: list[float]  # per save: wall seconds from the save to the served page showing the change
    cpu: list[float]  # per save: the server's CPU seconds (user + sys, children included) over that span
    build_cpu: list[float]  # per save: the same, of its main thread alone, where MkDocs rebuilds
    load: tuple[float, float, float]  # load average after the last save was shown


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def cpu_seconds(pid: int, main_thread: bool = False) -> float:
    """Return a live process's user + sys CPU seconds, its waited-for children included (/proc).

    With main_thread, only the CPU of its main thread: in `mkdocs serve` that is the rebuilds, without
    the file watcher's polling (a thread of its own, which costs more the longer a rebuild waits).
    """
    stat = Path(f"/proc/{pid}/task/{pid}/stat" if main_thread else f"/proc/{pid}/stat")
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11 : 13 if main_thread else 15]) / os.sysconf("SC_CLK_TCK")


def wait_until(test: Callable[[], bool], seconds: float, poll: float = 0.1) -> float:
    """Poll test() until it is true; return the monotonic time it became so, or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if test():
            return time.monotonic()
        time.sleep(poll)
    raise TimeoutError(f"not seen within {seconds:.0f} s")


def measure_preview(project: Path, serve: list[str] = SERVE, saves: int = 3, timeout: float = 900) -> Preview:
    """Start `mkdocs serve` in project, then edit the first actor's summary `saves` times, timing each until shown.

    The server answers a request only once the rebuild in progress is over, so the page showing the
    change also means the whole rebuild (search index included) is done.
    """
    sheet = sorted((project / "content" / "actors").glob("*.yaml"))[0]
    base = f"http://127.0.0.1:{free_port()}"
    url = f"{base}/actors/{sheet.stem}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    original = sheet.read_text(encoding="utf-8")
    assert re.search(r"^summary: '", original, flags=re.MULTILINE), f"{sheet} has no quoted summary to edit"
    to_page, cpu, build_cpu = [], [], []
    with (project.parent / "preview.log").open("w") as output:
        start = time.monotonic()
        server = subprocess.Popen(
            [sys.executable, *serve, "-a", base.removeprefix("http://")],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        first = wait_until(lambda: "</html>" in fetch(url), timeout, poll=0.5) - start
        for number in range(saves):
            marker = f"Previewmarker{number}x{int(time.time())}"
            edited = re.sub(r"^summary: '", f"summary: '{marker} ", original, count=1, flags=re.MULTILINE)
            time.sleep(1)  # let the watcher settle, as between an editor's saves
            cpu_before, build_before = cpu_seconds(server.pid), cpu_seconds(server.pid, main_thread=True)
            saved = time.monotonic()
            sheet.write_text(edited, encoding="utf-8")
            to_page.append(wait_until(lambda marker=marker: marker in fetch(url), timeout) - saved)
            cpu.append(cpu_seconds(server.pid) - cpu_before)
            build_cpu.append(cpu_seconds(server.pid, main_thread=True) - build_before)
        load = os.getloadavg()
    finally:
        sheet.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=60)
    return Preview(first, to_page, cpu, build_cpu, load)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the preview of one saved fact sheet under mkdocs serve.")
    parser.add_argument("project", type=Path, help="a project folder: mkdocs.yml beside content/")
    parser.add_argument("--plain", action="store_true", help="time plain `mkdocs serve` (a full rebuild per save)")
    parser.add_argument("--saves", type=int, default=3, help="saves to time in one session")
    args = parser.parse_args()
    serve = ["-m", "mkdocs", "serve"] if args.plain else SERVE
    result = measure_preview(args.project.resolve(), serve, args.saves)
    print(
        f"first build {result.first_build:.1f} s · save → page "
        + ", ".join(
            f"{wall:.2f} s (CPU {cpu:.2f} s, rebuild {build:.2f} s)"
            for wall, cpu, build in zip(result.to_page, result.cpu, result.build_cpu, strict=True)
        )
        + f" · load {' '.join(f'{x:.2f}' for x in result.load)}"
    )


if __name__ == "__main__":
    main()
