"""Issue 11, items 6–8: commands stay in their lane, text that cannot be shown is caught, nonsense that
parses is still caught. Real files in real folders; each case asserts the message an editor reads.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, SMALL_DOSSIER, make_project, mkdocs_build

from dossier import exports
from dossier.cli import main
from dossier.pipeline import check_dossier

PIET = "name: Piet Smit\nkind: person\n"
QUESTION = "question: Who led Ruritania's delegation?"
DISPUTE = (SMALL_DOSSIER / "disputes" / "who-led-ruritania.yaml").read_text(encoding="utf-8")


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run `check` in process; return its exit code and the problem lines it prints."""
    code = main(["check", "--content", str(content), "--format", "text"])
    lines = capsys.readouterr().err.splitlines()
    return code, [line for line in lines if line.startswith("content/")]


def errors(content: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    code, lines = check(content, capsys)
    assert code == 1
    return [line for line in lines if ": warning: " not in line]


# 7. Text that cannot be shown.

UNSHOWABLE = [
    (
        {"actors/piet-smit.yaml": 'name: "Piet\\a Smit"\nkind: person\n'},
        "content/actors/piet-smit.yaml:1: name has a control character (U+0007) after 'Piet': delete it",
    ),
    (
        {"events/geneva-talks-2026-01-06.yaml": 'date: 2026-01-06\ntitle: "Talks \\uFFFE resume"\n'},
        "content/events/geneva-talks-2026-01-06.yaml:2: title has a character that is not text (U+FFFE) after "
        "'Talks ': delete it",
    ),
    (
        {"actors/piet-smit.yaml": PIET + "aliases: [\u202eSmit]\n"},
        "content/actors/piet-smit.yaml:3: aliases[0] has a bidirectional control (U+202E RIGHT-TO-LEFT "
        "OVERRIDE) at the start: delete it; it changes the order readers see",
    ),
    (
        {"actors/piet-smit.yaml": PIET + "tags: [a\u2066b]\n"},
        "content/actors/piet-smit.yaml:3: tags[0] has a bidirectional control (U+2066 LEFT-TO-RIGHT ISOLATE) "
        "after 'a': delete it; it changes the order readers see",
    ),
    (
        {"glossary.yaml": "geneva:\n  term: Gene\u200bva\n  definition: A city.\n"},
        "content/glossary.yaml:2: geneva.term has an invisible character (U+200B ZERO WIDTH SPACE) after 'Gene': "
        "delete it; names must differ in what readers see",
    ),
    (
        {"actors/piet-smit.yaml": 'name: "Piet\\uFEFFSmit"\nkind: person\n'},
        "content/actors/piet-smit.yaml:1: name has an invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE) "
        "after 'Piet': delete it; names must differ in what readers see",
    ),
    (
        {"actors/piet-smit.yaml": 'name: "Piet\\u2060Smit"\nkind: person\n'},
        "content/actors/piet-smit.yaml:1: name has an invisible character (U+2060 WORD JOINER) after 'Piet': "
        "delete it; names must differ in what readers see",
    ),
    (
        {"actors/piet-smit.yaml": 'name: "Piet\\nSmit"\nkind: person\n'},
        "content/actors/piet-smit.yaml:1: name has a line break or tab (U+000A) after 'Piet': write it on one line",
    ),
    (
        # The zero-width non-joiner shapes Persian words: fine in native[].text, refused in a name.
        {"actors/piet-smit.yaml": PIET + "aliases: [\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645]\n"},
        "content/actors/piet-smit.yaml:3: aliases[0] has an invisible character (U+200C ZERO WIDTH NON-JOINER) "
        "after '\u0645\u06cc': delete it; names must differ in what readers see",
    ),
    (
        {"actors/piet-smit.yaml": PIET + 'summary: "Envoy.\\x01 He said."\n'},
        "content/actors/piet-smit.yaml:3: summary has a control character (U+0001) after 'Envoy.': delete it",
    ),
    (
        {"actors/piet-smit.yaml": PIET + 'summary: "Envoy \\U0010FFFF."\n'},
        "content/actors/piet-smit.yaml:3: summary has a character that is not text (U+10FFFF) after 'Envoy ': "
        "delete it",
    ),
    (
        {"disputes/who-led-ruritania.yaml": DISPUTE.replace(QUESTION, 'question: "Who\\uFDD0 led?"')},
        "content/disputes/who-led-ruritania.yaml:1: question has a character that is not text (U+FDD0) after "
        "'Who': delete it",
    ),
    (
        {
            "articles/daily-news-2026-01-06.md": '---\ntitle: "Talks\\x1b[31m"\npublisher: "Daily\u202eNews"\n'
            "published: 2026-01-06\nreliability: B\n---\n\nOne.\n\nTwo \x07 bells.\n"
        },
        "content/articles/daily-news-2026-01-06.md:2: title has a control character (U+001B) after 'Talks': delete it",
        "content/articles/daily-news-2026-01-06.md:3: publisher has a bidirectional control (U+202E "
        "RIGHT-TO-LEFT OVERRIDE) after 'Daily': delete it; it changes the order readers see",
        "content/articles/daily-news-2026-01-06.md:10: paragraph 2 has a control character (U+0007) after 'Two ': "
        "delete it",
    ),
]


@pytest.mark.parametrize("case", UNSHOWABLE, ids=lambda case: case[1].split(": ")[1][:40])
def test_text_that_cannot_be_shown_is_an_error_at_its_line(case, write, capsys):
    files, *expected = case
    assert errors(write(files), capsys) == expected


def test_joiners_are_fine_in_a_native_name_and_line_breaks_in_prose(write, capsys):
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    content = write(
        {
            "actors/piet-smit.yaml": PIET + f"native: [{{text: {persian}, lang: fa}}]\n"
            'summary: "Envoy.\\n\\nHe said so.\\tTwice."\n'
        }
    )
    assert check(content, capsys)[0] == 0


LOOK_ALIKES = [
    (
        "\u0410nna Kovacs",  # Cyrillic А
        "content/actors/spoof.yaml:1: name '\u0410nna Kovacs' looks the same as 'Anna Kovacs', the name of "
        "'anna-kovacs' in content/actors/anna-kovacs.yaml ('\u0410nna Kovacs' mixes Cyrillic and Latin letters): "
        "readers cannot tell the two apart, so links to them are ambiguous; rename one",
    ),
    (
        "\u0391\u039d\u039d\u0391 \u039a\u039f\u0474\u0391\u0421\u0405",  # Greek and Cyrillic capitals only
        "content/actors/spoof.yaml:1: name 'ΑΝΝΑ ΚΟѴΑСЅ' looks the same as 'Anna Kovacs', the name of "
        "'anna-kovacs' in content/actors/anna-kovacs.yaml ('ΑΝΝΑ ΚΟѴΑСЅ' mixes Cyrillic and Greek letters): "
        "readers cannot tell the two apart, so links to them are ambiguous; rename one",
    ),
    (
        "ANNA KOVACS",
        "content/actors/spoof.yaml:1: name 'ANNA KOVACS' looks the same as 'Anna Kovacs', the name of "
        "'anna-kovacs' in content/actors/anna-kovacs.yaml (they differ only in capitals or in the form of their "
        "letters): readers cannot tell the two apart, so links to them are ambiguous; rename one",
    ),
    (
        "\uff21nna Kovacs",  # fullwidth Ａ
        "content/actors/spoof.yaml:1: name 'Ａnna Kovacs' looks the same as 'Anna Kovacs', the name of "
        "'anna-kovacs' in content/actors/anna-kovacs.yaml (they differ only in capitals or in the form of their "
        "letters): readers cannot tell the two apart, so links to them are ambiguous; rename one",
    ),
    (
        "Anna Kovacs",
        "content/actors/spoof.yaml:1: name 'Anna Kovacs' looks the same as 'Anna Kovacs', the name of "
        "'anna-kovacs' in content/actors/anna-kovacs.yaml: readers cannot tell the two apart, so links to them "
        "are ambiguous; rename one",
    ),
]


@pytest.mark.parametrize(("name", "expected"), LOOK_ALIKES, ids=["cyrillic", "greek", "case", "fullwidth", "same"])
def test_two_records_whose_names_look_the_same_is_an_error(name, expected, write, capsys):
    content = write({"actors/spoof.yaml": f"name: {name}\nkind: person\n"})
    assert errors(content, capsys) == [expected]


def test_names_in_two_unicode_forms_are_the_same_name(write, capsys):
    composed, decomposed = "Caf\u00e9 Noir", "Cafe\u0301 Noir"
    content = write(
        {
            "actors/cafe-noir.yaml": f"name: {composed}\nkind: group\n",
            "actors/other-cafe.yaml": f"name: Other\nkind: group\naliases: [{decomposed}]\n",
        }
    )
    assert errors(content, capsys) == [
        f"content/actors/other-cafe.yaml:3: aliases[0] '{decomposed}' looks the same as '{composed}', the name of "
        "'cafe-noir' in content/actors/cafe-noir.yaml (the same letters, typed in two different Unicode forms): "
        "readers cannot tell the two apart, so links to them are ambiguous; rename one"
    ]


def test_a_look_alike_alias_of_another_record_is_an_error(write, capsys):
    # Greek ο (omicron) for Latin o: mentions would link by a difference no reader sees.
    content = write({"glossary.yaml": "geneva:\n  term: Geneva\n  aliases: [B\u03bfrduria]\n  definition: A city.\n"})
    assert errors(content, capsys) == [
        "content/glossary.yaml:3: aliases[0] 'B\u03bfrduria' looks the same as 'Borduria', the name of 'borduria' "
        "in content/actors/borduria.yaml ('B\u03bfrduria' mixes Greek and Latin letters): readers cannot tell the "
        "two apart, so links to them are ambiguous; rename one"
    ]


def test_a_name_that_mixes_scripts_is_a_warning(write, capsys):
    content = write({"actors/piet-smit.yaml": "name: Piet Sm\u0456t\nkind: person\n"})  # Cyrillic і
    code, lines = check(content, capsys)
    assert code == 0
    assert (
        "content/actors/piet-smit.yaml:1: warning: name 'Piet Sm\u0456t' mixes Cyrillic and Latin letters in one "
        "word: a look-alike letter? Retype the name in one script"
    ) in lines


def test_names_in_other_scripts_are_fine(write, capsys):
    content = write(
        {
            "actors/tokyo.yaml": "name: 東京タワー\nkind: organisation\n",
            "actors/moskva.yaml": "name: Москва\nkind: state\naliases: [Moskva, Μόσχα]\n",
        }
    )
    code, lines = check(content, capsys)
    assert code == 0
    assert [line for line in lines if "tokyo" in line or "moskva" in line] == []


def test_the_feed_and_json_stay_well_formed_whatever_the_text(write):
    """The last line of defence: text that check refuses, forced into a valid dossier, still parses."""
    dossier = check_dossier(write({})).dossier
    hostile = "A\ufffe\uffff\x01\x1b]]><!--&amp;<b>\ud800\U0010ffff\u202e\u0000Z"
    dossier.events["geneva-talks-2026-01-06"].title = hostile
    dossier.info.title = hostile
    dossier.issues["border-zone"].title = hostile
    files = exports.data_files(dossier)
    feed = ET.fromstring(files["feed.xml"].encode("utf-8"))
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "A\ufffd\ufffd\ufffd\x1b" not in titles  # replaced, not written raw
    assert any("]]><!--&amp;<b>" in (t or "") for t in titles)
    parsed = json.loads(files["dossier.json"].encode("utf-8"))
    assert parsed["brief"]["title"] == hostile.replace("\ud800", "\ufffd")


HOSTILE_BUT_VALID = "Talks <b>&amp; \"quotes\" ]]> <!-- -- 'x' \u05e9\u05dc\u05d5\u05dd \U0001f600 \ufdcf end"


def test_every_published_xml_and_json_file_parses(tmp_path):
    """A real build with titles as hostile as check allows: every .xml and .json file of the site parses."""
    project = make_project(tmp_path)
    content = project / "content"
    quoted = json.dumps(HOSTILE_BUT_VALID, ensure_ascii=False)
    for name, old in [
        ("events/geneva-talks-2026-01-06.yaml", "title: Talks resume in Geneva"),
        ("dossier.yaml", "subtitle: A fixture that shows every kind of record"),
        ("issues/border-zone.yaml", "title: Demilitarisation of the border zone"),
    ]:
        path = content / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, f"{old.split(':')[0]}: {quoted}"), "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    published = [p for p in (project / "site").rglob("*") if p.suffix in (".xml", ".json")]
    assert {p.name for p in published} >= {"feed.xml", "sitemap.xml", "dossier.json", "pagefind-entry.json"}
    for path in published:
        if path.suffix == ".xml":
            ET.parse(path)
        else:
            json.loads(path.read_text(encoding="utf-8"))
    feed = ET.parse(project / "site" / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert f"6 January 2026: {HOSTILE_BUT_VALID}" in titles


# 8. Nonsense that parses is still caught.

NONSENSE = [
    (
        {"actors/piet-smit.yaml": PIET + "roles:\n  - title: Envoy\n    from: 2025-03\n    to: 2024\n"},
        "content/actors/piet-smit.yaml:6: roles[0] ends (to: 2024) before it starts (from: 2025-03): fix one of "
        "the dates",
    ),
    (
        {"actors/piet-smit.yaml": PIET + "reviewed: 0000-01-01\n"},
        "content/actors/piet-smit.yaml:3: '0000-01-01' is not a date: there is no year 0 in reviewed",
    ),
    (
        {"actors/piet-smit.yaml": 'name: "  "\nkind: person\naliases: [" "]\n'},
        "content/actors/piet-smit.yaml:1: name must not be blank: it holds only spaces",
        "content/actors/piet-smit.yaml:3: aliases[0] must not be blank: it holds only spaces",
    ),
    (
        {
            "issues/border-zone.yaml": (SMALL_DOSSIER / "issues" / "border-zone.yaml").read_text() + "related:\n"
            "  - border-zone\n"
        },
        "content/issues/border-zone.yaml:31: 'border-zone' names this record itself in related[0]: an issue cannot "
        "depend on itself; remove it",
    ),
    (
        {
            "disputes/who-led-ruritania.yaml": (SMALL_DOSSIER / "disputes" / "who-led-ruritania.yaml")
            .read_text()
            .replace("concerns: [anna-kovacs, jan-novak]", "concerns: [anna-kovacs, who-led-ruritania]")
        },
        "content/disputes/who-led-ruritania.yaml:2: 'who-led-ruritania' names this record itself in concerns[1]: "
        "a dispute is about other records; remove it",
    ),
    (
        {"actors/piet-smit.yaml": PIET + "member_of: [piet-smit]\n"},
        "content/actors/piet-smit.yaml:3: membership cycle: piet-smit → piet-smit",
    ),
    (
        {
            "articles/daily-news-2026-01-06.md": "---\ntitle: T\n  ---\npublisher: P\npublished: 2026\n"
            "reliability: B\n---\n\nOne.\n"
        },
        "content/articles/daily-news-2026-01-06.md:3: front matter closing line '---' must start at the beginning "
        "of the line: remove the spaces before it",
    ),
]


@pytest.mark.parametrize("case", NONSENSE, ids=lambda case: case[1].split(": ")[1][:40])
def test_nonsense_that_parses_is_an_error(case, write, capsys):
    files, *expected = case
    assert errors(write(files), capsys) == expected


def test_a_role_with_dates_at_different_precision_may_end_in_its_first_year(write, capsys):
    content = write({"actors/piet-smit.yaml": PIET + "roles:\n  - title: Envoy\n    from: 2025-03\n    to: 2025\n"})
    assert check(content, capsys)[0] == 0


# 6. Commands stay in their lane: ingest.


def ingest(content: Path, tmp_path: Path, capsys, text: str = "First paragraph.\nSecond paragraph.\n", **options):
    raw = tmp_path / "raw.txt"
    raw.write_text(text, encoding="utf-8")
    arguments = {"title": "T", "publisher": "Wire", "published": "2026-01-06", **options}
    argv = ["ingest", str(raw), "--content", str(content)]
    for key, value in arguments.items():
        argv += [f"--{key}", value]
    code = main(argv)
    return code, capsys.readouterr().err


def articles(content: Path) -> list[str]:
    return sorted(p.name for p in (content / "articles").iterdir())


def test_ingest_refuses_an_id_that_is_not_a_plain_slug(write, tmp_path, capsys):
    content = write({})
    before = articles(content)
    for bad in ("../../x", "x/y", "X", "x\n", "-"):
        code, err = ingest(content, tmp_path, capsys, id=bad)
        assert code == 1
        assert err.startswith("error: --id: ") and "is not a valid id" in err, err
    assert articles(content) == before
    assert not (tmp_path / "x.md").exists() and not (content / "x.md").exists()


def test_ingest_refuses_what_check_would_refuse_and_writes_nothing(write, tmp_path, capsys):
    content = write({})
    before = articles(content)
    code, err = ingest(
        content,
        tmp_path,
        capsys,
        title="\u202eT",
        publisher="Daily\nNews",
        language="e n",
        notes="bad \x01",
        url="https://example.org/a b",
        id="refused",
    )
    assert code == 1
    assert err == (
        "error: check would refuse this article:\n"
        "--title: title has a bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE) at the start: delete it; it "
        "changes the order readers see\n"
        "--publisher: publisher has a line break or tab (U+000A) after 'Daily': write it on one line\n"
        "--url: 'https://example.org/a b' in url is not an address: only http:// and https:// are allowed\n"
        "--language: 'e n' in language is not a language code: use one such as en, ar or he\n"
        "--notes: notes has a control character (U+0001) after 'bad ': delete it\n"
        "Nothing was written.\n"
    )
    assert articles(content) == before


def test_ingest_refuses_empty_text_a_blank_title_year_0_and_a_text_over_the_size_limit(write, tmp_path, capsys):
    content = write({})
    raw = tmp_path / "raw.txt"
    assert ingest(content, tmp_path, capsys, text="\n \n") == (
        1,
        f"error: check would refuse this article:\n{raw}: article has no text after its front matter\n"
        "Nothing was written.\n",
    )
    assert ingest(content, tmp_path, capsys, title="  ") == (
        1,
        "error: check would refuse this article:\n--title: title must not be blank: it holds only spaces\n"
        "Nothing was written.\n",
    )
    assert ingest(content, tmp_path, capsys, published="0000") == (
        1,
        "error: --published: '0000' is not a date: there is no year 0\n",
    )
    code, err = ingest(content, tmp_path, capsys, text="".join(f"Paragraph {n} of the text.\n" for n in range(40_000)))
    assert code == 1
    assert f"{raw}: file is 1," in err and "bytes; the limit is 1,000,000: split it or trim it" in err
    assert articles(content) == ["daily-news-2026-01-06.md", "wire-copy-2026-01.md"]


def test_ingest_writes_front_matter_that_reads_back_as_typed(write, tmp_path, capsys):
    content = write({})
    title = "- --- : [x] # not a comment ' \" ---"
    code, _ = ingest(content, tmp_path, capsys, title=title, notes="one\n---\ntwo: three", id="odd-one")
    assert code == 0
    article = check_dossier(content).dossier.articles["odd-one"]
    assert (article.meta.title, article.meta.notes) == (title, "one\n---\ntwo: three")


def test_ingest_never_writes_through_a_link_planted_at_its_file_name(write, tmp_path, capsys):
    content = write({})
    outside = tmp_path / "outside.md"
    (content / "articles" / "planted.md").symlink_to(outside)
    code, err = ingest(content, tmp_path, capsys, id="planted")
    assert code == 1 and "planted.md already exists" in err
    assert not outside.exists()


def test_ingest_refuses_an_id_another_record_has(write, tmp_path, capsys):
    content = write({})
    code, err = ingest(content, tmp_path, capsys, id="borduria")
    assert code == 1
    assert (
        err == f"error: id 'borduria' is already used by {os.path.relpath(content / 'actors' / 'borduria.yaml')}: "
        "choose another --id\n"
    )


# 6. Commands stay in their lane: export.


def export(content: Path, out: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["export", "--content", str(content), "--out", str(out), *extra])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("where", ["root", "project", "ancestor", "home", "file"])
def test_export_refuses_a_folder_that_holds_the_project_or_home(where, write, tmp_path, capsys, monkeypatch):
    content = write({})
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = {
        "root": Path("/"),
        "project": ROOT,
        "ancestor": tmp_path,
        "home": tmp_path / "home",
        "file": tmp_path / "a-file",
    }[where]
    code, err = export(content, out, capsys)
    assert code == 1
    expected = {
        "root": f"error: refusing to write into /: it holds {content}; export into a folder of its own\n",
        "project": f"error: refusing to write into {ROOT}: it holds {ROOT / 'templates'}; export into a folder "
        "of its own\n",
        "ancestor": f"error: refusing to write into {tmp_path}: it holds {content}; export into a folder of its own\n",
        "home": f"error: refusing to write into {tmp_path / 'home'}: it is the home folder; choose a folder of "
        "its own\n",
        "file": f"error: {tmp_path / 'a-file'} is not a folder\n",
    }[where]
    assert err == expected
    assert sorted(p.name for p in (tmp_path / "home").iterdir()) == []


def test_export_refuses_a_non_empty_folder_and_force_replaces_only_what_it_wrote(write, tmp_path, capsys):
    content = write({})
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert export(content, out, capsys) == (
        1,
        f"error: {out} is not empty: export into an empty folder, or add --force to replace an earlier export there\n",
    )
    code, err = export(content, out, capsys, "--force")
    assert (code, err.splitlines()[-1]) == (
        1,
        f"error: {out} is not empty and an earlier export did not write it (there is no .dossier-export): choose "
        "an empty folder",
    )
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]

    (out / "notes.txt").unlink()
    assert export(content, out, capsys)[0] == 0
    written = (out / ".dossier-export").read_text(encoding="utf-8").splitlines()[1:]
    assert "index.md" in written and "feed.xml" in written and "actors/borduria.md" in written
    # Then: the editor adds a file of their own, and an actor goes away.
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (content / "actors" / "borduria.yaml").unlink()
    for path in content.rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("borduria", "ruritania"), encoding="utf-8")
    (content / "actors" / "ruritania.yaml").write_text(
        "name: Ruritania\nkind: state\nsources: [daily-news-2026-01-06#p1]\n", encoding="utf-8"
    )
    assert export(content, out, capsys)[0] == 1  # not empty: --force is needed
    code, err = export(content, out, capsys, "--force")
    assert code == 0, err
    assert not (out / "actors" / "borduria.md").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert "actors/borduria.md" not in (out / ".dossier-export").read_text(encoding="utf-8")


