"""What each kind of file may contain: the one definition that validation and JSON Schema share."""

from __future__ import annotations

import bisect
import functools
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, PrivateAttr, WithJsonSchema
from pydantic_core import PydanticCustomError

from .dates import PartialDate
from .text import check_name, check_text

if TYPE_CHECKING:  # kinds.py declares each kind from these models
    from .kinds import Kind

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
# An id names a page's file (mentions/<id>.md…): a glossary key, unlike a file name, has no length
# limit of its own, and past 255 bytes the build fails on "File name too long".
MAX_ID_LENGTH = 100
_CITATION = re.compile(r"^([^#\s]+)#p(\d+)$")

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
LIKELIHOOD = {
    "almost no chance": "1–5%",
    "very unlikely": "5–20%",
    "unlikely": "20–45%",
    "roughly even chance": "45–55%",
    "likely": "55–80%",
    "very likely": "80–95%",
    "almost certain": "95–99%",
}
# Information credibility (Admiralty), per claim: the digit of a grade such as B2.
CREDIBILITY = {
    "1": "confirmed by other sources",
    "2": "probably true",
    "3": "possibly true",
    "4": "doubtful",
    "5": "improbable",
    "6": "truth cannot be judged",
}
# The strongest likelihood a judgement may state on a claim graded so: "probably true" is ICD 203's
# "likely", and only a confirmed claim supports "very likely" or "almost certain".
STRONGEST_LIKELIHOOD = {
    "1": "almost certain",
    "2": "likely",
    "3": "roughly even chance",
    "4": "unlikely",
    "5": "very unlikely",
    "6": "roughly even chance",
}
RTL_LANGUAGES = {"ar", "he", "fa", "ur", "yi", "ps", "ku", "syr", "arc"}


def check_id(value: object) -> str:
    """Accept an id of lowercase ASCII letters, digits and single hyphens."""
    if not isinstance(value, str):
        raise ValueError(f"expected an id (text), found {describe(value)}")
    if not _ID.fullmatch(value):
        raise ValueError(f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens")
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(id_too_long(value))
    return value


def id_too_long(value: str) -> str:
    """Say that an id is longer than ids may be."""
    return f"'{value[:20]}…' is too long for an id: {len(value)} characters, at most {MAX_ID_LENGTH}"


def describe(value: object) -> str:
    """Name a YAML value's type the way an editor would."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


@dataclass(frozen=True)
class Citation:
    """A pointer to one numbered paragraph of one article, with an optional verbatim quote."""

    article: str
    paragraph: int
    quote: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.article}#p{self.paragraph}"

    @classmethod
    def parse(cls, value: object) -> Citation:
        """Accept 'article-id#p5' or {ref: 'article-id#p5', quote: '...'}."""
        quote = None
        if isinstance(value, dict):
            unknown = set(value) - {"ref", "quote"}
            if unknown:
                raise ValueError(f"unknown field '{sorted(unknown)[0]}' in citation: use ref and quote")
            if "ref" not in value:
                raise ValueError("citation needs a 'ref' such as article-id#p5")
            quote = value.get("quote")
            if "quote" in value and (not isinstance(quote, str) or not quote.strip()):
                raise ValueError("citation 'quote' must be non-empty text")
            if isinstance(quote, str):
                try:
                    check_text(quote)
                except ValueError as error:
                    raise ValueError(f"citation 'quote' {error}") from None
            value = value["ref"]
        if not isinstance(value, str) or not (match := _CITATION.match(value)):
            raise ValueError(f"citation {describe(value)} must look like article-id#p5")
        return cls(match.group(1), int(match.group(2)), quote)


def citations_in(model: BaseModel) -> Iterator[Citation]:
    """Yield every citation a record (or any part of one) holds, nested ones included, in field order."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Citation):
                yield item
            elif isinstance(item, BaseModel):
                yield from citations_in(item)


def _date(value: object) -> PartialDate:
    return value if isinstance(value, PartialDate) else PartialDate.parse(value)


Id = Annotated[
    str,
    PlainValidator(check_id),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": ID_PATTERN,
            "maxLength": MAX_ID_LENGTH,
            "description": "the id of a record: its file name",
        }
    ),
]
Date = Annotated[
    PartialDate,
    PlainValidator(_date),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "YYYY, YYYY-MM or YYYY-MM-DD, kept at the precision written",
        }
    ),
]
CitationField = Annotated[
    Citation,
    PlainValidator(Citation.parse),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^[^#\s]+#p\d+$"},
                {
                    "type": "object",
                    "properties": {"ref": {"type": "string"}, "quote": {"type": "string"}},
                    "required": ["ref"],
                    "additionalProperties": False,
                },
            ],
            "description": "article-id#pN, or {ref: article-id#pN, quote: words found verbatim there}",
        }
    ),
]
Sources = Annotated[
    list[CitationField],
    Field(default_factory=list, description="the paragraphs that support this: article-id#pN, one per line"),
]


