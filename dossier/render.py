"""Stage 4: render the linked dossier into Markdown pages (and assets), in memory.

Templates decide layout; Python decides facts. Every value a template prints is escaped unless
it is already `Markdown` made safe here, so a template cannot put editor text out raw by mistake.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from markupsafe import Markup

from . import data, maps, places, sources
from . import markdown as md
from .addresses import (
    LIMITS,
    MENTIONS,
    SOURCES_MONTHS,
    TIMELINE_MONTHS,
    TIMELINES,
    folder_of,
    html_href,
    listing_of,
    month_page,
    page_address,
    paged,
    paragraph_of,
    relative,
    splits_disputes,
    splits_timeline,
    url_of,
)
from .changes import CHANGES_ON_PAGE, Change, History, dated_changes, headline, is_news, last_changes
from .clock import build_date
from .dates import PartialDate
from .first_mention import Tooltips, first_mentions, mention
from .kinds import BRIEF, KINDS, named_kinds
from .link import Links, OfficeConflict
from .markdown import Markdown
from .model import Article, Dossier, preferred_variant
from .review import is_stale
from .schema import (
    CREDIBILITY,
    LIKELIHOOD,
    RELIABILITY,
    Actor,
    Citation,
    Dispute,
    Event,
    Issue,
    Place,
    Position,
    Record,
    Role,
    StatusChange,
    Term,
    WatchItem,
    citations_in,
)

# How a variant's rank reads on the Disputes page: editors write Wikidata's words, readers see these.
RANK_LABELS = {"preferred": "preferred", "normal": "kept", "deprecated": "rejected"}
STANCE_MARKS = {"supports": "▲", "opposes": "▼", "conditional": "◆", "undecided": "○"}
TREND_MARKS = {"improving": "↗", "unchanged": "→", "worsening": "↘"}
BRIEF_ID = "dossier"
# A site built this many days after its brief's date says so above the bottom line.
BRIEF_AGE_NOTICE_DAYS = 30
# Pages every site has besides the brief and each kind's list of records, with their templates.
OTHER_PAGES = {
    "positions.md": "positions.md.j2",
    "print.md": "print.md.j2",
    "data.md": "data.md.j2",
    "tags.md": "tags.md.j2",
    "changes.md": "changes.md.j2",
}


def fixed_pages() -> dict[str, str]:
    """The pages every site has, whatever its content, with their templates (render_pages writes them first)."""
    listings = {listing_of(kind.name): kind.listing for kind in KINDS.values() if kind.listing}
    return {BRIEF.page: "brief.md.j2", **listings, **OTHER_PAGES}


def generated_folders() -> tuple[str, ...]:
    """Folders that hold a generated page per record, or pages that come and go as lists grow (see LIMITS)."""
    own = [kind.page for kind in KINDS.values() if kind.own_page]
    # A shared page too long to stay one is cut into a folder of the same name (timeline/, disputes/).
    cut = [kind.page.removesuffix(".md") for kind in KINDS.values() if not kind.own_page and kind.page]
    return (*own, *cut, MENTIONS, TIMELINES, TIMELINE_MONTHS, SOURCES_MONTHS)


def generated_paths(templates_dir: Path) -> set[str]:
    """The paths render_pages writes for any dossier: the fixed pages, the assets and the data files."""
    assets = templates_dir / "assets"
    names = sorted(asset.name for asset in assets.glob("*")) if assets.is_dir() else []
    return {*fixed_pages(), *(f"assets/{name}" for name in names), *data.DATA_FILES}


def _month_label(date: PartialDate) -> str:
    return PartialDate(date.year, date.month).label if date.month else f"{date.year}, month not known"


@dataclass(frozen=True)
class Backlinks:
    articles: list[tuple[Article, list[int]]]
    records: list[str]


class DossierView:
    """The questions templates ask, answered once per build from the linked dossier."""

    def __init__(self, dossier: Dossier, links: Links, today: PartialDate | None = None) -> None:
        self.dossier = dossier
        self.links = links
        self.info = dossier.info
        # Dates are judged against the later of the brief's date and the build's (see dossier/clock.py).
        self.built = today or build_date()
        self.today = max(self.built, dossier.info.as_of)
        self.changes = ChangesView(dossier, None)
        self.events = dossier.sorted_events()
        # Which records concern which place: by a places field, or by a place's name (places.py).
        self._places_of = places.concerning(dossier)
        self._place_names: dict[str, str] | None = None
        self._concerning: dict[str, list[str]] = defaultdict(list)
        for record_id, place_ids in self._places_of.items():
            for place_id in place_ids:
                self._concerning[place_id].append(record_id)
        self._events_of: dict[str, list[Event]] = defaultdict(list)
        for event in self.events:
            for record_id in {*event.actors, *event.issues, *self._places_of.get(event.id, [])}:
                self._events_of[record_id].append(event)
        self._positions_of: dict[str, list[tuple[Issue, Position]]] = defaultdict(list)
        for issue in sorted(dossier.issues.values(), key=lambda i: i.title):
            for position in issue.positions:
                self._positions_of[position.actor].append((issue, position))
        self._disputes_of: dict[str, list[Dispute]] = defaultdict(list)
        for dispute in dossier.disputes.values():
            for record_id in dict.fromkeys([*dispute.concerns, *dispute.contests]):
                self._disputes_of[record_id].append(dispute)
        # Asked once per status shown and once per row of every actor's positions: indexed here.
        self._contested: dict[str, list[Dispute]] = defaultdict(list)
        for dispute in dossier.disputes.values():
            for record_id in dict.fromkeys(dispute.contests):
                self._contested[record_id].append(dispute)
        self._members: dict[str, list[Actor]] = defaultdict(list)
        for actor in sorted(dossier.actors.values(), key=lambda a: a.name):
            for group in actor.member_of:
                self._members[group].append(actor)
        # Looked up once per cell of the positions table and once per record page: indexed here, in one pass.
        self._position: dict[tuple[str, str], Position] = {}
        for issue in dossier.issues.values():
            for position in issue.positions:
                self._position.setdefault((issue.id, position.actor), position)
        self._conflicts_of: dict[str, list[OfficeConflict]] = defaultdict(list)
        for conflict in links.conflicts:
            for record_id in dict.fromkeys([conflict.of, *(holder.actor.id for holder in conflict.holders)]):
                self._conflicts_of[record_id].append(conflict)
        self._kinds: dict[str, str] | None = None
        self._backlinks: dict[str, Backlinks] = {}
        self._mention_pages: dict[str, list[tuple[str, list[tuple[Article, list[int]]]]]] = {}
        self._names: dict[str, str] = {}
        self._urls: dict[str, str] = {}
        self._cited_by: Counter[str] = Counter(
            citation.article for record in dossier.fact_sheets() for citation in citations_in(record)
        )

    def brief_age(self) -> int | None:
        """Days from the brief's date to the build's, when that is long enough for a reader to be told."""
        days = (datetime.date(*self.built.first_day) - datetime.date(*self.info.as_of.last_day)).days
        return days if days > BRIEF_AGE_NOTICE_DAYS else None

    def kind(self, record_id: str) -> str:
        if record_id == BRIEF_ID:
            return "brief"
        if self._kinds is None:
            # Every link asks; Dossier.kind_of looks through each kind of record in turn.
            self._kinds = {}
            for kind, records in reversed(self.dossier.kinds().items()):
                self._kinds.update(dict.fromkeys(records, kind))
        return self._kinds.get(record_id) or "record"

    def name(self, record_id: str) -> str:
        if record_id == BRIEF_ID:
            return self.info.title
        if record_id not in self._names:
            self._names[record_id] = self.dossier.display_name(record_id)
        return self._names[record_id]

    def url(self, record_id: str) -> str:
        """Return the page (and anchor) of a record, from the site root."""
        if record_id not in self._urls:
            self._urls[record_id] = url_of(self.kind(record_id), record_id, self.dossier)
        return self._urls[record_id]

    # Lists that grow with the dossier: the latest entries for a page, the rest on pages of their own.

    def latest_mentions(self, record_id: str, limit: int) -> list[tuple[Article, list[int]]]:
        """The articles that mention a record, newest first, at most `limit` of them."""
        return [entry for _path, chunk in self.mention_pages(record_id) for entry in chunk][:limit]

    def mention_pages(self, record_id: str) -> list[tuple[str, list[tuple[Article, list[int]]]]]:
        """Every article that mentions a record, newest first, cut into pages."""
        if record_id not in self._mention_pages:
            newest = self._newest_first(self.backlinks(record_id).articles)
            self._mention_pages[record_id] = paged(f"{MENTIONS}/{record_id}", newest)
        return self._mention_pages[record_id]

    def event_pages(self, record_id: str) -> list[tuple[str, list[Event]]]:
        """Every event a record takes part in, in date order, cut into pages."""
        return paged(f"{TIMELINES}/{record_id}", self.events_of(record_id))

    @staticmethod
    def _newest_first(articles: list[tuple[Article, list[int]]]) -> list[tuple[Article, list[int]]]:
        by_id = sorted(articles, key=lambda pair: pair[0].id)
        return sorted(by_id, key=lambda pair: pair[0].meta.published, reverse=True)

    def split_timeline(self) -> bool:
        return splits_timeline(self.dossier)

    def timeline_pages(self) -> list[tuple[str, str, list[Event]]]:
        """A large dossier's timeline, a page per month (or year, for events dated by year): (page, label, events)."""
        pages: dict[str, list[Event]] = defaultdict(list)
        for event in self.events:
            pages[month_page(TIMELINE_MONTHS, event.date)].append(event)
        return [(path, _month_label(events[0].date), events) for path, events in pages.items()]

    def split_disputes(self) -> bool:
        return splits_disputes(self.dossier)

    def split_sources(self) -> bool:
        return len(self.dossier.articles) > LIMITS["sources"]

    def sources_pages(self) -> list[tuple[str, str, list[Article]]]:
        """A large dossier's sources, one page per month of publication, newest first: (page, label, articles)."""
        pages: dict[str, list[Article]] = defaultdict(list)
        dates: dict[str, PartialDate] = {}
        for article in self.sorted(self.dossier.articles.values()):
            date = article.meta.published
            path = month_page(SOURCES_MONTHS, date)
            pages[path].append(article)
            dates[path] = PartialDate(date.year, date.month)
        ordered = sorted(pages, key=lambda path: dates[path], reverse=True)
        return [(path, dates[path].label, pages[path]) for path in ordered]

    def publishers(self) -> list[tuple[str, int, list[str]]]:
        """Each publisher with its number of articles and the reliability grades they carry."""
        counts: Counter[str] = Counter()
        grades: dict[str, set[str]] = defaultdict(set)
        for article in self.dossier.articles.values():
            counts[article.meta.publisher] += 1
            grades[article.meta.publisher].add(article.meta.reliability)
        return [(name, counts[name], sorted(grades[name])) for name in sorted(counts, key=str.casefold)]

    def sorted(self, records: Iterable[Any], key: str = "id") -> list[Any]:
        return sorted(records, key=lambda record: getattr(record, key))

    def events_of(self, record_id: str) -> list[Event]:
        return self._events_of.get(record_id, [])

    def places_of(self, record_id: str) -> list[str]:
        """The places a record concerns (place ids), in the order it names them."""
        return self._places_of.get(record_id, [])

    def concerning(self, place_id: str) -> list[tuple[str, list[str]]]:
        """The records that concern a place, events left out (its timeline shows them): (heading, ids) by kind."""
        by_kind: dict[str, list[str]] = defaultdict(list)
        for record_id in self._concerning.get(place_id, []):
            by_kind[self.kind(record_id)].append(record_id)
        ranked = sorted((kind.referrer_rank, kind.name, kind.referrers) for kind in KINDS.values() if kind.referrers)
        return [
            (heading, sorted(by_kind[name], key=lambda record_id: self.name(record_id).casefold()))
            for _rank, name, heading in ranked
            if by_kind.get(name) and name != "event"
        ]

    def places(self) -> list[Place]:
        return places.all_places(self.dossier)

    def place_named(self, text: str) -> str | None:
        """The id of the place an event's `place` line names (by name or alias), if any."""
        if self._place_names is None:
            self._place_names = places.place_names(self.dossier)
        return places.named(text, self._place_names)

    def place_records(self, place_ids: list[str]) -> list[Place]:
        """The places of these ids, in that order (ids of other records left out)."""
        return [record for place_id in place_ids if isinstance(record := self.dossier.record(place_id), Place)]

    def place_groups(self) -> list[tuple[str, list[str]]]:
        """The places that lie near one another, each group a map of its own: (heading, place ids)."""
        groups = []
        for group in maps.group_places(self.places()):
            names = [place.name for place in sorted(group, key=lambda p: (p.kind != "region", p.name.casefold()))]
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            groups.append((", ".join(names[:3]) + more, [place.id for place in group]))
        return groups

    def positions_of(self, actor_id: str) -> list[tuple[Issue, Position]]:
        return self._positions_of.get(actor_id, [])

    def disputes_of(self, record_id: str) -> list[Dispute]:
        return self._disputes_of.get(record_id, [])

    def conflicts_of(self, record_id: str) -> list[OfficeConflict]:
        return self._conflicts_of.get(record_id, [])

    def contested(self, record_id: str) -> list[Dispute]:
        """The disputes that put a record's headline claim (an issue's status, an office) in doubt."""
        return self._contested.get(record_id, [])

    def disputes_in(self, text: str) -> list[Dispute]:
        """The disputes a statement (the bottom line, a key judgement) rests on: see Dossier.disputes_in."""
        return self.dossier.disputes_in(text)

    def grade_of(self, dispute: Dispute) -> str | None:
        """The grade the dossier gives the version it prefers, e.g. B2, if it gave one."""
        preferred = preferred_variant(dispute)
        return preferred.grade if preferred else None

    def trend_since(self, issue: Issue) -> PartialDate | None:
        """Since when the trend holds: the latest change that set it, else the issue's last change."""
        if issue.trend != "unchanged":
            dates = [change.date for change in issue.history if change.trend == issue.trend]
            if dates:
                return max(dates)
        return self.last_change(issue)

    def passed(self, item: WatchItem) -> bool:
        """True when a watch item's date has passed by the brief's date or the build's."""
        return item.by is not None and item.by.last_day < self.today.first_day

    def headline_role(self, actor: Actor) -> tuple[Role, bool, OfficeConflict | None] | None:
        """The role to show beside an actor's name: (role, whether it has ended, its office conflict if any).

        A role still held comes first; with none, the one left last reads "former".
        """
        if not actor.roles:
            return None
        current = [index for index, role in enumerate(actor.roles) if role.to is None]
        if current:
            index = current[0]
        else:
            index = max(range(len(actor.roles)), key=lambda i: actor.roles[i].to or PartialDate(0))
        conflict = next(
            (
                conflict
                for conflict in self.conflicts_of(actor.id)
                if any(h.actor.id == actor.id and h.index == index for h in conflict.holders)
            ),
            None,
        )
        return actor.roles[index], not current, conflict

    def role_standing(self, actor: Actor, role: Role) -> tuple[str, str] | None:
        """When sources name two holders of an actor's office at once: the dispute, and how it judges this one.

        The holder whose sources back the dispute's preferred version reads "contested, graded B2", the one
        whose sources back a rejected version reads "rejected", any other "disputed".
        """
        for conflict in self.conflicts_of(actor.id):
            if not conflict.disputes or not any(h.actor.id == actor.id and h.role is role for h in conflict.holders):
                continue
            dispute = self.dossier.disputes[conflict.disputes[0]]
            cited = {citation.ref for citation in role.sources}
            backed = next((v for v in dispute.variants if cited & {c.ref for c in v.sources}), None)
            if backed is not None and backed.rank == "preferred":
                grade = backed.grade
                return dispute.id, f"contested, graded {grade}" if grade else "contested; the dossier's reading"
            if backed is not None and backed.rank == "deprecated":
                return dispute.id, "rejected"
            return dispute.id, "disputed"
        return None

    def outlets(self) -> list[tuple[Actor, int]]:
        """Publishers and news agencies (actors of kind outlet), with how many of the sources each published."""
        published = Counter(article.meta.publisher.casefold() for article in self.dossier.articles.values())
        outlets = sorted((a for a in self.dossier.actors.values() if a.kind == "outlet"), key=lambda a: a.name)
        return [(a, sum(published[name.casefold()] for name in dict.fromkeys([a.name, *a.aliases]))) for a in outlets]

    def backing(self, articles: list[Article]) -> str:
        """Say how many independent origins back a statement (the rule is on the methodology page).

        Articles that derive from one another, or reproduce one wire or outlet, are one origin. An
        origin confirms only if one of its cited articles is graded A-E: an F report is named, never counted.
        """
        origins: dict[str, list[Article]] = {}
        for article in articles:
            origins.setdefault(self.dossier.origin(article).source_key, []).append(article)
        graded = sum(any(a.meta.reliability != "F" for a in cited) for cited in origins.values())
        ungraded = len(origins) - graded
        following = len(articles) - len(origins)
        if graded:
            parts = ["single source" if graded == 1 else f"{graded} independent sources"]
            if ungraded:
                parts.append(f"{_plural(ungraded, 'more report')} of ungraded reliability, grade F")
        else:
            parts = [f"unconfirmed: {_plural(ungraded, 'report')} of ungraded reliability, grade F"]
        if following:
            verb = "follows" if following == 1 else "follow"
            parts.append(f"{_plural(following, 'more report')} {verb} {'it' if len(origins) == 1 else 'one of them'}")
        return "; ".join(parts)

    def members_of(self, actor_id: str) -> list[Actor]:
        return self._members.get(actor_id, [])

    def cited_count(self, article_id: str) -> int:
        return self._cited_by[article_id]

    def backlinks(self, record_id: str) -> Backlinks:
        if record_id in self._backlinks:  # asked again by each page that lists them
            return self._backlinks[record_id]
        by_article: dict[str, list[int]] = defaultdict(list)
        for article_id, number in self.links.mentioned_in.get(record_id, []):
            by_article[article_id].append(number)
        articles = [(self.dossier.articles[a], numbers) for a, numbers in sorted(by_article.items())]
        back = Backlinks(articles, sorted(self.links.referred_by.get(record_id, set())))
        self._backlinks[record_id] = back
        return back

    def referred_by(self, record_id: str) -> list[tuple[str, list[str]]]:
        """The records that refer to this one and that its page does not list already, by kind.

        Kinds come in the order of their referrer_rank (kinds.py); within a kind, events by date, issues as on the
        status board, actors by weight, the rest by name.
        """
        record = self.dossier.record(record_id)
        shown = {record_id}
        shown.update(event.id for event in self.events_of(record_id))
        shown.update(dispute.id for dispute in self.disputes_of(record_id))
        shown.update(self._concerning.get(record_id, []))  # a place's page lists what concerns it
        shown.update(issue.id for issue, _position in self.positions_of(record_id))
        shown.update(member.id for member in self.members_of(record_id))
        shown.update(getattr(record, "member_of", []))
        if isinstance(record, Issue):
            shown.update(record.related)
            shown.update(position.actor for position in record.positions)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for other in self.backlinks(record_id).records:
            if other not in shown:
                by_kind[self.kind(other)].append(other)
        order = {
            "event": {event.id: index for index, event in enumerate(self.events)},
            "issue": {issue.id: index for index, issue in enumerate(self.open_issues())},
            "actor": {actor_id: -self.weight(actor_id) for actor_id in by_kind.get("actor", [])},
        }
        groups = []
        referrers = sorted((kind.referrer_rank, kind.name, kind.referrers) for kind in (BRIEF, *KINDS.values()))
        for _rank, kind, heading in (entry for entry in referrers if entry[2]):
            ids = sorted(by_kind.get(kind, []), key=lambda i: (order.get(kind, {}).get(i, 0), self.name(i).casefold()))
            if ids:
                groups.append((heading, ids))
        return groups

    def weight(self, actor_id: str) -> int:
        """How much the dossier says about an actor: positions held, events, then mentions in articles."""
        return (
            3 * len(self.positions_of(actor_id))
            + 2 * len(self.events_of(actor_id))
            + len(self.links.mentioned_in.get(actor_id, []))
        )

    def parties(self) -> list[Actor]:
        """Actors that hold a position on some issue, most engaged first."""
        counts = Counter(p.actor for issue in self.dossier.issues.values() for p in issue.positions)
        return [self.dossier.actors[a] for a, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]

    def other_positions(self, issue: Issue, parties: list[Actor]) -> int:
        """How many of an issue's positions are held by parties other than `parties`."""
        shown = {party.id for party in parties}
        return sum(position.actor not in shown for position in issue.positions)

    def position(self, issue: Issue, actor_id: str) -> Position | None:
        return self._position.get((issue.id, actor_id))

    def key_actors(self, limit: int = 8) -> list[Actor]:
        """The actors the dossier says most about: positions held, events, then mentions in articles.

        Outlets that only publish the sources are left out: being quoted is not being a party.
        """
        publishers = {article.meta.publisher.casefold() for article in self.dossier.articles.values()}
        weight = {
            actor_id: self.weight(actor_id)
            for actor_id, actor in self.dossier.actors.items()
            if actor.name.casefold() not in publishers and actor.kind != "outlet"
        }
        ranked = sorted(weight, key=lambda actor_id: (-weight[actor_id], actor_id))
        return [self.dossier.actors[actor_id] for actor_id in ranked[:limit]]

    def open_issues(self) -> list[Issue]:
        order = ["open", "stalled", "agreed", "implemented", "resolved", "abandoned"]
        return sorted(self.dossier.issues.values(), key=lambda i: (order.index(i.status), i.title))

    def last_change(self, issue: Issue) -> PartialDate | None:
        dates = [change.date for change in issue.history] + [p.as_of for p in issue.positions]
        return max(dates) if dates else None

    def history(self, issue: Issue) -> list[StatusChange]:
        """The issue's status changes, oldest first."""
        return sorted(issue.history, key=lambda change: change.date)

    def status_steps(self, issue: Issue) -> list[StatusChange]:
        """The changes that moved the issue to another status (a change of trend alone is not a step)."""
        steps: list[StatusChange] = []
        for change in self.history(issue):
            if not steps or change.status != steps[-1].status:
                steps.append(change)
        return steps

    def latest_change(self, issue: Issue) -> StatusChange | None:
        """The issue's most recent status change, if it has any."""
        history = self.history(issue)
        return history[-1] if history else None

    def latest_events(self, limit: int = 5) -> list[Event]:
        return list(reversed(self.events[-limit:]))

    def events_by_month(self, events: list[Event] | None = None) -> list[tuple[int, list[tuple[str, list[Event]]]]]:
        """Group events by year, then by month label ('May 2025', or the year alone)."""
        years: dict[int, dict[str, list[Event]]] = defaultdict(lambda: defaultdict(list))
        for event in self.events if events is None else events:
            month = PartialDate(event.date.year, event.date.month).label
            if not event.date.month:
                month = "Month not known"  # under its year's heading
            years[event.date.year][month].append(event)
        return [(year, list(months.items())) for year, months in sorted(years.items())]

    def stale(self, record: Record) -> bool:
        """True when a fact sheet's `reviewed` date is older than the dossier allows (as `check` warns)."""
        return is_stale(record, self.info)

    def likelihood_range(self, word: str) -> str:
        return LIKELIHOOD[word]


