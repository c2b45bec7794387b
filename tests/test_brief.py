"""The reader's brief: judgements up front, the status board, citations grouped by source."""

from conftest import ROOT, SMALL_DOSSIER

from dossier.pipeline import build_pages


def pages_of(content=SMALL_DOSSIER) -> dict[str, str]:
    return build_pages(content, ROOT / "templates").pages


def test_each_judgement_leads_with_its_likelihood_and_confidence():
    assert (
        '1. <span class="dossier-likelihood">unlikely <span class="dossier-range">(20–45%)</span></span> '
        '<span class="dossier-confidence dossier-confidence-moderate">moderate confidence</span> '
        '<span class="dossier-contested">⚠ [contested, graded B2](disputes.md#border-zone-back-on-the-table)</span>  \n'
        "   A deal on the [border zone](issues/border-zone.md) this year is unlikely."
    ) in pages_of()["index.md"]


def test_the_status_board_gives_status_trend_last_change_and_what_changed():
    row = next(line for line in pages_of()["index.md"].splitlines() if line.startswith("| [Demilitarisation"))
    assert row == (
        "| [Demilitarisation of the border zone](issues/border-zone.md)<br>"
        '<span class="dossier-note">Talks resumed in [<abbr title="Swiss city that hosts the talks.">Geneva</abbr>]'
        "(glossary.md#geneva).</span> | "
        '<span class="dossier-status dossier-open">open</span> '
        '<span class="dossier-contested">⚠ [contested, graded B2](disputes.md#border-zone-back-on-the-table)</span><br>'
        '<span class="dossier-trend dossier-unchanged">→ unchanged since 6 January 2026</span> | 6 January 2026 |'
    )


def test_citations_of_one_article_are_grouped_in_paragraph_order(write):
    actor = "name: X\nkind: person\nsummary: S.\nsources: [daily-news-2026-01-06#p3, daily-news-2026-01-06#p1]\n"
    page = pages_of(write({"actors/x.yaml": actor}))["actors/x.md"]
    assert (
        "[Daily News ¶1](../articles/daily-news-2026-01-06.md#p1), [¶3](../articles/daily-news-2026-01-06.md#p3) "
        '<abbr class="dossier-grade" title="usually reliable">B</abbr> <span class="dossier-backing">(single source)'
    ) in page


def test_an_issue_shows_how_its_status_moved():
    assert (
        '<span class="dossier-status dossier-stalled">stalled</span> (July 2025) ⟶ '
        '<span class="dossier-status dossier-open">open</span> since 6 January 2026'
    ) in pages_of()["issues/border-zone.md"]


def test_actor_pages_carry_their_slice_of_the_timeline_grouped_by_year_and_month():
    page = pages_of()["actors/ruritania.md"]
    timeline = page[page.index("## Timeline") : page.index("## Mentioned in")]
    assert [line for line in timeline.splitlines() if line.startswith("#")] == [
        "## Timeline",
        "### 2025",
        "#### July 2025",
        "### 2026",
        "#### January 2026",
    ]
