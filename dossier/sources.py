"""What each source is (a news report or a primary text) and how the site names it in a citation."""

from __future__ import annotations

import typing
from collections.abc import Callable

from .errors import Problem
from .model import Article, Dossier
from .schema import ArticleMeta

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
    """Return what is wrong in what the articles say they are: an official text with no issuer."""
    problems = []
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
