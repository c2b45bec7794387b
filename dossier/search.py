"""The site's search: one Pagefind index made from the dossier itself, not from the built HTML.

Each record (actor, issue, event, dispute, term, source article, the brief, and any kind added to
kinds.py later) becomes one search entry at its page's address: its title, its aliases (weighted as
the title, so every spelling a reader knows finds it first), its text as the site shows it, and the
British or American spelling of its words (Pagefind matches words as written). Filters a reader can
combine: kind, actor, issue and year. Hand-written pages (content/pages/) are indexed from their
built HTML, the one place their text exists as readers see it.

Pagefind's pinned binary (pagefind[bin] from PyPI: nothing is downloaded) reads only these small
entries rather than every page's full HTML (issue #17): they are written to a scratch folder and
indexed by one run of the binary. (Through the Python API, one request per entry took minutes at
2,000 articles: it answers one request per tenth of a second.) A file's name there means nothing:
each entry carries its address as its `url` meta, which the search dialog links to.
"""

from __future__ import annotations

import filecmp
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .addresses import page_address, url_of
from .dates import PartialDate
from .kinds import BRIEF, KINDS, Kind
from .link import Links
from .markdown import plain
from .model import Article, Dossier
from .schema import ProseMark, Record, Ref
from .sources import Publication
from .validate import walk

# British and American spellings differ by regular endings, so rules, not a word list, give both:
# (British, American, what may follow, what must precede). Each rule works both ways; a rule that
# makes a word nobody writes ("promize") costs nothing, as nobody searches for it.
_RULES = [
    ("is", "iz", "e|ed|es|ing|er|ers|ation|ations", r"\w\w"),  # organise, normalisation
    ("ys", "yz", "e|ed|es|ing|er|ers", r"\w\w"),  # analyse, paralysed
    ("our", "or", "|s|ed|ing|ite|ites|able|ably|ful|less|er|ers", r"\w\w\w"),  # colour, favourite
    ("tre", "ter", "|s", r"\w\w[^aeiou\W]"),  # centre, metres
    ("tr", "ter", "ed|ing", r"\w\w[^aeiou\W]"),  # centred, centring
    ("ence", "ense", "|s", r"\w\w[fct]"),  # defence, licences
    ("ogue", "og", "|s", r"\w\w"),  # catalogue, dialogues
    ("ll", "l", "ed|ing|er|ers", r"\w\w[aeiou]"),  # travelled, modelling
    ("dgement", "dgment", "|s", r"\w"),  # judgement
]
_VARIANTS = [
    (re.compile(rf"(?<={before}){old}(?=(?:{after})$)"), new)
    for british, american, after, before in _RULES
    for old, new in ((british, american), (american, british))
]
# The rules change only English endings: runs of four Latin letters or more are the words to vary.
_WORD = re.compile(r"[a-z]{4,}")
# Where the bundle goes in the site, and the language every entry is indexed as (one index, one stemmer).
BUNDLE = "pagefind"
# Pagefind indexes the ×1 dossier in about 3 s: a binary that hangs must not hold a build (or CI) for hours.
PAGEFIND_SECONDS = 600
LANGUAGE = "en"
# What readers call a hand-written page's kind (a record's is its kind's label: 'Actor', 'Source').
PAGE_KIND = "Page"
# What the theme adds to a hand-written page around its text: the article element, and the ¶ links.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_LINKED = re.compile(r"\[\[([^\[\]|]*)(?:\|[^\[\]]*)?\]\]")
# Fields a page does not show as text (the title and aliases have places of their own).
_NOT_TEXT = {"aliases", "url", "language", "lang", "dir"}


def spelling_variants(word: str) -> set[str]:
    """Return the other spellings of a word (lower case): 'normalisation' gives {'normalization'}."""
    word = word.lower()
    return {rule.sub(new, word, count=1) for rule, new in _VARIANTS if rule.search(word)} - {word}


