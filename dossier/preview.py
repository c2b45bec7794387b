"""The editor's fast preview, `make serve` (`mkdocs serve --dirty`): convert again only the pages that changed.

MkDocs' dirty build converts a page again only when its source file is newer than its HTML.
Generated pages have no file of their own, so under the preview the hook writes each one to a cache
folder outside content/ and rewrites a file only when its text changed: an unchanged page keeps its
time, and MkDocs keeps its HTML. What is not content (mkdocs.yml, the theme) shapes every page's HTML
but no page's Markdown: when it changes, the preview builds the whole site again.
`mkdocs build` never reads the cache: it converts every page from memory, as before.
The search index is written after each save by one thread of its own (`Background`), so the page
shows before the index is rewritten.
"""

from __future__ import annotations

import errno
import gc
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

_T = TypeVar("_T")
# Beside mkdocs.yml, with the history's cache (.cache/ is git-ignored). Outside content/: writing it
# starts no rebuild (serve watches content/), and MkDocs publishes nothing from it.
CACHE = Path(".cache") / "pages"


INDEX_FAILED = "the search index could not be written; search finds what it found before this save"


class Preview:
    """What the preview keeps from one build to the next: the settings of the last whole site, the pages
    written, the search index's worker and when the cycle collector last ran.

    The hook tells it where a build is (`start`, `before_build`, `index_later`, `built_whole_site`,
    `build_failed`, `close`); everything the preview does differently from `mkdocs build` is decided here.
    """

    def __init__(self) -> None:
        self._built: tuple[tuple[str, int], ...] | None = None
        self._building: tuple[tuple[str, int], ...] | None = None
        self._indexing = Background(INDEX_FAILED)
        self._uncollected = 0  # builds since the cycle collector last ran
        self._collector_was_on = True
        # Each page's text and the time of its file when last written or found unchanged (the texts are
        # the last build's pages, alive until this build's replace them: comparing them costs no hashing).
        self._written: dict[str, tuple[str, int]] = {}

    def needs_whole_site(self, settings: Iterable[Path]) -> bool:
        """Say whether the site must be built whole: at first, or after the settings or the theme changed."""
        self._building = tuple((str(path), _mtime(path)) for path in _files(settings))
        return self._building != self._built

    def start(self) -> None:
        """Begin a preview: the cycle collector runs between builds, not during them.

        It would re-scan a heap of a million objects (two dossiers, MkDocs' pages) again and again
        during each build: a fifth of a save's time at ×1.
        """
        self._collector_was_on = gc.isenabled()
        gc.disable()

    def before_build(self) -> None:
        """A build starts: the last save's index starts nothing more and stops between two entries."""
        self._indexing.pause()
        if self._uncollected >= 2:
            # Saves came too fast for the collection after the index, twice: the heap must not grow on.
            self._collect()

    def before_whole_site(self) -> None:
        """The whole site goes into a new folder: wait for the last save's index to stop.

        It waits, paused: a build that succeeds replaces it (its own index is written before the
        swap), one that fails runs it (`build_failed`).
        """
        self._indexing.wait()

    def index_later(self, write: Callable[[Callable[[Iterable[_T]], Iterator[_T]]], object]) -> None:
        """Write the search index after this save, in the background; then collect cycles.

        `write` gets the function to pass its entries through: it stops the task between two
        entries when the next build starts.
        """

        def task() -> None:
            write(self._indexing.checked)
            self._collect()

        self._uncollected += 1
        self._indexing.submit(task)

    def built_whole_site(self) -> None:
        """Note that the whole site was built and published with the settings last seen (its index is in it)."""
        self._built = self._building
        self._uncollected += 1
        self._indexing.submit(self._collect)

    def build_failed(self) -> None:
        """Run the last good save's index again, if this build stopped it: its pages stay on screen."""
        self._indexing.resume()

    def close(self) -> None:
        """End the preview: stop the index's worker, give the cycle collector back as it was."""
        self._indexing.stop()
        if self._collector_was_on:
            gc.enable()

    def _collect(self) -> None:
        """Free what the builds left in cycles, while the editor reads."""
        gc.collect()
        self._uncollected = 0

    def write(self, folder: Path, pages: dict[str, str]) -> dict[str, Path]:
        """Write each page into folder unless its file holds that text already; return each page's file.

        A file that no page has any more is removed, so the folder holds only what the dossier gives.
        """
        files, written = {}, {}
        safe: set[Path] = set()
        _refuse_links(folder, folder, safe)  # before anything is written or removed, pages or none
        for path, text in pages.items():
            file = files[path] = folder / path
            _refuse_links(folder, file, safe)
            mtime = _mtime(file)
            # Read the file only if this preview did not leave it so (its first build, a page that changed).
            if self._written.get(path) != (text, mtime) and _read(file) != (data := text.encode("utf-8")):
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(data)
                mtime = _mtime(file)
            written[path] = text, mtime
        if written.keys() != self._written.keys():
            for file in folder.rglob("*.md"):
                if file.relative_to(folder).as_posix() not in pages:
                    file.unlink()
        self._written = written
        return files


