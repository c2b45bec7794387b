"""The build reads only regular files inside the project, and hand-written pages cannot run script.

Issue 11, "Must work" 1 and 2: every case is a real file, link, pipe or page in a tmp folder,
checked with `site_builder.py check` in-process, and the refusals are shown to stop a real
`mkdocs build` before it publishes anything.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, make_project, mkdocs_build

from dossier import cli
from dossier.load import load_content
from dossier.pages import check_pages

OUTSIDE = "symbolic link to a file or folder outside the project: put the file itself here"
NOWHERE = "symbolic link that leads nowhere (its target is missing, or it loops): put the file itself here"
HIDDEN = "symbolic link to a hidden file or folder (a name starting with '.'): put the file itself here"
ENDLESS = "symbolic link to a folder that holds it: reading it would never end; remove it"
SPECIAL = "not a regular file (a device, pipe or socket): only files and folders are read; remove it"
ASK = "write it in Markdown, or ask a maintainer to list the page under extra: raw_html_pages in mkdocs.yml"
FILE_TYPES = (
    "unexpected file: pages/ holds Markdown pages (.md), images (.png, .jpg, .jpeg, .gif, .webp, .svg) and the "
    "style sheets mkdocs.yml lists under extra_css"
)
SVG_FIX = "draw it without script, or save it as PNG"
SUMMARY = "1 error(s), 0 warning(s); fix the errors to see the warnings about names, conflicts and placeholders"


def address(url: str, where: str = "a page") -> str:
    return f"address {url!r} is not allowed in {where}: use an http://, https:// or mailto: address, or a relative one"


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run `site_builder.py check` in-process; return its exit code and every line it printed."""
    code = cli.main(["check", "--content", str(content), "--format", "text"])
    out, err = capsys.readouterr()
    return code, (out + err).splitlines()


