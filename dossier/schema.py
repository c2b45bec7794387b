"""What each kind of file may contain: the one definition that validation and JSON Schema share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, PrivateAttr, WithJsonSchema

from .dates import PartialDate

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
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
RTL_LANGUAGES = {"ar", "he", "fa", "ur", "yi", "ps", "ku", "syr", "arc"}


def check_id(value: object) -> str:
    """Accept an id of lowercase ASCII letters, digits and single hyphens."""
    if not isinstance(value, str):
        raise ValueError(f"expected an id (text), found {describe(value)}")
    if not _ID.match(value):
        raise ValueError(f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens")
    return value


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
            value = value["ref"]
        if not isinstance(value, str) or not (match := _CITATION.match(value)):
            raise ValueError(f"citation {describe(value)} must look like article-id#p5")
        return cls(match.group(1), int(match.group(2)), quote)


def _date(value: object) -> PartialDate:
    return value if isinstance(value, PartialDate) else PartialDate.parse(value)


Id = Annotated[str, PlainValidator(check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]
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
Sources = Annotated[list[CitationField], Field(default_factory=list)]
Prose = Annotated[str, Field(description="Markdown; [[id]] or [[id|label]] links to a record")]
Text = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Fields and bookkeeping shared by every file an editor writes."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    _id: str = PrivateAttr(default="")
    _path: str = PrivateAttr(default="")
    _lines: dict[Any, int] = PrivateAttr(default_factory=dict)

    @property
    def id(self) -> str:
        return self._id

    @property
    def path(self) -> str:
        return self._path

    def line(self, *location: str | int) -> int:
        """Return the file line of a field (or of its nearest enclosing field)."""
        path = tuple(location)
        while path not in self._lines and path:
            path = path[:-1]
        return self._lines.get(path, 1)


class NativeName(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Text
    lang: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", description="BCP 47 code, e.g. ar, he")]
    dir: Literal["rtl", "ltr"] | None = None

    @property
    def direction(self) -> str:
        return self.dir or ("rtl" if self.lang.split("-")[0] in RTL_LANGUAGES else "ltr")


class Role(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    title: Text
    of: Id | None = None
    from_: Date | None = Field(default=None, alias="from")
    to: Date | None = None
    shared: bool = Field(default=False, description="true when several people hold this office at once")
    sources: Sources


class Actor(Record):
    name: Text
    kind: Literal["person", "state", "organisation", "group", "delegation"]
    aliases: list[Text] = Field(default_factory=list)
    native: list[NativeName] = Field(default_factory=list)
    summary: Prose = ""
    sources: Sources
    roles: list[Role] = Field(default_factory=list)
    member_of: list[Id] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    reviewed: Date | None = None


class Position(BaseModel):
    model_config = ConfigDict(extra="forbid")
    actor: Id
    stance: Literal["supports", "opposes", "conditional", "undecided"]
    summary: Prose
    as_of: Date
    sources: Sources


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: Date
    status: Literal["open", "stalled", "agreed", "implemented", "resolved", "abandoned"]
    trend: Literal["improving", "unchanged", "worsening"] | None = None
    note: Prose = ""
    sources: Sources


class Issue(Record):
    title: Text
    aliases: list[Text] = Field(default_factory=list)
    summary: Prose
    sources: Sources
    status: Literal["open", "stalled", "agreed", "implemented", "resolved", "abandoned"]
    trend: Literal["improving", "unchanged", "worsening"]
    positions: list[Position] = Field(default_factory=list)
    history: list[StatusChange] = Field(default_factory=list)
    related: list[Id] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    reviewed: Date | None = None


class Event(Record):
    date: Date
    title: Text
    summary: Prose = ""
    actors: list[Id] = Field(default_factory=list)
    issues: list[Id] = Field(default_factory=list)
    place: str | None = None
    sources: Sources
    tags: list[Text] = Field(default_factory=list)
    reviewed: Date | None = None


class Variant(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Text
    rank: Literal["preferred", "normal", "deprecated"] = "normal"
    sources: Sources


class Dispute(Record):
    question: Text
    concerns: list[Id] = Field(default_factory=list)
    variants: Annotated[list[Variant], Field(min_length=2)]
    assessment: Prose = ""
    reviewed: Date | None = None


class Term(Record):
    term: Text
    aliases: list[Text] = Field(default_factory=list)
    definition: Prose
    sources: Sources


class Judgement(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Prose
    likelihood: Literal[
        "almost no chance", "very unlikely", "unlikely", "roughly even chance",
        "likely", "very likely", "almost certain",
    ] | None = None
    confidence: Literal["low", "moderate", "high"]
    sources: Sources


class WatchItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Prose
    by: Date | None = None
    sources: Sources


class DossierInfo(Record):
    title: Text
    subtitle: str = ""
    scope: Prose = ""
    as_of: Date
    bottom_line: Prose
    key_judgements: list[Judgement] = Field(default_factory=list)
    watch: list[WatchItem] = Field(default_factory=list)
    stale_after_days: Annotated[int, Field(ge=1)] = 120
    site_url: str | None = None


class ArticleMeta(Record):
    title: Text
    publisher: Text
    published: Date
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] = "en"
    via: str | None = Field(
        default=None, description="the original source when this outlet reproduces another's report"
    )
    notes: Prose = ""


FACT_SHEETS: dict[str, type[Record]] = {
    "actors": Actor,
    "issues": Issue,
    "events": Event,
    "disputes": Dispute,
}
