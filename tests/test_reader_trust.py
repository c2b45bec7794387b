"""What the site claims: independent origins, disputes beside what they contest, dates against today."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT
from test_validate import problems_of

from dossier.clock import build_date
from dossier.dates import PartialDate
from dossier.pipeline import build_pages, check_dossier

ATOM = "{http://www.w3.org/2005/Atom}"
ARTICLE = "---\ntitle: Copy\npublisher: {publisher}\npublished: 2026-01-06\nreliability: {grade}\n{extra}---\n\nTalk.\n"
TWO_CITED = "name: X\nkind: person\nsummary: S.\nsources: [daily-news-2026-01-06#p1, copy-2026-01-06#p1]\n"
MARK = '<span class="dossier-contested">⚠ [contested, graded B2]({}disputes.md#border-zone-back-on-the-table)</span>'
# 6 January 2026 (before the fixture's as_of, 7 January) and 1 March 2026 (after its watch date, February).
BEFORE_AS_OF, AFTER_WATCH = "1767657600", "1772323200"


def pages_of(content, epoch: str = BEFORE_AS_OF) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", epoch)
        return build_pages(content, ROOT / "templates").pages


def backing_of(write, publisher: str, grade: str, extra: str = "") -> str:
    article = ARTICLE.format(publisher=publisher, grade=grade, extra=extra)
    page = pages_of(write({"articles/copy-2026-01-06.md": article, "actors/x.yaml": TWO_CITED}))["actors/x.md"]
    return page.split('<span class="dossier-backing">(')[1].split(")</span></span>")[0]


def test_an_article_that_derives_from_another_counts_with_it(write):
    derived = backing_of(write, "Other Daily", "B", "derives_from: daily-news-2026-01-06\n")
    assert derived == "single source; 1 more report follows it"


def test_an_article_page_says_what_it_follows(write):
    page = pages_of(write({}))["articles/wire-copy-2026-01.md"]
    follows = "[Ruritania and Borduria resume talks](daily-news-2026-01-06.md)"
    assert f"| Follows | {follows}: the two count as one origin |" in page


def test_two_graded_outlets_of_their_own_count_twice(write):
    assert backing_of(write, "Other Daily", "B") == "2 independent sources"


def test_copies_of_one_wire_count_once(write):
    assert backing_of(write, "Other Daily", "B", "via: Daily News\n") == "single source; 1 more report follows it"


def test_an_f_source_is_named_but_never_counted_as_confirmation(write):
    assert backing_of(write, "Nobody", "F") == "single source; 1 more report of ungraded reliability, grade F"


def test_f_sources_alone_read_unconfirmed(write):
    page = pages_of(write({}))["actors/jan-novak.md"]
    assert '<span class="dossier-backing">(unconfirmed: 1 report of ungraded reliability, grade F)</span>' in page


def test_derives_from_must_name_an_article(write):
    wrong = ARTICLE.format(publisher="P", grade="B", extra="derives_from: borduria\n")
    unknown = ARTICLE.format(publisher="P", grade="B", extra="derives_from: daily-news-2026-01-07\n")
    content = write({"articles/copy-2026-01-06.md": wrong, "articles/other-2026-01-06.md": unknown})
    assert problems_of(content) == [
        "content/articles/copy-2026-01-06.md:6: 'borduria' is an actor, not an article in derives_from",
        "content/articles/other-2026-01-06.md:6: unknown article 'daily-news-2026-01-07' in derives_from "
        "(did you mean 'daily-news-2026-01-06'?)",
    ]


def test_a_grade_must_be_a_letter_and_a_digit(write):
    dispute = (write({}) / "disputes" / "who-led-ruritania.yaml").read_text(encoding="utf-8")
    content = write({"disputes/who-led-ruritania.yaml": dispute.replace("grade: B2", "grade: B7")})
    assert problems_of(content) == [
        "content/disputes/who-led-ruritania.yaml:6: 'B7' in variants[0].grade is not a grade: write a letter A-F "
        "and a digit 1-6, such as B2"
    ]


def test_source_date_epoch_decides_the_build_date():
    assert build_date({"SOURCE_DATE_EPOCH": "1767657600"}) == PartialDate(2026, 1, 6)
    today = datetime.datetime.now(tz=datetime.UTC).date()
    assert build_date({}) == PartialDate(today.year, today.month, today.day)


def test_a_watch_date_is_marked_once_passed_by_the_build_date(write):
    content = write({})
    marked = '**By February 2026:** <span class="dossier-passed">date passed; no update recorded</span> Whether'
    assert marked not in pages_of(content, BEFORE_AS_OF)["index.md"]
    assert marked in pages_of(content, AFTER_WATCH)["index.md"]


def test_a_brief_built_long_after_its_date_says_so_first(write):
    content = write({})
    notice = '!!! warning "Written 53 days before this site was built"'
    assert notice not in pages_of(content, BEFORE_AS_OF)["index.md"]
    brief = pages_of(content, AFTER_WATCH)["index.md"]
    assert notice in brief
    assert "This brief is as of 7 January 2026; the site was built on 1 March 2026." in brief
    assert brief.index(notice) < brief.index('!!! abstract "Bottom line"')


def test_a_watch_date_before_as_of_is_marked_whatever_the_build_date(write):
    brief = (write({}) / "dossier.yaml").read_text(encoding="utf-8").replace("by: 2026-02", "by: 2026-01-06")
    pages = pages_of(write({"dossier.yaml": brief}), BEFORE_AS_OF)
    assert (
        '**By 6 January 2026:** <span class="dossier-passed">date passed; no update recorded</span>'
        in pages["index.md"]
    )


def test_a_contested_status_carries_its_mark_and_link_wherever_it_is_stated(write):
    pages = pages_of(write({}))
    status = '<span class="dossier-status dossier-open">open</span> '
    assert status + MARK.format("") + "<br>" in pages["index.md"]  # the status board
    assert status + MARK.format("../") in pages["issues/border-zone.md"]
    assert status + MARK.format("../") in pages["issues/index.md"]
    assert status + MARK.format("") in pages["positions.md"]
    assert (
        "[Demilitarisation of the border zone](../issues/border-zone.md) " + MARK.format("../")
        in pages["actors/ruritania.md"]
    )


def test_the_bottom_line_and_a_judgement_that_link_a_contested_record_carry_the_mark(write):
    brief = pages_of(write({}))["index.md"]
    bottom_line = next(line for line in brief.splitlines() if line.startswith("    Talks between"))
    assert bottom_line.endswith("(single source)</span></span> " + MARK.format(""))
    assert (
        '<span class="dossier-confidence dossier-confidence-moderate">moderate confidence</span> ' + MARK.format("")
        in brief
    )


def test_without_contests_no_status_is_marked(write):
    dispute = (write({}) / "disputes" / "border-zone-back-on-the-table.yaml").read_text(encoding="utf-8")
    pages = pages_of(write({"disputes/border-zone-back-on-the-table.yaml": dispute.replace("contests:", "#")}))
    assert "dossier-contested" not in pages["index.md"]
    assert "dossier-contested" not in pages["issues/border-zone.md"]


def test_a_judgement_stronger_than_its_dispute_allows_is_warned(write):
    brief = (write({}) / "dossier.yaml").read_text(encoding="utf-8")
    brief = brief.replace("this year is unlikely.", "this year is very likely.").replace(
        "likelihood: unlikely", "likelihood: very likely"
    )
    warnings = [str(w) for w in check_dossier(write({"dossier.yaml": brief})).warnings if "rests on" in str(w)]
    assert warnings == [
        "content/dossier.yaml:8: warning: key_judgements[0] is 'very likely', but it rests on the dispute "
        "'border-zone-back-on-the-table', whose preferred version is graded B2 (probably true): use 'likely' or "
        "a weaker likelihood, or regrade the dispute"
    ]


def test_trends_say_since_when(write):
    issue = (write({}) / "issues" / "border-zone.yaml").read_text(encoding="utf-8")
    issue = issue.replace("trend: unchanged\npositions", "trend: improving\npositions").replace(
        "    status: stalled\n", "    status: stalled\n    trend: improving\n"
    )
    page = pages_of(write({"issues/border-zone.yaml": issue}))["issues/border-zone.md"]
    assert '<span class="dossier-trend dossier-improving">↗ improving since July 2025</span>' in page


def test_an_ended_role_reads_former(write):
    actor = "name: Old Chief\nkind: person\nroles:\n  - title: President\n    of: borduria\n    to: 2024-12\n"
    assert (
        "- [Old Chief](old-chief.md): former President, Borduria\n"
        in pages_of(write({"actors/old-chief.yaml": actor}))["actors/index.md"]
    )


def test_two_holders_of_one_office_read_as_the_dispute_judges_each(write):
    # Anna Kovacs's role cites the preferred version's paragraph, Jan Novak's the rejected one's.
    pages = pages_of(write({}))
    link = "(../disputes.md#who-led-ruritania)"
    assert (
        f"- [Anna Kovacs](anna-kovacs.md): Foreign Minister, Ruritania ([contested, graded B2]{link})"
        in (pages["actors/index.md"])
    )
    assert f"- [Jan Novak](jan-novak.md): Foreign Minister, Ruritania ([rejected]{link})" in pages["actors/index.md"]
    assert f"| Foreign Minister ([rejected]{link}) |" in pages["actors/jan-novak.md"]


def test_a_holder_whose_sources_back_no_version_reads_disputed(write):
    dispute = (write({}) / "disputes" / "who-led-ruritania.yaml").read_text(encoding="utf-8")
    # The rejected version now rests on a paragraph Jan Novak's role does not cite.
    content = write(
        {"disputes/who-led-ruritania.yaml": dispute.replace("wire-copy-2026-01#p1", "daily-news-2026-01-06#p2")}
    )
    actors = pages_of(content)["actors/index.md"]
    assert (
        "- [Jan Novak](jan-novak.md): Foreign Minister, Ruritania ([disputed](../disputes.md#who-led-ruritania))"
        in (actors)
    )


def test_outlets_are_sources_not_actors(write):
    outlet = "name: Wire Service\nkind: outlet\nsummary: A news agency.\n"
    pages = pages_of(write({"actors/wire-service.yaml": outlet}))
    assert "Wire Service" not in pages["actors/index.md"]
    assert "Wire Service" not in pages["index.md"].split("## Key actors")[1]
    assert (
        "## Publishers and news agencies\n\n"
        "Outlets that publish or relay the sources. They are not parties to the talks, so they are listed\n"
        "here rather than among the actors.\n\n"
        "- [Wire Service](../actors/wire-service.md) (1 source here): A news agency.\n"
    ) in pages["articles/index.md"]
    assert "actors/wire-service.md" in pages  # its page and every link to it stay


def test_a_rejected_version_is_struck_through_and_labelled(write):
    disputes = pages_of(write({}))["disputes.md"]
    assert "| <del>Foreign Minister Jan Novak</del> | rejected | " in disputes
    assert "~~" not in disputes


def test_build_wording_stays_off_the_reader_pages(write):
    pages = pages_of(write({}))
    assert not [path for path, text in pages.items() if path.endswith(".md") and "found by the build" in text]


def test_tags_read_as_words(write):
    assert 'tags:\n  - "Ruritania delegation"\n' in pages_of(write({}))["actors/anna-kovacs.md"]


def test_a_citation_link_carries_its_quote_for_hover_and_focus(write):
    actor = (
        "name: X\nkind: person\nsummary: S.\nsources:\n"
        "  - ref: daily-news-2026-01-06#p2\n    quote: 'rejects \"demands to demilitarise\" the'\n"
    )
    page = pages_of(write({"actors/x.yaml": actor}))["actors/x.md"]
    assert '[Daily News ¶2](../articles/daily-news-2026-01-06.md#p2 "rejects “demands to demilitarise” the")' in page


def test_the_feed_is_news_not_housekeeping(write):
    feed = ET.fromstring(pages_of(write({}))["feed.xml"])
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert not [title for title in titles if title.startswith("Reviewed")]
    assert "Sources disagree: Who led Ruritania's delegation?" in titles
    assert "Status of Demilitarisation of the border zone: open (contested)" in titles
    assert "Status of Demilitarisation of the border zone: stalled" in titles
