"""Stage 7: publish the dossier as data: dossier.json (with its JSON Schema), the CSV files, feed.xml.

Each file is a pydantic model serialised by pydantic. dossier.json's models are made from the
record models of schema.py, a list for each kind with a `section` in kinds.py, so a new kind or a
new field is in the JSON and in its schema (pydantic's model_json_schema) without a change here.
Every file is a function of the content alone, never of the clock, so two builds of the same
content give the same bytes. Addresses are MkDocs' (`actors/syria/`, or `actors/syria.html`
without directory URLs), as addresses.py works them out.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import types
import typing
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urljoin

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.json_schema import GenerateJsonSchema

from . import markdown as md
from .addresses import page_address, paragraph_of, record_address
from .dates import PartialDate
from .kinds import KINDS, Kind
from .model import Article, Dossier
from .places import GEOMETRY_TYPES
from .schema import (
    LIKELIHOOD,
    RELIABILITY,
    ArticleMeta,
    Citation,
    DossierInfo,
    Geometry,
    Judgement,
    Prose,
    Record,
    citations_in,
)
from .sources import Publication, source_label
from .text import json_safe, xml_safe

FORMAT_VERSION = 1
PROSE_MEANING = typing.get_args(Prose)[1].description
ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 100
DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# The CSV files: a model per row, its fields the columns, in order, each with what it holds.


class EventRow(BaseModel):
    """One row of events.csv: an event."""

    id: str = Field(description="the event's id")
    date: str = Field(description="when it happened, at the precision known: YYYY, YYYY-MM or YYYY-MM-DD")
    precision: str = Field(description="year, month or day")
    title: str = Field(description="what happened, in a few words")
    summary: str = Field(description="what happened, as plain text")
    place: str = Field(description="where it happened")
    actors: str = Field(description="ids of the actors involved, separated by '; '")
    issues: str = Field(description="ids of the issues it bears on, separated by '; '")
    sources: str = Field(description="the supporting paragraphs, article-id#pN, separated by '; '")
    source_names: str = Field(
        description="each source as readers see it (publisher ¶N, or a primary text's type ¶N), in the same order"
    )
    source_grades: str = Field(description="each source's Admiralty reliability grade (A–F), in the same order")
    page: str = Field(description="where the event is shown on this site")


class PositionRow(BaseModel):
    """One row of positions.csv: one party's position on one issue."""

    issue: str = Field(description="the issue's id")
    issue_title: str = Field(description="the issue's title")
    issue_status: str = Field(
        description="the issue's status: open, stalled, agreed, implemented, resolved or abandoned"
    )
    actor: str = Field(description="the party's id")
    actor_name: str = Field(description="the party's name")
    stance: str = Field(description="supports, opposes, conditional or undecided")
    summary: str = Field(description="the position in the party's terms, as plain text")
    as_of: str = Field(description="when the party held this position: YYYY, YYYY-MM or YYYY-MM-DD")
    sources: str = Field(description="the supporting paragraphs, article-id#pN, separated by '; '")
    source_names: str = Field(
        description="each source as readers see it (publisher ¶N, or a primary text's type ¶N), in the same order"
    )
    source_grades: str = Field(description="each source's Admiralty reliability grade (A–F), in the same order")
    page: str = Field(description="the issue's page on this site")


class CommitmentRow(BaseModel):
    """One row of commitments.csv: a commitment, with its latest status."""

    id: str = Field(description="the commitment's id")
    title: str = Field(description="what was promised, in a few words")
    by: str = Field(description="ids of the actors who committed, separated by '; '")
    to: str = Field(description="ids of the actors it was promised to, separated by '; '")
    issue: str = Field(description="the id of the issue it belongs to")
    what: str = Field(description="what was promised, as plain text")
    made: str = Field(description="when it was made: YYYY, YYYY-MM or YYYY-MM-DD")
    due: str = Field(description="the deadline, YYYY, YYYY-MM or YYYY-MM-DD, or 'no date given'")
    status: str = Field(description="its latest status: proposed, agreed, in progress, kept, missed or withdrawn")
    status_date: str = Field(description="the date of that status")
    conditional_on: str = Field(description="ids of the commitments or issues it depends on, separated by '; '")
    sources: str = Field(description="the paragraphs that report it, article-id#pN, separated by '; '")
    source_names: str = Field(
        description="each source as readers see it (publisher ¶N, or a primary text's type ¶N), in the same order"
    )
    source_grades: str = Field(description="each source's Admiralty reliability grade (A–F), in the same order")
    page: str = Field(description="where the commitment is shown on this site")