def _shown(check: Any) -> Any:
    """Wrap a check of text.py so that pydantic reports its refusal as 'field has …' (see validate._explain)."""

    def validate(value: str) -> str:
        try:
            return str(check(value))
        except ValueError as error:
            raise PydanticCustomError("unshowable", "{reason}", {"reason": str(error)}) from None

    return validate


def _not_blank(value: str) -> str:
    # min_length catches "", not "  ": a name of spaces shows as nothing at all.
    if value and not value.strip():
        raise PydanticCustomError("blank", "must not be blank")
    return value


@dataclass(frozen=True)
class Ref:
    """Marks a field that names a record by id: of kind `kind` ('actor', …), or of any kind when None."""

    kind: str | None


@dataclass(frozen=True)
class ProseMark:
    """Marks Markdown text whose [[id]] links must name records, and whose names link to them."""


@dataclass(frozen=True)
class NameOf:
    """Marks free text that refers to a record of `kind` when it is that record's name or one of its aliases."""

    kind: str


Mark = Ref | ProseMark | NameOf
_MARKS = (Ref, ProseMark, NameOf)

# Text readers see: never a control character or a non-character (text.py says why).
Prose = Annotated[
    str,
    Field(description="Markdown; [[id]] or [[id|label]] links to a record"),
    AfterValidator(_shown(check_text)),
    ProseMark(),
]
# What a reference may point at is marked on its type: validation and linking read the mark.
ActorId = Annotated[Id, Ref("actor")]
IssueId = Annotated[Id, Ref("issue")]
ArticleId = Annotated[Id, Ref("article")]
RecordId = Annotated[Id, Ref(None)]
PlaceId = Annotated[Id, Ref("place")]
PLACES = "the places it concerns (place ids): shown on its small map and on each place's page"


@functools.cache
def field_marks(model: type[BaseModel]) -> dict[str, tuple[Mark | None, bool]]:
    """Return each field's mark (by its name as written) and whether it holds citations."""
    return {
        info.alias or name: (_mark_in(info.annotation, tuple(info.metadata)), _holds(info.annotation, Citation))
        for name, info in model.model_fields.items()
    }


def _mark_in(annotation: Any, metadata: tuple[Any, ...] = ()) -> Mark | None:
    # The mark of a field's leaves: on the field itself, or on the type of its items (list[ActorId], X | None).
    found = next((item for item in metadata if isinstance(item, _MARKS)), None)
    if found is None and typing.get_origin(annotation) is Annotated:
        found = next((item for item in annotation.__metadata__ if isinstance(item, _MARKS)), None)
    for argument in typing.get_args(annotation):
        if found is None and not isinstance(argument, _MARKS):
            found = _mark_in(argument)
    return found


def _holds(annotation: Any, wanted: type) -> bool:
    return annotation is wanted or any(_holds(argument, wanted) for argument in typing.get_args(annotation))


