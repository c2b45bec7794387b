"""Commitments: who promised what by when, checked at path:line, tracked against two dates, exported."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT, search_entries

from dossier import cli
from dossier.addresses import LIMITS
from dossier.errors import ContentError
from dossier.pipeline import build_pages, check_dossier
from dossier.search import write_index

TEMPLATES = ROOT / "templates"
PATROLS = """\
title: Suspend border patrols
by: [borduria]
to: [ruritania]
what: Borduria would suspend patrols along the [[border-zone]].
issue: border-zone
made: 2026-01-06
due: 2026-03
sources: [daily-news-2026-01-06#p3]
history:
  - date: 2026-01-06
    status: proposed
    sources: [daily-news-2026-01-06#p3]
"""


def commitment(**fields: str) -> str:
    """PATROLS with some top-level fields written differently (each given as its YAML line's value)."""
    text = PATROLS
    for name, value in fields.items():
        text = re.sub(rf"^{name}: .*$", f"{name}: {value}", text, flags=re.MULTILINE)
    return text


def errors_of(content) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_dossier(content)
    return [str(p) for p in caught.value.problems if p.is_error]


def closed(name: str, status: str, date: str) -> str:
    return commitment(title=name) + f"  - date: {date}\n    status: {status}\n    sources: [daily-news-2026-01-06#p1]\n"


def test_a_commitment_is_loaded_with_its_status_and_a_deadline_or_none(write):
    content = write(
        {
            "commitments/suspend-patrols.yaml": PATROLS,
            "commitments/keep-talking.yaml": commitment(title="Keep talking", due='"no date given"'),
        }
    )
    loaded = check_dossier(content).dossier.commitments
    assert (loaded["suspend-patrols"].status, str(loaded["suspend-patrols"].due)) == ("proposed", "2026-03")
    assert (loaded["keep-talking"].due, loaded["keep-talking"].deadline) == ("no date given", None)


def test_dangling_actors_issues_and_conditions_are_reported_at_their_lines(write):
    text = commitment(by="[ruritanai]", issue="border-zon") + "conditional_on: [nowhere]\n"
    assert errors_of(write({"commitments/suspend-patrols.yaml": text})) == [
        "content/commitments/suspend-patrols.yaml:2: unknown actor 'ruritanai' in by[0] (did you mean 'ruritania'?)",
        "content/commitments/suspend-patrols.yaml:5: unknown issue 'border-zon' in issue (did you mean 'border-zone'?)",
        "content/commitments/suspend-patrols.yaml:13: unknown record 'nowhere' in conditional_on[0]",
    ]


def test_dates_that_cannot_be_are_reported_at_their_lines(write):
    # Due before made; a step before made; a step before the one above it.
    text = commitment(made="2026-01-06", due="2025-12") + (
        "  - date: 2025-07\n    status: agreed\n    sources: []\n"
        "  - date: 2026-02\n    status: in progress\n    sources: []\n"
        "  - date: 2026-01-20\n    status: kept\n    sources: []\n"
    )
    path = "content/commitments/suspend-patrols.yaml"
    assert errors_of(write({"commitments/suspend-patrols.yaml": text})) == [
        f"{path}:7: due (2025-12) is before the commitment was made (2026-01-06): fix one of the dates",
        f"{path}:13: history[1] (agreed, 2025-07) is before the commitment was made (2026-01-06): "
        "fix the date, or made",
        f"{path}:19: history[3] (2026-01-20) is before history[2] (2026-02): list the steps oldest first",
    ]


def test_a_partial_date_counts_as_any_day_it_may_stand_for(write):
    # Made in January 2026, a step on 2026-01-06 and a deadline of January: none is before the others.
    text = commitment(made="2026-01", due="2026-01")
    assert check_dossier(write({"commitments/suspend-patrols.yaml": text})).dossier.commitments


def test_a_condition_names_another_commitment_or_an_issue_never_itself(write):
    text = PATROLS + "conditional_on: [suspend-patrols, ruritania, border-zone]\n"
    path = "content/commitments/suspend-patrols.yaml"
    assert errors_of(write({"commitments/suspend-patrols.yaml": text})) == [
        f"{path}:13: 'ruritania' is an actor: a commitment is conditional on another commitment or an issue "
        "in conditional_on[1]",
        f"{path}:13: 'suspend-patrols' names this record itself in conditional_on[0]: "
        "a commitment cannot depend on itself; remove it",
    ]


def test_a_deadline_is_a_date_or_the_words_no_date_given_and_someone_committed(write):
    text = commitment(due="soon", by="[]")
    assert errors_of(write({"commitments/suspend-patrols.yaml": text})) == [
        "content/commitments/suspend-patrols.yaml:2: by needs at least 1 entries",
        "content/commitments/suspend-patrols.yaml:7: 'soon' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, "
        "or 'no date given' in due",
    ]


def test_every_commitment_message_is_in_the_editor_guide():
    guide = (ROOT / "content" / "pages" / "editing.md").read_text(encoding="utf-8")
    for fragment in (
        "or 'no date given' in due",
        "is before the commitment was made (D): fix one of the dates",
        "is before the commitment was made (D): fix the date, or made",
        "list the steps oldest first",
        "a commitment cannot depend on itself; remove it",
        "a commitment is conditional on another commitment or an issue in conditional_on[N]",
    ):
        assert fragment in guide


def tracker_rows(page: str) -> list[tuple[str, str]]:
    """Each row of the tracker: (its group's heading, the commitment's id)."""
    rows, group = [], ""
    for line in page.splitlines():
        if line.startswith("## "):
            group = line[3:].split(" (")[0]
        elif anchor := re.search(r"\{ #([a-z0-9-]+) data-actors", line):
            rows.append((group, anchor.group(1)))
    return rows


@pytest.fixture
def tracked(write):
    later = commitment(title="Reopen the crossing", due="2026-06")
    undated = commitment(title="Keep talking", due='"no date given"')
    return write(
        {
            "commitments/suspend-patrols.yaml": PATROLS,  # due 2026-03: overdue by a build in April
            "commitments/reopen-crossing.yaml": later,
            "commitments/keep-talking.yaml": undated,
            "commitments/old-promise.yaml": commitment(due="2025-12", made="2025-01").replace(
                "- date: 2026-01-06", "- date: 2025-02"
            ),  # due before the brief's date (2026-01-07): overdue on the brief's date
            "commitments/kept-one.yaml": closed("Kept one", "kept", "2026-01-07"),
            "commitments/missed-one.yaml": closed("Missed one", "missed", "2026-01-07"),
            "commitments/withdrawn-one.yaml": closed("Withdrawn one", "withdrawn", "2026-01-07"),
        }
    )


APRIL_2026 = "1775606400"  # 2026-04-08, after suspend-patrols fell due


def test_the_tracker_lists_open_commitments_first_by_deadline_then_kept_missed_withdrawn(tracked, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", APRIL_2026)
    assert tracker_rows(build_pages(tracked, TEMPLATES).pages["commitments.md"]) == [
        ("Open", "old-promise"),
        ("Open", "suspend-patrols"),
        ("Open", "reopen-crossing"),
        ("Open", "keep-talking"),
        ("Kept", "kept-one"),
        ("Missed", "missed-one"),
        ("Withdrawn", "withdrawn-one"),
    ]


def overdue_marks(page: str) -> dict[str, str]:
    marks = {}
    for line in page.splitlines():
        anchor = re.search(r"\{ #([a-z0-9-]+) data-actors", line)
        if anchor and "⚠ overdue" in line:
            marks[anchor.group(1)] = re.sub(r"<[^>]+>", "", line.split("⚠ overdue</span>")[1].split(" | ")[0])
    return marks


def test_overdue_is_marked_against_the_brief_date_and_the_build_date(tracked, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", APRIL_2026)
    assert overdue_marks(build_pages(tracked, TEMPLATES).pages["commitments.md"]) == {
        "old-promise": " on the brief's date, 7 January 2026",
        "suspend-patrols": " by the build date, 8 April 2026: after the brief of 7 January 2026, no update recorded",
    }
    # Built before patrols fell due, only the one overdue at the brief's date is marked.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1770000000")  # 2026-02-02
    assert list(overdue_marks(build_pages(tracked, TEMPLATES).pages["commitments.md"])) == ["old-promise"]


def test_issue_and_actor_pages_and_the_status_board_show_their_commitments(tracked, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", APRIL_2026)
    pages = build_pages(tracked, TEMPLATES).pages
    issue = pages["issues/border-zone.md"].split("## Commitments")[1].split("\n## ")[0]
    assert issue.count("\n- [") == 7
    assert (
        "- [Suspend border patrols](../commitments.md#suspend-patrols): [Borduria](../actors/borduria.md) → " in issue
    )
    assert "[Suspend border patrols](../commitments.md#suspend-patrols)" in pages["actors/ruritania.md"]
    board = next(line for line in pages["index.md"].splitlines() if line.startswith("| [Demilitarisation"))
    assert board.endswith('| 4 open, <span class="dossier-overdue">2 overdue</span>, 1 kept, 1 missed, 1 withdrawn |')


def test_the_filters_list_every_actor_and_issue_and_each_row_says_its_own(tracked):
    page = build_pages(tracked, TEMPLATES).pages["commitments.md"]
    form = page.split('<form class="dossier-filters" hidden')[1].split("</form>")[0]
    assert re.findall(r'<option value="([a-z-]*)">', form) == ["", "borduria", "ruritania", "", "border-zone"]
    assert '{ #suspend-patrols data-actors="borduria ruritania" data-issue="border-zone" }' in page


def test_exports_carry_commitments_json_csv_and_feed(write):
    content = write({"commitments/suspend-patrols.yaml": PATROLS + "conditional_on: [border-zone]\n"})
    pages = build_pages(content, TEMPLATES).pages
    exported = json.loads(pages["dossier.json"])["commitments"][0]
    assert (exported["id"], exported["page"], exported["due"]) == (
        "suspend-patrols",
        "commitments/#suspend-patrols",
        "2026-03",
    )
    assert exported["history"][0]["sources"][0]["ref"] == "daily-news-2026-01-06#p3"
    assert "commitments" in json.loads(pages["dossier.schema.json"])["required"]
    row = next(csv.DictReader(io.StringIO(pages["commitments.csv"], newline="")))
    assert [row[k] for k in ("id", "by", "to", "issue", "due", "status", "conditional_on")] == [
        "suspend-patrols",
        "borduria",
        "ruritania",
        "border-zone",
        "2026-03",
        "proposed",
        "border-zone",
    ]
    feed = ET.fromstring(pages["feed.xml"])
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Commitment: Suspend border patrols: proposed" in titles


def test_a_commitment_is_found_by_the_search_at_its_row_filtered_by_actor_and_issue(write, tmp_path, monkeypatch):
    content = write({"commitments/suspend-patrols.yaml": PATROLS})
    entries = build_pages(content, TEMPLATES).search
    # Indexed by Pagefind itself, read back as the browser reads it.
    assert write_index(tmp_path / "site", entries) == len(entries)
    found = search_entries(tmp_path / "site")["/commitments/#suspend-patrols"]
    assert found["meta"] == {
        "title": "Suspend border patrols",
        "url": "/commitments/#suspend-patrols",
        "kind": "Commitment",
        "date": "2026-01-06",  # when it was made
    }
    assert found["filters"] == {
        "kind": ["Commitment"],
        "actor": ["Borduria", "Ruritania"],
        "issue": ["Demilitarisation of the border zone"],
        "year": ["2026"],
    }
    assert "Borduria would suspend patrols along the" in found["content"]
    # Past the limit each is shown on its issue's page: the search leads there.
    monkeypatch.setitem(LIMITS, "commitment_list", 0)
    urls = [entry.url for entry in build_pages(content, TEMPLATES).search]
    assert "/issues/border-zone/#suspend-patrols" in urls and "/commitments/#suspend-patrols" not in urls


def test_past_the_limit_each_commitment_is_shown_in_full_on_its_issue_page_and_the_tracker_has_a_short_row(
    tracked, monkeypatch
):
    monkeypatch.setitem(LIMITS, "commitment_list", 3)
    pages = build_pages(tracked, TEMPLATES).pages
    assert not [path for path in pages if path.startswith("commitments/")]  # no page of its own: none to build
    issue = next(line for line in pages["issues/border-zone.md"].splitlines() if "{ #suspend-patrols }" in line)
    assert issue.startswith("- **Suspend border patrols**{ #suspend-patrols }: [Borduria](../actors/borduria.md) → ")
    assert "Borduria would suspend patrols" in issue and "dossier-cite" in issue
    row = next(line for line in pages["commitments.md"].splitlines() if "#suspend-patrols " in line)
    assert row.startswith("| [Suspend border patrols](issues/border-zone.md#suspend-patrols){ #suspend-patrols ")
    assert "dossier-cite" not in row
    assert json.loads(pages["dossier.json"])["commitments"][-1]["page"] == "issues/border-zone/#withdrawn-one"
    assert "[Suspend border patrols](../issues/border-zone.md#suspend-patrols)" in pages["actors/ruritania.md"]


def test_new_commitment_writes_a_sheet_that_check_accepts_with_its_todos_as_warnings(write, capsys):
    content = write({})
    assert cli.main(["new", "commitment", "ceasefire-pledge", "--content", str(content)]) == 0
    written = (content / "commitments" / "ceasefire-pledge.yaml").read_text(encoding="utf-8")
    assert "by: [anna-kovacs]  # TODO: the actors who committed; this one is a placeholder" in written
    result = check_dossier(content)
    assert result.dossier.commitments["ceasefire-pledge"].status == "proposed"
    assert any("ceasefire-pledge.yaml:5: warning: note 'TODO" in str(w) for w in result.warnings)


def test_the_seed_tracker_shows_the_end_2025_target_missed():
    pages = build_pages(ROOT / "content", TEMPLATES).pages
    assert ("Missed", "barrack-security-deal-by-end-2025") in tracker_rows(pages["commitments.md"])
    seeded = json.loads(pages["dossier.json"])["commitments"]
    assert len(seeded) == 6 and all(c["sources"] and all(s["sources"] for s in c["history"]) for c in seeded)


def test_past_the_tracker_limit_the_tracker_counts_by_issue_and_each_issue_lists_its_own(tracked, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", APRIL_2026)
    monkeypatch.setitem(LIMITS, "commitment_list", 3)
    monkeypatch.setitem(LIMITS, "tracker", 5)
    pages = build_pages(tracked, TEMPLATES).pages
    tracker = pages["commitments.md"]
    assert tracker_rows(tracker) == [] and "<form" not in tracker
    assert (
        "| [Demilitarisation of the border zone](issues/border-zone.md#commitment-list) | 4 open, "
        '<span class="dossier-overdue">2 overdue</span>, 1 kept, 1 missed, 1 withdrawn |'
    ) in tracker
    assert len(re.findall(r"^- \*\*.*\{ #[a-z-]+ \}", pages["issues/border-zone.md"], re.MULTILINE)) == 7
    # The tracker has no row to link to: no page may link one (MkDocs' strict build would refuse it).
    assert [path for path, text in pages.items() if re.search(r"commitments\.md#(?!commitments)", text)] == []