def _columns(row: type[BaseModel]) -> dict[str, str]:
    return {name: info.description or "" for name, info in row.model_fields.items()}


EVENT_COLUMNS = _columns(EventRow)
POSITION_COLUMNS = _columns(PositionRow)
COMMITMENT_COLUMNS = _columns(CommitmentRow)
# What a field means where schema.py does not say (its own descriptions come first).
_MEANING = {
    "id": "the record's id: its file name, unique across the dossier",
    "page": "where this record is shown on the site, from the site root",
    "title": "the title readers see",
    "subtitle": "a line under the title",
    "scope": "what the dossier covers (Markdown)",
    "bottom_line": "the conclusion first (Markdown)",
    "key_judgements": "the key judgements of the brief",
    "text": "the statement (Markdown; [[id]] links name records)",
    "likelihood": "ICD 203 likelihood term",
    "likelihood_range": "the probability range of the likelihood term",
    "confidence": "confidence in the judgement: low, moderate or high",
    "summary": "what the sources say (Markdown; [[id]] links name records)",
    "kind": "person, state, organisation, group or delegation",
    "status": "open, stalled, agreed, implemented, resolved or abandoned",
    "stance": "supports, opposes, conditional or undecided",
    "note": "what changed (Markdown)",
    "date": "YYYY, YYYY-MM or YYYY-MM-DD, at the precision known",
    "assessment": "which version the dossier prefers, and why (Markdown)",
    "definition": "what the term means (Markdown)",
    "published": "publication date: YYYY, YYYY-MM or YYYY-MM-DD",
    "url": "the original's address, or null",
    "language": "the article's language code",
    "notes": "what is known about this source (Markdown)",
    "paragraphs": "the paragraphs this site may reproduce (see reproduce), numbered as citations count them",
    "ArticleMeta.reproduce": "what the site shows of the text: full, cited (the paragraphs cited) or none",
    "number": "the paragraph's number, from 1",
    "cited": "how many citations in the dossier point at this article",
    "reliability_meaning": "what the reliability grade means",
    "NativeName.text": "the name in its own script",
    "StatusChange.trend": "the direction at that date, or null",
    "StatusChange.status": "the status from that date: open, stalled, agreed, implemented, resolved or abandoned",
    "CommitmentStep.status": "the status from that date: proposed, agreed, in progress, kept, missed or withdrawn",
    "Commitment.history": "each change of the commitment's status, oldest first; the last is its status now",
}


# The data files every site has (export_data writes them), for pages that link to them.
DATA_FILES = ("dossier.json", "dossier.schema.json", "events.csv", "positions.csv", "commitments.csv", "feed.xml")


def export_data(dossier: Dossier, changes: Any = None, urls: bool = True) -> dict[str, str]:
    """Return the data files of the site, keyed by their path from the site root.

    `changes` is the build's view.ChangesView: the feed tells git's news when it has any, else the content's dates.
    `urls` is MkDocs' use_directory_urls: pages are given at the addresses MkDocs makes (addresses.py).
    """
    return data_files(dossier, urls, news_from_history(changes, urls) if changes is not None else None)


def data_files(dossier: Dossier, urls: bool = True, news: list[FeedEntry] | None = None) -> dict[str, str]:
    """Return the data files, the feed's entries given as `news` (else from the content's dates)."""
    return {
        "dossier.json": dossier_export(dossier, urls).model_dump_json(indent=1, by_alias=True) + "\n",
        "dossier.schema.json": json.dumps(dossier_schema(), ensure_ascii=False, indent=1) + "\n",
        "events.csv": _csv(EventRow, _event_rows(dossier, urls)),
        "positions.csv": _csv(PositionRow, _position_rows(dossier, urls)),
        "commitments.csv": _csv(CommitmentRow, _commitment_rows(dossier, urls)),
        "feed.xml": atom_feed(dossier, urls, news),
    }


def data_page() -> dict[str, Any]:
    """What the Data page documents: every field of dossier.json and every column of the CSV files."""
    return {
        "fields": schema_fields(),
        "citation_fields": citation_fields(),
        "event_columns": EVENT_COLUMNS,
        "position_columns": POSITION_COLUMNS,
        "commitment_columns": COMMITMENT_COLUMNS,
        "feed_size": FEED_SIZE,
    }


