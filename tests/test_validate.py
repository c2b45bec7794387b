import pytest

from dossier.errors import ContentError
from dossier.pipeline import check_dossier


def problems_of(content) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_dossier(content)
    return [str(p) for p in caught.value.problems if p.is_error]


def test_the_small_dossier_is_valid(write):
    result = check_dossier(write({}))
    assert len(result.dossier.actors) == 4


def test_unknown_field_and_value_get_did_you_mean(write):
    content = write({"actors/x.yaml": "nme: X\nname: X\nkind: persn\n"})
    assert problems_of(content) == [
        "content/actors/x.yaml:1: unknown field 'nme' (did you mean 'name'?)",
        "content/actors/x.yaml:3: 'persn' is not allowed in kind: use one of person, state, organisation, "
        "group, delegation, outlet (did you mean 'person'?)",
    ]


def test_dangling_reference_names_the_field_and_the_closest_id(write):
    issue = (
        "title: T\nsummary: S\nstatus: open\ntrend: unchanged\npositions:\n"
        "  - actor: ruritanai\n    stance: supports\n    summary: S\n    as_of: 2026\n"
    )
    assert problems_of(write({"issues/t.yaml": issue})) == [
        "content/issues/t.yaml:6: unknown actor 'ruritanai' in positions[0].actor (did you mean 'ruritania'?)"
    ]


def test_reference_to_the_wrong_kind_of_record(write):
    content = write({"events/e.yaml": "date: 2026\ntitle: E\nactors: [border-zone]\n"})
    assert problems_of(content) == ["content/events/e.yaml:3: 'border-zone' is an issue, not an actor in actors[0]"]


def test_citation_problems_point_at_the_citation_line(write):
    actor = (
        "name: X\nkind: person\nsources:\n  - daily-news-2026-01-06#p9\n"
        "  - ref: daily-news-2026-01-06#p2\n    quote: accepts demands\n"
    )
    assert problems_of(write({"actors/x.yaml": actor})) == [
        "content/actors/x.yaml:4: citation daily-news-2026-01-06#p9: article 'daily-news-2026-01-06' "
        "has 3 paragraphs, not 9 in sources[0]",
        'content/actors/x.yaml:5: quote "accepts demands" is not in daily-news-2026-01-06#p2 in sources[1]',
    ]


def test_quotes_match_across_curly_quotes_and_whitespace(write):
    actor = "name: X\nkind: person\nsources:\n  - ref: daily-news-2026-01-06#p2\n    quote: 'rejects  “demands to'\n"
    assert "x" in check_dossier(write({"actors/x.yaml": actor})).dossier.actors


def test_ids_are_unique_across_folders(write):
    content = write({"issues/borduria.yaml": "title: T\nsummary: S\nstatus: open\ntrend: unchanged\n"})
    assert problems_of(content) == [
        "content/issues/borduria.yaml:1: id 'borduria' is already used by content/actors/borduria.yaml: "
        "ids are unique across the dossier"
    ]


def test_membership_cycle(write):
    content = write(
        {
            "actors/a.yaml": "name: A\nkind: group\nmember_of: [b]\n",
            "actors/b.yaml": "name: B\nkind: group\nmember_of: [a]\n",
        }
    )
    assert problems_of(content) == ["content/actors/b.yaml:3: membership cycle: a → b → a"]


def test_every_problem_is_reported_in_one_run(write):
    content = write({"actors/x.yaml": "name: X\nkind: robot\n", "events/e.yaml": "date: 2026-02-30\ntitle: E\n"})
    assert len(problems_of(content)) == 2


def test_hidden_files_are_left_alone(write):
    # Operating systems and editors leave these beside the files an editor writes.
    content = write({".DS_Store": b"\0\1", "actors/.x.yaml.swp": b"\0", "articles/.#draft.md": "not read"})
    assert len(check_dossier(content).dossier.actors) == 4
