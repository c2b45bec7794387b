"""beside(): work done on a second core gives the same result as work done here, or falls back."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import ROOT, SMALL_DOSSIER


def run_python(code: str) -> str:
    """Run code in a fresh interpreter (one thread, as a command is) and return what it prints."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_work_runs_in_a_copy_of_a_single_threaded_process() -> None:
    assert (
        run_python("""
        import os
        from dossier.background import beside
        here = os.getpid()
        with beside(lambda: (os.getpid() != here, sum(range(10**6)))) as result:
            print(result())
    """)
        == f"(True, {sum(range(10**6))})"
    )


def test_with_other_threads_running_the_work_is_done_here() -> None:
    # mkdocs serve rebuilds beside its server threads, and forking a threaded process can deadlock the copy.
    assert (
        run_python("""
        import os, threading
        from dossier.background import beside
        threading.Thread(target=threading.Event().wait, daemon=True).start()
        with beside(os.getpid) as result:
            print(result() == os.getpid())
    """)
        == "True"
    )


def test_when_the_copy_fails_or_dies_the_work_is_done_here() -> None:
    assert run_python("""
        import multiprocessing, os, time
        from dossier.background import beside
        here = os.getpid()
        with beside(lambda: "here" if os.getpid() == here else 1 / 0) as failed:
            print(failed())
        with beside(lambda: "here" if os.getpid() == here else os._exit(3)) as died:
            print(died())
        # Killed while it sends a result larger than a pipe holds: only part of it arrives.
        with beside(lambda: "here" if os.getpid() == here else "x" * 10**7) as cut:
            time.sleep(0.5)
            multiprocessing.active_children()[0].kill()
            print(cut())
    """).split() == ["here", "here", "here"]


def test_a_copy_that_cannot_start_is_no_error() -> None:
    # A daemonic worker (a multiprocessing pool's) may not have children of its own.
    assert (
        run_python("""
        import multiprocessing, os
        from dossier.background import beside

        def job(_):
            with beside(os.getpid) as result:
                return result() == os.getpid()

        if __name__ == "__main__":
            with multiprocessing.get_context("fork").Pool(1) as pool:
                print(pool.map(job, [0]))
    """)
        == "[True]"
    )


def test_a_copy_whose_result_is_not_asked_for_is_stopped() -> None:
    assert (
        run_python("""
        import multiprocessing, time
        from dossier.background import beside
        try:
            with beside(lambda: time.sleep(60)):
                raise RuntimeError("the work here failed")
        except RuntimeError:
            pass
        print(multiprocessing.active_children())
    """)
        == "[]"
    )


def test_a_check_gives_the_same_warnings_and_links_either_way() -> None:
    assert (
        run_python(f"""
        import contextlib, os, threading
        from pathlib import Path
        from dossier import background, link
        from dossier.pipeline import check_dossier

        workers = []

        @contextlib.contextmanager
        def spy(work):
            # Note which process did the work, to be sure both paths are compared.
            with background.beside(lambda: (os.getpid(), work())) as result:
                def unwrapped():
                    pid, value = result()
                    workers.append("copy" if pid != os.getpid() else "here")
                    return value
                yield unwrapped

        link.beside = spy

        def outcome():
            checked = check_dossier(Path(r"{SMALL_DOSSIER}"))
            return [str(w) for w in checked.warnings], dict(checked.links.referred_by)

        forked = outcome()
        threading.Thread(target=threading.Event().wait, daemon=True).start()
        here = outcome()
        print(workers, forked == here, len(forked[0]) > 2, len(forked[1]) > 5)
    """)
        == "['copy', 'here'] True True True"
    )