Text = Annotated[str, Field(min_length=1), AfterValidator(_not_blank), AfterValidator(_shown(check_text))]
# A name or title, also what links are made by: one line of visible text, no invisible or bidi character.
Line = Annotated[str, AfterValidator(_shown(check_name))]
Name = Annotated[str, Field(min_length=1), AfterValidator(_not_blank), AfterValidator(_shown(check_name))]
# In its own script, a name may need the zero-width joiner and non-joiner (Persian, Arabic, Indic).
NativeText = Annotated[
    str,
    Field(min_length=1),
    AfterValidator(_not_blank),
    AfterValidator(_shown(lambda value: check_name(value, native=True))),
]
_WORD = re.compile(r"[\w'’]+")
ALIASES = "other spellings, used to link mentions in articles and for search"
REVIEWED = "when an editor last checked this sheet; flagged once older than stale_after_days before as_of"


class Record(BaseModel):
    """Fields and bookkeeping shared by every file an editor writes."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    _id: str = PrivateAttr(default="")
    _path: str = PrivateAttr(default="")
    _lines: dict[Any, int] = PrivateAttr(default_factory=dict)
    _source: list[str] = PrivateAttr(default_factory=list)  # the file's lines, to find words in a long text
    _starts: list[int] = PrivateAttr(default_factory=list)  # sorted: each line of the file where a value starts

    # Read from pydantic's own dict of private attributes: `self._id` goes through its __getattr__, 30
    # times slower, and a large site's pages read ids and paths some 60,000 times.
    @property
    def id(self) -> str:
        return self.__pydantic_private__["_id"]  # type: ignore[no-any-return,index]

    @property
    def path(self) -> str:
        return self.__pydantic_private__["_path"]  # type: ignore[no-any-return,index]

    @property
    def source_lines(self) -> list[str]:
        """The lines of the file this record was read from (empty for a record made in code)."""
        return self.__pydantic_private__["_source"]  # type: ignore[no-any-return,index]

    def problems(self, kind_of: typing.Callable[[str], Kind | None]) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Yield (field, message) for what parses but cannot be, by rules of the record's own kind (none here)."""
        return iter(())

    def line(self, *location: str | int) -> int:
        """Return the file line of a field (or of its nearest enclosing field)."""
        path = tuple(location)
        while path not in self._lines and path:
            path = path[:-1]
        return self._lines.get(path, 1)

    def line_of_words(self, words: str, *location: str | int, after: str = "") -> int:
        """Return the file line on which `words` begin inside a field's text, or the field's own line.

        A long text is written over several lines (`>-`); a warning about one sentence should point
        at that sentence's line, not at the field's first. Words may wrap from one line to the next.
        With `after`, the words are looked for from where those words (a sentence's opening) are.
        """
        found = [(w.lower(), n) for n in self._field_lines(location) for w in _WORD.findall(self._source[n - 1])]
        start = _find_words(found, after, 0) if after else 0
        index = _find_words(found, words, start if start is not None else 0)
        return found[index][1] if index is not None else self.line(*location)

    def line_of_text(self, text: str, *location: str | int) -> int:
        """Return the first file line inside a field that holds `text` as written, or the field's own line."""
        return next((n for n in self._field_lines(location) if text in self._source[n - 1]), self.line(*location))

    def _field_lines(self, location: tuple[str | int, ...]) -> range:
        # From the field's line to the line before the next value of the file (of any record) starts.
        start = self.line(*location)
        if not self._source:
            return range(0)
        following = bisect.bisect_right(self._starts, start)
        return range(start, self._starts[following] if following < len(self._starts) else len(self._source) + 1)


def _find_words(found: list[tuple[str, int]], words: str, start: int) -> int | None:
    """Return the index in `found` (lower-case words and their lines) where `words` begin, from `start`."""
    wanted = _WORD.findall(words.lower())
    for index in range(start, len(found) - len(wanted) + 1):
        if wanted and all(found[index + k][0] == word for k, word in enumerate(wanted)):
            return index
    return None


