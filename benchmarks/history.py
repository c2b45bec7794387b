"""Time reading a dossier's git history (issue 15): the What changed page must add ≤ 10 % to a full build.

Makes a git repository of the generated dossier (benchmarks/generate.py, like bench.py) with N
commits of editor-like changes (a status, a stance, a new event, a re-indent, a comment), then times
`read_history` with no cache, again with the cache, and after one more commit; and, with --build,
a full `mkdocs build --strict` with the history and with the same files and no .git.

    .venv/bin/python benchmarks/history.py --commits 2000 --scale 1 --build
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench import OUT, prepare  # noqa: E402

from dossier.changes import CACHE_FOLDER, read_history  # noqa: E402

STATUSES = ["open", "stalled", "agreed", "implemented", "resolved", "abandoned"]
STANCES = ["supports", "opposes", "conditional", "undecided"]


def git(repo: Path, *args: str, when: int = 0) -> None:
    stamp = f"{1767225600 + when} +0000"  # from 1 January 2026, one step an hour
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def make_repository(scale: float, commits: int, seed: int) -> Path:
    """Copy the generated project into a fresh repository and commit an editor's history into it."""
    base, _counts = prepare(scale, seed)
    repo = OUT / f"history-x{scale:g}-{commits}"
    if (repo / ".git").is_dir():
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(base / "project", repo, ignore=shutil.ignore_patterns("site", ".cache"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Benchmark")
    git(repo, "config", "user.email", "bench@example.org")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start", when=0)
    content = repo / "content"
    issues = sorted((content / "issues").glob("*.yaml"))
    events = sorted((content / "events").glob("*.yaml"))
    sheets = sorted((content / "actors").glob("*.yaml"))
    rng = random.Random(seed)
    for number in range(1, commits + 1):
        edit = number % 5
        if edit == 0:  # a status moves
            path = rng.choice(issues)
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"(?m)^status: \w+", f"status: {rng.choice(STATUSES)}", text, count=1)
        elif edit == 1:  # a party's stance moves
            path = rng.choice(issues)
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"stance: \w+", f"stance: {rng.choice(STANCES)}", text, count=1)
        elif edit == 2:  # a new event, copied from an old one
            source = rng.choice(events)
            path = source.with_name(f"bench-event-{number}.yaml")
            text = source.read_text(encoding="utf-8")
        elif edit == 3:  # whitespace only
            path = rng.choice(sheets)
            text = path.read_text(encoding="utf-8") + "\n"
        else:  # a comment only
            path = rng.choice(sheets)
            text = path.read_text(encoding="utf-8") + f"# checked in commit {number}\n"
        path.write_text(text, encoding="utf-8")
        git(repo, "add", "--", str(path.relative_to(repo)))
        git(repo, "commit", "-q", "--allow-empty", "-m", f"Edit {number}", when=number * 3600)
    return repo


def cpu() -> float:
    """CPU seconds of this process and its finished children (git, mkdocs): steadier than the clock."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action: object) -> tuple[float, float]:
    """Return the wall-clock and CPU seconds an action took."""
    start, start_cpu = time.perf_counter(), cpu()
    action()  # type: ignore[operator]
    return time.perf_counter() - start, cpu() - start_cpu


def build(repo: Path) -> tuple[float, float]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767657600"}
    return timed(lambda: subprocess.run(command, cwd=repo, env=env, check=True, capture_output=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--build", action="store_true", help="also time full builds with and without .git")
    args = parser.parse_args()
    started = time.perf_counter()
    repo = make_repository(args.scale, args.commits, args.seed)
    print(f"repository: {repo} ({time.perf_counter() - started:.1f} s to make or find)")
    content = repo / "content"
    shutil.rmtree(repo / CACHE_FOLDER, ignore_errors=True)
    found = []
    uncached = timed(lambda: found.append(read_history(content)))
    history = found[0]
    assert history.missing is None, history.missing
    cached = timed(lambda: read_history(content))
    print(f"changes found: {len(history.changes)} over {args.commits} commits")
    print(f"read_history, no cache: {uncached[0]:.2f} s wall, {uncached[1]:.2f} s CPU")
    print(f"read_history, cached:   {cached[0]:.2f} s wall, {cached[1]:.2f} s CPU")
    if args.build:
        for _ in range(2):
            with_history = build(repo)
            (repo / ".git").rename(repo / ".git-away")
            try:
                without = build(repo)
            finally:
                (repo / ".git-away").rename(repo / ".git")
            print(f"full build with history (cached): {with_history[0]:.1f} s wall, {with_history[1]:.1f} s CPU")
            print(f"full build without .git:          {without[0]:.1f} s wall, {without[1]:.1f} s CPU")


if __name__ == "__main__":
    main()
