"""The size limits on what editors write: one place decides each, and checks it.

Every stage takes time in proportion to its input up to these limits, which are far above any real
dossier's (its longest word is a 119-character web address, its longest text field 23 lines). Past
them a file is refused at the line that is too big, before anything slow reads it: Python-Markdown,
which turns the pages into HTML, is quadratic in the lines of one block and in the length of one
paragraph, and recurses once per level of nested lists, quotes or emphasis until Python gives up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .errors import Problem

MAX_FILE_BYTES = 1_000_000  # any one file
MAX_LINE_CHARS = 20_000  # any one line of a file
MAX_WORD_CHARS = 1_000  # any run of characters without a space: room for the longest web address
MAX_TEXT_CHARS = 20_000  # one text field's value, or one paragraph of an article (the site shows it as one line)
MAX_TEXT_LINES = 200  # one text field's value, as the page gets it (a folded '>-' text is one line)
MAX_DEPTH = 20  # lists and mappings inside each other in YAML; lists, quotes or emphasis in a text
# HTML tags in one hand-written page. Python-Markdown reads a page's raw HTML with the standard
# library's html.parser, which (before Python 3.11.13, CVE-2025-6069) takes time in the square of the
# number of unclosed tags: 1,000 take a tenth of a second, 250,000 would take hours.
MAX_PAGE_TAGS = 1_000
_TAG = re.compile(r"<[A-Za-z/!?]")
# '[' in one hand-written page. Python-Markdown tries every '[' as the start of a link or an image
# and looks for its end through the rest of the paragraph: unclosed ones take time in the square of
# their number in one paragraph ('[a ' 800 times: 0.24 s; 6,666 times: 25 s). A limit per page,
# not per paragraph, so that a page at the limit is fast however its '[' are spread: 500 in one
# paragraph take a tenth of a second; complete links ([a](b)), as generated pages write them, are linear.
MAX_PAGE_BRACKETS = 500
# Headings in one hand-written page: each is an entry of the table of contents the theme writes into
# the page's sidebar, past a few hundred no way to find anything. (Set when Material's search, since
# replaced by Pagefind, took time in the square of a page's headings: 12,000 took over two minutes.)
MAX_PAGE_HEADINGS = 500
# Blocks (runs of lines between blank lines) in one hand-written page: Python-Markdown takes each off
# the front of a list, in time that grows with what is left (80,000 tiny paragraphs: 5 s).
MAX_PAGE_BLOCKS = 5_000
# Terms in glossary.yaml. The glossary is one page with a heading per term (and its table of contents),
# and each term's words are looked for on every page for their tooltips. (Set when Material's search
# took 54 s over 8,000 terms; other lists that grow move to pages of their own past addresses.LIMITS.)
MAX_TERMS = 1_000
# Positions in one place's geometry. The check that a shape's edges do not cross compares each edge
# with the edges beside it from left to right: near n log n for a real outline, but n² for a shape
# drawn to be slow (2,000 positions: two million comparisons, about two seconds). Real outlines of
# a city or a zone need a few hundred; every map draws each shape again, so more is also a heavier page.
MAX_PLACE_POSITIONS = 2_000
# A heading line: '#' to '######' then a space, or the underline ('===', '---') of the line before.
_PAGE_HEADING = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)

_EMPHASIS = re.compile(r"[*_]+")
# A line's list (or quote) markers: each one opens a level, as four columns of indentation do.
_MARKERS = re.compile(r"[ \t]*(?:(?:[-*+>]|\d{1,9}[.)])(?:[ \t]+|$))*")
# A line that may open more than MAX_DEPTH levels: that many characters of indent or markers first.
_DEEP_START = re.compile(rf"^[ \t*+>\-\d.)]{{{MAX_DEPTH + 1}}}", re.M)


def file_problems(text: str, path: str) -> list[Problem]:
    """Return the first line over the line limit and the first word over the word limit, if any."""
    long_line: Problem | None = None
    long_word: Problem | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) <= MAX_WORD_CHARS:
            continue  # nothing to look at, in almost every line: only a long line can hold a long word
        if long_line is None and len(line) > MAX_LINE_CHARS:
            message = (
                f"line is {len(line):,} characters long; the limit is {MAX_LINE_CHARS:,}: break it into shorter lines"
            )
            long_line = Problem(path, number, message)
        if long_word is None and (word := next((w for w in line.split() if len(w) > MAX_WORD_CHARS), None)):
            message = (
                f"a word of {len(word):,} characters ('{word[:20]}…'); the limit is {MAX_WORD_CHARS:,}: "
                "put spaces in it or shorten it"
            )
            long_word = Problem(path, number, message)
    return [problem for problem in (long_line, long_word) if problem]


def text_problems(text: str, path: str, line: int) -> list[Problem]:
    """Return what is over the limits in one text field (a YAML value starting at `line`)."""
    if len(text) <= 2 * MAX_DEPTH and "\t" not in text:
        return []  # most values (ids, names, dates): too short to reach any limit
    problems = []
    if len(text) > MAX_TEXT_CHARS:
        problems.append(
            Problem(
                path,
                line,
                f"text is {len(text):,} characters long; the limit for one field is {MAX_TEXT_CHARS:,}: shorten it",
            )
        )
    lines = text.split("\n") if "\n" in text else [text]
    count = len(lines) - text.endswith("\n")  # a '|' text ends in a line break, not in another line
    if count > MAX_TEXT_LINES:
        problems.append(
            Problem(
                path,
                line,
                f"text has {count:,} lines; the limit for one field is {MAX_TEXT_LINES:,}: shorten it, "
                "or write it folded (>-) so that its lines join",
            )
        )
    if _too_deep(lines, text):
        message = f"lists or emphasis (*, _) in this text nested more than {MAX_DEPTH} deep: write it flatter"
        problems.append(Problem(path, line, message))
    return problems


def page_problems(text: str, path: str) -> list[Problem]:
    """Return what is over the limits in a hand-written Markdown page, where each paragraph is a text."""
    problems = file_problems(text, path)
    if problems:
        return problems
    tags = _TAG.finditer(text)
    if (over := next((tag for count, tag in enumerate(tags, 1) if count > MAX_PAGE_TAGS), None)) is not None:
        message = (
            f"page has more than {MAX_PAGE_TAGS:,} HTML tags ('<' followed by a letter, '/', '!' or '?'); "
            "write the page in Markdown, or split it"
        )
        return [Problem(path, text.count("\n", 0, over.start()) + 1, message)]
    if crowded := _crowded_page(text, path):
        return [crowded]
    lines = text.split("\n")
    start = 0
    for end, line in enumerate([*lines, ""]):
        if line.strip():
            continue
        block = lines[start:end]
        if len(block) > MAX_TEXT_LINES:
            message = (
                f"paragraph of {len(block):,} lines with no blank line between them; the limit is "
                f"{MAX_TEXT_LINES:,}: put blank lines between its parts"
            )
            problems.append(Problem(path, start + 1, message))
        problems += paragraph_problems([(start + 1, "\n".join(block))], path)
        deep = next((start + 1 + n for n, block_line in enumerate(block) if _depth(block_line) > MAX_DEPTH), None)
        if deep is None and block and _emphasis_depth("\n".join(block)) > MAX_DEPTH:
            deep = start + 1
        if deep is not None:
            message = f"lists, quotes or emphasis (*, _) nested more than {MAX_DEPTH} deep: write it flatter"
            problems.append(Problem(path, deep, message))
        start = end + 1
    return problems


def _crowded_page(text: str, path: str) -> Problem | None:
    """The first place where a page has more '[', headings or blocks than its limit, if any."""
    if text.count("[") > MAX_PAGE_BRACKETS:
        at = -1
        for _ in range(MAX_PAGE_BRACKETS + 1):
            at = text.index("[", at + 1)
        message = (
            f"page has more than {MAX_PAGE_BRACKETS:,} '[' (links, images, footnotes); "
            "split the page, or write the brackets as &#91;"
        )
        return Problem(path, text.count("\n", 0, at) + 1, message)
    headings = _PAGE_HEADING.finditer(text)
    if (over := next((h for count, h in enumerate(headings, 1) if count > MAX_PAGE_HEADINGS), None)) is not None:
        message = f"page has more than {MAX_PAGE_HEADINGS:,} headings; split the page"
        return Problem(path, text.count("\n", 0, over.start()) + 1, message)
    blocks = 0
    previous_blank = True
    for number, line in enumerate(text.split("\n"), start=1):
        blank = not line.strip()
        if not blank and previous_blank:
            blocks += 1
            if blocks > MAX_PAGE_BLOCKS:
                message = (
                    f"page has more than {MAX_PAGE_BLOCKS:,} paragraphs, headings, lists and other blocks "
                    "(lines between blank lines); split the page"
                )
                return Problem(path, number, message)
        previous_blank = blank
    return None


def glossary_problems(terms: object, file: Any) -> list[Problem]:
    """A problem at the first term past the limit, if glossary.yaml (`file`, its `terms`) has too many."""
    if not isinstance(terms, dict) or len(terms) <= MAX_TERMS:
        return []
    first_over = list(terms)[MAX_TERMS]
    message = (
        f"glossary has more than {MAX_TERMS:,} terms: the glossary is one page with a heading for each; "
        "merge terms, or keep only those readers need"
    )
    return [Problem(file.path, file.document.line_of((first_over,)), message)]


def paragraph_problems(paragraphs: Iterable[tuple[int, str]], path: str) -> list[Problem]:
    """Return a problem for each paragraph (its first line, its text) over the text limit."""
    return [
        Problem(
            path,
            line,
            f"paragraph is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}: split it in two",
        )
        for line, text in paragraphs
        if len(text) > MAX_TEXT_CHARS
    ]


def _too_deep(lines: list[str], text: str) -> bool:
    # Most texts are one short line with no * or _: the counts rule them out before any parsing.
    # Past the limit, a line has more markers (two characters each) or indentation (four spaces, or
    # a tab, each) than that.
    # A level of depth takes at least one character of indent or markers at the start of the line.
    deep = _DEEP_START.search(text) is not None
    if deep and any((len(line) > 2 * MAX_DEPTH or "\t" in line) and _depth(line) > MAX_DEPTH for line in lines):
        return True
    return text.count("*") + text.count("_") > MAX_DEPTH and _emphasis_depth(text) > MAX_DEPTH


def _depth(line: str) -> int:
    """How deep Markdown would nest this line: a level per list marker and per four columns of indent."""
    markers = _MARKERS.match(line)
    opening = markers.group() if markers else ""
    indent = len(opening) - len(opening.lstrip(" \t"))
    return len(opening[:indent].expandtabs(4)) // 4 + len(opening.split())


def _emphasis_depth(text: str) -> int:
    """How deep emphasis could nest in this text: Python-Markdown recurses once per level.

    A run of * or _ before a word opens as many levels as it has characters; one after a word closes
    them. An over-estimate (it ignores which runs pair up), never an under-estimate.
    """
    deepest = depth = 0
    for run in _EMPHASIS.finditer(text):
        start, end = run.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not before.isspace() and depth:
            depth = max(depth - (end - start), 0)
        elif not after.isspace():
            depth += end - start
            deepest = max(deepest, depth)
    return deepest
