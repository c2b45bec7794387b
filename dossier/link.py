"""Stage 3: find every mention of every record, who points at whom, and conflicts between sources.

The records induce a graph, not a tree: a page can only list what points at it once every file
has been read, so this stage runs over the whole validated dossier before anything is rendered.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from .errors import Problem
from .kinds import named_kinds
from .markdown import LINK
from .model import Article, Dossier
from .preview import first_link
from .schema import Actor, Citation, ProseMark, Record, Ref, Role
from .validate import walk

# Runs of capitalised words, joined by the particles Arabic and European names use. This matches
# exactly what r"\b(?:(?:al|el)-)?[A-Z][\w'’-]+(…)*" would, but opens with a character class rather
# than \b, so the regex engine skips straight to candidate letters: a third faster on every paragraph.
_NAME_RUN = re.compile(
    r"[aeA-Z](?<!\w[aeA-Z])(?:(?<=[ae])l-[A-Z]|(?<=[A-Z]))[\w'’-]+"
    r"(?:\s+(?:(?:al|el|bin|ibn|de|von|der|van)[-\s])?[A-Z][\w'’-]+)*"
)
# Words that open a name run without being part of the name ("Foreign Minister Jan Novak").
# fmt: off
_TITLE_WORDS = {
    "mr", "mrs", "ms", "dr", "the", "president", "prime", "minister", "foreign", "defence", "defense",
    "secretary", "general", "ambassador", "envoy", "special", "us", "un", "eu", "former", "interim",
    "deputy", "king", "crown", "prince", "sheikh", "senator", "commander", "chief", "of", "state", "in",
    "on", "at", "after", "before", "during", "since", "until", "by", "for", "from", "and", "but",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday",
}
# fmt: on
# No part may run past the next opening of its own kind ("[", "(", "<"): a text of many unclosed
# openings is then scanned once, not once from each of them.
_PROTECTED = re.compile(LINK.pattern + r"|\[[^\[\]]*\]\([^()]*\)|`[^`]*`|<[^<>]*>")
# Where `check` keeps each article's scan between runs, from the folder that holds content/ (git ignores .cache/).
CACHE_FOLDER = ".cache/dossier-mentions"
# Misspellings are looked for among words no longer than this: comparing two long words takes time
# in the square of their length, and no name has a word this long.
_LONGEST_NAME_WORD = 64
# How close (difflib's ratio) a word must be to a known name's word to be reported as a new spelling.
_CLOSE = 0.8


class Span(NamedTuple):
    """A mention of record `target` at text[start:end]."""

    # A named tuple, not a frozen dataclass: a large dossier makes hundreds of thousands of these.
    start: int
    end: int
    target: str


class Linker:
    """Finds mentions of every record's names in one pass over a text, whatever their number.

    Names match case-insensitively, except all-capital ones ("US", "EU"), which match only as
    written so that the word "us" is never taken for the United States.
    """

    def __init__(self, names: dict[str, str]) -> None:
        self._folded = {name.lower(): target for name, target in names.items() if not _is_acronym(name)}
        self._exact = {name: target for name, target in names.items() if _is_acronym(name)}
        self._folded_words = word_pattern(self._folded)
        self._exact_words = word_pattern(self._exact)

    def find(self, text: str, exclude: str | None = None, first_only: bool = True) -> list[Span]:
        """Return the first mention of each record in `text` (or every one): whole words, longest name wins."""
        seen: set[str] = set()
        spans = []
        for start, end, target in self._every_mention(text, _fold(text)):
            if target != exclude and (target not in seen or not first_only):
                seen.add(target)
                spans.append(Span(start, end, target))
        return spans

    def find_each(self, texts: list[str]) -> list[list[Span]]:
        """Return every mention in each of `texts` (an article's paragraphs), found in one pass over them all."""
        # A line break ends a paragraph and no name holds one: no mention runs from one paragraph into the next.
        joined = "\n".join(texts)
        folded = joined.lower()
        if len(folded) != len(joined):
            folded = "\n".join(map(_fold, texts))
        each: list[list[Span]] = [[] for _ in texts]
        index, offset, end = 0, 0, len(texts[0]) if texts else 0
        mentions = self._every_mention(joined, folded)
        for start, stop, target in mentions:
            while start > end:  # the mention is in a later paragraph
                index += 1
                offset, end = end + 1, end + 1 + len(texts[index])
            each[index].append(Span(start - offset, stop - offset, target))
        return each

    def find_in_prose(self, text: str, exclude: str | None = None) -> list[Span]:
        """Like find(), skipping explicit links, Markdown links, code and tags already in the text."""
        masked = _PROTECTED.sub(lambda m: " " * len(m.group()), text)
        return self.find(masked, exclude)

    def _every_mention(self, text: str, folded: str) -> list[tuple[int, int, str]]:
        """Every mention in text order: the longest name at each place, then the next after it."""
        exact = self._exact_words.search(text) if self._exact_words else None
        if exact is None:  # most texts: one pass finds every mention
            targets = self._folded
            words = self._folded_words
            return [(*match.span(), targets[match.group()]) for match in words.finditer(folded)] if words else []
        # An acronym is in the text: take the next mention of either kind, the longer where both start
        # together (the first record's, on a tie), and look again only past it.
        mentions: list[tuple[int, int, str]] = []
        reach = 0
        found = self._folded_words.search(folded) if self._folded_words else None
        while found or exact:
            if found and found.start() < reach:
                found = self._folded_words.search(folded, reach)  # type: ignore[union-attr]
            if exact and exact.start() < reach:
                exact = self._exact_words.search(text, reach)  # type: ignore[union-attr]
            next_ones = [
                (m.start(), m.start() - m.end(), targets[m.group()])
                for m, targets in ((found, self._folded), (exact, self._exact))
                if m is not None
            ]
            if next_ones:
                start, negative_length, target = min(next_ones)
                reach = start - negative_length
                mentions.append((start, reach, target))
        return mentions


def _fold(text: str) -> str:
    """Return text in lower case, letter for letter (a few characters lower-case to two: they stay)."""
    folded = text.lower()
    return folded if len(folded) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# A whole word has no letter, digit or '_' just before or after it: 'Israel' is not found in 'Israeli',
# and 'U.S.' is found before a space or a full stop. The one rule for linking names and explaining terms.
_WHOLE_WORD = r"(?<!\w)(?:{})(?!\w)"
# The same rule, its look back put after a word's first letter: the two characters before the second
# letter are not a word character and that letter.
_NOTHING_BEFORE = r"(?<!\w[\s\S])"
_WHOLE_WORD_AFTER_FIRST = r"(?:{})(?!\w)"
# Words that start with at most this many different characters get that form.
_FEW_FIRST_LETTERS = 20
# Groups nest no deeper than this in a pattern (a word that begins another opens one): Python's regex
# compiler recurses once per level. Below it, the rest of the words are tried longest first.
_NESTING = 8


def word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """Return a pattern that finds `words` as whole words: at each place the longest, then the next after it.

    One pass of `finditer` over a text finds every mention, in C; None when there is no word to find.
    The words are a tree of letters, so each place costs the same however many words there are.
    """
    root = _letter_tree(word for word in words if word)  # an empty word matches nothing
    if not root:
        return None
    if len(root) > _FEW_FIRST_LETTERS:
        return re.compile(_WHOLE_WORD.format(_alternatives(root, 0)))
    # The same rule with the look back after each word's first letter: a pattern that begins with a
    # letter lets `re` skip in C to the places where one of the first letters is (the glossary's words,
    # twice as fast). When nearly every letter starts a word (the names), there is nothing to skip.
    return re.compile(_WHOLE_WORD_AFTER_FIRST.format(_alternatives(root, 0, _NOTHING_BEFORE)))


def _letter_tree(words: Iterable[str]) -> dict[str, Any]:
    """Return words as a tree of letters: a node's key '' marks the end of a word."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}
    return root


def _alternatives(node: dict[str, Any], depth: int, after_first: str = "") -> str:
    """A pattern for the words below `node`, trying longer ones first (the boundary after them may fail).

    `after_first` goes after the first letter of each branch of `node`.
    """
    if depth == _NESTING:
        below = sorted(_words_below(node), key=lambda word: (-len(word), word))
        return "(?:" + "|".join(map(re.escape, below)) + ")"
    branches = []
    for letter in sorted(letter for letter in node if letter):
        run, child = [letter], node[letter]
        while len(child) == 1 and "" not in child:  # a run of letters with no choice on the way
            ((letter, child),) = child.items()
            run.append(letter)
        rest = _alternatives(child, depth + 1) if len(child) > ("" in child) else ""
        branches.append(re.escape(run[0]) + after_first + re.escape("".join(run[1:])) + rest)
    either = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{either})?" if "" in node else either


def _words_below(node: dict[str, Any]) -> Iterator[str]:
    """Every word in the tree below `node`, without recursion: a name may be thousands of letters long."""
    below = [(node, "")]
    while below:
        node, prefix = below.pop()
        if "" in node:
            yield prefix
        for letter, child in node.items():
            if letter:
                run = [letter]
                while len(child) == 1 and "" not in child:  # a run of letters with no choice on the way
                    ((letter, child),) = child.items()
                    run.append(letter)
                below.append((child, prefix + "".join(run)))


def _is_acronym(name: str) -> bool:
    return name.isupper() and len(name.replace(" ", "")) <= 5


@dataclass(frozen=True)
class OfficeHolder:
    actor: Actor
    role: Role
    index: int


@dataclass(frozen=True)
class OfficeConflict:
    """Two people said, by different sources, to hold one single-holder office at the same time."""

    title: str
    of: str
    holders: tuple[OfficeHolder, ...]
    disputes: tuple[str, ...] = ()


@dataclass
class Links:
    linker: Linker
    paragraph_spans: dict[tuple[str, int], list[Span]] = field(default_factory=dict)
    mentioned_in: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    referred_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    conflicts: list[OfficeConflict] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def link_mentions(dossier: Dossier, cache: Path | None = None) -> Links:
    """Find mentions, backlinks and conflicts across the whole dossier.

    With `cache` (a folder), each article's mentions are kept there between runs, by what they depend on.
    """
    names, warnings = _names(dossier)
    links = Links(Linker(names), warnings=warnings)
    scans = _scan_articles(dossier, links.linker, names, cache)
    every_mention = _find_mentions(dossier, links, scans)
    links.referred_by = _references(dossier, links.linker)
    links.conflicts = find_office_conflicts(dossier)
    for conflict in links.conflicts:
        links.warnings.extend(_conflict_warnings(conflict))
    links.warnings.extend(name_warnings(dossier, names, links.linker, every_mention, scans))
    return links


class ArticleScan(NamedTuple):
    """What one pass over an article finds: every mention in each paragraph, and its runs of capitalised words."""

    mentions: list[list[Span]]
    runs: set[str]


def _scan_articles(
    dossier: Dossier, linker: Linker, names: dict[str, str], cache: Path | None
) -> dict[str, ArticleScan]:
    kept = _ScanCache(cache, names)
    scans = {}
    for article in dossier.articles.values():
        texts = [paragraph.text for paragraph in article.paragraphs]
        scan = kept.get(texts)
        if scan is None:
            # A NUL is in no text and in no run: runs are found in the whole article at once.
            scan = ArticleScan(linker.find_each(texts), set(_NAME_RUN.findall("\0".join(texts))))
            kept.put(texts, scan)
        scans[article.id] = scan
    kept.save()
    return scans


def _find_mentions(dossier: Dossier, links: Links, scans: dict[str, ArticleScan]) -> dict[tuple[str, int], list[Span]]:
    """Record the first mention of each record in each paragraph; return every mention of each paragraph."""
    # Every mention for the name warnings, the first of each in a paragraph to link.
    every_mention: dict[tuple[str, int], list[Span]] = {}
    for article in dossier.articles.values():
        article_id = article.id
        for paragraph, mentions in zip(article.paragraphs, scans[article_id].mentions, strict=True):
            key = (article_id, paragraph.number)
            every_mention[key] = mentions
            seen: set[str] = set()
            links.paragraph_spans[key] = spans = [
                s
                for s in mentions
                if s.target not in seen and not seen.add(s.target)  # type: ignore[func-returns-value]
            ]
            for span in spans:
                links.mentioned_in[span.target].append(key)
    return every_mention


class _ScanCache:
    """Each article's scan, kept between runs of `check` in one file under .cache/, by the article's text.

    The file holds a hash of all else a scan depends on (every record's names, this module's code,
    Python's version): if any changed, it is ignored. Anything unreadable, or not exactly the shape
    written here, is ignored and the article scanned again: the cache is never taken as input.
    Scans no article used in this run are left out when the file is written again.
    """

    def __init__(self, folder: Path | None, names: dict[str, str]) -> None:
        self.path = folder / "scans.json" if folder else None
        if self.path is not None and first_link(self.path.parents[2], self.path) is not None:
            self.path = None  # a link where the cache goes: every article scanned, nothing read or written there
        self.targets = set(names.values())
        salt = hashlib.sha256(Path(__file__).read_bytes())
        salt.update(f"{sys.version}\0{sorted(names.items())!r}".encode())
        self.salt = salt.hexdigest()
        self.kept: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        try:
            data = json.loads(self.path.read_bytes()) if self.path else None
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("salt") == self.salt and isinstance(data.get("scans"), dict):
            self.kept = data["scans"]

    def get(self, texts: list[str]) -> ArticleScan | None:
        key = hashlib.sha256("\0".join(texts).encode("utf-8", "surrogatepass")).hexdigest()
        data = self.used[key] = self.kept.get(key)
        try:
            scan = self._checked(data, texts)
        except (TypeError, ValueError):
            scan = None
        if scan is None:
            self.used.pop(key)
        return scan

    def _checked(self, data: Any, texts: list[str]) -> ArticleScan | None:
        """The scan `data` holds, if it is one for these texts; else None."""
        if not (isinstance(data, dict) and isinstance(data.get("runs"), list)):
            return None
        mentions = data.get("mentions")
        if not (isinstance(mentions, list) and len(mentions) == len(texts)):
            return None
        scan = ArticleScan([[Span(*triple) for triple in found] for found in mentions], set(data["runs"]))
        for found, text in zip(scan.mentions, texts, strict=True):
            for start, end, target in found:
                if not (type(start) is int and type(end) is int and 0 <= start < end <= len(text)):
                    return None
                if target not in self.targets:
                    return None
        return scan if all(isinstance(run, str) for run in scan.runs) else None

    def put(self, texts: list[str], scan: ArticleScan) -> None:
        key = hashlib.sha256("\0".join(texts).encode("utf-8", "surrogatepass")).hexdigest()
        self.used[key] = {"mentions": scan.mentions, "runs": sorted(scan.runs)}

    def save(self) -> None:
        """Write the file again if this run scanned an article, or used fewer than it held."""
        if self.path is None or self.used.keys() == self.kept.keys():
            return
        text = json.dumps({"salt": self.salt, "scans": self.used}, ensure_ascii=False)
        temporary = self.path.with_name(f"scans.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(text, encoding="utf-8", errors="surrogatepass")
            temporary.replace(self.path)  # two runs at once never read half a file
        except OSError:  # a full or read-only disk: the next run scans again
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


def _references(dossier: Dossier, linker: Linker) -> dict[str, set[str]]:
    """Which fact sheets refer to each record, by field, [[link]] or name in their prose."""
    referred_by: dict[str, set[str]] = defaultdict(set)
    for record in dossier.fact_sheets():
        for target in _referenced(record, linker):
            if target != record.id:
                referred_by[target].add(record.id)
    return referred_by


def _names(dossier: Dossier) -> tuple[dict[str, str], list[Problem]]:
    names: dict[str, str] = {}
    warnings: list[Problem] = []
    for record, spellings in _spellings(dossier):
        for spelling in spellings:
            key = " ".join(spelling.split())
            key = key if _is_acronym(key) else key.lower()
            owner = names.setdefault(key, record.id)
            if owner != record.id:
                warnings.append(
                    Problem(
                        record.path,
                        record.line("aliases"),
                        f"the name '{spelling}' also belongs to '{owner}': mentions link to '{owner}' only",
                        "warning",
                    )
                )
    return names, warnings


def _spellings(dossier: Dossier) -> list[tuple[Record, list[str]]]:
    """Every record that articles mention by name, with its names as the editor wrote them."""
    return [
        (record, [getattr(record, kind.title), *record.aliases])  # type: ignore[attr-defined]
        for kind in named_kinds()
        for record in dossier.records.get(kind.name, {}).values()
    ]


def _referenced(record: Record, linker: Linker) -> set[str]:
    targets: set[str] = set()
    for _loc, mark, value in walk(record):
        if isinstance(mark, Ref) and isinstance(value, str):
            targets.add(value)
        elif isinstance(mark, ProseMark) and isinstance(value, str) and value:
            targets.update(match.group(1).strip() for match in LINK.finditer(value))
            targets.update(span.target for span in linker.find_in_prose(value))
    return targets


def find_office_conflicts(dossier: Dossier) -> list[OfficeConflict]:
    """Group single-holder roles by office; report overlapping holders backed by different sources."""
    offices: dict[tuple[str, str], list[OfficeHolder]] = defaultdict(list)
    for actor in dossier.actors.values():
        for index, role in enumerate(actor.roles):
            if role.of and not role.shared:
                offices[(" ".join(role.title.lower().split()), role.of)].append(OfficeHolder(actor, role, index))
    conflicts = []
    for (_title, of), holders in sorted(offices.items()):
        clashing: dict[str, OfficeHolder] = {}
        for first, second in combinations(holders, 2):
            if (
                first.actor.id != second.actor.id
                and _overlap(dossier, first.role, second.role)
                and _articles(first.role.sources) != _articles(second.role.sources)
            ):
                clashing.setdefault(first.actor.id, first)
                clashing.setdefault(second.actor.id, second)
        if clashing:
            ordered = tuple(sorted(clashing.values(), key=lambda h: h.actor.id))
            settled_by = tuple(sorted(d.id for d in dossier.disputes.values() if clashing.keys() <= set(d.concerns)))
            conflicts.append(OfficeConflict(ordered[0].role.title, of, ordered, settled_by))
    return conflicts


def _overlap(dossier: Dossier, first: Role, second: Role) -> bool:
    first_start, first_end = _held(dossier, first)
    second_start, second_end = _held(dossier, second)
    return first_start <= second_end and second_start <= first_end


def _held(dossier: Dossier, role: Role) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """When a role was held: its dates, or else when its sources were published (when it is attested)."""
    published = [dossier.articles[c.article].meta.published for c in role.sources if c.article in dossier.articles]
    if role.from_:
        start = role.from_.first_day
    elif published and not role.to:
        start = min(published).first_day
    else:
        start = (0, 0, 0)
    if role.to:
        end = role.to.last_day
    elif published and not role.from_:
        end = max(published).last_day
    else:
        end = (9999, 12, 31)
    return start, end


def _articles(sources: list[Citation]) -> frozenset[str]:
    return frozenset(citation.article for citation in sources)


def _conflict_warnings(conflict: OfficeConflict) -> list[Problem]:
    if conflict.disputes:
        return []  # a dispute already says which version is preferred: nothing is left for the editor to do
    warnings = []
    for holder in conflict.holders:
        others = ", ".join(h.actor.id for h in conflict.holders if h is not holder)
        warnings.append(
            Problem(
                holder.actor.path,
                holder.actor.line("roles", holder.index),
                f"'{conflict.title}' of {conflict.of} is also held by {others} at the same time, by another "
                "source: shown as a conflict on the Disputes page (add a dispute record that concerns both "
                "to say which is right)",
                "warning",
            )
        )
    return warnings


# What a run of capitalised words in an article amounts to, from its text alone: a near miss
# (word, close known word, its record), an unknown name, or nothing to say.
Verdict = tuple[str, str, str] | str | None


def name_warnings(
    dossier: Dossier,
    names: dict[str, str],
    linker: Linker,
    every_mention: dict[tuple[str, int], list[Span]],
    scans: dict[str, ArticleScan],
) -> list[Problem]:
    """Warn of names in articles that nearly match an alias, or match no record at all (once each).

    A run of capitalised words is a suspect only where no mention of a record overlaps it; each is
    reported at its first such place, in the order of the articles.
    """
    judge = _judge_runs(dossier, names)
    verdicts: dict[str, Verdict] = {}  # each distinct run is judged once
    near: dict[str, tuple[Article, int, str, str]] = {}
    unknown: dict[str, tuple[Article, int]] = {}
    # Runs that would still give a warning, by what the warning is about: once it is given, they are dropped.
    pending: dict[str, set[str]] = defaultdict(set)
    open_runs: set[str] = set()
    given: set[str] = set()
    for article in dossier.articles.values():
        # Only an article with a run still to report is read again, to find where the run is.
        runs = scans[article.id].runs
        for run in runs.difference(verdicts):
            verdicts[run] = verdict = judge(run)
            about = _about(verdict)
            # A run that holds a name is overlapped by a mention wherever it is: it is never reported.
            if about is not None and about not in given and not linker.find(run):
                pending[about].add(run)
                open_runs.add(run)
        if open_runs.isdisjoint(runs):
            continue
        for paragraph in article.paragraphs:
            known = every_mention[(article.id, paragraph.number)]
            for match in _NAME_RUN.finditer(paragraph.text):
                if match.group() not in open_runs:
                    continue
                start, end = match.span()
                if any(span.start < end and start < span.end for span in known):
                    continue  # part of a record's name, as written: a mention, not a suspect
                verdict = verdicts[match.group()]
                if isinstance(verdict, tuple):
                    word, token, target = verdict
                    near[word] = (article, paragraph.line, token, target)
                else:
                    unknown[str(verdict)] = (article, paragraph.line)
                about = str(_about(verdict))
                given.add(about)
                open_runs -= pending.pop(about)
    warnings = [
        Problem(
            article.path,
            line,
            f"'{word}' is close to '{token}' ({target}): a new spelling? If so, add it to the aliases of {target}",
            "warning",
        )
        for word, (article, line, token, target) in near.items()
    ]
    warnings += [
        Problem(article.path, line, f"'{text}' matches no record: a missing actor or term?", "warning")
        for text, (article, line) in unknown.items()
    ]
    return warnings


def _about(verdict: Verdict) -> str | None:
    """What a warning on this verdict is about: each word and each unknown name is reported once."""
    if verdict is None:
        return None
    return f"near {verdict[0]}" if isinstance(verdict, tuple) else f"unknown {verdict}"


def _judge_runs(dossier: Dossier, names: dict[str, str]) -> Callable[[str], Verdict]:
    """Return a judge of runs of capitalised words: do they nearly match a name, or match none?"""
    tokens: dict[str, str] = {}
    for name, target in names.items():
        for word in name.split():
            if len(word) >= 4:
                tokens.setdefault(word, target)
    known_words = _KnownWords(tokens)
    # Tokens are lower case, to compare; a warning shows the word as the fact sheet writes it.
    written = {token: token for token in tokens}
    for _record, spellings in _spellings(dossier):
        for word in (word for spelling in spellings for word in spelling.split()):
            if written.get(word.lower()) == word.lower():
                written[word.lower()] = word
    # Articles repeat their names: look each distinct word up once.
    closest: dict[str, str | None] = {}
    unlisted = {name.casefold() for name in dossier.info.unlisted_names}  # names the editors decided need no record

    def near_token(word: str) -> str | None:
        if word not in closest:
            closest[word] = _near_token(word, known_words)
        return closest[word]

    def judge(run: str) -> Verdict:
        words = [word[:-2] if word.endswith(("'s", "’s")) else word for word in run.split()]
        close = next(((word, written[hit], tokens[hit]) for word in words if (hit := near_token(word.lower()))), None)
        if close:
            return close
        # Count the leading title words, then drop them at once: popping them one by one is quadratic.
        first = 0
        while first < len(words) and (
            words[first].lower() in _TITLE_WORDS or _inflects(words[first].lower(), known_words.prefixes)
        ):
            first += 1
        words = words[first:]
        name = " ".join(words)
        # A record's own name, as written, is always found as a mention, which overlaps the run.
        known = name in run and (name in names or name.lower() in names)
        return name if len(words) >= 2 and not known and name.casefold() not in unlisted else None

    return judge


class _KnownWords:
    """The words of every name, arranged for the two questions asked of each word of an article."""

    def __init__(self, tokens: dict[str, str]) -> None:
        self.tokens = tokens
        # A near miss shares a known word's first letter and is within two letters of its length.
        self.by_initial_and_length: dict[tuple[str, int], list[str]] = defaultdict(list)
        for token in tokens:
            self.by_initial_and_length[(token[:1], len(token))].append(token)
        self.prefixes = _letter_tree(tokens)


def _near_token(word: str, known: _KnownWords) -> str | None:
    if not 4 <= len(word) <= _LONGEST_NAME_WORD or word in known.tokens or _inflects(word, known.prefixes):
        return None
    initial, length = word[:1], len(word)
    candidates = [t for n in range(length - 2, length + 3) for t in known.by_initial_and_length.get((initial, n), ())]
    # rapidfuzz scores all the candidates in C. Its ratio counts the longest common subsequence, never
    # fewer letters than difflib's matching blocks, so it keeps every candidate difflib would accept:
    # difflib then chooses among those few, as it always has, and the warnings stay the same.
    reach = process.extract(word, candidates, scorer=fuzz.ratio, score_cutoff=_CLOSE * 100 - 0.01, limit=None)
    close = difflib.get_close_matches(word, [candidate for candidate, _score, _index in reach], n=1, cutoff=_CLOSE)
    return close[0] if close else None


def _inflects(word: str, prefixes: dict[str, Any]) -> bool:
    """True for 'israeli' beside 'israel': the word starts with a known word (of 4 letters or more)."""
    # One step down the tree per letter: time in the length of the word, however long, up to a name's longest.
    node = prefixes
    for depth, letter in enumerate(word[: min(len(word) - 1, _LONGEST_NAME_WORD)], 1):  # a longer word, not the same
        if letter not in node:
            return False
        node = node[letter]
        if depth >= 4 and "" in node:
            return True
    return False
