"""Write a synthetic but valid dossier of a given size, for the build benchmark (issue #6).

    .venv/bin/python benchmarks/generate.py --scale 0.25 --out benchmarks/out/x0.25

At scale 1 the dossier has 2,000 articles of 15–30 paragraphs, 400 actors, 80 issues, 1,000
events, 200 disputes, 120 glossary terms, 1,000 commitments and 300 places (the towns events happen in, then
regions, zones and sites, a third of them shapes; half the issues concern one or two). Articles
mention actors by name and by alias (Arabic names with al- particles included), and every
citation points at a paragraph that mentions what it supports, often with a verbatim quote, so
the content passes `check` as a real dossier would, warnings (unknown names, near-miss
spellings, office conflicts) included.
The same scale and seed always give the same files.
"""

from __future__ import annotations

import argparse
import datetime
import math
import random
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

AS_OF = datetime.date(2026, 1, 7)


def _words(text: str) -> list[str]:
    return text.split()


FULL = {"articles": 2000, "actors": 400, "issues": 80, "events": 1000, "disputes": 200, "terms": 120}
FULL["commitments"] = 1000
COMMITMENT_VERBS = _words("Withdraw Suspend Reopen Release Fund Monitor Exchange Restore Open Halt")
# How a commitment stands in the end: most still open, a third closed one way or another.
COMMITMENT_ENDS = ["proposed", "agreed", "agreed", "in progress", "in progress", "kept", "missed", "withdrawn"]
PLACES = 300  # at scale 1; made last, from a random stream of their own, so the other records stay as they were
# Share of each actor kind; the rest are people.
KIND_SHARE = {"state": 0.10, "organisation": 0.14, "group": 0.08, "delegation": 0.05}

