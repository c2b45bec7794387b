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
from typing import Any, NamedTuple
from xml.parsers import expat

import markdown
import nh3
import yaml
from mkdocs.utils.meta import META_RE, YAML_RE, get_data

from .errors import Problem, did_you_mean
from .kinds import KINDS
from .limits import page_problems
from .load import PageFile, RawContent, untrusted
from .plan import generated_folders, generated_paths
from .text import check_name

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
ASK = "write it in Markdown, or ask a maintainer to list the page under extra: raw_html_pages in mkdocs.yml"
SVG_SCRIPT_TAGS = {"script", "foreignobject", "iframe", "embed", "object"}
SVG_FIX = "draw it without script, or save it as PNG"


def check_pages(raw: RawContent) -> list[Problem]:
    """Return a Problem for each page file MkDocs must not publish, and each place a page could run script."""
    settings = _mkdocs_settings(raw.root.absolute().parent / "mkdocs.yml")
    problems, trusted = _trusted_pages(raw, raw.root.absolute().parent / "mkdocs.yml")
    # Each page's HTML, rendered once for its own check and kept for the check of its links.
    rendered: dict[str, str] = {}
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
            if page.text and suffix == ".md":
                # The page settings first: Material prints them into the page unescaped, trusted page or not.
                settings_problems, body, first_line = front_matter(page)
                problems += settings_problems
                if page.name not in trusted:
                    problems += _check_markdown(page, settings, body, first_line, rendered)
            elif page.text and suffix == ".svg" and page.name not in trusted:
                problems += _check_svg(page, settings)
            continue
        problems.append(
            Problem(
                page.path,
                1,
                f"unexpected file: pages/ holds Markdown pages (.md), images ({', '.join(IMAGES)}) and the "
                "style sheets mkdocs.yml lists under extra_css",
            )
        )
    return problems + _place_problems(raw, settings, rendered)


def _trusted_pages(raw: RawContent, config: Path) -> tuple[list[Problem], set[str]]:
    """The pages mkdocs.yml lists under `extra: raw_html_pages`, whose raw HTML a maintainer has read.

    The list lives in mkdocs.yml, a maintainers' file (.github/CODEOWNERS), and not in content/:
    a pull request must not be able to turn the HTML check off for the page it adds.
    """
    problems: list[Problem] = []
    trusted: set[str] = set()
    names = {page.name for page in raw.pages}
    shown = "mkdocs.yml"
    listed = _raw_html_pages_node(config)
    if listed is None:
        return problems, trusted
    if not isinstance(listed, yaml.SequenceNode):
        return [Problem(shown, listed.start_mark.line + 1, RAW_HTML_PAGES_SHAPE)], trusted
    for item in listed.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str":
            problems.append(Problem(shown, line, RAW_HTML_PAGES_SHAPE))
        elif item.value not in names:
            message = f"raw_html_pages names '{item.value}', which is not a file in content/pages/"
            problems.append(Problem(shown, line, message))
        else:
            trusted.add(item.value)
    return problems, trusted


RAW_HTML_PAGES_SHAPE = "extra: raw_html_pages must be a list of pages under content/pages/, such as [methodology.md]"


