"""The whole build as one function that reads top to bottom: load → validate → link → render."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .changes import read_history
from .errors import Problem
from .judgements import check_disputed_judgements, check_judgements
from .link import Links, link_mentions
from .load import load_content
from .model import Dossier
from .render import render_pages
from .review import review_warnings
from .validate import validate_content


@dataclass
class CheckResult:
    dossier: Dossier
    links: Links
    warnings: list[Problem]


@dataclass
class BuildResult:
    pages: dict[str, str]
    warnings: list[Problem]


def check_dossier(content_dir: Path) -> CheckResult:
    """Load, validate and link content/; raise ContentError with every error found."""
    with _no_cycle_collection():
        # First read every file, so one broken file never hides another's problems.
        raw = load_content(content_dir)
        # Then judge each file and what the files say about each other; stop here on any error.
        dossier, warnings = validate_content(raw)
        # Only a valid dossier is linked: mentions, backlinks and conflicts need the whole graph.
        links = link_mentions(dossier)
        # Last, what asks for a second look: stale sheets, placeholders left by `new`, off-scale judgements.
        second_look = review_warnings(dossier) + check_judgements(dossier.info) + check_disputed_judgements(dossier)
    return CheckResult(dossier, links, sorted(warnings + links.warnings + second_look))


def build_pages(content_dir: Path, templates_dir: Path) -> BuildResult:
    """Return every generated page of the site, in memory; nothing is written anywhere."""
    checked = check_dossier(content_dir)
    dossier = checked.dossier
    # What changed, from the commits that changed content/; only a valid dossier gets this far.
    history = read_history(content_dir, dossier.info.changes_since)
    warnings = list(checked.warnings)
    if history.missing:
        # Said once per build, as a warning that does not fail `mkdocs build --strict`.
        message = f"no git history: {history.missing}; What changed lists the dates the content gives instead"
        warnings.append(Problem(content_dir.name, 1, message, "warning"))
    with _no_cycle_collection():
        pages = render_pages(dossier, checked.links, templates_dir, history=history)
    return BuildResult(pages, warnings)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    # The stages build millions of small objects that all stay alive until the end; Python's cycle
    # collector would re-scan that growing heap again and again for nothing (a quarter of `check`'s
    # time on a large dossier). Reference counting still frees everything else as it goes.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
