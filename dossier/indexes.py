"""What the pages ask of the linked dossier by id, indexed once per build: a record's events, positions, disputes.

Answers here are facts about a record (who refers to it, which disputes contest it); the order
readers see them in, and which of them a page shows, is the view's (view.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from . import places
from .addresses import url_of
from .kinds import BRIEF, is_of
from .link import Links, OfficeConflict
from .model import Article, Dossier, preferred_variant
from .schema import Actor, Dispute, Event, Issue, NameOf, Place, Position, Record, Ref, citations_in
from .validate import walk

BRIEF_ID = "dossier"  # templates link the brief as [[dossier]]


@dataclass(frozen=True)
class Backlinks:
    articles: list[tuple[Article, list[int]]]
    records: list[str]


class DossierIndex:
    """Each record's events, positions, disputes, members and backlinks, looked up by id."""

    def __init__(self, dossier: Dossier, links: Links) -> None:
        self.dossier = dossier
        self.links = links
        self.info = dossier.info
        self.events = dossier.sorted_events()
        # Which records concern which place: by a places field, or by a place's name (see places_of below).
        self._places_of = concerning(dossier)
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
        self._names: dict[str, str] = {}
        self._urls: dict[str, str] = {}
        self._cited_by: Counter[str] = Counter(
            citation.article for record in dossier.fact_sheets() for citation in citations_in(record)
        )

    def kind(self, record_id: str) -> str:
        if record_id == BRIEF_ID:
            return BRIEF.name
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

    def events_of(self, record_id: str) -> list[Event]:
        return self._events_of.get(record_id, [])

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

    def position(self, issue: Issue, actor_id: str) -> Position | None:
        return self._position.get((issue.id, actor_id))


def places_of(record: Record, names: dict[str, str]) -> list[str]:
    """The places a record concerns, in the order it names them: by id, or by a place's name in free text.

    A field marked `Ref("place")` names a place by id (`places: [damascus]`); free text marked
    `NameOf("place")` (an event's `place: Damascus`) concerns a place when it is its name or an alias.
    """
    found: dict[str, None] = {}
    for _loc, mark, value in walk(record):
        if not isinstance(mark, (Ref, NameOf)) or mark.kind is None or not isinstance(value, str):
            continue
        if is_of(mark.kind, Place):
            place_id = value if isinstance(mark, Ref) else places.named(value, names)
            if place_id is not None:
                found[place_id] = None
    return list(found)


def concerning(dossier: Dossier) -> dict[str, list[str]]:
    """Each record that concerns a place (by id), with those places."""
    names = places.place_names(dossier)
    result: dict[str, list[str]] = {}
    for record in dossier.fact_sheets():
        if ids := places_of(record, names):
            result[record.id] = ids
    return result