@dataclass
class Entry:
    """One search result: a record, or a hand-written page, at its address from the site root."""

    url: str  # '/actors/israel/' or '/timeline/#some-event'
    title: str
    kind: str  # what readers call its kind: 'Actor', 'Source', 'Page'
    text: list[str]  # paragraphs, as readers see them
    aliases: list[str] = field(default_factory=list)
    date: str = ""  # as written: '2025', '2025-07' or '2025-07-14'
    filters: dict[str, list[str]] = field(default_factory=dict)
    weight: float = 1.0  # a hand-written page's `search: {boost: n}`: its words count n times

    def html(self, known: dict[str, set[str]]) -> str:
        """Return the entry as the HTML Pagefind reads: weights, filters and meta as its attributes say."""
        esc = html.escape
        parts = [f'<html lang="{LANGUAGE}"><body><main data-pagefind-body>', f"<h1>{esc(self.shown_title())}</h1>"]
        if self.aliases:
            # Weighted as the title: a reader who types an alias wants this record first.
            parts.append(f'<p data-pagefind-weight="7">Also known as: {esc(", ".join(self.aliases))}.</p>')
        # A page's boost weighs its words; Pagefind's weights stop at 10.
        weighted = f' data-pagefind-weight="{min(self.weight, 10):g}"' if self.weight != 1 else ""
        parts += [f"<p{weighted}>{esc(paragraph)}</p>" for paragraph in self.text if paragraph]
        variants = self._variants(known)
        if variants:
            # Seen only in an excerpt, when a reader typed the other spelling: it says why this matched.
            parts.append(f"<p>Also spelled: {esc(', '.join(variants))}.</p>")
        meta = {"url": self.url, "kind": self.kind, "date": self.date}
        parts += [f'<span data-pagefind-meta="{name}:{_attr(value)}"></span>' for name, value in meta.items() if value]
        for name, values in self.filters.items():
            parts += [f'<span data-pagefind-filter="{name}:{_attr(value)}"></span>' for value in values]
        parts.append("</main></body></html>")
        return "".join(parts)

    def shown_title(self) -> str:
        """The title a result shows: the record's id (or its kind) when the title has no letter or digit.

        A title of only marks (`**`, a dash) shows nothing a reader can pick, and an entry with no word at
        all is one Pagefind leaves out of the index without a word: an id always has a letter or digit.
        """
        path, _, anchor = self.url.partition("#")
        # '/timeline/#an-event', '/actors/x/' or, without directory URLs, '/actors/x.html'; the site's root: none.
        name = anchor or path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
        address = "" if name == "index" else name
        return next(text for text in (self.title, address, self.kind) if any(c.isalnum() for c in text))

    def _variants(self, known: dict[str, set[str]]) -> list[str]:
        # A large dossier repeats its words: `known` keeps each word's variants, worked out once.
        written = set(_WORD.findall(" ".join([self.title, *self.aliases, *self.text]).lower()))
        variants: set[str] = set()
        for word in written:
            if word not in known:
                known[word] = spelling_variants(word)
            variants |= known[word]
        return sorted(variants - written)


def _attr(value: str) -> str:
    # One `name:value` per attribute: Pagefind (1.5) takes all after the first colon as the value, commas
    # included, and keeps a backslash written before a comma (readers saw 'Smith\, John' among the filters).
    return html.escape(value)


def each_search_entry(dossier: Dossier, links: Links, use_directory_urls: bool = True) -> Iterator[Entry]:
    """Yield a search entry for every record of every kind, the brief included, at its page's address,
    one by one as they are written (the preview may stop between two)."""
    yield _entry(dossier, links, BRIEF, dossier.info, use_directory_urls)
    for kind in KINDS.values():
        for record in dossier.records.get(kind.name, {}).values():
            yield _entry(dossier, links, kind, record, use_directory_urls)