class Background:
    """One thread that runs the preview's latest task after a save (the search index), never two at once.

    A task asked for while another runs waits for it; a newer one replaces it unstarted: the latest
    save wins. While a build runs (`pause`) no task starts, and the one running stops at its next
    `checked` item: its result would be stale, and a thread busy in Python would slow the build
    that the editor waits for (Python runs one thread at a time).
    """

    def __init__(self, failed: str) -> None:
        self._failed = failed  # what a task's failure means to the editor, before the error's own words
        self._pending: Callable[[], object] | None = None
        self._running = False
        self._paused = False
        self._stopped = False
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def submit(self, task: Callable[[], object]) -> None:
        """Run task in the background once the one running (if any) is done, instead of any not yet started."""
        with self._changed:
            self._pending, self._paused, self._stopped = task, False, False
            if self._thread is None:
                # A daemon: a process that ends without on_shutdown (a crash) does not wait for it.
                self._thread = threading.Thread(target=self._work, name="dossier-preview-search", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def pause(self) -> None:
        """Start nothing, and have the task running stop at its next checked item, until `resume` or `submit`."""
        with self._changed:
            self._paused = True

    def resume(self) -> None:
        with self._changed:
            self._paused = False
            self._changed.notify_all()

    def checked(self, items: Iterable[_T]) -> Iterator[_T]:
        """Yield the items, unless the task should stop: paused, stopped, or a newer one waiting."""
        for item in items:
            if self._paused or self._stopped or self._pending is not None:
                raise _Superseded
            yield item

    def wait(self) -> None:
        """Return once no task is running, or waiting to run while the thread is not paused."""
        with self._changed:
            self._changed.wait_for(lambda: not self._running and (self._pending is None or self._paused))

    def stop(self) -> None:
        """Drop the task not yet started, stop the one running at its next checked item, and end the thread."""
        with self._changed:
            self._pending, self._stopped = None, True
            thread = self._thread
            self._changed.notify_all()
        if thread is not None:
            thread.join()  # forgotten only once it has ended: a Ctrl-C during the join leaves it to on_shutdown's
            with self._changed:
                if self._thread is thread:
                    self._thread = None

    def _work(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: (self._pending is not None and not self._paused) or self._stopped)
                if self._stopped:
                    return
                task, self._pending, self._running = self._pending, None, True
            try:
                assert task is not None
                task()
            except _Superseded:
                with self._changed:
                    # Run again after the build (a build that fails leaves this save's pages on screen),
                    # unless a newer task replaced it.
                    self._pending = self._pending or task
            except Exception as error:  # one line for the editor, never a traceback; the next save tries again
                if not self._stopped:  # a Ctrl-C reaches Pagefind's binary too: no failure to report then
                    _say(f"{self._failed}: {error}")
            finally:
                with self._changed:
                    self._running = False
                    self._changed.notify_all()


class _Superseded(Exception):
    """A background task stops: what it would write is stale already."""


def _say(message: str) -> None:
    """Log a warning as logging would, but past the counters of strict mode (MkDocs' and the hook's).

    The background task's failure is no build's own: counted, it would fail whichever build runs
    at that moment, in strict mode, and keep its pages from showing.
    """
    from mkdocs.utils import CountHandler

    logger: logging.Logger | None = logging.getLogger("mkdocs.dossier")
    assert logger is not None
    record = logger.makeRecord(logger.name, logging.WARNING, __file__, 0, message, (), None)
    while logger is not None:
        for handler in logger.handlers:
            if not isinstance(handler, CountHandler) and record.levelno >= handler.level:
                handler.handle(record)
        logger = logger.parent if logger.propagate else None


def cache_folder(config_file: Path) -> Path:
    """Return the preview's folder of pages for the project of this mkdocs.yml."""
    return config_file.resolve().parent / CACHE


def quiet_dirty_warning() -> None:
    """Say MkDocs' warning about dirty builds as information: in strict mode it would fail every preview.

    It warns of a stale navigation; here the nav gives every page's title (mkdocs.yml) and the preview
    builds the whole site again when the nav or the theme changes.
    """
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(existing, _DirtyWarning) for existing in logger.filters):
        logger.addFilter(_DirtyWarning())


class _DirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build is being performed"):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = "the preview builds again only the pages whose Markdown changed", ()
        return True


def _refuse_links(folder: Path, file: Path, safe: set[Path]) -> None:
    """Raise if the cache's folder, a folder in it or the page's file is a symbolic link.

    .cache/ comes with the checkout, and git keeps symbolic links: one there (a pull request's
    `.cache -> ~/notes`) would lead the preview's writes, and its removal of the pages no longer
    generated, into a folder outside the project. `safe` holds the folders found plain in this write.
    """
    inner = reversed(file.relative_to(folder).parents[:-1])  # 'actors' for 'actors/x.md'
    for path in (folder.parent, folder, *(folder / part for part in inner), file):
        if path in safe:
            continue
        if path.is_symlink():
            message = "a symbolic link, which would lead the preview's writes outside the project: delete it"
            raise OSError(errno.ELOOP, message, str(path))
        if path != file:
            safe.add(path)


def first_link(top: Path, path: Path) -> Path | None:
    """The first symbolic link from `top` (the project's folder, itself not looked at) down to `path`, if any.

    Every cache under .cache/ asks this before it reads or writes: a link there, committed by a pull
    request, could point at a folder outside the project, or at a file such as /dev/zero.
    """
    for part in (*reversed(path.relative_to(top).parents[:-1]), path.relative_to(top)):
        if (top / part).is_symlink():
            return top / part
    return None


def _files(paths: Iterable[Path]) -> list[Path]:
    found = []
    for path in paths:
        found += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return found


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
