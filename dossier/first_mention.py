"""Link and explain a name at its first mention in each section of a page, as Wikipedia does.

A page is rendered first, with every mention of a record linked; then each section (the text
under one heading) keeps the link of a mention only where nothing earlier in that section links
the same page, and gives a glossary term its tooltip at the term's first mention only. Links an
editor wrote (`[[id]]`) and the links templates make with `link` (a table's rows, a list's entries)
always stay: only names marked as mentions give way, those found in prose and articles and those
of the "who took part" lists (the `mention` filter).
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
    if _OPEN not in section:  # nothing to give way: most sections of the longest lists
        return section
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
    # Every glossary word at once, longest first where two start together; most sections have none.
    found = sorted(
        (end - len(word) + 1, -len(word), word)
        for end, word in tooltips.finder.iter(section)
        if _at_boundary(section, end - len(word) + 1) and _at_boundary(section, end + 1)
    )
    heading = _HEADING.match(section)
    pieces, position, reach, explained = [], heading.end() if heading else 0, 0, set()
    pieces.append(section[:position])  # a tooltip in a heading would reach the table of contents
    for start, negative_length, word in found:
        end = start - negative_length
        if start < reach or start < position or not _in_text(section, start, tooltips.glossary):
            continue
        reach = end
        term, text = tooltips.words[word]
        if term in explained:
            continue
        explained.add(term)
        pieces += [section[position:start], f'<abbr title="{text.translate(_ATTRIBUTE)}">{section[start:end]}</abbr>']
        position = end
    return "".join(pieces) + section[position:]


def _in_text(page: str, index: int, glossary: str) -> bool:
    """True if a tooltip may go at page[index]: not in a tag, code, an attribute list, an entity, a link.

    The words of a link to the glossary may carry one. A term inside another record's name ("Druze
    community") is no mention of it. Generated Markdown keeps each of these on one line, and editor
    text reaches it escaped: looking back along the line is enough.
    """
    line = page.rfind("\n", 0, index) + 1
    if page.rfind("<", line, index) > page.rfind(">", line, index):
        return False
    if page.rfind("<svg", line, index) > page.rfind("</svg>", line, index):  # a map's labels: SVG, not HTML
        return False
    if page.rfind("{", line, index) > page.rfind("}", line, index) or page[max(index - 2, 0) : index] == "&#":
        return False
    if page.count("`", line, index) % 2:
        return False
    if page.rfind("](", line, index) > page.rfind(")", line, index):
        return False
    if page.rfind("[", line, index) > page.rfind("]", line, index):
        label_end = page.find("](", index)
        if label_end < 0:
            return False
        address = page[label_end + 2 : page.find(")", label_end)].lstrip("<")
        return address.split("#")[0].endswith(glossary)
    return True


def _at_boundary(text: str, index: int) -> bool:
    """True where `\\b` matches: between a word character (as `re` defines it) and a non-word one."""
    before = index > 0 and (text[index - 1].isalnum() or text[index - 1] == "_")
    after = index < len(text) and (text[index].isalnum() or text[index] == "_")
    return before != after