def errors(content: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    code, lines = check(content, capsys)
    assert code == 1
    return [line for line in lines if line.startswith(("content/", "templates/")) and ": warning: " not in line]


def page(write, name: str, text: str) -> Path:  # type: ignore[no-untyped-def]
    return write({f"pages/{name}": text})


# --- 1. Only regular files inside the project are read -------------------------------------------


def test_links_out_of_the_project_are_errors_at_their_own_path(tmp_path, write, capsys):
    content = write({})
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    (elsewhere / "folder").mkdir(parents=True)
    (elsewhere / "folder" / "secret.md").write_text("# Secret\n", encoding="utf-8")
    article = (content / "articles" / "daily-news-2026-01-06.md").read_text(encoding="utf-8")
    (elsewhere / "article.md").write_text(article, encoding="utf-8")
    (content / "pages" / "deep" / "er").mkdir(parents=True)
    (content / "pages" / "env.md").symlink_to("/proc/self/environ")
    (content / "pages" / "deep" / "er" / "env.md").symlink_to("/proc/self/environ")
    (content / "pages" / ".env.md").symlink_to("/proc/self/environ")
    (content / "pages" / "folder").symlink_to(elsewhere / "folder")
    (content / "articles" / "outside-2026-01-06.md").symlink_to(elsewhere / "article.md")
    (content / "actors" / "gone.yaml").symlink_to(content / "actors" / "missing.yaml")
    (content / "pages" / "loop.md").symlink_to(content / "pages" / "loop.md")
    (content / "pages" / "up").symlink_to(content)
    (content / "pages" / "git.md").symlink_to(tmp_path / ".git" / "config")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
    os.mkfifo(content / "pages" / "pipe.md")  # opening it would wait for a writer for ever
    (tmp_path / "templates" / "assets").mkdir(parents=True)
    (tmp_path / "templates" / "assets" / "site.css").symlink_to("/etc/passwd")
    (tmp_path / "glossary.yaml").write_text((content / "glossary.yaml").read_text(encoding="utf-8"))
    (content / "glossary.yaml").unlink()
    (content / "glossary.yaml").symlink_to(tmp_path / "glossary.yaml")  # inside the project: read

    assert errors(content, capsys) == [
        f"content/actors/gone.yaml:1: {NOWHERE}",
        f"content/articles/outside-2026-01-06.md:1: {OUTSIDE}",
        f"content/pages/.env.md:1: {OUTSIDE}",
        f"content/pages/deep/er/env.md:1: {OUTSIDE}",
        f"content/pages/env.md:1: {OUTSIDE}",
        f"content/pages/folder:1: {OUTSIDE}",
        f"content/pages/git.md:1: {HIDDEN}",
        f"content/pages/loop.md:1: {NOWHERE}",
        f"content/pages/pipe.md:1: {SPECIAL}",
        f"content/pages/up:1: {ENDLESS}",
        f"templates/assets/site.css:1: {OUTSIDE}",
    ]


def test_linked_content_and_templates_folders_are_judged_from_the_project(tmp_path, write, capsys):
    elsewhere = write({})
    project = tmp_path / "project"
    project.mkdir()
    (project / "content").symlink_to(elsewhere)
    assert check(project / "content", capsys) == (1, [f"content:1: {OUTSIDE}", SUMMARY])
    (project / "content").unlink()
    elsewhere.rename(project / "content")
    (project / "templates").symlink_to(tmp_path)
    assert check(project / "content", capsys) == (1, [f"templates:1: {OUTSIDE}", SUMMARY])


def test_a_link_inside_the_project_is_read_and_named_by_its_own_path(tmp_path, write, capsys):
    content = write({})
    (tmp_path / "shared").mkdir()
    (content / "actors" / "borduria.yaml").rename(tmp_path / "shared" / "borduria.yaml")
    (content / "actors" / "borduria.yaml").symlink_to(tmp_path / "shared" / "borduria.yaml")
    assert check(content, capsys)[0] == 0
    (tmp_path / "shared" / "borduria.yaml").write_text("name: Borduria\nkind: planet\n", encoding="utf-8")
    assert [line for line in errors(content, capsys) if "borduria" in line][0].startswith(
        "content/actors/borduria.yaml:2: "
    )


def test_a_device_is_refused_without_being_read(write, capsys):
    content = write({})
    (content / "pages" / "zero.md").symlink_to("/dev/zero")  # outside the project, and endless if read
    (content / "actors" / "socket.yaml").symlink_to("/dev/null")
    assert errors(content, capsys) == [
        f"content/actors/socket.yaml:1: {OUTSIDE}",
        f"content/pages/zero.md:1: {OUTSIDE}",
    ]


def test_mkdocs_build_refuses_links_out_and_publishes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_TEST_SECRET", "s3cr3t-from-the-environment")
    project = make_project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.md").write_text("# Private notes\n\nNot for the site.\n", encoding="utf-8")
    pages = project / "content" / "pages"
    (pages / "env.md").symlink_to("/proc/self/environ")
    (pages / "private").symlink_to(outside)
    (pages / "gone.md").symlink_to(outside / "missing.md")
    os.mkfifo(pages / "pipe.md")
    (pages / "hello.md").write_text("# Hello\n\n<img src=x onerror=alert(document.cookie)>\n", encoding="utf-8")

    result = mkdocs_build(project)

    assert result.returncode != 0
    for line in (
        f"content/pages/env.md:1: {OUTSIDE}",
        f"content/pages/gone.md:1: {NOWHERE}",
        f"content/pages/hello.md:3: HTML attribute 'onerror' on <img> is not allowed in a page: {ASK}",
        f"content/pages/pipe.md:1: {SPECIAL}",
        f"content/pages/private:1: {OUTSIDE}",
    ):
        assert line in result.stderr
    assert "Traceback" not in result.stderr
    assert "s3cr3t" not in result.stdout + result.stderr
    assert not (project / "site").exists()


# --- 2. Hand-written pages are content too ---------------------------------------------------------


def test_only_pages_images_and_listed_style_sheets_are_allowed(tmp_path, write, capsys):
    content = write(
        {
            "pages/widget.html": "<p>hi</p>\n",
            "pages/app.js": "alert(1)\n",
            "pages/extra.css": "p { color: red }\n",
            "pages/theme/listed.css": "p { color: blue }\n",
            "pages/img/map.PNG": b"\x89PNG\r\n",
            "pages/img/photo.jpeg": b"\xff\xd8\xff",
            "pages/notes.txt": "notes\n",
            "pages/.draft.html": "<script>alert(1)</script>\n",  # hidden: MkDocs never publishes it
        }
    )
    (tmp_path / "mkdocs.yml").write_text(
        "extra_css:\n  - ./theme/listed.css\n  - https://example.org/x.css\n", encoding="utf-8"
    )
    assert errors(content, capsys) == [
        f"content/pages/app.js:1: {FILE_TYPES}",
        f"content/pages/extra.css:1: {FILE_TYPES}",
        # Upper case: MkDocs would copy a .MD page as a file (attack report, finding 10); so, images alike.
        "content/pages/img/map.PNG:1: file name ends in '.PNG': rename it to end in '.png'; "
        "pages end in lower-case .md",
        f"content/pages/notes.txt:1: {FILE_TYPES}",
        f"content/pages/widget.html:1: {FILE_TYPES}",
    ]


HOSTILE = """\
# About

<script>alert(1)</script>

<img src="x.png" onerror="alert(1)">

Text with <a href="javascript:alert(1)">a link</a> and <a href="jav&#x09;ascript:alert(2)">another</a>.

[Markdown link](javascript:alert(3)) and ![image](data:image/svg+xml;base64,PHN2Zz4=)

<iframe src="https://example.org"></iframe>

A paragraph with an attribute list.
{: onclick="alert(4)" }

<!--><svg onload=alert(5)>-->

<details ontoggle="alert(6)" open>Hi</details>

<form action="https://example.org"><input name="q"></form>
"""


def test_script_in_a_page_is_an_error_at_its_line(tmp_path, write, capsys):
    content = page(write, "about.md", HOSTILE)
    # The page is judged as MkDocs renders it: with the extensions mkdocs.yml names (attr_list here).
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    assert errors(content, capsys) == [
        "content/pages/about.md:1: page is in no menu: ask a maintainer to add it under nav in mkdocs.yml, "
        "or remove it",
        f"content/pages/about.md:3: raw HTML <script> is not allowed in a page: {ASK}",
        f"content/pages/about.md:5: HTML attribute 'onerror' on <img> is not allowed in a page: {ASK}",
        "content/pages/about.md:5: link 'x.png' is to 'x.png', which is not a page or file of the site: "
        "check the name (it is relative to this page; pages end in .md)",
        f"content/pages/about.md:7: {address('jav	ascript:alert(2)')}",
        f"content/pages/about.md:7: {address('javascript:alert(1)')}",
        f"content/pages/about.md:9: {address('data:image/svg+xml;base64,PHN2Zz4=')}",
        f"content/pages/about.md:9: {address('javascript:alert(3)')}",
        f"content/pages/about.md:11: raw HTML <iframe> is not allowed in a page: {ASK}",
        f"content/pages/about.md:14: HTML attribute 'onclick' on <p> is not allowed in a page: {ASK}",
        f"content/pages/about.md:16: raw HTML <svg> is not allowed in a page: {ASK}",
        f"content/pages/about.md:18: HTML attribute 'ontoggle' on <details> is not allowed in a page: {ASK}",
        f"content/pages/about.md:20: raw HTML <form> is not allowed in a page: {ASK}",
        f"content/pages/about.md:20: raw HTML <input> is not allowed in a page: {ASK}",
    ]


CODE = """\
# Showing HTML

Write `<script>alert(1)</script>` or ``<img onerror=x>`` as code, and it is shown, not run.

```html
<script>alert(2)</script>
<a href="javascript:alert(3)">x</a>
```

~~~
<iframe src="x"></iframe>
~~~

    <object data="x"></object>

| left | right |
|:-----|------:|
| <abbr title="HyperText">HTML</abbr> | <sup>2</sup> |

A [link](https://example.org "title"), a [relative one](editing.md#ids), <mailto:desk@example.org>,
an ![image](img/map.png) and <span class="note" lang="fr">du texte</span>.
"""


def test_html_shown_as_code_and_plain_markdown_pass(write, capsys):
    content = page(write, "code.md", CODE)
    # What its links lead to exists (a broken link fails the build: tests/test_trust_build.py).
    write({"pages/editing.md": "# Editing\n\n## Ids\n", "pages/img/map.png": b"\x89PNG\r\n"})
    assert check(content, capsys)[0] == 0


def test_an_unclosed_fence_is_not_code(write, capsys):
    content = page(write, "fence.md", "# Fence\n\n```\n<script>alert(1)</script>\n")
    assert errors(content, capsys) == [f"content/pages/fence.md:4: raw HTML <script> is not allowed in a page: {ASK}"]


def test_html_the_parser_cannot_read_is_refused(write, capsys):
    content = page(write, "odd.md", "# Odd\n\n<div>\n<![foo[ <img src=x onerror=alert(1)> ]]>\n</div>\n")
    assert errors(content, capsys) == [
        "content/pages/odd.md:4: HTML that cannot be read (a malformed <!…> declaration) is not allowed in a page: "
        + ASK
    ]


def test_raw_html_pages_lets_a_maintainer_allow_raw_html_in_named_pages(write, capsys):
    content = write(
        {
            # The two pages the real nav lists, so that mkdocs.yml's nav finds them.
            "pages/methodology.md": '# Map\n\n<iframe src="https://maps.example.org"></iframe>\n',
            "pages/editing.md": '# Other\n\n<iframe src="https://maps.example.org"></iframe>\n',
        }
    )
    # mkdocs.yml, the maintainers' file, beside content/ as in a project.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (content.parent / "mkdocs.yml").write_text(
        config + "extra:\n  raw_html_pages:\n    - methodology.md\n    - gone.md\n    - [x]\n", encoding="utf-8"
    )
    line = config.count("\n") + 4
    code, lines = check(content, capsys)
    assert (code, [text for text in lines if text.startswith(("content/", "mkdocs.yml"))]) == (
        1,
        [
            f"content/pages/editing.md:3: raw HTML <iframe> is not allowed in a page: {ASK}",
            f"mkdocs.yml:{line}: raw_html_pages names 'gone.md', which is not a file in content/pages/",
            f"mkdocs.yml:{line + 1}: extra: raw_html_pages must be a list of pages under content/pages/, such as "
            "[methodology.md]",
        ],
    )


