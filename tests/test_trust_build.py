"""A failed build leaves the published site as it was, and every failure ends in one line, never a traceback."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_here, make_project, mkdocs_build, run_cli, run_main, unstable_search_file

from dossier.cli import main
from dossier.publish import StagedSite


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes: equal snapshots, untouched folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stable(files: dict[str, bytes]) -> set[str]:
    return {name for name in files if not unstable_search_file(name)}


def built(project: Path) -> dict[str, bytes]:
    """Build the project once, successfully (in this process: what is published is the point), and return its site.

    The tests below that are about the command itself run it as a process (`mkdocs_build`): MkDocs' own exit
    and one-line messages in strict mode, Ctrl-C, a full or read-only disk, a mount it cannot remove.
    """
    build_here(project)
    return snapshot(project / "site")


def published(project: Path, small_site: Path) -> dict[str, bytes]:
    """Publish the small dossier's site in a fresh small project, as its own first build would; return it.

    The session's build of the same content (`small_site`), copied: the tests below are about what
    the next build does to it.
    """
    shutil.copytree(small_site, project / "site")
    return snapshot(project / "site")


def assert_one_line_failure(result: subprocess.CompletedProcess[str], message: str) -> None:
    # MkDocs prints its own "Aborted with…" on stdout, a hook's error on stderr.
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert message in output.splitlines(), output


def leftovers(folder: Path) -> list[str]:
    """Folders a build left beside the site (.site.new-…, .site.old-…); .cache/ is kept on purpose."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != ".cache")


def mount_tmpfs(folder: Path, options: str) -> None:
    """Mount a tmpfs at `folder` (a tiny one fills up; a read-only one refuses writes), or skip where we cannot."""
    folder.mkdir(parents=True, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("needs root to mount a tmpfs")


@contextmanager
def mounted(folder: Path, options: str) -> Iterator[Path]:
    mount_tmpfs(folder, options)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_build_replaces_the_whole_site_and_leaves_nothing_beside_it(project: Path, small_site: Path) -> None:
    published(project, small_site)
    (project / "site" / "stale.html").write_text("from an older build", encoding="utf-8")
    site = built(project)
    assert "stale.html" not in site and "actors/borduria/index.html" in site
    umask = os.umask(0)
    os.umask(umask)
    assert (project / "site").stat().st_mode & 0o777 == 0o777 & ~umask
    assert leftovers(project) == []


def test_a_build_removes_what_a_killed_build_left_beside_the_site(project: Path) -> None:
    # SIGTERM or SIGKILL ends MkDocs before any event can drop its half-built site: the next build does.
    for leftover in (".site.new-killed", ".site.old-killed"):
        (project / leftover / "assets").mkdir(parents=True)
        (project / leftover / "assets" / "x.css").write_text("", encoding="utf-8")
    (project / ".other.new-kept").mkdir()
    assert "index.html" in built(project)
    assert leftovers(project) == [".other.new-kept"]


def test_a_strict_warning_leaves_the_previous_site(project: Path, small_site: Path) -> None:
    before = published(project, small_site)
    # `check` knows the anchors of hand-written pages only: MkDocs alone sees this one is missing.
    page = project / "content" / "pages" / "methodology.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[x](glossary.md#no-such-term)\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert_one_line_failure(result, "Aborted with 1 warnings in strict mode!")
    assert "does not contain an anchor '#no-such-term'" in result.stderr
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_a_dirty_build_fails_strict_mode_and_leaves_the_previous_site(project: Path, small_site: Path) -> None:
    # MkDocs warns about every --dirty build, so strict mode (mkdocs.yml) always refuses one.
    before = published(project, small_site)
    assert_one_line_failure(mkdocs_build(project, "--dirty"), "Aborted with 1 warnings in strict mode!")
    assert snapshot(project / "site") == before
    result = mkdocs_build(project, "--dirty", "--no-strict")
    assert result.returncode == 0, result.stderr
    # The same files (Pagefind names a few of its own by their hash-map order: see unstable_search_file).
    assert stable(snapshot(project / "site")) == stable(before)
    assert leftovers(project) == []


def test_a_template_error_leaves_the_previous_site(project: Path, small_site: Path) -> None:
    before = published(project, small_site)
    shutil.copytree(ROOT / "templates", project / "templates")
    glossary = project / "templates" / "glossary.md.j2"
    glossary.write_text("{{ no_such_value }}\n" + glossary.read_text(encoding="utf-8"), encoding="utf-8")
    undefined = "'no_such_value' is undefined; the site was left as it was"
    message = f"ERROR   -  templates/glossary.md.j2:1: template error: {undefined}"
    assert_one_line_failure(mkdocs_build(project), message)
    glossary.unlink()
    message = "ERROR   -  templates/glossary.md.j2: template not found; the site was left as it was"
    assert_one_line_failure(mkdocs_build(project), message)
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_an_interrupted_build_leaves_the_previous_site(project: Path, small_site: Path) -> None:
    # Ctrl-C is no Exception: MkDocs skips on_build_error, then calls on_shutdown on its way out.
    before = published(project, small_site)
    (project / "interrupt.py").write_text("def on_post_build(config):\n    raise KeyboardInterrupt\n")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("hooks:\n", "hooks:\n  - interrupt.py\n"), encoding="utf-8")
    assert mkdocs_build(project).returncode != 0
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_what_of_the_old_site_cannot_be_removed_is_named(project: Path, small_site: Path) -> None:
    # A mount point inside the old site cannot be removed, even by root.
    published(project, small_site)
    mount_tmpfs(project / "site" / "mnt", "size=1m")
    try:
        result = mkdocs_build(project)
    finally:
        for mount in [project / "site" / "mnt", *project.glob(".site.old-*/mnt")]:
            if os.path.ismount(mount):
                subprocess.run(["umount", str(mount)], check=True)
    assert result.returncode == 0, result.stderr
    [left] = leftovers(project)
    message = f"INFO    -  the previous site could not be removed entirely: remove {left} by hand"
    assert message in result.stderr.splitlines()
    assert left.startswith(".site.old-") and (project / "site" / "index.html").is_file()


