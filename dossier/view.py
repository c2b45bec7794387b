"""What templates ask of the dossier, in the order and amount readers see it: the view of one build.

The indexes (indexes.py) say which records go with which; the view decides their order (issues
by status, actors by weight), what a page leaves to pages of its own (LIMITS) and what changed.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from . import maps, places
from .addresses import (
    LIMITS,
    MENTIONS,
    SOURCES_MONTHS,
    TIMELINES,
    is_cut,
    month_page,
    paged,
    url_of,
)
from .changes import CHANGES_ON_PAGE, Change, History, dated_changes, headline, is_news, last_changes
from .clock import build_date
from .dates import PartialDate
from .indexes import DossierIndex
from .kinds import BRIEF, KINDS, is_of
from .link import Links, OfficeConflict
from .model import Article, Dossier
from .review import is_stale
from .schema import (
    LIKELIHOOD,
    OPEN_COMMITMENT,
    Actor,
    Commitment,
    Event,
    Issue,
    Place,
    Record,
    Role,
    StatusChange,
    WatchItem,
)

# A site built this many days after its brief's date says so above the bottom line.
BRIEF_AGE_NOTICE_DAYS = 30
# The tracker's groups, in order: commitments still to be kept, then how the others ended.
COMMITMENT_GROUPS = {"open": "Open", "kept": "Kept", "missed": "Missed", "withdrawn": "Withdrawn"}


class DossierView(DossierIndex):
    """The questions templates ask, answered once per build from the linked dossier."""

    def __init__(
        self, dossier: Dossier, links: Links, today: PartialDate | None = None, history: History | None = None
    ) -> None:
        super().__init__(dossier, links)
        # Dates are judged against the later of the brief's date and the build's (see dossier/clock.py).
        self.built = today or build_date()
        self.today = max(self.built, dossier.info.as_of)
        self.changes = ChangesView(dossier, history)
        self._mention_pages: dict[str, list[tuple[str, list[tuple[Article, list[int]]]]]] = {}
        # Each actor's and issue's commitments, in the tracker's order: asked by every actor and issue page.
        self._commitments_of: dict[str, list[Commitment]] = defaultdict(list)
        for _group, commitments in self.tracker():
            for commitment in commitments:
                for record_id in dict.fromkeys([*commitment.by, *commitment.to, commitment.issue]):
                    self._commitments_of[record_id].append(commitment)
        self._place_names: dict[str, str] | None = None

    def brief_age(self) -> int | None:
        """Days from the brief's date to the build's, when that is long enough for a reader to be told."""
        days = (datetime.date(*self.built.first_day) - datetime.date(*self.info.as_of.last_day)).days
        return days if days > BRIEF_AGE_NOTICE_DAYS else None

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

    def cut(self, kind: str) -> bool:
        """True when a kind's shared page is cut into pages of its own (its row in kinds.py says how)."""
        return is_cut(kind, self.dossier)

    def month_pages(self, kind: str) -> list[tuple[str, str, list[Any]]]:
        """A shared page cut by month (or year, for records dated by year): (page, label, records), in date order."""
        declared = KINDS[kind]
        records = sorted(
            self.dossier.records.get(kind, {}).values(),
            key=lambda record: tuple(getattr(record, name) for name in declared.sort_by),
        )
        pages: dict[str, list[Any]] = defaultdict(list)
        for record in records:
            pages[month_page(declared.page.removesuffix(".md"), record.date)].append(record)
        return [(path, _month_label(chunk[0].date), chunk) for path, chunk in pages.items()]

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

    # Places: what concerns each (indexes.py), and the maps drawn of them (maps.py).

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
            if by_kind.get(name) and not is_of(name, Event)
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

    def tracker(self) -> list[tuple[str, list[Commitment]]]:
        """The commitments by group (COMMITMENT_GROUPS), each group that has any.

        Open ones first, the nearest deadline first and those with none given last; then kept, missed
        and withdrawn, the latest step first.
        """
        groups: dict[str, list[Commitment]] = {group: [] for group in COMMITMENT_GROUPS}
        for commitment in sorted(self.dossier.commitments.values(), key=lambda c: c.id):
            status = commitment.status
            groups["open" if status in OPEN_COMMITMENT else status].append(commitment)
        groups["open"].sort(key=lambda c: (c.deadline is None, c.deadline or PartialDate(1)))
        for group in ("kept", "missed", "withdrawn"):
            groups[group].sort(key=lambda c: c.history[-1].date, reverse=True)
        return [(group, commitments) for group, commitments in groups.items() if commitments]

    def overdue(self, commitment: Commitment) -> str:
        """'brief' when an open commitment's deadline had passed by the brief's date, 'build' when only by the build's.

        Both are said: a reader of an old brief learns that a deadline passed after it was written.
        """
        deadline = commitment.deadline
        if deadline is None or commitment.status not in OPEN_COMMITMENT:
            return ""
        if deadline.last_day < self.info.as_of.first_day:
            return "brief"
        return "build" if deadline.last_day < self.built.first_day else ""

    def commitments_of(self, record_id: str) -> list[Commitment]:
        """The commitments an actor made or received, or that belong to an issue, in the tracker's order."""
        return self._commitments_of.get(record_id, [])

    def commitment_counts(self, record_id: str) -> list[tuple[str, int]]:
        """How many of a record's commitments are open, overdue, kept, missed or withdrawn, leaving out none-s."""
        commitments = self.commitments_of(record_id)
        counts = Counter("open" if c.status in OPEN_COMMITMENT else c.status for c in commitments)
        overdue = sum(bool(self.overdue(c)) for c in commitments)
        closed = [(group, counts[group]) for group in list(COMMITMENT_GROUPS)[1:]]
        ordered = [("open", counts["open"]), ("overdue", overdue), *closed]
        return [(label, count) for label, count in ordered if count]

    def commitment_filters(self) -> tuple[list[str], list[str]]:
        """The actors and the issues the tracker can be filtered by: every one a commitment names, by name."""
        actors = {a for c in self.dossier.commitments.values() for a in (*c.by, *c.to)}
        issues = {c.issue for c in self.dossier.commitments.values()}
        by_name = lambda ids: sorted(ids, key=lambda i: (self.name(i).casefold(), i))  # noqa: E731
        return by_name(actors), by_name(issues)

    def tracker_split(self) -> bool:
        """True past LIMITS["tracker"]: the tracker counts commitments by issue, and has no row of its own for each."""
        return len(self.dossier.commitments) > LIMITS["tracker"]

    def tracker_by_issue(self) -> list[Issue] | None:
        """Past LIMITS["tracker"], the issues that have commitments, as on the status board; else None (one table)."""
        if not self.tracker_split():
            return None
        return [issue for issue in self.open_issues() if self.commitments_of(issue.id)]

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
        shown.update(commitment.id for commitment in self.commitments_of(record_id))
        shown.update(getattr(record, "member_of", []))
        if isinstance(record, Issue):
            shown.update(record.related)
            shown.update(position.actor for position in record.positions)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for other in self.backlinks(record_id).records:
            if other not in shown:
                by_kind[self.kind(other)].append(other)
        groups = []
        referrers = sorted((kind.referrer_rank, kind.name, kind.referrers) for kind in (BRIEF, *KINDS.values()))
        for _rank, kind, heading in (entry for entry in referrers if entry[2]):
            rank = self._referrer_rank(kind, by_kind.get(kind, []))
            ids = sorted(by_kind.get(kind, []), key=lambda i: (rank.get(i, 0), self.name(i).casefold()))
            if ids:
                groups.append((heading, ids))
        return groups

    def _referrer_rank(self, kind: str, ids: list[str]) -> dict[str, Any]:
        """Where each record of a kind comes under "Referred to by", as its row's referrer_order says."""
        order = KINDS[kind].referrer_order if kind in KINDS and ids else "name"
        if order == "date":
            records = self.dossier.records[kind]
            return {record_id: (records[record_id].date, record_id) for record_id in ids}
        if order == "status":  # as on the status board
            return {issue.id: index for index, issue in enumerate(self.open_issues())}
        if order == "weight":  # most said about first
            return {record_id: -self.weight(record_id) for record_id in ids}
        return {}

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
        if change.kind == BRIEF.folder:
            return BRIEF.page
        records = self.dossier.kinds().get(change.kind, {})
        return url_of(change.kind, change.id, self.dossier) if change.id in records else None

    def of(self, kind: str, record_id: str) -> list[Change]:
        """Return one record's changes, newest first (only from git: the content's dates are shown already)."""
        return self._of.get((kind, record_id), [])

    def headline(self, change: Change) -> str:
        return headline(change)

    def news(self) -> list[Change]:
        """Return the changes a follower of the feed is told about, newest first: each dated, and news."""
        return [change for change in self.all if is_news(change) and change.date is not None]


def _month_label(date: PartialDate) -> str:
    return PartialDate(date.year, date.month).label if date.month else f"{date.year}, month not known"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