# dossier.json: every record, every field, every citation resolved to its paragraph.


def dossier_export(dossier: Dossier, urls: bool = True) -> BaseModel:
    """Return the whole dossier as the model dossier.json is written from."""
    info = dossier.info
    brief = _fields(dossier, info, urls)
    for judgement in brief["key_judgements"]:
        judgement["likelihood_range"] = LIKELIHOOD.get(judgement["likelihood"] or "")
    data: dict[str, Any] = {"format": "briefing-dossier", "version": FORMAT_VERSION, "brief": brief}
    # Count every citation once, not once per article: the dossier's size squared otherwise.
    cited = Counter(c.article for record in dossier.fact_sheets() for c in citations_in(record))
    published = Publication.of(dossier)
    data["sources"] = [
        _source(dossier, article, cited[article.id], published, urls) for _, article in sorted(dossier.articles.items())
    ]
    for kind in sections():
        records = _sorted(dossier.records.get(kind.name, {}), kind)
        data[kind.section] = [  # type: ignore[index]
            {"id": r.id, "page": record_address(kind.name, r.id, dossier, urls), **_fields(dossier, r, urls)}
            for r in records
        ]
    # check refuses text that is not text; should any reach here, the file must still be written and parse.
    return dossier_model().model_validate(_text_safe(data))


def _text_safe(value: Any) -> Any:
    if isinstance(value, str):
        return json_safe(value)
    if isinstance(value, list):
        return [_text_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: _text_safe(item) for key, item in value.items()}
    return value


def sections() -> list[Kind]:
    """The kinds listed in dossier.json, each under its own key."""
    return [kind for kind in KINDS.values() if kind.section]


def _sorted(records: dict[str, Record], kind: Kind) -> list[Record]:
    return sorted(records.values(), key=lambda record: tuple(getattr(record, name) for name in kind.sort_by))


def _source(dossier: Dossier, article: Article, cited: int, published: Publication, urls: bool) -> dict[str, Any]:
    return {
        "id": article.id,
        "page": record_address("article", article.id, dossier, urls),
        **_fields(dossier, article.meta, urls),
        "reproduce": published.policy(article),  # the default worked out, as the site applies it
        "reliability_meaning": RELIABILITY[article.meta.reliability],
        "cited": cited,
        # Only what the publisher's terms let the site show (sources.Publication); the rest stays in content/.
        "paragraphs": [
            {"number": p.number, "text": p.text} for p in article.paragraphs if published.shows(article, p.number)
        ],
    }


def _fields(dossier: Dossier, model: BaseModel, urls: bool) -> dict[str, Any]:
    return {
        info.alias or name: _value(dossier, getattr(model, name), urls)
        for name, info in type(model).model_fields.items()
    }


def _value(dossier: Dossier, value: Any, urls: bool) -> Any:
    if isinstance(value, PartialDate):
        return value.iso
    if isinstance(value, Citation):
        return _citation(dossier, value, urls)
    if isinstance(value, BaseModel):
        return _fields(dossier, value, urls)
    if isinstance(value, list):
        return [_value(dossier, item, urls) for item in value]
    return value


def _citation(dossier: Dossier, citation: Citation, urls: bool) -> ResolvedCitation:
    article = dossier.articles[citation.article]
    paragraph = article.paragraph(citation.paragraph)
    shown = paragraph is not None and Publication.of(dossier).shows(article, citation.paragraph)
    return ResolvedCitation(
        ref=citation.ref,
        article=article.id,
        paragraph=citation.paragraph,
        quote=_text_safe(citation.quote),
        text=_text_safe(paragraph.text) if paragraph and shown else None,
        publisher=_text_safe(article.meta.publisher),
        reliability=article.meta.reliability,
        url=md.safe_url(article.meta.url),
        page=page_address(paragraph_of(article.id, citation.paragraph), urls),
    )


# The models of dossier.json, made from the record models: a date is its text, a citation is resolved.

_EXPORTED = ConfigDict(extra="forbid")
ExportDate = Annotated[str, Field(pattern=DATE_PATTERN)]


