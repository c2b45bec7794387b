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

from . import markdown as md
from .addresses import listing_of
from .kinds import KINDS
from .link import word_pattern
from .markdown import Markdown
from .model import Dossier

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
    finder: re.Pattern[str] | None
    glossary: str  # the glossary's page: the words of a link to it may carry a tooltip

    @classmethod
    def of(cls, words: dict[str, tuple[str, str]], glossary: str) -> Tooltips:
        return cls(words, word_pattern(words), glossary)


def mark_first_mentions(pages: dict[str, str], dossier: Dossier) -> dict[str, str]:
    """Return rendered pages with each name linked, and each glossary word explained, at its first mention."""
    tooltips = glossary_tooltips(dossier)
    glossary = tooltips.glossary if tooltips else None
    return {path: first_mentions(page, None if path == glossary else tooltips) for path, page in pages.items()}


def glossary_tooltips(dossier: Dossier) -> Tooltips | None:
    """Return each word of the kinds that explain themselves on hover (the glossary), with its text."""
    explained = [(kind, kind.tooltip) for kind in KINDS.values() if kind.tooltip]
    if not explained:
        return None
    words: dict[str, tuple[str, str]] = {}
    for kind, field in explained:
        records = dossier.records.get(kind.name, {})
        for record in sorted(records.values(), key=lambda r: r.id):
            definition = md.tooltip(md.plain(getattr(record, field), dossier.display_name))
            if len(definition) > 300:
                definition = definition[:300].rsplit(" ", 1)[0] + "…"
            for word in (getattr(record, kind.title), *getattr(record, "aliases", [])):
                if len(word.strip()) > 1 and definition:
                    words.setdefault(word.strip(), (record.id, definition))
    return Tooltips.of(words, listing_of(explained[0][0].name))


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
    heading = _HEADING.match(section)
    pieces, position, explained = [], heading.end() if heading else 0, set()
    pieces.append(section[:position])  # a tooltip in a heading would reach the table of contents
    # Every glossary word at once, as whole words (the rule names are linked by), the longest where two
    # start together; most sections have none.
    for found in tooltips.finder.finditer(section):
        start, end = found.span()
        if start < position:
            continue
        term, text = tooltips.words[found.group()]
        if term in explained or not _in_text(section, start, tooltips.glossary):
            continue
        explained.add(term)
        pieces += [section[position:start], f'<abbr title="{text.translate(_ATTRIBUTE)}">{section[start:end]}</abbr>']
        position = end
    return "".join(pieces) + section[position:]


def _in_text(page: str, index: int, glossary: str) -> bool:
    """True if a tooltip may go at page[index]: not in a tag, code, an attribute list, an entity, a link, a select.

    The words of a link to the glossary may carry one. A term inside another record's name ("Druze
    community") is no mention of it. Generated Markdown keeps each of these on one line, and editor
    text reaches it escaped: looking back along the line is enough.
    """
    line = page.rfind("\n", 0, index) + 1
    if page.rfind("<", line, index) > page.rfind(">", line, index):
        return False
    if page.rfind("<select", line, index) > page.rfind("</select>", line, index):  # an option shows text only
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
