"""Time an editor's preview (issue 17): save one fact sheet under a running `mkdocs serve`, wait for the page.

A real `mkdocs serve` (the command `make serve` runs) on a generated project; after its first build,
one actor's summary gets a new word, and the served HTML of that actor's page is polled over HTTP
until the word shows. Reported: wall seconds from the save to the page (and to the end of that
rebuild), and the server's CPU seconds (user + sys, its children included) over the same span.
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
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# What `make serve` runs (see the Makefile): the preview an editor gets.
SERVE = ["-m", "mkdocs", "serve", "--dirty"]
BUILT = "Documentation built in"


@dataclass
class Preview:
    first_build: float  # wall seconds from the start of the server to the first page served
    to_page: float  # wall seconds from the save to the served page showing the change
    to_done: float  # wall seconds from the save to the end of that rebuild
    cpu: float  # the server's CPU seconds (user + sys, children included) from the save to the end
    load: tuple[float, float, float]  # load average when the rebuild ended


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


def cpu_seconds(pid: int) -> float:
    """Return a live process's user + sys CPU seconds, its waited-for children included (/proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def wait_until(test: object, seconds: float, poll: float = 0.1) -> float:
    """Poll test() until it is true; return the monotonic time it became so, or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if test():  # type: ignore[operator]
            return time.monotonic()
        time.sleep(poll)
    raise TimeoutError(f"not seen within {seconds:.0f} s")


def measure_preview(project: Path, serve: list[str] = SERVE, timeout: float = 900) -> Preview:
    """Start `mkdocs serve` in project, edit the first actor's summary, time until its page shows it."""
    sheet = sorted((project / "content" / "actors").glob("*.yaml"))[0]
    url_base = f"http://127.0.0.1:{free_port()}"
    url = f"{url_base}/actors/{sheet.stem}/"
    log = project.parent / "preview.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    original = sheet.read_text(encoding="utf-8")
    with log.open("w") as output:
        start = time.monotonic()
        server = subprocess.Popen(
            [sys.executable, *serve, "-a", url_base.removeprefix("http://")],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            first = wait_until(lambda: "</html>" in fetch(url), timeout, poll=0.5) - start
            builds = log.read_text().count(BUILT)
            marker = f"Previewmarker{int(time.time())}"
            edited, count = re.subn(r"^summary: '", f"summary: '{marker} ", original, count=1, flags=re.MULTILINE)
            assert count == 1, f"{sheet} has no quoted summary to edit"
            cpu_before = cpu_seconds(server.pid)
            saved = time.monotonic()
            sheet.write_text(edited, encoding="utf-8")
            shown = wait_until(lambda: marker in fetch(url), timeout)
            done = wait_until(lambda: log.read_text().count(BUILT) > builds, timeout)
            cpu = cpu_seconds(server.pid) - cpu_before
            load = os.getloadavg()
        finally:
            sheet.write_text(original, encoding="utf-8")
            server.terminate()
            server.wait(timeout=60)
    return Preview(first, shown - saved, done - saved, cpu, load)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the preview of one saved fact sheet under mkdocs serve.")
    parser.add_argument("project", type=Path, help="a project folder: mkdocs.yml beside content/")
    parser.add_argument("--plain", action="store_true", help="time plain `mkdocs serve` (a full rebuild per save)")
    args = parser.parse_args()
    serve = ["-m", "mkdocs", "serve"] if args.plain else SERVE
    result = measure_preview(args.project.resolve(), serve)
    print(
        f"first build {result.first_build:.1f} s · save → page {result.to_page:.2f} s · "
        f"save → rebuild done {result.to_done:.2f} s · CPU {result.cpu:.2f} s · "
        f"load {' '.join(f'{x:.2f}' for x in result.load)}"
    )


if __name__ == "__main__":
    main()