def _entry(dossier: Dossier, links: Links, kind: Kind, record: Any, use_directory_urls: bool) -> Entry:
    name = dossier.display_name
    model: Record = record.meta if isinstance(record, Article) else record
    record_id = model.id if kind is not BRIEF else ""
    address = "/" + page_address(url_of(kind.name, record_id, dossier), use_directory_urls)
    title = plain(str(getattr(model, kind.title)), name)
    aliases = [str(alias) for alias in getattr(model, "aliases", [])]
    # The text a page shows: every prose and plain-text field, named references by their names.
    text: list[str] = []
    refs: set[str] = set()
    for loc, mark, value in walk(model):
        if isinstance(mark, Ref):
            refs.add(value)
            text.append(name(value))
        elif isinstance(mark, ProseMark):
            refs.update(match.group(1).strip() for match in _LINKED.finditer(value))
            text.append(plain(value, name))
        elif isinstance(value, str) and _field(loc) not in _NOT_TEXT and loc[0] != kind.title:
            text.append(value)
    if isinstance(record, Article):
        text += list(_shown_paragraphs(dossier, links, record, refs))
    refs.add(record_id)  # an actor's or an issue's own page is found under its own name
    date = _date_of(model)
    # The filters a reader can combine: kind, actor, issue and year (Pagefind's filter names, not kinds to decide by).
    filters = dict(
        kind=[kind.label],
        actor=sorted({name(ref) for ref in refs if ref in dossier.actors}),
        issue=sorted({name(ref) for ref in refs if ref in dossier.issues}),
        year=[f"{date.year:04d}"] if date is not None else [],
    )
    shown = str(date) if date is not None else ""
    return Entry(address, title, kind.label, _unique(text), aliases, shown, {k: v for k, v in filters.items() if v})


def _shown_paragraphs(dossier: Dossier, links: Links, article: Article, refs: set[str]) -> Iterator[str]:
    """Yield the paragraphs the site shows of an article (reproduce decides), noting whom they mention."""
    published = Publication.of(dossier)
    for paragraph in article.paragraphs:
        if published.shows(article, paragraph.number):
            refs.update(span.target for span in links.paragraph_spans.get((article.id, paragraph.number), []))
            yield paragraph.text


def _field(loc: tuple[str | int, ...]) -> str:
    """The name of the field a value is in: 'lang' for ('native', 0, 'lang')."""
    return next(str(part) for part in reversed(loc) if isinstance(part, str))