class ResolvedCitation(BaseModel):
    """A citation, resolved to the paragraph it points at."""

    model_config = _EXPORTED
    ref: str = Field(description="article-id#pN, as the editor wrote it")
    article: str = Field(description="the source article's id")
    paragraph: int = Field(ge=1, description="the paragraph's number, from 1")
    quote: str | None = Field(description="words quoted from that paragraph, or null")
    text: str | None = Field(description="the whole paragraph, or null when the source's terms keep it off this site")
    publisher: str = Field(description="who published the article")
    reliability: Literal[tuple(RELIABILITY)] = Field(  # type: ignore[valid-type]
        description="the article's Admiralty reliability grade"
    )
    url: str | None = Field(description="the original article's address, or null")
    page: str = Field(description="the paragraph on this site, from the site root")


class PlaceGeometry(BaseModel):
    """A place's shape, a GeoJSON geometry object as the editor wrote it (check has checked every position)."""

    model_config = _EXPORTED
    type: Literal[GEOMETRY_TYPES] = Field(description="Polygon, MultiPolygon or LineString")  # type: ignore[valid-type]
    coordinates: list[Any] = Field(
        description="the positions, each [lon, lat], nested as GeoJSON nests them: a LineString's positions, "
        "a Polygon's rings (outline first, then holes), a MultiPolygon's polygons"
    )


class Paragraph(BaseModel):
    """One paragraph of a source, as the site may show it."""

    model_config = _EXPORTED
    number: int = Field(ge=1, description=_MEANING["number"])
    text: str = Field(description="the paragraph as published")


# Fields dossier.json adds to a model's own, at the end.
_ADDED: dict[type[BaseModel], dict[str, Any]] = {
    Judgement: {"likelihood_range": (str | None, Field(description=_MEANING["likelihood_range"]))},
    ArticleMeta: {
        "reliability_meaning": (str, Field(description=_MEANING["reliability_meaning"])),
        "cited": (int, Field(ge=0, description=_MEANING["cited"])),
        "paragraphs": (list[Paragraph], Field(description=_MEANING["paragraphs"])),
    },
}
# What every record of a list gives first: its id and its page.
_RECORD = {
    "id": (str, Field(description=_MEANING["id"])),
    "page": (str, Field(description=_MEANING["page"])),
}


@functools.cache
def exported(model: type[BaseModel], record: bool = False) -> type[BaseModel]:
    """Return the model dossier.json writes a record model as: `record` adds the id and page first."""
    fields: dict[str, Any] = dict(_RECORD) if record else {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        fields[name] = (_export_type(info.annotation), Field(alias=info.alias, description=_meaning(model, key, info)))
    fields.update(_ADDED.get(model, {}))
    name = "Source" if model is ArticleMeta else model.__name__
    return create_model(name, __config__=_EXPORTED, __doc__=model.__doc__, **fields)


def _meaning(model: type[BaseModel], key: str, info: Any) -> str | None:
    # The meaning schema.py gives a field comes first, unless it is the generic one of every prose field.
    specific = _MEANING.get(f"{model.__name__}.{key}")
    generic = info.description in (None, PROSE_MEANING)
    return specific or (_MEANING.get(key) if generic else None) or info.description


def _export_type(annotation: Any) -> Any:
    """Return the type a field's value has in dossier.json: the same, with dates as text and citations resolved."""
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if annotation == Geometry:  # a GeoJSON object: its own model, so that its fields are documented
        return PlaceGeometry
    if origin is typing.Annotated:  # an editor's checks (ids, names) were made on reading: the value is kept as is
        return _export_type(arguments[0])
    if origin in (types.UnionType, typing.Union):
        return functools.reduce(lambda a, b: a | b, [_export_type(argument) for argument in arguments])
    if origin is list:
        return list[_export_type(arguments[0])]  # type: ignore[misc]
    if annotation is PartialDate:
        return ExportDate
    if annotation is Citation:
        return ResolvedCitation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return exported(annotation)
    return annotation


def dossier_model() -> type[BaseModel]:
    """Return the model of dossier.json: the brief, the sources, then a list for each kind with a section."""
    return _dossier_model(tuple(sections()))


@functools.cache
def _dossier_model(kinds: tuple[Kind, ...]) -> type[BaseModel]:
    fields: dict[str, Any] = {
        "format": (Literal["briefing-dossier"], Field(description="always briefing-dossier")),
        "version": (Literal[FORMAT_VERSION], Field(description="the version of this format")),
        "brief": (
            exported(DossierInfo),
            Field(description="the brief: title, as_of date, bottom line, key judgements, what to watch"),
        ),
        "sources": (list[exported(ArticleMeta, True)], Field(description="every source article, with its grade")),  # type: ignore[misc]
    }
    for kind in kinds:
        description = (kind.model.__doc__ or "").split(":")[0]
        fields[kind.section] = (list[exported(kind.model, True)], Field(description=description))  # type: ignore[index,misc]
    config = ConfigDict(extra="forbid", title="dossier.json")
    return create_model("Dossier", __config__=config, __doc__="A briefing dossier, as data.", **fields)


class _NoFieldTitles(GenerateJsonSchema):
    # A field's title would only repeat its name: each field says what it means in its description.
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def dossier_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) that dossier.json follows, as pydantic writes it for the model."""
    return {"$schema": DRAFT, **_json_schema(dossier_model())}


@functools.cache  # one per model (the registry's kinds make one model): pydantic takes 10 ms a time to write it
def _json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema: shared by every caller, so read it, never change it."""
    return model.model_json_schema(schema_generator=_NoFieldTitles)