def test_export_force_never_touches_a_file_it_did_not_write(write, tmp_path, capsys):
    content = write({})
    out = tmp_path / "out"
    assert export(content, out, capsys)[0] == 0
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    manifest = out / ".dossier-export"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "../precious.txt\n", encoding="utf-8")
    assert export(content, out, capsys, "--force") == (
        1,
        f"error: {manifest} lists '../precious.txt', which export never writes: delete that line\n",
    )
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("../precious.txt\n", ""), encoding="utf-8")
    lines = manifest.read_text(encoding="utf-8").splitlines()
    # index.md is there, but not on the list: it is someone else's.
    manifest.write_text("".join(f"{line}\n" for line in lines if line != "index.md"), encoding="utf-8")
    code, err = export(content, out, capsys, "--force")
    assert code == 1
    assert err.splitlines()[-1] == (
        f"error: {os.path.relpath(out / 'index.md')} exists and an earlier export did not write it: move it away, "
        "or export into an empty folder"
    )
    assert outside.read_text(encoding="utf-8") == "keep"


def test_export_never_writes_or_removes_through_a_link_in_its_folder(write, tmp_path, capsys):
    content = write({})
    out = tmp_path / "out"
    assert export(content, out, capsys)[0] == 0
    elsewhere = tmp_path / "elsewhere"
    (out / "actors").rename(elsewhere)
    (out / "actors").symlink_to(elsewhere)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    code, err = export(content, out, capsys, "--force")
    assert code == 1
    assert err.splitlines()[-1] == (
        f"error: refusing to write {os.path.relpath(out / 'actors' / 'anna-kovacs.md')}: a link leads it out of {out}"
    )
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


