"""Golden Markdown of the small dossier. After an intended change: `make golden`, then review the diff."""

from pathlib import Path

import pytest
from conftest import DATA, ROOT, SMALL_DOSSIER

from dossier.pipeline import build_pages

GOLDEN = DATA / "golden"


# The build's date for the golden pages (1 March 2026): after the fixture's watch date, so its mark shows.
GOLDEN_BUILD_DATE = "1772323200"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", GOLDEN_BUILD_DATE)
        return build_pages(SMALL_DOSSIER, ROOT / "templates").pages


def test_golden_pages(pages, request):
    markdown = {path: text for path, text in pages.items() if path.endswith(".md")}
    if request.config.getoption("--regenerate-golden"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for path, text in markdown.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(markdown) == sorted(expected)
    for path, text in markdown.items():
        assert text == expected[path], f"{path} differs from tests/data/golden/{path}: run `make golden` if intended"


def test_paragraphs_are_numbered_and_anchored(pages):
    article = pages["articles/daily-news-2026-01-06.md"]
    assert "[¶2](#p2){ .dossier-para-number }" in article
    assert "{ #p2 .dossier-para }" in article


def test_citations_link_to_their_paragraph_with_the_grade(pages):
    assert "[Daily News ¶2](../articles/daily-news-2026-01-06.md#p2)" in pages["issues/border-zone.md"]
    assert 'title="usually reliable">B</abbr>' in pages["issues/border-zone.md"]


def test_stale_sheets_are_flagged_to_readers(pages):
    assert "Possibly out of date" in pages["actors/ruritania.md"]
    assert "Possibly out of date" not in pages["actors/borduria.md"]


def test_the_conflict_is_shown_on_both_peoples_pages_and_on_disputes(pages):
    for page in ("actors/anna-kovacs.md", "actors/jan-novak.md", "disputes.md"):
        assert "[Jan Novak]" in pages[page] and "[Anna Kovacs]" in pages[page], page


def test_native_names_carry_language_and_direction(pages):
    assert '<span lang="fa" dir="rtl">آنا کوواچ</span>' in pages["actors/anna-kovacs.md"]


def test_golden_folder_is_not_empty():
    assert any(Path(GOLDEN).rglob("*.md")) or not GOLDEN.exists()


def test_a_dispute_shows_on_the_timeline_entry_it_concerns(write):
    dispute = (
        "question: When did the talks stall?\nconcerns: [talks-stall-2025-07]\nvariants:\n"
        "  - value: July 2025\n    sources: [daily-news-2026-01-06#p1]\n"
        "  - value: June 2025\n    sources: [wire-copy-2026-01#p1]\n"
    )
    timeline = build_pages(write({"disputes/stall-date.yaml": dispute}), ROOT / "templates").pages["timeline.md"]
    assert "**Sources disagree:** [When did the talks stall?](disputes.md#stall-date)" in timeline
