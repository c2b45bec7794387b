"""The theme's files as MkDocs copies them, listed without walking Material's icons (dossier/theme_files.py)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from conftest import ROOT
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from dossier.theme_files import ThemeLoader


def copied(config: MkDocsConfig, env: jinja2.Environment) -> list[str]:
    files = Files([])
    files.add_files_from_theme(env, config)
    return [file.src_uri for file in files]


def test_the_hook_lists_the_files_mkdocs_copies_without_materials_icons() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    as_mkdocs_lists = copied(config, config.theme.get_env())
    config = config.plugins.on_config(config)  # the hook's on_config installs the loader
    wrapped = config.theme.get_env
    config = config.plugins.on_config(config)  # once: run again on the same config, it wraps nothing more
    assert config.theme.get_env is wrapped
    env = config.theme.get_env()
    assert isinstance(env.loader, ThemeLoader)
    assert copied(config, env) == as_mkdocs_lists
    assert any(name.startswith("assets/javascripts/bundle.") for name in as_mkdocs_lists)
    assert not any(part.startswith(".") for name in env.list_templates() for part in name.split("/"))
    # Templates are still found by name, the icons' included (Material reads them through Jinja too).
    assert env.get_template("main.html").filename == str(ROOT / "templates" / "theme" / "main.html")
    [icons] = [Path(folder) / ".icons" for folder in env.loader.searchpath if (Path(folder) / ".icons").is_dir()]
    icon = next((icons / "material").iterdir()).name
    assert env.loader.get_source(env, f".icons/material/{icon}")[0].startswith("<svg")
