from dossier.yamlfile import read_yaml


def messages(text: str) -> list[str]:
    return [str(problem) for problem in read_yaml(text, "f.yaml")[1]]


def test_every_field_and_item_has_its_line():
    document, problems = read_yaml("name: x\nroles:\n  - title: a\n    from: 2024-12\n", "f.yaml")
    assert problems == []
    assert document.lines[("roles", 0, "from")] == 4
    assert document.data["roles"][0]["from"] == "2024-12"


def test_lines_are_shifted_by_where_the_text_starts_in_its_file():
    _, problems = read_yaml("b: 0\na: [1, 2\n", "f.md", first_line=2)
    assert [p.line for p in problems] == [3]  # the unclosed list is on the text's second line


def test_duplicate_key_is_an_error_not_a_silent_overwrite():
    assert messages("name: x\nname: y\n") == ["f.yaml:2: duplicate field 'name' (first given at line 1)"]


def test_anchors_and_aliases_are_refused_before_they_can_expand():
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n'
    assert messages(bomb) == ["f.yaml:1: YAML anchors and aliases (&name, *name) are not allowed: write the value out"]


def test_tabs_and_tags_get_plain_words():
    assert messages("a:\n\tb: 1\n") == ["f.yaml:2: tab character: indent with spaces, not tabs"]
    assert messages("a: !!python/object:os.system x\n") == [
        "f.yaml:1: YAML tags such as 'tag:yaml.org,2002:python/object:os.system' are not allowed"
    ]


def test_dates_stay_text_and_other_scalars_keep_their_type():
    document, _ = read_yaml("d: 2026-01-06\nn: 5\nb: true\nz: ~\n", "f.yaml")
    assert document.data == {"d": "2026-01-06", "n": 5, "b": True, "z": None}
