"""Where every page lives: the one place that decides paths and addresses, asked by pages and exports alike.

A page is named by its path from the site root ('actors/syria.md', with '#anchor' for a record on
a shared page); its address is what MkDocs makes of that path, with or without directory URLs.
"""

from __future__ import annotations

import functools
import posixpath
from typing import Any

from .dates import PartialDate
from .kinds import BRIEF, KINDS
from .model import Dossier
from .schema import Ref, field_marks

# No page may grow with the dossier (issue #6: none over 300 KB of HTML at 2,000 articles). Past
# these numbers, a list that grows with the dossier shows its latest entries and leaves the rest to
# pages of its own, and the longest pages split by month; below them, pages are as they always were.
LIMITS = {
    "mentions": 50,  # articles listed under "Mentioned in" on a record's page
    "term_mentions": 10,  # articles listed under a term on the glossary page
    "record_events": 25,  # events on a record's own timeline
    "per_page": 200,  # entries on each page of a list too long for the record's page
    "timeline": 150,  # more events than this: the timeline has a page per month
    "dispute_list": 60,  # more disputes than this: a page per dispute
    "sources": 300,  # more articles than this: the sources list has a page per month
    "parties": 12,  # columns of the positions table
    "print_issues": 25,  # more issues than this: the printable brief shows stances at a glance
    "print_events": 50,  # events in the printable brief's timeline
    "print_sources": 100,  # more articles than this: the printable brief lists publishers
    "commitment_list": 100,  # more than this: each in full on its issue's page, a short row on the tracker
    "tracker": 300,  # more than this: the tracker counts them by issue; each issue's page lists its own
}


# Ids the site gives to sections and elements of pages that can also hold records (a record on a
# shared page is anchored at its own id). A record with one of these ids would share its anchor with
# the section, and links to either would land on the first: such ids are refused at the record.
# A test finds every fixed id the templates and the theme write, and every section they link to.
RESERVED_IDS = {
    **{f"status-{group}": "the Commitments page" for group in ("open", "kept", "missed", "withdrawn")},
    "conflicts": "the Disputes page",
    "positions": "each issue's page",
    "commitment-list": "each issue's and actor's page",
    "dossier-search": "every page (the search)",
    "dossier-search-title": "every page (the search)",
    "dossier-search-ui": "every page (the search)",
}


def reserved_id(record_id: str) -> str | None:
    """Say why a record may not take this id, if the site uses it already; None if it may."""
    where = RESERVED_IDS.get(record_id)
    if where is None:
        return None
    where_used = f"id '{record_id}' is used by the site itself, on {where}"
    return f"{where_used}: a link to this record would land there; choose another id"


# The folders of pages made when a list grows too long for the page that holds it.
SOURCES_MONTHS = "sources"  # sources/2025-07.md
MENTIONS = "mentions"  # mentions/<id>.md, mentions/<id>/2.md
TIMELINES = "timelines"  # timelines/<id>.md: a record's own events


def url_of(kind: str, record_id: str, dossier: Dossier | None = None) -> str:
    """Return the page (and anchor) of a record, as a path from the site root.

    Records on a shared page need the dossier: a large one cuts that page by month, into a page per record,
    or onto the pages of the records they belong to (Kind.cut).
    """
    if kind == BRIEF.name:
        return BRIEF.page
    declared = KINDS[kind]
    if declared.own_page:
        return f"{declared.page}/{record_id}.md"
    if dossier is not None and is_cut(kind, dossier):
        folder = declared.page.removesuffix(".md")
        if declared.cut == "month":
            return f"{month_page(folder, dossier.records[kind][record_id].date)}#{record_id}"
        if declared.cut == "host":
            # Shown on the page of the record its `cut_to` field names (a commitment, on its issue's page).
            host = getattr(dossier.records[kind][record_id], declared.cut_to)
            mark = field_marks(declared.model)[declared.cut_to][0]
            assert isinstance(mark, Ref) and mark.kind, declared.cut_to  # kinds.py names a reference field
            return f"{url_of(mark.kind, host, dossier).partition('#')[0]}#{record_id}"
        return f"{folder}/{record_id}.md"
    return f"{declared.page}#{record_id}"


