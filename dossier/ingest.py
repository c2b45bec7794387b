"""Turn a raw text article (paragraphs one per line, bare sub-headings) into an article file."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from .dates import PartialDate

_ENDS_SENTENCE = re.compile(r"[.!?:;,\"'”’)\]…]$")
MAX_HEADING_WORDS = 8


@dataclass
class IngestedArticle:
    """The article file's text, plus what the editor should be told about the import."""

    text: str
    paragraphs: list[str]
    headings: list[str]
    dropped: list[str] = field(default_factory=list)


def article_id(publisher: str, published: str) -> str:
    """Derive an id such as 'the-national-2026-01-06' from publisher and date."""
    ascii_name = unicodedata.normalize("NFKD", publisher).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "article"
    return f"{slug}-{PartialDate.parse(published).iso}"


def ingest_text(raw: str, metadata: dict[str, object]) -> IngestedArticle:
    """Split raw text into paragraphs and headings; keep a repeated paragraph once and report it."""
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    paragraphs: list[str] = []
    headings: list[str] = []
    blocks: list[str] = []
    seen: dict[str, int] = {}
    dropped: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        if blocks and _looks_like_heading(line):
            headings.append(line)
            blocks.append(f"## {line}")
            continue
        if line in seen:
            dropped.append(f"line {number} repeats line {seen[line]} word for word: kept once: \"{_clip(line)}\"")
            continue
        seen[line] = number
        paragraphs.append(line)
        blocks.append(line)
    front = yaml.safe_dump(
        {key: value for key, value in metadata.items() if value not in (None, "")},
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    text = f"---\n{front}---\n" + "".join(f"\n{block}\n" for block in blocks)
    return IngestedArticle(text, paragraphs, headings, dropped)


def _looks_like_heading(line: str) -> bool:
    return len(line.split()) <= MAX_HEADING_WORDS and not _ENDS_SENTENCE.search(line)


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
