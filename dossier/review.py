"""Warnings that ask an editor to look again: sheets not reviewed for long, scaffold text left in.

Freshness is measured against the brief's `as_of` date, never today's, so the same content always
gives the same warnings and the same site.
"""

from __future__ import annotations

import datetime
import re

from .dates import PartialDate
from .errors import Problem
from .model import Dossier
from .schema import DossierInfo, Record
from .text import clip
from .validate import walk

# `site_builder.py new` starts every text an editor must write with this word.
PLACEHOLDER = "TODO"
# ...and marks what else is left to do with comments: "# TODO: …", "# placeholder: …".
# A comment, so a '#' that opens the line or follows a space; with the colon `new` writes, so that
# a "#TODO" in an article's words is not taken for one.
_NOTE = re.compile(r"(?:^|\s)#\s*(TODO|placeholder):\s*(.*)")


def is_stale(record: Record, info: DossierInfo) -> bool:
    """True when a sheet was last reviewed more than `stale_after_days` before the brief's as_of."""
    reviewed = getattr(record, "reviewed", None)
    if reviewed is None:
        return False
    return _days_between(reviewed, info.as_of) > info.stale_after_days


def review_warnings(dossier: Dossier) -> list[Problem]:
    """Warn of stale sheets and of placeholders that `new` wrote and nobody replaced."""
    info = dossier.info
    warnings = []
    files_seen: set[str] = set()  # the glossary is one file of many records: read its comments once
    for record in dossier.fact_sheets():
        if is_stale(record, info):
            warnings.append(Problem(record.path, record.line("reviewed"), _stale_message(record, info), "warning"))
        for loc, _mark, value in walk(record):
            if isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER):
                message = f"placeholder '{clip(value, 50)}' is still here: replace it with what the sources say"
                line = record.line_of_words(" ".join(value.split()[:4]), *loc)  # the text's line, below `>-`
                warnings.append(Problem(record.path, line, message, "warning"))
        if record.path not in files_seen:
            files_seen.add(record.path)
            warnings += _notes_left(record)
    return warnings


def _notes_left(record: Record) -> list[Problem]:
    """Warn of each TODO or placeholder comment still in a sheet's file (comments never reach the data)."""
    warnings = []
    for number, line in enumerate(record.source_lines, 1):
        note = _NOTE.search(line)
        if note is None:
            continue
        if note.group(1) == "placeholder":
            message = "the placeholder citation that `new` wrote is still here: cite the paragraph that supports this"
        else:
            message = f"note 'TODO: {clip(note.group(2), 50)}' is still here: do what it says, then delete the note"
        warnings.append(Problem(record.path, number, message, "warning"))
    return warnings


def _stale_message(record: Record, info: DossierInfo) -> str:
    reviewed: PartialDate = getattr(record, "reviewed")  # noqa: B009 - only sheets with the field get here
    return (
        f"last reviewed {reviewed.label}, more than {info.stale_after_days} days before the brief's "
        f"as_of date ({info.as_of.label}): check it against newer sources, then update 'reviewed'"
    )


def _days_between(earlier: PartialDate, later: PartialDate) -> int:
    start = datetime.date(*earlier.last_day)
    end = datetime.date(*later.last_day)
    return (end - start).days
