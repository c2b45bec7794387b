"""Every kind of record, declared once: each stage loops over these rows instead of naming kinds.

Adding a kind is a schema class (schema.py), a row here, its templates and its table in the editor
guide (see "Adding a kind" in content/pages/editing.md). Nothing else names a kind's folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .schema import Actor, ArticleMeta, Commitment, Dispute, DossierInfo, Event, Issue, Place, Record, Term

# How a kind's records are written: one YAML file each in a folder, entries of one YAML file,
# Markdown with front matter in a folder, or a single YAML file for the whole dossier.
Shape = Literal["sheets", "entries", "markdown", "single"]


@dataclass(frozen=True)
class Kind:
    """One kind of record: where it is written, what it holds, how readers reach it."""

    name: str  # what references and links call it: 'actor'
    model: type[Record]
    folder: str  # content/<folder>/ (sheets, articles), or content/<folder>.yaml (entries, single)
    shape: Shape
    title: str  # the field readers see as the record's name
    named: bool = False  # articles mention it by its title and `aliases`, and are linked to it
    page: str = ""  # own pages: the folder of <id>.md pages; else the shared page that anchors each record
    own_page: bool = False
    listing: str | None = None  # the template of the page listing every record (own pages: <page>/index.md)
    section: str | None = None  # its list in dossier.json
    referrers: str = ""  # the heading of its group under "Referred to by"
    referrer_rank: int = 0  # where that group comes among the others
    scaffold: bool = False  # `new <kind>` writes templates/scaffolds/<name>.yaml.j2
    sort_by: tuple[str, ...] = ("id",)  # the order of its list in dossier.json
    reader_name: str = ""  # what readers call one record of it, when not its name capitalised ('Source')
    # A shared page with more records than LIMITS[cut_after] is cut: a page per month of the records'
    # `date` ('month', from <page>_month.md.j2), a page per record ('record', from <name>.md.j2), or
    # each record onto the page of the record its reference field `cut_to` names ('host': a commitment
    # on its issue's page, from that page's own template).
    cut: Literal["month", "record", "host"] | None = None
    cut_after: str = ""
    cut_to: str = ""
    tooltip: str | None = None  # the field a record's words explain themselves with on hover (the glossary)
    news: bool = False  # a new record of it is news: the feed and `changes` tell followers of it
    # Its order under "Referred to by": by name, by `date`, as on the status board, or most said about first.
    referrer_order: Literal["name", "date", "status", "weight"] = "name"
    # Kinds whose records may name the same thing as one of this kind's, written before this kind
    # existed (a glossary entry for a place): `check` says how to move such a record, not just "rename one".
    absorbs: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """What readers call one record of this kind: 'Actor', 'Source'."""
        return self.reader_name or self.name.capitalize()

    @property
    def suffix(self) -> str:
        return ".md" if self.shape == "markdown" else ".yaml"

    @property
    def schema_name(self) -> str:
        """The editors' JSON Schema file: <schema_name>.schema.json."""
        return self.folder if self.shape in ("entries", "single") else self.name

    @property
    def month_template(self) -> str:
        """The template of one month of a shared page cut by month: timeline_month.md.j2."""
        return f"{self.page.removesuffix('.md')}_month.md.j2"

    @property
    def template(self) -> str:
        """The page template of one record with a page of its own, given the record as `<name>`."""
        return f"{self.name}.md.j2"


# The order is the order of Dossier.kinds(), of fact_sheets() and of dossier.json's lists.
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="article",
            model=ArticleMeta,
            folder="articles",
            shape="markdown",
            title="title",
            page="articles",
            own_page=True,
            listing="sources.md.j2",
            reader_name="Source",
        ),
        Kind(
            name="actor",
            model=Actor,
            folder="actors",
            shape="sheets",
            title="name",
            named=True,
            page="actors",
            own_page=True,
            listing="actors.md.j2",
            section="actors",
            referrers="Actors",
            referrer_rank=4,
            referrer_order="weight",
            scaffold=True,
        ),
        Kind(
            name="issue",
            model=Issue,
            folder="issues",
            shape="sheets",
            title="title",
            named=True,
            page="issues",
            own_page=True,
            listing="issues.md.j2",
            section="issues",
            referrers="Issues",
            referrer_rank=1,
            referrer_order="status",
            scaffold=True,
        ),
        Kind(
            name="event",
            model=Event,
            folder="events",
            shape="sheets",
            title="title",
            page="timeline.md",
            listing="timeline.md.j2",
            section="events",
            referrers="Events",
            referrer_rank=2,
            referrer_order="date",
            news=True,
            scaffold=True,
            sort_by=("date", "id"),
            cut="month",
            cut_after="timeline",
        ),
        Kind(
            name="dispute",
            model=Dispute,
            folder="disputes",
            shape="sheets",
            title="question",
            page="disputes.md",
            listing="disputes.md.j2",
            section="disputes",
            referrers="Disputes",
            referrer_rank=3,
            news=True,
            scaffold=True,
            cut="record",
            cut_after="dispute_list",
        ),
        Kind(
            name="term",
            model=Term,
            folder="glossary",
            shape="entries",
            title="term",
            named=True,
            page="glossary.md",
            listing="glossary.md.j2",
            section="glossary",
            referrers="Glossary",
            referrer_rank=5,
            tooltip="definition",
        ),
        Kind(
            name="commitment",
            model=Commitment,
            folder="commitments",
            shape="sheets",
            title="title",
            page="commitments.md",
            listing="commitments.md.j2",
            section="commitments",
            referrers="Commitments",
            referrer_rank=6,
            scaffold=True,
            sort_by=("made", "id"),
            news=True,
            cut="host",
            cut_after="commitment_list",
            cut_to="issue",  # past the limit, each commitment is shown on its issue's page
        ),
        Kind(
            name="place",
            model=Place,
            folder="places",
            shape="sheets",
            title="name",
            named=True,
            page="places",
            own_page=True,
            listing="places.md.j2",
            section="places",
            referrers="Places",
            referrer_rank=7,
            scaffold=True,
            absorbs=("term",),
        ),
    )
}
# The dossier itself: one file, shown as the brief on the home page.
BRIEF = Kind(
    name="brief", model=DossierInfo, folder="dossier", shape="single", title="title", page="index.md", referrers="Brief"
)


def register(kind: Kind) -> None:
    """Add a kind (a plug-in's, or a test's); every stage reads KINDS when it runs."""
    KINDS[kind.name] = kind


def unregister(name: str) -> None:
    KINDS.pop(name, None)


def by_folder(folder: str) -> Kind | None:
    """Return the kind written in content/<folder>/ or content/<folder>.yaml, the brief's included."""
    return next((kind for kind in (BRIEF, *KINDS.values()) if kind.folder == folder), None)


def kind_of_model(model: type[Record]) -> Kind | None:
    """Return the kind whose records are of this model (Actor, Issue…): stages that ask about a type ask here."""
    return next((kind for kind in KINDS.values() if issubclass(kind.model, model)), None)


def is_of(name: str, model: type[Record]) -> bool:
    """True when the kind of this name holds records of this model."""
    kind = KINDS.get(name)
    return kind is not None and issubclass(kind.model, model)


def fact_sheet_kinds() -> list[Kind]:
    """The kinds written as YAML records (every kind but the Markdown articles), in order."""
    return [kind for kind in KINDS.values() if kind.shape in ("sheets", "entries")]


def named_kinds() -> list[Kind]:
    """The kinds that articles mention by name, in order."""
    return [kind for kind in KINDS.values() if kind.named]
