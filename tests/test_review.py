import re

from conftest import ROOT, SMALL_DOSSIER

from dossier.pipeline import build_pages, check_dossier

STALE = (
    "content/actors/ruritania.yaml:5: warning: last reviewed 1 October 2025, more than 30 days before the brief's "
    "as_of date (7 January 2026): check it against newer sources, then update 'reviewed'"
)


def warnings(content) -> list[str]:
    return [str(w) for w in check_dossier(content).warnings]


def test_a_sheet_reviewed_too_long_before_as_of_is_a_warning(write):
    assert STALE in warnings(write({}))


def test_freshness_counts_from_as_of_not_from_today(write):
    dossier = (SMALL_DOSSIER / "dossier.yaml").read_text(encoding="utf-8")
    dossier = dossier.replace("as_of: 2026-01-07", "as_of: 2025-10-31")
    assert not any("last reviewed" in w for w in warnings(write({"dossier.yaml": dossier})))


def test_a_placeholder_left_by_new_is_a_warning_at_its_line(write):
    content = write({"events/x.yaml": "date: 2025\ntitle: >-\n  TODO: a title\n"})
    assert (
        "content/events/x.yaml:3: warning: placeholder 'TODO: a title' is still here: replace it with what the "
        "sources say" in warnings(content)
    )


def test_notes_and_placeholder_citations_left_in_comments_are_warnings(write):
    sheet = (
        "date: 2025  # taken from the id: check it\ntitle: Talks\n"
        "sources:  # TODO: the paragraphs that support this\n"
        "  - daily-news-2026-01-06#p1  # placeholder: the first paragraph of the newest article\n"
    )
    found = [w for w in warnings(write({"events/x.yaml": sheet})) if w.startswith("content/events/x.yaml")]
    assert found == [
        "content/events/x.yaml:3: warning: note 'TODO: the paragraphs that support this' is still here: do what it "
        "says, then delete the note",
        "content/events/x.yaml:4: warning: the placeholder citation that `new` wrote is still here: cite the "
        "paragraph that supports this",
    ]


def test_every_position_shown_carries_its_as_of_date():
    pages = build_pages(SMALL_DOSSIER, ROOT / "templates").pages
    rows = [line for page in pages.values() for line in page.splitlines() if "dossier-stance dossier-" in line]
    assert len(rows) >= 6
    for row in rows:
        # In a table cell, after a line break, after "as of", or in brackets beside the party.
        dated = r"\| (?:\d+ )?January 2026 \||(?:<br>|as of )(?:\d+ )?January 2026|\((?:\d+ )?January 2026\)"
        assert len(re.findall(dated, row)) == row.count("dossier-stance dossier-"), row


def test_a_note_in_the_glossary_is_reported_once_and_a_hashtag_in_a_text_never(write):
    glossary = (write({}) / "glossary.yaml").read_text(encoding="utf-8")
    content = write({"glossary.yaml": "# TODO: check the spellings\n" + glossary})
    notes = [w for w in warnings(content) if "note 'TODO" in w]
    assert notes == [
        "content/glossary.yaml:1: warning: note 'TODO: check the spellings' is still here: do what it says, then "
        "delete the note"
    ]
    sheet = "date: 2025\ntitle: Talks\nsummary: Activists posted under #TODO and # placeholder tags.\n"
    assert not any("content/events/x.yaml" in w for w in warnings(write({"events/x.yaml": sheet})))
