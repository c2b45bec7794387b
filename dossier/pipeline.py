"""The whole build as functions that read top to bottom: load → validate → link → checks → plan → render → exports."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DossierError, Problem, shown_path
from .judgements import check_disputed_judgements, check_judgements
from .link import CACHE_FOLDER, Links, link_mentions
from .load import load_content
from .model import Dossier
from .pages import check_pages
from .review import review_warnings
from .validate import validate_content

if TYPE_CHECKING:  # the search's models are imported by build_pages alone: `check` needs none of them
    from .search import Entry


@dataclass
class CheckResult:
    dossier: Dossier
    links: Links
    warnings: list[Problem]


@dataclass
class BuildResult:
    pages: dict[str, str]
    warnings: list[Problem]
    # What the search entries are made from, when first asked for (the preview asks after the page shows).
    checked: CheckResult | None = field(default=None, repr=False)
    use_directory_urls: bool = True

    @property
    def search(self) -> list[Entry]:
        """One search entry per record, at its page's address: the hook indexes them once the site is built."""
        return list(self.each_search_entry())

    def each_search_entry(self) -> Iterator[Entry]:
        """Yield the search entries one by one: the preview makes them after the page shows, and may stop."""
        from .search import each_search_entry

        if self.checked is not None:
            yield from each_search_entry(self.checked.dossier, self.checked.links, self.use_directory_urls)


def check_dossier(content_dir: Path, templates_dir: Path | None = None) -> CheckResult:
    """Load, validate and link content/; raise ContentError with every error found."""
    with _no_cycle_collection():
        # First read every file, so one broken file never hides another's problems.
        raw = load_content(content_dir, templates_dir)
        # MkDocs publishes hand-written pages as they are: refuse there what could run script.
        raw.problems += check_pages(raw)
        # Then judge each file and what the files say about each other; stop here on any error.
        dossier, warnings = validate_content(raw)
        # Only a valid dossier is linked: mentions, backlinks and conflicts need the whole graph.
        links = link_mentions(dossier, Path(content_dir).absolute().parent / CACHE_FOLDER)
        # Last, what asks for a second look: stale sheets, placeholders left by `new`, off-scale judgements.
        second_look = review_warnings(dossier) + check_judgements(dossier.info) + check_disputed_judgements(dossier)
    return CheckResult(dossier, links, sorted(warnings + links.warnings + second_look))


def build_pages(content_dir: Path, templates_dir: Path, use_directory_urls: bool = True) -> BuildResult:
    """Return every generated page of the site, in memory; nothing is written anywhere.

    `use_directory_urls` is MkDocs' setting of that name: the data files give pages at those addresses.
    """
    # Imported here: `check` (above) needs none of the rendering, Jinja or the history (a tenth of its time).
    import jinja2

    from .assets import copy_assets
    from .changes import read_history
    from .exports import export_data
    from .plan import plan_pages
    from .render import render_pages
    from .view import DossierView

    checked = check_dossier(content_dir, templates_dir)
    dossier = checked.dossier
    # What changed, from the commits that changed content/; only a valid dossier gets this far.
    history = read_history(content_dir, dossier.info.changes_since)
    warnings = list(checked.warnings)
    if history.missing:
        # Said once per build, as a warning that does not fail `mkdocs build --strict`.
        message = f"no git history: {history.missing}; What changed lists the dates the content gives instead"
        warnings.append(Problem(content_dir.name, 1, message, "warning"))
    try:
        with _no_cycle_collection():
            # The questions pages ask, indexed once; then which pages exist, from which template.
            view = DossierView(dossier, checked.links, history=history)
            plan = plan_pages(view)
            # Jinja fills in each page; the data files and the theme's own files come beside them.
            pages = render_pages(plan, view, templates_dir, use_directory_urls)
            pages |= export_data(dossier, view.changes, use_directory_urls)
            pages |= copy_assets(templates_dir)
    except jinja2.TemplateError as error:
        # A maintainer's mistake (a template missing, misspelt or broken), said in one line at its place.
        raise DossierError(template_error(error, templates_dir)) from None
    pages = dict(sorted(pages.items()))
    return BuildResult(pages, warnings, checked, use_directory_urls)


def template_error(error: Exception, templates_dir: Path) -> str:
    """Name the template and line a Jinja error comes from: `templates/x.md.j2:3: message`."""
    import jinja2

    if isinstance(error, jinja2.TemplateNotFound):
        return f"{shown_path(templates_dir / str(error.name))}: template not found"
    where = getattr(error, "filename", None), getattr(error, "lineno", None)
    # Errors while rendering carry no place; Jinja puts the template's own file and line in the traceback.
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename.endswith((".j2", ".html")):  # ours, or the theme's
            where = frame.tb_frame.f_code.co_filename, frame.tb_lineno
        frame = frame.tb_next
    path, line = where
    place = f"{shown_path(path)}:{line or 1}: " if path else f"{shown_path(templates_dir)}: "
    return f"{place}template error: {str(getattr(error, 'message', None) or error).rstrip('.')}"


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
