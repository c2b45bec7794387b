"""Hand-written pages (content/pages/) are published as they are: refuse what could run script there.

A page is judged by what MkDocs would publish: it is rendered with Python-Markdown and the
extensions mkdocs.yml names, and the HTML that comes out is parsed. So HTML shown in a code block
is text and passes, while script smuggled in through raw HTML, an attribute list (`{: onclick=…}`)
or a `javascript:` link is found however it was written. Tags and attributes are allowed from
ammonia's list (the sanitiser behind nh3), not refused from a list of known attacks.
"""

from __future__ import annotations

import functools
import posixpath
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.parsers import expat

import markdown
import nh3
import yaml

from .errors import Problem
from .limits import page_problems
from .load import PageFile, RawContent, untrusted
from .render import GENERATED_FOLDERS, generated_paths

IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
URL_SCHEMES = {"http", "https", "mailto"}
# Attributes whose value the browser follows as an address.
URL_ATTRIBUTES = {"href", "src", "cite", "xlink:href", "action", "formaction", "poster", "background", "data"}
# What Markdown itself writes besides ammonia's list: heading ids, classes (admonitions, permalinks,
# attribute lists), titles and table alignment.
ANY_TAG_ATTRIBUTES = {"class", "id", "title", "lang", "dir"}
MORE_ATTRIBUTES = {"details": {"open"}}  # harmless, and what a hand-written page is likely to use
TABLE_ALIGN = {f"text-align: {side};" for side in ("left", "right", "center")}
# MkDocs always adds these to the extensions mkdocs.yml names.
MKDOCS_EXTENSIONS = ["toc", "tables", "fenced_code"]
ASK = "write it in Markdown, or ask a maintainer to list the page under raw_html_pages in dossier.yaml"
SVG_SCRIPT_TAGS = {"script", "foreignobject", "iframe", "embed", "object"}
SVG_FIX = "draw it without script, or save it as PNG"


def check_pages(raw: RawContent) -> list[Problem]:
    """Return a Problem for each page file MkDocs must not publish, and each place a page could run script."""
    settings = _mkdocs_settings(raw.root.absolute().parent / "mkdocs.yml")
    problems, trusted = _trusted_pages(raw)
    # extra_css names files relative to docs_dir (content/pages/), as `theme/site.css` or `./theme/site.css`.
    styles = {posixpath.normpath(name.lstrip("/")) for name in settings.get("extra_css") or [] if isinstance(name, str)}
    for page in raw.pages:
        if problem := _suffix_problem(page):
            problems.append(problem)
            continue
        suffix = Path(page.name).suffix.lower()
        if suffix == ".md" or suffix in IMAGES or (suffix == ".css" and page.name in styles):
            if page.text and suffix == ".md" and (too_big := page_problems(page.text, page.path)):
                problems += too_big  # past the size limits, rendering the page to check it would be slow itself
                continue
            if page.text and page.name not in trusted:
                check = _check_markdown if suffix == ".md" else _check_svg if suffix == ".svg" else None
                if check is not None:
                    problems += check(page, settings)
            continue
        problems.append(
            Problem(
                page.path,
                1,
                f"unexpected file: pages/ holds Markdown pages (.md), images ({', '.join(IMAGES)}) and the "
                "style sheets mkdocs.yml lists under extra_css",
            )
        )
    return problems + _place_problems(raw, settings)


def _trusted_pages(raw: RawContent) -> tuple[list[Problem], set[str]]:
    """The pages dossier.yaml's raw_html_pages names; each name must be a page (the schema checks the type)."""
    problems: list[Problem] = []
    trusted: set[str] = set()
    names = {page.name for page in raw.pages}
    for file in raw.files:
        listed = file.document.data.get("raw_html_pages") if file.folder == "dossier" else None
        for index, name in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(name, str) and name not in names:
                line = file.document.line_of(("raw_html_pages", index))
                message = f"raw_html_pages names '{name}', which is not a file in content/pages/"
                problems.append(Problem(file.path, line, message))
            trusted.add(str(name))
    return problems, trusted