@dataclass(frozen=True)
class FieldDoc:
    """One documented field of dossier.json, for the Data page."""

    path: str
    type: str
    meaning: str


def schema_fields(schema: dict[str, Any] | None = None, prefix: str = "") -> list[FieldDoc]:
    """List every field of dossier.json with its type and meaning, nested fields included."""
    schema = dossier_schema() if schema is None else schema
    return _fields_of(schema, schema.get("$defs", {}), prefix)


def citation_fields() -> list[FieldDoc]:
    return _fields_of(_json_schema(ResolvedCitation), {}, "")


_CITATION_REF = f"#/$defs/{ResolvedCitation.__name__}"


def _fields_of(schema: dict[str, Any], defs: dict[str, Any], prefix: str) -> list[FieldDoc]:
    rows = []
    for name, field in _resolve(schema, defs).get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        rows.append(FieldDoc(path, _type_name(field, defs), field.get("description", "")))
        resolved = _resolve(_unless_null(field), defs)
        if resolved.get("type") == "array":
            if resolved["items"].get("$ref") != _CITATION_REF:  # citations are documented once, apart
                rows.extend(_fields_of(resolved["items"], defs, f"{path}[]"))
        elif "properties" in resolved:
            rows.extend(_fields_of(resolved, defs, path))
    return rows


