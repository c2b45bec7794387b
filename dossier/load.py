"""Stage 1: read every file under content/ into raw, located data, without judging its fields."""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .kinds import BRIEF, KINDS
from .limits import MAX_FILE_BYTES, file_problems, paragraph_problems
from .model import Heading, Paragraph
from .schema import ID_PATTERN, MAX_ID_LENGTH, id_too_long
from .text import slug
from .yamlfile import YamlDocument, read_yaml


def record_folders() -> list[str]:
    """The folders of content/ that hold one YAML file per record (kinds.py declares them)."""
    return [kind.folder for kind in KINDS.values() if kind.shape == "sheets"]


def _single_files() -> list[str]:
    # The brief's file first: every dossier needs it.
    return [kind.folder for kind in (BRIEF, *KINDS.values()) if kind.shape in ("single", "entries")]


def _folders() -> dict[str, str]:
    """Each folder of content/ that holds records, with the ending of its files."""
    return {kind.folder: kind.suffix for kind in KINDS.values() if kind.shape in ("sheets", "markdown")}


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
class PageFile:
    """A file of content/pages/, which MkDocs publishes as it is; `text` only for Markdown and SVG."""

    name: str  # its path under content/pages/, with '/' between folders
    path: str  # as the editor sees it: content/pages/…
    text: str | None = None


