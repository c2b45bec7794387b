"""The theme's folders, listed without the hidden files MkDocs would only throw away."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2


class ThemeLoader(jinja2.FileSystemLoader):
    """The loader MkDocs gives the theme (templates/theme/ over Material), listing no hidden file or folder.

    At every build MkDocs lists each file of the theme's folders to copy the static ones
    (`Files.add_files_from_theme`), then drops every path with a part that starts with a dot. Material
    keeps 14,348 of its 14,500 files under `.icons/`: walking and matching them took a tenth of a second
    a build, each save in the preview included. The same files are copied; templates load as before.
    """

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                within = Path(folder).relative_to(searchpath)
                found.update((within / name).as_posix() for name in names if not name.startswith("."))
        return sorted(found)


def list_without_hidden_files(theme: object) -> None:
    """Have MkDocs' `theme` (config.theme) hand out environments whose loader is a ThemeLoader."""
    get_env = theme.get_env  # type: ignore[attr-defined]

    def get_env_listing_without_hidden_files() -> jinja2.Environment:
        env = get_env()
        env.loader = ThemeLoader(theme.dirs)  # type: ignore[attr-defined]
        return env

    theme.get_env = get_env_listing_without_hidden_files  # type: ignore[attr-defined]
