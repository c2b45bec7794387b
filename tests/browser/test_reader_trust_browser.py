"""A citation shows its stored quote on hover and on keyboard focus, in a real browser."""

from __future__ import annotations

import pytest
from test_browser import Site, Tab, browser, site, tab  # noqa: F401 (fixtures shared with the other browser tests)

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser
# A page of each site with a quoted citation, and the quote it stores.
QUOTED = {
    "small": ("actors/anna-kovacs/", "said Foreign Minister Anna Kovacs"),
    "real": ("actors/asaad-al-shibani/", "Foreign Minister Asaad Al Shibani"),
}


@pytest.mark.parametrize("how", ["focus", "hover"])
def test_a_citation_shows_its_quote(site: Site, tab: Tab, how: str) -> None:  # noqa: F811
    path, quote = QUOTED[site.name]
    page = tab.page
    page.goto(site.url + path, wait_until="networkidle")
    link = page.locator(f'.dossier-cite a[title="{quote}"]').first
    if how == "focus":
        link.focus()
    else:
        link.hover()
    tooltip = page.locator(".md-tooltip2", has_text=quote)
    tooltip.first.wait_for(state="visible")
    assert tooltip.first.inner_text() == quote