class NativeName(BaseModel):
    """A name in its own script, e.g. {text: أسعد الشيباني, lang: ar}."""

    model_config = ConfigDict(extra="forbid")
    text: NativeText
    lang: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", description="BCP 47 code, e.g. ar, he")]
    dir: Literal["rtl", "ltr"] | None = Field(default=None, description="rtl or ltr; guessed from lang if left out")

    @property
    def direction(self) -> str:
        return self.dir or ("rtl" if self.lang.split("-")[0] in RTL_LANGUAGES else "ltr")


class Role(BaseModel):
    """An office an actor holds, with its dates and sources."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    title: Name = Field(description="the office, e.g. Foreign Minister")
    of: ActorId | None = Field(default=None, description="the actor the office belongs to, e.g. syria")
    from_: Date | None = Field(default=None, alias="from", description="when the actor took the office")
    to: Date | None = Field(default=None, description="when the actor left it; leave out while in office")
    shared: bool = Field(default=False, description="true when several people hold this office at once")
    sources: Sources


class Actor(Record):
    """One person, state, organisation, group or delegation: content/actors/<id>.yaml."""

    name: Name = Field(description="the name readers see")
    kind: Literal["person", "state", "organisation", "group", "delegation", "outlet"] = Field(
        description="person, state, organisation, group, delegation, or outlet: a publisher or news agency, "
        "listed with the sources and not among the actors"
    )
    aliases: list[Name] = Field(default_factory=list, description=ALIASES)
    native: list[NativeName] = Field(default_factory=list, description="the name in its own script")
    summary: Prose = ""
    sources: Sources = Field(description="the paragraphs that support the summary")
    roles: list[Role] = Field(default_factory=list, description="offices held, each with dates and sources")
    member_of: list[ActorId] = Field(
        default_factory=list, description="actors this one belongs to, e.g. a delegation or an alliance"
    )
    tags: list[Name] = Field(default_factory=list, description="free labels for grouping")
    reviewed: Date | None = Field(default=None, description=REVIEWED)


class Position(BaseModel):
    """One party's stance on an issue, at a date."""

    model_config = ConfigDict(extra="forbid")
    actor: ActorId = Field(description="the party, an actor id")
    stance: Literal["supports", "opposes", "conditional", "undecided"]
    summary: Prose
    as_of: Date = Field(description="when the party held this position; shown beside it on every page")
    sources: Sources


class StatusChange(BaseModel):
    """A dated change of an issue's status, for its history."""

    model_config = ConfigDict(extra="forbid")
    date: Date
    status: Literal["open", "stalled", "agreed", "implemented", "resolved", "abandoned"]
    trend: Literal["improving", "unchanged", "worsening"] | None = None
    note: Prose = ""
    sources: Sources


class Issue(Record):
    """One open question of the negotiation, with every party's position: content/issues/<id>.yaml."""

    title: Name
    aliases: list[Name] = Field(default_factory=list, description=ALIASES)
    summary: Prose
    sources: Sources = Field(description="the paragraphs that support the summary")
    status: Literal["open", "stalled", "agreed", "implemented", "resolved", "abandoned"]
    trend: Literal["improving", "unchanged", "worsening"] = Field(description="the direction since the last brief")
    positions: list[Position] = Field(default_factory=list, description="each party's stance, dated")
    history: list[StatusChange] = Field(default_factory=list, description="earlier changes of status, dated")
    related: list[IssueId] = Field(default_factory=list, description="other issues this one depends on")
    places: list[PlaceId] = Field(default_factory=list, description=PLACES)
    tags: list[Name] = Field(default_factory=list, description="free labels for grouping")
    reviewed: Date | None = Field(default=None, description=REVIEWED)


