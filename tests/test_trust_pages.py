"""What a pull request cannot do through templates, page front matter, tooltips or raw_html_pages.

The attack report on main (findings 1–4 and 9): each repro is a real file in a tmp folder, run
through the real `check` or the real build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SMALL_DOSSIER, build_here, make_project, mkdocs_build

from dossier import cli
from dossier.errors import DossierError, shown_path
from dossier.load import load_content
from dossier.pages import check_pages
from dossier.pipeline import build_pages

ASK = "write it in Markdown, or ask a maintainer to list the page under extra: raw_html_pages in mkdocs.yml"

# --- 1. Templates run in Jinja's sandbox -----------------------------------------------------------


@pytest.mark.parametrize(
    "payload, refused",
    [
        (
            "cycler.__init__.__globals__.os.popen('id > {proof}').read()",
            "access to attribute '__init__' of 'type' object is unsafe",
        ),
        (
            "lipsum.__globals__['os'].popen('id > {proof}').read()",
            "access to attribute '__globals__' of 'function' object is unsafe",
        ),
        (
            "''.__class__.__mro__[1].__subclasses__()",
            "access to attribute '__class__' of 'str' object is unsafe",
        ),
        ("d.__dict__", "access to attribute '__dict__' of 'DossierView' object is unsafe"),
    ],
)
def test_a_template_cannot_reach_python(tmp_path: Path, payload: str, refused: str) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    proof = tmp_path / "ran"
    glossary = templates / "glossary.md.j2"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text("{{ " + payload.format(proof=proof) + " }}\n" + text, encoding="utf-8")
    with pytest.raises(DossierError) as raised:
        build_pages(SMALL_DOSSIER, templates)
    assert str(raised.value) == f"{shown_path(glossary)}:1: template error: {refused}"
    assert not proof.exists()


# --- 2 and 9. A page's front matter holds only known settings, as plain text ---------------------

PLAIN = 'one line of plain text, without <, >, " or &'
WORDS = "page settings are plain text, so write it in words ('and' for &)"
KEYS = "a page may set only title, description, tags, hide, search"
RULES = {
    "title": f"front matter 'title' must be {PLAIN}, such as title: Methodology",
    "tags": f"front matter 'tags' must be a list of tags, each {PLAIN}, such as tags: [sources, method]",
    "hide": "front matter 'hide' must be a list drawn from navigation, toc, footer, tags, such as hide: [toc]",
    "search": "front matter 'search' must be exclude: true or false, or boost: a number above 0, up to 10, "
    "as in search: {exclude: true}",
}


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run `site_builder.py check` in-process; return its exit code and the error lines it printed."""
    code = cli.main(["check", "--content", str(content), "--format", "text"])
    out, err = capsys.readouterr()
    lines = (out + err).splitlines()
    return code, [line for line in lines if line.startswith("content/") and ": warning: " not in line]


def test_script_in_front_matter_is_refused_before_the_body_is_read(write, capsys):
    # The attack report's repro: Material prints title, description and tags into the page unescaped.
    text = (
        "---\n"
        'title: "Method\\x3cimg src=x onerror=alert(1)\\x3e"\n'
        'description: "d\\x22 onmouseover=\\x22alert(2)"\n'
        'tags: ["\\x3csvg onload=alert(3)\\x3e"]\n'
        "---\n"
        "# Methodology\n\n<script>alert(4)</script>\n"
    )
    content = write({"pages/methodology.md": text})
    assert check(content, capsys) == (
        1,
        [
            f"content/pages/methodology.md:2: front matter 'title' has '<': {WORDS}",
            f"content/pages/methodology.md:3: front matter 'description' has '\"': {WORDS}",
            f"content/pages/methodology.md:4: front matter 'tags' has '<': {WORDS}",
            # The body is checked without its front matter, at its own lines.
            f"content/pages/methodology.md:8: raw HTML <script> is not allowed in a page: {ASK}",
        ],
    )


def test_a_page_checked_again_is_checked_as_it_is_now(write, capsys):
    # A page's check is kept for its text (the preview checks at every save, the build after `check`): the same
    # body under new front matter is reported at its new lines, an edited body is checked again.
    body = "# Methodology\n\n<script>alert(1)</script>\n"
    content = write({"pages/methodology.md": body})
    page = content / "pages" / "methodology.md"
    refused = f"raw HTML <script> is not allowed in a page: {ASK}"
    assert check(content, capsys) == (1, [f"content/pages/methodology.md:3: {refused}"])
    page.write_text("---\ntitle: Method\n---\n" + body, encoding="utf-8")
    assert check(content, capsys) == (1, [f"content/pages/methodology.md:6: {refused}"])
    page.write_text(body.replace("<script>alert(1)</script>", "Plain words."), encoding="utf-8")
    assert check(content, capsys) == (0, [])
    page.write_text(body, encoding="utf-8")
    assert check(content, capsys) == (1, [f"content/pages/methodology.md:3: {refused}"])


