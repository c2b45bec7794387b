"""Command line for the dossier (`python site_builder.py --help`) and its MkDocs hook.

As a hook (`hooks: [site_builder.py]` in mkdocs.yml) it runs the pipeline before MkDocs writes
anything, hands the generated pages to MkDocs in memory, and has MkDocs write the site into a new
folder beside site_dir that replaces site_dir only once the whole build, strict warnings included,
has succeeded: a failed build leaves the previous site as it was.
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
from dossier.errors import ContentError, DossierError, os_error_message, shown_path  # noqa: E402
from dossier.pipeline import BuildResult, build_pages  # noqa: E402
from dossier.publish import StagedSite  # noqa: E402
from dossier.render import compiled_templates  # noqa: E402
from dossier.search import improve_index  # noqa: E402

log = logging.getLogger("mkdocs.dossier")
_built: BuildResult | None = None
# The build in progress: where MkDocs writes, and the config whose site_dir it borrowed.
_staged: tuple[StagedSite, Any] | None = None
# Counts what MkDocs' own strict-mode counter counts, which MkDocs reads only after on_post_build.
_warnings: Any = None


def _sources(config: Any) -> tuple[Path, Path]:
    # content/ sits beside the mkdocs.yml in use, so a test can build any dossier with this hook.
    project = Path(config.config_file_path).resolve().parent
    templates = project / "templates" if (project / "templates").is_dir() else HERE / "templates"
    return project / "content", templates


def on_config(config: Any) -> Any:
    """Make `mkdocs serve` rebuild when content, templates or the package change; count warnings."""
    from mkdocs.utils import CountHandler

    global _warnings
    for path in (*_sources(config), HERE / "dossier"):
        if str(path) not in config.watch:
            config.watch.append(str(path))
    # As MkDocs' build() does: on the 'mkdocs' logger, WARNING and above, in strict mode only.
    logging.getLogger("mkdocs").removeHandler(_warnings)
    _warnings = CountHandler()
    _warnings.setLevel(logging.WARNING)
    if config.strict:
        logging.getLogger("mkdocs").addHandler(_warnings)
    return config


def on_pre_build(config: Any) -> None:
    """Build every page before MkDocs touches site_dir; abort with every problem on bad content."""
    from mkdocs.exceptions import PluginError

    global _built, _staged
    content, templates = _sources(config)
    try:
        _built = build_pages(content, templates, config.use_directory_urls)
    except ContentError as error:
        raise PluginError(f"the dossier's content has errors; the site was left as it was:\n{error}") from None
    except DossierError as error:
        raise PluginError(f"{error}; the site was left as it was") from None
    except OSError as error:
        raise PluginError(os_error_message(error, "cannot read") + "; the site was left as it was") from None
    for warning in _built.warnings:
        # INFO, not WARNING: editors' near-miss warnings must not fail `mkdocs build --strict`.
        log.info(str(warning))
    # MkDocs empties and fills config.site_dir next: lend it a new folder instead (`serve` too).
    try:
        staged = StagedSite(Path(config.site_dir))
    except DossierError as error:
        raise PluginError(str(error)) from None
    _staged = (staged, config)
    config.site_dir = str(staged.folder)


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


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Render the theme (templates/theme/ over Material) in Jinja's sandbox, as our own templates are.

    A theme template that reaches for Python's internals (`cycler.__init__.__globals__.os`) fails
    the build instead of running commands. The real site comes out byte for byte the same.
    """
    import jinja2.sandbox

    sandboxed = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=env.loader, auto_reload=False, extensions=[type(extension) for extension in env.extensions.values()]
    )
    sandboxed.filters.update(env.filters)
    sandboxed.tests.update(env.tests)
    sandboxed.policies.update(env.policies)
    sandboxed.globals.update({**env.globals, "range": sandboxed.globals["range"]})  # the sandbox's range
    sandboxed.newstyle_gettext = getattr(env, "newstyle_gettext", False)  # type: ignore[attr-defined]  # as i18n set it
    # Compiled once a process (`mkdocs serve` rebuilds), for each way MkDocs may set the environment up.
    extensions = tuple(sorted(sandboxed.extensions))
    sandboxed.bytecode_cache = compiled_templates("theme", extensions, sandboxed.newstyle_gettext)  # type: ignore[attr-defined]
    return sandboxed


def on_post_build(config: Any) -> None:
    """Teach the search index aliases and spellings, then swap the new site in (unless strict mode fails)."""
    from mkdocs.exceptions import PluginError

    assert _built is not None
    # config.site_dir is still the new folder here: the index is improved before anyone can see it.
    improve_index(Path(config.site_dir), _built.aliases, config.use_directory_urls)
    staged = _unstage()
    if staged is None:
        return
    if _warnings.get_counts():
        # MkDocs counts the same warnings right after this and aborts the build.
        staged.discard()
        return
    try:
        left = staged.publish()
    except DossierError as error:
        raise PluginError(str(error)) from None
    if left is not None:
        # INFO: the build succeeded, and a warning now would fail it after the fact in strict mode.
        log.info(f"the previous site could not be removed entirely: remove {shown_path(left)} by hand")


# Last of every plugin's on_post_build, so that what they write (the search index…) is in the new
# site. This is what mkdocs.plugins.event_priority(-100) sets; importing it would slow every command.
on_post_build.mkdocs_priority = -100  # type: ignore[attr-defined]


def on_build_error(error: Exception) -> None:
    """Drop the half-built site, and say in one line why a file could not be written or a template failed."""
    import jinja2
    from mkdocs.exceptions import PluginError

    from dossier.pipeline import template_error

    staged = _unstage()
    if staged is None:
        return
    staged.discard()
    if isinstance(error, OSError):
        # MkDocs' own writes (a full disk…) would end in a traceback: a PluginError ends in one line.
        raise PluginError(f"{staged.failed_write(error)}; the site was left as it was") from None
    if isinstance(error, jinja2.TemplateError):
        # A theme template that is broken, or that the sandbox stopped (on_env): one line at its place.
        where = template_error(error, HERE / "templates" / "theme")
        raise PluginError(f"{where}; the site was left as it was") from None


def on_shutdown() -> None:
    """Drop a half-built site that no other event saw fail (Ctrl-C skips on_build_error)."""
    staged = _unstage()
    if staged is not None:
        staged.discard()


def _unstage() -> StagedSite | None:
    """End the build in progress, if any: give MkDocs back its site_dir, return the new folder."""
    global _staged
    if _staged is None:
        return None
    staged, config = _staged
    _staged = None
    config.site_dir = str(staged.site_dir)
    return staged


if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:]))