class Event(Record):
    """One dated event, for the timeline: content/events/<id>.yaml."""

    date: Date = Field(description="when it happened, at the precision known")
    title: Name
    summary: Prose = ""
    actors: list[ActorId] = Field(default_factory=list, description="the actors involved")
    issues: list[IssueId] = Field(default_factory=list, description="the issues it bears on")
    place: Annotated[Line, NameOf("place")] | None = Field(
        default=None, description="where it happened, as readers know the place; a place's name or alias maps it"
    )
    places: list[PlaceId] = Field(default_factory=list, description=PLACES)
    sources: Sources
    tags: list[Name] = Field(default_factory=list, description="free labels for grouping")
    reviewed: Date | None = Field(default=None, description=REVIEWED)


class Variant(BaseModel):
    """One source's version of a contested claim."""

    model_config = ConfigDict(extra="forbid")
    value: Text = Field(description="what these sources claim")
    rank: Literal["preferred", "normal", "deprecated"] = Field(
        default="normal", description="preferred: the dossier's reading; deprecated: kept, but marked wrong"
    )
    grade: Annotated[str, Field(pattern=r"^[A-F][1-6]$")] | None = Field(
        default=None, description="the Admiralty grade the dossier gives this version, e.g. B2"
    )
    sources: Sources


class Dispute(Record):
    """One contested claim, with every sourced version of it: content/disputes/<id>.yaml."""

    question: Name = Field(description="the question the sources answer differently")
    concerns: list[RecordId] = Field(default_factory=list, description="the records this dispute is about")
    contests: list[RecordId] = Field(
        default_factory=list,
        description="the records whose headline claim (an issue's status, an office) this dispute puts in doubt",
    )
    variants: Annotated[list[Variant], Field(min_length=2, description="at least two versions, each sourced")]
    assessment: Prose = ""
    reviewed: Date | None = Field(default=None, description=REVIEWED)


class Term(Record):
    """A term or agreement a reader may not know (places have sheets of their own): content/glossary.yaml."""

    term: Name = Field(description="the term as readers see it")
    aliases: list[Name] = Field(default_factory=list, description=ALIASES)
    definition: Prose
    sources: Sources


Coordinate = Annotated[float, Field(strict=True)]


class Point(BaseModel):
    """A point on the map: {lon: 36.29, lat: 33.51}."""

    model_config = ConfigDict(extra="forbid")
    lon: Coordinate = Field(description="longitude in degrees, -180 to 180, east of Greenwich positive")
    lat: Coordinate = Field(description="latitude in degrees, -90 to 90, north of the equator positive")


# GeoJSON's own geometry objects, checked in places.py so that each problem names its position's line.
Geometry = Annotated[
    dict[str, Any],
    WithJsonSchema(
        {
            "type": "object",
            "properties": {
                "type": {"enum": ["Polygon", "MultiPolygon", "LineString"]},
                "coordinates": {"type": "array"},
            },
            "required": ["type", "coordinates"],
            "additionalProperties": False,
            "description": "a GeoJSON Polygon, MultiPolygon or LineString: positions are [lon, lat]",
        }
    ),
]


class Place(Record):
    """A city, region, zone or site drawn on the maps: content/places/<id>.yaml."""

    name: Name = Field(description="the name readers see")
    kind: Literal["city", "region", "zone", "site"] = Field(description="city, region, zone or site")
    aliases: list[Name] = Field(default_factory=list, description=ALIASES)
    summary: Prose = ""
    point: Point | None = Field(default=None, description="where it is: {lon: …, lat: …}; the label goes here")
    geometry: Geometry | None = Field(
        default=None, description="its shape: a GeoJSON Polygon, MultiPolygon or LineString, positions [lon, lat]"
    )
    approximate: bool = Field(
        default=False,
        description="true when the point or shape is drawn from general knowledge, not from the sources: "
        "the maps draw it dashed and its page says so",
    )
    sources: Sources = Field(description="the paragraphs that support the summary")
    tags: list[Name] = Field(default_factory=list, description="free labels for grouping")
    reviewed: Date | None = Field(default=None, description=REVIEWED)


