"""Link and explain a name at its first mention in each section of a page, as Wikipedia does.

A page is rendered first, with every mention of a record linked; then each section (the text
under one heading) keeps the link of a mention only where nothing earlier in that section links
the same page, and gives a glossary term its tooltip at the term's first mention only. Links an
editor wrote (`[[id]]`) and the links of tables and lists the templates make always stay: only
links marked as mentions (`mention()`) give way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from .link import word_automaton
from .markdown import Markdown

# Editor text reaches a page escaped (`<` as `&#60;`), so this tag can only come from mention().
_OPEN, _CLOSE = "<x-mention>", "</x-mention>"
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t].*)?$", re.MULTILINE)
# A marked mention (label, address), or the address of any other link.
_LINK = re.compile(rf"{_OPEN}\[([^\]]*)\]\(([^)\s]*)\){_CLOSE}|\]\(<?([^)\s>]*)>?\)")
# What a tooltip must not go into: links (but the words of a link to the glossary), tags, code,
# attribute lists, entities. A term inside another record's name ("Druze community") is no mention.
_NOT_TEXT = re.compile(r"\[[^\]]*\]\((?:<[^>]*>|[^)\s]*)\)|<[^>]*>|`[^`]*`|\{[^}\n]*\}|&#?\w+;")
_GLOSSARY_LINK = re.compile(r"(\[[^\]]*)(\]\((?:<[^>]*>|[^)\s]*)\))")
# A tooltip's text sits in an attribute of raw HTML, in a table cell or a link's label: none of these
# may end it early. markdown.tooltip() has already taken out what could start markup.
_ATTRIBUTE = str.maketrans({'"': "&quot;", "|": "&#124;", "[": "&#91;", "]": "&#93;"})


def mention(link: str) -> Markdown:
    """Mark a link to a record as a mention: it stays a link only at the first in its section."""
    return Markdown(f"{_OPEN}{link}{_CLOSE}")


@dataclass(frozen=True)
class Tooltips:
    """Glossary words, each with the term it belongs to and the text to show on hover."""

    words: dict[str, tuple[str, str]]
    finder: ahocorasick.Automaton | None
    glossary: str  # the glossary's page: the words of a link to it may carry a tooltip

    @classmethod
    def of(cls, words: dict[str, tuple[str, str]], glossary: str) -> Tooltips:
        return cls(words, word_automaton({word: word for word in words}), glossary)


def first_mentions(page: str, tooltips: Tooltips | None = None) -> str:
    """Return a rendered page with only the first mention of each record linked in each section."""
    front, body = _split_front_matter(page)
    sections, start = [], 0
    for heading in _HEADING.finditer(body):
        sections.append(body[start : heading.start()])
        start = heading.start()
    sections.append(body[start:])
    return front + "".join(_explain_first(_link_first(section), tooltips) for section in sections)


def _split_front_matter(page: str) -> tuple[str, str]:
    if page.startswith("---\n"):
        end = page.find("\n---\n", 4)
        if end != -1:
            return page[: end + 5], page[end + 5 :]
    return "", page


def _link_first(section: str) -> str:
    linked: set[str] = set()

    def keep_first(match: re.Match[str]) -> str:
        label, address, other = match.groups()
        if other is not None:  # a link that always stays: it counts as the section's link to that page
            linked.add(other)
            return match.group()
        if address in linked:
            return label
        linked.add(address)
        return f"[{label}]({address})"

    return _LINK.sub(keep_first, section)


def _explain_first(section: str, tooltips: Tooltips | None) -> str:
    if tooltips is None or tooltips.finder is None:
        return section
    heading = _HEADING.match(section)
    masked = _NOT_TEXT.sub(lambda m: _mask(m.group(), tooltips.glossary), section)
    if heading:  # a tooltip in a heading would reach the table of contents and the search index
        masked = " " * heading.end() + masked[heading.end() :]
    # Every glossary word at once, longest first where two start together; the first of each term wins.
    found = sorted(
        (end - len(word) + 1, -len(word), word)
        for end, word in tooltips.finder.iter(masked)
        if _at_boundary(masked, end - len(word) + 1) and _at_boundary(masked, end + 1)
    )
    pieces, position, reach, explained = [], 0, 0, set()
    for start, negative_length, word in found:
        if start < reach:  # inside a longer glossary word ("buffer zone" in "Golan buffer zone")
            continue
        reach = end = start - negative_length
        term, text = tooltips.words[word]
        if term in explained:
            continue
        explained.add(term)
        pieces += [section[position:start], f'<abbr title="{text.translate(_ATTRIBUTE)}">{section[start:end]}</abbr>']
        position = end
    return "".join(pieces) + section[position:]


def _mask(markup: str, glossary: str) -> str:
    link = _GLOSSARY_LINK.fullmatch(markup)
    if link and link.group(2)[2:].lstrip("<").split("#")[0].endswith(glossary):
        return " " + link.group(1)[1:] + " " * len(link.group(2))
    return " " * len(markup)


def _at_boundary(text: str, index: int) -> bool:
    """True where `\\b` matches: between a word character (as `re` defines it) and a non-word one."""
    before = index > 0 and (text[index - 1].isalnum() or text[index - 1] == "_")
    after = index < len(text) and (text[index].isalnum() or text[index] == "_")
    return before != after
