"""Publish the dossier as data: dossier.json (with its JSON Schema), events.csv, positions.csv, feed.xml.

Every file is a function of the content alone, never of the clock, so two builds of the same
content give the same bytes. Addresses are MkDocs' (`actors/syria/`, or `actors/syria.html` without
directory URLs), as addresses.py works them out.
"""

from __future__ import annotations

import csv
import io
import json
import types
import typing
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin

from pydantic import BaseModel

from . import markdown as md
from .addresses import page_address, paragraph_of, record_address
from .dates import PartialDate
from .kinds import KINDS, Kind
from .model import Article, Dossier
from .schema import (
    LIKELIHOOD,
    RELIABILITY,
    ArticleMeta,
    Citation,
    DossierInfo,
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
EVENT_COLUMNS = {
    "id": "the event's id",
    "date": "when it happened, at the precision known: YYYY, YYYY-MM or YYYY-MM-DD",
    "precision": "year, month or day",
    "title": "what happened, in a few words",
    "summary": "what happened, as plain text",
    "place": "where it happened",
    "actors": "ids of the actors involved, separated by '; '",
    "issues": "ids of the issues it bears on, separated by '; '",
    "sources": "the supporting paragraphs, article-id#pN, separated by '; '",
    "source_names": "each source as readers see it (publisher ¶N, or a primary text's type ¶N), in the same order",
    "source_grades": "each source's Admiralty reliability grade (A–F), in the same order",
    "page": "where the event is shown on this site",
}
POSITION_COLUMNS = {
    "issue": "the issue's id",
    "issue_title": "the issue's title",
    "issue_status": "the issue's status: open, stalled, agreed, implemented, resolved or abandoned",
    "actor": "the party's id",
    "actor_name": "the party's name",
    "stance": "supports, opposes, conditional or undecided",
    "summary": "the position in the party's terms, as plain text",
    "as_of": "when the party held this position: YYYY, YYYY-MM or YYYY-MM-DD",
    "sources": "the supporting paragraphs, article-id#pN, separated by '; '",
    "source_names": "each source as readers see it (publisher ¶N, or a primary text's type ¶N), in the same order",
    "source_grades": "each source's Admiralty reliability grade (A–F), in the same order",
    "page": "the issue's page on this site",
}
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
}


# The data files every site has (data_files writes them), for pages that link to them.
DATA_FILES = ("dossier.json", "dossier.schema.json", "events.csv", "positions.csv", "feed.xml")


def data_files(dossier: Dossier, urls: bool = True, news: list[FeedEntry] | None = None) -> dict[str, str]:
    """Return the data files of the site, keyed by their path from the site root.

    `urls` is MkDocs' use_directory_urls: pages are given at the addresses MkDocs makes (addresses.py).

    `news`: the feed's entries from git's history (render.ChangesView); without it, the content's dates.
    """
    return {
        "dossier.json": _json(dossier_json(dossier, urls)),
        "dossier.schema.json": _json(dossier_schema()),
        "events.csv": _csv(EVENT_COLUMNS, _event_rows(dossier, urls)),
        "positions.csv": _csv(POSITION_COLUMNS, _position_rows(dossier, urls)),
        "feed.xml": atom_feed(dossier, urls, news),
    }


def _json(value: Any) -> str:
    # check refuses text that is not text; should any reach here, the file must still be written and parse.
    return json_safe(json.dumps(value, ensure_ascii=False, indent=1)) + "\n"


# dossier.json: every record, every field, every citation resolved to its paragraph.


def dossier_json(dossier: Dossier, urls: bool = True) -> dict[str, Any]:
    """Return the whole dossier as plain data."""
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
    return data


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


def _citation(dossier: Dossier, citation: Citation, urls: bool) -> dict[str, Any]:
    article = dossier.articles[citation.article]
    paragraph = article.paragraph(citation.paragraph)
    return {
        "ref": citation.ref,
        "article": article.id,
        "paragraph": citation.paragraph,
        "quote": citation.quote,
        "text": paragraph.text if paragraph and Publication.of(dossier).shows(article, citation.paragraph) else None,
        "publisher": article.meta.publisher,
        "reliability": article.meta.reliability,
        "url": md.safe_url(article.meta.url),
        "page": page_address(paragraph_of(article.id, citation.paragraph), urls),
    }