def test_a_title_on_more_than_one_line_is_refused(write, capsys):
    text = "---\ntitle: |-\n\n    <img src=x onerror=alert(1)>\n---\n# Methodology\n"
    content = write({"pages/methodology.md": text})
    line_break = "front matter 'title' has a line break or tab (U+000A) at the start: write it on one line"
    assert check(content, capsys) == (1, [f"content/pages/methodology.md:2: {line_break}"])


@pytest.mark.parametrize(
    "setting, message",
    [
        ("hide: 5", RULES["hide"]),
        ("hide: [navigation, sidebar]", RULES["hide"]),
        ("search: 5", RULES["search"]),
        ("search: {exclude: yes please}", RULES["search"]),
        ("search: {boost: true}", RULES["search"]),
        ("tags: 5", RULES["tags"]),
        ("tags: [[1]]", RULES["tags"]),
        ("title: 2026", RULES["title"]),
        ("template: x.html", f"front matter key 'template' is not allowed: {KEYS}"),
        ("icon: x", f"front matter key 'icon' is not allowed: {KEYS}"),
        ("titel: Method", f"front matter key 'titel' is not allowed: {KEYS} (did you mean 'title'?)"),
        ('title: "Bell\\a"', "front matter 'title' has a control character (U+0007) after 'Bell': delete it"),
        ("description: Q&A", f"front matter 'description' has '&': {WORDS}"),
        (
            "title: Method: a study",
            "front matter (between the --- lines) is not valid YAML (mapping values are not allowed here): "
            "fix it, or remove it",
        ),
    ],
)
def test_each_setting_is_checked_at_its_own_line(write, capsys, setting, message):
    text = f"---\ndescription: Method\n{setting}\n---\n# Methodology\n"
    content = write({"pages/methodology.md": text})
    assert check(content, capsys) == (1, [f"content/pages/methodology.md:3: {message}"])


def test_the_settings_a_page_may_have_pass(write, capsys):
    text = (
        "---\ntitle: Method\ndescription: How sources are graded, and why\ntags: [sources, method]\n"
        "hide: [navigation, toc, footer, tags]\nsearch: {boost: 2.5, exclude: false}\n---\n# Methodology\n"
    )
    content = write({"pages/methodology.md": text})
    assert check(content, capsys) == (0, [])


def test_leading_word_colon_lines_are_settings_too(write, capsys):
    # Without `---` lines MkDocs reads a page's first `key: value` lines as settings (MultiMarkdown).
    text = "Title: <img src=x onerror=alert(1)>\nNote: read this first\n\n# Methodology\n\n<b onclick=x>b</b>\n"
    content = write({"pages/methodology.md": text})
    assert check(content, capsys) == (
        1,
        [
            f"content/pages/methodology.md:1: front matter 'title' has '<': {WORDS}",
            f"content/pages/methodology.md:2: front matter key 'note' is not allowed: {KEYS} (MkDocs reads a "
            "page's first 'word: text' lines as settings: start it with a heading)",
            f"content/pages/methodology.md:6: HTML attribute 'onclick' on <b> is not allowed in a page: {ASK}",
        ],
    )


def test_the_real_pages_pass(capsys):
    raw = load_content(ROOT / "content", ROOT / "templates")
    assert [str(problem) for problem in check_pages(raw)] == []


