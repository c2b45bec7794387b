"""The project's own error types: every problem an editor can cause names a file and a line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a look) in one file, at one line."""

    path: str
    line: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {label}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class DossierError(Exception):
    """Base of every error the project raises on purpose."""


class ContentError(DossierError):
    """The content cannot be built; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def os_error_message(error: OSError, doing: str, path: str | os.PathLike[str] | None = None) -> str:
    """Say in one line what failed on which path and why (a full disk, a read-only folder…)."""
    where = path if path is not None else error.filename
    reason = error.strerror or str(error) or type(error).__name__
    return f"{doing} {shown_path(where)}: {reason}" if isinstance(where, (str, os.PathLike)) else f"{doing}: {reason}"


def shown_path(path: str | os.PathLike[str]) -> str:
    """Return a path as an editor would type it: relative when it is under the current folder."""
    relative = os.path.relpath(path)
    return os.fspath(path) if relative.startswith("..") else relative


def did_you_mean(word: str, candidates: object) -> str:
    """Return ' (did you mean 'x'?)' for the closest candidate, or ''."""
    import difflib

    names = [str(c) for c in candidates]  # type: ignore[attr-defined]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""