class _Renderer:
    """Holds the Jinja environment; filters read the page being rendered from the context."""

    def __init__(self, templates_dir: Path, view: DossierView, use_directory_urls: bool = True) -> None:
        self.view = view
        self.use_directory_urls = use_directory_urls  # raw HTML (the maps' links) needs the final addresses
        self._links: dict[tuple[str, str | None, str], Markdown] = {}
        # Sandboxed: a template can only read the dossier it is given and call its filters, never reach
        # Python's internals (`cycler.__init__.__globals__.os`) to run commands during a build.
        self.env = jinja2.sandbox.ImmutableSandboxedEnvironment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            undefined=jinja2.StrictUndefined,
            # Autoescape with a finalize that escapes for Markdown: macro output stays as it is.
            autoescape=True,
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        for name in (
            "link",
            "mention",
            "prose",
            "cite",
            "page_link",
            "linked",
            "paragraph_links",
            "contested",
            "place_map",
        ):
            self.env.filters[name] = _with_context(getattr(self, f"_{name}"))
        self.env.filters.update(
            date=lambda d: md.inline(d.label) if d else "",
            when=_when,
            iso=lambda d: d.iso if d else "",
            inline=md.inline,
            cell=_cell,
            stance=_stance,
            status=_status,
            trend=_trend,
            tag_label=tag_label,
            grade=_grade,
            yaml=md.front_matter,
            safe_url=md.safe_url,
            lang_span=_lang_span,
        )
        self.env.globals.update(
            d=view,
            RELIABILITY=RELIABILITY,
            CREDIBILITY=CREDIBILITY,
            RANK_LABELS=RANK_LABELS,
            STANCE_MARKS=STANCE_MARKS,
            LIMITS=LIMITS,
            KIND_NAMES=kind_names(),
            source_groups=sources.source_groups,
            SOURCE_TYPES=sources.TYPES,
            # What the site may show of each article (full, cited, none): article pages show nothing else.
            published=sources.Publication.of(view.dossier),
        )
        self.env.filters["day"] = lambda iso: md.inline(PartialDate.parse(iso).label) if iso else ""

    def render(self, template: str, page: str, **values: Any) -> str:
        return self.env.get_template(template).render(page=page, **values)

    def _link(self, context: Any, record_id: str, label: str | None = None) -> Markdown:
        page = context["page"]
        url = self.view.url(record_id)
        # Pages in one folder link a record the same way (unless it is on the page itself): build it once.
        key = (record_id, label, folder_of(page))
        link = self._links.get(key) if not url.startswith(page) else None
        if link is None:
            text = label if label is not None else self.view.name(record_id)
            link = Markdown(f"[{md.inline(text)}]({relative(url, page)})")
            if not url.startswith(page):
                self._links[key] = link
        return link

    def _mention(self, context: Any, record_id: str, label: str | None = None) -> Markdown:
        """A link that stays a link only at the record's first mention in its section of the page."""
        return mention(self._link(context, record_id, label))

    def _place_map(self, context: Any, place_ids: list[str], map_id: str, title: str, small: bool = True) -> Markdown:
        """Draw a map of places (ids) as SVG, each place a link to its page (see maps.py)."""
        page = context["page"]
        features = [
            maps.Feature(place, html_href(self.view.url(place.id), page, self.use_directory_urls))
            for place in self.view.place_records(place_ids)
        ]
        width = maps.SMALL_WIDTH if small else maps.WIDTH
        return Markdown(maps.draw_map(features, map_id, title, width)) if features else Markdown("")

    def _page_link(self, context: Any, target: str, label: str) -> Markdown:
        return Markdown(f"[{md.inline(label)}]({relative(target, context['page'])})")

    def _paragraph_links(self, context: Any, numbers: list[int], article: Article) -> Markdown:
        """Render '¶3, ¶7' linked to those paragraphs of an article, as page_link would one by one."""
        page = context["page"]
        return Markdown(", ".join(f"[¶{n}]({relative(paragraph_of(article.id, n), page)})" for n in numbers))

    def _prose(self, context: Any, text: str, exclude: str | None = None) -> Markdown:
        def link(record_id: str, label: str | None) -> str:
            return self._link(context, record_id, label)

        def find(value: str) -> list[tuple[int, int, str]]:
            return [(s.start, s.end, s.target) for s in self.view.links.linker.find_in_prose(value, exclude)]

        def found(record_id: str, label: str | None) -> str:
            return mention(self._link(context, record_id, label))

        return md.prose(text, link, find, mention=found)

    def _linked(self, context: Any, paragraph: Any, article: Article) -> Markdown:
        """Render an article paragraph as plain text, its mentions of records linked where first in their section."""
        text = paragraph.text
        pieces, position = [], 0
        for span in self.view.links.paragraph_spans.get((article.id, paragraph.number), []):
            pieces.append(md.inline(text[position : span.start]))
            pieces.append(mention(self._link(context, span.target, text[span.start : span.end])))
            position = span.end
        pieces.append(md.inline(text[position:]))
        return Markdown("".join(pieces))

    def _cite(self, context: Any, sources: list[Citation]) -> Markdown:
        """Render sources as links to their paragraphs, each with its grade; count independent origins."""
        if not sources:
            return Markdown('<span class="dossier-cite dossier-unsourced">unsourced</span>')
        # One group per article, in the order cited: "The National ¶10, ¶13 B · Unattributed ¶5 F".
        paragraphs: dict[str, list[int]] = {}
        quotes: dict[tuple[str, int], str] = {}
        for citation in sources:
            numbers = paragraphs.setdefault(citation.article, [])
            if citation.paragraph not in numbers:
                numbers.append(citation.paragraph)
                numbers.sort()
            if citation.quote:
                quotes.setdefault((citation.article, citation.paragraph), citation.quote)
        links = []
        for article_id, numbers in paragraphs.items():
            article = self.view.dossier.articles[article_id]
            grade = article.meta.reliability
            # The stored quote shows on hover and on keyboard focus (Material's tooltips read `title`).
            targets = [
                relative(paragraph_of(article.id, n), context["page"]) + _title(quotes.get((article_id, n)))
                for n in numbers
            ]
            first = f"[{md.inline(self._source_label(article))} ¶{numbers[0]}]({targets[0]})"
            more = "".join(f", [¶{n}]({target})" for n, target in zip(numbers[1:], targets[1:], strict=True))
            links.append(f'{first}{more} <abbr class="dossier-grade" title="{RELIABILITY[grade]}">{grade}</abbr>')
        backing = self.view.backing([self.view.dossier.articles[article_id] for article_id in paragraphs])
        return Markdown(
            f'<span class="dossier-cite">{" · ".join(links)} <span class="dossier-backing">({backing})</span></span>'
        )

    def _contested(self, context: Any, disputes: list[Dispute]) -> Markdown:
        """Mark a statement that rests on a disputed claim, with the grade and a link to the dispute."""
        marks = []
        for dispute in disputes:
            grade = self.view.grade_of(dispute)
            label = f"contested, graded {grade}" if grade else "contested"
            marks.append(f'<span class="dossier-contested">⚠ {self._link(context, dispute.id, label)}</span>')
        return Markdown(" ".join(marks))

    def _source_label(self, article: Article) -> str:
        """How a citation names its source: the publisher, or what a primary text is ("joint statement")."""
        return sources.source_label(article, self.view.name)