SVG = """\
<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(2)">
  <script>alert(3)</script>
  <s:script xmlns:s="http://www.w3.org/2000/svg">alert(4)</s:script>
  <a xlink:href="javascript:alert(5)"><text>x</text></a>
  <a href="#top"><set attributeName="href" to="javascript:alert(6)"/></a>
  <foreignObject><iframe src="x"></iframe></foreignObject>
  <circle r="5" fill="red"/>
</svg>
"""


def test_svg_with_script_is_an_error_at_its_line(write, capsys):
    content = write(
        {
            "pages/img/drawing.svg": SVG,
            "pages/img/plain.svg": '<svg><circle r="5"/></svg>\n',
            "pages/img/broken.svg": "<svg>\n<a></svg>\n",
        }
    )
    path = "content/pages/img/drawing.svg"
    assert errors(content, capsys) == [
        "content/pages/img/broken.svg:2: SVG image is not well-formed XML (mismatched tag): save it again, or as PNG",
        f"{path}:2: SVG image with an entity declaration (<!ENTITY) is not allowed: {SVG_FIX}",
        f"{path}:3: SVG image with attribute 'onload' on <svg> is not allowed: {SVG_FIX}",
        f"{path}:4: SVG image with <script> is not allowed: {SVG_FIX}",
        f"{path}:5: SVG image with <script> is not allowed: {SVG_FIX}",
        f"{path}:6: {address('javascript:alert(5)', 'an SVG image')}",
        f"{path}:7: SVG image that animates a link (<set>) is not allowed: {SVG_FIX}",
        f"{path}:8: SVG image with <foreignObject> is not allowed: {SVG_FIX}",
        f"{path}:8: SVG image with <iframe> is not allowed: {SVG_FIX}",
    ]


def test_page_problems_come_with_every_other_problem_in_one_run(write, capsys):
    content = write(
        {
            "pages/about.md": "# About\n\n<script>alert(1)</script>\n",
            "actors/piet-smit.yaml": "name: Piet Smit\nkind: planet\n",
        }
    )
    (content / "pages" / "env.md").symlink_to("/proc/self/environ")
    found = errors(content, capsys)
    assert found == sorted(found)
    assert [line.split(":")[0] for line in found] == [
        "content/actors/piet-smit.yaml",
        "content/pages/about.md",
        "content/pages/env.md",
    ]


def test_the_real_pages_and_templates_pass():
    raw = load_content(ROOT / "content", ROOT / "templates")
    assert raw.problems == []
    assert {p.name for p in raw.pages} >= {"editing.md", "methodology.md"}
    assert check_pages(raw) == []


def test_a_mkdocs_yml_that_is_a_pipe_is_not_opened(tmp_path, write, capsys):
    content = write({})
    os.mkfifo(tmp_path / "mkdocs.yml")  # opening it would wait for a writer for ever
    assert check(content, capsys)[0] == 0