@dataclass
class RawContent:
    files: list[RawFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    root: Path = Path(".")
    # Ids of files that exist but could not be read, with their folder: naming them is no new problem.
    unreadable: dict[str, str] = field(default_factory=dict)
    pages: list[PageFile] = field(default_factory=list)


def load_content(content_dir: Path, templates_dir: Path | None = None) -> RawContent:
    """Read content/ (and check templates/); every unreadable file becomes a Problem, and reading goes on."""
    content_dir = Path(content_dir)
    raw = RawContent(root=content_dir)
    # The project is the folder that holds content/, not the place a linked content/ leads to.
    project = content_dir.absolute().parent.resolve()
    shown_root = content_dir.absolute().name

    def shown(path: Path) -> str:
        # The path as the editor sees it, through any symbolic link: the link is what they can fix.
        return f"{shown_root}/{path.relative_to(content_dir).as_posix()}"

    def trusted(path: Path, display: str) -> bool:
        reason = untrusted(path, project)
        if reason:
            raw.problems.append(Problem(display, 1, reason))
        return reason is None

    if os.path.lexists(content_dir) and not trusted(content_dir, shown_root):
        return raw
    if not content_dir.is_dir():
        raw.problems.append(Problem(str(content_dir), 1, "content folder not found"))
        return raw

    singles = _single_files()
    for single in singles:
        path = content_dir / f"{single}.yaml"
        if os.path.lexists(path) and not trusted(path, shown(path)):
            continue
        if path.is_file():
            _load_yaml_file(raw, single, single, path, shown(path))
        elif single == BRIEF.folder:
            raw.problems.append(
                Problem(shown(path), 1, "missing: every dossier needs dossier.yaml (title, as_of, bottom_line)")
            )

    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in [f"{single}.yaml" for single in singles]:
            continue
        if not trusted(entry, shown(entry)):
            continue
        if entry.name == "pages" and entry.is_dir():
            _load_pages(raw, entry, shown(entry), project)
        elif entry.is_dir() and entry.name in _folders():
            _load_folder(raw, entry, shown, trusted)
        else:
            folders = [f"{folder}/" for folder in _folders()]
            raw.problems.append(
                Problem(
                    shown(entry),
                    1,
                    f"unexpected file or folder: content/ holds {', '.join(f'{s}.yaml' for s in singles)}, pages/, "
                    f"{folders[0]} and {', '.join(folders[1:])}",
                )
            )

    # Templates are read by the build and MkDocs copies templates/theme/: the same files-only rule holds.
    templates_dir = templates_dir if templates_dir is not None else project / "templates"
    shown_templates = os.path.relpath(templates_dir.absolute(), project)
    if templates_dir.is_dir() and trusted(templates_dir, shown_templates):
        _walk(raw, templates_dir, shown_templates, project)
    return raw


def untrusted(path: Path, project: Path) -> str | None:
    """Why `path` must not be read, or None: only files and folders inside the project are read."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return "symbolic link that leads nowhere (its target is missing, or it loops): put the file itself here"
            if not target.is_relative_to(project):
                return "symbolic link to a file or folder outside the project: put the file itself here"
            if any(part.startswith(".") for part in target.relative_to(project).parts):
                # .git/ holds the checkout's credentials, .env files hold secrets: never publish them.
                return "symbolic link to a hidden file or folder (a name starting with '.'): put the file itself here"
            info = target.stat()
    except OSError as error:
        return f"cannot be read ({error.strerror}): check the file's permissions"
    if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        return None
    # Checked before opening: opening a pipe waits for a writer forever, and a device never ends.
    return "not a regular file (a device, pipe or socket): only files and folders are read; remove it"


def _walk(
    raw: RawContent, folder: Path, display: str, project: Path, within: frozenset[Path] = frozenset()
) -> list[tuple[Path, str]]:
    """Every file under `folder` that may be read, with its shown path; hidden ones too: MkDocs walks them."""
    within = within | {folder.resolve()}
    files: list[tuple[Path, str]] = []
    for entry in sorted(folder.iterdir()):
        shown = f"{display}/{entry.name}"
        reason = untrusted(entry, project)
        if reason is None and entry.is_dir() and any(seen.is_relative_to(entry.resolve()) for seen in within):
            reason = "symbolic link to a folder that holds it: reading it would never end; remove it"
        if reason:
            raw.problems.append(Problem(shown, 1, reason))
        elif entry.is_dir():
            files += _walk(raw, entry, shown, project, within)
        else:
            files.append((entry, shown))
    return files


def _load_pages(raw: RawContent, folder: Path, display: str, project: Path) -> None:
    for path, shown in _walk(raw, folder, display, project):
        name = shown[len(display) + 1 :]
        if any(part.startswith(".") for part in name.split("/")):
            continue  # MkDocs never publishes hidden files
        page = PageFile(name, shown)
        if path.suffix.lower() in (".md", ".svg") and path.stat().st_size:
            page.text = _read_text(raw, path, shown)  # None, with a Problem, when it cannot be read
        raw.pages.append(page)


def _load_folder(
    raw: RawContent, folder: Path, shown: Callable[[Path], str], trusted: Callable[[Path, str], bool]
) -> None:
    suffix = _folders()[folder.name]
    for path in sorted(folder.iterdir()):
        display = shown(path)
        if path.name.startswith(".") or not trusted(path, display):
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
        if not _ID.fullmatch(record_id):
            raw.problems.append(
                Problem(
                    display,
                    1,
                    f"file name '{record_id}' is not a valid id: use lowercase letters, digits and single "
                    f"hyphens, e.g. '{slug(record_id, 'my-record')}{suffix}'",
                )
            )
            continue
        if len(record_id) > MAX_ID_LENGTH:
            raw.problems.append(Problem(display, 1, f"file name {id_too_long(record_id)}: shorten it"))
            continue
        read = len(raw.files)
        if suffix == ".md":
            _load_article(raw, record_id, path, display, folder.name)
        else:
            _load_yaml_file(raw, folder.name, record_id, path, display)
        if len(raw.files) == read:
            raw.unreadable[record_id] = folder.name


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
    # Windows (\r\n) and old Mac (\r) line endings become \n before anything counts or parses lines:
    # YAML and Markdown (and MkDocs, reading a page) take a lone \r as a line break too, and a file of
    # \r-ended lines would otherwise pass every per-line limit as one line.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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


def _load_article(raw: RawContent, record_id: str, path: Path, display: str, folder: str = "") -> None:
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
    if lines[closing][:1].isspace():  # else the fields after it would be reported missing, as if not written
        message = "front matter closing line '---' must start at the beginning of the line: remove the spaces before it"
        raw.problems.append(Problem(display, closing + 1, message))
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
    raw.files.append(RawFile(folder or KINDS["article"].folder, record_id, display, document, blocks))


def read_article(path: Path, record_id: str, display: str) -> tuple[RawFile | None, list[Problem]]:
    """Read one article file exactly as `load_content` does: its raw data, or the problems found."""
    raw = RawContent()
    _load_article(raw, record_id, path, display)
    return (raw.files[0] if raw.files else None), raw.problems


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