def _check_markdown(page: PageFile, settings: dict[str, Any]) -> list[Problem]:
    assert page.text is not None
    try:
        rendered = _markdown(_extensions_key(settings)).reset().convert(page.text)
    except Exception as error:  # an extension mkdocs.yml names failed: MkDocs would fail the same way
        return [Problem(page.path, 1, f"cannot be rendered as Markdown ({error}): check the page and mkdocs.yml")]
    found = _Html()
    try:
        found.feed(rendered)
        found.close()
    except AssertionError:  # html.parser gives up on some malformed declarations (<!x [ …>)
        found.refuse(f"HTML that cannot be read (a malformed <!…> declaration) is not allowed in a page: {ASK}", "<!")
    lines = _Lines(page.text)
    return sorted({Problem(page.path, lines.find(needle), message) for _, message, needle in found.refused})


class _Scanner(HTMLParser):
    """An HTML parser that also reads what it takes for comments and declarations as markup.

    Python's parser ends a comment, a CDATA section or a declaration where browsers may not
    (`<!-->` closes a comment in a browser), so what it would skip as inert is scanned as well:
    a false alarm in a commented-out tag is better than script a browser runs.
    """

    def __init__(self, line: int = 1) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = line
        self.refused: list[tuple[int, str, str]] = []  # (line, message, text to look for in the source)

    def refuse(self, message: str, needle: str) -> None:
        self.refused.append((self.first_line + self.getpos()[0] - 1, message, needle))

    def rescan(self, data: str) -> None:
        inner = type(self)(self.first_line + self.getpos()[0] - 1)
        inner.feed(data)
        inner.close()
        self.refused += inner.refused

    handle_comment = handle_pi = unknown_decl = rescan

    def handle_decl(self, decl: str) -> None:
        self.rescan(decl)


class _Html(_Scanner):
    """Collect every tag, attribute and address in published HTML that is not on the allow-list."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in nh3.ALLOWED_TAGS:
            self.refuse(f"raw HTML <{tag}> is not allowed in a page: {ASK}", f"<{tag}")
            return
        allowed = ANY_TAG_ATTRIBUTES | nh3.ALLOWED_ATTRIBUTES.get(tag, set()) | MORE_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name == "style" and tag in ("th", "td") and value in TABLE_ALIGN:
                continue  # a Markdown table's column alignment
            if name not in allowed:
                self.refuse(f"HTML attribute '{name}' on <{tag}> is not allowed in a page: {ASK}", name)
            elif name in URL_ATTRIBUTES and value and not _safe_url(value):
                self.refuse(_address_message(value, "a page"), value)

    handle_startendtag = handle_starttag


def _check_svg(page: PageFile, settings: dict[str, Any]) -> list[Problem]:
    """An SVG file opened on its own runs its script: refuse script, handlers and script addresses."""
    assert page.text is not None
    # An SVG file is XML, and a browser reads it as XML: so does expat here, namespaces resolved,
    # so that <x:script xmlns:x="http://www.w3.org/2000/svg"> is seen as the <script> it is.
    parser = expat.ParserCreate(namespace_separator=" ")
    refused: list[tuple[int, str]] = []

    def refuse(message: str) -> None:
        refused.append((parser.CurrentLineNumber, message))

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(" ")[2]
        if tag.lower() in SVG_SCRIPT_TAGS:
            refuse(f"SVG image with <{tag}> is not allowed: {SVG_FIX}")
        for qualified, value in attrs.items():
            attribute = qualified.rpartition(" ")[2].lower()
            if attribute.startswith("on"):
                refuse(f"SVG image with attribute '{attribute}' on <{tag}> is not allowed: {SVG_FIX}")
            elif attribute in URL_ATTRIBUTES and not _safe_url(value):
                refuse(_address_message(value, "an SVG image"))
            elif attribute == "attributename" and value.strip().rpartition(":")[2].lower() == "href":
                # <set> or <animate> could turn a harmless link into a javascript: one once shown.
                refuse(f"SVG image that animates a link (<{tag}>) is not allowed: {SVG_FIX}")

    def entity(*_: object) -> None:
        # An entity can hold a <script> that the browser pastes in wherever it is used.
        refuse(f"SVG image with an entity declaration (<!ENTITY) is not allowed: {SVG_FIX}")

    parser.StartElementHandler = start
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(page.text, True)
    except expat.ExpatError as error:  # a browser shows no broken SVG either; expat limits entity growth
        message = expat.errors.messages.get(error.code, "broken")
        refused.append((error.lineno, f"SVG image is not well-formed XML ({message}): save it again, or as PNG"))
    return sorted({Problem(page.path, line, message) for line, message in refused})


def _safe_url(url: str) -> bool:
    """Whether a link or image address is http(s), mailto or relative (no scheme that could run script)."""
    # Browsers drop tabs and newlines anywhere in an address, and spaces or controls around it.
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(33))))
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


def _address_message(url: str, where: str) -> str:
    shown = url if len(url) <= 40 else url[:40] + "…"
    return (
        f"address {shown!r} is not allowed in {where}: use an http://, https:// or mailto: address, or a relative one"
    )


class _Lines:
    """Find the source line of what was seen in the rendered page, which keeps the source's order."""

    def __init__(self, text: str) -> None:
        self.lines = text.lower().splitlines()
        self.line = 0  # the line of the last thing found: the next one is at or after it
        self.after: dict[str, int] = {}  # the same text again is on a later line

    def find(self, needle: str) -> int:
        needle = needle.lower()
        start = max(self.line, self.after.get(needle, 0))
        for index in [*range(start, len(self.lines)), *range(start)]:
            if needle in self.lines[index]:
                self.after[needle] = index + 1
                self.line = max(self.line, index)
                return index + 1
        return self.line + 1  # written with entities or escapes: it is at or after the last thing found


