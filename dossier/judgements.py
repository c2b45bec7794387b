"""Check the brief's judgements against ICD 203: one likelihood scale, confidence kept apart.

Warnings, not errors: the build still runs, and the editor sees file, line and the word to change.
"""

from __future__ import annotations

import re

from .errors import Problem
from .markdown import LINK
from .model import Dossier, preferred_variant
from .schema import CREDIBILITY, LIKELIHOOD, STRONGEST_LIKELIHOOD, DossierInfo

_SCALE = " or ".join([", ".join(list(LIKELIHOOD)[:-1]), list(LIKELIHOOD)[-1]])
# Estimative words readers meet elsewhere, off this product's one scale (ICD 203's second column
# included: "probably" means "likely" there, but one product keeps one vocabulary).
# fmt: off
OFF_SCALE = [
    "probably", "probable", "highly probable", "improbable", "highly improbable", "improbably",
    "possibly", "possible", "impossible", "almost impossible", "almost surely", "surely",
    "nearly certain", "certainly", "definitely", "undoubtedly", "highly likely", "highly unlikely",
    "extremely likely", "extremely unlikely", "most likely", "most unlikely", "quite likely",
    "fairly likely", "somewhat likely", "more likely than not", "remote chance", "remote possibility",
    "slight chance", "small chance", "good chance", "strong chance", "real chance", "even chance",
    "even odds", "roughly even odds", "no chance", "fifty-fifty", "50-50", "doubtful", "plausible",
    "plausibly", "conceivable", "conceivably", "perhaps", "maybe", "chances are",
]
# fmt: on
# "almost certainly" is ICD 203's adverb of "almost certain": the same step of the scale.
_ON_SCALE = {**{term: term for term in LIKELIHOOD}, "almost certainly": "almost certain"}
_TERMS = re.compile(
    r"\b(?:" + "|".join(re.escape(t) for t in sorted([*_ON_SCALE, *OFF_SCALE], key=len, reverse=True)) + r")\b"
)
# "Confidence-building measures" are a subject of talks, not a confidence level.
_CONFIDENCE = re.compile(r"\b(?:(?:low|moderate|medium|high)\s+)?confiden(?:ce|t|tly)\b(?![- ]building)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^a-z\s])")


def check_judgements(info: DossierInfo) -> list[Problem]:
    """Return a warning for each off-scale likelihood word and each confidence beside a likelihood."""
    problems: list[Problem] = []
    texts: list[tuple[str, tuple[str | int, ...], str, str | None]] = [
        ("bottom_line", ("bottom_line",), info.bottom_line, None)
    ]
    for index, judgement in enumerate(info.key_judgements):
        where = f"key_judgements[{index}].text"
        texts.append((where, ("key_judgements", index, "text"), judgement.text, judgement.likelihood))
    for where, location, text, likelihood in texts:
        for message, (words, opening) in _problems_in(text, likelihood, where).items():
            # The line of the words themselves, in their sentence: a judgement often spans several lines.
            line = info.line_of_words(words, *location, after=opening)
            problems.append(Problem(info.path, line, message, "warning"))
    return problems


def check_disputed_judgements(dossier: Dossier) -> list[Problem]:
    """Warn when a key judgement reads stronger than the graded dispute it rests on allows.

    A judgement rests on a dispute when it links it, or a record it contests (Dossier.disputes_in):
    the same rule that puts the dispute's mark beside the judgement on every page.
    """
    info = dossier.info
    scale = list(LIKELIHOOD)
    problems: list[Problem] = []
    for index, judgement in enumerate(info.key_judgements):
        for dispute in dossier.disputes_in(judgement.text) if judgement.likelihood else []:
            preferred = preferred_variant(dispute)
            if preferred is None or preferred.grade is None:
                continue
            strongest = STRONGEST_LIKELIHOOD[preferred.grade[1]]
            if scale.index(str(judgement.likelihood)) > scale.index(strongest):
                message = (
                    f"key_judgements[{index}] is '{judgement.likelihood}', but it rests on the dispute "
                    f"'{dispute.id}', whose preferred version is graded {preferred.grade} "
                    f"({CREDIBILITY[preferred.grade[1]]}): use '{strongest}' or a weaker likelihood, "
                    "or regrade the dispute"
                )
                problems.append(
                    Problem(info.path, info.line("key_judgements", index, "likelihood"), message, "warning")
                )
    return problems


def _problems_in(text: str, likelihood: str | None, where: str) -> dict[str, tuple[str, str]]:
    """Return each problem in a text, once, with the words it is about and their sentence's opening."""
    found: dict[str, tuple[str, str]] = {}
    plain = " ".join(LINK.sub(lambda m: m.group(2) or m.group(1).replace("-", " "), text).split())
    for sentence in (s.lower() for s in _SENTENCE_END.split(plain)):
        opening = " ".join(sentence.split()[:3])
        terms = _TERMS.findall(sentence)
        for term in terms:
            if term in _ON_SCALE:
                if likelihood and _ON_SCALE[term] != likelihood:
                    found.setdefault(f"{where} says '{term}' but its likelihood is '{likelihood}'", (term, opening))
            else:
                message = f"'{term}' is not on the ICD 203 likelihood scale in {where}: use {_SCALE}"
                found.setdefault(message, (term, opening))
        confidence = _CONFIDENCE.search(sentence)
        if confidence and terms:
            message = (
                f"'{confidence.group()}' and '{terms[0]}' share a sentence in {where}: "
                "state the confidence level in 'confidence', apart from the likelihood"
            )
            found.setdefault(message, (confidence.group(), opening))
    return found
