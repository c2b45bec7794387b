"""Time and memory grow linearly with input size (issue #11): the limits, and the shapes at them.

Each pathological shape is timed at the limit, at sizes N and 4N in the same run: linear growth
gives a ratio near 4, quadratic near 16; the tests ask for under 8 (the fastest of three runs each,
so that a busy machine does not decide). Past each limit, the file is refused at its line.
"""

from __future__ import annotations

import functools
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import pytest
from conftest import ROOT, SMALL_DOSSIER, build_here, make_project
from mkdocs.config import load_config

from dossier import limits
from dossier.cli import main
from dossier.errors import ContentError
from dossier.limits import MAX_DEPTH, MAX_LINE_CHARS, MAX_TEXT_CHARS, MAX_TEXT_LINES, MAX_WORD_CHARS
from dossier.link import _inflects, _letter_tree
from dossier.markdown import prose
from dossier.pipeline import build_pages, check_dossier
from dossier.yamlfile import read_yaml

ARTICLE = "---\ntitle: Long words\npublisher: Daily News\npublished: 2026-01-06\nreliability: B\n---\n\n"
PIET = "name: Piet Smit\nkind: person\nsources: []\n"


def dossier_with(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Copy the small dossier into `folder`/content and add or replace `files` there."""
    content = folder / "content"
    shutil.copytree(SMALL_DOSSIER, content)
    for name, text in files.items():
        path = content / name
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    return content


def glossary_with(definitions: list[str]) -> dict[str, str]:
    """The small dossier's glossary, with a term for each definition (written as a '|' block)."""
    text = (SMALL_DOSSIER / "glossary.yaml").read_text(encoding="utf-8")
    for number, definition in enumerate(definitions):
        block = "".join(f"    {line}\n" for line in definition.split("\n"))
        text += f"term-{number}:\n  term: Term{number}\n  sources: []\n  definition: |\n{block}"
    return {"glossary.yaml": text}


def fastest(run: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        # This thread's CPU time: a process sharing the core (another test worker, Chromium) does not count.
        start = time.thread_time()
        run()
        times.append(time.thread_time() - start)
    return min(times)


def growth(
    tmp_path: Path,
    files_of: Callable[[int], dict[str, str | bytes]],
    n: int,
    stage: Callable[[Any], object],
    prepare: Callable[[Path], Any] = lambda content: content,
) -> float:
    """Return how many times longer `stage` takes on the content of size 4n than on size n.

    `prepare` turns each content folder into the stage's input, untimed.
    """
    small = prepare(dossier_with(tmp_path / "small", files_of(n)))
    large = prepare(dossier_with(tmp_path / "large", files_of(4 * n)))
    return fastest(lambda: stage(large)) / fastest(lambda: stage(small))


def check(content: Path) -> object:
    return check_dossier(content)


def glossary_page(content: Path) -> str:
    return build_pages(content, ROOT / "templates").pages["glossary.md"]


@functools.cache
def _mkdocs_markdown_config() -> tuple[list[Any], dict[str, Any]]:
    config = load_config(str(ROOT / "mkdocs.yml"))
    return config["markdown_extensions"], config["mdx_configs"]


def to_html(page: str) -> str:
    """Turn a generated page into HTML with the site's Markdown extensions, as MkDocs would."""
    extensions, configs = _mkdocs_markdown_config()
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(page)


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as refused:
        check_dossier(content)
    return [str(p) for p in refused.value.problems]


# Each pathological shape, at its limit.


def test_words_at_the_limit_check_in_linear_time(tmp_path: Path) -> None:
    def words(count: int) -> dict[str, str | bytes]:
        # Capitalised, and each different: the suspect-name matcher judges every one.
        body = "".join(f"Zz{number:06d}{'a' * (MAX_WORD_CHARS - 8)} said.\n\n" for number in range(count))
        return {"articles/long-words-2026-01-06.md": ARTICLE + body}

    assert growth(tmp_path, words, 100, check) < 8


def test_the_inflection_matcher_takes_no_longer_on_a_longer_word() -> None:
    # It was quadratic in the word's length: `check` took 24 seconds on one word of 250,000 letters.
    tokens = _letter_tree(["israel"])
    short, long = "Zz" + "a" * 100_000, "Zz" + "a" * 400_000
    assert fastest(lambda: _inflects(long, tokens)) / fastest(lambda: _inflects(short, tokens)) < 8


def test_a_run_of_spaces_after_a_link_opening_renders_in_linear_time(tmp_path: Path) -> None:
    # As long as a line may be. The pattern was quadratic: 3.2 seconds to build at 19,990 spaces, 0.56 at 4,997.
    longest = "[a](" + " " * (MAX_LINE_CHARS - 10) + "x"
    linker = check_dossier(dossier_with(tmp_path, glossary_with([longest]))).links.linker

    def render(text: str) -> str:
        return prose(text, lambda target, label: target, lambda text: linker.find_in_prose(text))

    shorter = "[a](" + " " * ((MAX_LINE_CHARS - 10) // 4) + "x"
    assert fastest(lambda: render(longest)) / fastest(lambda: render(shorter)) < 8


def test_unclosed_brackets_at_the_limit_check_in_linear_time(tmp_path: Path) -> None:
    # Finding names in prose skipped each [link] and <tag> with a pattern tried to the end from every "[" and "<".
    longest = "[ <" * ((MAX_LINE_CHARS - 10) // 3)
    linker = check_dossier(dossier_with(tmp_path, glossary_with([longest]))).links.linker
    shorter = longest[: len(longest) // 4]
    assert fastest(lambda: linker.find_in_prose(longest)) / fastest(lambda: linker.find_in_prose(shorter)) < 8


# Python-Markdown is quadratic in the lines of one block: each field grows to the limit, five fields a page.


def test_heading_lines_at_the_limit_build_in_linear_time(tmp_path: Path) -> None:
    def headings(lines: int) -> dict[str, str | bytes]:
        return glossary_with(["\n".join(["# Heading"] * lines)] * 5)

    assert growth(tmp_path, headings, MAX_TEXT_LINES // 4, to_html, glossary_page) < 8


def test_list_lines_at_the_limit_build_in_linear_time(tmp_path: Path) -> None:
    def items(lines: int) -> dict[str, str | bytes]:
        return glossary_with(["\n".join(["- an item"] * lines)] * 5)

    assert growth(tmp_path, items, MAX_TEXT_LINES // 4, to_html, glossary_page) < 8


def test_lists_and_emphasis_nested_to_the_limit_build_in_linear_time(tmp_path: Path) -> None:
    emphasis = " ".join(["*a _b"] * (MAX_DEPTH // 2)) + " c " + " ".join(["d_ e*"] * (MAX_DEPTH // 2))

    def nested(lines: int) -> dict[str, str | bytes]:
        return glossary_with(["\n".join(["- " * MAX_DEPTH + "deep"] * (lines - 2) + ["", emphasis])] * 2)

    assert growth(tmp_path, nested, MAX_TEXT_LINES // 4, to_html, glossary_page) < 8


def test_yaml_nested_to_the_limit_reads_in_linear_time() -> None:
    def nested(count: int) -> str:
        one = "[" * (MAX_DEPTH - 2) + "x" + "]" * (MAX_DEPTH - 2)  # in a list, in a mapping: 20 deep
        return "items:\n" + "".join(f"  - {one}\n" for _ in range(count))

    small, large = nested(500), nested(2_000)
    assert read_yaml(large, "x.yaml")[1] == []
    assert fastest(lambda: read_yaml(large, "x.yaml")) / fastest(lambda: read_yaml(small, "x.yaml")) < 8


def test_a_short_list_in_prose_is_still_a_list(tmp_path: Path) -> None:
    html = to_html(glossary_page(dossier_with(tmp_path, glossary_with(["Two kinds:\n\n- one\n- two"]))))
    assert "<p>Two kinds:</p>\n<ul>\n<li>one</li>\n<li>two " in html


def test_every_shape_at_its_limit_builds_with_mkdocs(tmp_path: Path) -> None:
    # What `check` accepts must build: a strict MkDocs build of every shape at once, at its limit.
    emphasis = " ".join(["*a _b"] * (MAX_DEPTH // 2)) + " c " + " ".join(["d_ e*"] * (MAX_DEPTH // 2))
    shapes = [
        "\n".join(["# Heading"] * MAX_TEXT_LINES),
        "\n".join(["- an item"] * MAX_TEXT_LINES),
        "\n".join(["- " * MAX_DEPTH + "deep"] * (MAX_TEXT_LINES - 2) + ["", emphasis]),
        "[a](" + " " * (MAX_LINE_CHARS - 10) + "x",
        "[ <" * ((MAX_LINE_CHARS - 10) // 3),
    ]
    words = "".join(f"Zz{number:06d}{'a' * (MAX_WORD_CHARS - 8)} said.\n\n" for number in range(20))
    content = dossier_with(
        tmp_path / "content", {**glossary_with(shapes), "articles/long-words-2026-01-06.md": ARTICLE + words}
    )
    build_here(make_project(tmp_path, content))
    assert "<li>an item" in (tmp_path / "project" / "site" / "glossary" / "index.html").read_text(encoding="utf-8")


# Past each limit: refused at its line, with what the limit is and what to do.


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    content = dossier_with(tmp_path, {"actors/piet-smit.yaml": PIET + "#" * limits.MAX_FILE_BYTES})
    assert problems(content) == [
        "content/actors/piet-smit.yaml:1: file is 1,000,041 bytes; the limit is 1,000,000: split it or trim it"
    ]


def test_a_line_over_the_limit_is_refused(tmp_path: Path) -> None:
    line = "aliases: [" + ", ".join(["Smit"] * (MAX_LINE_CHARS // 6)) + "]"
    content = dossier_with(tmp_path, {"actors/piet-smit.yaml": PIET + line + "\n"})
    assert problems(content) == [
        "content/actors/piet-smit.yaml:4: line is 20,007 characters long; the limit is 20,000: "
        "break it into shorter lines"
    ]


def test_a_word_over_the_limit_is_refused(tmp_path: Path) -> None:
    body = "Talks resumed.\n\nThen Zz" + "a" * MAX_WORD_CHARS + " spoke.\n"
    content = dossier_with(tmp_path, {"articles/long-words-2026-01-06.md": ARTICLE + body})
    assert problems(content) == [
        "content/articles/long-words-2026-01-06.md:10: a word of 1,002 characters ('Zzaaaaaaaaaaaaaaaaaa…'); "
        "the limit is 1,000: put spaces in it or shorten it"
    ]


def test_a_text_field_over_the_length_limit_is_refused(tmp_path: Path) -> None:
    # Folded (>-), its lines are short but join into one text longer than the limit.
    folded = "".join("  " + "word " * 20 + "\n" for _ in range(MAX_TEXT_CHARS // 100 + 1))
    content = dossier_with(tmp_path, {"actors/piet-smit.yaml": PIET + "summary: >-\n" + folded})
    assert problems(content) == [
        "content/actors/piet-smit.yaml:4: text is 20,300 characters long; the limit for one field is 20,000: shorten it"
    ]


def test_an_article_paragraph_over_the_length_limit_is_refused(tmp_path: Path) -> None:
    paragraph = "".join("word " * 20 + "\n" for _ in range(MAX_TEXT_CHARS // 100 + 1))
    content = dossier_with(tmp_path, {"articles/long-words-2026-01-06.md": ARTICLE + "Short.\n\n" + paragraph})
    assert problems(content) == [
        "content/articles/long-words-2026-01-06.md:10: paragraph is 20,099 characters long; the limit is 20,000: "
        "split it in two"
    ]


def test_a_text_field_over_the_line_limit_is_refused(tmp_path: Path) -> None:
    block = "".join("  - item\n" for _ in range(MAX_TEXT_LINES + 1))
    content = dossier_with(tmp_path, {"actors/piet-smit.yaml": PIET + "summary: |\n" + block})
    assert problems(content) == [
        "content/actors/piet-smit.yaml:4: text has 201 lines; the limit for one field is 200: shorten it, "
        "or write it folded (>-) so that its lines join"
    ]


def test_lists_and_emphasis_nested_past_the_limit_in_a_text_are_refused(tmp_path: Path) -> None:
    # Deeper, Python-Markdown recurses until Python gives up (RecursionError) in the build.
    on_one_line = "- " * (MAX_DEPTH + 1) + "deep"
    indented = "\n".join(f"{'    ' * level}- level {level}" for level in range(MAX_DEPTH + 1))
    emphasis = " ".join(["*a _b"] * 11) + " c" + " ".join(["d_ e*"] * 11)
    content = dossier_with(tmp_path, glossary_with([on_one_line, indented, emphasis]))
    message = "lists or emphasis (*, _) in this text nested more than 20 deep: write it flatter"
    assert problems(content) == [
        f"content/glossary.yaml:8: {message}",
        f"content/glossary.yaml:13: {message}",
        f"content/glossary.yaml:38: {message}",
    ]


def test_yaml_nested_past_the_limit_is_refused(tmp_path: Path) -> None:
    nested = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    content = dossier_with(tmp_path, {"actors/piet-smit.yaml": PIET + f"aliases: {nested}\n"})
    assert problems(content) == [
        "content/actors/piet-smit.yaml:4: lists and mappings nested more than 20 deep: write it flatter"
    ]


def test_hand_written_pages_are_held_to_the_same_limits() -> None:
    # For the check of content/pages/: deeper quotes crash MkDocs' Markdown (RecursionError).
    page = "# Page\n\n" + "> " * (MAX_DEPTH + 1) + "quoted\n\nFine.\n" + "# Heading\n" * MAX_TEXT_LINES
    message = "lists, quotes or emphasis (*, _) nested more than 20 deep: write it flatter"
    assert [str(p) for p in limits.page_problems(page, "content/pages/x.md")] == [
        f"content/pages/x.md:3: {message}",
        "content/pages/x.md:5: paragraph of 201 lines with no blank line between them; the limit is 200: "
        "put blank lines between its parts",
    ]
    for real in (ROOT / "content" / "pages").glob("*.md"):
        assert limits.page_problems(real.read_text(encoding="utf-8"), str(real)) == []


def test_a_page_with_more_html_tags_than_the_limit_is_refused_at_the_first_one_over(write, capsys):
    # Unclosed tags make html.parser (inside Python-Markdown) quadratic; the limit bounds that time.
    page = "# Tags\n\n" + "<x\n\n" * limits.MAX_PAGE_TAGS + "<y\n"
    content = write({"pages/tags.md": page})
    assert main(["check", "--content", str(content)]) == 1
    line = 3 + 2 * limits.MAX_PAGE_TAGS
    assert (
        f"content/pages/tags.md:{line}: page has more than 1,000 HTML tags ('<' followed by a letter, '/', '!' or "
        "'?'); write the page in Markdown, or split it\n" in capsys.readouterr().err
    )


# A hand-written page is held to a number of '[', headings and blocks (attack report, findings 5-7).


def _page_time(page: str) -> float:
    from dossier.pages import _extensions_key, _markdown, _mkdocs_settings

    converter = _markdown(_extensions_key(_mkdocs_settings(ROOT / "mkdocs.yml")))
    assert limits.page_problems(page, "content/pages/x.md") == []
    return fastest(lambda: converter.reset().convert(page))


@functools.cache
def _ordinary_page_time() -> float:
    """An ordinary page as large as a file may be: paragraphs of prose."""
    paragraph = "The talks resumed in Paris, with *the envoy* present. " * 10 + "\n\n"
    return _page_time(paragraph * (limits.MAX_FILE_BYTES // len(paragraph)))


@pytest.mark.parametrize("shape", ["[a ", "[a][ ", "![a]( ", "[ "])
def test_unclosed_brackets_at_the_page_limit_take_less_than_an_ordinary_full_page(shape: str) -> None:
    # Python-Markdown is quadratic in the unclosed '[' of one paragraph (25 s for 6,666 '[a '), so the
    # limit is per page: all of them in one paragraph, the worst case, still costs less than the
    # time an ordinary page at the file size limit takes.
    page = "# M\n\n" + shape * (limits.MAX_PAGE_BRACKETS // shape.count("[")) + "\n"
    assert _page_time(page) < _ordinary_page_time()


def test_headings_and_blocks_at_the_page_limit_take_less_than_an_ordinary_full_page() -> None:
    headings = "# M\n\n" + "".join(f"## Heading {number}\n\n" for number in range(limits.MAX_PAGE_HEADINGS - 1))
    blocks = "# M\n\n" + "A short paragraph.\n\n" * (limits.MAX_PAGE_BLOCKS - 1)
    assert _page_time(headings) < _ordinary_page_time()
    assert _page_time(blocks) < _ordinary_page_time()


def test_a_page_with_brackets_headings_and_blocks_at_the_limits_builds_with_mkdocs(tmp_path: Path) -> None:
    brackets = "[a " * (limits.MAX_PAGE_BRACKETS - 1)
    headings = "".join(f"## Heading {number}\n\n" for number in range(limits.MAX_PAGE_HEADINGS - 1))
    paragraphs = "Text.\n\n" * (limits.MAX_PAGE_BLOCKS - limits.MAX_PAGE_HEADINGS - 1)
    content = dossier_with(
        tmp_path / "content", {"pages/methodology.md": f"# M\n\n{brackets}\n\n{headings}{paragraphs}"}
    )
    start = time.perf_counter()
    build_here(make_project(tmp_path, content))
    print(f"strict build with the page at every limit: {time.perf_counter() - start:.1f} s")


def test_a_page_over_the_bracket_heading_or_block_limit_is_refused_at_the_first_one_over(write, capsys) -> None:
    content = write(
        {
            "pages/brackets.md": "# B\n\n" + "[a \n" * limits.MAX_PAGE_BRACKETS + "[b\n",
            "pages/headings.md": "# H\n\n" + "## h\n\n" * (limits.MAX_PAGE_HEADINGS - 1) + "Text\n---\n",
            "pages/blocks.md": "# P\n\n" + "p\n\n" * (limits.MAX_PAGE_BLOCKS - 1) + "q\n",
        }
    )
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    brackets, headings, blocks = (
        3 + limits.MAX_PAGE_BRACKETS,
        4 + 2 * (limits.MAX_PAGE_HEADINGS - 1),
        3 + 2 * (limits.MAX_PAGE_BLOCKS - 1),
    )
    assert (
        f"content/pages/brackets.md:{brackets}: page has more than 500 '[' (links, images, footnotes); "
        "split the page, or write the brackets as &#91;\n" in err
    )
    assert f"content/pages/headings.md:{headings}: page has more than 500 headings; split the page\n" in err
    assert (
        f"content/pages/blocks.md:{blocks}: page has more than 5,000 paragraphs, headings, lists and other "
        "blocks (lines between blank lines); split the page\n" in err
    )


def test_lone_carriage_returns_end_lines_before_any_limit_is_counted(write, capsys) -> None:
    # '\r' alone ended no line for the limits, but does for Markdown: 4,800 '# a' lines in one "line".
    page = "# Page\r\rText\r" + "# a\r" * (MAX_TEXT_LINES + 1)
    glossary = (SMALL_DOSSIER / "glossary.yaml").read_text(encoding="utf-8").replace("\n", "\r\n")
    content = write({"pages/cr.md": page.encode(), "glossary.yaml": glossary.encode()})
    assert main(["check", "--content", str(content)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/pages/cr.md:3: paragraph of 202 lines with no blank line between them; the limit is 200: "
        "put blank lines between its parts"
    )
    # \r\n is read as \n: the glossary's lines, fields and line numbers are as before.
    content.joinpath("pages/cr.md").write_bytes(b"# Page\r\rText\r")
    assert main(["check", "--content", str(content)]) == 0


def test_a_glossary_over_the_term_limit_is_refused_at_the_first_term_over(tmp_path: Path) -> None:
    # One page with a heading per term: the search index is quadratic in a page's headings (8,000 terms: 54 s).
    text = (SMALL_DOSSIER / "glossary.yaml").read_text(encoding="utf-8")
    existing = len(read_yaml(text, "glossary.yaml")[0].data)  # type: ignore[union-attr]
    text += "".join(
        f"extra-{n}:\n  term: Extra{n}\n  sources: []\n  definition: A word.\n" for n in range(limits.MAX_TERMS)
    )
    content = dossier_with(tmp_path, {"glossary.yaml": text})
    first_over = f"extra-{limits.MAX_TERMS - existing}:"
    line = text.splitlines().index(first_over) + 1
    assert problems(content) == [
        f"content/glossary.yaml:{line}: glossary has more than 1,000 terms: the glossary is one page with a heading "
        "for each; merge terms, or keep only those readers need"
    ]