# The JSON Schema of dossier.json, built from the same models, so a new field cannot go unnoticed.

_CITATION_SCHEMA = {
    "type": "object",
    "description": "a citation, resolved to the paragraph it points at",
    "properties": {
        "ref": {"type": "string", "description": "article-id#pN, as the editor wrote it"},
        "article": {"type": "string", "description": "the source article's id"},
        "paragraph": {"type": "integer", "minimum": 1, "description": "the paragraph's number, from 1"},
        "quote": {"type": ["string", "null"], "description": "words quoted from that paragraph, or null"},
        "text": {
            "type": ["string", "null"],
            "description": "the whole paragraph, or null when the source's terms keep it off this site",
        },
        "publisher": {"type": "string", "description": "who published the article"},
        "reliability": {"enum": list(RELIABILITY), "description": "the article's Admiralty reliability grade"},
        "url": {"type": ["string", "null"], "description": "the original article's address, or null"},
        "page": {"type": "string", "description": "the paragraph on this site, from the site root"},
    },
    "required": ["ref", "article", "paragraph", "quote", "text", "publisher", "reliability", "url", "page"],
    "additionalProperties": False,
}
_PAGE = {"type": "string", "description": "where this record is shown on the site, from the site root"}
_DATE_SCHEMA = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}


def dossier_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) that dossier.json follows."""
    brief = _model_schema(DossierInfo)
    judgements = brief["properties"]["key_judgements"]
    judgements["items"] = _with(
        judgements["items"],
        last={"likelihood_range": {"type": ["string", "null"], "description": _MEANING["likelihood_range"]}},
    )
    source = _with(
        _model_schema(ArticleMeta),
        first={"id": {"type": "string", "description": _MEANING["id"]}, "page": _PAGE},
        last={
            "reliability_meaning": {"type": "string", "description": _MEANING["reliability_meaning"]},
            "cited": {"type": "integer", "minimum": 0, "description": _MEANING["cited"]},
            "paragraphs": {
                "type": "array",
                "description": _MEANING["paragraphs"],
                "items": _object(
                    number={"type": "integer", "minimum": 1, "description": _MEANING["number"]},
                    text={"type": "string", "description": "the paragraph as published"},
                ),
            },
        },
    )
    properties: dict[str, Any] = {
        "format": {"const": "briefing-dossier", "description": "always briefing-dossier"},
        "version": {"const": FORMAT_VERSION, "description": "the version of this format"},
        "brief": {**brief, "description": "the brief: title, as_of date, bottom line, key judgements, what to watch"},
        "sources": {"type": "array", "items": source, "description": "every source article, with its grade"},
    }
    for kind in sections():
        model = kind.model
        record = _with(
            _model_schema(model), first={"id": {"type": "string", "description": _MEANING["id"]}, "page": _PAGE}
        )
        properties[kind.section] = {  # type: ignore[index]
            "type": "array",
            "items": record,
            "description": (model.__doc__ or "").split(":")[0],
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "dossier.json",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _with(
    schema: dict[str, Any], first: dict[str, Any] | None = None, last: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Return an object schema with more properties, in the order dossier.json writes them."""
    return _object(**(first or {}), **schema["properties"], **(last or {}))


def _model_schema(model: type[BaseModel]) -> dict[str, Any]:
    properties = {}
    for name, info in model.model_fields.items():
        schema = _type_schema(info.annotation)
        key = info.alias or name
        specific = _MEANING.get(f"{model.__name__}.{key}")
        generic = info.description in (None, PROSE_MEANING)
        meaning = specific or (_MEANING.get(key) if generic else None) or info.description
        properties[info.alias or name] = {**schema, "description": meaning} if meaning else schema
    return _object(**properties)


