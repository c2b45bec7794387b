"""Turn a raw text article (paragraphs one per line, bare sub-headings) into an article file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .dates import PartialDate
from .errors import Problem
from .text import clip, slug

_ENDS_SENTENCE = re.compile(r"[.!?:;,\"'”’)\]…]$")
# A paragraph ends a sentence; a comma or an opening clause at the end of a line means it goes on.
_ENDS_PARAGRAPH = re.compile(r"[.!?…][\"'”’)\]]*$")
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
    return f"{slug(publisher, 'article')}-{PartialDate.parse(published).iso}"


def ingest_text(
    raw: str, metadata: dict[str, object], wrapped: bool = False, page_headings: set[str] | None = None
) -> IngestedArticle:
    """Split raw text into paragraphs and headings; keep a repeated paragraph once and report it.

    Each line is a paragraph, or with `wrapped`, each run of lines between blank lines. Short lines
    that end no sentence are taken for sub-headings, unless `page_headings` says which lines are (a web
    page's text, already one block a line, says so itself).
    """
    lines = (
        _wrapped_paragraphs(raw)
        if wrapped and page_headings is None
        else [(n, " ".join(line.split())) for n, line in enumerate(raw.splitlines(), 1)]
    )
    paragraphs: list[str] = []
    headings: list[str] = []
    blocks: list[str] = []
    seen: dict[str, int] = {}
    dropped: list[str] = []
    for number, line in lines:
        if not line:
            continue
        if line in page_headings if page_headings is not None else blocks and _looks_like_heading(line):
            headings.append(line)
            blocks.append(f"## {line}")
            continue
        if line in seen:
            dropped.append(f'line {number} repeats line {seen[line]} word for word: kept once: "{clip(line, 60)}"')
            continue
        seen[line] = number
        paragraphs.append(line)
        blocks.append(line)
    front = yaml.dump(
        {key: value for key, value in metadata.items() if value not in (None, "")},
        Dumper=_OneLineDumper,
        sort_keys=False,
        allow_unicode=True,
        # One line per field: a title folded over lines could leave a line '---' that closes the front matter.
        width=float("inf"),
    )
    text = f"---\n{front}---\n" + "".join(f"\n{block}\n" for block in blocks)
    return IngestedArticle(text, paragraphs, headings, dropped)


class _OneLineDumper(yaml.SafeDumper):
    """Write a value with line breaks in double quotes, as '\\n': every field stays on its own line."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in "\r\n\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_OneLineDumper.add_representer(str, _represent_text)


def run_on_lines(raw: str) -> list[int]:
    """Return the lines that seem to go on in the next one: a paragraph hard-wrapped over several lines.

    Read one per line, each piece would become a paragraph of its own, and citations need paragraph
    numbers that never change: better to stop before writing than to renumber later.
    """
    lines = [line.strip() for line in raw.splitlines()]
    return [
        number
        for number, (line, following) in enumerate(zip(lines, lines[1:], strict=False), start=1)
        if line and following[:1].islower() and not _ENDS_PARAGRAPH.search(line)
    ]


def _wrapped_paragraphs(raw: str) -> list[tuple[int, str]]:
    """Each run of lines between blank lines, joined: (its first line, its text)."""
    paragraphs: list[tuple[int, str]] = []
    current: list[str] = []
    for number, line in enumerate([*raw.splitlines(), ""], start=1):
        if line.strip():
            current.append(line)
            continue
        if current:
            paragraphs.append((number - len(current), " ".join(" ".join(current).split())))
            current = []
    return paragraphs


def _looks_like_heading(line: str) -> bool:
    return len(line.split()) <= MAX_HEADING_WORDS and not _ENDS_SENTENCE.search(line)


def article_name_warnings(content_dir: Path, record_id: str) -> list[Problem]:
    """Check content/ and return one article's name warnings: unknown names, near-misses of aliases."""
    from .link import link_mentions
    from .pipeline import check_dossier

    checked = check_dossier(content_dir)
    article = checked.dossier.articles[record_id]
    # A name is reported once, for the first article that has it: put the new article first.
    records = dict(checked.dossier.records)
    records["article"] = {record_id: article, **checked.dossier.articles}
    first = replace(checked.dossier, records=records)
    return [warning for warning in link_mentions(first).warnings if warning.path == article.path]
