"""Command line for the dossier (`python site_builder.py --help`) and its MkDocs hook.

As a hook (`hooks: [site_builder.py]` in mkdocs.yml) it runs the pipeline before MkDocs writes
anything, hands the generated pages to MkDocs in memory, and has MkDocs write the site into a new
folder beside site_dir that replaces site_dir only once the whole build, strict warnings included,
has succeeded: a failed build leaves the previous site as it was. The editor's preview,
`mkdocs serve --dirty` (`make serve`), instead builds in serve's own folder and converts again only
the pages whose Markdown changed (dossier/preview.py).
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from dossier.preview import Preview, cache_folder, quiet_dirty_warning  # noqa: E402
from dossier.publish import StagedSite  # noqa: E402
from dossier.theme_files import list_without_hidden_files  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from dossier.search import Entry

log = logging.getLogger("mkdocs.dossier")
_built: BuildResult | None = None
# The build in progress: where MkDocs writes, and the config whose site_dir it borrowed.
_staged: tuple[StagedSite, Any] | None = None
# Counts what MkDocs' own strict-mode counter counts, which MkDocs reads only after on_post_build.
_warnings: Any = None
# The editor's fast preview, `mkdocs serve --dirty` (`make serve`); None for every other command.
_preview: Preview | None = None


def _sources(config: Any) -> tuple[Path, Path]:
    # content/ sits beside the mkdocs.yml in use, so a test can build any dossier with this hook.
    project = Path(config.config_file_path).resolve().parent
    templates = project / "templates" if (project / "templates").is_dir() else HERE / "templates"
    return project / "content", templates


def on_startup(command: str, dirty: bool) -> None:
    """Under `mkdocs serve --dirty`, keep the pages in a cache so that unchanged pages are not built again."""
    global _preview
    _preview = Preview() if command == "serve" and dirty else None
    if _preview is not None:
        quiet_dirty_warning()
        _preview.start()


def on_config(config: Any) -> Any:
    """Make `mkdocs serve` rebuild when content, templates or the package change; count warnings; list the
    theme's files without Material's 14,348 icons (dossier/theme_files.py)."""
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
    list_without_hidden_files(config.theme)
    return config


def on_pre_build(config: Any) -> None:
    """Build every page before MkDocs touches site_dir; abort with every problem on bad content."""
    from mkdocs.exceptions import PluginError

    global _built, _staged
    if _preview is not None:
        _preview.before_build()
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
    if _preview is not None:
        # serve's own temporary folder, which nobody publishes: after a change of content the preview
        # updates it in place, and MkDocs converts only the pages whose Markdown changed (on_files).
        theme = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        if not _preview.needs_whole_site([Path(config.config_file_path), *theme]):
            return
        _preview.before_whole_site()
    # MkDocs empties and fills config.site_dir next: lend it a new folder instead (`serve` too).
    try:
        staged = StagedSite(Path(config.site_dir))
    except DossierError as error:
        raise PluginError(str(error)) from None
    _staged = (staged, config)
    config.site_dir = str(staged.folder)


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages to the hand-written ones: in memory, or under the preview from its cache."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    assert _built is not None
    cached: dict[str, Path] = {}
    if _preview is not None:
        try:
            cached = _preview.write(cache_folder(Path(config.config_file_path)), _built.pages)
        except OSError as error:
            raise PluginError(os_error_message(error, "cannot write the preview's pages")) from None
    for path, content in _built.pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
            log.warning(f"content/pages/{path} is replaced by the generated page of the same name")
        if path in cached:
            # A file's time tells MkDocs' dirty build whether to convert the page again.
            files.append(File.generated(config, path, abs_src_path=str(cached[path])))
        else:
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
    from dossier.compiled_templates import compiled_templates

    extensions = tuple(sorted(sandboxed.extensions))
    sandboxed.bytecode_cache = compiled_templates("theme", extensions, sandboxed.newstyle_gettext)  # type: ignore[attr-defined]
    return sandboxed


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Keep serving the last site built while a rebuild fails, rather than stall every page until it is fixed."""
    from mkdocs.exceptions import Abort

    def rebuild() -> None:
        try:
            builder()
        except Abort as error:
            # MkDocs has said what failed (the content's errors, `path:line: message`); the site is as it was.
            log.error(f"{error.message} The preview keeps serving what it last built until a save fixes this.")

    server.builder = rebuild
    return server


def on_post_build(config: Any) -> None:
    """Write the search index, then swap the new site in (unless strict mode fails)."""
    from mkdocs.exceptions import PluginError

    assert _built is not None
    site, docs, built, urls = Path(config.site_dir), Path(config.docs_dir), _built, config.use_directory_urls
    if _staged is None and _preview is not None:
        # The preview after a save, in serve's own folder: the page shows now, the index follows (the
        # search finds the text before this save until then). Made from the dossier, it sees every record.
        def index(checked: Callable[[Iterable[Entry]], Iterable[Entry]]) -> None:  # the entries are made there
            log.info(_index_search(site, docs, checked(built.each_search_entry()), built.pages, urls))

        _preview.index_later(index)
        return
    # config.site_dir is still the new folder here: the index is written before anyone can see it.
    try:
        log.info(_index_search(site, docs, built.each_search_entry(), built.pages, urls))
    except Exception as error:  # the binary missing or failing: one line, not a traceback
        raise PluginError(f"the search index could not be written: {error}; the site was left as it was") from None
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
    if _preview is not None:
        _preview.built_whole_site()
    if left is not None:
        # INFO: the build succeeded, and a warning now would fail it after the fact in strict mode.
        log.info(f"the previous site could not be removed entirely: remove {shown_path(left)} by hand")


def _index_search(site: Path, docs: Path, entries: Iterable[Entry], pages: dict[str, str], urls: bool) -> str:
    """Index the records' entries and the hand-written pages of the site in `site` with Pagefind; say so in one line."""
    from dossier.search import index_site

    started = time.perf_counter()
    count = index_site(site, docs, entries, pages, urls)
    return f"search: {count} entries indexed by Pagefind in {time.perf_counter() - started:.1f} s"


# Last of every plugin's on_post_build, so that what they write (the search index…) is in the new
# site. This is what mkdocs.plugins.event_priority(-100) sets; importing it would slow every command.
on_post_build.mkdocs_priority = -100  # type: ignore[attr-defined]


def on_build_error(error: Exception) -> None:
    """Drop the half-built site, and say in one line why a file could not be written or a template failed."""
    import jinja2
    from mkdocs.exceptions import PluginError

    from dossier.pipeline import template_error

    if _preview is not None:
        _preview.build_failed()
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
    """Drop a half-built site that no other event saw fail (Ctrl-C skips on_build_error); end the preview."""
    global _preview
    if _preview is not None:
        _preview.close()  # its index stops between two entries, or once Pagefind has written it
    _preview = None
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