def _title(quote: str | None) -> str:
    """Return a Markdown link title holding a quote, or nothing: no character in it may start markup."""
    if not quote:
        return ""
    text = md.tooltip(" ".join(quote.split())).replace("`", "'")
    # Straight double quotes would end the title: curl them, opening and closing in turn.
    pieces = text.split('"')
    text = "".join(piece + ("“" if n % 2 == 0 else "”") for n, piece in enumerate(pieces[:-1])) + pieces[-1]
    return f' "{text}"'


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _with_context(method: Any) -> Any:
    @jinja2.pass_context
    def filter_(context: Any, *args: Any, **kwargs: Any) -> Any:
        return method(context, *args, **kwargs)

    return filter_


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return md.escape(value)


def _cell(value: Any) -> Markdown:
    """Fit already-safe Markdown into one table cell."""
    text = value if isinstance(value, Markdown) else md.escape(value)
    return Markdown(" ".join(text.split()).replace("|", "&#124;"))


def _stance(stance: str) -> Markdown:
    return Markdown(f'<span class="dossier-stance dossier-{stance}">{STANCE_MARKS[stance]} {stance}</span>')


def _status(status: str) -> Markdown:
    return Markdown(f'<span class="dossier-status dossier-{status}">{status}</span>')


def _trend(trend: str, since: PartialDate | None = None) -> Markdown:
    when = f" since {md.inline(since.label)}" if since else ""
    return Markdown(f'<span class="dossier-trend dossier-{trend}">{TREND_MARKS[trend]} {trend}{when}</span>')


