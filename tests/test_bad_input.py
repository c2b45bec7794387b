"""Broken and hostile input: `site_builder.py check` says `path:line: message`, never a traceback.

Each case adds or replaces files in a copy of tests/data/small_dossier (valid on its own), so the
message shown is the whole of what an editor would read about that mistake.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_project, mkdocs_build, run_main

PIET = "name: Piet Smit\nkind: person\n"
ID_RULE = "is not a valid id: use lowercase letters, digits and single hyphens"


def errors_of(content: Path) -> list[str]:
    """Run `site_builder.py check` as an editor would (in this process); return the error lines it prints."""
    result = run_main("check", "--content", str(content))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("content/") and ": warning: " not in line]


def case(files: dict[str, str | bytes], *expected: str, id: str) -> object:
    """One named case: the files that differ from the small dossier, and every error line expected."""
    return pytest.param(files, list(expected), id=id)


UNREADABLE = [
    case(
        {"actors/piet-smit.yaml": "name: Piet Smit\nsummary: Talks: resumed\n"},
        "content/actors/piet-smit.yaml:2: YAML syntax error: mapping values are not allowed in this context: a value "
        "with ': ' in it must be in quotes, or this line is indented too far",
        id="colon_in_a_value",
    ),
    case(
        {"actors/piet-smit.yaml": "name: Piet Smit\nkind\nsummary: Envoy.\n"},
        "content/actors/piet-smit.yaml:2: YAML syntax error: could not find expected ':' (while scanning a simple "
        "key): each field is 'name: value', with a space after the colon",
        id="field_without_colon",
    ),
    case(
        {"actors/piet-smit.yaml": 'name: "Piet Smit\nkind: person\n'},
        "content/actors/piet-smit.yaml:1: YAML syntax error: found unexpected end of stream (while scanning a quoted "
        "scalar): a quotation mark is not closed",
        id="unclosed_quote",
    ),
    case(
        {"actors/piet-smit.yaml": "name: Piet Smit\nkind: [person\nsources: []\n"},
        "content/actors/piet-smit.yaml:2: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence): the [list] begun here is not closed with ']', or an item needs quotes",
        id="malformed_yaml",
    ),
    case(
        {"actors/piet-smit.yaml": PIET + "aliases:\n\t- Smit\n"},
        "content/actors/piet-smit.yaml:4: tab character: indent with spaces, not tabs",
        id="tab_indentation",
    ),
    case(
        {"actors/piet-smit.yaml": PIET + "name: P. Smit\n"},
        "content/actors/piet-smit.yaml:3: duplicate field 'name' (first given at line 1)",
        id="duplicate_key_in_one_mapping",
    ),
    case(
        {"actors/piet-smit.yaml": PIET + 'lol: &a ["lol", "lol"]\nlols: &b [*a, *a]\nlolz: [*b, *b]\n'},
        "content/actors/piet-smit.yaml:3: YAML anchors and aliases (&name, *name) are not allowed: write the value out",
        id="alias_bomb",
    ),
    case(
        {"actors/piet-smit.yaml": PIET + "aliases: " + "[ " * 4_000 + "] " * 4_000},
        "content/actors/piet-smit.yaml:3: lists and mappings nested more than 20 deep: write it flatter",
        id="nesting_bomb",
    ),
    case(
        {"actors/piet-smit.yaml": "name: !!python/object/apply:os.system [echo hi]\nkind: person\n"},
        "content/actors/piet-smit.yaml:1: YAML tags such as 'tag:yaml.org,2002:python/object/apply:os.system' "
        "are not allowed",
        id="yaml_tag_that_would_run_code",
    ),
    case(
        {"actors/piet-smit.yaml": PIET.encode() + b"summary: Envoy of Bordur\xeda.\n"},
        "content/actors/piet-smit.yaml:3: not valid UTF-8 (byte 0xed): save the file as UTF-8",
        id="latin1_bytes",
    ),
    case(
        {"actors/piet-smit.yaml": b"\xef\xbb\xbf" + PIET.encode()},
        "content/actors/piet-smit.yaml:1: file starts with a byte-order mark: save it as UTF-8 without BOM",
        id="byte_order_mark",
    ),
    case({"actors/piet-smit.yaml": " \n\n"}, "content/actors/piet-smit.yaml:1: file is empty", id="empty_file"),
    case(
        {"actors/piet-smit.yaml": "- name: Piet Smit\n- kind: person\n"},
        "content/actors/piet-smit.yaml:1: expected a mapping of fields (name: value), found a list",
        id="list_instead_of_mapping",
    ),
    case(
        {"actors/piet-smit.yaml": b"#" * 2_000_000},
        "content/actors/piet-smit.yaml:1: file is 2,000,000 bytes; the limit is 1,000,000: split it or trim it",
        id="file_far_larger_than_any_real_one",
    ),
]

FIELDS = [
    case(
        {"actors/piet-smit.yaml": PIET + "alaises: [Smit]\ncolour: blue\n"},
        "content/actors/piet-smit.yaml:3: unknown field 'alaises' (did you mean 'aliases'?)",
        "content/actors/piet-smit.yaml:4: unknown field 'colour'",
        id="unknown_fields_near_and_far",
    ),
    case(
        {"actors/piet-smit.yaml": "name: [Piet, Smit]\nkind: 3\naliases: Smit\nroles: {title: Envoy}\n"},
        "content/actors/piet-smit.yaml:1: expected text in name, found a list",
        "content/actors/piet-smit.yaml:2: a number (3) is not allowed in kind: use one of person, state, "
        "organisation, group, delegation, outlet",
        "content/actors/piet-smit.yaml:3: expected a list in aliases, found 'Smit': write [a, b] or one '- item' "
        "per line",
        "content/actors/piet-smit.yaml:4: expected a list in roles, found a mapping: write [a, b] or one '- item' "
        "per line",
        id="wrong_types",
    ),
    case(
        {"events/talks.yaml": "date: 2026-02-30\ntitle: Talks\nreviewed: 2025-13\n"},
        "content/events/talks.yaml:1: '2026-02-30' is not a date: February 2026 has 28 days in date",
        "content/events/talks.yaml:3: '2025-13' is not a date: there is no month 13 in reviewed",
        id="impossible_dates",
    ),
    case(
        {
            "actors/piet-smit.yaml": 'name: "  "\nkind: person\naliases: ["Sm\\u200bit", "\u202eSmit"]\n'
            "reviewed: 0000-01-01\n"
        },
        "content/actors/piet-smit.yaml:1: name must not be blank: it holds only spaces",
        "content/actors/piet-smit.yaml:3: aliases[0] has an invisible character (U+200B ZERO WIDTH SPACE) after 'Sm': "
        "delete it; names must differ in what readers see",
        "content/actors/piet-smit.yaml:3: aliases[1] has a bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE) at "
        "the start: delete it; it changes the order readers see",
        "content/actors/piet-smit.yaml:4: '0000-01-01' is not a date: there is no year 0 in reviewed",
        id="blank_name_invisible_and_bidi_characters_year_0",
    ),
]


@pytest.mark.parametrize(("files", "expected"), UNREADABLE + FIELDS)
def test_unreadable_files_and_bad_fields(write, files: dict[str, str | bytes], expected: list[str]) -> None:
    assert errors_of(write(files)) == expected


@pytest.mark.parametrize(
    "name",
    ["Piet-Smit", "piet smit", "piet.smit", "piet..smit", "piet--smit"],
    ids=["capitals", "space", "dot", "dots", "hyphens"],
)
def test_file_names_that_are_not_ids(write, name: str) -> None:
    assert errors_of(write({f"actors/{name}.yaml": PIET})) == [
        f"content/actors/{name}.yaml:1: file name '{name}' {ID_RULE}, e.g. 'piet-smit.yaml'"
    ]


def test_a_folder_where_a_file_belongs(write) -> None:
    assert errors_of(write({"actors/piet/smit.yaml": PIET})) == [
        "content/actors/piet:1: unexpected folder: actors/ holds .yaml files, not folders: "
        "move its files up into actors/"
    ]


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        ("events/talks.yaml", "date: 2026\ntitle: T\nactors: [Ruritania]\n", f":3: 'Ruritania' {ID_RULE} in actors[0]"),
        ("actors/piet-smit.yaml", PIET + "member_of: [rur itania]\n", f":3: 'rur itania' {ID_RULE} in member_of[0]"),
        (
            "actors/piet-smit.yaml",
            PIET + "roles:\n  - title: Envoy\n    of: borduria.yaml\n",
            f":5: 'borduria.yaml' {ID_RULE} in roles[0].of",
        ),
        (
            "issues/talks.yaml",
            "title: T\nsummary: S\nstatus: open\ntrend: unchanged\nrelated: [../border-zone]\n",
            f":5: '../border-zone' {ID_RULE} in related[0]",
        ),
        (
            "actors/piet-smit.yaml",
            PIET + "sources: [../daily-news-2026-01-06#p1]\n",
            ":3: citation ../daily-news-2026-01-06#p1 names unknown article '../daily-news-2026-01-06' in sources[0] "
            "(did you mean 'daily-news-2026-01-06'?)",
        ),
        ("glossary.yaml", "Genf:\n  term: Geneva\n  definition: A city.\n", f":1: 'Genf' {ID_RULE}"),
    ],
    ids=["capitals", "space", "dot", "slash_and_dots", "citation", "glossary_key"],
)
def test_ids_in_reference_fields(write, file: str, text: str, expected: str) -> None:
    assert errors_of(write({file: text})) == [f"content/{file}{expected}"]


REFERENCES = [
    case(
        {"issues/borduria.yaml": "title: T\nsummary: S\nstatus: open\ntrend: unchanged\n"},
        "content/issues/borduria.yaml:1: id 'borduria' is already used by content/actors/borduria.yaml: "
        "ids are unique across the dossier",
        id="duplicate_id_across_folders",
    ),
    case(
        {
            "actors/piet-smit.yaml": PIET + "member_of: [bordurai]\nsummary: >-\n  Envoy of [[borduria]],\n"
            "  then of [[bordur]] and\n  of [[ruritana|Ruritania]].\n"
        },
        "content/actors/piet-smit.yaml:3: unknown actor 'bordurai' in member_of[0] (did you mean 'borduria'?)",
        # Each link is reported at its own line of the text (not at a longer id that begins alike).
        "content/actors/piet-smit.yaml:6: unknown record 'bordur' in link [[bordur]] in summary "
        "(did you mean 'borduria'?)",
        "content/actors/piet-smit.yaml:7: unknown record 'ruritana' in link [[ruritana]] in summary "
        "(did you mean 'ruritania'?)",
        id="dangling_references",
    ),
    case(
        {"actors/piet-smit.yaml": PIET + "member_of: [border-zone]\n"},
        "content/actors/piet-smit.yaml:3: 'border-zone' is an issue, not an actor in member_of[0]",
        id="reference_to_the_wrong_kind",
    ),
    case(
        {
            "actors/bloc.yaml": "name: Bloc\nkind: group\nmember_of: [union]\n",
            "actors/union.yaml": "name: Union\nkind: group\nmember_of: [bloc]\n",
        },
        "content/actors/union.yaml:3: membership cycle: bloc → union → bloc",
        id="membership_cycle",
    ),
    case(
        {
            "actors/piet-smit.yaml": PIET + "sources:\n  - daily-news-2026-01-07#p1\n  - daily-news-2026-01-06#p9\n"
            "  - ref: daily-news-2026-01-06#p3\n    quote: answered the proposal\n  - daily-news-2026-01-06#p0\n"
        },
        "content/actors/piet-smit.yaml:4: citation daily-news-2026-01-07#p1 names unknown article "
        "'daily-news-2026-01-07' in sources[0] (did you mean 'daily-news-2026-01-06'?)",
        "content/actors/piet-smit.yaml:5: citation daily-news-2026-01-06#p9: article 'daily-news-2026-01-06' "
        "has 3 paragraphs, not 9 in sources[1]",
        'content/actors/piet-smit.yaml:6: quote "answered the proposal" is not in daily-news-2026-01-06#p3 '
        "in sources[2]",
        "content/actors/piet-smit.yaml:8: citation daily-news-2026-01-06#p0: paragraphs are numbered from 1 "
        "(#p1 is the first) in sources[3]",
        id="citations_to_missing_articles_paragraphs_and_quotes",
    ),
]

ARTICLES = [
    case(
        {"articles/wire-copy-2026-01.md": "Talks resume.\n"},
        "content/articles/wire-copy-2026-01.md:1: article must start with front matter: a '---' line, title, "
        "publisher, … and '---'",
        id="article_without_front_matter",
    ),
    case(
        {"articles/wire-copy-2026-01.md": "---\ntitle: [Talks resume\npublisher: Wire\n---\n\nText.\n"},
        "content/articles/wire-copy-2026-01.md:2: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence): the [list] begun here is not closed with ']', or an item needs quotes",
        id="article_with_broken_front_matter",
    ),
    case(
        {"articles/wire-copy-2026-01.md": "---\ntitle: Talks resume\n\nText.\n"},
        "content/articles/wire-copy-2026-01.md:1: front matter is not closed: add a '---' line after it",
        id="article_with_unclosed_front_matter",
    ),
    case(
        {"articles/wire-copy-2026-01.md": "---\ntitle: T\npublisher: W\npublished: 2026\nreliability: F\n---\n\n"},
        "content/articles/wire-copy-2026-01.md:6: article has no text after its front matter",
        id="article_with_empty_body",
    ),
    case(
        {
            "articles/wire-copy-2026-01.md": "---\ntitle: T\n  ---\npublisher: W\npublished: 2026\n"
            "reliability: F\n---\n\nA.\n"
        },
        "content/articles/wire-copy-2026-01.md:3: front matter closing line '---' must start at the beginning of the "
        "line: remove the spaces before it",
        id="article_with_an_indented_front_matter_line",
    ),
]


@pytest.mark.parametrize(("files", "expected"), REFERENCES + ARTICLES)
def test_bad_references_and_articles(write, files: dict[str, str | bytes], expected: list[str]) -> None:
    assert errors_of(write(files)) == expected


SEVERAL_BROKEN = {
    "dossier.yaml": "title: Brief\nas_of: 2026-13\nbottom_line: Talks with [[bordurai]].\n",
    "actors/borduria.yaml": "name: Borduria\nkind: [state\n",
    "actors/piet-smit.yaml": "name: Piet Smit\nkind: envoy\nmember_of: [ruritanai]\n"
    "sources: [daily-news-2026-01-06#p9]\n",
    "articles/wire-copy-2026-01.md": "No front matter.\n",
}
SEVERAL_PROBLEMS = [
    "content/actors/borduria.yaml:2: YAML syntax error: did not find expected ',' or ']' "
    "(while parsing a flow sequence): the [list] begun here is not closed with ']', or an item needs quotes",
    "content/actors/piet-smit.yaml:2: 'envoy' is not allowed in kind: use one of person, state, organisation, group, "
    "delegation, outlet",
    "content/actors/piet-smit.yaml:3: unknown actor 'ruritanai' in member_of[0] (did you mean 'ruritania'?)",
    "content/actors/piet-smit.yaml:4: citation daily-news-2026-01-06#p9: article 'daily-news-2026-01-06' has 3 "
    "paragraphs, not 9 in sources[0]",
    "content/articles/wire-copy-2026-01.md:1: article must start with front matter: a '---' line, title, publisher, "
    "… and '---'",
    "content/dossier.yaml:2: '2026-13' is not a date: there is no month 13 in as_of",
    "content/dossier.yaml:3: unknown record 'bordurai' in link [[bordurai]] in bottom_line (did you mean 'borduria'?)",
]


def test_every_problem_is_reported_in_one_run(write) -> None:
    # Records the schema refuses still have their references and citations checked; files that name
    # the broken borduria.yaml or wire-copy article are not reported again for it.
    assert errors_of(write(SEVERAL_BROKEN)) == SEVERAL_PROBLEMS


def test_the_mkdocs_build_reports_the_same_problems(write, tmp_path: Path) -> None:
    project = make_project(tmp_path, write(SEVERAL_BROKEN))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line in SEVERAL_PROBLEMS] == SEVERAL_PROBLEMS


def test_a_hand_written_page_left_out_of_the_nav_fails_the_strict_build(write, tmp_path: Path) -> None:
    # Record pages are left out of the nav on purpose, so MkDocs is told not to list them; a page an
    # editor writes and forgets to add would then be unreachable without a word.
    project = make_project(tmp_path, write({"pages/briefing-notes.md": "# Notes\n"}))
    result = mkdocs_build(project)
    assert result.returncode != 0
    # `check` says so first, as the build's first step (the hook still flags one, should check miss it).
    assert (
        "content/pages/briefing-notes.md:1: page is in no menu: ask a maintainer to add it under nav in mkdocs.yml"
        in result.stderr
    )
    assert "content/pages/actors/" not in result.stderr  # generated pages are not named
