"""The whole build as one function that reads top to bottom: load → validate → link → render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .load import load_content
from .model import Dossier
from .validate import validate_content


@dataclass
class CheckResult:
    dossier: Dossier
    warnings: list[Problem]


def check_dossier(content_dir: Path) -> CheckResult:
    """Load and validate content/; raise ContentError with every error found."""
    raw = load_content(content_dir)
    dossier, warnings = validate_content(raw)
    return CheckResult(dossier, warnings)
