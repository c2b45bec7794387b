"""The Jinja environment pages are rendered in, and the filters templates call to print facts as Markdown.

Every value a template prints is escaped unless it is already `Markdown` made safe here, so a
template cannot put editor text out raw by mistake.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from markupsafe import Markup

from . import maps, sources
from . import markdown as md
from .addresses import LIMITS, folder_of, html_href, paragraph_of, relative
from .compiled_templates import compiled_templates
from .dates import PartialDate
from .first_mention import mention
from .markdown import Markdown
from .model import Article
from .schema import CREDIBILITY, RELIABILITY, Citation, Dispute
from .view import COMMITMENT_GROUPS, DossierView, kind_names

# How a variant's rank reads on the Disputes page: editors write Wikidata's words, readers see these.
RANK_LABELS = {"preferred": "preferred", "normal": "kept", "deprecated": "rejected"}
STANCE_MARKS = {"supports": "▲", "opposes": "▼", "conditional": "◆", "undecided": "○"}
TREND_MARKS = {"improving": "↗", "unchanged": "→", "worsening": "↘"}


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's sandbox, deciding once per type of object and attribute name whether a template may read it.

    Its rule looks at nothing else (the object's type, the name), and a large site reads a
    hundred thousand attributes of a few dozen types: the answer is kept, not worked out each time.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Read an attribute as the sandbox does, straight away where its type and name were found safe.

        A bound `str.format` is the one safe value the sandbox wraps rather than hands over: it always
        goes the sandbox's way, as does anything else (a missing attribute, a key, a first read).
        """
        if self._safe.get((type(obj), attribute)):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if self.wrap_str_format(value) is None:
                    return value
        return super().getattr(obj, attribute)