def _raw_html_pages_node(config: Path) -> yaml.Node | None:
    """The YAML node of `extra: raw_html_pages` in mkdocs.yml, with its lines; None when there is none."""
    if not config.is_file() or untrusted(config, config.parent.resolve()):
        return None
    try:
        root = yaml.compose(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None  # one MkDocs itself will refuse
    # As MkDocs reads it: of a key written twice, the last one counts.
    extra = [value for key, value in (root.value if isinstance(root, yaml.MappingNode) else []) if key.value == "extra"]
    if not extra or not isinstance(extra[-1], yaml.MappingNode):
        return None
    return ([item for name, item in extra[-1].value if name.value == "raw_html_pages"] or [None])[-1]


def _check_markdown(
    page: PageFile, settings: dict[str, Any], body: str, first_line: int, rendered_pages: dict[str, str]
) -> list[Problem]:
    """Check a page's body (`body`, from line `first_line` on) as MkDocs renders it: its front matter split off.

    The HTML is added to `rendered_pages`, for the check of the page's links.
    """
    extensions = _extensions_key(settings)
    try:
        rendered_pages[page.name] = _rendered(body, extensions)
    except Exception as error:  # an extension mkdocs.yml names failed: MkDocs would fail the same way
        return [Problem(page.path, 1, f"cannot be rendered as Markdown ({error}): check the page and mkdocs.yml")]
    return sorted({Problem(page.path, first_line - 1 + line, message) for line, message in _refused(body, extensions)})


# A page's check depends on its text and the extensions alone: kept for the pages last checked, so that the
# preview's check at every save (and the build's own, after `check`) renders an unchanged page once. Bounded:
# each entry holds a page (at most limits.MAX_FILE_BYTES) and its HTML.
CHECKED_PAGES_KEPT = 64


@functools.lru_cache(maxsize=CHECKED_PAGES_KEPT)
def _rendered(body: str, extensions: str) -> str:
    """A page's body as MkDocs renders it into HTML, with the extensions of `_extensions_key`."""
    return _markdown(extensions).reset().convert(body)


@functools.lru_cache(maxsize=CHECKED_PAGES_KEPT)
def _refused(body: str, extensions: str) -> frozenset[tuple[int, str]]:
    """What the HTML of a page's body holds that is not allowed: (line in the body, message) each."""
    found = _Html()
    try:
        found.feed(_rendered(body, extensions))
        found.close()
    except AssertionError:  # html.parser gives up on some malformed declarations (<!x [ …>)
        found.refuse(f"HTML that cannot be read (a malformed <!…> declaration) is not allowed in a page: {ASK}", "<!")
    lines = _Lines(body)
    return frozenset((lines.find(needle), message) for _, message, needle in found.refused)


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
            elif name == "title" and value and (needle := _markup_in_title(value)):
                self.refuse(TITLE_MARKUP, needle)

    handle_startendtag = handle_starttag


# Material's content.tooltips shows a link's or abbreviation's title as HTML: the parser has already
# decoded `&lt;` in the value, so a `<` here is a tag in the tooltip, and `&` can spell one.
TITLE_MARKUP = (
    "a tooltip (a link title, an abbreviation's *[…]: text or a title attribute) with <, > or & is not allowed "
    "in a page: the site shows tooltips as HTML; write the words out ('and' for &)"
)


def _markup_in_title(value: str) -> str:
    """The longest plain part of a title holding <, > or & (to find its line in the source); '' if it holds none."""
    if not any(sign in value for sign in "<>&"):
        return ""
    # The source may spell the signs as entities (&lt;) or escapes: what lies between them is written as it is.
    return max(re.split(r"[<>&;\"'\\]", value), key=len).strip() or value


# --- Front matter: the page settings MkDocs splits off before rendering, and Material prints -------
PAGE_SETTINGS = ("title", "description", "tags", "hide", "search")
HIDE = ("navigation", "toc", "footer", "tags")
NOT_IN_SETTINGS = '<>"&'
PLAIN = 'one line of plain text, without <, >, " or &'
SETTING_RULES = {
    "title": f"front matter 'title' must be {PLAIN}, such as title: Methodology",
    "description": f"front matter 'description' must be {PLAIN}, such as description: How sources are graded",
    "tags": f"front matter 'tags' must be a list of tags, each {PLAIN}, such as tags: [sources, method]",
    "hide": f"front matter 'hide' must be a list drawn from {', '.join(HIDE)}, such as hide: [toc]",
    "search": "front matter 'search' must be exclude: true or false, or boost: a number above 0, up to 10, "
    "as in search: {exclude: true}",
}


def front_matter(page: PageFile) -> tuple[list[Problem], str, int]:
    """Split a page's front matter off as MkDocs does; return its problems, the body and the body's first line.

    MkDocs reads the settings between two `---` lines at the top as YAML or, without them, leading
    `key: value` lines (MultiMarkdown style), and hands them to the theme, which prints title,
    description and tags into the page as they are, and fails on a `hide` or `search` of the wrong
    shape. So only these five settings are allowed, as plain one-line text or their own shapes.
    """
    assert page.text is not None
    body, data = get_data(page.text)
    # The body is what is left at the end of the text (line breaks normalised, as MkDocs does).
    first_line = _line_breaks(page.text).count("\n") - _line_breaks(body).count("\n") + 1
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    if found := YAML_RE.match(page.text):
        try:
            node = yaml.compose(found.group(1), Loader=yaml.SafeLoader)
            yaml.safe_load(found.group(1))  # what MkDocs does; an error here leaves the whole page as its body
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = 2 + (mark.line if mark is not None else 0)
            reason = getattr(error, "problem", None) or "cannot be read"
            message = f"front matter (between the --- lines) is not valid YAML ({reason}): fix it, or remove it"
            return [Problem(page.path, line, message)], body, first_line
        if isinstance(node, yaml.MappingNode):
            lines = {str(key.value): 2 + key.start_mark.line for key, _ in node.value}
    else:  # MultiMarkdown style: each leading `key: value` line, the key lowercased
        for number, text in enumerate(_line_breaks(page.text).split("\n")[: first_line - 1], start=1):
            if (setting := META_RE.match(text)) and setting.group("key").lower() not in lines:
                lines[setting.group("key").lower()] = number
    for key, value in data.items():
        line = lines.get(str(key), 1)
        if key not in PAGE_SETTINGS:
            message = f"front matter key '{key}' is not allowed: a page may set only {', '.join(PAGE_SETTINGS)}"
            if not found:  # the editor may not know these lines are settings, which vanish from the page
                message += " (MkDocs reads a page's first 'word: text' lines as settings: start it with a heading)"
            problems.append(Problem(page.path, line, message + did_you_mean(str(key), PAGE_SETTINGS)))
        elif reason := _setting_problem(key, value):
            problems.append(Problem(page.path, line, reason))
    return problems, body, first_line


def _setting_problem(key: str, value: object) -> str:
    """What is wrong with one page setting's value, or '' when it is fine."""
    if key in ("title", "description"):
        return _plain_problem(key, value)
    if key == "tags":
        if not isinstance(value, list):
            return SETTING_RULES[key]
        return next((_plain_problem(key, tag) for tag in value if _plain_problem(key, tag)), "")
    if key == "hide":
        ok = isinstance(value, list) and all(isinstance(item, str) and item in HIDE for item in value)
        return "" if ok else SETTING_RULES[key]
    assert key == "search"
    ok = isinstance(value, dict) and bool(value) and all(_search_ok(name, item) for name, item in value.items())
    return "" if ok else SETTING_RULES[key]


def _search_ok(name: object, value: object) -> bool:
    if name == "exclude":
        return isinstance(value, bool)
    # Pagefind's weights run above 0 up to 10: NaN, a negative weight or one of 400 digits would reach the index.
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return name == "boost" and number and 0 < value <= 10  # type: ignore[operator]


def _plain_problem(key: str, value: object) -> str:
    if not isinstance(value, str):
        return SETTING_RULES[key]
    try:
        check_name(value)
    except ValueError as error:
        return f"front matter '{key}' {error}"
    if sign := next((char for char in value if char in NOT_IN_SETTINGS), None):
        return f"front matter '{key}' has '{sign}': page settings are plain text, so write it in words ('and' for &)"
    return ""


def _line_breaks(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def _place_problems(raw: RawContent, settings: dict[str, Any], html: dict[str, str]) -> list[Problem]:
    """Pages that clash with generated ones, pages no menu lists, and links to pages or files that will not exist.

    A page over a size limit is never rendered (that would be slow itself): its links are not checked.
    `html` holds the pages already rendered for their own check (trusted pages are not: they are rendered here).
    """
    project = raw.root.absolute().parent
    # The templates the build uses: the project's own, as the MkDocs hook picks them, or the package's.
    templates = project / "templates" if (project / "templates").is_dir() else PACKAGE_TEMPLATES
    generated = generated_paths(templates)
    own_pages = {kind.folder: kind.page for kind in KINDS.values() if kind.own_page}
    records = {f"{own_pages[file.folder]}/{file.id}.md" for file in raw.files if file.folder in own_pages}
    written = {page.name for page in raw.pages}
    folders = generated_folders()
    problems: list[Problem] = []
    for page in raw.pages:
        if page.name in generated or page.name.split("/")[0] in folders:
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
    # Each page rendered once: its ids are link targets for the others, its addresses are checked.
    places = {page.name: _Places.of(page, settings, html.get(page.name)) for page in rendered}
    ids = {name: found.ids for name, found in places.items()}
    exists = written | generated | records
    for page in rendered:
        lines = _Lines(page.text or "")
        for url in places[page.name].urls:
            if broken := _link_problem(url, page.name, exists, ids, folders):
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


def _link_problem(
    url: str, page: str, exists: set[str], ids: dict[str, frozenset[str]], folders: tuple[str, ...]
) -> str | None:
    """Why a relative link or image in a page would break the build, if it would."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|/", url) or not _safe_url(url):
        return None  # an address on the web or from the site root, or one refused as unsafe already
    path, _, anchor = url.partition("#")
    path = urllib.parse.unquote(path.partition("?")[0])
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    shown = url if len(url) <= 60 else url[:60] + "…"
    if target.startswith("../") or target == "..":
        return f"link '{shown}' points outside the site: link to a page of the site, or to a full web address"
    if target.split("/")[0] in folders and target not in exists and not target.endswith("/index.md"):
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


class PageTargets(NamedTuple):
    """The ids a rendered page has (link targets), and the relative addresses its links and images lead to."""

    ids: frozenset[str]
    urls: tuple[str, ...]


class _Places(HTMLParser):
    """Collect a page's ids and the relative addresses of its links and images (`PageTargets`)."""

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
    def of(page: PageFile, settings: dict[str, Any], html: str | None = None) -> PageTargets:
        try:
            if html is None:
                # The body only: MkDocs hands the front matter to the theme, never to Markdown.
                body = get_data(page.text or "")[0]
                html = _rendered(body, _extensions_key(settings))
        except Exception:  # noqa: BLE001 - the page's own check reports what cannot be rendered
            return PageTargets(frozenset(), ())
        return _Places.in_html(html)

    @staticmethod
    @functools.lru_cache(maxsize=CHECKED_PAGES_KEPT)
    def in_html(html: str) -> PageTargets:
        """The targets of a page's HTML, kept as `_rendered` keeps its HTML."""
        places = _Places()
        try:
            places.feed(html)
            places.close()
        except Exception:  # noqa: BLE001 - html.parser gave up (a malformed <!…>, which the page's own check reports):
            pass  # the ids and addresses before it still count, as MkDocs' strict build would find them
        return PageTargets(frozenset(places.ids), tuple(places.urls))
