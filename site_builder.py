"""Command line for the dossier (`python site_builder.py --help`) and its MkDocs hook.

As a hook (`hooks: [site_builder.py]` in mkdocs.yml) it runs the pipeline before MkDocs cleans
the output folder, so invalid content leaves the previous site as it was, and it hands the
generated pages to MkDocs in memory.
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    # A command runs once and exits: Python's cycle collector would only re-scan objects that all
    # live until then (a tenth of `check` on a large dossier). The MkDocs hook leaves it alone.
    gc.disable()

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from dossier import cli  # noqa: E402
from dossier.errors import ContentError  # noqa: E402
from dossier.pipeline import BuildResult, build_pages  # noqa: E402
from dossier.search import improve_index  # noqa: E402

log = logging.getLogger("mkdocs.dossier")
_built: BuildResult | None = None


def _sources(config: Any) -> tuple[Path, Path]:
    # content/ sits beside the mkdocs.yml in use, so a test can build any dossier with this hook.
    project = Path(config.config_file_path).resolve().parent
    templates = project / "templates" if (project / "templates").is_dir() else HERE / "templates"
    return project / "content", templates


def on_config(config: Any) -> Any:
    """Make `mkdocs serve` rebuild when content, templates or the package change."""
    for path in (*_sources(config), HERE / "dossier"):
        if str(path) not in config.watch:
            config.watch.append(str(path))
    return config


def on_pre_build(config: Any) -> None:
    """Build every page before MkDocs touches site_dir; abort with every problem on bad content."""
    from mkdocs.exceptions import PluginError

    global _built
    content, templates = _sources(config)
    try:
        _built = build_pages(content, templates)
    except ContentError as error:
        raise PluginError(f"the dossier's content has errors; the site was left as it was:\n{error}") from None
    for warning in _built.warnings:
        # INFO, not WARNING: editors' near-miss warnings must not fail `mkdocs build --strict`.
        log.info(str(warning))


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages to the hand-written ones, as in-memory files."""
    from mkdocs.structure.files import File

    assert _built is not None
    for path, content in _built.pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
            log.warning(f"content/pages/{path} is replaced by the generated page of the same name")
        files.append(File.generated(config, path, content=content))
    return files


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Flag a hand-written page that the nav leaves out (generated record pages are left out on purpose)."""
    assert _built is not None
    in_nav = {page.file.src_uri for page in nav.pages}
    for file in files.documentation_pages():
        if file.src_uri not in _built.pages and file.src_uri not in in_nav:
            log.warning(f"content/pages/{file.src_uri} is in no menu: add it under nav in mkdocs.yml")
    return nav


def on_post_build(config: Any) -> None:
    """Teach the search index the records' aliases and the other spelling of each word."""
    assert _built is not None
    improve_index(Path(config.site_dir), _built.aliases, config.use_directory_urls)


if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:]))
