from conftest import run_cli, run_main

BAD_KIND = (
    "content/actors/x.yaml:2: 'persn' is not allowed in kind: use one of person, state, organisation, group, "
    "delegation, outlet (did you mean 'person'?)"
)
NOT_IN_ACTIONS = {"GITHUB_ACTIONS": "false"}


def test_check_passes_valid_content_with_exit_code_0(write):
    result = run_cli("check", "--content", str(write({})), env=NOT_IN_ACTIONS)
    assert result.returncode == 0
    assert result.stdout.startswith("content OK: 12 records, ")
    assert not result.stdout.startswith("::")


def test_check_prints_every_error_at_its_line_and_exits_1(write):
    content = write({"actors/x.yaml": "name: X\nkind: persn\n"})
    result = run_cli("check", "--content", str(content), env=NOT_IN_ACTIONS)
    assert result.returncode == 1
    assert result.stderr == (
        f"{BAD_KIND}\n1 error(s), 0 warning(s); fix the errors to see the warnings about names, conflicts and "
        "placeholders\n"
    )
    assert result.stdout == ""


def test_check_also_annotates_the_pull_request_under_github_actions(write, tmp_path):
    content = write({"actors/x.yaml": "name: X\nkind: persn\n"})
    in_actions = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path)}
    result = run_main("check", "--content", str(content), env=in_actions)
    assert result.stdout == (
        "::error file=content/actors/x.yaml,line=2,title=Dossier check::'persn' is not allowed in kind: use one of "
        "person, state, organisation, group, delegation, outlet (did you mean 'person'?)\n"
    )
    assert result.stderr.startswith(BAD_KIND)


def test_check_format_overrides_the_environment(write, tmp_path):
    content = write({})
    github = run_main("check", "--content", str(content), "--format", "github", env={"GITHUB_WORKSPACE": str(tmp_path)})
    assert "::warning file=content/actors/ruritania.yaml,line=5,title=Dossier check::last reviewed" in github.stdout
    text = run_main("check", "--content", str(content), "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert "::" not in text.stdout


def test_ingest_reports_unknown_names_and_near_misses_in_the_new_article(write, tmp_path):
    content = write({})
    raw = tmp_path / "raw.txt"
    raw.write_text("Foreign Minister Anna Kovach met Piet Smit in Geneva.\n", encoding="utf-8")
    args = ["--title", "T", "--publisher", "Morning Post", "--published", "2026-01-08", "--content", str(content)]
    result = run_main("ingest", str(raw), *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "names to look at: add a spelling to a record's aliases, or a new record, or leave it:",
        "content/articles/morning-post-2026-01-08.md:9: warning: 'Kovach' is close to 'Kovacs' (anna-kovacs): "
        "a new spelling? If so, add it to the aliases of anna-kovacs",
        "content/articles/morning-post-2026-01-08.md:9: warning: 'Piet Smit' matches no record: "
        "a missing actor or term?",
    ]
