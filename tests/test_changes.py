"""`site_builder.py changes` and the history behind "What changed", on real git repositories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, make_project, mkdocs_build

from dossier import cli
from dossier.changes import ChangeReport, read_history
from dossier.pipeline import build_pages

ATOM = "{http://www.w3.org/2005/Atom}"

ISSUE = "content/issues/border-zone.yaml"
DISPUTE = "content/disputes/who-led-ruritania.yaml"
NEW_ACTOR = """\
name: Sylvia Mar
kind: person
summary: Borduria's envoy to the talks.
sources: [daily-news-2026-01-06#p3]
"""


def git(project: Path, *args: str, date: str = "2026-01-02T12:00:00Z") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", *args], cwd=project, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(project: Path, message: str, date: str, edits: dict[str, tuple[str, str] | str]) -> str:
    """Apply edits ({path: new text} or {path: (old, new)}) and commit them on `date`; return the hash."""
    for path, edit in edits.items():
        file = project / path
        if isinstance(edit, tuple):
            text = file.read_text(encoding="utf-8")
            assert edit[0] in text, edit[0]
            file.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
        else:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(edit, encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message, date=date)
    return git(project, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A dossier with an editor's history: one commit per kind of change, then two that change nothing."""
    project = make_project(tmp_path_factory.mktemp("changes"))
    unsettled = project / DISPUTE
    unsettled.write_text(unsettled.read_text(encoding="utf-8").replace("rank: preferred", "rank: normal"), "utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Editor")
    git(project, "config", "user.email", "editor@example.org")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Start the dossier", date="2026-01-01T09:00:00Z")
    start = git(project, "rev-parse", "HEAD")
    commits = {"start": start}
    commits["actor"] = commit(
        project, "Add Borduria's envoy", "2026-01-03T10:00:00Z", {"content/actors/sylvia-mar.yaml": NEW_ACTOR}
    )
    position = (
        "stance: supports\n    summary: Demands a demilitarised zone.",
        "stance: conditional\n    summary: Accepts a zone patrolled by observers.",
    )
    commits["position"] = commit(project, "Borduria's position moves", "2026-01-05T10:00:00Z", {ISSUE: position})
    commits["status"] = commit(
        project,
        "Talks stall again",
        "2026-01-06T10:00:00Z",
        {ISSUE: ("status: open\ntrend: unchanged", "status: stalled\ntrend: worsening")},
    )
    commits["dispute"] = commit(
        project, "Settle the delegation", "2026-01-06T15:00:00Z", {DISPUTE: ("rank: normal", "rank: preferred")}
    )
    commits["spaces"] = commit(
        project, "Re-indent", "2026-01-07T10:00:00Z", {ISSUE: ("title: Demilitarisation", "title:   Demilitarisation")}
    )
    commits["comment"] = commit(
        project,
        "A note",
        "2026-01-07T11:00:00Z",
        {ISSUE: ("status: stalled", "status: stalled  # since the envoy's silence")},
    )
    return {"project": project, **commits}


def changes(project: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["changes", "--content", str(project / "content"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_changes_between_two_revisions_in_a_readers_terms(repo, capsys):
    code, out, err = changes(repo["project"], str(repo["start"]), str(repo["comment"]), capsys=capsys)
    assert (code, err) == (0, "")
    assert out == (
        f"## What changed in the dossier ({str(repo['start'])[:12]} → {str(repo['comment'])[:12]})\n"
        "\n"
        "### Actors\n"
        "\n"
        "- **Sylvia Mar** (`sylvia-mar`): new actor\n"
        "\n"
        "### Issues\n"
        "\n"
        "- **Demilitarisation of the border zone** (`border-zone`): status: open → stalled\n"
        "- **Demilitarisation of the border zone** (`border-zone`): trend: unchanged → worsening\n"
        "- **Demilitarisation of the border zone** (`border-zone`): Borduria's position changed (supports → "
        "conditional): “Demands a demilitarised zone.” → “Accepts a zone patrolled by observers.”\n"
        "\n"
        "### Disputes\n"
        "\n"
        "- **Who led Ruritania's delegation?** (`who-led-ruritania`): preferred version: “none” → "
        "“Foreign Minister Anna Kovacs”\n"
    )


def test_whitespace_and_comment_edits_are_no_change(repo, capsys):
    code, out, _ = changes(repo["project"], str(repo["dispute"]), str(repo["comment"]), capsys=capsys)
    assert code == 0
    assert out.splitlines()[2] == "No substantive change: whitespace, comments and review dates do not count."


def test_json_output_follows_its_published_schema(repo, capsys):
    published = json.loads((ROOT / "schemas" / "changes.schema.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in published.items() if k != "$schema"} == ChangeReport.model_json_schema()
    code, out, _ = changes(
        repo["project"], str(repo["actor"]), str(repo["position"]), "--format", "json", capsys=capsys
    )
    report = json.loads(out)
    jsonschema.validate(report, published)
    assert report["changes"] == [
        {
            "what": "position-changed",
            "kind": "issue",
            "id": "border-zone",
            "name": "Demilitarisation of the border zone",
            "text": "Borduria's position changed (supports → conditional): “Demands a demilitarised zone.” → "
            "“Accepts a zone patrolled by observers.”",
            "before": "supports",
            "after": "conditional",
            "date": None,
            "commit": None,
        }
    ]


def test_default_compares_the_merge_base_with_the_working_tree(tmp_path, capsys):
    project = make_project(tmp_path)
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Editor")
    git(project, "config", "user.email", "editor@example.org")
    commit(project, "Start", "2026-01-01T09:00:00Z", {})
    git(project, "checkout", "-q", "-b", "editor-branch")
    commit(
        project,
        "Add an alias",
        "2026-01-02T09:00:00Z",
        {"content/actors/borduria.yaml": ("[Bordurian Republic]", "[Bordurian Republic, Free Borduria]")},
    )
    (project / "content/actors/borduria.yaml").rename(project / "content/actors/borduria-state.yaml")  # not committed
    code, out, _ = changes(project, capsys=capsys)
    assert code == 0
    assert out.splitlines()[0].endswith("→ working tree)")
    assert "- **Borduria** (`borduria-state`): renamed from 'borduria' to 'borduria-state'" in out
    assert "- **Borduria** (`borduria-state`): also written: Free Borduria" in out


def test_citations_added_and_removed_on_a_statement(repo, capsys):
    project = repo["project"]
    issue = project / ISSUE
    before = issue.read_text(encoding="utf-8")
    issue.write_text(
        before.replace("sources: [daily-news-2026-01-06#p2]\nstatus", "sources: [daily-news-2026-01-06#p1]\nstatus"),
        "utf-8",
    )
    try:
        code, out, _ = changes(project, "HEAD", capsys=capsys)
    finally:
        issue.write_text(before, encoding="utf-8")
    assert "(`border-zone`): summary: now cites daily-news-2026-01-06#p1\n" in out
    assert "(`border-zone`): summary: no longer cites daily-news-2026-01-06#p2\n" in out


def test_a_revision_that_fails_check_is_compared_in_part(repo, capsys):
    project = repo["project"]
    actor = project / "content/actors/sylvia-mar.yaml"
    actor.write_text(NEW_ACTOR.replace("kind: person", "kind: robot"), encoding="utf-8")
    try:
        code, out, err = changes(project, "HEAD", capsys=capsys)
    finally:
        actor.write_text(NEW_ACTOR, encoding="utf-8")
    assert (code, err) == (0, "")
    assert (
        "> **Note:** the working tree does not pass `check` (1 error(s)): "
        "only the files that are valid on their own were compared\n" in out
    )
    assert "- **Sylvia Mar** (`sylvia-mar`): removed" in out


def test_revisions_that_look_like_options_are_refused(repo, capsys):
    code, out, err = changes(repo["project"], "--", "--output=x", capsys=capsys)
    assert (code, out, err) == (1, "", "error: '--output=x' is not a revision: name a commit, a branch or a tag\n")
    code, out, err = changes(repo["project"], "no-such-branch", capsys=capsys)
    assert err == "error: 'no-such-branch' is not a commit of this repository\n"


def test_history_is_dated_by_commit_and_cached(repo):
    project = repo["project"]
    first = read_history(project / "content")
    assert first.missing is None
    dated = [(c.date, c.id, c.text) for c in first.changes]
    assert dated[:5] == [
        ("2026-01-06", "who-led-ruritania", "preferred version: “none” → “Foreign Minister Anna Kovacs”"),
        ("2026-01-06", "border-zone", "status: open → stalled"),
        ("2026-01-06", "border-zone", "trend: unchanged → worsening"),
        (
            "2026-01-05",
            "border-zone",
            "Borduria's position changed (supports → conditional): "
            "“Demands a demilitarised zone.” → “Accepts a zone patrolled by observers.”",
        ),
        ("2026-01-03", "sylvia-mar", "new actor"),
    ]
    again = read_history(project / "content")
    assert (again.changes, again.processed) == (first.changes, 0)
    since = read_history(project / "content", since=__import__("dossier.dates").dates.PartialDate(2026, 1, 6))
    assert {c.date for c in since.changes} == {"2026-01-06"}


def test_a_shallow_clone_has_no_history(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo['project']}", str(clone)], check=True)
    assert read_history(clone / "content").missing == (
        "the git history is shallow (fetch-depth: 0 in the workflow's checkout fetches it)"
    )


def test_the_seed_dossier_has_a_history():
    history = read_history(ROOT / "content")
    if history.missing and "shallow" in history.missing:
        pytest.skip("a shallow clone of the project")
    assert history.missing is None
    added = {(c.kind, c.id) for c in history.changes if c.what == "added"}
    assert {("issue", "security-agreement"), ("actor", "syria"), ("event", "paris-talks-fifth-round")} <= added
    assert all(c.date and c.commit for c in history.changes)


def test_the_what_changed_page_record_pages_and_feed(repo):
    project = repo["project"]
    pages = build_pages(project / "content", ROOT / "templates").pages
    listed = [line for line in pages["changes.md"].splitlines() if line.startswith(("## ", "- "))]
    assert listed[:8] == [
        "## 6 January 2026",
        "- Dispute [Who led Ruritania's delegation?](disputes.md#who-led-ruritania): preferred version: "
        "“none” → “Foreign Minister Anna Kovacs”",
        "- Issue [Demilitarisation of the border zone](issues/border-zone.md): status: open → stalled",
        "- Issue [Demilitarisation of the border zone](issues/border-zone.md): trend: unchanged → worsening",
        "## 5 January 2026",
        "- Issue [Demilitarisation of the border zone](issues/border-zone.md): Borduria's position changed "
        "(supports → conditional): “Demands a demilitarised zone.” → “Accepts a zone patrolled by observers.”",
        "## 3 January 2026",
        "- Actor [Sylvia Mar](actors/sylvia-mar.md): new actor",
    ]
    issue = pages["issues/border-zone.md"]
    assert "· Status updated 6 January 2026" in issue
    assert "## What changed\n\n- 6 January 2026: status: open → stalled\n" in issue
    assert "*person* · Added 3 January 2026\n" in pages["actors/sylvia-mar.md"]
    feed = ET.fromstring(pages["feed.xml"])
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles[:5] == [
        "Brief as of 7 January 2026",
        "Who led Ruritania's delegation?: preferred version: “none” → “Foreign Minister Anna Kovacs”",
        "Demilitarisation of the border zone: status: open → stalled",
        "Demilitarisation of the border zone: trend: unchanged → worsening",
        "Demilitarisation of the border zone: Borduria's position changed (supports → conditional): "
        "“Demands a demilitarised zone.” → “Accepts a zone patrolled by observers.”",
    ]
    assert "Sylvia Mar: new actor" not in titles  # a new actor is on the page, not news for the feed
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "no git history" not in result.stderr
    html = (project / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../issues/border-zone/">Demilitarisation of the border zone</a>' in html


def test_a_copy_without_git_history_builds_and_says_so_once(repo, tmp_path):
    copy = tmp_path / "tarball"
    shutil.copytree(repo["project"], copy, ignore=shutil.ignore_patterns(".git", ".cache", "site"))
    result = mkdocs_build(copy)
    assert result.returncode == 0, result.stderr
    message = (
        "content:1: warning: no git history: content/ is not in a git repository (a copy or a tarball); "
        "What changed lists the dates the content gives instead"
    )
    assert result.stderr.count("no git history") == 1
    assert message in result.stderr
    html = (copy / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "This copy of the dossier has no git history" in html


def test_without_history_the_page_lists_the_contents_dates_since_changes_since(write):
    brief = (ROOT / "tests/data/small_dossier/dossier.yaml").read_text(encoding="utf-8") + "changes_since: 2026-01\n"
    result = build_pages(write({"dossier.yaml": brief}), ROOT / "templates")
    days = [line for line in result.pages["changes.md"].splitlines() if line.startswith("## ")]
    assert days == ["## 6 January 2026", "## January 2026"]
    assert (
        "- Event [Talks resume in Geneva](timeline.md#geneva-talks-2026-01-06): new event" in result.pages["changes.md"]
    )
    assert [str(w) for w in result.warnings if "git" in str(w)] == [
        "content:1: warning: no git history: content/ is not in a git repository (a copy or a tarball); "
        "What changed lists the dates the content gives instead"
    ]


def test_a_revision_with_a_link_out_of_the_folder_is_compared_without_it(tmp_path, capsys):
    project = make_project(tmp_path)
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Editor")
    git(project, "config", "user.email", "editor@example.org")
    (project / "content/actors/outside.yaml").symlink_to("/etc/hostname")
    base = commit(project, "A link out", "2026-01-01T09:00:00Z", {})
    code, out, err = changes(project, base, capsys=capsys)
    assert (code, err) == (0, "")
    assert f"> **Note:** the base revision {base[:12]}: content/actors/outside.yaml was left out: it leads out" in out
