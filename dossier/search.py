"""Make the site's search find what readers type: a record's aliases, and the other spelling of a word.

The search engine (today Material's lunr index) only matches words as written, so the build adds
to each indexed page, in fields readers never see: the aliases of the record the page is about
(weighted as its title, so an alias finds its record first), and the British or American spelling
of each of its words. `spelling_variants` knows nothing of any index: another engine can reuse it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .addresses import page_address, url_of
from .kinds import named_kinds
from .model import Dossier

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
# What readers never see but search weighs: an alias counts as much as the page's title.
FIELDS = {"aliases": {"boost": 1e3}, "variants": {"boost": 1.0}}


def spelling_variants(word: str) -> set[str]:
    """Return the other spellings of a word (lower case): 'normalisation' gives {'normalization'}."""
    word = word.lower()
    return {rule.sub(new, word, count=1) for rule, new in _VARIANTS if rule.search(word)} - {word}


def aliases_by_page(dossier: Dossier) -> dict[str, list[str]]:
    """Return the aliases of each record that has a page (or a section), keyed by that page's path."""
    named = [
        (kind.name, record.id, record.aliases)
        for kind in named_kinds()
        for record in dossier.records.get(kind.name, {}).values()
    ]
    return {url_of(kind, record_id, dossier): list(aliases) for kind, record_id, aliases in named if aliases}


def improve_index(site_dir: Path, aliases: dict[str, list[str]], use_directory_urls: bool = True) -> None:
    """Add aliases and spelling variants to a built site's lunr index (Material's search/search_index.json)."""
    index_file = site_dir / "search" / "search_index.json"
    if not index_file.exists():  # the search plugin is off
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["config"].setdefault("fields", {}).update(FIELDS)
    by_location = {_location(path, use_directory_urls): names for path, names in aliases.items()}
    known: dict[str, set[str]] = {}  # a large site repeats its words: make each word's variants once
    for doc in index["docs"]:
        names = by_location.get(doc["location"], [])
        if names:
            doc["aliases"] = " ".join(names)
        text = " ".join([doc.get("title", ""), doc.get("text", ""), *names]).lower()
        written = set(_WORD.findall(text))
        variants: set[str] = set()
        for word in written:
            if word not in known:
                known[word] = spelling_variants(word)
            variants |= known[word]
        if variants - written:
            doc["variants"] = " ".join(sorted(variants - written))
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _location(path: str, use_directory_urls: bool) -> str:
    """Return the address the search index gives a page path: 'actors/israel.md' -> 'actors/israel/'."""
    return page_address(path, use_directory_urls)
