"""`mkdocs serve` rebuilds when content changes: run it for real on loopback and edit a file."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from conftest import make_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def eventually(test: Callable[[], bool], seconds: float = 30, pause: float = 0.1) -> bool:
    """Ask `test` every `pause` seconds until it says yes (True) or `seconds` have passed (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if test():
            return True
        time.sleep(pause)
    return False


def wait_for(url: str, needle: str, seconds: float = 30) -> bool:
    return eventually(lambda: needle in fetch(url), seconds)  # a rebuild shows within a tenth of a second of it


@contextlib.contextmanager
def serving(project: Path) -> Iterator[str]:
    """Run `mkdocs serve` on the project while the block runs; yield its address (ending in /)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_rebuilds_when_a_fact_sheet_changes(tmp_path):
    project = make_project(tmp_path)
    with serving(project) as base:
        url = base + "actors/borduria/"
        assert wait_for(url, "Borduria")
        sheet = project / "content" / "actors" / "borduria.yaml"
        sheet.write_text(sheet.read_text(encoding="utf-8") + "summary: Freshly edited neighbour.\n", encoding="utf-8")
        assert wait_for(url, "Freshly edited neighbour.")