ARABIC_GIVEN = _words(
    "Ahmad Asaad Faisal Hassan Khaled Mahmoud Mohammed Omar Youssef Ziad Rami Samir Tariq Walid Nabil "
    "Bassam Hisham Jamil Karim Marwan Nizar Qasim Riyad Salim Anas Fadi Ghassan Hadi Ibrahim Jalal Layla "
    "Maha Nour Rania Salma Hala Dima Lina Reem Suha Abdullah Mustafa Yasser Adnan Bilal"
)
ARABIC_FAMILY_ONSET = _words("Sh Kh B H Z R J M N Q T D S F Gh K W L")
ARABIC_FAMILY_VOWEL = _words("a i u aa ay")
ARABIC_FAMILY_CODA = _words("bani rawi hidi masri jabi tami zoubi khatib halabi ridi sani nawi kari dawi mani")
EURO_GIVEN = _words(
    "Jan Anna Pierre Marie Thomas Sophie Lukas Elena Marco Giulia Peter Katarina Henrik Ingrid Jean-Noel "
    "Claire Stefan Monika Tomas Eva Mark Sarah David Laura Michael Julia Robert Helen Steve Emma Jared "
    "Ursula"
)
EURO_FAMILY = _words(
    "Novak Kovacs Dupont Moreau Schmidt Weber Rossi Bianchi Jensen Larsen Dubois Fischer Horvath Nagy "
    "Varga Kowalski Nowak Lindqvist Berg Costa Silva Petrov Ivanova Meyer Wagner Becker Hoffmann Schulz "
    "Koch Richter Klein Wolf Neumann Schwarz Barrot Barrack Witkoff Kushner Leyen Quesnay Macron Laurent "
    "Girard Mercier Blanc Guerin Boyer Garnier Chevalier Francois Legrand Gauthier Perrin Robin Clement "
    "Morin Nicolas Henry Roussel Mathieu Fontaine Bertrand Brun Roux Vincent Fournier Lambert Bonnet "
    "Faure Andre Mercado Ortega"
)
HEBREW_GIVEN = _words("Yossi Avi Dana Tamar Eli Noam Yael Ronen Gilad Shira Yechiel Ehud Tzipi Benny Orna Amos")
HEBREW_FAMILY = _words(
    "Cohen Levi Mizrahi Peretz Biton Friedman Katz Azoulay Dahan Ohana Leiter Ben-David Shapira Golan "
    "Barak Amsalem Hadad Segal Ashkenazi Rosen Avraham Malka Tal Sasson"
)
NATIVE_SYLLABLES = _words("ال أس عد شي با ني فيـ صل حس ن خا لد مح مود عم ر يو سف زيا د")
STATE_ONSET = _words("Ru Bor Kal Vel Tar Qar Mol Sar Dal Zan Ost Len Mir Fal Gor Hal Nor Sel Bel Ar Ves Cor Dra Ith")
STATE_MIDDLE = ["", "i", "a", "o", "en", "ur", "an"]
STATE_END = _words("tania duria donia mark stan via ria land bia nesia gary mora vania thia")
REGIONS = _words("southern northern eastern western coastal central border highland river desert")
PLACE_ONSET = _words("Qun Swei Dar Ham Lat Tar Ida Raq Sab Jab Kis Mas Naw Bei Sal Dei Hom Ku Ma Ghu")
PLACE_END = _words("eitra da aa ma akia tus ra ah wa ba lib ana ra'a yat ir")
ISSUE_TOPICS = [
    "Demilitarisation of the {region} zone",
    "Withdrawal from the {place} salient",
    "Security of the {group}",
    "Return of refugees to {place}",
    "Water rights on the {place} river",
    "Border crossings at {place}",
    "Reconstruction funding for {place}",
    "Prisoner exchange over {place}",
    "Airspace over the {region} sector",
    "Sanctions relief for {state}",
    "Elections in {place}",
    "Monitoring mission in {place}",
    "Disarmament of the {group}",
    "Ceasefire line at {place}",
    "Status of the {place} enclave",
    "Energy corridor through {place}",
    "Customs union with {state}",
    "Recognition of {state}",
]
ISSUE_STATUS = ["open", "open", "open", "stalled", "agreed", "implemented", "resolved", "abandoned"]
TRENDS = ["improving", "unchanged", "worsening"]
STANCE_VERBS = ["Demands", "Rejects", "Accepts with conditions", "Has not decided on"]
EVENT_KINDS = ["Talks", "Clashes", "Summit", "Strike", "Agreement signed", "Delegation visit"]
STANCES = ["supports", "opposes", "conditional", "undecided"]
OFFICES = [
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Interior Minister",
    "Chief of Staff",
    "Intelligence Chief",
    "Ambassador to the United Nations",
    "Finance Minister",
    "Special Envoy",
]
PUBLISHERS = [
    ("The National", "B"),
    ("Reuters", "A"),
    ("Associated Press", "A"),
    ("Agence France-Presse", "A"),
    ("Al-Monitor", "B"),
    ("Asharq Al-Awsat", "B"),
    ("Haaretz", "B"),
    ("The Times of Israel", "B"),
    ("Enab Baladi", "C"),
    ("SANA", "D"),
    ("Al Jazeera", "B"),
    ("BBC News", "B"),
    ("Le Monde", "B"),
    ("The Guardian", "B"),
    ("Financial Times", "B"),
    ("Middle East Eye", "C"),
    ("L'Orient-Le Jour", "B"),
    ("Axios", "B"),
    ("Syria Direct", "C"),
    ("Al-Akhbar", "D"),
    ("Anadolu Agency", "C"),
    ("Rudaw", "C"),
    ("Deutsche Welle", "B"),
    ("France 24", "B"),
    ("Xinhua", "D"),
    ("Unattributed", "F"),
]
WIRES = ["Reuters", "Associated Press", "Agence France-Presse"]
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
MONTHS = _words("January February March April May June July August September October November December")
QUOTES = [
    "we will not accept a deal that leaves our people without protection",
    "the talks were constructive but difficult",
    "there can be no security without sovereignty",
    "we are closer than we have been in years",
    "any agreement must be verified on the ground",
    "the ball is now in their court",
    "we reject demands to demilitarise our own territory",
    "nothing is agreed until everything is agreed",
]
FILLERS = [
    "officials familiar with the talks said on condition of anonymity",
    "according to two people briefed on the meeting",
    "a week after the previous round ended without agreement",
    "amid growing pressure from regional partners",
    "in what diplomats described as a significant shift",
    "although no date was set for the next round",
    "as mediators pushed for a written framework before the deadline",
    "despite reports of shelling near the line of separation",
    "while aid groups warned of shortages of fuel and medicine",
    "in a statement carried by state media late in the evening",
]
SENTENCES = [
    "{P} met {P2} in {PL} on {D} to discuss {I}, {F}.",
    "{S} rejected demands over {I}, {F}.",
    '"{Q}," {P} told reporters in {PL} after the meeting with {O}.',
    "{P}, speaking for {S}, said the {T} remained at the centre of the negotiations.",
    "According to {O}, {S} and {S2} have exchanged drafts on {I} {F}.",
    "The {T} was raised again by {P}, who accused {S2} of delaying the process.",
    "{O} said it would monitor {I} together with {S}, {F}.",
    "Analyst {X} said {P} had little room to manoeuvre on {I}.",
    "A source close to {P2} said {S} wanted guarantees on the {T} before signing anything.",
    "{S} has deployed about {N} troops near {PL}, {F}.",
    "The cost of reconstruction in {PL} is estimated at ${N} million & rising, {F}.",
    "{P} and {P2} are expected to meet again in {M}, {F}.",
    "In {M}, {O} accused {S2} of violating the {T}, a charge {S2} denies.",
    "{X}, a researcher at a university in {PL}, said {I} was the hardest file of all.",
    "{P} later said on social media that {I} had been discussed at length.",
]