def _unless_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The one type of a field that may also be null (a place's point), whose own fields are documented too."""
    options = [option for option in schema.get("anyOf", []) if option.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {**defs[schema["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _type_name(field: dict[str, Any], defs: dict[str, Any]) -> str:
    field = _resolve(field, defs)
    if "const" in field:
        return f"always {json.dumps(field['const'])}"
    if "enum" in field:
        return "one of " + ", ".join(str(value) for value in field["enum"])
    if "anyOf" in field:
        options = [_resolve(option, defs) for option in field["anyOf"]]
        # A fixed word among the options reads as itself: 'date or "no date given"' (a commitment's due).
        named = [
            json.dumps(option["const"]) if "const" in option else _type_name(option, defs)
            for option in options
            if option.get("type") != "null"
        ]
        if len(named) < len(options):  # null is one of them
            return named[0] + ", null" if named[0].startswith("one of ") else " or ".join([*named, "null"])
        return " or ".join(named)
    kind = field.get("type", "any")
    if kind == "array":
        item = field["items"]
        if item.get("$ref") == _CITATION_REF:
            return "list of citations"
        inner = _resolve(item, defs)
        return "list of objects" if inner.get("type") == "object" else f"list of {_type_name(inner, defs)}"
    if kind == "string" and field.get("pattern") == DATE_PATTERN:
        return "date"
    return {"string": "text", "integer": "number", "boolean": "true/false"}.get(kind, str(kind))


# CSV: one row per event, one row per position, plain text, one header row.


def _csv(model: type[BaseModel], rows: Iterator[BaseModel]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(model.model_fields), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.model_dump().items()})
    return out.getvalue()


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula: keep editor text inert (OWASP's advice).
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _event_rows(dossier: Dossier, urls: bool) -> Iterator[EventRow]:
    for event in dossier.sorted_events():
        yield EventRow(
            id=event.id,
            date=event.date.iso,
            precision=_precision(event.date),
            title=md.plain(event.title, dossier.display_name),
            summary=md.plain(event.summary, dossier.display_name),
            place=md.plain(event.place or "", dossier.display_name),
            actors="; ".join(event.actors),
            issues="; ".join(event.issues),
            **_source_columns(dossier, event.sources),
            page=record_address("event", event.id, dossier, urls),
        )


def _position_rows(dossier: Dossier, urls: bool) -> Iterator[PositionRow]:
    for issue_id, issue in sorted(dossier.issues.items()):
        for position in issue.positions:
            yield PositionRow(
                issue=issue_id,
                issue_title=md.plain(issue.title, dossier.display_name),
                issue_status=issue.status,
                actor=position.actor,
                actor_name=md.plain(dossier.display_name(position.actor), dossier.display_name),
                stance=position.stance,
                summary=md.plain(position.summary, dossier.display_name),
                as_of=position.as_of.iso,
                **_source_columns(dossier, position.sources),
                page=record_address("issue", issue_id, dossier, urls),
            )


def _commitment_rows(dossier: Dossier, urls: bool) -> Iterator[CommitmentRow]:
    for commitment in sorted(dossier.commitments.values(), key=lambda c: (c.made, c.id)):
        latest = commitment.history[-1]
        yield CommitmentRow(
            id=commitment.id,
            title=md.plain(commitment.title, dossier.display_name),
            by="; ".join(commitment.by),
            to="; ".join(commitment.to),
            issue=commitment.issue,
            what=md.plain(commitment.what, dossier.display_name),
            made=commitment.made.iso,
            due=str(commitment.due),
            status=latest.status,
            status_date=latest.date.iso,
            conditional_on="; ".join(commitment.conditional_on),
            **_source_columns(dossier, commitment.sources),
            page=record_address("commitment", commitment.id, dossier, urls),
        )


def _source_columns(dossier: Dossier, sources: list[Citation]) -> dict[str, str]:
    articles = [dossier.articles[c.article] for c in sources]
    return {
        "sources": "; ".join(c.ref for c in sources),
        "source_names": "; ".join(
            f"{source_label(a, dossier.display_name)} ¶{c.paragraph}" for a, c in zip(articles, sources, strict=True)
        ),
        "source_grades": "; ".join(a.meta.reliability for a in articles),
    }


def _precision(date: PartialDate) -> str:
    return "day" if date.day else "month" if date.month else "year"


# feed.xml: an Atom feed of what changed, each entry dated by the content, never by the clock.


@dataclass(frozen=True)
class FeedEntry:
    date: PartialDate
    key: str
    title: str
    summary: str
    page: str


def feed_entries(dossier: Dossier, urls: bool = True) -> list[FeedEntry]:
    """Return what a follower is told about, newest first: events, status changes, positions, disputes."""
    name = dossier.display_name
    info = dossier.info
    bottom_line = md.plain(info.bottom_line, name)
    entries = [FeedEntry(info.as_of, "brief", f"Brief as of {info.as_of.label}", bottom_line, "./")]
    for event in dossier.events.values():
        summary = md.plain(event.summary, name) or md.plain(event.title, name)
        title = f"{event.date.label}: {md.plain(event.title, name)}"
        page = record_address("event", event.id, dossier, urls)
        entries.append(FeedEntry(event.date, f"event/{event.id}", title, summary, page))
    for issue in dossier.issues.values():
        page = record_address("issue", issue.id, dossier, urls)
        # The current status, when a dispute contests it, says so in the feed too, as on every page that states it.
        latest = max(issue.history, key=lambda change: change.date, default=None)
        for change in issue.history:
            contested = change is latest and change.status == issue.status and dossier.disputes_contesting(issue.id)
            title = f"Status of {md.plain(issue.title, name)}: {change.status}{' (contested)' if contested else ''}"
            key = f"status/{issue.id}/{change.date.iso}"
            entries.append(FeedEntry(change.date, key, title, md.plain(change.note, name), page))
        for position in issue.positions:
            title = f"{name(position.actor)} on {md.plain(issue.title, name)}: {position.stance}"
            key = f"position/{issue.id}/{position.actor}/{position.as_of.iso}"
            entries.append(FeedEntry(position.as_of, key, title, md.plain(position.summary, name), page))
    # A dispute is news when its sources first disagree: dated by the latest article its versions cite.
    for dispute in dossier.disputes.values():
        cited = [dossier.articles[c.article].meta.published for v in dispute.variants for c in v.sources]
        if cited:
            preferred = next((v for v in dispute.variants if v.rank == "preferred"), None)
            summary = (
                f"Preferred: {md.plain(preferred.value, name)}" if preferred else md.plain(dispute.assessment, name)
            )
            title = f"Sources disagree: {md.plain(dispute.question, name)}"
            page = record_address("dispute", dispute.id, dossier, urls)
            entries.append(FeedEntry(max(cited), f"dispute/{dispute.id}", title, summary, page))
    # A commitment is news at each step of its status: proposed, agreed, kept, missed…
    for commitment in dossier.commitments.values():
        page = record_address("commitment", commitment.id, dossier, urls)
        what = md.plain(commitment.what, name)
        for index, step in enumerate(commitment.history):
            title = f"Commitment: {md.plain(commitment.title, name)}: {step.status}"
            key = f"commitment/{commitment.id}/{step.date.iso}/{index + 1}"
            entries.append(FeedEntry(step.date, key, title, md.plain(step.note, name) or what, page))
    # Reviews are housekeeping, not news: an editor's check of a sheet is left out of the feed.
    entries.sort(key=lambda e: (e.date.first_day, e.key), reverse=True)
    return entries[:FEED_SIZE]


def news_from_history(changes: Any, urls: bool = True) -> list[FeedEntry] | None:
    """Return the feed's entries from git's history (view.ChangesView); None: the feed reads the content's dates."""
    if not changes.from_git:
        return None
    entries = []
    counts: Counter[str] = Counter()
    for change in changes.news():
        key = f"change/{(change.commit or '')[:12]}/{change.kind}/{change.id}/{change.what}"
        counts[key] += 1
        target = changes.target(change)
        page = page_address(target if target else "changes.md", urls)
        title = f"{change.name}: {change.text}"
        entries.append(FeedEntry(PartialDate.parse(change.date or ""), f"{key}/{counts[key]}", title, "", page))
    return entries


def atom_feed(dossier: Dossier, urls: bool = True, news: list[FeedEntry] | None = None) -> str:
    """Return the Atom feed of the dossier (RFC 4287): `news` when given, else what the content dates."""
    info = dossier.info
    base = md.safe_url(info.site_url)
    base = base.rstrip("/") + "/" if base else None
    entries = feed_entries(dossier, urls) if news is None else _with_brief(dossier, news)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", _feed_id(base, info.title, "feed"))
    _add(feed, "title", info.title)
    if info.subtitle:
        _add(feed, "subtitle", md.plain(info.subtitle, dossier.display_name))
    _add(feed, "updated", _timestamp(max([info.as_of, *(e.date for e in entries)])))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=_href(base, "feed.xml"))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=_href(base, "./"))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _add(author, "name", f"The editors of {info.title}")
    for entry in entries:
        element = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _add(element, "id", _feed_id(base, info.title, entry.key))
        _add(element, "title", entry.title)
        _add(element, "updated", _timestamp(entry.date))
        ET.SubElement(element, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=_href(base, entry.page))
        ET.SubElement(element, f"{{{ATOM}}}category", term=entry.key.split("/")[0])
        _add(element, "summary", entry.summary or entry.title)
    ET.indent(feed)
    # ElementTree writes control characters and non-characters as they are, and XML 1.0 cannot carry
    # them: check refuses them, and should any reach here, the feed must still parse.
    return '<?xml version="1.0" encoding="utf-8"?>\n' + xml_safe(ET.tostring(feed, encoding="unicode")) + "\n"


def _with_brief(dossier: Dossier, news: list[FeedEntry]) -> list[FeedEntry]:
    """Return git's news entries with the brief's own, newest first, as many as the feed holds."""
    info = dossier.info
    bottom_line = md.plain(info.bottom_line, dossier.display_name)
    brief = FeedEntry(info.as_of, "brief", f"Brief as of {info.as_of.label}", bottom_line, "./")
    entries = sorted([brief, *news], key=lambda e: e.date.first_day, reverse=True)
    return entries[:FEED_SIZE]


def _add(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = md.plain(text, str)
    return element


def _href(base: str | None, page: str) -> str:
    # Without a site_url the links stay relative, resolved against the feed's own address.
    return urljoin(base, page) if base else page


def _feed_id(base: str | None, title: str, key: str) -> str:
    # Atom ids never change: the same record on the same date keeps its id from build to build.
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, xml_safe(f'{base or title}/{key}'))}"


def _timestamp(date: PartialDate) -> str:
    year, month, day = date.first_day
    return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"
