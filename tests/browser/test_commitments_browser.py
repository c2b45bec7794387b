"""The commitments tracker of the real dossier in a real browser: with and without script, by keyboard, for axe,
in dark mode and in print. The site is built once for the module; Chromium and axe-core are test_browser.py's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_axe

from . import test_browser as shared

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

SEEDED = 6  # the commitments in content/commitments/
ROWS = "table tr:has([data-actors])"


@pytest.fixture(scope="module")
def tracker(seed_url: str) -> str:
    """The tracker's address on the seed site, built and served once a session (tests/conftest.py)."""
    return seed_url + "commitments/"


def _open(browser: object, **options: object) -> object:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


def _shown(page: object) -> list[str]:
    """The ids of the rows a reader sees."""
    return page.locator(f"{ROWS}:visible [data-actors]").evaluate_all("marks => marks.map(m => m.id)")  # type: ignore[attr-defined,no-any-return]


def test_without_script_every_row_shows_and_no_filter_does(tracker: str, browser: object) -> None:
    page = _open(browser, java_script_enabled=False)
    page.goto(tracker + "?actor=united-states")
    assert len(_shown(page)) == SEEDED
    assert page.locator("form.dossier-filters").is_hidden()  # type: ignore[attr-defined]
    # Each commitment has its anchor, in its group: the missed end-2025 target under Missed.
    group = page.locator("#barrack-security-deal-by-end-2025").evaluate(  # type: ignore[attr-defined]
        """mark => {
            let box = mark.closest("table");
            while (box && !/^H2$/.test(box.tagName)) box = box.previousElementSibling || box.parentElement;
            return box && box.id;
        }"""
    )
    assert group == "status-missed"
    page.context.close()  # type: ignore[attr-defined]


def test_with_script_the_filters_narrow_the_rows_on_the_page(tracker: str, browser: object) -> None:
    page = _open(browser)
    page.goto(tracker)
    assert page.locator("form.dossier-filters").is_visible()  # type: ignore[attr-defined]
    assert len(_shown(page)) == SEEDED
    page.get_by_label("Actor").select_option("united-states")  # type: ignore[attr-defined]
    assert _shown(page) == ["us-support-for-fusion-cell"]
    assert page.locator("output.dossier-filter-count").text_content() == f"1 of {SEEDED} commitments shown."  # type: ignore[attr-defined]
    assert page.locator("#status-missed").is_hidden()  # type: ignore[attr-defined]  # a group left empty goes
    page.get_by_label("Actor").select_option("")  # type: ignore[attr-defined]
    page.get_by_label("Issue").select_option("joint-fusion-cell")  # type: ignore[attr-defined]
    assert _shown(page) == ["joint-fusion-cell-establishment", "us-support-for-fusion-cell"]
    assert page.url == tracker  # never left the page
    # An address can carry the filters: another page links to a filtered tracker.
    page.goto(tracker + "?actor=israel&issue=security-agreement")
    assert _shown(page) == ["barrack-security-deal-by-end-2025"]
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]


def test_the_filters_work_from_the_keyboard_alone(tracker: str, browser: object) -> None:
    page = _open(browser)
    page.goto(tracker)
    for _ in range(60):  # Tab through the page's links until the actor filter has the focus
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.dataset.filter") == "actors":  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("Tab never reached the actor filter")
    for _ in range(3):  # Israel, Syria (each in every commitment), then Tom Barrack
        page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
    assert page.get_by_label("Actor").input_value() == "tom-barrack"  # type: ignore[attr-defined]
    assert _shown(page) == ["barrack-security-deal-by-end-2025"]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.textContent") == "Show all"  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_function(f"document.querySelectorAll('{ROWS}:not([hidden])').length === {SEEDED}")  # type: ignore[attr-defined]
    assert page.get_by_label("Actor").input_value() == ""  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_tracker_filtered_or_not(
    tracker: str,
    browser: object,
    axe_script: Path,
    scheme: str,
) -> None:
    page = _open(browser, color_scheme=scheme)
    page.goto(tracker)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected  # type: ignore[attr-defined]
    assert run_axe(page, axe_script) == []
    page.get_by_label("Actor").select_option("tom-barrack")  # type: ignore[attr-defined]
    assert run_axe(page, axe_script) == []
    page.context.close()  # type: ignore[attr-defined]


def _contrast(page: object, selector: str) -> float:
    """The contrast ratio of an element's text against the page's background (WCAG's formula)."""
    return page.locator(selector).first.evaluate(  # type: ignore[attr-defined,no-any-return]
        """element => {
            const rgb = (css) => css.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map(c => c / 255)
                .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
                .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
            let box = element, background = 'rgba(0, 0, 0, 0)';
            while (box && /rgba\\(.*, 0\\)|transparent/.test(background)) {
                background = getComputedStyle(box).backgroundColor; box = box.parentElement;
            }
            if (/rgba\\(.*, 0\\)|transparent/.test(background)) background = 'rgb(255, 255, 255)';
            const [a, b] = [lum(rgb(getComputedStyle(element).color)), lum(rgb(background))];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_status_marks_are_readable_in_both_schemes(tracker: str, browser: object, scheme: str) -> None:
    page = _open(browser, color_scheme=scheme)
    page.goto(tracker)
    for selector in (".dossier-missed", ".dossier-agreed", ".dossier-proposed", ".dossier-filters label"):
        assert _contrast(page, selector) >= 4.5, f"{selector} in {scheme}"
    page.context.close()  # type: ignore[attr-defined]


def test_in_print_the_tracker_shows_every_row_and_no_filters(tracker: str, browser: object) -> None:
    page = _open(browser, color_scheme="dark")
    page.goto(tracker)
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert page.locator("form.dossier-filters").is_hidden()  # type: ignore[attr-defined]
    assert len(_shown(page)) == SEEDED
    assert page.locator(".md-header").is_hidden()  # type: ignore[attr-defined]
    # Paper is white: the marks keep their contrast against it, whatever the screen's scheme was.
    assert _contrast(page, ".dossier-missed") >= 4.5
    shared.OUT.mkdir(exist_ok=True)
    page.pdf(path=str(shared.OUT / "commitments.pdf"))  # type: ignore[attr-defined]  # for a person to look at
    page.context.close()  # type: ignore[attr-defined]


def test_on_a_phone_the_tracker_and_its_filters_fit_the_screen(tracker: str, browser: object) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(tracker)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for label in ("Actor", "Issue"):
        box = page.get_by_label(label).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, label
    context.close()