def _type_schema(annotation: Any) -> dict[str, Any]:
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_schema(arguments[0])
    if origin in (types.UnionType, typing.Union):
        options = [_type_schema(a) for a in arguments if a is not type(None)]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        if type(None) in arguments:
            if "type" in schema:
                return {**schema, "type": [schema["type"], "null"]}
            if "enum" in schema:
                return {**schema, "enum": [*schema["enum"], None]}
            return {"anyOf": [schema, {"type": "null"}]}
        return schema
    if origin is list:
        return {"type": "array", "items": _type_schema(arguments[0])}
    if origin is dict:  # a GeoJSON geometry, passed on as the editor wrote it
        return {"type": "object"}
    if origin is Literal:
        return {"enum": list(arguments)}
    if annotation is PartialDate:
        return dict(_DATE_SCHEMA)
    if annotation is Citation:
        return _CITATION_SCHEMA
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_schema(annotation)
    simple = {str: "string", int: "integer", bool: "boolean", float: "number"}
    return {"type": simple[annotation]}


@dataclass(frozen=True)
class FieldDoc:
    """One documented field of dossier.json, for the Data page."""

    path: str
    type: str
    meaning: str


def schema_fields(schema: dict[str, Any] | None = None, prefix: str = "") -> list[FieldDoc]:
    """List every field of dossier.json with its type and meaning, nested fields included."""
    schema = dossier_schema() if schema is None else schema
    rows = []
    for name, field in schema.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        rows.append(FieldDoc(path, _type_name(field), field.get("description", "")))
        if field.get("type") == "array" or field.get("type") == ["array", "null"]:
            if field["items"] is not _CITATION_SCHEMA:  # citations are documented once, apart
                rows.extend(schema_fields(field["items"], f"{path}[]"))
        elif isinstance(field.get("properties"), dict):
            rows.extend(schema_fields(field, path))
    return rows


def citation_fields() -> list[FieldDoc]:
    return schema_fields(_CITATION_SCHEMA)


def _type_name(field: dict[str, Any]) -> str:
    if "const" in field:
        return f"always {json.dumps(field['const'])}"
    if "enum" in field:
        return "one of " + ", ".join("null" if v is None else str(v) for v in field["enum"])
    kinds = field.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    names: list[str] = []
    for kind in kinds:
        if kind == "array":
            item = field["items"]
            inner = "objects" if item.get("type") == "object" else _type_name(item)
            names.append("list of citations" if item is _CITATION_SCHEMA else f"list of {inner}")
        elif kind == "string" and field.get("pattern") == _DATE_SCHEMA["pattern"]:
            names.append("date")
        else:
            names.append({"string": "text", "integer": "number", "boolean": "true/false"}.get(kind, str(kind)))
    return " or ".join(names)


# CSV: one row per event, one row per position, plain text, one header row.


def _csv(columns: dict[str, str], rows: Iterator[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula: keep editor text inert (OWASP's advice).
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _event_rows(dossier: Dossier, urls: bool) -> Iterator[dict[str, str]]:
    for event in dossier.sorted_events():
        yield {
            "id": event.id,
            "date": event.date.iso,
            "precision": _precision(event.date),
            "title": md.plain(event.title, dossier.display_name),
            "summary": md.plain(event.summary, dossier.display_name),
            "place": md.plain(event.place or "", dossier.display_name),
            "actors": "; ".join(event.actors),
            "issues": "; ".join(event.issues),
            **_source_columns(dossier, event.sources),
            "page": record_address("event", event.id, dossier, urls),
        }


def _position_rows(dossier: Dossier, urls: bool) -> Iterator[dict[str, str]]:
    for issue_id, issue in sorted(dossier.issues.items()):
        for position in issue.positions:
            yield {
                "issue": issue_id,
                "issue_title": md.plain(issue.title, dossier.display_name),
                "issue_status": issue.status,
                "actor": position.actor,
                "actor_name": md.plain(dossier.display_name(position.actor), dossier.display_name),
                "stance": position.stance,
                "summary": md.plain(position.summary, dossier.display_name),
                "as_of": position.as_of.iso,
                **_source_columns(dossier, position.sources),
                "page": record_address("issue", issue_id, dossier, urls),
            }


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
    # Reviews are housekeeping, not news: an editor's check of a sheet is left out of the feed.
    entries.sort(key=lambda e: (e.date.first_day, e.key), reverse=True)
    return entries[:FEED_SIZE]


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
