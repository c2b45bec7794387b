"""The built site in a real browser: search, citations, no other hosts, no errors, accessibility, print.

Each test runs on the small dossier, then on the real content, each built once a session
(`small_site`, `seed_site` in tests/conftest.py), served on 127.0.0.1 and driven in Debian's
Chromium (one a session) through Playwright. axe-core comes from the npm registry (package.json
here); screenshots and the printed brief land in tests/browser/out/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import DESKTOP, Visits, site_pages

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
# Which built site (a session fixture of conftest.py), what a reader searches for, and the actor
# page they expect: a spelling that is not the name.
SITES = {
    "small": ("small", "Bordurian Republic", "actors/borduria/"),
    "real": ("seed", "Ahmed al-Sharaa", "actors/ahmad-al-sharaa/"),
}


@dataclass
class Site:
    name: str
    folder: Path
    url: str
    search: str
    actor_page: str

    def pages(self) -> list[str]:
        """Every HTML page of the built site, as an address from the site root."""
        return site_pages(self.folder)


@pytest.fixture(scope="module", params=list(SITES))
def site(request: pytest.FixtureRequest) -> Site:
    built, search, actor_page = SITES[request.param]
    folder = request.getfixturevalue(f"{built}_site")
    url = request.getfixturevalue(f"{built}_url")
    return Site(request.param, folder, url, search, actor_page)


@dataclass
class Tab:
    """A browser page that remembers every request it made and every error it logged."""

    page: object
    requests: list[str]
    errors: list[str]


@pytest.fixture
def tab(browser: object) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    recorded = Tab(page, [], [])
    page.on("request", lambda request: recorded.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and recorded.errors.append(message.text))
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    yield recorded
    context.close()


@pytest.fixture
def visits(site: Site, request: pytest.FixtureRequest) -> Visits:
    """Every page of the site, opened once a session: requests and errors recorded, axe-core run on each."""
    return request.getfixturevalue(f"{SITES[site.name][0]}_visits")  # type: ignore[no-any-return]


def test_no_page_asks_another_host(visits: Visits) -> None:
    hosts = {urlparse(url).hostname for url in visits.requests if urlparse(url).scheme not in ("data", "blob")}
    assert hosts == {"127.0.0.1"}


def test_no_page_logs_an_error(visits: Visits) -> None:
    assert visits.errors == []


def test_no_page_has_serious_accessibility_violations(visits: Visits) -> None:
    assert visits.violations() == []


def test_no_page_is_wider_than_a_desktop(visits: Visits) -> None:
    assert [f"/{path}: {look.width} px" for path, look in visits.pages.items() if look.width > DESKTOP] == []


def test_search_finds_an_actor_by_a_variant_spelling(site: Site, tab: Tab) -> None:
    page = tab.page
    # The header's Search button opens Pagefind's search (tests/browser/test_search_browser.py has more).
    page.goto(site.url, wait_until="networkidle")
    page.locator(".dossier-search__open").click()
    page.locator(".pagefind-ui__search-input").press_sequentially(site.search)
    result = page.locator(f'.pagefind-ui__result-link[href*="/{site.actor_page}"]')
    result.first.wait_for(timeout=15000)


def test_a_citation_lands_on_its_paragraph(site: Site, tab: Tab) -> None:
    page = tab.page
    issue = next(path for path in site.pages() if path.startswith("issues/") and path != "issues/")
    page.goto(site.url + issue)
    citation = page.locator('.dossier-cite a[href*="#p"]').first
    anchor = citation.get_attribute("href").split("#")[1]
    citation.click()
    page.wait_for_url(f"**#{anchor}")
    target = page.evaluate(
        """() => {
            const target = document.querySelector(':target');
            const box = target.getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect();
            return {id: target.id, top: box.top, bottom: box.bottom, header: header.bottom, height: innerHeight};
        }"""
    )
    assert target["id"] == anchor
    assert target["header"] <= target["top"] < target["height"], target


def test_a_glossary_term_explains_itself_on_hover(site: Site, tab: Tab) -> None:
    page = tab.page
    page.goto(site.url + "timeline/")
    term = page.locator("abbr[title]:not(.dossier-grade)").first
    definition = term.get_attribute("title")
    term.hover()
    tooltip = page.locator(".md-tooltip2")
    tooltip.first.wait_for()
    assert tooltip.first.inner_text() == definition
    if site.name == "small":
        assert definition == "Swiss city that hosts the talks."


def test_the_printed_brief_has_no_navigation_and_shows_addresses(site: Site, tab: Tab) -> None:
    page = tab.page
    page.goto(site.url + "print/")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer', '.md-search']
            .map(s => document.querySelector(s)).filter(e => e && getComputedStyle(e).display !== 'none')
            .map(e => e.className)"""
    )
    assert hidden == []
    link = page.locator('.md-typeset a[href^="http"]').first
    shown = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in shown
    OUT.mkdir(exist_ok=True)
    page.pdf(path=str(OUT / f"{site.name}-print.pdf"), format="A4", print_background=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_brief_fits_the_screen(site: Site, tab: Tab, width: int) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("", "print/"):
        page.goto(site.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"/{path} scrolls sideways"
        OUT.mkdir(exist_ok=True)
        name = "home" if path == "" else "print"
        # JPEG: encoded in about half the time of a PNG of the whole page, and as good to look at.
        page.screenshot(path=str(OUT / f"{site.name}-{name}-{width}.jpg"), full_page=True, quality=85)


# A page of each site with a quoted citation, and the quote it stores.
QUOTED = {
    "small": ("actors/anna-kovacs/", "said Foreign Minister Anna Kovacs"),
    "real": ("actors/asaad-al-shibani/", "Foreign Minister Asaad Al Shibani"),
}


@pytest.mark.parametrize("how", ["focus", "hover"])
def test_a_citation_shows_its_quote(site: Site, tab: Tab, how: str) -> None:
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