@dataclass
class Name:
    id: str
    kind: str  # actor kind, "issue" or "term"
    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str
    mentions: set[str]


class Generator:
    def __init__(self, scale: float, seed: int) -> None:
        self.random = random.Random(seed)
        # Commitments draw from a stream of their own, so every other record stays as it was.
        self.commitment_random = random.Random(seed * 1000 + 14)
        self.counts = {
            kind: max(2 if kind in ("issues", "disputes") else 4, round(n * scale)) for kind, n in FULL.items()
        }
        self.used_ids: set[str] = set()
        self.used_names: set[str] = set()
        self.actors: list[Name] = []
        self.issues: list[Name] = []
        self.terms: list[Name] = []
        self.places: list[str] = []
        self.articles: dict[str, tuple[dict[str, object], list[Paragraph | str]]] = {}
        # Paragraphs that mention each record: (article id, paragraph number, text).
        self.mentioned: dict[str, list[tuple[str, int, str]]] = {}
        self.all_paragraphs: list[tuple[str, int, str]] = []
        self.cast: list[Name] = []
        self._weights: dict[tuple[tuple[str, ...], int], tuple[list[Name], list[float]]] = {}
        # People quoted in articles who have no fact sheet: the build warns of them, as it should.
        self.outsiders = [
            f"{g} {f}"
            for g, f in zip(
                EURO_GIVEN[:12],
                [
                    "Haddad",
                    "Saleh",
                    "Morel",
                    "Brandt",
                    "Okafor",
                    "Lindgren",
                    "Abboud",
                    "Karam",
                    "Zeidan",
                    "Moussa",
                    "Frey",
                    "Aoun",
                ],
                strict=True,
            )
        ]

    # -- names ------------------------------------------------------------------------------

    def _unique_id(self, text: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
        candidate, n = base, 2
        while candidate in self.used_ids:
            candidate, n = f"{base}-{n}", n + 1
        self.used_ids.add(candidate)
        return candidate

    def _free(self, *names: str) -> bool:
        keys = [" ".join(n.lower().split()) for n in names]
        if any(k in self.used_names for k in keys) or len(set(keys)) != len(keys):
            return False
        self.used_names.update(keys)
        return True

    def _state_name(self) -> str:
        while True:
            name = self.random.choice(STATE_ONSET) + self.random.choice(STATE_MIDDLE) + self.random.choice(STATE_END)
            if self._free(name):
                return name

    def _place(self) -> str:
        while True:
            place = self.random.choice(PLACE_ONSET) + self.random.choice(PLACE_END)
            if place.lower() not in self.used_names and place not in self.places:
                self.places.append(place)
                return place

    def make_names(self) -> None:
        total = self.counts["actors"]
        per_kind = {kind: max(1, round(total * share)) for kind, share in KIND_SHARE.items()}
        per_kind["person"] = total - sum(per_kind.values())
        for _ in range(max(12, total // 8)):
            self._place()
        states = []
        for _ in range(per_kind["state"]):
            name = self._state_name()
            states.append(Name(self._unique_id(name), "state", name, [f"Republic of {name}"]))
        self._free(*(s.aliases[0] for s in states))
        self.actors += states
        while sum(a.kind == "organisation" for a in self.actors) < per_kind["organisation"]:
            state = self.random.choice(states).name
            pattern = self.random.choice(
                [
                    "{s} Ministry of Defence",
                    "{s} Foreign Ministry",
                    "{s} Red Crescent",
                    "University of {p}",
                    "{p} Monitoring Office",
                    "{s} Central Bank",
                    "{p} Observer Mission",
                    "{s} Oil Company",
                ]
            )
            name = pattern.format(s=state, p=self.random.choice(self.places))
            if self._free(name):
                self.actors.append(Name(self._unique_id(name), "organisation", name))
        while sum(a.kind == "group" for a in self.actors) < per_kind["group"]:
            name = f"{self.random.choice(REGIONS).title()} {self.random.choice(self.places)} " + self.random.choice(
                ["Front", "Council", "Movement", "Brigades", "Community", "Coalition"]
            )
            if self._free(name):
                self.actors.append(Name(self._unique_id(name), "group", name))
        for delegated in self.random.sample(states, min(per_kind["delegation"], len(states))):
            name = f"{delegated.name} delegation"
            if self._free(name):
                self.actors.append(Name(self._unique_id(name), "delegation", name))
        people = 0
        while people < per_kind["person"]:
            style = self.random.random()
            if style < 0.55:
                given = self.random.choice(ARABIC_GIVEN)
                family = (
                    self.random.choice(ARABIC_FAMILY_ONSET)
                    + self.random.choice(ARABIC_FAMILY_VOWEL)
                    + self.random.choice(ARABIC_FAMILY_CODA)
                ).capitalize()
                name = f"{given} al-{family}"
                aliases = [f"{given} Al {family}", f"al-{family}", f"Mr Al {family}", family]
                if self.random.random() < 0.4:  # a second transliteration, as the wires write it
                    other = family.replace("i", "ee", 1) if "i" in family else family + "i"
                    aliases += [f"{given} al-{other}", f"al-{other}"]
            elif style < 0.85:
                given, family = self.random.choice(EURO_GIVEN), self.random.choice(EURO_FAMILY)
                name, aliases = (
                    f"{given} {family}",
                    [family, f"Mr {family}" if self.random.random() < 0.5 else f"Ms {family}"],
                )
            else:
                given, family = self.random.choice(HEBREW_GIVEN), self.random.choice(HEBREW_FAMILY)
                name, aliases = f"{given} {family}", [family]
            if self._free(name, *aliases):
                self.actors.append(Name(self._unique_id(name), "person", name, aliases))
                people += 1
        for _ in range(self.counts["issues"]):
            while True:
                title = self.random.choice(ISSUE_TOPICS).format(
                    region=self.random.choice(REGIONS),
                    place=self.random.choice(self.places),
                    state=self.random.choice(states).name,
                    group=self.random.choice([a for a in self.actors if a.kind in ("group", "state")]).name,
                )
                short = " ".join(title.split()[-2:]) + " question"
                if self._free(title, short):
                    self.issues.append(Name(self._unique_id(title), "issue", title, [short]))
                    break
        for _ in range(self.counts["terms"]):
            while True:
                kind = self.random.random()
                if kind < 0.4:
                    term, aliases = self._place(), []
                elif kind < 0.7:
                    place = self.random.choice(self.places)
                    term, aliases = f"{self.random.randint(1949, 2024)} {place} Accord", [f"{place} Accord"]
                else:
                    place = self.random.choice(self.places)
                    word = self.random.choice(["Line", "Corridor", "Crossing", "Pocket", "Basin", "Heights"])
                    term, aliases = f"{place} {word}", []
                if self._free(term, *aliases):
                    self.terms.append(Name(self._unique_id(term), "term", term, aliases))
                    break

    # -- articles ---------------------------------------------------------------------------

    def _spelling(self, record: Name, typos: bool = False) -> str:
        if typos and record.kind == "person" and self.random.random() < 0.01:
            # A reporter's own transliteration: the build should say it is close to a known name.
            family = record.name.split()[-1]
            return family[:-2] + family[-1] + family[-2] if len(family) > 5 else family + "h"
        return record.name if not record.aliases or self.random.random() < 0.5 else self.random.choice(record.aliases)

    def _pick(self, kinds: tuple[str, ...], pool: list[Name]) -> Name:
        """Zipf-like: a few actors are in most stories, most in few."""
        key = (kinds, id(pool))
        if key not in self._weights:
            candidates = [a for a in pool if a.kind in kinds] or pool
            total, cumulative = 0.0, []
            for rank in range(len(candidates)):
                total += 1 / (rank + 2)
                cumulative.append(total)
            self._weights[key] = (candidates, cumulative)
        candidates, cumulative = self._weights[key]
        return self.random.choices(candidates, cum_weights=cumulative)[0]

    def _cast_member(self, kinds: tuple[str, ...], pool: list[Name]) -> Name:
        """Mostly someone from this article's cast; now and then anyone at all."""
        cast = [record for record in self.cast if record.kind in kinds]
        return self.random.choice(cast) if cast and self.random.random() < 0.9 else self._pick(kinds, pool)

    def _sentence(self, mentions: set[str]) -> str:
        template = self.random.choice(SENTENCES)
        values: dict[str, str] = {}
        for slot, kinds in (
            ("P", ("person",)),
            ("P2", ("person",)),
            ("S", ("state",)),
            ("S2", ("state",)),
            ("O", ("organisation", "group", "delegation")),
        ):
            if "{" + slot + "}" in template or "{" + slot + "," in template:
                record = self._cast_member(kinds, self.actors)
                mentions.add(record.id)
                values[slot] = self._spelling(record, typos=True)
        if "{I}" in template:
            issue = self._cast_member(("issue",), self.issues)
            mentions.add(issue.id)
            values["I"] = self._spelling(issue).lower() if self.random.random() < 0.5 else self._spelling(issue)
        if "{T}" in template:
            term = self._cast_member(("term",), self.terms)
            mentions.add(term.id)
            values["T"] = self._spelling(term)
        values.update(
            PL=self.random.choice(self.places),
            D=self.random.choice(WEEKDAYS),
            F=self.random.choice(FILLERS),
            Q=self.random.choice(QUOTES),
            N=str(self.random.randrange(50, 5000, 50)),
            M=self.random.choice(MONTHS),
            X=self.random.choice(self.outsiders),
        )
        sentence = template.format(**values)
        return sentence[0].upper() + sentence[1:]

    def make_articles(self) -> None:
        for number in range(self.counts["articles"]):
            publisher, reliability = self.random.choice(PUBLISHERS)
            # Two years of coverage up to the brief's date, a tenth of it dated to the month only.
            day = AS_OF - datetime.timedelta(days=self.random.randrange(2 * 365))
            published = day.strftime("%Y-%m" if self.random.random() < 0.1 else "%Y-%m-%d")
            article_id = self._unique_id(f"{publisher}-{published}-{number}")
            # Each story is about a few people, states and issues: its cast.
            self.cast = [
                self._pick(kinds, pool)
                for kinds, pool, low, high in (
                    (("person",), self.actors, 3, 7),
                    (("state",), self.actors, 2, 4),
                    (("organisation", "group", "delegation"), self.actors, 1, 3),
                    (("issue",), self.issues, 1, 3),
                    (("term",), self.terms, 1, 3),
                )
                for _ in range(self.random.randint(low, high))
            ]
            paragraphs: list[Paragraph | str] = []
            for index in range(self.random.randint(15, 30)):
                if index and self.random.random() < 0.06:
                    paragraphs.append(self.random.choice(["Background", "The zone", "What comes next", "Reactions"]))
                mentions: set[str] = set()
                text = " ".join(self._sentence(mentions) for _ in range(self.random.randint(1, 3)))
                paragraphs.append(Paragraph(text, mentions))
            meta: dict[str, object] = {
                "title": self._sentence(set()).rstrip(".")[:90],
                "publisher": publisher,
                "published": published,
            }
            if publisher != "Unattributed":
                meta["url"] = f"https://example.org/{article_id}"
            meta["reliability"] = reliability
            if publisher not in WIRES and self.random.random() < 0.1:
                meta["via"] = self.random.choice(WIRES)
            self.articles[article_id] = (meta, paragraphs)
            numbered = [p for p in paragraphs if isinstance(p, Paragraph)]
            for n, paragraph in enumerate(numbered, 1):
                self.all_paragraphs.append((article_id, n, paragraph.text))
                for target in paragraph.mentions:
                    self.mentioned.setdefault(target, []).append((article_id, n, paragraph.text))

    def sources(self, record_id: str | None, low: int = 1, high: int = 3) -> list[object]:
        """Cite paragraphs that mention the record, about a third with a verbatim quote."""
        pool = self.mentioned.get(record_id or "", []) or self.all_paragraphs
        cited: list[object] = []
        for article_id, number, text in self.random.sample(pool, min(len(pool), self.random.randint(low, high))):
            ref = f"{article_id}#p{number}"
            if self.random.random() < 0.35:
                words = text.split()
                start = self.random.randrange(max(1, len(words) - 6))
                cited.append({"ref": ref, "quote": " ".join(words[start : start + self.random.randint(3, 7)])})
            else:
                cited.append(ref)
        return cited

    def _date(self, low: int = 2023, high: int = 2026) -> str:
        """A date between the start of year `low` and the brief's date (or the end of `high`)."""
        first = datetime.date(low, 1, 1)
        last = min(AS_OF, datetime.date(high, 12, 31))
        day = first + datetime.timedelta(days=self.random.randrange((last - first).days + 1))
        roll = self.random.random()
        return day.strftime("%Y" if roll < 0.1 else "%Y-%m" if roll < 0.3 else "%Y-%m-%d")

    def _prose(self, *about: Name) -> str:
        """A sentence or two of editor prose: explicit [[id]] links beside plain mentions."""
        first, others = about[0], about[1:]
        parts = [f"[[{first.id}]] is central to the talks on [[{self.random.choice(self.issues).id}]]."]
        if others:
            parts.append(f"It works closely with {self._spelling(others[0])}, {self.random.choice(FILLERS)}.")
        if self.random.random() < 0.3:
            parts.append(f"See also [[{self.random.choice(self.terms).id}|the {self.random.choice(self.terms).name}]].")
        return " ".join(parts)

    # -- records ----------------------------------------------------------------------------

    def actor_files(self) -> dict[str, dict[str, object]]:
        files: dict[str, dict[str, object]] = {}
        states = [a for a in self.actors if a.kind == "state"]
        delegations = [a for a in self.actors if a.kind == "delegation"]
        offices = [(title, state.id) for state in states for title in OFFICES]
        self.random.shuffle(offices)
        for actor in self.actors:
            data: dict[str, object] = {"name": actor.name, "kind": actor.kind}
            if actor.aliases:
                data["aliases"] = actor.aliases
            if actor.kind == "person" and "al-" in actor.name:
                data["native"] = [{"text": " ".join(self.random.sample(NATIVE_SYLLABLES, 3)), "lang": "ar"}]
            data["summary"] = self._prose(actor, self.random.choice(self.actors))
            data["sources"] = self.sources(actor.id)
            if actor.kind == "person":
                roles: list[dict[str, object]] = []
                if offices:
                    title, of = offices.pop()
                    roles.append(
                        {
                            "title": title,
                            "of": of,
                            "from": self._date(2019, 2024),
                            "sources": self.sources(actor.id, 1, 2),
                        }
                    )
                    if self.random.random() < 0.03:  # another source names a second holder: an office conflict
                        offices.append((title, of))
                if delegations and self.random.random() < 0.3:
                    delegation = self.random.choice(delegations)
                    roles.append(
                        {
                            "title": "Negotiator",
                            "of": delegation.id,
                            "shared": True,
                            "sources": self.sources(actor.id, 1, 1),
                        }
                    )
                    data["member_of"] = [delegation.id]
                if roles:
                    data["roles"] = roles
            elif actor.kind in ("organisation", "delegation") and states:
                data["member_of"] = [self.random.choice(states).id]
            if self.random.random() < 0.3:
                data["tags"] = [self.random.choice(["negotiators", "mediators", "armed-groups", "regional"])]
            if self.random.random() < 0.7:
                data["reviewed"] = self._date(2025, 2025)
            files[actor.id] = data
        return files

    def issue_files(self) -> dict[str, dict[str, object]]:
        parties = [a for a in self.actors if a.kind != "person"]
        files: dict[str, dict[str, object]] = {}
        for issue in self.issues:
            positions, seen = [], set()
            for _ in range(self.random.randint(4, 14)):
                party = self._pick(("state", "group", "delegation", "organisation"), parties)
                if party.id in seen:
                    continue
                seen.add(party.id)
                positions.append(
                    {
                        "actor": party.id,
                        "stance": self.random.choice(STANCES),
                        "summary": f"{self.random.choice(STANCE_VERBS)} "
                        f"{issue.name[0].lower() + issue.name[1:]}, {self.random.choice(FILLERS)}.",
                        "as_of": self._date(2025, 2026),
                        "sources": self.sources(party.id),
                    }
                )
            history = [
                {
                    "date": self._date(2023, 2025),
                    "status": self.random.choice(ISSUE_STATUS),
                    "trend": self.random.choice(TRENDS),
                    "note": f"Talks on [[{issue.id}]] moved, {self.random.choice(FILLERS)}.",
                    "sources": self.sources(issue.id, 1, 2),
                }
                for _ in range(self.random.randint(2, 6))
            ]
            data: dict[str, object] = {
                "title": issue.name,
                "aliases": issue.aliases,
                "summary": self._prose(issue, self.random.choice(self.actors)),
                "sources": self.sources(issue.id),
                "status": self.random.choice(ISSUE_STATUS),
                "trend": self.random.choice(TRENDS),
                "positions": positions,
                "history": history,
                "related": [i.id for i in self.random.sample(self.issues, min(len(self.issues), 2)) if i is not issue],
                "reviewed": self._date(2025, 2026),
            }
            files[issue.id] = data
        return files

    def event_files(self) -> dict[str, dict[str, object]]:
        files: dict[str, dict[str, object]] = {}
        for _ in range(self.counts["events"]):
            # dict.fromkeys, not a set: the order must not depend on the process's hash seed.
            picks = [self._pick(("person", "state", "group"), self.actors).id for _ in range(self.random.randint(1, 5))]
            actors = list(dict.fromkeys(picks))
            date = self._date(2022, 2026)
            place = self.random.choice(self.places)
            title = f"{self.random.choice(EVENT_KINDS)} in {place}"
            event_id = self._unique_id(f"{title}-{date}")
            first = next(a for a in self.actors if a.id == actors[0])
            data: dict[str, object] = {
                "date": date,
                "title": title,
                "summary": f"{self._spelling(first)} took part, {self.random.choice(FILLERS)}.",
                "actors": actors,
            }
            if self.random.random() < 0.6:
                data["issues"] = [self.random.choice(self.issues).id]
            data["place"] = place
            data["sources"] = self.sources(actors[0])
            files[event_id] = data
        return files

    def dispute_files(self) -> dict[str, dict[str, object]]:
        files: dict[str, dict[str, object]] = {}
        people = [a for a in self.actors if a.kind == "person"] or self.actors
        for _ in range(self.counts["disputes"]):
            about = self.random.choice(people)
            question = self.random.choice(
                [
                    f"Who led the talks attended by {about.name}?",
                    f"When did {about.name} take office?",
                    f"How many troops did {self.random.choice(self.actors).name} deploy?",
                    f"Was {self.random.choice(self.issues).name.lower()} discussed in "
                    f"{self.random.choice(self.places)}?",
                ]
            )
            ranks = self.random.choice(
                [["preferred", "deprecated"], ["normal", "normal"], ["preferred", "normal", "deprecated"]]
            )
            variants = [
                {
                    "value": f"Version {n + 1}: {self._spelling(self.random.choice(people))} "
                    f"{self.random.choice(FILLERS)}",
                    "rank": rank,
                    "sources": self.sources(about.id, 1, 2),
                }
                for n, rank in enumerate(ranks)
            ]
            files[self._unique_id(question)] = {
                "question": question,
                "concerns": [about.id],
                "variants": variants,
                "assessment": f"The account naming [[{about.id}]] is better sourced, {self.random.choice(FILLERS)}.",
            }
        return files

    def commitment_files(self) -> dict[str, dict[str, object]]:
        rnd = self.commitment_random
        parties = [a for a in self.actors if a.kind != "person"] or self.actors
        files: dict[str, dict[str, object]] = {}

        def cite(record_id: str) -> list[object]:
            pool = self.mentioned.get(record_id, []) or self.all_paragraphs
            return [f"{a}#p{n}" for a, n, _text in rnd.sample(pool, min(len(pool), rnd.randint(1, 2)))]

        def day(start: datetime.date, most: int) -> datetime.date:
            return min(AS_OF, start + datetime.timedelta(days=rnd.randint(0, most)))

        for _ in range(self.counts["commitments"]):
            issue = rnd.choice(self.issues)
            by = list(dict.fromkeys(rnd.choice(parties).id for _ in range(rnd.randint(1, 2))))
            made = day(datetime.date(2024, 1, 1), (AS_OF - datetime.date(2024, 1, 1)).days)
            title = f"{rnd.choice(COMMITMENT_VERBS)} on {issue.name[0].lower() + issue.name[1:]}"
            steps, when = [{"date": made.isoformat(), "status": "proposed", "sources": cite(issue.id)}], made
            end = rnd.choice(COMMITMENT_ENDS)
            for status in ["agreed", end][: rnd.randint(0, 2)] if end != "proposed" else []:
                when = day(when, 120)
                steps.append({"date": when.isoformat(), "status": status, "sources": cite(by[0])})
            due = made + datetime.timedelta(days=rnd.randint(30, 600))
            data: dict[str, object] = {
                "title": title,
                "by": by,
                "to": [rnd.choice(parties).id] if rnd.random() < 0.6 else [],
                "what": f"[[{by[0]}]] would {title[0].lower() + title[1:]}, {rnd.choice(FILLERS)}.",
                "issue": issue.id,
                "made": made.isoformat(),
                "due": "no date given" if rnd.random() < 0.3 else due.strftime(rnd.choice(["%Y-%m", "%Y-%m-%d"])),
                "sources": cite(issue.id),
                "history": steps,
            }
            if files and rnd.random() < 0.1:
                data["conditional_on"] = [rnd.choice([*files][-20:])]
            files[self._unique_id(title)] = data
        return files

    def glossary(self) -> dict[str, dict[str, object]]:
        return {
            term.id: {
                "term": term.name,
                **({"aliases": term.aliases} if term.aliases else {}),
                "definition": f"A name that recurs in the talks on [[{self.random.choice(self.issues).id}]], "
                f"{self.random.choice(FILLERS)}.",
                "sources": self.sources(term.id, 1, 1),
            }
            for term in self.terms
        }

    def place_files(self, scale: float, seed: int) -> dict[str, dict[str, object]]:
        """Places: the towns events name in `place` (so those lines map), then regions, zones and sites near them."""
        rand = random.Random(seed + 1)
        count = max(4, round(PLACES * scale))
        features = ["Heights", "Valley", "Crossing", "Plain", "Ridge", "Corridor", "Basin", "Gap"]
        names = [town for town in self.places if self._free(town)][:count]
        towns = len(names)
        while len(names) < count:
            side = rand.choice(["North", "South", "East", "West", ""])
            name = f"{rand.choice(self.places)} {rand.choice(features)} {side}".strip()
            if self._free(name):
                names.append(name)
        files: dict[str, dict[str, object]] = {}
        for n, name in enumerate(names):
            # Within the borders kept in dossier/borders/ (the Levant and around it).
            lon, lat = round(rand.uniform(33.0, 42.0), 4), round(rand.uniform(30.0, 37.5), 4)
            kind = "city" if n < towns else rand.choice(["region", "zone", "site"])
            data: dict[str, object] = {
                "name": name,
                "kind": kind,
                "summary": f"Named in the talks on [[{rand.choice(self.issues).id}]], {rand.choice(FILLERS)}.",
                "point": {"lon": lon, "lat": lat},
            }
            if kind != "city" and rand.random() < 0.5:
                sides, radius = rand.randint(3, 12), rand.uniform(0.05, 0.4)
                ring = [
                    [
                        round(lon + radius * math.cos(2 * math.pi * k / sides), 4),
                        round(lat + radius * math.sin(2 * math.pi * k / sides), 4),
                    ]
                    for k in range(sides)
                ]
                data["geometry"] = {"type": "Polygon", "coordinates": [[*ring, list(ring[0])]]}  # no YAML alias
                data["approximate"] = rand.random() < 0.4
            data["sources"] = self.sources(None, 1, 2)
            files[self._unique_id(name)] = data
        return files

    def dossier(self) -> dict[str, object]:
        return {
            "title": "Synthetic benchmark dossier",
            "subtitle": f"{self.counts['articles']} articles, {len(self.actors)} actors",
            "scope": "Generated by benchmarks/generate.py; every name is invented.",
            "as_of": AS_OF.isoformat(),
            "bottom_line": f"Talks on [[{self.issues[0].id}]] continue; {self.actors[0].name} holds the key.",
            "key_judgements": [
                {
                    "text": f"A deal on [[{issue.id}]] is {likelihood} this year.",
                    "likelihood": likelihood,
                    "confidence": self.random.choice(["low", "moderate", "high"]),
                    "sources": self.sources(issue.id),
                }
                for issue, likelihood in zip(
                    self.issues[:5],
                    ["unlikely", "likely", "roughly even chance", "very unlikely", "almost certain"],
                    strict=False,
                )
            ],
            "watch": [
                {
                    "text": f"Whether {self._spelling(a)} attends the next round.",
                    "by": "2026-03",
                    "sources": self.sources(a.id),
                }
                for a in self.actors[:3]
            ],
            "stale_after_days": 120,
        }


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def generate(out: Path, scale: float, seed: int = 6) -> dict[str, int]:
    """Write a dossier of `scale` × the full size into out/ (replacing it); return the record counts."""
    gen = Generator(scale, seed)
    gen.make_names()
    gen.make_articles()
    if out.exists():
        shutil.rmtree(out)
    for folder in ("actors", "issues", "events", "disputes", "commitments", "articles", "pages"):
        (out / folder).mkdir(parents=True)
    written = {
        "actors": gen.actor_files(),
        "issues": gen.issue_files(),
        "events": gen.event_files(),
        "disputes": gen.dispute_files(),
        "commitments": gen.commitment_files(),
    }
    for folder, records in written.items():
        for record_id, data in records.items():
            (out / folder / f"{record_id}.yaml").write_text(_dump(data), encoding="utf-8")
    (out / "glossary.yaml").write_text(_dump(gen.glossary()), encoding="utf-8")
    (out / "dossier.yaml").write_text(_dump(gen.dossier()), encoding="utf-8")
    # Places last: their own random stream leaves every record above as it was before places existed.
    places = gen.place_files(scale, seed)
    (out / "places").mkdir()
    for record_id, data in places.items():
        (out / "places" / f"{record_id}.yaml").write_text(_dump(data), encoding="utf-8")
    concern = random.Random(seed + 2)
    for issue_id, data in written["issues"].items():
        if places and concern.random() < 0.5:
            data["places"] = concern.sample(sorted(places), min(len(places), concern.randint(1, 2)))
            (out / "issues" / f"{issue_id}.yaml").write_text(_dump(data), encoding="utf-8")
    written["places"] = places
    (out / "pages" / "methodology.md").write_text("# Methodology\n\nHow sources are graded.\n", encoding="utf-8")
    for article_id, (meta, blocks) in gen.articles.items():
        body = []
        for block in blocks:
            if isinstance(block, Paragraph):
                body.append(textwrap.fill(block.text, 100, break_long_words=False, break_on_hyphens=False))
            else:
                body.append(f"## {block}")
        text = f"---\n{_dump(meta)}---\n\n" + "\n\n".join(body) + "\n"
        (out / "articles" / f"{article_id}.md").write_text(text, encoding="utf-8")
    return {
        **{k: len(v) for k, v in written.items()},
        "articles": len(gen.articles),
        "terms": len(gen.terms),
        "paragraphs": len(gen.all_paragraphs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="content folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    counts = generate(args.out, args.scale, args.seed)
    print(f"wrote {args.out}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


if __name__ == "__main__":
    main()
