"""Make editor text safe to put into generated Markdown: shown as written, never executed.

Plain text has every character that Markdown, HTML or attribute lists would act on replaced by
a numeric entity. Prose keeps its Markdown (emphasis, http links, [[id]] links) but loses raw
HTML, attribute lists, images and links to anything but http(s).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

_ENTITY = {c: f"&#{ord(c)};" for c in "\\`*_{}[]<>&|~^$"}
_PLAIN = str.maketrans(_ENTITY)
_LINE_START = re.compile(r"^(\s*)([#>+=:-]|\d+(?=[.)]))", re.MULTILINE)
# Characters that stay Markdown in prose; everything that could open HTML or attributes goes.
# Brackets go too: the only links left in prose are the ones built here, checked.
_PROSE = str.maketrans({c: _ENTITY[c] for c in "<>&{}|~^$[]"})
_MD_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\(\s*([^()\s]*)(?:\s+\"[^\"]*\")?\s*\)")
_EXPLICIT = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
_WHITESPACE = re.compile(r"\s+")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


class Markdown(Markup):
    """Text already made safe to place into a Markdown page as it is.

    A Markup subclass, so that Jinja's autoescaping passes it (and macro output) through untouched
    while every plain string goes through `escape` below.
    """


def escape(text: object) -> Markdown:
    """Return plain text as Markdown that shows exactly those characters."""
    escaped = str(text).translate(_PLAIN)
    escaped = _LINE_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), escaped)
    return Markdown(escaped)


def inline(text: object) -> Markdown:
    """Escape text for a single-line context: a table cell, a heading, a list item."""
    return escape(_WHITESPACE.sub(" ", str(text)))


def safe_url(url: str | None) -> str | None:
    """Return the address if it is http(s), else None: no javascript:, data: or relative tricks."""
    return url if url and _SAFE_URL.match(url.strip()) else None


def prose(text: str, link: Callable[[str, str | None], str], find: Callable[[str], list[tuple[int, int, str]]]) -> Markdown:
    """Render an editor's Markdown prose safely, with [[id]] links and automatic mention links.

    `link(id, label)` returns a Markdown link to a record; `find(text)` returns (start, end, id)
    mentions in text that should become links.
    """
    pieces: list[str] = []
    position = 0
    tokens = sorted(
        [(m.start(), m.end(), "explicit", m) for m in _EXPLICIT.finditer(text)]
        + [(m.start(), m.end(), "markdown", m) for m in _MD_LINK.finditer(text)]
    )
    spans = [(start, end, "mention", target) for start, end, target in find(text)]
    for start, end, kind, payload in sorted(tokens + spans, key=lambda t: t[0]):
        if start < position:
            continue
        pieces.append(_plain_prose(text[position:start]))
        if kind == "explicit":
            pieces.append(link(payload.group(1).strip(), payload.group(2)))
        elif kind == "markdown":
            pieces.append(_external_link(payload))
        else:
            pieces.append(link(payload, text[start:end]))
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
