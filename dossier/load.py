"""Stage 1: read every file under content/ into raw, located data, without judging its fields."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .limits import MAX_FILE_BYTES, file_problems, paragraph_problems
from .model import Heading, Paragraph
from .schema import ID_PATTERN
from .yamlfile import YamlDocument, read_yaml

RECORD_FOLDERS = ("actors", "issues", "events", "disputes")
_ID = re.compile(ID_PATTERN)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass
class RawFile:
    """One file's parsed data, before validation. `folder` says what kind of file it is."""

    folder: str
    id: str
    path: str
    document: YamlDocument
    blocks: list[Paragraph | Heading] = field(default_factory=list)
    source: list[str] = field(default_factory=list)  # a fact sheet's lines, to place a warning inside a long text

    @functools.cached_property
    def value_lines(self) -> list[int]:
        """Every line on which a value of this file starts, in order: where one field's text ends."""
        return sorted(set(self.document.lines.values()))


@dataclass
class RawContent:
    files: list[RawFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    root: Path = Path(".")
    # Ids of files that exist but could not be read, with their folder: naming them is no new problem.
    unreadable: dict[str, str] = field(default_factory=dict)


def load_content(content_dir: Path) -> RawContent:
    """Read content/; every unreadable file becomes a Problem, and reading goes on."""
    content_dir = Path(content_dir)
    raw = RawContent(root=content_dir)
    display_root = content_dir.resolve().parent

    folders: dict[Path, Path] = {}

    def shown(path: Path) -> str:
        # Resolve each folder once, not each file's whole path again (seven lstat calls a file).
        if path.is_symlink():
            real = path.resolve()
        else:
            if path.parent not in folders:
                folders[path.parent] = path.parent.resolve()
            real = folders[path.parent] / path.name
        return os.path.relpath(real, display_root).replace(os.sep, "/")

    if not content_dir.is_dir():
        raw.problems.append(Problem(str(content_dir), 1, "content folder not found"))
        return raw

    for single in ("dossier", "glossary"):
        path = content_dir / f"{single}.yaml"
        if path.is_file():
            _load_yaml_file(raw, single, single, path, shown(path))
        elif single == "dossier":
            raw.problems.append(
                Problem(shown(path), 1, "missing: every dossier needs dossier.yaml (title, as_of, bottom_line)")
            )

    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in ("dossier.yaml", "glossary.yaml", "pages"):
            continue
        if entry.is_dir() and entry.name in (*RECORD_FOLDERS, "articles"):
            _load_folder(raw, entry, shown)
        else:
            raw.problems.append(
                Problem(
                    shown(entry),
                    1,
                    "unexpected file or folder: content/ holds dossier.yaml, glossary.yaml, pages/, "
                    f"articles/ and {', '.join(f'{f}/' for f in RECORD_FOLDERS)}",
                )
            )
    return raw


def _load_folder(raw: RawContent, folder: Path, shown: object) -> None:
    suffix = ".md" if folder.name == "articles" else ".yaml"
    for path in sorted(folder.iterdir()):
        display = shown(path)  # type: ignore[operator]
        if path.name.startswith("."):
            continue
        if path.is_dir():
            message = f"unexpected folder: {folder.name}/ holds {suffix} files, not folders"
            raw.problems.append(Problem(display, 1, f"{message}: move its files up into {folder.name}/"))
            continue
        if path.suffix != suffix:
            hint = " (rename it to .yaml)" if path.suffix == ".yml" else ""
            raw.problems.append(Problem(display, 1, f"unexpected file: files in {folder.name}/ end in {suffix}{hint}"))
            continue
        record_id = path.name[: -len(suffix)]
        if not _ID.match(record_id):
            raw.problems.append(
                Problem(
                    display,
                    1,
                    f"file name '{record_id}' is not a valid id: use lowercase letters, digits and single "
                    f"hyphens, e.g. '{_suggest_id(record_id)}{suffix}'",
                )
            )
            continue
        read = len(raw.files)
        if folder.name == "articles":
            _load_article(raw, record_id, path, display)
        else:
            _load_yaml_file(raw, folder.name, record_id, path, display)
        if len(raw.files) == read:
            raw.unreadable[record_id] = folder.name


def _suggest_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "my-record"


def _read_text(raw: RawContent, path: Path, display: str) -> str | None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raw.problems.append(
            Problem(display, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}: split it or trim it")
        )
        return None
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        raw.problems.append(Problem(display, 1, "file starts with a byte-order mark: save it as UTF-8 without BOM"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raw.problems.append(
            Problem(
                display,
                line,
                f"not valid UTF-8 (byte 0x{data[error.start]:02x}): save the file as UTF-8",
            )
        )
        return None
    if not text.strip():
        raw.problems.append(Problem(display, 1, "file is empty"))
        return None
    # A line or word past its limit is refused like a file past its size: nothing slow reads it.
    if over := file_problems(text, display):
        raw.problems.extend(over)
        return None
    return text


def _load_yaml_file(raw: RawContent, folder: str, record_id: str, path: Path, display: str) -> None:
    text = _read_text(raw, path, display)
    if text is None:
        return
    document, problems = read_yaml(text, display)
    raw.problems.extend(problems)
    if document is None:
        return
    if not isinstance(document.data, dict):
        found = "a list" if isinstance(document.data, list) else "a single value"
        raw.problems.append(
            Problem(display, document.line_of(()), f"expected a mapping of fields (name: value), found {found}")
        )
        return
    raw.files.append(RawFile(folder, record_id, display, document, source=text.splitlines()))


def _load_article(raw: RawContent, record_id: str, path: Path, display: str) -> None:
    text = _read_text(raw, path, display)
    if text is None:
        return
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raw.problems.append(
            Problem(display, 1, "article must start with front matter: a '---' line, title, publisher, … and '---'")
        )
        return
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if closing is None:
        raw.problems.append(Problem(display, 1, "front matter is not closed: add a '---' line after it"))
        return
    document, problems = read_yaml("\n".join(lines[1:closing]), display, first_line=2)
    raw.problems.extend(problems)
    if document is None:
        return
    if not isinstance(document.data, dict):
        raw.problems.append(Problem(display, 2, "front matter must be a mapping of fields (title: …)"))
        return
    blocks = parse_body(lines[closing + 1 :], first_line=closing + 2)
    raw.problems.extend(paragraph_problems(((b.line, b.text) for b in blocks if isinstance(b, Paragraph)), display))
    if not any(isinstance(block, Paragraph) for block in blocks):
        raw.problems.append(Problem(display, closing + 1, "article has no text after its front matter"))
        return
    raw.files.append(RawFile("articles", record_id, display, document, blocks))


def parse_body(lines: list[str], first_line: int) -> list[Paragraph | Heading]:
    """Split an article body into headings and numbered paragraphs (blank-line separated)."""
    blocks: list[Paragraph | Heading] = []
    current: list[str] = []
    start = first_line
    paragraphs = 0  # counted as they come: recounting the blocks made long articles quadratic

    def flush() -> None:
        nonlocal paragraphs
        if current:
            paragraphs += 1
            blocks.append(Paragraph(paragraphs, " ".join(current), start))
            current.clear()

    for offset, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            flush()
        elif not current and (heading := _HEADING.match(stripped)):
            blocks.append(Heading(len(heading.group(1)), heading.group(2), first_line + offset))
        else:
            if not current:
                start = first_line + offset
            current.append(stripped)
    flush()
    return blocks