def _date_of(model: BaseModel) -> PartialDate | None:
    """The date a record is of: its first required date (an event's date, an article's publication)."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if info.is_required() and isinstance(value, PartialDate):
            return value
    return None


def _unique(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(text for text in texts if text))


def hand_written_entries(docs_dir: Path, site: Path, generated: Iterable[str], use_directory_urls: bool) -> list[Entry]:
    """Return an entry for each hand-written page of a built site, as its `search` setting says."""
    from mkdocs.utils.meta import get_data

    entries = []
    skip = set(generated)  # a generated page of the same path replaced it
    for page in sorted(docs_dir.rglob("*.md")):
        path = page.relative_to(docs_dir).as_posix()
        address = page_address(path, use_directory_urls)
        built = site / (address + "index.html" if address == "" or address.endswith("/") else address)
        setting = get_data(page.read_text(encoding="utf-8"))[1].get("search") or {}
        if path in skip or not built.is_file() or setting.get("exclude") is True:
            continue
        entry = page_entry(built.read_text(encoding="utf-8"), address)
        if entry is not None:
            entry.weight = float(setting.get("boost", 1))
            entries.append(entry)
    return entries


def page_entry(built: str, address: str) -> Entry | None:
    """Return the entry of a hand-written page from its built HTML, or None if it has no text."""
    found = _ARTICLE.search(built)
    if found is None:
        return None
    body = _HEADERLINK.sub("", found.group(1))
    heading = _H1.search(body)
    title = html.unescape(_TAG.sub("", heading.group(1))).strip() if heading else address
    # Paragraph by paragraph, as Pagefind splits excerpts: block ends become breaks, tags go.
    blocks = re.split(r"</(?:p|li|h[1-6]|td|th|dt|dd|pre|blockquote)>", body)
    text = [" ".join(html.unescape(_TAG.sub(" ", block)).split()) for block in blocks]
    return Entry("/" + address, title, PAGE_KIND, [t for t in text if t and t != title], filters={"kind": [PAGE_KIND]})


def index_site(
    site: Path, docs_dir: Path, entries: Iterable[Entry], generated: Iterable[str], use_directory_urls: bool
) -> int:
    """Index the records' entries and the hand-written pages of a built site; drop the lunr search the theme ships.

    Returns how many entries were indexed.
    """
    # The hand-written pages' entries too: their `search` settings are content (check refuses bad ones).
    pages = hand_written_entries(docs_dir, site, generated, use_directory_urls)
    count = write_index(site, itertools.chain(entries, pages))  # each entry made as it is written
    # Material copies its lunr search with the theme; nothing loads it without the search plugin.
    javascripts = site / "assets" / "javascripts"
    shutil.rmtree(javascripts / "lunr", ignore_errors=True)
    for worker in javascripts.glob("workers/search.*"):
        worker.unlink()
    return count


def write_index(site_dir: Path, entries: Iterable[Entry]) -> int:
    """Write the Pagefind bundle into site_dir/pagefind/ from the entries; return how many were indexed.

    The bundle is made in a scratch folder and moved in file by file, its entry file last: a served
    preview never shows half an index.
    """
    # The pinned wheel's binary itself: pagefind.service.get_executable() would also take an
    # environment variable, a module named pagefind_bin_extended or any `pagefind` on PATH.
    from pagefind_bin import get_executable

    binary = get_executable()
    known: dict[str, set[str]] = {}
    with tempfile.TemporaryDirectory(prefix="dossier-search-") as scratch:
        pages, bundle = Path(scratch) / "entries", Path(scratch) / BUNDLE
        pages.mkdir()
        count = 0
        for count, entry in enumerate(entries, 1):
            (pages / f"{count}.html").write_text(entry.html(known), encoding="utf-8")
        # The command, not the Python API's service: the service is stopped as soon as it answers,
        # which under load cut files it was still writing (a pagefind-ui.js of 64 KB); a command
        # returns once every file is written, and says why when it fails.
        command = [str(binary), "--site", str(pages), "--output-path", str(bundle), "--force-language", LANGUAGE]
        # Run in the scratch folder: Pagefind reads a pagefind.yml (or .json, .toml) from where it runs, and
        # one at the project's root, which a pull request can add, could turn on its web server and stall.
        try:
            done = subprocess.run(
                [*command, "--silent"],
                cwd=scratch,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                check=False,
                timeout=PAGEFIND_SECONDS,
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Pagefind did not finish in {PAGEFIND_SECONDS} s") from None
        if done.returncode != 0:
            said = " ".join((done.stderr or done.stdout).split())[:500]
            raise RuntimeError(f"Pagefind stopped with exit code {done.returncode}: {said or 'no message'}")
        indexed = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        page_count = sum(language["page_count"] for language in indexed["languages"].values())
        if page_count != count:
            raise RuntimeError(f"Pagefind indexed {page_count} of {count} entries")
        _move_into(site_dir / BUNDLE, bundle)
    return count


def _move_into(target: Path, new: Path) -> None:
    """Put the new bundle's files into target, its entry file last, each file whole.

    A reader who loaded the old entry file still finds every file it names (index files are named by
    their content, and the old ones stay), and one who loads the new entry file finds all of its own.
    """
    entry = new / "pagefind-entry.json"
    for path in sorted(p for p in new.rglob("*") if p.is_file() and p != entry):
        placed = target / path.relative_to(new)
        if not (placed.is_file() and filecmp.cmp(path, placed, shallow=False)):
            placed.parent.mkdir(parents=True, exist_ok=True)
            _put(path, placed)
    _put(entry, target / entry.name)


def _put(source: Path, placed: Path) -> None:
    staged = placed.with_name(f".{placed.name}.new")
    shutil.copyfile(source, staged)
    os.replace(staged, placed)
