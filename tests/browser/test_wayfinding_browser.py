"""Way-finding on the real dossier, in a real browser, on a desktop (1366 px) and a phone (390 px).

A menu that reaches every section from every page, no page wider than a phone, tables that
scroll in their own box and say so, and citations big enough to tap. What readers type into the
search (aliases, American spellings) is tested in test_search_browser.py; every page at the desktop
width (its width and axe-core's findings) in test_browser.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DESKTOP, axe_page, look_at

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


PHONE = 390
# What a reader looks for from the brief, and where each lives.
SECTIONS = {
    "Open issues": "issues/",
    "Actors": "actors/",
    "Timeline": "timeline/",
    "Disputes": "disputes/",
    "Sources": "articles/",
    "Methodology": "methodology/",
}
# One page of every kind the site has.
PAGE_KINDS = [
    "",
    "issues/",
    "issues/joint-fusion-cell/",
    "actors/",
    "actors/israel/",
    "positions/",
    "timeline/",
    "disputes/",
    "articles/",
    "articles/the-national-2026-01-06/",
    "glossary/",
    "print/",
]


@pytest.fixture
def site_url(seed_url: str) -> str:
    return seed_url  # the real content, built and served once a session (tests/conftest.py)


def _open(browser: object, width: int) -> object:
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    return context.new_page()


def _menu_link(page: object, menu: str, url: str) -> object:
    """The link of a menu that leads to `url` and that a reader can see and hit, once nothing on the page moves.

    Waiting for the menu's animations (the drawer sliding in, a group opening: on the menu, in it or on a
    box around it) to end, then looking once, answers as soon as the menu is still; a link folded in a
    closed group is then known to be out of reach.
    """
    page.wait_for_function(  # type: ignore[attr-defined]
        """menu => {
            const root = document.querySelector(menu);
            let moving = root.getAnimations({subtree: true}).length;
            for (let box = root.parentElement; box; box = box.parentElement) moving += box.getAnimations().length;
            return moving === 0;
        }""",
        arg=menu,
    )
    links = page.locator(f"{menu} a")  # type: ignore[attr-defined]
    found = links.evaluate_all(
        """(links, url) => links.findIndex(a => {
            const box = a.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return a.href === url && box.width > 0 && hit !== null && a.contains(hit);
        })""",
        url,
    )
    return links.nth(found) if found >= 0 else None


# A link `_menu_link` finds is one a reader can see and hit (the link itself is on top at its centre) and that
# leads to the section's address: following each would add nothing, so one is followed, from the last state.
STARTS = ["", "actors/israel/", "articles/the-national-2026-01-06/"]


@pytest.mark.parametrize("start", STARTS)
def test_every_section_is_a_visible_menu_link_on_a_desktop(site_url: str, browser: object, start: str) -> None:
    page = _open(browser, DESKTOP)
    page.goto(site_url + start)  # type: ignore[attr-defined]
    # Material's tabs (a group, as About, leads to its first page), not a link in the page's text.
    links = {label: _menu_link(page, ".md-tabs", site_url + target) for label, target in SECTIONS.items()}
    assert [label for label, link in links.items() if link is None] == [], f"not in the tabs on /{start}"
    links["Methodology"].click()  # type: ignore[union-attr]
    page.wait_for_url(site_url + SECTIONS["Methodology"])  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("start", STARTS)
def test_every_section_is_in_the_phone_drawer(site_url: str, browser: object, start: str) -> None:
    page = _open(browser, PHONE)
    page.goto(site_url + start)  # type: ignore[attr-defined]
    targets = {label: site_url + target for label, target in SECTIONS.items()}
    assert page.locator(".md-tabs").first.is_hidden()  # type: ignore[attr-defined]  # a phone has the drawer, not tabs
    shown = [label for label, url in targets.items() if _menu_link(page, ".md-nav--primary", url) is not None]
    assert shown == [], "the drawer is closed until asked"
    page.locator('label.md-header__button[for="__drawer"]').click()  # type: ignore[attr-defined]
    links = {label: _menu_link(page, ".md-nav--primary", url) for label, url in targets.items()}
    if None in links.values():  # in a group (About): opened as a reader would, it slides over the first level
        page.locator(".md-nav--primary label.md-nav__link", has_text="About").first.click()  # type: ignore[attr-defined]
        links |= {
            label: _menu_link(page, ".md-nav--primary", targets[label]) for label, link in links.items() if not link
        }
    assert [label for label, link in links.items() if link is None] == [], f"not in the drawer on /{start}"
    label = "Methodology"  # followed from the drawer's last state
    links[label].click()  # type: ignore[union-attr]
    page.wait_for_url(targets[label])  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]


def test_no_page_kind_is_wider_than_a_phone_and_axe_finds_nothing(
    site_url: str, browser: object, axe_script: Path
) -> None:
    # At the desktop width every page of the site is opened once a session (`seed_visits`): test_browser.py
    # checks its widths and axe-core's findings.
    page = axe_page(browser, axe_script, viewport={"width": PHONE, "height": 900})
    looks = {path: look_at(page, site_url + path, axe_script) for path in PAGE_KINDS}
    page.context.close()  # type: ignore[attr-defined]
    assert [f"/{path}: {look.width} px" for path, look in looks.items() if look.width > PHONE] == []
    assert [f"/{path}: {v}" for path, look in looks.items() for v in look.violations] == []


def test_a_wide_table_scrolls_in_its_own_box_with_a_shadow_at_the_hidden_edge(site_url: str, browser: object) -> None:
    page = _open(browser, PHONE)
    page.goto(site_url + "positions/")
    box = page.locator(".md-typeset__scrollwrap").first
    sizes = box.evaluate("b => ({scroll: b.scrollWidth, client: b.clientWidth})")
    assert sizes["scroll"] > sizes["client"], "the positions table should be wider than a phone"
    layers = box.evaluate("b => getComputedStyle(b).backgroundImage")
    assert layers.count("radial-gradient") == 2, layers  # the shadows, left and right
    assert box.evaluate("b => getComputedStyle(b).backgroundAttachment") == "local, local, scroll, scroll"
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_every_citation_on_the_brief_is_at_least_24_px_square(site_url: str, browser: object, width: int) -> None:
    page = _open(browser, width)
    page.goto(site_url)
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.dossier-cite a')].map(a => {
            const box = a.getBoundingClientRect();
            return [a.textContent, Math.round(box.width * 10) / 10, Math.round(box.height * 10) / 10];
        })"""
    )
    assert len(sizes) > 20
    assert [size for size in sizes if size[1] < 24 or size[2] < 24] == []
    page.context.close()  # type: ignore[attr-defined]