def _mkdocs_settings(config: Path) -> dict[str, Any]:
    """The parts of mkdocs.yml that decide what a page becomes: its extensions and style sheets."""
    if not config.is_file() or untrusted(config, config.parent.resolve()):
        return {}  # none beside content/ (a bare `check`), or one MkDocs cannot read either: never a pipe
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}  # one MkDocs itself will refuse
    return data if isinstance(data, dict) else {}


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags (!ENV, !!python/name:…) that only MkDocs resolves: read them as nothing."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _extensions_key(settings: dict[str, Any]) -> str:
    """The extensions and their settings as one hashable value, so each Markdown is built once."""
    return yaml.safe_dump(settings.get("markdown_extensions") or [])


@functools.cache
def _markdown(key: str) -> markdown.Markdown:
    names, configs = list(MKDOCS_EXTENSIONS), {}
    for item in yaml.safe_load(key) or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, config in item.items():
                names.append(name)
                configs[name] = config or {}
    return markdown.Markdown(extensions=list(dict.fromkeys(names)), extension_configs=configs)


# What `check` accepts must build: the places below are what MkDocs' strict build (and the hook)
# would otherwise refuse only after `check` passed.
PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _suffix_problem(page: PageFile) -> Problem | None:
    """A page or image whose name ends in upper case (X.MD): MkDocs would copy it as a file, not show it."""
    suffix = Path(page.name).suffix
    if suffix == suffix.lower():
        return None
    message = f"file name ends in '{suffix}': rename it to end in '{suffix.lower()}'; pages end in lower-case .md"
    return Problem(page.path, 1, message)


