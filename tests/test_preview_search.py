"""The preview's search index (`make serve`): written after the page shows, by one worker, the latest save winning."""

from __future__ import annotations

import gc
import gzip
import json
import logging
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from mkdocs.utils import CountHandler
from test_preview import edit, end_preview, preview_build, serve
from test_serve import eventually, wait_for

from dossier.preview import Background

FAILED = "the search index could not be written; search finds what it found before this save"


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return bytes(response.read())


_FILES = [("fragment", "pf_fragment"), ("index", "pf_index"), ("filter", "pf_filter")]


def _get_or_none(url: str) -> bytes | None:
    try:
        return get(url)
    except urllib.error.HTTPError:
        return None


def served_index(base: str) -> tuple[dict[str, str], bytes]:
    """Read the served index as the browser does: each entry's text by address, and the word chunks.

    pagefind-entry.json names the metadata file, which names every fragment (one per entry) and
    word chunk of this index; a file it names that is missing (an index half written) raises.
    """
    entry = json.loads(get(f"{base}/pagefind/pagefind-entry.json"))
    language = entry["languages"]["en"]
    meta = gzip.decompress(get(f"{base}/pagefind/pagefind.{language['hash']}.pf_meta"))
    # Each file's hash is a short CBOR text: its first byte, 0x60 + length, then 'en_…'.
    hashes = {
        meta[m.start() + 1 : m.start() + 1 + meta[m.start()] - 0x60] for m in re.finditer(rb"[\x63-\x77]en_", meta)
    }
    texts: dict[str, str] = {}
    words = b""
    for name in sorted(h.decode() for h in hashes):
        # Whichever kind of file it names must be there: a fragment, a chunk of words or a filter.
        found = [
            data for folder, suffix in _FILES if (data := _get_or_none(f"{base}/pagefind/{folder}/{name}.{suffix}"))
        ]
        assert len(found) == 1, f"{name} is named by the index but not there"
        data = gzip.decompress(found[0])
        if data.startswith(b"pagefind_dcd{"):  # a fragment: an entry as JSON
            fragment = json.loads(data.removeprefix(b"pagefind_dcd"))
            texts[fragment["meta"]["url"]] = fragment["content"]
        else:
            words += data
    assert len(texts) == language["page_count"]  # one fragment per entry, each of them there
    return texts, words


def finds(base: str, word: str) -> list[str]:
    """The addresses whose entry holds `word`, if the index knows the word."""
    texts, words = served_index(base)
    return sorted(url for url, text in texts.items() if word in text.lower()) if word.encode() in words else []


def test_after_a_save_the_page_shows_then_search_finds_the_new_text_and_a_second_save_keeps_it_whole(project, tmp_path):
    log = tmp_path / "serve.log"
    with serve(project, log) as base:
        page = f"{base}/actors/borduria/"
        assert wait_for(page, "Borduria")
        assert finds(base, "zzqvkfirst") == []
        edit(project, "name: Borduria\n", "name: Borduria\nsummary: Zzqvkfirst neighbour.\n")
        assert wait_for(page, "Zzqvkfirst neighbour.")
        assert eventually(lambda: finds(base, "zzqvkfirst") == ["/actors/borduria/"])
        # The page showed first: the rebuild ended (the browsers reloaded) before the index was written.
        assert eventually(
            lambda: log.read_text(encoding="utf-8").count("search: ") == 2
        )  # the first build's, this one's
        text = log.read_text(encoding="utf-8")
        assert text.rindex("search: ") > text.rindex("Reloading browsers")
        # A second save as soon as the page shows, while the index of the first is being written.
        edit(project, "Zzqvkfirst", "Zzqvksecond")
        assert wait_for(page, "Zzqvksecond neighbour.")
        edit(project, "Zzqvksecond", "Zzqvkthird")
        assert wait_for(page, "Zzqvkthird neighbour.")
        assert eventually(lambda: finds(base, "zzqvkthird") == ["/actors/borduria/"])
        assert finds(base, "zzqvkfirst") == [] and finds(base, "zzqvksecond") == []
    assert "could not be written" not in log.read_text(encoding="utf-8")


def test_a_failed_index_is_one_warning_and_the_preview_goes_on(project, tmp_path, caplog):
    site = tmp_path / "served"
    try:
        preview_build(project, site, first=True)
        # A hand-written page's HTML damaged in the served folder: its search entry cannot be read.
        # (The dirty build leaves that page's HTML as it is: its Markdown did not change.)
        (site / "editing" / "index.html").write_bytes(b"\xff not text")
        edit(project, "name: Borduria\n", "name: Borduria\nsummary: Freshly edited neighbour.\n")
        preview_build(project, site)  # in strict mode: the failure, in the background, fails no build
        assert "Freshly edited neighbour." in (site / "actors" / "borduria" / "index.html").read_text(encoding="utf-8")
    finally:
        end_preview(project)  # waits for the worker
    failures = [record for record in caplog.records if "could not be written" in record.getMessage()]
    assert len(failures) == 1 and failures[0].levelname == "WARNING" and failures[0].exc_info is None
    assert failures[0].getMessage().startswith(f"{FAILED}: ")
    assert "Traceback" not in caplog.text


