"""The dossier's search (Pagefind) on the seed dossier, in a real browser, with the keyboard only.

A reader presses "/" (or the header's Search button), types a name, an alias, an American spelling
or a phrase, narrows by kind, and reaches the page, never touching the mouse; the open dialog is
axe clean in the light and the dark scheme, and nothing comes from another host.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import run_axe, search_results

from . import test_browser as shared

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(seed_url: str) -> str:
    """The seed site, built and served once a session (tests/conftest.py)."""
    return seed_url


@pytest.fixture
def tab(browser: object, request: pytest.FixtureRequest) -> Iterator[shared.Tab]:
    scheme = getattr(request, "param", "light")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[attr-defined]
    page = context.new_page()
    recorded = shared.Tab(page, [], [])
    page.on("request", lambda r: recorded.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and recorded.errors.append(m.text))
    page.on("pageerror", lambda e: recorded.errors.append(str(e)))
    yield recorded
    context.close()


def _search(page: object, site_url: str, words: str, start: str = "") -> list[str]:
    """Open the search with "/", type as a reader does; return the result pages, best first."""
    page.goto(site_url + start)  # type: ignore[attr-defined]
    page.keyboard.press("/")  # type: ignore[attr-defined]
    field = page.locator(".pagefind-ui__search-input")  # type: ignore[attr-defined]
    field.wait_for()
    assert page.evaluate("document.activeElement.matches('.pagefind-ui__search-input')")  # type: ignore[attr-defined]
    page.keyboard.type(words)  # type: ignore[attr-defined]
    return _results(page, site_url, words)


def _results(page: object, site_url: str, words: str) -> list[str]:
    return search_results(page, site_url, words)


def _tab_to(page: object, selector: str, text: str | None = None, most: int = 80) -> None:
    """Press Tab until the focus is on an element matching `selector` (and showing `text`), as a keyboard user would."""
    for _ in range(most):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate(  # type: ignore[attr-defined]
            """([s, text]) => document.activeElement.matches(s)
                && (text === null || document.activeElement.textContent.trim() === text)""",
            [selector, text],
        ):
            return
    raise AssertionError(f"Tab never reached {selector} {text or ''}")


def test_a_name_finds_its_page_first_and_the_keyboard_reaches_it(site_url: str, tab: shared.Tab) -> None:
    page = tab.page
    results = _search(page, site_url, "Ahmad al-Sharaa")
    assert results[0] == "actors/ahmad-al-sharaa/"
    _tab_to(page, ".pagefind-ui__result-link")
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url(site_url + "actors/ahmad-al-sharaa/")  # type: ignore[attr-defined]
    assert tab.errors == []
    assert {urlparse(url).hostname for url in tab.requests} == {"127.0.0.1"}


@pytest.mark.parametrize(
    ("alias", "record"),
    [
        ("Al Shara", "actors/ahmad-al-sharaa/"),
        ("President al-Sharaa", "actors/ahmad-al-sharaa/"),
        # Names written only in the records' aliases, in no article, summary or title.
        ("Bibi", "actors/benjamin-netanyahu/"),
        ("Druze security", "issues/druze-security-sweida/"),
        ("Suwayda", "places/sweida/"),  # a place of its own since issue 14
    ],
)
def test_an_alias_finds_its_record_first(site_url: str, tab: shared.Tab, alias: str, record: str) -> None:
    assert _search(tab.page, site_url, alias)[0] == record


@pytest.mark.parametrize(
    ("typed", "page_with_british_spelling"),
    [
        ("demilitarization", "issues/demilitarisation-southern-syria/"),
        ("normalization", "issues/syria-israel-normalisation/"),
    ],
)
def test_an_american_spelling_finds_the_british_one(
    site_url: str, tab: shared.Tab, typed: str, page_with_british_spelling: str
) -> None:
    assert page_with_british_spelling in _search(tab.page, site_url, typed)


def test_a_phrase_finds_a_sources_paragraph(site_url: str, tab: shared.Tab) -> None:
    results = _search(tab.page, site_url, "joint fusion cell")
    assert "issues/joint-fusion-cell/" in results[:3]
    excerpt = tab.page.locator(".pagefind-ui__result-excerpt").first.inner_html()  # type: ignore[attr-defined]
    assert "<mark>" in excerpt


def test_a_kind_filter_narrows_the_results_and_results_show_kind_and_date(site_url: str, tab: shared.Tab) -> None:
    page = tab.page
    everything = _search(page, site_url, "Israel")
    assert {path.split("/")[0] for path in everything} - {"issues"}  # actors, events, sources…
    # Open the "Kind" filter group and tick "Issue", with the keyboard, once the filters are shown: Pagefind
    # loads them beside the results, and on a busy machine they can come after them.
    page.locator("summary.pagefind-ui__filter-name", has_text="Kind").wait_for()  # type: ignore[attr-defined]
    _tab_to(page, "summary.pagefind-ui__filter-name", "Kind")
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    _tab_to(page, "input.pagefind-ui__filter-checkbox[id='kind-Issue']")
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        """() => {
            const links = [...document.querySelectorAll('.pagefind-ui__result-link')];
            const tags = document.querySelectorAll('[data-pagefind-ui-meta=kind]');
            return links.length > 0 && tags.length === links.length
                && links.every(a => new URL(a.href).pathname.startsWith('/issues/'));
        }"""
    )
    kinds = page.locator("[data-pagefind-ui-meta=kind]").all_inner_texts()  # type: ignore[attr-defined]
    assert {kind.strip() for kind in kinds} == {"Kind: Issue"}
    # An event's result shows its date.
    _search(page, site_url, "Paris")
    dates = page.locator("[data-pagefind-ui-meta=date]").all_inner_texts()  # type: ignore[attr-defined]
    assert "Date: 2025-05" in {date.strip() for date in dates}


def test_escape_closes_the_search_and_gives_the_focus_back(site_url: str, tab: shared.Tab) -> None:
    page = tab.page
    _search(page, site_url, "Golan")
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert page.evaluate("document.getElementById('dossier-search').open") is False  # type: ignore[attr-defined]
    # The dialog's close event, which gives the focus back, comes a task after the dialog has closed.
    page.wait_for_function("document.activeElement.matches('.dossier-search__open')", timeout=5000)  # type: ignore[attr-defined]


@pytest.mark.parametrize("tab", ["light", "dark"], indirect=True)
def test_the_open_search_is_axe_clean_in_both_schemes(site_url: str, tab: shared.Tab, axe_script: Path) -> None:
    page = tab.page
    _search(page, site_url, "Israel", start="actors/israel/")
    # Open every filter group too: what a reader may see must pass.
    for summary in page.locator("summary.pagefind-ui__filter-name").all():  # type: ignore[attr-defined]
        summary.click()
    violations = run_axe(page, axe_script)
    assert violations == [], "\n".join(violations)
    assert tab.errors == []


@pytest.mark.parametrize("tab", ["dark"], indirect=True)
def test_the_dark_scheme_colours_the_search_as_the_page(site_url: str, tab: shared.Tab) -> None:
    page = tab.page
    _search(page, site_url, "Israel")
    colours = page.evaluate(
        """() => ({
            page: getComputedStyle(document.body).backgroundColor,
            dialog: getComputedStyle(document.getElementById('dossier-search')).backgroundColor,
            input: getComputedStyle(document.querySelector('.pagefind-ui__search-input')).color,
            text: getComputedStyle(document.body).color,
        })"""
    )
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"  # type: ignore[attr-defined]
    assert colours["dialog"] == colours["page"] and colours["input"] == colours["text"], colours
