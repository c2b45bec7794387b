from dossier.link import Linker, link_mentions
from dossier.pipeline import check_dossier


def linked(names: dict[str, str], text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.target) for s in Linker(names).find(text)]


def test_longest_name_wins_and_whole_words_only():
    names = {"israel": "israel", "benjamin netanyahu": "netanyahu"}
    assert linked(names, "Israeli Prime Minister Benjamin Netanyahu") == [("Benjamin Netanyahu", "netanyahu")]


def test_every_spelling_links_the_same_record_once_per_paragraph():
    names = {"ahmad al shara": "al-sharaa", "ahmed al-sharaa": "al-sharaa", "al-sharaa": "al-sharaa"}
    text = "Ahmed al-Sharaa met Macron. Al-Sharaa then left; Ahmad Al Shara returned."
    assert linked(names, text) == [("Ahmed al-Sharaa", "al-sharaa")]


def test_prose_links_skip_explicit_and_markdown_links():
    spans = Linker({"syria": "syria"}).find_in_prose("[[syria|Syria]] and [Syria](https://x.org) and Syria")
    assert [(s.start, s.target) for s in spans] == [(47, "syria")]


def test_backlinks_list_paragraphs_and_records(write):
    result = check_dossier(write({}))
    assert result.links.mentioned_in["anna-kovacs"] == [("daily-news-2026-01-06", 1), ("daily-news-2026-01-06", 2)]
    assert {"geneva-talks-2026-01-06", "who-led-ruritania"} <= result.links.referred_by["anna-kovacs"]


def test_two_people_in_one_office_at_once_is_a_conflict(write):
    conflicts = check_dossier(write({})).links.conflicts
    assert [(c.title, c.of, [h.actor.id for h in c.holders]) for c in conflicts] == [
        ("Foreign Minister", "ruritania", ["anna-kovacs", "jan-novak"])
    ]


def test_a_conflict_is_a_warning_until_a_dispute_concerns_both_people(write):
    dispute = (write({}) / "disputes" / "who-led-ruritania.yaml").read_text(encoding="utf-8")
    settled = [str(w) for w in check_dossier(write({})).warnings if "also held by" in str(w)]
    unsettled = dispute.replace("concerns: [anna-kovacs, jan-novak]\n", "")
    open_ = [str(w) for w in check_dossier(write({"disputes/who-led-ruritania.yaml": unsettled})).warnings]
    assert settled == []
    assert [w for w in open_ if "also held by" in w] == [
        "content/actors/anna-kovacs.yaml:7: warning: 'Foreign Minister' of ruritania is also held by jan-novak at the "
        "same time, by another source: shown as a conflict on the Disputes page (add a dispute record that concerns "
        "both to say which is right)",
        "content/actors/jan-novak.yaml:4: warning: 'Foreign Minister' of ruritania is also held by anna-kovacs at the "
        "same time, by another source: shown as a conflict on the Disputes page (add a dispute record that concerns "
        "both to say which is right)",
    ]


def test_a_shared_office_or_a_handover_is_no_conflict(write):
    novak = "name: Jan Novak\nkind: person\nroles:\n  - title: Foreign Minister\n    of: ruritania\n    to: 2020\n"
    novak += "    sources: [wire-copy-2026-01#p1]\n"
    assert check_dossier(write({"actors/jan-novak.yaml": novak})).links.conflicts == []


def test_near_miss_spellings_and_unknown_names_are_warnings(write):
    warnings = [str(w) for w in check_dossier(write({})).warnings]
    assert (
        "content/articles/wire-copy-2026-01.md:9: warning: 'Kovach' is close to 'Kovacs' (anna-kovacs): "
        "a new spelling? If so, add it to the aliases of anna-kovacs" in warnings
    )
    assert (
        "content/articles/daily-news-2026-01-06.md:15: warning: 'Piet Smit' matches no record: "
        "a missing actor or term?" in warnings
    )


def test_linking_needs_the_whole_dossier_once(write):
    result = check_dossier(write({}))
    assert link_mentions(result.dossier).paragraph_spans == result.links.paragraph_spans


def test_all_capital_names_match_only_as_written():
    assert linked({"US": "united-states"}, "Tell us what the US wants") == [("US", "united-states")]


def test_an_unlisted_name_is_not_asked_about(write):
    dossier = (write({}) / "dossier.yaml").read_text(encoding="utf-8") + "unlisted_names: [piet smit]\n"
    warnings = [str(w) for w in check_dossier(write({"dossier.yaml": dossier})).warnings]
    assert not any("Piet Smit" in w for w in warnings)
    assert any("'Kovach' is close to 'Kovacs'" in w for w in warnings)  # near misses are still reported