def test_the_build_takes_the_settings_check_allows_and_stops_on_the_rest(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    methodology = project / "content" / "pages" / "methodology.md"
    body = methodology.read_text(encoding="utf-8")
    methodology.write_text(
        "---\ntitle: Method\ndescription: How sources are graded\ntags: [sources, method]\n"
        "hide: [navigation, toc, footer, tags]\nsearch: {boost: 2.5, exclude: false}\n---\n" + body,
        encoding="utf-8",
    )
    build_here(project)
    page = (project / "site" / "methodology" / "index.html").read_text(encoding="utf-8")
    assert "<title>Method - " in page and 'content="How sources are graded"' in page
    methodology.write_text("---\nhide: 5\n---\n" + body, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert f"content/pages/methodology.md:2: {RULES['hide']}" in result.stderr
    assert "Traceback" not in result.stderr


# --- 4. Only maintainers name the pages whose raw HTML is allowed --------------------------------


def test_raw_html_pages_in_dossier_yaml_says_where_it_moved(write, capsys):
    dossier = (write({}) / "dossier.yaml").read_text(encoding="utf-8")
    content = write(
        {
            "pages/embed.md": '# Map\n\n<iframe src="https://maps.example.org"></iframe>\n',
            "dossier.yaml": dossier + "raw_html_pages:\n  - embed.md\n",
        }
    )
    moved = (
        "raw_html_pages has moved to mkdocs.yml (extra: raw_html_pages), a maintainers' file, so that a pull "
        "request cannot turn the HTML check off for its own page: remove it here"
    )
    # The page is still checked: dossier.yaml no longer turns anything off.
    assert check(content, capsys) == (
        1,
        [
            f"content/dossier.yaml:{dossier.count(chr(10)) + 1}: {moved}",
            f"content/pages/embed.md:3: raw HTML <iframe> is not allowed in a page: {ASK}",
        ],
    )


def test_a_page_mkdocs_yml_names_may_hold_raw_html_and_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    methodology = project / "content" / "pages" / "methodology.md"
    methodology.write_text(
        methodology.read_text(encoding="utf-8") + '\n<iframe src="https://maps.example.org"></iframe>\n',
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "content/pages/methodology.md:" in result.stderr and ASK in result.stderr
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  raw_html_pages: [methodology.md]\n")
    build_here(project)
    assert '<iframe src="https://maps.example.org">' in (project / "site" / "methodology" / "index.html").read_text()


# --- 3. Tooltips are shown as HTML: a title may hold no markup -----------------------------------

TOOLTIP = (
    "a tooltip (a link title, an abbreviation's *[…]: text or a title attribute) with <, > or & is not allowed "
    "in a page: the site shows tooltips as HTML; write the words out ('and' for &)"
)


def test_markup_in_a_tooltip_is_refused_at_its_line(write, capsys):
    text = (
        "# Tooltips\n\n"
        "The word HTML is shown with a tooltip, and so is HTML here.\n\n"
        '[t](https://x.org "&lt;img src=x onerror=alert(5)&gt;")\n\n'
        '[u](https://x.org "Q&amp;A")\n\n'
        '[v](https://x.org "a <b> tag")\n\n'
        'A paragraph\n{: title="&#60;svg onload=alert(6)&#62;" }\n\n'
        "*[HTML]: &lt;img src=x onerror=alert(4)&gt;\n"
    )
    content = write({"pages/methodology.md": text})
    # The real mkdocs.yml beside content/: its extensions (abbr, attr_list) make these titles.
    shutil.copy(ROOT / "mkdocs.yml", content.parent / "mkdocs.yml")
    assert check(content, capsys) == (
        1,
        [
            f"content/pages/methodology.md:5: {TOOLTIP}",
            f"content/pages/methodology.md:7: {TOOLTIP}",  # & can spell a tag too
            f"content/pages/methodology.md:9: {TOOLTIP}",
            f"content/pages/methodology.md:12: {TOOLTIP}",
            f"content/pages/methodology.md:14: {TOOLTIP}",  # each HTML above has this tooltip: said once, here
        ],
    )


def test_plain_tooltips_pass(write, capsys):
    text = '# Tooltips\n\nThe UN [page](https://x.org "United Nations, in New York").\n\n*[UN]: United Nations\n'
    # The real mkdocs.yml's nav lists both hand-written pages.
    content = write({"pages/methodology.md": text, "pages/editing.md": "# Editing\n"})
    shutil.copy(ROOT / "mkdocs.yml", content.parent / "mkdocs.yml")
    assert check(content, capsys) == (0, [])


def test_the_theme_renders_in_the_sandbox_too(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    theme = project / "theme"
    shutil.copytree(ROOT / "templates" / "theme", theme)
    proof = tmp_path / "ran"
    main = theme / "main.html"
    payload = "{{ cycler.__init__.__globals__.os.popen('id > " + str(proof) + "').read() }}\n"
    main.write_text(payload + main.read_text(encoding="utf-8"), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(f"custom_dir: {ROOT / 'templates' / 'theme'}", "custom_dir: theme")
    )
    result = mkdocs_build(project)
    assert result.returncode == 1
    message = "theme/main.html:1: template error: access to attribute '__init__' of 'type' object is unsafe"
    assert result.stderr.splitlines()[-1] == f"Error: {message}; the site was left as it was"
    assert not proof.exists()
    assert not (project / "site").exists()
