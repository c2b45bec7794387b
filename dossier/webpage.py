"""Read a saved web page (.html, as a browser's "Save page" writes it): the article's text and its metadata.

The text comes from trafilatura, a maintained main-content extractor, run on the saved file only:
nothing is ever fetched. The metadata is read here, field by field, so that `ingest` can say where
each value came from: the page's JSON-LD (schema.org NewsArticle), its OpenGraph tags, its other
<meta> tags, or, failing those, the page itself (<title>, <time>, the byline).
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from .dates import PartialDate
from .errors import DossierError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Below this, what is left once menus, forms and adverts are gone is not an article (a login form, an index).
MIN_ARTICLE_WORDS = 50
MIN_ARTICLE_PARAGRAPHS = 2
FIELDS = ("title", "publisher", "published", "author", "url")
# Boxes inside the article's text that point elsewhere or are not the article's own words. trafilatura
# drops most; these class names are the ones news sites give the rest (matched as whole words).
_PRUNED_CLASSES = (
    "byline",
    "dateline",
    "read-more",
    "read-also",
    "related",
    "related-links",
    "more-stories",
    "newsletter",
    "advert",
    "ad-slot",
    "share",
    "share-tools",
    "caption",
)
_PRUNE_XPATH = [f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]" for name in _PRUNED_CLASSES] + [
    "//figcaption",
    "//aside",
    "//nav",
    "//form",
]
# A one-line pointer to another story inside the text: "READ ALSO: …", "Read more: …", "Related: …".
_READ_MORE = re.compile(r"^\W*(read (more|also)|also read|related|see also|more on this|recommended)\b\s*[:|–—-]", re.I)
_ARTICLE_TYPES = re.compile(r"Article$|^Report$")
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->")
_BY = re.compile(r"^\s*by\s+", re.I)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ")


@dataclass(frozen=True)
class Found:
    """One metadata value and where in the page it was read."""

    value: str
    where: str


@dataclass
class SourceText:
    """An article ready for `ingest_text`: its text one paragraph a line, and what its file said about it.

    For a plain-text file `headings` is None (sub-headings are guessed from short lines, as always)
    and `found` is empty; for a web page, `headings` are the page's own sub-headings.
    """

    text: str
    headings: set[str] | None = None
    found: dict[str, Found] = field(default_factory=dict)

    @property
    def is_page(self) -> bool:
        return self.headings is not None


def read_source(path: Path) -> SourceText:
    """Read an article to ingest: a saved web page by its suffix, anything else as plain text."""
    if path.suffix.lower() not in HTML_SUFFIXES:
        return SourceText(path.read_text(encoding="utf-8"))
    return read_page(_decode(path.read_bytes(), path), str(path))


def read_page(html: str, shown: str) -> SourceText:
    """Extract the article's paragraphs, sub-headings and metadata from a saved page; refuse a page without one."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        raise DossierError(f"{shown}: cannot read this file as a web page (HTML)") from None
    found = _metadata(tree, html)
    blocks = _main_text(html, found.get("title"))
    paragraphs = [text for kind, text in blocks if kind == "p"]
    words = sum(len(text.split()) for text in paragraphs)
    if len(paragraphs) < MIN_ARTICLE_PARAGRAPHS or words < MIN_ARTICLE_WORDS:
        raise DossierError(
            f"{shown}: no article found in this page: once menus, forms, adverts and links are set aside, "
            f"it holds {words} words in {len(paragraphs)} paragraph(s). Save the article's own page (not a "
            "sign-in, index or search page), or copy the article's text into a .txt file and ingest that. "
            "Nothing was written."
        )
    headings = {text for kind, text in blocks if kind == "h"}
    return SourceText("".join(f"{text}\n" for _kind, text in blocks), headings, found)


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # An older page declares its own encoding near the top: <meta charset="windows-1256">.
    declared = re.search(rb"""charset=["']?([A-Za-z0-9_.:-]+)""", data[:4096])
    try:
        return data.decode(declared.group(1).decode("ascii") if declared else "cp1252")
    except (LookupError, UnicodeDecodeError):
        raise DossierError(f"{path}: cannot tell this page's text encoding: save it again as UTF-8") from None


