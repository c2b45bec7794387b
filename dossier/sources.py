"""What each source is (a news report or a primary text) and how the site names it in a citation."""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from .errors import Problem, did_you_mean
from .model import Article, Dossier, Heading, Paragraph
from .schema import ArticleMeta, citations_in

# Each type of source: the heading of its group on the Sources page, what one is, and how a citation names it.
TYPES: dict[str, tuple[str, str, str]] = {
    "news": ("News reports", "news report", "{publisher}"),
    "statement": ("Official statements", "official statement", "{issuer} statement"),
    "agreement": ("Agreements and treaty texts", "agreement or treaty text", "agreement text"),
    "un-document": ("UN documents", "UN document", "UN document"),
    "transcript": ("Transcripts", "transcript", "{publisher} transcript"),
    "analysis": ("Analysis", "analysis", "{publisher} analysis"),
}
# Primary texts whose author is a party, not a reporter: they must say who issued them.
OFFICIAL = ("statement", "agreement", "un-document")
assert set(TYPES) == set(typing.get_args(ArticleMeta.model_fields["type"].annotation))


def source_label(article: Article, name: Callable[[str], str]) -> str:
    """Name a source in a citation: 'The National', 'joint statement', 'US State Department statement'."""
    meta = article.meta
    issuers = meta.issued_by
    if meta.type == "statement" and len(issuers) > 1:
        return "joint statement"
    issuer = name(issuers[0]) if issuers else meta.publisher
    return TYPES[meta.type][2].format(publisher=meta.publisher, issuer=issuer)


def source_groups(articles: list[Article]) -> list[tuple[str, list[Article]]]:
    """The articles grouped by type, in the order of TYPES; a type with no article is left out."""
    return [
        (heading, [a for a in articles if a.meta.type == kind])
        for kind, (heading, _one, _label) in TYPES.items()
        if any(a.meta.type == kind for a in articles)
    ]


def source_problems(dossier: Dossier) -> list[Problem]:
    """Return what is wrong with what sources say they are: an official text with no issuer, a publisher
    listed twice in dossier.yaml, or (a warning) listed under a name no article uses.
    """
    problems = []
    info = dossier.info
    seen: dict[str, int] = {}
    used = {article.meta.publisher.strip() for article in dossier.articles.values()}
    folded = {name.casefold() for name in used}
    for index, publisher in enumerate(info.publishers if isinstance(info.publishers, list) else []):
        key = publisher.name.strip().casefold()
        line = info.line("publishers", index, "name")
        if key in seen:
            message = (
                f"publisher '{publisher.name}' is listed twice in publishers (first at line {seen[key]}): keep one"
            )
            problems.append(Problem(info.path, line, message))
            continue
        seen[key] = line
        if key not in folded:
            hint = did_you_mean(publisher.name, sorted(used))
            message = (
                f"no article has the publisher '{publisher.name}' in publishers[{index}].name: its reproduce applies "
                f"to none; write the name as the articles do{hint}"
            )
            problems.append(Problem(info.path, line, message, "warning"))
    for article in dossier.articles.values():
        meta = article.meta
        if meta.type in OFFICIAL and not meta.issued_by:
            problems.append(
                Problem(
                    article.path,
                    meta.line("type"),
                    f"an official text (type: {meta.type}) needs issued_by: the ids of the actors that issued it, "
                    "e.g. issued_by: [us-state-department]",
                )
            )
    return problems


# What the site may reproduce of each source. The build checks citations against the whole text in
# content/; the published site, its search index and its data files carry only what this allows.


@dataclass(frozen=True)
class Gap:
    """Paragraphs first..last of an article, not reproduced on the site."""

    first: int
    last: int

    @property
    def numbers(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def label(self) -> str:
        return f"¶{self.first}" if self.first == self.last else f"¶{self.first}–{self.last}"


class Publication:
    """What the site may show of each article: decided here once, asked by every page and data file."""

    def __init__(self, dossier: Dossier) -> None:
        terms = {p.name.strip().casefold(): p.reproduce for p in dossier.info.publishers}
        self._policy = {
            article.id: article.meta.reproduce
            or terms.get(article.meta.publisher.strip().casefold())
            or ("full" if article.meta.type in OFFICIAL else "cited")
            for article in dossier.articles.values()
        }
        self._cited: dict[str, set[int]] = defaultdict(set)
        self._quotes: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for record in dossier.fact_sheets():
            for citation in citations_in(record):
                self._cited[citation.article].add(citation.paragraph)
                quotes = self._quotes[citation.article][citation.paragraph]
                if citation.quote and citation.quote not in quotes:
                    quotes.append(citation.quote)

    @classmethod
    def of(cls, dossier: Dossier) -> Publication:
        """Return the dossier's Publication, worked out once: each citation in dossier.json asks."""
        cached = dossier.__dict__.get("_publication")
        if not isinstance(cached, Publication):
            cached = dossier.__dict__["_publication"] = cls(dossier)
        return cached

    def policy(self, article: Article) -> str:
        """full, cited or none."""
        return self._policy[article.id]

    def shows(self, article: Article, number: int) -> bool:
        """True when the site may show paragraph `number` of the article."""
        policy = self._policy[article.id]
        return policy == "full" or (policy == "cited" and number in self._cited[article.id])

    def blocks(self, article: Article) -> list[Paragraph | Heading | Gap]:
        """The article as the site shows it: its shown paragraphs, and a gap for each run of the rest.

        Sub-headings are kept, except for `none`: they say where a gap falls, as a table of contents would.
        """
        shown: list[Paragraph | Heading | Gap] = []
        for block in article.blocks:
            if isinstance(block, Heading):
                if self._policy[article.id] != "none":
                    shown.append(block)
            elif self.shows(article, block.number):
                shown.append(block)
            elif shown and isinstance(shown[-1], Gap):
                shown[-1] = Gap(shown[-1].first, block.number)
            else:
                shown.append(Gap(block.number, block.number))
        return shown

    def quotes(self, article: Article) -> list[tuple[int, str]]:
        """The words the dossier quotes from the article, with their paragraph numbers, in order."""
        quoted = self._quotes.get(article.id, {})
        return [(number, quote) for number in sorted(quoted) for quote in quoted[number]]
