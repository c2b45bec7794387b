"""beside(): work done on a second core gives the same result as work done here, or falls back."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import ROOT, SMALL_DOSSIER


def run_python(code: str) -> str:
    """Run code in a fresh interpreter (one thread, as a command is) and return what it prints."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_work_runs_in_a_copy_of_a_single_threaded_process() -> None:
    assert (
        run_python("""
        import os
        from dossier.background import beside
        here = os.getpid()
        result = beside(lambda: (os.getpid() != here, sum(range(10**6))))
        print(result())
    """)
        == f"(True, {sum(range(10**6))})"
    )


def test_with_other_threads_running_the_work_is_done_here() -> None:
    # mkdocs serve runs threads, and forking a threaded process can deadlock the copy.
    assert (
        run_python("""
        import os, threading
        from dossier.background import beside
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
        print(beside(os.getpid)() == os.getpid())
        stop.set()
    """)
        == "True"
    )


def test_when_the_copy_fails_the_work_is_done_here() -> None:
    assert (
        run_python("""
        import os
        from dossier.background import beside
        here = os.getpid()
        print(beside(lambda: "here" if os.getpid() == here else 1 / 0)())
    """)
        == "here"
    )


def test_when_the_copy_dies_the_work_is_done_here() -> None:
    assert (
        run_python("""
        import os
        from dossier.background import beside
        here = os.getpid()
        print(beside(lambda: "here" if os.getpid() == here else os._exit(3))())
    """)
        == "here"
    )


def test_a_check_gives_the_same_warnings_and_links_either_way() -> None:
    assert (
        run_python(f"""
        import threading
        from pathlib import Path
        from dossier.pipeline import check_dossier

        def outcome():
            checked = check_dossier(Path(r"{SMALL_DOSSIER}"))
            return [str(w) for w in checked.warnings], dict(checked.links.referred_by)

        forked = outcome()
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
        here = outcome()
        stop.set()
        print(forked == here, len(forked[0]) > 2, len(forked[1]) > 5)
    """)
        == "True True True"
    )