def _place_problems(raw: RawContent, settings: dict[str, Any]) -> list[Problem]:
    """Pages that clash with generated ones, pages no menu lists, and links to pages or files that will not exist.

    A page over a size limit is never rendered (that would be slow itself): its links are not checked.
    """
    project = raw.root.absolute().parent
    # The templates the build uses: the project's own, as the MkDocs hook picks them, or the package's.
    templates = project / "templates" if (project / "templates").is_dir() else PACKAGE_TEMPLATES
    generated = generated_paths(templates)
    records = {f"{file.folder}/{file.id}.md" for file in raw.files if file.folder in ("actors", "issues", "articles")}
    written = {page.name for page in raw.pages}
    problems: list[Problem] = []
    for page in raw.pages:
        if page.name in generated or page.name.split("/")[0] in GENERATED_FOLDERS:
            message = (
                f"'{page.name}' is a page or file the site generates (or a folder it generates pages in): "
                "rename or move this file"
            )
            problems.append(Problem(page.path, 1, message))
    problems += _nav_problems(raw, settings, generated)
    rendered = [
        page
        for page in raw.pages
        if page.name.endswith(".md") and page.text and not page_problems(page.text, page.path)
    ]
    ids = {page.name: _Places.of(page, settings).ids for page in rendered}
    for page in rendered:
        lines = _Lines(page.text or "")
        for url in _Places.of(page, settings).urls:
            if broken := _link_problem(url, page.name, written | generated | records, ids):
                problems.append(Problem(page.path, lines.find(url), broken))
    return problems


def _nav_problems(raw: RawContent, settings: dict[str, Any], generated: set[str]) -> list[Problem]:
    """Each hand-written page must be in mkdocs.yml's nav, and each page the nav names must exist."""
    nav = settings.get("nav")
    if not isinstance(nav, list):
        return []  # no nav: MkDocs lists every page itself
    listed: list[str] = []

    def collect(item: object) -> None:
        if isinstance(item, str) and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|/", item):
            listed.append(posixpath.normpath(item))
        elif isinstance(item, list):
            for each in item:
                collect(each)
        elif isinstance(item, dict):
            for each in item.values():
                collect(each)

    collect(nav)
    problems = [
        Problem(page.path, 1, "page is in no menu: ask a maintainer to add it under nav in mkdocs.yml, or remove it")
        for page in raw.pages
        if page.name.endswith(".md") and page.name not in listed and page.name not in generated
    ]
    pages = {page.name for page in raw.pages} | generated
    config = (raw.root.absolute().parent / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    for name in dict.fromkeys(listed):
        if name not in pages:
            line = next((n for n, text in enumerate(config, 1) if name in text), 1)
            message = (
                f"nav names '{name}', which is not a page in content/pages/: put the page back, or remove it from nav"
            )
            problems.append(Problem("mkdocs.yml", line, message))
    return problems


def _link_problem(url: str, page: str, exists: set[str], ids: dict[str, set[str]]) -> str | None:
    """Why a relative link or image in a page would break the build, if it would."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|/", url) or not _safe_url(url):
        return None  # an address on the web or from the site root, or one refused as unsafe already
    path, _, anchor = url.partition("#")
    path = urllib.parse.unquote(path.partition("?")[0])
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    shown = url if len(url) <= 60 else url[:60] + "…"
    if target.startswith("../") or target == "..":
        return f"link '{shown}' points outside the site: link to a page of the site, or to a full web address"
    if target.split("/")[0] in GENERATED_FOLDERS and target not in exists and not target.endswith("/index.md"):
        return (
            f"link '{shown}' is to a generated page that only some dossiers have: link to an index page "
            "(timeline.md, disputes.md…) or to a record's page (actors/<id>.md)"
        )
    if target not in exists:
        return (
            f"link '{shown}' is to '{target}', which is not a page or file of the site: check the name "
            "(it is relative to this page; pages end in .md)"
        )
    if anchor and target in ids and urllib.parse.unquote(anchor) not in ids[target]:
        return f"link '{shown}' is to a heading or id '{anchor}' that '{target}' does not have: check the heading"
    return None


class _Places(HTMLParser):
    """The ids a rendered page has, and the relative addresses its links and images lead to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif (tag, name) in (("a", "href"), ("img", "src")) and value is not None:
                self.urls.append(value)

    handle_startendtag = handle_starttag

    @staticmethod
    def of(page: PageFile, settings: dict[str, Any]) -> _Places:
        return _places(page.text or "", _extensions_key(settings))


@functools.lru_cache(maxsize=64)
def _places(text: str, key: str) -> _Places:
    places = _Places()
    try:
        places.feed(_markdown(key).reset().convert(text))
        places.close()
    except Exception:  # noqa: BLE001 - the page's own check reports what cannot be rendered or read
        pass
    return places