def test_a_build_into_a_new_folder_elsewhere_creates_it(project: Path, tmp_path: Path) -> None:
    build_here(project, site_dir=tmp_path / "out" / "site")
    assert (tmp_path / "out" / "site" / "index.html").is_file()
    assert leftovers(tmp_path / "out") == []


def test_a_symlinked_site_stays_a_symlink(project: Path, tmp_path: Path) -> None:
    (tmp_path / "www").mkdir()
    (project / "site").symlink_to(tmp_path / "www")
    built(project)
    assert (project / "site").is_symlink() and (tmp_path / "www" / "index.html").is_file()
    assert leftovers(tmp_path) == []


def test_a_site_that_is_a_file_is_refused_in_one_line(project: Path) -> None:
    (project / "site").write_text("not a folder", encoding="utf-8")
    message = "ERROR   -  site is a file, not a folder: move it away or set another site_dir in mkdocs.yml"
    assert_one_line_failure(mkdocs_build(project), message)
    assert (project / "site").read_text(encoding="utf-8") == "not a folder"


def test_a_site_inside_a_file_is_refused_in_one_line(project: Path) -> None:
    (project / "notes").write_text("a file", encoding="utf-8")
    result = mkdocs_build(project, "-d", "notes/site")
    message = "ERROR   -  notes is a file, not a folder: move it away or set another site_dir in mkdocs.yml"
    assert_one_line_failure(result, message)


def test_a_read_only_folder_is_refused_in_one_line(project: Path, tmp_path: Path) -> None:
    with mounted(tmp_path / "readonly", "ro,size=1m") as readonly:
        result = mkdocs_build(project, "-d", str(readonly / "site"))
    assert_one_line_failure(result, f"ERROR   -  cannot write the site beside {readonly}: Read-only file system")


def test_a_full_disk_leaves_the_previous_site(project: Path, tmp_path: Path) -> None:
    with mounted(tmp_path / "small", "size=200k") as small:
        (small / "site").mkdir()
        (small / "site" / "index.html").write_text("the published site", encoding="utf-8")
        result = mkdocs_build(project, "-d", str(small / "site"))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        full = "No space left on device; the site was left as it was"
        message = f"Error: cannot write the site into {small}/site: {full}"
        assert result.stderr.splitlines()[-1] == message, result.stderr
        assert snapshot(small / "site") == {"index.html": b"the published site"}
        assert leftovers(small) == []