# The article's own text.


def _main_text(html: str, title: Found | None) -> list[tuple[str, str]]:
    """Return the article's blocks in order: ("p", paragraph) or ("h", sub-heading)."""
    # On a string, trafilatura never fetches anything: there is no address for it to follow.
    xml = trafilatura.extract(
        html,
        output_format="xml",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_precision=True,
        with_metadata=False,
        prune_xpath=_PRUNE_XPATH,
    )
    if not xml:
        return []
    main = lxml.etree.fromstring(xml.encode("utf-8")).find("main")
    blocks: list[tuple[str, str]] = []
    for element in main if main is not None else []:
        for kind, text in _blocks_of(element):
            if not text or (kind == "p" and _READ_MORE.match(text)):
                continue
            # The headline repeated above the text is the title, not a sub-heading.
            if kind == "h" and not any(k == "p" for k, _ in blocks) and title and _same(text, title.value):
                continue
            blocks.append((kind, text))
    return blocks


def _blocks_of(element: Any) -> Iterator[tuple[str, str]]:
    if element.tag == "head":
        yield "h", _text(element)
    elif element.tag in ("list", "quote", "div") and len(element):
        for child in element:
            yield from _blocks_of(child)
    elif element.tag in ("p", "item", "quote"):
        yield "p", _text(element)


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _same(a: str, b: str) -> bool:
    return a.casefold().strip(" .") == b.casefold().strip(" .")


# The metadata, each field from the best place that has it.


def _metadata(tree: Any, html: str) -> dict[str, Found]:
    candidates: dict[str, list[Found]] = {name: [] for name in FIELDS}

    def offer(name: str, value: Any, where: str) -> None:
        # JSON-LD is script text, where sites often leave entities (&amp;) that lxml decodes elsewhere.
        text = " ".join(html_lib.unescape(str(value)).split()) if isinstance(value, (str, int)) else ""
        if text:
            candidates[name].append(Found(text, where))

    for article in _json_ld_articles(tree):
        where = f"JSON-LD ({_type_name(article)})"
        offer("title", article.get("headline") or article.get("name"), where)
        offer("publisher", _name_of(article.get("publisher")), where)
        offer("published", article.get("datePublished"), where)
        offer("author", _names(article.get("author")), where)
        page = article.get("mainEntityOfPage")
        offer("url", article.get("url") or (page.get("@id") if isinstance(page, dict) else page), where)
    meta = _meta_tags(tree)
    offer("title", meta.get("og:title"), "OpenGraph (og:title)")
    offer("publisher", meta.get("og:site_name"), "OpenGraph (og:site_name)")
    offer("published", meta.get("article:published_time"), "OpenGraph (article:published_time)")
    author = meta.get("article:author", "")
    offer("author", "" if author.startswith(("http://", "https://")) else author, "OpenGraph (article:author)")
    offer("url", meta.get("og:url"), "OpenGraph (og:url)")
    for name in ("twitter:title", "title", "dc.title"):
        offer("title", meta.get(name), f'<meta name="{name}">')
    for name in ("application-name", "dc.publisher"):
        offer("publisher", meta.get(name), f'<meta name="{name}">')
    for name in ("date", "pubdate", "publishdate", "publish-date", "dc.date.issued", "dc.date"):
        offer("published", meta.get(name), f'<meta name="{name}">')
    for name in ("author", "dc.creator"):
        offer("author", meta.get(name), f'<meta name="{name}">')
    for link in tree.xpath("//link[@href and contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]"):
        offer("url", link.get("href"), '<link rel="canonical">')
    saved_from = _SAVED_FROM.search(html[:2048])
    offer("url", saved_from.group(1) if saved_from else "", "the browser's 'saved from' note")
    offer("title", _headline_of(tree.findtext(".//title") or ""), "<title>")
    times = tree.xpath("//body//time[@datetime]")
    offer("published", times[0].get("datetime") if times else "", "<time> in the page")
    offer("author", _byline(tree), "the byline in the page")

    found: dict[str, Found] = {}
    for name, offers in candidates.items():
        for candidate in offers:
            value = _clean(name, candidate.value)
            if value:
                found[name] = Found(value, candidate.where)
                break
    return found


