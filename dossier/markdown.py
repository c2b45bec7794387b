"""Make editor text safe to put into generated Markdown: shown as written, never executed.

Plain text has every character that Markdown, HTML or attribute lists would act on replaced by
a numeric entity. Prose keeps its Markdown (emphasis, http links, [[id]] links) but loses raw
HTML, attribute lists, images and links to anything but http(s).
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable

from markupsafe import Markup

_ENTITY = {c: f"&#{ord(c)};" for c in "\\`*_{}[]<>&|~^$"}
_PLAIN = str.maketrans(_ENTITY)
_LINE_START = re.compile(r"^(\s*)([#>+=:-]|\d+(?=[.)]))", re.MULTILINE)
# Characters that stay Markdown in prose; everything that could open HTML or attributes goes.
# Brackets go too: the only links left in prose are the ones built here, checked.
_PROSE = str.maketrans({c: _ENTITY[c] for c in "<>&{}|~^$[]"})
# Possessive quantifiers (*+) never give back what they took: with plain ones, "[a](" and a long run
# of spaces was tried split every way between the three runs of spaces, in time the square of its length.
_MD_LINK = re.compile(r"(!?)\[([^\[\]]*+)\]\(\s*+([^()\s]*+)\s*+(?:\"[^\"]*+\"\s*+)?\)")
# An editor's link, [[id]] or [[id|label]]: group 1 is the id, group 2 the label. The one definition.
LINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
_WHITESPACE = re.compile(r"\s+")
_NOT_YAML = re.compile("[\x7f-\x9f\ufffe\uffff]")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


class Markdown(Markup):
    """Text already made safe to place into a Markdown page as it is.

    A Markup subclass, so that Jinja's autoescaping passes it (and macro output) through untouched
    while every plain string goes through `escape` below.
    """


def escape(text: object) -> Markdown:
    """Return plain text as Markdown that shows exactly those characters."""
    return _escape(text if type(text) is str else str(text))


def inline(text: object) -> Markdown:
    """Escape text for a single-line context: a table cell, a heading, a list item."""
    return _inline(text if type(text) is str else str(text))


# Names, titles, dates and labels recur on page after page of a large dossier: escape each once.
# (The results are immutable, so sharing them is safe.)
@functools.lru_cache(maxsize=1 << 16)
def _escape(text: str) -> Markdown:
    escaped = text.translate(_PLAIN)
    escaped = _LINE_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), escaped)
    return Markdown(escaped)


@functools.lru_cache(maxsize=1 << 16)
def _inline(text: str) -> Markdown:
    return _escape(_WHITESPACE.sub(" ", text))


def front_matter(text: object) -> Markdown:
    """Return text as a YAML front-matter value (a page title, a tag) that shows those characters."""
    # Themes print page.meta values as HTML, unescaped (into <title>, the header, the search index).
    value = json.dumps(html.escape(str(text)), ensure_ascii=False)
    # Characters YAML may not carry raw would make MkDocs drop the whole front matter, silently.
    return Markdown(_NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", value))


def safe_url(url: str | None) -> str | None:
    """Return the address if it is http(s), else None: no javascript:, data: or relative tricks."""
    return url if url and _SAFE_URL.match(url.strip()) else None


Mentions = Callable[[str], list[tuple[int, int, str]]]


def prose(
    text: str,
    link: Callable[[str, str | None], str],
    find: Mentions,
    mention: Callable[[str, str | None], str] | None = None,
) -> Markdown:
    """Render an editor's Markdown prose safely, with [[id]] links and automatic mention links.

    `link(id, label)` returns a Markdown link to a record; `find(text)` returns (start, end, id)
    mentions in text that should become links, made by `mention(id, label)` (`link` by default).
    """
    mention = mention or link
    pieces: list[str] = []
    position = 0
    # Explicit links, Markdown links and mentions, in text order; the first to claim a span wins.
    tokens: list[tuple[int, int, str]] = []
    for match in LINK.finditer(text):
        tokens.append((match.start(), match.end(), link(match.group(1).strip(), match.group(2))))
    for match in _MD_LINK.finditer(text):
        tokens.append((match.start(), match.end(), _external_link(match)))
    for start, end, target in find(text):
        tokens.append((start, end, mention(target, text[start:end])))
    for start, end, rendered in sorted(tokens, key=lambda token: token[0]):
        if start < position:
            continue
        pieces.append(_plain_prose(text[position:start]))
        pieces.append(rendered)
        position = end
    pieces.append(_plain_prose(text[position:]))
    return Markdown("".join(pieces).strip())


def _plain_prose(text: str) -> str:
    return text.translate(_PROSE)


def _external_link(match: re.Match[str]) -> str:
    label = inline(match.group(2))
    url = safe_url(match.group(3))
    if url is None:
        return label
    # Images would load from another host when the page opens; keep them as plain links.
    return f"[{label}](<{url}>)"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_EMPHASIS = re.compile(r"[*`]")


def plain(text: str, name: Callable[[str], str]) -> str:
    """Return prose as plain text for data files and feeds: links become their words, no markup.

    `name(id)` gives the words for a bare [[id]] link. The result is text, not Markdown: whoever
    writes it out escapes it for its own format (CSV, XML, JSON).
    """
    text = LINK.sub(lambda m: m.group(2) if m.group(2) is not None else name(m.group(1).strip()), text)
    text = _MD_LINK.sub(lambda m: m.group(2), text)
    return _WHITESPACE.sub(" ", _CONTROL.sub("", _EMPHASIS.sub("", text))).strip()


def tooltip(text: str) -> str:
    """Return plain text fit for an abbreviation's title, which Material shows as HTML.

    Material's tooltips copy the title attribute into innerHTML, and Python-Markdown leaves
    entity-like `&…;` in attributes alone: so no character here may start markup or an entity.
    """
    return text.replace("<", "‹").replace(">", "›").replace("&", "＆").replace("\\", "/")