class Judgement(BaseModel):
    """A key judgement of the brief: an ICD 203 likelihood term and a confidence level."""

    model_config = ConfigDict(extra="forbid")
    text: Prose
    likelihood: (
        Literal[
            "almost no chance",
            "very unlikely",
            "unlikely",
            "roughly even chance",
            "likely",
            "very likely",
            "almost certain",
        ]
        | None
    ) = None
    confidence: Literal["low", "moderate", "high"]
    sources: Sources


class WatchItem(BaseModel):
    """Something to watch for next."""

    model_config = ConfigDict(extra="forbid")
    text: Prose
    by: Date | None = Field(default=None, description="when it is expected")
    sources: Sources


REPRODUCE = "what the site may show of the text: full, cited (only the paragraphs the dossier cites) or none"


class PublisherTerms(BaseModel):
    """What the site may reproduce of one publisher's articles, unless an article says otherwise."""

    model_config = ConfigDict(extra="forbid")
    name: Text = Field(description="the publisher, exactly as articles write it in publisher")
    reproduce: Literal["full", "cited", "none"] = Field(description=REPRODUCE)


class DossierInfo(Record):
    """The subject of the dossier: content/dossier.yaml."""

    title: Name
    subtitle: Line = ""
    scope: Prose = ""
    as_of: Date = Field(description="the date of the brief; freshness is measured against it, so builds repeat")
    bottom_line: Prose
    bottom_line_sources: Sources = Field(description="the paragraphs that support the bottom line")
    key_judgements: list[Judgement] = Field(default_factory=list)
    watch: list[WatchItem] = Field(default_factory=list, description="what to watch next")
    stale_after_days: Annotated[int, Field(ge=1)] = Field(
        default=120, description="a sheet reviewed longer than this before as_of is flagged as possibly out of date"
    )
    site_url: Line | None = Field(default=None, description="the published site's address")
    changes_since: Date | None = Field(
        default=None,
        description="the first day the What changed page and the feed list changes of; leave out for all of them",
    )
    unlisted_names: list[Name] = Field(
        default_factory=list,
        description="names articles use that the editors judged to need no record of their own, e.g. Middle East",
    )
    publishers: list[PublisherTerms] = Field(
        default_factory=list, description="what the site may reproduce of each publisher's articles, by default"
    )


# Fields that left dossier.yaml, and where they went: said instead of "unknown field".
MOVED_FROM_DOSSIER = {
    "raw_html_pages": "raw_html_pages has moved to mkdocs.yml (extra: raw_html_pages), a maintainers' file, so "
    "that a pull request cannot turn the HTML check off for its own page: remove it here",
}


class ArticleMeta(Record):
    """The front matter of a source article: content/articles/<id>.md."""

    title: Name
    publisher: Name = Field(description="the outlet; Unattributed when unknown")
    author: Line | None = Field(default=None, description="who wrote it, as the byline gives it")
    published: Date
    url: Annotated[str, Field(pattern=r"^https?://\S+$"), AfterValidator(_shown(check_name))] | None = None
    reliability: Literal["A", "B", "C", "D", "E", "F"] = Field(description="Admiralty grade; F: cannot be judged")
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] = "en"
    via: Line | None = Field(
        default=None, description="the original source when this outlet reproduces another's report"
    )
    derives_from: ArticleId | None = Field(
        default=None,
        description="the article (an id) this one copies or follows: both count as one origin",
    )
    notes: Prose = ""
    type: Literal["news", "statement", "agreement", "un-document", "transcript", "analysis"] = Field(
        default="news", description="what the text is: a news report (the default) or a primary text, or analysis"
    )
    issued_by: list[ActorId] = Field(
        default_factory=list, description="for an official text: the actors that issued it (actor ids)"
    )
    reproduce: Literal["full", "cited", "none"] | None = Field(
        default=None,
        description=f"{REPRODUCE}; default: the publisher's in dossier.yaml, else full for official texts, "
        "cited for the rest",
    )


# Commitments: who promised what, to whom, by when, followed from proposed to kept or missed.
COMMITMENT_STATUSES = ("proposed", "agreed", "in progress", "kept", "missed", "withdrawn")
OPEN_COMMITMENT = ("proposed", "agreed", "in progress")  # still to be kept: a passed deadline makes it overdue
NO_DATE = "no date given"