def _when(date: PartialDate | None) -> Markdown:
    """Show a date in a column of dates: one known only to the month or year says so, as the timeline does."""
    if date is None:
        return Markdown("")
    if not date.month:
        return md.inline(f"{date.year} (month not known)")
    if not date.day:
        return md.inline(f"{date.label} (day not known)")
    return md.inline(date.label)


def tag_label(tag: str) -> str:
    """Return a tag as readers see it above a title and on the tags page: 'syria-delegation' → 'Syria delegation'."""
    words = " ".join(tag.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:]


def _grade(letter: str) -> Markdown:
    return Markdown(f'<abbr class="dossier-grade" title="{RELIABILITY[letter]}">{letter}</abbr>')


def _lang_span(name: Any) -> Markdown:
    return Markdown(f'<span lang="{name.lang}" dir="{name.direction}">{md.escape(name.text)}</span>')


def render_pages(
    dossier: Dossier,
    links: Links,
    templates_dir: Path,
    today: PartialDate | None = None,
    use_directory_urls: bool = True,
    history: History | None = None,
) -> dict[str, str]:
    """Return every generated file of the site, keyed by its path from the site root.

    `today` is the build's date (dossier/clock.py decides it when left out): passed watch dates are marked against it.
    `use_directory_urls` is MkDocs' setting: the exports give each page's address as MkDocs makes it.
    `history` is what the commits changed (changes.read_history); without it, the content's own dates stand in.
    """
    view = DossierView(dossier, links, today)
    view.changes = ChangesView(dossier, history)
    renderer = _Renderer(templates_dir, view, use_directory_urls)
    pages: dict[str, str] = {}

    def add(path: str, template: str, **values: Any) -> None:
        pages[path] = renderer.render(template, path, **values)

    data_page = {
        "fields": data.schema_fields(),
        "citation_fields": data.citation_fields(),
        "event_columns": data.EVENT_COLUMNS,
        "position_columns": data.POSITION_COLUMNS,
        "feed_size": data.FEED_SIZE,
    }
    for path, template in fixed_pages().items():
        add(path, template, **(data_page if path == "data.md" else {}))
    for kind in KINDS.values():
        if kind.own_page:
            for record_id, record in dossier.records.get(kind.name, {}).items():
                add(url_of(kind.name, record_id), kind.template, **{kind.name: record})
    # Pages a large dossier needs so that none of the pages above grows with it (see LIMITS).
    # Records mentioned by name list the articles that mention them: on their own page, or under their anchor.
    for kind in named_kinds():
        for record_id in dossier.records.get(kind.name, {}):
            _add_long_lists(view, add, record_id, kind.own_page)
    if view.split_timeline():
        for path, label, events in view.timeline_pages():
            add(path, "timeline_month.md.j2", label=label, events=events)
    if view.split_disputes():
        for dispute in dossier.disputes.values():
            add(url_of("dispute", dispute.id, dossier), "dispute.md.j2", dispute=dispute)
    if view.split_sources():
        for path, label, articles in view.sources_pages():
            add(path, "sources_month.md.j2", label=label, articles=articles)
    # A name links, and a glossary term explains itself on hover, at its first mention in each section.
    tooltips = _tooltips(dossier)
    for path, page in pages.items():
        pages[path] = first_mentions(page, None if path == tooltips.glossary else tooltips)
    for asset in sorted((templates_dir / "assets").glob("*")):
        pages[f"assets/{asset.name}"] = asset.read_text(encoding="utf-8")
    pages.update(data.data_files(dossier, use_directory_urls, view.changes.news(use_directory_urls)))
    return dict(sorted(pages.items()))


