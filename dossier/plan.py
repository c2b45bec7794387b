"""Stage 5: the site plan: which pages exist, at which path, from which template and which records.

The kinds registry (kinds.py) says which kinds have a page per record and which share a listing;
addresses.py says where each lives; LIMITS say when a list grows too long for its page and moves
to pages of its own. Nothing is rendered here: render.py fills in each planned page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import exports
from .addresses import LIMITS, MENTIONS, SOURCES_MONTHS, TIMELINES, is_cut, listing_of, url_of
from .assets import asset_paths
from .kinds import BRIEF, KINDS, named_kinds

if TYPE_CHECKING:  # the view is built by the pipeline and handed in
    from .view import DossierView

# Pages every site has besides the brief and each kind's list of records, with their templates.
OTHER_PAGES = {
    "positions.md": "positions.md.j2",
    "print.md": "print.md.j2",
    "data.md": "data.md.j2",
    "tags.md": "tags.md.j2",
    "changes.md": "changes.md.j2",
}


@dataclass(frozen=True)
class PlannedPage:
    """One page to render: its path from the site root, its template and what the template is given."""

    path: str
    template: str
    values: dict[str, Any] = field(default_factory=dict)


def fixed_pages() -> dict[str, str]:
    """The pages every site has, whatever its content, with their templates (plan_pages plans them first)."""
    listings = {listing_of(kind.name): kind.listing for kind in KINDS.values() if kind.listing}
    return {BRIEF.page: "brief.md.j2", **listings, **OTHER_PAGES}


def generated_folders() -> tuple[str, ...]:
    """Folders that hold a generated page per record, or pages that come and go as lists grow (see LIMITS)."""
    own = [kind.page for kind in KINDS.values() if kind.own_page]
    # A shared page too long to stay one is cut into a folder of the same name (timeline/, disputes/).
    cut = [kind.page.removesuffix(".md") for kind in KINDS.values() if not kind.own_page and kind.page]
    return (*own, *cut, MENTIONS, TIMELINES, SOURCES_MONTHS)


def generated_paths(templates_dir: Path) -> set[str]:
    """The paths a build writes for any dossier: the fixed pages, the assets and the data files."""
    return {*fixed_pages(), *asset_paths(templates_dir), *exports.DATA_FILES}


def plan_pages(view: DossierView) -> list[PlannedPage]:
    """Return every page the dossier needs, in the order they are rendered."""
    dossier = view.dossier
    plan = [
        PlannedPage(path, template, exports.data_page() if path == "data.md" else {})
        for path, template in fixed_pages().items()
    ]
    for kind in KINDS.values():
        if kind.own_page:
            for record_id, record in dossier.records.get(kind.name, {}).items():
                plan.append(PlannedPage(url_of(kind.name, record_id), kind.template, {kind.name: record}))
    # Pages a large dossier needs so that none of the pages above grows with it (see LIMITS).
    # Records mentioned by name list the articles that mention them: on their own page, or under their anchor.
    for kind in named_kinds():
        for record_id in dossier.records.get(kind.name, {}):
            plan += _long_lists(view, record_id, kind.own_page)
    # A shared page too long to stay one is cut: by month, or into a page per record (the kind's row says which).
    for kind in KINDS.values():
        if not is_cut(kind.name, dossier):
            continue
        if kind.cut == "month":
            for path, label, records in view.month_pages(kind.name):
                plan.append(PlannedPage(path, kind.month_template, {"label": label, "records": records}))
        else:
            for record_id, record in dossier.records[kind.name].items():
                plan.append(PlannedPage(url_of(kind.name, record_id, dossier), kind.template, {kind.name: record}))
    if view.split_sources():
        for path, label, articles in view.sources_pages():
            plan.append(PlannedPage(path, "sources_month.md.j2", {"label": label, "records": articles}))
    return plan


def _long_lists(view: DossierView, record_id: str, own_page: bool) -> list[PlannedPage]:
    """Plan the pages listing every article that mentions a record, and every event it takes part in, when long.

    A record on a page of its own lists more mentions there, and its events; one anchored on a shared page, fewer.
    """
    plan = []
    limit = LIMITS["mentions" if own_page else "term_mentions"]
    if len(view.backlinks(record_id).articles) > limit:
        listing = view.mention_pages(record_id)
        for number, (path, chunk) in enumerate(listing, 1):
            values = {"record_id": record_id, "chunk": chunk, "number": number, "listing": listing}
            plan.append(PlannedPage(path, "mentions.md.j2", values))
    if own_page and len(view.events_of(record_id)) > LIMITS["record_events"]:
        pages_of_events = view.event_pages(record_id)
        for number, (path, events) in enumerate(pages_of_events, 1):
            values = {"record_id": record_id, "chunk": events, "number": number, "listing": pages_of_events}
            plan.append(PlannedPage(path, "record_timeline.md.j2", values))
    return plan
