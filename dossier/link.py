"""Stage 3: find every mention of every record, who points at whom, and conflicts between sources.

The records induce a graph, not a tree: a page can only list what points at it once every file
has been read, so this stage runs over the whole validated dossier before anything is rendered.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, NamedTuple

import ahocorasick

from .background import beside
from .errors import Problem
from .kinds import named_kinds
from .model import Article, Dossier
from .schema import Actor, Citation, ProseMark, Record, Ref, Role
from .validate import LINK, walk

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
_PROTECTED = re.compile(r"\[\[[^\[\]]*\]\]|\[[^\[\]]*\]\([^()]*\)|`[^`]*`|<[^<>]*>")
# Misspellings are looked for among words no longer than this: comparing two long words takes time
# in the square of their length, and no name has a word this long.
_LONGEST_NAME_WORD = 64


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
        folded = {name.lower(): (len(name), target) for name, target in names.items() if not _is_acronym(name)}
        self._folded = word_automaton(folded)
        self._exact = word_automaton({name: (len(name), target) for name, target in names.items() if _is_acronym(name)})

    def find(self, text: str, exclude: str | None = None, first_only: bool = True) -> list[Span]:
        """Return the first mention of each record in `text` (or every one): whole words, longest name wins."""
        folded = text.lower()
        if len(folded) != len(text):  # a few characters lower-case to two; keep offsets aligned
            folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        candidates: list[tuple[int, int, str]] = []
        for automaton, haystack in ((self._folded, folded), (self._exact, text)):
            if automaton is None:
                continue
            last = len(haystack) - 1
            # A word boundary on both sides, tested inline: this runs for every hit in every paragraph.
            candidates += [
                (end - length + 1, -length, target)
                for end, (length, target) in automaton.iter(haystack)
                if (end < length or not ((c := haystack[end - length]).isalnum() or c == "_"))
                and (end >= last or not ((c := haystack[end + 1]).isalnum() or c == "_"))
            ]
        candidates.sort()
        spans: list[Span] = []
        seen: set[str] = set()
        reach = 0
        for start, negative_length, target in candidates:
            if start < reach:
                continue
            reach = start - negative_length
            if target != exclude and (target not in seen or not first_only):
                seen.add(target)
                spans.append(Span(start, reach, target))
        return spans

    def find_in_prose(self, text: str, exclude: str | None = None) -> list[Span]:
        """Like find(), skipping explicit links, Markdown links, code and tags already in the text."""
        masked = _PROTECTED.sub(lambda m: " " * len(m.group()), text)
        return self.find(masked, exclude)


def word_automaton(words: dict[str, Any]) -> ahocorasick.Automaton | None:
    """Return an automaton that finds every one of `words` in one pass over a text, yielding its value.

    None when there is no word to find.
    """
    # An empty word matches nothing, and pyahocorasick would skip it and leave no automaton to search.
    words = {word: value for word, value in words.items() if word}
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word, value in words.items():
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton


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


def link_mentions(dossier: Dossier) -> Links:
    """Find mentions, backlinks and conflicts across the whole dossier."""
    names, warnings = _names(dossier)
    links = Links(Linker(names), warnings=warnings)
    # Suspect names and the fact sheets' references need only the records, not the articles' mentions:
    # a second core finds them meanwhile.
    with beside(lambda: (suspect_names(dossier, names), _references(dossier, links.linker))) as found_beside:
        every_mention = _find_mentions(dossier, links)
        links.conflicts = find_office_conflicts(dossier)
        suspects, links.referred_by = found_beside()
    for conflict in links.conflicts:
        links.warnings.extend(_conflict_warnings(conflict))
    links.warnings.extend(name_warnings(dossier, suspects, every_mention))
    return links


def _find_mentions(dossier: Dossier, links: Links) -> dict[tuple[str, int], list[Span]]:
    """Record the first mention of each record in each paragraph; return every mention of each paragraph."""
    # One pass of the automaton per paragraph: every mention for the name warnings, the first of each to link.
    every_mention: dict[tuple[str, int], list[Span]] = {}
    for article in dossier.articles.values():
        article_id = article.id
        for paragraph in article.paragraphs:
            key = (article_id, paragraph.number)
            every_mention[key] = mentions = links.linker.find(paragraph.text, first_only=False)
            seen: set[str] = set()
            links.paragraph_spans[key] = spans = [
                s
                for s in mentions
                if s.target not in seen and not seen.add(s.target)  # type: ignore[func-returns-value]
            ]
            for span in spans:
                links.mentioned_in[span.target].append(key)
    return every_mention


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


class SuspectName(NamedTuple):
    """A run of capitalised words in an article that may be a misspelt or missing name.

    Found from the text alone; it is reported only if no mention of a record overlaps it.
    """

    article: str
    paragraph: int  # its index in article.paragraphs
    start: int
    end: int
    verdict: tuple[str, str, str] | str  # (word, close token, its record) for a near miss, else the unknown name


def suspect_names(dossier: Dossier, names: dict[str, str]) -> list[SuspectName]:
    """Find, in text order, the runs of capitalised words that nearly match a name, or match none."""
    tokens: dict[str, str] = {}
    for name, target in names.items():
        for word in name.split():
            if len(word) >= 4:
                tokens.setdefault(word, target)
    by_initial: dict[str, list[str]] = defaultdict(list)
    for token in tokens:
        by_initial[token[:1]].append(token)
    # Tokens are lower case, to compare; a warning shows the word as the fact sheet writes it.
    written = {token: token for token in tokens}
    for _record, spellings in _spellings(dossier):
        for word in (word for spelling in spellings for word in spelling.split()):
            if written.get(word.lower()) == word.lower():
                written[word.lower()] = word
    # Articles repeat their names: look each distinct word up once (difflib dominated `check` otherwise).
    closest: dict[str, str | None] = {}

    def near_token(word: str) -> str | None:
        if word not in closest:
            closest[word] = _near_token(word, tokens, by_initial)
        return closest[word]

    def judge(run: str) -> tuple[str, str, str] | str | None:
        words = [word[:-2] if word.endswith(("'s", "’s")) else word for word in run.split()]
        close = next(((word, written[hit], tokens[hit]) for word in words if (hit := near_token(word.lower()))), None)
        if close:
            return close
        # Count the leading title words, then drop them at once: popping them one by one is quadratic.
        first = 0
        while first < len(words) and (words[first].lower() in _TITLE_WORDS or _inflects(words[first].lower(), tokens)):
            first += 1
        words = words[first:]
        name = " ".join(words)
        # A record's own name, as written, is always found as a mention, which overlaps the run.
        known = name in run and (name in names or name.lower() in names)
        return name if len(words) >= 2 and not known and name.casefold() not in unlisted else None

    unlisted = {name.casefold() for name in dossier.info.unlisted_names}  # names the editors decided need no record
    # What a run amounts to depends on its text alone: judge each distinct run once.
    verdicts: dict[str, tuple[str, str, str] | str | None] = {}
    suspects: list[SuspectName] = []
    for article in dossier.articles.values():
        for index, paragraph in enumerate(article.paragraphs):
            for match in _NAME_RUN.finditer(paragraph.text):
                run = match.group()
                verdict = verdicts[run] if run in verdicts else verdicts.setdefault(run, judge(run))
                if verdict is not None:
                    suspects.append(SuspectName(article.id, index, match.start(), match.end(), verdict))
    return suspects


def name_warnings(
    dossier: Dossier, suspects: list[SuspectName], every_mention: dict[tuple[str, int], list[Span]]
) -> list[Problem]:
    """Warn of names in articles that nearly match an alias, or match no record at all (once each)."""
    near: dict[str, tuple[Article, int, str, str]] = {}
    unknown: dict[str, tuple[Article, int]] = {}
    for suspect in suspects:
        article = dossier.articles[suspect.article]
        paragraph = article.paragraphs[suspect.paragraph]
        known = every_mention[(article.id, paragraph.number)]
        if any(span.start < suspect.end and suspect.start < span.end for span in known):
            continue  # part of a record's name, as written: a mention, not a suspect
        if isinstance(suspect.verdict, tuple):
            word, token, target = suspect.verdict
            near.setdefault(word, (article, paragraph.line, token, target))
        else:
            unknown.setdefault(suspect.verdict, (article, paragraph.line))
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


def _near_token(word: str, tokens: dict[str, str], by_initial: dict[str, list[str]]) -> str | None:
    if not 4 <= len(word) <= _LONGEST_NAME_WORD or word in tokens or _inflects(word, tokens):
        return None
    candidates = [t for t in by_initial.get(word[:1], []) if abs(len(t) - len(word)) <= 2]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8)
    return close[0] if close else None


def _inflects(word: str, tokens: dict[str, str]) -> bool:
    """True for 'israeli' beside 'israel': a demonym or plural, not a misspelling."""
    # Only prefixes up to the longest name word can be one: a long word costs no more than a short one.
    return any(word[:n] in tokens for n in range(4, min(len(word), _LONGEST_NAME_WORD + 1)))