def test_a_failed_write_is_named_by_where_it_would_have_been_published(tmp_path: Path) -> None:
    staged = StagedSite(tmp_path / "site")
    error = OSError(errno.ENOTDIR, "Not a directory", "/theme/x.css", None, str(staged.folder / "actors" / "x.css"))
    assert staged.failed_write(error) == f"cannot write {tmp_path}/site/actors/x.css: Not a directory"
    full = OSError(errno.ENOSPC, "No space left on device", "/theme/x.css")
    assert staged.failed_write(full) == f"cannot write the site into {tmp_path}/site: No space left on device"
    staged.discard()
    assert leftovers(tmp_path) == []


def test_serve_still_builds_into_its_own_folder(project: Path) -> None:
    # `mkdocs serve` builds with site_dir set to a fresh temporary folder: the swap happens there.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "preview"))
    build(config, serve_url="http://127.0.0.1:8000/")
    assert config.site_dir == str(project / "preview")
    assert (project / "preview" / "actors" / "borduria" / "index.html").is_file()
    assert leftovers(project) == []


def test_commands_say_in_one_line_what_the_machine_refused(project: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    content = str(project / "content")
    (tmp_path / "notes").write_text("a file", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--content", content, "--out", "notes/pages"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "error: cannot read or write notes/pages/actors: Not a directory"
    assert main(["export", "--content", content, "--templates", "nowhere", "--out", "out"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "error: nowhere/brief.md.j2: template not found"
    with mounted(tmp_path / "full", "size=20k"):
        assert main(["export", "--content", content, "--out", "full/pages"]) == 1
    last = capsys.readouterr().err.splitlines()[-1]
    assert last == "error: cannot read or write full/pages: No space left on device"


def test_the_command_line_never_shows_a_traceback_for_a_full_disk(tmp_path: Path) -> None:
    with mounted(tmp_path / "full", "size=20k"):
        result = run_cli("export", "--out", str(tmp_path / "full" / "pages"), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].endswith(": No space left on device"), result.stderr


def test_a_glossary_id_too_long_for_a_file_name_is_refused_by_check(write) -> None:
    # Mentioned in enough articles, such a term gets a page of its own: mentions/<id>.md.
    glossary = (write({}) / "glossary.yaml").read_text(encoding="utf-8")
    content = write({"glossary.yaml": glossary.replace("geneva:", "a" * 300 + ":", 1)})
    result = run_main("check", "--content", str(content), "--format", "text")
    assert result.returncode == 1
    message = f"glossary.yaml:1: '{'a' * 20}…' is too long for an id: 300 characters, at most 100"
    assert [line for line in result.stderr.splitlines() if "too long" in line] == [f"content/{message}"]


def test_a_glossary_id_at_the_limit_builds_its_own_page_of_mentions(write, tmp_path: Path) -> None:
    glossary = (write({}) / "glossary.yaml").read_text(encoding="utf-8")
    long_id = "-".join(["geneva"] * 14) + "-ab"
    assert len(long_id) == 100
    article = (write({}) / "articles" / "wire-copy-2026-01.md").read_text(encoding="utf-8")
    more = {f"articles/wire-copy-{n}.md": article.replace("led the talks", "met in Geneva") for n in range(11)}
    write({"glossary.yaml": glossary.replace("geneva:", f"{long_id}:", 1), **more})
    project = make_project(tmp_path, tmp_path / "content")
    site = built(project)
    assert f"mentions/{long_id}/index.html" in site


def test_the_pull_request_workflow_checks_before_it_builds() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    check = next(i for i, run in enumerate(steps) if run.strip() == "make check")
    build = next(i for i, run in enumerate(steps) if "make site" in run)
    # Steps run in order and a failed one stops the job: the build runs only once `check` passed.
    assert check < build


# What `check` accepts must build: a page's place in the nav and among the generated pages, and its links.


def check_errors(content: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["check", "--content", str(content), "--format", "text"]) == 1
    return [line for line in capsys.readouterr().err.splitlines() if ": " in line and "error(s)" not in line]


def test_a_page_missing_from_the_nav_or_named_like_a_generated_page_fails_check(project: Path, capsys) -> None:
    pages = project / "content" / "pages"
    (pages / "extra.md").write_text("# Not in the nav\n", encoding="utf-8")
    (pages / "glossary.md").write_text("# My glossary\n", encoding="utf-8")
    (pages / "assets").mkdir()
    (pages / "assets" / "dossier.css").write_text("body { color: red }\n", encoding="utf-8")
    (pages / "actors").mkdir()
    (pages / "actors" / "x.md").write_text("# X\n", encoding="utf-8")
    clash = "is a page or file the site generates (or a folder it generates pages in): rename or move this file"
    assert check_errors(project / "content", capsys) == [
        "content/pages/actors/x.md:1: 'actors/x.md' " + clash,
        "content/pages/actors/x.md:1: page is in no menu: ask a maintainer to add it under nav in mkdocs.yml, "
        "or remove it",
        "content/pages/assets/dossier.css:1: 'assets/dossier.css' " + clash,
        "content/pages/extra.md:1: page is in no menu: ask a maintainer to add it under nav in mkdocs.yml, "
        "or remove it",
        "content/pages/glossary.md:1: 'glossary.md' " + clash,
    ]


def test_a_page_the_nav_names_must_exist(project: Path, capsys) -> None:
    (project / "content" / "pages" / "methodology.md").unlink()
    line = next(
        n for n, text in enumerate((project / "mkdocs.yml").read_text().splitlines(), 1) if "methodology" in text
    )
    errors = check_errors(project / "content", capsys)
    assert errors[-1] == (
        f"mkdocs.yml:{line}: nav names 'methodology.md', which is not a page in content/pages/: put the page back, "
        "or remove it from nav"
    )
    # The editor guide links to it, too.
    assert errors[0].startswith("content/pages/editing.md:") and "link 'methodology.md' is to" in errors[0]


def test_broken_links_and_images_in_a_page_fail_check(project: Path, capsys) -> None:
    page = project / "content" / "pages" / "methodology.md"
    text = page.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    broken = "[x](nothere.md)\n\n[y](#nope)\n\n![i](missing.png)\n\n[z](../../etc/passwd)\n\n[t](timeline/2025-01.md)\n"
    page.write_text(text + "\n" + broken, encoding="utf-8")
    where = "content/pages/methodology.md"
    assert check_errors(project / "content", capsys) == [
        f"{where}:{lines + 2}: link 'nothere.md' is to 'nothere.md', which is not a page or file of the site: "
        "check the name (it is relative to this page; pages end in .md)",
        f"{where}:{lines + 4}: link '#nope' is to a heading or id 'nope' that 'methodology.md' does not have: "
        "check the heading",
        f"{where}:{lines + 6}: link 'missing.png' is to 'missing.png', which is not a page or file of the site: "
        "check the name (it is relative to this page; pages end in .md)",
        f"{where}:{lines + 8}: link '../../etc/passwd' points outside the site: link to a page of the site, "
        "or to a full web address",
        f"{where}:{lines + 10}: link 'timeline/2025-01.md' is to a generated page that only some dossiers have: "
        "link to an index page (timeline.md, disputes.md…) or to a record's page (actors/<id>.md)",
    ]


def test_a_page_html_parser_gives_up_on_still_has_its_links_checked(project: Path, capsys) -> None:
    # Python's html.parser stops at a malformed <![…[ declaration: a page mkdocs.yml trusts with raw HTML
    # keeps the links and ids before it checked, as MkDocs' strict build would find them.
    page = project / "content" / "pages" / "methodology.md"
    text = page.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    page.write_text(text + '\n<div id="odd">\n<a href="nothere.md">x</a>\n<![foo[ x ]]>\n</div>\n', encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  raw_html_pages: [methodology.md]\n")
    (project / "content" / "pages" / "editing.md").write_text("# Editing\n\n[odd](methodology.md#odd)\n")
    assert check_errors(project / "content", capsys) == [
        f"content/pages/methodology.md:{lines + 3}: link 'nothere.md' is to 'nothere.md', which is not a page or "
        "file of the site: check the name (it is relative to this page; pages end in .md)",
    ]


def test_links_to_pages_records_headings_and_images_that_exist_pass_check_and_build(project: Path) -> None:
    pages = project / "content" / "pages"
    (pages / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    page = pages / "methodology.md"
    links = (
        "[a](editing.md#size-limits) [b](actors/borduria.md) [c](glossary.md) [d](#methodology) "
        "[e](dossier.json) [f](actors/index.md) ![p](pic.png)\n"
    )
    page.write_text(page.read_text(encoding="utf-8") + "\n" + links, encoding="utf-8")
    assert main(["check", "--content", str(project / "content")]) == 0
    assert "methodology/index.html" in built(project)
