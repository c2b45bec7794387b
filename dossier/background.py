"""Run a pure computation on a second core while this process goes on, where that is safe."""

from __future__ import annotations

import pickle
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


@contextmanager
def beside(work: Callable[[], T]) -> Iterator[Callable[[], T]]:
    """Start `work()` in a forked copy of this process; yield a function that returns its result.

    A fork shares the whole dossier with the copy without pickling it. It is only safe on Linux
    from a process with a single thread: not in `mkdocs serve`'s rebuilds, which run beside its
    server threads, nor on macOS or Windows. There, or if the copy cannot start or fails for any
    reason, `work()` runs here when its result is asked for. The result is the same either way.
    Leaving the block stops a copy whose result was never asked for.
    """
    started = _start(work) if sys.platform == "linux" and threading.active_count() == 1 else None
    if started is None:
        yield work
        return
    process, receiver = started

    def result() -> T:
        try:
            done, value = receiver.recv()
        except (EOFError, OSError, pickle.UnpicklingError):  # the copy died before it had said it all
            done, value = False, None
        return value if done else work()

    try:
        yield result
    finally:
        receiver.close()
        if process.is_alive():  # its result was not asked for: an error stopped the work here
            process.kill()
        process.join()


def _start(work: Callable[[], Any]) -> tuple[Any, Any] | None:
    import multiprocessing  # only a command that forks pays for this import

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def run() -> None:
        try:
            sender.send((True, work()))
        except BaseException:  # whatever went wrong there, the parent does the work itself
            sender.send((False, None))

    try:
        process = context.Process(target=run, daemon=True)
        process.start()
    except Exception:  # no fork here (out of processes, or inside a daemonic worker): work in place
        receiver.close()
        sender.close()
        return None
    sender.close()
    return process, receiver