def _clean(name: str, value: str) -> str:
    """Return a value in the form the article file takes, or "" when it is not usable."""
    if name == "published":
        match = _DATE.match(value)
        try:  # an impossible date in the page is no date: the editor is told it was not found
            return PartialDate.parse("-".join(part for part in match.groups() if part)).iso if match else ""
        except ValueError:
            return ""
    if name == "url":
        return value if re.match(r"^https?://\S+$", value) else ""
    return value


def _json_ld_articles(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # a broken block is the site's problem; the other sources still count
        yield from (item for item in _json_ld_items(data) if _ARTICLE_TYPES.search(_type_name(item)))


def _json_ld_items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _json_ld_items(data.get("@graph", []))


def _type_name(item: dict[str, Any]) -> str:
    kind = item.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return next((k for k in kinds if isinstance(k, str) and _ARTICLE_TYPES.search(k)), str(kinds[0]) if kinds else "")


def _name_of(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return value if isinstance(value, str) else ""


def _names(value: Any) -> str:
    items = value if isinstance(value, list) else [value]
    names = [_name_of(item) for item in items]
    return " and ".join(name for name in names if name)


def _meta_tags(tree: Any) -> dict[str, str]:
    tags: dict[str, str] = {}
    for element in tree.xpath("//meta[@content]"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if key and key not in tags:
            tags[key] = element.get("content", "")
    return tags


def _headline_of(title: str) -> str:
    """Drop the site's name from a <title> such as 'Headline | Site'."""
    title = " ".join(title.split())
    for separator in _TITLE_SEPARATORS:
        if separator in title:
            return title.rsplit(separator, 1)[0]
    return title


def _byline(tree: Any) -> str:
    found = tree.xpath(
        "//body//*[@rel='author' or @itemprop='author'"
        " or contains(concat(' ', normalize-space(@class), ' '), ' byline ')"
        " or contains(concat(' ', normalize-space(@class), ' '), ' author ')]"
    )
    return _BY.sub("", " ".join(found[0].text_content().split())) if found else ""


# What the editor gave and what the page says, together.

REQUIRED = {"title": "its title", "publisher": "its publisher", "published": "its date of publication"}


def fill_in_metadata(given: dict[str, Any], source: SourceText, shown: str) -> list[str]:
    """Fill the fields the editor's flags left out (None) from the page; return what to tell the editor.

    A flag always wins over the page. Raise DossierError naming every required field still missing.
    """
    missing = [name for name in REQUIRED if not given.get(name) and name not in source.found]
    if not source.is_page:
        if missing:
            flags = " and ".join(f"--{name}" for name in missing)
            raise DossierError(
                f"{shown}: a plain-text article needs --title, --publisher and --published (a saved web page, "
                f".html, carries them itself): give {flags}"
            )
        return []
    report = [f"{shown}: read as a saved web page; its metadata:"]
    for name in FIELDS:
        page = source.found.get(name)
        if given.get(name):
            said = f' (the page says "{page.value}", in {page.where})' if page and page.value != given[name] else ""
            report.append(f"  {name}: {given[name]}, from --{name}{said}")
        elif page:
            given[name] = page.value
            report.append(f"  {name}: {page.value}, from {page.where}")
        else:
            report.append(f"  {name}: not found in the page; give --{name} if known")
    if missing:
        what = " or ".join(REQUIRED[name] for name in missing)
        flags = " and ".join(f"--{name}" for name in missing)
        ending = f"{shown}: the page does not give {what}: give {flags}. Nothing was written."
        raise DossierError("\n".join([*report, ending]))
    return report