def _due(value: object) -> PartialDate | Literal["no date given"]:
    if isinstance(value, str) and value.strip() == NO_DATE:
        return "no date given"
    try:
        return _date(value)
    except ValueError as error:
        raise ValueError(f"{error}, or '{NO_DATE}'") from None


Due = Annotated[
    PartialDate | Literal["no date given"],
    PlainValidator(_due),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"const": NO_DATE},
            ],
            "description": f"the deadline, YYYY, YYYY-MM or YYYY-MM-DD, or '{NO_DATE}' when the sources give none",
        }
    ),
]


class CommitmentStep(BaseModel):
    """A dated step of a commitment's status, for its history."""

    model_config = ConfigDict(extra="forbid")
    date: Date
    status: Literal["proposed", "agreed", "in progress", "kept", "missed", "withdrawn"]
    note: Prose = ""
    sources: Sources


class Commitment(Record):
    """A promise one party made, followed from proposed to kept or missed: content/commitments/<id>.yaml."""

    title: Name = Field(description="what was promised, in a few words, as readers see it in lists")
    by: Annotated[list[ActorId], Field(min_length=1, description="the actors who committed, one or more")]
    to: list[ActorId] = Field(default_factory=list, description="the actors it was promised to, if the sources say")
    what: Prose = Field(description="what was promised, in the sources' terms")
    issue: IssueId = Field(description="the issue the commitment belongs to")
    made: Date = Field(description="when the commitment was made, at the precision known")
    due: Due = Field(description=f"the deadline at the precision known, or '{NO_DATE}'")
    sources: Sources = Field(description="the paragraphs that report what was promised, when and by when")
    conditional_on: list[RecordId] = Field(
        default_factory=list, description="the commitments or issues this offer depends on (not itself)"
    )
    condition: Prose = Field(default="", description="the condition in words, for a conditional offer")
    history: Annotated[
        list[CommitmentStep], Field(min_length=1, description="each change of status, dated and cited, oldest first")
    ]
    tags: list[Name] = Field(default_factory=list, description="free labels for grouping")
    reviewed: Date | None = Field(default=None, description=REVIEWED)

    @property
    def status(self) -> str:
        """The status of its latest step."""
        return self.history[-1].status

    @property
    def deadline(self) -> PartialDate | None:
        return self.due if isinstance(self.due, PartialDate) else None

    def problems(self, kind_of: typing.Callable[[str], Kind | None]) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Yield (field, message) for dates and conditions that parse but cannot be; `kind_of` gives a record's kind."""
        made = self.made
        if self.deadline is not None and self.deadline.last_day < made.first_day:
            yield ("due",), f"due ({self.deadline}) is before the commitment was made ({made}): fix one of the dates"
        previous: CommitmentStep | None = None
        for index, step in enumerate(self.history):
            if step.date.last_day < made.first_day:
                message = f"history[{index}] ({step.status}, {step.date}) is before the commitment was made ({made})"
                yield ("history", index, "date"), f"{message}: fix the date, or made"
            elif previous is not None and step.date.last_day < previous.date.first_day:
                message = f"history[{index}] ({step.date}) is before history[{index - 1}] ({previous.date})"
                yield ("history", index, "date"), f"{message}: list the steps oldest first"
            previous = step
        for index, target in enumerate(self.conditional_on):
            where = f"conditional_on[{index}]"
            if target == self.id:
                message = "a commitment cannot depend on itself; remove it"
                yield ("conditional_on", index), f"'{target}' names this record itself in {where}: {message}"
            elif (found := kind_of(target)) is not None and not issubclass(found.model, (Commitment, Issue)):
                article = "an" if found.name[0] in "aeiou" else "a"
                what = "a commitment is conditional on another commitment or an issue"
                yield ("conditional_on", index), f"'{target}' is {article} {found.name}: {what} in {where}"