# Commands stay inside their lane (attack report, finding 10).


def test_ingest_never_creates_a_content_folder(tmp_path, capsys):
    missing = tmp_path / "nowhere" / "content"
    code, err = ingest(missing, tmp_path, capsys)
    assert (code, err) == (
        1,
        f"error: {os.path.relpath(missing)} is not a folder: --content names an existing content/\n",
    )
    assert not (tmp_path / "nowhere").exists()


def test_export_force_never_removes_a_folder_through_a_link(write, tmp_path, capsys):
    content = write({})
    out = tmp_path / "out"
    assert export(content, out, capsys)[0] == 0
    # A manifest that lists a/b/c, and a/ a link to a folder outside whose b/ is empty.
    victim = tmp_path / "victim"
    (victim / "b").mkdir(parents=True)
    (out / "a").symlink_to(victim)
    manifest = out / ".dossier-export"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "a/b/c\n", encoding="utf-8")
    assert export(content, out, capsys, "--force")[0] == 0
    assert (victim / "b").is_dir()


def test_export_skips_hidden_files_and_folders_of_pages_as_check_does(write, tmp_path, capsys):
    content = write({})
    (content / "pages" / ".evil.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (content / "pages" / ".well-known").mkdir()
    (content / "pages" / ".well-known" / "security.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    assert export(content, out, capsys)[0] == 0
    assert not (out / ".evil.html").exists() and not (out / ".well-known").exists()


def test_a_page_or_image_with_an_upper_case_suffix_is_refused(write, capsys):
    content = write({"pages/notes.MD": "# Notes\n", "pages/pic.Png": "x"})
    assert main(["check", "--content", str(content), "--format", "text"]) == 1
    err = capsys.readouterr().err
    assert (
        "content/pages/notes.MD:1: file name ends in '.MD': rename it to end in '.md'; pages end in lower-case .md\n"
        in err
    )
    assert (
        "content/pages/pic.Png:1: file name ends in '.Png': rename it to end in '.png'; pages end in lower-case .md\n"
        in err
    )