class Templates:
    """Holds the Jinja environment; filters read the page being rendered from the context."""

    def __init__(self, templates_dir: Path, view: DossierView, use_directory_urls: bool = True) -> None:
        self.view = view
        self.use_directory_urls = use_directory_urls  # raw HTML (the maps' links) needs the final addresses
        self._links: dict[tuple[str, str | None, str], Markdown] = {}
        # Sandboxed: a template can only read the dossier it is given and call its filters, never reach
        # Python's internals (`cycler.__init__.__globals__.os`) to run commands during a build.
        self.env = _Sandbox(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            undefined=jinja2.StrictUndefined,
            # Autoescape with a finalize that escapes for Markdown: macro output stays as it is.
            autoescape=True,
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=compiled_templates("pages"),  # this environment is configured here alone
            # One environment per build, and templates do not change during one: Jinja need not look
            # at each template file's time again at every page (8,000 times at ×1).
            auto_reload=False,
        )
        for name in (
            "link",
            "mention",
            "prose",
            "cite",
            "page_link",
            "linked",
            "paragraph_links",
            "contested",
            "place_map",
        ):
            self.env.filters[name] = _with_context(getattr(self, f"_{name}"))
        self.env.filters.update(
            date=_date,
            when=_when,
            iso=lambda d: d.iso if d else "",
            inline=md.inline,
            cell=_cell,
            stance=_stance,
            status=_status,
            trend=_trend,
            tag_label=tag_label,
            grade=_grade,
            yaml=md.front_matter,
            safe_url=md.safe_url,
            lang_span=_lang_span,
        )
        self.env.globals.update(
            d=view,
            RELIABILITY=RELIABILITY,
            CREDIBILITY=CREDIBILITY,
            RANK_LABELS=RANK_LABELS,
            COMMITMENT_GROUPS=COMMITMENT_GROUPS,
            STANCE_MARKS=STANCE_MARKS,
            LIMITS=LIMITS,
            KIND_NAMES=kind_names(),
            source_groups=sources.source_groups,
            SOURCE_TYPES=sources.TYPES,
            # What the site may show of each article (full, cited, none): article pages show nothing else.
            published=sources.Publication.of(view.dossier),
        )
        self.env.filters["day"] = lambda iso: md.inline(PartialDate.parse(iso).label) if iso else ""

    def render(self, template: str, page: str, **values: Any) -> str:
        return self.env.get_template(template).render(page=page, **values)

    def _link(self, context: Any, record_id: str, label: str | None = None) -> Markdown:
        page = context["page"]
        url = self.view.url(record_id)
        # Pages in one folder link a record the same way (unless it is on the page itself): build it once.
        key = (record_id, label, folder_of(page))
        link = self._links.get(key) if not url.startswith(page) else None
        if link is None:
            text = label if label is not None else self.view.name(record_id)
            link = Markdown(f"[{md.inline(text)}]({relative(url, page)})")
            if not url.startswith(page):
                self._links[key] = link
        return link

    def _mention(self, context: Any, record_id: str, label: str | None = None) -> Markdown:
        """A link that stays a link only at the record's first mention in its section of the page."""
        return mention(self._link(context, record_id, label))

    def _place_map(self, context: Any, place_ids: list[str], map_id: str, title: str, small: bool = True) -> Markdown:
        """Draw a map of places (ids) as SVG, each place a link to its page (see maps.py)."""
        page = context["page"]
        features = [
            maps.Feature(place, html_href(self.view.url(place.id), page, self.use_directory_urls))
            for place in self.view.place_records(place_ids)
        ]
        width = maps.SMALL_WIDTH if small else maps.WIDTH
        return Markdown(maps.draw_map(features, map_id, title, width)) if features else Markdown("")

    def _page_link(self, context: Any, target: str, label: str) -> Markdown:
        return Markdown(f"[{md.inline(label)}]({relative(target, context['page'])})")

    def _paragraph_links(self, context: Any, numbers: list[int], article: Article) -> Markdown:
        """Render '¶3, ¶7' linked to those paragraphs of an article, as page_link would one by one."""
        if not numbers:
            return Markdown("")
        # Every paragraph is an anchor on the same page: its address from here once, then each anchor.
        address = relative(paragraph_of(article.id, numbers[0]), context["page"]).rpartition("#")[0]
        return Markdown(", ".join(f"[¶{n}]({address}#p{n})" for n in numbers))

    def _prose(self, context: Any, text: str, exclude: str | None = None) -> Markdown:
        def link(record_id: str, label: str | None) -> str:
            return self._link(context, record_id, label)

        def find(value: str) -> list[tuple[int, int, str]]:
            return [(s.start, s.end, s.target) for s in self.view.links.linker.find_in_prose(value, exclude)]

        def found(record_id: str, label: str | None) -> str:
            return mention(self._link(context, record_id, label))

        return md.prose(text, link, find, mention=found)

    def _linked(self, context: Any, paragraph: Any, article: Article) -> Markdown:
        """Render an article paragraph as plain text, its mentions of records linked where first in their section."""
        text = paragraph.text
        pieces, position = [], 0
        for span in self.view.links.paragraph_spans.get((article.id, paragraph.number), []):
            pieces.append(md.inline(text[position : span.start]))
            pieces.append(mention(self._link(context, span.target, text[span.start : span.end])))
            position = span.end
        pieces.append(md.inline(text[position:]))
        return Markdown("".join(pieces))

    def _cite(self, context: Any, sources: list[Citation]) -> Markdown:
        """Render sources as links to their paragraphs, each with its grade; count independent origins."""
        if not sources:
            return Markdown('<span class="dossier-cite dossier-unsourced">unsourced</span>')
        # One group per article, in the order cited: "The National ¶10, ¶13 B · Unattributed ¶5 F".
        paragraphs: dict[str, list[int]] = {}
        quotes: dict[tuple[str, int], str] = {}
        for citation in sources:
            numbers = paragraphs.setdefault(citation.article, [])
            if citation.paragraph not in numbers:
                numbers.append(citation.paragraph)
                numbers.sort()
            if citation.quote:
                quotes.setdefault((citation.article, citation.paragraph), citation.quote)
        links = []
        for article_id, numbers in paragraphs.items():
            article = self.view.dossier.articles[article_id]
            grade = article.meta.reliability
            # The stored quote shows on hover and on keyboard focus (Material's tooltips read `title`).
            targets = [
                relative(paragraph_of(article.id, n), context["page"]) + _title(quotes.get((article_id, n)))
                for n in numbers
            ]
            first = f"[{md.inline(self._source_label(article))} ¶{numbers[0]}]({targets[0]})"
            more = "".join(f", [¶{n}]({target})" for n, target in zip(numbers[1:], targets[1:], strict=True))
            links.append(f'{first}{more} <abbr class="dossier-grade" title="{RELIABILITY[grade]}">{grade}</abbr>')
        backing = self.view.backing([self.view.dossier.articles[article_id] for article_id in paragraphs])
        return Markdown(
            f'<span class="dossier-cite">{" · ".join(links)} <span class="dossier-backing">({backing})</span></span>'
        )

    def _contested(self, context: Any, disputes: list[Dispute]) -> Markdown:
        """Mark a statement that rests on a disputed claim, with the grade and a link to the dispute."""
        marks = []
        for dispute in disputes:
            grade = self.view.grade_of(dispute)
            label = f"contested, graded {grade}" if grade else "contested"
            marks.append(f'<span class="dossier-contested">⚠ {self._link(context, dispute.id, label)}</span>')
        return Markdown(" ".join(marks))

    def _source_label(self, article: Article) -> str:
        """How a citation names its source: the publisher, or what a primary text is ("joint statement")."""
        return sources.source_label(article, self.view.name)


