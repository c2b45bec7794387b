"""The maps in a real browser: links that lead to the place pages, a text alternative, dark mode, print, axe.

The seed site, Chromium and axe-core are the session's (tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import axe_page, run_axe

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

# Pages with maps: the Map page, a place drawn as a shape, an issue and the timeline's events.
MAP_PAGES = ["places/", "places/buffer-zone/", "issues/golan-buffer-zone-presence/", "timeline/"]


@pytest.fixture(scope="module")
def site_url(seed_url: str) -> str:
    """The seed site, built and served once a session (tests/conftest.py)."""
    return seed_url


def _open(browser: object, scheme: str = "light") -> object:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[attr-defined]
    return context.new_page()


def test_a_place_on_the_map_leads_to_its_page(site_url: str, browser: object) -> None:
    page = _open(browser)
    page.goto(site_url + "places/")
    page.locator('svg a[aria-label="Sweida (city)"]').first.click()
    page.wait_for_url(site_url + "places/sweida/")
    assert page.locator("h1").inner_text().removesuffix("¶") == "Sweida"
    page.context.close()  # type: ignore[attr-defined]


def test_every_map_link_reaches_a_page(site_url: str, browser: object) -> None:
    page = _open(browser)
    reached = 0
    for path in MAP_PAGES:
        page.goto(site_url + path)
        for href in page.locator("svg.dossier-map-svg a").evaluate_all("links => links.map(a => a.href.baseVal)"):
            response = page.request.get(page.evaluate("h => new URL(h, location.href).href", href))
            assert response.ok, (path, href)
            reached += 1
    assert reached >= 10
    page.context.close()  # type: ignore[attr-defined]


def test_each_map_is_named_and_listed_in_words(site_url: str, browser: object) -> None:
    page = _open(browser)
    page.goto(site_url + "issues/golan-buffer-zone-presence/")
    svg = page.locator("svg.dossier-map-svg")
    assert svg.count() == 1
    title_id = svg.get_attribute("aria-labelledby")
    assert page.locator(f"#{title_id}").text_content() == "Where: Israeli presence in the Golan buffer zone"
    caption = page.locator("figure.dossier-map figcaption").inner_text()
    assert "Dashed: approximate, drawn from general knowledge rather than the sources." in caption
    listed = page.locator("p.dossier-map-list")
    assert (
        listed.inner_text() == "On this map: Golan buffer zone (zone, approximate); Golan Heights (region, approximate)"
    )
    assert listed.locator("a").count() == 2
    page.context.close()  # type: ignore[attr-defined]


CONTRAST = """svg => {
    const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    const lum = c => c.map(linear).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const ratio = (a, b) => {
        const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    const style = sel => getComputedStyle(svg.querySelector(sel));
    const label = style('.dossier-map-label');
    return {label: label.fill, halo: label.stroke, sea: style('.dossier-map-sea').fill,
            land: style('.dossier-map-land').fill,
            onHalo: ratio(label.fill, label.stroke), onLand: ratio(label.fill, style('.dossier-map-land').fill)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_labels_are_readable_in_both_schemes(site_url: str, browser: object, scheme: str) -> None:
    page = _open(browser, scheme)
    page.goto(site_url + "places/")
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    colours = page.locator("svg.dossier-map-svg").first.evaluate(CONTRAST)
    # The label's halo is the page's background: the text stands out however busy the map under it.
    assert colours["onHalo"] >= 7, colours
    assert colours["onLand"] >= 7, colours
    page.context.close()  # type: ignore[attr-defined]


def test_printed_maps_are_black_on_white(site_url: str, browser: object) -> None:
    page = _open(browser, "dark")
    page.goto(site_url + "places/buffer-zone/")
    page.emulate_media(media="print")
    colours = page.locator("svg.dossier-map-svg").evaluate(CONTRAST)
    assert (colours["label"], colours["land"], colours["halo"]) == (
        "rgb(0, 0, 0)",
        "rgb(255, 255, 255)",
        "rgb(255, 255, 255)",
    )
    dash = page.locator("svg .dossier-map-area").evaluate("e => getComputedStyle(e).strokeDasharray")
    assert dash == "6px, 4px"  # approximate stays dashed on paper
    assert page.pdf()[:4] == b"%PDF"  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]


def test_axe_finds_nothing_on_the_pages_with_maps_in_the_dark_scheme(
    site_url: str, browser: object, axe_script: Path
) -> None:
    # In the light scheme axe-core checks every page of the site, these included (test_browser.py).
    page = axe_page(browser, axe_script, viewport={"width": 1280, "height": 900}, color_scheme="dark")
    violations = []
    for path in MAP_PAGES:
        page.goto(site_url + path)
        violations += [f"/{path}: {v}" for v in run_axe(page, axe_script)]
    assert violations == []
    page.context.close()  # type: ignore[attr-defined]