def _add_long_lists(view: DossierView, add: Any, record_id: str, own_page: bool) -> None:
    """Add the pages listing every article that mentions a record, and every event it takes part in, when long.

    A record on a page of its own lists more mentions there, and its events; one anchored on a shared page, fewer.
    """
    limit = LIMITS["mentions" if own_page else "term_mentions"]
    if len(view.backlinks(record_id).articles) > limit:
        listing = view.mention_pages(record_id)
        for number, (path, chunk) in enumerate(listing, 1):
            add(path, "mentions.md.j2", record_id=record_id, chunk=chunk, number=number, listing=listing)
    if own_page and len(view.events_of(record_id)) > LIMITS["events"]:
        pages_of_events = view.event_pages(record_id)
        for number, (path, events) in enumerate(pages_of_events, 1):
            template = "record_timeline.md.j2"
            add(path, template, record_id=record_id, chunk=events, number=number, listing=pages_of_events)


def kind_names() -> dict[str, str]:
    """What the What changed page calls each kind of record (asked at each build: kinds can be added)."""
    return {"dossier": "Brief", **{kind.name: kind.label for kind in KINDS.values()}}


class ChangesView:
    """The What changed page and each record's own changes, from git's history or the content's dates."""

    def __init__(self, dossier: Dossier, history: History | None) -> None:
        self.dossier = dossier
        self.from_git = history is not None and history.missing is None
        since = dossier.info.changes_since
        if history is not None and history.missing is None:
            self.all = history.changes
        else:
            changes = dated_changes(dossier)
            self.all = [c for c in changes if since is None or PartialDate.parse(c.date).last_day >= since.first_day]
        self.since = since
        self._of = last_changes(self.all) if self.from_git else {}

    def listed(self) -> list[tuple[str, list[tuple[Change, str | None]]]]:
        """Return the newest changes, grouped by day (newest first), each with the page that shows it now."""
        groups: dict[str, list[tuple[Change, str | None]]] = {}
        for change in self.all[:CHANGES_ON_PAGE]:
            label = PartialDate.parse(change.date).label if change.date else "date not known"
            groups.setdefault(label, []).append((change, self.target(change)))
        return list(groups.items())

    def left_out(self) -> int:
        return max(0, len(self.all) - CHANGES_ON_PAGE)

    def target(self, change: Change) -> str | None:
        """Return where a record shows now, or None when it has been removed since."""
        if change.kind == "dossier":
            return "index.md"
        records = self.dossier.kinds().get(change.kind, {})
        return url_of(change.kind, change.id, self.dossier) if change.id in records else None

    def of(self, kind: str, record_id: str) -> list[Change]:
        """Return one record's changes, newest first (only from git: the content's dates are shown already)."""
        return self._of.get((kind, record_id), [])

    def headline(self, change: Change) -> str:
        return headline(change)

    def news(self, use_directory_urls: bool = True) -> list[data.FeedEntry] | None:
        """Return the feed's entries from git's history; None to let the feed read the content's dates."""
        if not self.from_git:
            return None
        entries = []
        counts: Counter[str] = Counter()
        for change in self.all:
            if not is_news(change) or change.date is None:
                continue
            key = f"change/{(change.commit or '')[:12]}/{change.kind}/{change.id}/{change.what}"
            counts[key] += 1
            target = self.target(change)
            page = page_address(target if target else "changes.md", use_directory_urls)
            title = f"{change.name}: {change.text}"
            entries.append(data.FeedEntry(PartialDate.parse(change.date), f"{key}/{counts[key]}", title, "", page))
        return entries


def _tooltips(dossier: Dossier) -> Tooltips:
    """Return each glossary term and alias with its term and its definition as tooltip text."""
    words: dict[str, tuple[str, str]] = {}
    for term in sorted(dossier.terms.values(), key=lambda t: t.id):
        definition = md.tooltip(md.plain(term.definition, dossier.display_name))
        if len(definition) > 300:
            definition = definition[:300].rsplit(" ", 1)[0] + "…"
        for word in (term.term, *term.aliases):
            if len(word.strip()) > 1 and definition:
                words.setdefault(word.strip(), (term.id, definition))
    return Tooltips.of(words, listing_of("term"))


__all__ = ["render_pages", "url_of", "relative", "DossierView", "LIMITS", "Term"]