def _title(quote: str | None) -> str:
    """Return a Markdown link title holding a quote, or nothing: no character in it may start markup."""
    if not quote:
        return ""
    text = md.tooltip(" ".join(quote.split())).replace("`", "'")
    # Straight double quotes would end the title: curl them, opening and closing in turn.
    pieces = text.split('"')
    text = "".join(piece + ("“" if n % 2 == 0 else "”") for n, piece in enumerate(pieces[:-1])) + pieces[-1]
    return f' "{text}"'


def _with_context(method: Any) -> Any:
    @jinja2.pass_context
    def filter_(context: Any, *args: Any, **kwargs: Any) -> Any:
        return method(context, *args, **kwargs)

    return filter_


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return md.escape(value)


def _cell(value: Any) -> Markdown:
    """Fit already-safe Markdown (a filter's, or a macro's output) into one table cell."""
    text = value if isinstance(value, Markup) else md.escape(value)
    return Markdown(" ".join(text.split()).replace("|", "&#124;"))


def _stance(stance: str) -> Markdown:
    return Markdown(f'<span class="dossier-stance dossier-{stance}">{STANCE_MARKS[stance]} {stance}</span>')


def _status(status: str) -> Markdown:
    return Markdown(f'<span class="dossier-status dossier-{status.replace(" ", "-")}">{status}</span>')


def _trend(trend: str, since: PartialDate | None = None) -> Markdown:
    when = f" since {md.inline(since.label)}" if since else ""
    return Markdown(f'<span class="dossier-trend dossier-{trend}">{TREND_MARKS[trend]} {trend}{when}</span>')


def _date(date: PartialDate | str | None) -> Markdown | str:
    # A date, or a text in its place (a commitment's "no date given").
    return _date_label(date) if isinstance(date, PartialDate) else md.inline(date or "")


@functools.lru_cache(maxsize=1 << 14)
def _date_label(date: PartialDate) -> Markdown:
    # A dossier's pages show the same few thousand dates over and over (each article on every page that lists it).
    return md.inline(date.label)


def _when(date: PartialDate | None) -> Markdown:
    """Show a date in a column of dates: one known only to the month or year says so, as the timeline does."""
    if date is None:
        return Markdown("")
    if not date.month:
        return md.inline(f"{date.year} (month not known)")
    if not date.day:
        return md.inline(f"{date.label} (day not known)")
    return md.inline(date.label)


def tag_label(tag: str) -> str:
    """Return a tag as readers see it above a title and on the tags page: 'syria-delegation' → 'Syria delegation'."""
    words = " ".join(tag.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:]


def _grade(letter: str) -> Markdown:
    return Markdown(f'<abbr class="dossier-grade" title="{RELIABILITY[letter]}">{letter}</abbr>')


def _lang_span(name: Any) -> Markdown:
    return Markdown(f'<span lang="{name.lang}" dir="{name.direction}">{md.escape(name.text)}</span>')
