"""The site's own files (stylesheet, script) that templates/assets/ holds: copied into the site as they are."""

from __future__ import annotations

from pathlib import Path


def asset_paths(templates_dir: Path) -> list[str]:
    """The paths, from the site root, of the files copy_assets gives the site."""
    folder = templates_dir / "assets"
    return [f"assets/{asset.name}" for asset in sorted(folder.glob("*"))] if folder.is_dir() else []


def copy_assets(templates_dir: Path) -> dict[str, str]:
    """Return every file of templates/assets/, keyed by its path from the site root."""
    return {path: (templates_dir / path).read_text(encoding="utf-8") for path in asset_paths(templates_dir)}
