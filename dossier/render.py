"""Stage 6: render the planned pages into Markdown, in memory, in Jinja's sandbox.

The plan (plan.py) says which pages exist; the templates decide their layout; the filters
(filters.py) print facts as safe Markdown. Last, each name keeps its link, and each glossary word
its tooltip, only at its first mention in each section of a page (first_mention.py).
"""

from __future__ import annotations

from pathlib import Path

from .filters import Templates
from .first_mention import mark_first_mentions
from .plan import PlannedPage
from .view import DossierView


def render_pages(
    plan: list[PlannedPage], view: DossierView, templates_dir: Path, use_directory_urls: bool = True
) -> dict[str, str]:
    """Return every planned page rendered, keyed by its path from the site root.

    `use_directory_urls` is MkDocs' setting: links in raw HTML (the maps') must be the final addresses.
    """
    templates = Templates(templates_dir, view, use_directory_urls)
    pages = {page.path: templates.render(page.template, page.path, **page.values) for page in plan}
    # A name links, and a glossary term explains itself on hover, at its first mention in each section.
    return mark_first_mentions(pages, view.dossier)
