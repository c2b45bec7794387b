"""The validated dossier and the questions the later stages ask of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .kinds import KINDS, fact_sheet_kinds
from .markdown import LINK
from .schema import Actor, ArticleMeta, Dispute, DossierInfo, Event, Issue, Record, Term, Variant


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str
    line: int


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Article:
    """One source article: its front matter and its body, paragraphs numbered from 1."""

    meta: ArticleMeta
    blocks: list[Paragraph | Heading]

    @cached_property
    def id(self) -> str:
        # Cached: pages ask it hundreds of thousands of times, and pydantic's private fields are slow to read.
        return self.meta.id

    @property
    def path(self) -> str:
        return self.meta.path

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        # Worked out once: every citation of the article asks for it again.
        return [block for block in self.blocks if isinstance(block, Paragraph)]

    def paragraph(self, number: int) -> Paragraph | None:
        """Return paragraph `number` (1-based), or None if the article has no such paragraph."""
        paragraphs = self.paragraphs
        return paragraphs[number - 1] if 1 <= number <= len(paragraphs) else None

    @property
    def source_key(self) -> str:
        """Name the independent origin: outlets reproducing one wire report count once."""
        return (self.meta.via or self.meta.publisher).strip().casefold()


AnyRecord = Actor | Issue | Event | Dispute | Term


@dataclass
class Dossier:
    """Every record of the dossier, by kind and by id (kinds.py lists the kinds)."""

    info: DossierInfo
    records: dict[str, dict[str, Any]] = field(default_factory=lambda: {name: {} for name in KINDS})

    # The names templates and stages use for the kinds this package declares.
    @property
    def articles(self) -> dict[str, Article]:
        return self.records["article"]

    @property
    def actors(self) -> dict[str, Actor]:
        return self.records["actor"]

    @property
    def issues(self) -> dict[str, Issue]:
        return self.records["issue"]

    @property
    def events(self) -> dict[str, Event]:
        return self.records["event"]

    @property
    def disputes(self) -> dict[str, Dispute]:
        return self.records["dispute"]

    @property
    def terms(self) -> dict[str, Term]:
        return self.records["term"]

    def kinds(self) -> dict[str, Mapping[str, Record | Article]]:
        return {name: self.records.setdefault(name, {}) for name in KINDS}

    def kind_of(self, record_id: str) -> str | None:
        """Return 'actor', 'issue', … for a known id, or None."""
        for kind, records in self.kinds().items():
            if record_id in records:
                return kind
        return None

    def record(self, record_id: str) -> Record | Article | None:
        for records in self.kinds().values():
            if record_id in records:
                return records[record_id]
        return None

    def all_ids(self) -> set[str]:
        return {record_id for records in self.kinds().values() for record_id in records}

    def fact_sheets(self) -> list[Record]:
        """Every YAML record (not articles), in a stable order."""
        sheets: list[Record] = [self.info]
        for kind in fact_sheet_kinds():
            sheets.extend(self.records.get(kind.name, {}).values())
        return sheets

    def origin(self, article: Article) -> Article:
        """Return the article this one derives from, followed to the first that derives from none."""
        seen = {article.id}
        while article.meta.derives_from in self.articles and article.meta.derives_from not in seen:
            article = self.articles[article.meta.derives_from]
            seen.add(article.id)
        return article

    def disputes_contesting(self, record_id: str) -> list[Dispute]:
        """Return the disputes that put a record's headline claim (an issue's status, an office) in doubt."""
        return [dispute for dispute in self.disputes.values() if record_id in dispute.contests]

    def disputes_in(self, text: str) -> list[Dispute]:
        """Return the disputes a statement rests on: those it links with [[id]], or whose contested records it links.

        One rule for every page and for `check`: a statement is tied to a dispute by what it links,
        so an editor decides it by writing the link, and a reader sees the mark wherever it applies.
        """
        found: dict[str, Dispute] = {}
        for match in LINK.finditer(text):
            target = match.group(1).strip()
            if target in self.disputes:
                found.setdefault(target, self.disputes[target])
            for dispute in self.disputes_contesting(target):
                found.setdefault(dispute.id, dispute)
        return list(found.values())

    def sorted_events(self) -> list[Event]:
        return sorted(self.events.values(), key=lambda event: (event.date, event.id))

    def display_name(self, record_id: str) -> str:
        """Return the name a reader sees for any record: its kind's title field."""
        kind = self.kind_of(record_id)
        if kind is None:
            return record_id
        record = self.records[kind][record_id]
        return str(getattr(record.meta if isinstance(record, Article) else record, KINDS[kind].title))


def preferred_variant(dispute: Dispute) -> Variant | None:
    """Return the version the dossier prefers, if it marked one."""
    return next((variant for variant in dispute.variants if variant.rank == "preferred"), None)