def listing_of(kind: str) -> str:
    """Return the page that lists every record of a kind: its folder's index, or the shared page."""
    declared = KINDS[kind]
    return f"{declared.page}/index.md" if declared.own_page else declared.page


def paragraph_of(article_id: str, number: int) -> str:
    """Return the place of one numbered paragraph of an article, from the site root."""
    return f"{url_of('article', article_id)}#p{number}"


def is_cut(kind: str, dossier: Dossier) -> bool:
    """True when a kind's shared page holds too many records to stay one page (its row's `cut`, LIMITS)."""
    declared = KINDS[kind]
    return declared.cut is not None and len(dossier.records.get(kind, {})) > LIMITS[declared.cut_after]


def month_page(folder: str, date: PartialDate) -> str:
    """Return the page of a list cut by month (or by year, for a date known to the year) that holds a date."""
    return f"{folder}/{date.year:04d}-{date.month:02d}.md" if date.month else f"{folder}/{date.year:04d}.md"


def paged(base: str, items: list[Any]) -> list[tuple[str, list[Any]]]:
    """Cut a long list into pages: base.md, then base/2.md, base/3.md…"""
    size = LIMITS["per_page"]
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [[]]
    return [(f"{base}.md" if number == 1 else f"{base}/{number}.md", chunk) for number, chunk in enumerate(chunks, 1)]


def relative(target: str, page: str) -> str:
    """Return a link from `page` to `target` (both from the site root; target may have #anchor)."""
    path, _, anchor = target.partition("#")
    if path == page:
        return f"#{anchor}" if anchor else posixpath.basename(path)
    link = _relpath(path, folder_of(page))
    return f"{link}#{anchor}" if anchor else link


@functools.lru_cache(maxsize=1024)
def folder_of(page: str) -> str:
    return posixpath.dirname(page) or "."


@functools.lru_cache(maxsize=65536)
def _relpath(path: str, directory: str) -> str:
    # Pages sit in a handful of folders and link the same records over and over; relpath is slow.
    return posixpath.relpath(path, directory)


def page_address(target: str, use_directory_urls: bool = True) -> str:
    """Return the address MkDocs gives a page: 'actors/x.md#a' -> 'actors/x/#a' (or 'actors/x.html#a')."""
    path, _, anchor = target.partition("#")
    if not use_directory_urls:
        path = path.removesuffix(".md") + ".html"
    elif path == "index.md" or path.endswith("/index.md"):
        path = path[: -len("index.md")]
    elif path.endswith(".md"):
        path = path[: -len(".md")] + "/"
    return f"{path}#{anchor}" if anchor else path


def record_address(kind: str, record_id: str, dossier: Dossier | None = None, use_directory_urls: bool = True) -> str:
    """Return the address of the page (and anchor) that shows a record (a large dossier moves some)."""
    return page_address(url_of(kind, record_id, dossier), use_directory_urls)


def html_href(target: str, page: str, use_directory_urls: bool = True) -> str:
    """Return a link from `page` to `target` as raw HTML needs it: MkDocs rewrites Markdown links, never HTML's."""
    path, _, anchor = page_address(target, use_directory_urls).partition("#")
    here = page_address(page, use_directory_urls)
    # A directory address ('', 'places/damascus/') is its own folder; a file's folder holds it.
    folder = here.rstrip("/") if here.endswith("/") or not here else posixpath.dirname(here)
    is_folder = path.endswith("/") or not path
    link = posixpath.relpath(path.rstrip("/") or ".", folder or ".")
    if is_folder:
        link = "./" if link == "." else f"{link}/"
    return f"{link}#{anchor}" if anchor else link
