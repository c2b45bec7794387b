"""`check` finds the same mentions and warnings with one pass per article, rapidfuzz, a letter tree and a cache."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from dossier import yamlfile
from dossier.errors import ContentError
from dossier.first_mention import Tooltips, first_mentions
from dossier.link import Linker, _inflects, _letter_tree, word_pattern
from dossier.pipeline import check_dossier

ARTICLE = "---\ntitle: T\npublisher: Wire\npublished: 2026-01-06\nurl: https://example.org/t\nreliability: B\n---\n\n"


def warnings_for(write, paragraphs: list[str]) -> list[str]:
    content = write({"articles/extra-2026-01-06.md": ARTICLE + "\n\n".join(paragraphs) + "\n"})
    return [str(w) for w in check_dossier(content).warnings if "extra-2026-01-06" in str(w)]


def test_an_inflected_name_is_neither_a_near_miss_nor_unknown(write):
    assert warnings_for(write, ["Ruritanian officials met Bordurian envoys in Geneva."]) == []
    assert _inflects("ruritanian", _letter_tree(["ruritania"]))
    assert not _inflects("ruritania", _letter_tree(["ruritania"]))  # the name itself is no inflection of it
    assert not _inflects("ruri", _letter_tree(["ruri"]))  # known words of four letters or more only count


def test_a_near_miss_is_still_reported_in_the_same_words(write):
    assert warnings_for(write, ["Officials said Novack would travel."]) == [
        "content/articles/extra-2026-01-06.md:9: warning: 'Novack' is close to 'Novak' (jan-novak): "
        "a new spelling? If so, add it to the aliases of jan-novak"
    ]


def test_difflib_still_decides_what_is_close(write):
    # rapidfuzz's ratio (longest common subsequence) gives 'Ruritna' 0.875 against 'Ruritania', difflib 0.75:
    # rapidfuzz only narrows the candidates, so the list of near misses is the one difflib always gave.
    assert warnings_for(write, ["Officials in Ruritna said nothing."]) == []


def test_a_run_holding_a_known_name_is_never_reported_and_an_unknown_name_only_at_its_first_place(write):
    content = write({"articles/extra-2026-01-06.md": ARTICLE + "Ruritania Ministry staff met.\n\nPiet Smit spoke.\n"})
    warnings = [str(w) for w in check_dossier(content).warnings]
    assert not any("Ruritania Ministry" in w for w in warnings)
    assert [w for w in warnings if "Piet Smit" in w] == [
        "content/articles/daily-news-2026-01-06.md:15: warning: 'Piet Smit' matches no record: a missing actor or term?"
    ]


def test_a_long_article_with_many_names_is_linked_in_one_pass_as_paragraph_by_paragraph():
    names = {"jan novak": "jan-novak", "novak": "jan-novak", "ruritania": "ruritania", "US": "usa", "U.S.": "usa"}
    names |= {f"envoy number {n}": f"envoy-{n}" for n in range(300)}
    paragraphs = [
        f"Jan Novak met envoy number {n} and Envoy Number {n + 1}; Ruritania and the U.S. agreed, Novak said"
        for n in range(0, 298)
    ] + ["Ruritanian talks", "", "US", "Tell us about ruritania"]
    linker = Linker(names)
    one_pass = linker.find_each(paragraphs)
    assert one_pass == [linker.find(text, first_only=False) for text in paragraphs]
    assert [(s.start, s.end, s.target) for s in one_pass[0]] == [
        (0, 9, "jan-novak"),
        (14, 28, "envoy-0"),
        (33, 47, "envoy-1"),
        (49, 58, "ruritania"),
        (67, 71, "usa"),
        (80, 85, "jan-novak"),
    ]
    assert one_pass[-3:] == [[], [(0, 2, "usa")], [(14, 23, "ruritania")]]


def test_a_longer_name_wins_over_an_acronym_that_starts_it():
    linker = Linker({"US": "usa", "us envoy": "envoy", "envoy": "envoy-office"})
    assert [(s.start, s.end, s.target) for s in linker.find("The US envoy and US troops", first_only=False)] == [
        (4, 12, "envoy"),
        (17, 19, "usa"),
    ]


def test_a_name_ending_in_a_full_stop_is_linked_and_explained_alike():
    text = "Talks with the U.S. resumed; U.S.-backed forces; the U.S.A. and FU.S. are other words."
    linked = [(s.start, s.end) for s in Linker({"U.S.": "usa"}).find(text, first_only=False)]
    assert linked == [(15, 19), (29, 33)]
    page = first_mentions(text, Tooltips.of({"U.S.": ("usa", "United States")}, "glossary.md"))
    assert page.count("<abbr") == 1
    assert 'the <abbr title="United States">U.S.</abbr> resumed' in page


def test_many_words_that_start_one_another_make_a_pattern():
    # Groups nest at most a few levels deep: a thousand names, each the start of the next, still compile.
    words = ["a" + " a" * n for n in range(1000)]
    pattern = word_pattern(words)
    assert pattern is not None
    assert pattern.match("a a a a, and more").group() == "a a a a"  # type: ignore[union-attr]
    assert word_pattern([""]) is None


def test_a_file_name_with_accents_gets_a_plain_suggestion(write):
    content = write({"actors/Zürich.yaml": "name: Zurich\nkind: state\n"})
    with pytest.raises(ContentError) as refused:
        check_dossier(content)
    assert (
        "content/actors/Zürich.yaml:1: file name 'Zürich' is not a valid id: use lowercase letters, digits and "
        "single hyphens, e.g. 'zurich.yaml'"
    ) in [str(p) for p in refused.value.problems]


# Each article's scan is kept in .cache/ beside content/, by its text, the names and the code.


def scans_file(content) -> Path:
    return content.parent / ".cache" / "dossier-mentions" / "scans.json"


def outcome(content) -> tuple[list[str], dict]:
    checked = check_dossier(content)
    return [str(w) for w in checked.warnings], checked.links.paragraph_spans


def test_a_second_check_reads_each_article_from_the_cache_and_finds_the_same(write):
    content = write({})
    first = outcome(content)
    kept = json.loads(scans_file(content).read_text(encoding="utf-8"))
    assert len(kept["scans"]) == 2  # one per article
    assert outcome(content) == first
    # Proof that it was read: a scan with no mentions in it (of the right shape) is taken as it is.
    for scan in kept["scans"].values():
        scan["mentions"] = [[] for _ in scan["mentions"]]
    scans_file(content).write_text(json.dumps(kept), encoding="utf-8")
    assert all(spans == [] for spans in check_dossier(content).links.paragraph_spans.values())


def test_an_edited_article_or_a_new_alias_is_scanned_again(write):
    content = write({})
    outcome(content)
    article = (content / "articles" / "wire-copy-2026-01.md").read_text(encoding="utf-8")
    write({"articles/wire-copy-2026-01.md": article.rstrip("\n") + " Novack agreed.\n"})
    assert any("'Novack' is close to 'Novak'" in w for w in outcome(content)[0])
    novak = (content / "actors" / "jan-novak.yaml").read_text(encoding="utf-8")
    write({"actors/jan-novak.yaml": novak.replace("name: Jan Novak\n", "name: Jan Novak\naliases: [Novack]\n")})
    assert not any("Novack" in w for w in outcome(content)[0])


@pytest.mark.parametrize(
    "garbage",
    [
        b"\xff not json",
        b"[]",
        b'{"salt": "x", "scans": {}}',
        "spans out of the paragraph",
        "a record that does not exist",
    ],
)
def test_a_broken_or_forged_cache_is_ignored(write, garbage):
    content = write({})
    expected = outcome(content)
    if isinstance(garbage, bytes):
        scans_file(content).write_bytes(garbage)
    else:
        kept = json.loads(scans_file(content).read_text(encoding="utf-8"))
        for scan in kept["scans"].values():
            forged = [0, 10**6, "jan-novak"] if garbage.startswith("spans") else [0, 3, "../../etc"]
            scan["mentions"][0].append(forged)
        scans_file(content).write_text(json.dumps(kept), encoding="utf-8")
    assert outcome(content) == expected


def test_a_cache_that_cannot_be_written_changes_nothing(write):
    content = write({})
    expected = outcome(content)
    cache = content.parent / ".cache"
    shutil.rmtree(cache)
    cache.write_text("a file where the folder would be", encoding="utf-8")
    assert outcome(content) == expected


# YAML: libyaml's tree gives the same data and lines as the parser's events; anything else goes by events.
YAML_CASES = {
    "block": "name: Ruritania\naliases:\n  - Ruri\n  - 'the Kingdom'\nborn: 1970-05\ncount: 3\nempty:\nok: yes\n",
    "flow": 'aliases: [Ruri, "R."]\noffices: [{role: king, from: 2001}, {role: "regent"}]\n',
    "nested": "a:\n  b:\n    - c: 1\n      d: [x, {e: null}]\n    - - 2\n      - 3.5\n",
    "folded": "summary: >-\n  first line\n  second line\ntext: |\n  kept\n  as is\n",
    "scalar root": "just text\n",
    "empty": "",
    "comments only": "# nothing here\n",
    "explicit start": "---\nname: X\n",
}
YAML_REFUSED = {
    "two documents": ("name: X\n---\nname: Y\n", 2, "a file holds one YAML document: remove the second '---'"),
    "anchor": ("a: &x 1\nb: 2\n", 1, "YAML anchors and aliases (&name, *name) are not allowed: write the value out"),
    "alias": ("a: [1]\nb: *x\n", 2, "YAML anchors and aliases (&name, *name) are not allowed: write the value out"),
    "tag": ("a: !!str 1\n", 1, "YAML tags such as 'tag:yaml.org,2002:str' are not allowed"),
    "bare tag": ("a: ! 1\n", 1, "YAML tags such as '!' are not allowed"),
    "number key": ("1: x\n", 1, "field names must be text, found 1"),
    "list key": ("? [a]\n: x\n", 1, "field names must be plain text, not a list or mapping"),
    "duplicate": ("a: 1\nb: 2\na: 3\n", 3, "duplicate field 'a' (first given at line 1)"),
}


@pytest.mark.parametrize("name", YAML_CASES)
def test_a_plain_file_reads_from_the_tree_as_from_the_events(name):
    text = YAML_CASES[name]
    assert yamlfile._may_compose(text)
    composed = yamlfile._composed(text, 4)
    by_events, problems = yamlfile._read_events(text, "f.yaml", 4)
    assert problems == [] and by_events is not None
    document, problems = yamlfile.read_yaml(text, "f.yaml", 4)
    assert problems == [] and document is not None
    for read in (document, composed):
        assert read.data == by_events.data
        assert list(read.lines.items()) == list(by_events.lines.items())


def test_lines_from_the_tree_count_from_the_first_line_given():
    document, _ = yamlfile.read_yaml("name: X\naliases:\n  - A\n  - B\nmeta: {a: 1}\n", "f.md", first_line=2)
    assert document is not None
    assert document.lines == {(): 2, ("name",): 2, ("aliases",): 3, ("aliases", 0): 4, ("aliases", 1): 5,
                              ("meta",): 6, ("meta", "a"): 6}  # fmt: skip


@pytest.mark.parametrize("name", YAML_REFUSED)
def test_what_the_tree_cannot_judge_is_said_as_before(name):
    text, line, message = YAML_REFUSED[name]
    document, problems = yamlfile.read_yaml(text, "f.yaml")
    assert document is None
    assert [(p.line, p.message) for p in problems] == [(line, message)]


def test_a_file_nested_too_deep_for_the_tree_is_refused_at_its_line_without_crashing():
    deep = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert not yamlfile._may_compose(deep)
    document, problems = yamlfile.read_yaml(deep, "f.yaml")
    assert document is None
    assert [(p.line, p.message) for p in problems] == [
        (1, "lists and mappings nested more than 20 deep: write it flatter")
    ]
    nested = "a:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 22)) + "  " * 22 + "v\n"
    document, problems = yamlfile.read_yaml(nested, "f.yaml")
    assert [(p.line, p.message) for p in problems] == [
        (21, "lists and mappings nested more than 20 deep: write it flatter")
    ]


def test_a_text_over_a_limit_is_still_reported_from_the_tree_path():
    text = "summary: |\n" + "".join(f"  line {n}\n" for n in range(250))
    document, problems = yamlfile.read_yaml(text, "f.yaml")
    assert document is None
    assert [(p.line, p.message) for p in problems] == [
        (
            1,
            "text has 250 lines; the limit for one field is 200: shorten it, "
            "or write it folded (>-) so that its lines join",
        )
    ]


def test_few_words_and_many_words_follow_the_same_whole_word_rule():
    # Few first letters: the pattern starts with a letter (re skips to it); many: the look back first.
    few = ["U.S.", "(x)", "Oslo", "Oslo Accords", "_id", "é"]
    many = few + [chr(c) + "zz" for c in range(ord("a"), ord("z") + 1)]
    text = "(x) U.S. Oslo Accords, Oslos Oslo. xOslo _id a_id é éa azz bzz. (x)U.S.\nOslo"
    for words in (few, many):
        pattern = word_pattern(words)
        assert pattern is not None
        found = [m.group() for m in pattern.finditer(text)]
        plain = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?!\w)")
        assert found == [m.group() for m in plain.finditer(text)]
    assert not word_pattern(few).pattern.startswith("(?<!")  # type: ignore[union-attr]
    assert word_pattern(many).pattern.startswith("(?<!")  # type: ignore[union-attr]
