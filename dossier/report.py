"""Show problems as workflow annotations, so GitHub puts each on its line of the pull request.

The escaping follows GitHub's own toolkit (@actions/core, command.ts): in the message, %, CR and
LF; in properties such as file and title, also ':' and ','.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Problem

TITLE = "Dossier check"


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (file=…, title=…)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, file: str) -> str:
    """Return the `::error …::message` (or `::warning`) line for one problem in `file`."""
    properties = ",".join(
        f"{name}={escape_property(value)}"
        for name, value in (("file", file), ("line", str(problem.line)), ("title", TITLE))
    )
    return f"::{problem.severity} {properties}::{escape_data(problem.message)}"


def repository_path(problem: Problem, content_dir: Path, workspace: Path) -> str:
    """Return the problem's file relative to the repository, as GitHub names files in a pull request."""
    # Problem paths start at the content folder's parent (content/actors/x.yaml).
    path = content_dir.resolve().parent / problem.path
    return Path(os.path.relpath(path, workspace.resolve())).as_posix()