def test_the_latest_task_wins_and_two_never_run_at_once():
    background = Background("failed")
    started, release, ran, running = threading.Event(), threading.Event(), [], []

    def task(name: str, first: bool = False) -> Callable[[], None]:
        def run() -> None:
            running.append(name)
            assert len(running) == 1
            if first:
                started.set()
                release.wait(10)
            ran.append(name)
            running.remove(name)

        return run

    try:
        background.submit(task("first", first=True))
        assert started.wait(10)
        background.submit(task("second"))  # replaced before it starts
        background.submit(task("third"))
        release.set()
        background.wait()
    finally:
        background.stop()
    assert ran == ["first", "third"]


def test_a_failed_task_is_one_line_that_no_strict_build_counts(caplog):
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    background = Background(FAILED)

    def fail() -> None:
        raise OSError("No space left on device")

    try:
        background.submit(fail)
        background.wait()
    finally:
        background.stop()
        logging.getLogger("mkdocs").removeHandler(counter)
    assert [(r.levelname, r.getMessage(), r.exc_info) for r in caplog.records] == [
        ("WARNING", f"{FAILED}: No space left on device", None)
    ]
    assert counter.get_counts() == []


def test_stop_waits_for_the_running_task_and_drops_the_one_not_started():
    background = Background("failed")
    started, ran = threading.Event(), []

    def slow() -> None:
        started.set()
        time.sleep(0.3)
        ran.append("slow")

    background.submit(slow)
    assert started.wait(10)
    background.submit(lambda: ran.append("dropped"))
    background.stop()
    assert ran == ["slow"]


def test_a_build_stops_the_task_running_which_runs_again_after_it():
    background = Background("failed")
    started, done, seen = threading.Event(), [], []

    def task() -> None:
        for number in background.checked(range(50)):
            seen.append(number)
            started.set()
            time.sleep(0.02)
        done.append(len(seen))

    try:
        background.submit(task)
        assert started.wait(10)
        background.pause()  # a build starts: the task stops at its next item
        time.sleep(0.3)
        assert done == [] and len(seen) < 50
        stopped_at = len(seen)
        background.resume()  # the build failed: the same task runs again, whole
        background.wait()
    finally:
        background.stop()
    assert done == [stopped_at + 50]


def test_the_preview_collects_cycles_after_the_index_not_during_builds(project, tmp_path):
    enabled = gc.isenabled()
    try:
        preview_build(project, tmp_path / "served", first=True)
        assert not gc.isenabled()  # off for the preview's builds
        edit(project, "name: Borduria\n", "name: Borduria\nsummary: Freshly edited neighbour.\n")
        young, full = gc.get_stats()[0]["collections"], gc.get_stats()[2]["collections"]
        preview_build(project, tmp_path / "served")
        # None during the build (the collector's own, of young objects first); one, whole, after the index.
        assert eventually(lambda: gc.get_stats()[2]["collections"] > full)
        assert gc.get_stats()[0]["collections"] == young
    finally:
        end_preview(project)
    assert gc.isenabled() == enabled


def test_a_whole_site_build_that_fails_still_gets_the_interrupted_index():
    # A save's index is stopped by the next build (pause); that build is of the whole site (mkdocs.yml
    # changed) and waits for it; when the build fails, the last good save's index still runs.
    background = Background("failed")
    started, done = threading.Event(), []

    def task() -> None:
        for _ in background.checked(range(50)):
            started.set()
            time.sleep(0.02)
        done.append("indexed")

    try:
        background.submit(task)
        assert started.wait(10)
        background.pause()  # on_pre_build
        background.wait()  # a whole-site build waits for the running task to stop
        assert done == []
        background.resume()  # on_build_error
        background.wait()
    finally:
        background.stop()
    assert done == ["indexed"]


def test_a_task_stopped_with_the_server_reports_no_failure(caplog):
    # Ctrl-C reaches Pagefind's binary too, which then exits with an error: that is no failure to report.
    background = Background(FAILED)
    started, release = threading.Event(), threading.Event()

    def interrupted() -> None:
        started.set()
        release.wait(10)
        raise RuntimeError("Pagefind stopped with exit code -2: no message")

    background.submit(interrupted)
    assert started.wait(10)
    stopping = threading.Thread(target=background.stop)
    stopping.start()
    while not background._stopped:  # stop() has said so; the task now fails
        time.sleep(0.01)
    release.set()
    stopping.join(10)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_the_preview_leaves_the_cycle_collector_as_it_found_it():
    import site_builder

    gc.disable()
    try:
        site_builder.on_startup("serve", True)
        site_builder.on_shutdown()
        assert not gc.isenabled()
    finally:
        gc.enable()
    site_builder.on_startup("serve", True)
    site_builder.on_shutdown()
    assert gc.isenabled()
