"""Run a pure computation on a second core while this process goes on, where that is safe."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def beside(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work()` in a forked copy of this process; return a function that returns its result.

    A fork shares the whole dossier with the copy without pickling it. It is only safe on Linux
    from a process with a single thread (`mkdocs serve` runs several; macOS and Windows do not fork
    safely). Elsewhere, or if the copy fails for any reason, `work()` runs here when its result is
    asked for. The result is the same either way.
    """
    if sys.platform != "linux" or threading.active_count() > 1:
        return work
    import multiprocessing  # only a command that forks pays for this import

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def run() -> None:
        try:
            sender.send((True, work()))
        except BaseException:  # whatever went wrong there, the parent does the work itself
            sender.send((False, None))

    process = context.Process(target=run, daemon=True)
    process.start()
    sender.close()

    def result() -> T:
        try:
            done, value = receiver.recv()
        except EOFError:  # the copy died without a word
            done, value = False, None
        finally:
            receiver.close()
            process.join()
        return value if done else work()

    return result
