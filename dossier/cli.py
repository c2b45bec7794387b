"""The editor's and maintainer's commands: check, new, ingest, export, schemas."""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path, PurePosixPath

from .dates import PartialDate
from .errors import ContentError, DossierError, Problem, os_error_message
from .ingest import article_id, article_name_warnings, ingest_text, run_on_lines
from .kinds import KINDS
from .load import read_article, record_folders
from .pipeline import check_dossier
from .report import annotation, repository_path
from .schema import check_id
from .validate import validate_article

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT / "content"


def main(argv: list[str]) -> int:
    """Run one command; return the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ContentError as error:
        _report(error.problems)
        print(f"{sum(p.is_error for p in error.problems)} error(s); nothing was written.", file=sys.stderr)
        return 1
    except DossierError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        # The machine's part: a full disk, a read-only or missing folder, a file where a folder should be.
        # A failed write() names no file: name the folder the command writes into.
        where = error.filename if error.filename is not None else getattr(args, "out", None)
        print(f"error: {os_error_message(error, 'cannot read or write', where)}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site_builder.py", description="Build and check a briefing dossier from content/."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate content/ without building the site")
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content/)")
    check.add_argument(
        "--format",
        choices=["auto", "text", "github"],
        default="auto",
        help="text: path:line: message; github: also workflow annotations; auto (default): github under "
        "GitHub Actions, else text",
    )
    check.set_defaults(run=_check)

    new = commands.add_parser("new", help="start a fact sheet from a commented template that passes check")
    scaffolded = [kind.name for kind in KINDS.values() if kind.scaffold]
    new.add_argument("kind", choices=scaffolded, help="the kind of fact sheet")
    new.add_argument("id", help="its id: lowercase letters, digits and single hyphens")
    new.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    new.set_defaults(run=_new)

    export = commands.add_parser("export", help="write the site's Markdown pages to a folder")
    export.add_argument("--out", type=Path, required=True, help="folder to write the pages into")
    export.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    export.add_argument("--templates", type=Path, default=PROJECT / "templates")
    export.add_argument(
        "--force", action="store_true", help="replace an earlier export in --out (only the files it wrote)"
    )
    export.set_defaults(run=_export)

    ingest = commands.add_parser(
        "ingest", help="import an article (plain text or a saved web page) into content/articles/"
    )
    ingest.add_argument(
        "file", type=Path, help="the article as plain text, one paragraph per line, or a saved web page (.html)"
    )
    ingest.add_argument(
        "--wrapped", action="store_true", help="paragraphs are separated by blank lines, not one a line"
    )
    # Required for plain text; a saved web page usually gives them (and --author, --url) itself.
    ingest.add_argument("--title", help="the headline (required for plain text)")
    ingest.add_argument("--publisher", help="the outlet; 'Unattributed' when unknown (required for plain text)")
    ingest.add_argument("--published", help="YYYY, YYYY-MM or YYYY-MM-DD (required for plain text)")
    ingest.add_argument("--author", help="who wrote it, as the byline gives it")
    ingest.add_argument("--url", help="http(s) address of the original")
    ingest.add_argument("--reliability", default="F", choices=list("ABCDEF"), help="Admiralty grade (default F)")
    ingest.add_argument("--language", default="en")
    ingest.add_argument("--via", help="the original source, when this outlet reproduces another's report")
    ingest.add_argument("--notes", help="what is known about this source")
    ingest.add_argument("--id", dest="record_id", help="article id (default: publisher-date)")
    ingest.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    ingest.set_defaults(run=_ingest)

    schemas = commands.add_parser("schemas", help="write the JSON Schemas of every kind of file (for editors)")
    schemas.add_argument("--out", type=Path, default=PROJECT / "schemas", help="folder (default: schemas/)")
    schemas.add_argument("--check", action="store_true", help="write nothing; fail if the files are out of date")
    schemas.set_defaults(run=_schemas)

    changes = commands.add_parser("changes", help="say what changed in the dossier between two git revisions")
    changes.add_argument("base", nargs="?", help="revision to compare from (default: merge base with main)")
    changes.add_argument("head", nargs="?", help="revision to compare to (default: the working tree)")
    changes.add_argument("--format", choices=["markdown", "json"], default="markdown")
    changes.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    changes.set_defaults(run=_changes)
    return parser


def _report(problems: list[Problem]) -> None:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    try:
        result = check_dossier(args.content)
    except ContentError as error:
        _report(error.problems)
        _annotate(error.problems, args)
        errors = sum(p.is_error for p in error.problems)
        # Names, conflicts and placeholders are judged on a valid dossier only: say so, or "0 warnings" misleads.
        summary = f"{errors} error(s), {len(error.problems) - errors} warning(s)"
        print(f"{summary}; fix the errors to see the warnings about names, conflicts and placeholders", file=sys.stderr)
        return 1
    _report(result.warnings)
    _annotate(result.warnings, args)
    print(f"content OK: {len(result.dossier.all_ids())} records, {len(result.warnings)} warning(s)")
    return 0


def _annotate(problems: list[Problem], args: argparse.Namespace) -> None:
    """Print GitHub workflow annotations too, when asked or when running in GitHub Actions."""
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    if args.format == "text" or (args.format == "auto" and not in_actions):
        return
    workspace = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    for problem in sorted(problems):
        print(annotation(problem, repository_path(problem, args.content, workspace)))


def _new(args: argparse.Namespace) -> int:
    from .scaffold import new_record  # Jinja: only `new` fills a template

    scaffold = new_record(args.kind, args.id, args.content, PROJECT / "templates")
    print(f"wrote {os.path.relpath(scaffold.path)}. Next:")
    print("  1. fill in every line marked TODO: the comment beside each field says what it takes;")
    if scaffold.source:
        print(f"  2. replace the placeholder source {scaffold.source} with the paragraphs that support the text;")
    else:
        print("  2. add an article (`python site_builder.py ingest`), then cite its paragraphs in sources;")
    print("  3. run `python site_builder.py check` until it shows no warning for this file.")
    return 0


def _schemas(args: argparse.Namespace) -> int:
    from .editor_schemas import outdated_schemas, write_schemas  # with the history's models: `check` needs neither

    if args.check:
        outdated = outdated_schemas(args.out)
        for name in outdated:
            print(f"{os.path.relpath(args.out / name)} is out of date: run `make schemas`", file=sys.stderr)
        return 1 if outdated else 0
    written = write_schemas(args.out)
    print(f"wrote {len(written)} schemas to {os.path.relpath(args.out)}")
    return 0


def _changes(args: argparse.Namespace) -> int:
    from .changes import compare_revisions, markdown_report

    report = compare_revisions(args.content, args.base, args.head)
    if args.format == "json":
        print(report.model_dump_json(indent=1))
    else:
        print(markdown_report(report), end="")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    # lxml and trafilatura take a third of a second to import: only `ingest` pays for them, not `check`.
    from .webpage import fill_in_metadata, read_source

    # A saved web page brings its own text and metadata; the flags fill in or override (webpage.py).
    try:
        source = read_source(args.file)
    except (OSError, UnicodeDecodeError) as error:
        reason = "it is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else error.strerror
        raise DossierError(f"{args.file}: cannot read the article: {reason}") from None
    for line in fill_in_metadata(vars(args), source, str(args.file)):
        print(line)
    try:
        published = PartialDate.parse(args.published).iso
    except ValueError as error:
        raise DossierError(f"--published: {error}") from None
    if args.url and not args.url.startswith(("http://", "https://")):
        raise DossierError("--url: only http:// and https:// addresses are allowed")
    record_id = args.record_id or article_id(args.publisher, published)
    try:
        check_id(record_id)  # a plain slug: nothing like '../x' can lead the file out of content/articles/
    except ValueError as error:
        raise DossierError(f"--id: {error}") from None
    folder = args.content / KINDS["article"].folder
    if not args.content.is_dir():
        # Never a new content folder, wherever --content points: only an existing one gets the article.
        raise DossierError(f"{os.path.relpath(args.content)} is not a folder: --content names an existing content/")
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise DossierError(f"{os.path.relpath(folder)} is not a folder: ingest writes only into content/articles/")
    target = folder / f"{record_id}.md"
    if os.path.lexists(target):
        raise DossierError(f"{os.path.relpath(target)} already exists: choose another --id or edit that file")
    for other in (args.content / kind / f"{record_id}.yaml" for kind in record_folders()):
        if os.path.lexists(other):
            raise DossierError(f"id '{record_id}' is already used by {os.path.relpath(other)}: choose another --id")
    metadata = {
        "title": args.title,
        "publisher": args.publisher,
        "author": args.author,
        "published": published,
        "url": args.url,
        "reliability": args.reliability,
        "language": args.language,
        "via": args.via,
        "notes": args.notes,
    }
    raw = source.text
    run_on = [] if args.wrapped or source.is_page else run_on_lines(raw)
    if run_on:
        lines = "\n".join(f"{args.file}:{n}: this line runs on into line {n + 1}" for n in run_on)
        raise DossierError(
            f"the text seems hard-wrapped: one paragraph over several lines.\n{lines}\n"
            "Read one paragraph a line, each piece would become a paragraph. If blank lines separate the "
            "paragraphs, run again with --wrapped; otherwise join the lines of each paragraph. Nothing was written."
        )
    article = ingest_text(raw, metadata, wrapped=args.wrapped, page_headings=source.headings)
    refused = _refusals(article.text, record_id, args.file)
    if refused:
        shown = "\n".join(refused)
        raise DossierError(f"check would refuse this article:\n{shown}\nNothing was written.")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as file:  # "x": never through a link planted at that name
            file.write(article.text)
    except OSError as error:
        raise DossierError(f"cannot write {os.path.relpath(target)}: {error.strerror}") from None
    shown = os.path.relpath(target)
    counts = f"{_count(len(article.paragraphs), 'paragraph')}, {_count(len(article.headings), 'sub-heading')}"
    print(f"wrote {shown}: {counts}")
    for note in article.dropped:
        print(f"{args.file}: {note}")
    try:
        warnings = article_name_warnings(args.content, record_id)
    except ContentError as error:
        errors = sum(p.is_error for p in error.problems)
        print(f"names not checked: content/ has {errors} error(s); run `python site_builder.py check`")
        return 0
    if warnings:
        print("names to look at: add a spelling to a record's aliases, or a new record, or leave it:")
    for warning in warnings:
        print(warning)
    return 0


def _refusals(text: str, record_id: str, source: Path) -> list[str]:
    """Read the article about to be written with check's own reader and schema; say what it would refuse.

    Each problem is told against the option or the input file it comes from, not the file not yet written.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{record_id}.md"
        path.write_text(text, encoding="utf-8")
        file, problems = read_article(path, record_id, path.name)
    if file is not None:
        problems += validate_article(file)
    # Which option wrote each front-matter line: a value with a line break takes several.
    option: dict[int, str] = {}
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line == "---":
            break
        if (key := re.match(r"([a-z]+):", line)) or number - 1 in option:
            option[number] = f"--{key.group(1)}" if key else option[number - 1]
    return [f"{option.get(p.line, source)}: {p.message}" for p in sorted(problems) if p.is_error]


def _export(args: argparse.Namespace) -> int:
    from .pipeline import build_pages

    out = args.out.resolve()
    _refuse_export_folder(out, args)
    earlier = _earlier_export(out, args.force)
    result = build_pages(args.content, args.templates)
    _report(result.warnings)
    hand_written = args.content / "pages"
    files = {path: text.encode("utf-8") for path, text in result.pages.items()}
    for page in sorted(hand_written.rglob("*")) if hand_written.is_dir() else []:
        hidden = any(part.startswith(".") for part in page.relative_to(hand_written).parts)
        if page.is_file() and not hidden:  # as `check` and MkDocs skip hidden files and folders
            files.setdefault(page.relative_to(hand_written).as_posix(), page.read_bytes())
    for path in sorted(files):
        target = out / path
        if not _inside(out, target):
            raise DossierError(f"refusing to write {os.path.relpath(target)}: a link leads it out of {args.out}")
        if os.path.lexists(target) and path not in earlier:
            raise DossierError(
                f"{os.path.relpath(target)} exists and an earlier export did not write it: move it away, "
                "or export into an empty folder"
            )
    # Only now is anything touched: files an earlier export wrote and this one does not are removed.
    for path in sorted(set(earlier) - set(files)):
        stale = out / path
        if not _inside(out, stale):
            continue  # reached through a symbolic link: nothing outside the export folder is touched
        if stale.is_file() or stale.is_symlink():
            stale.unlink()
        for folder in stale.parents:  # the folders it leaves empty, up to the export folder
            if folder == out or folder.is_symlink() or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
    for path, data in sorted(files.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    manifest = "".join(f"{path}\n" for path in sorted(files))
    (out / EXPORT_MANIFEST).write_text(_MANIFEST_HEADER + manifest, encoding="utf-8")
    print(f"wrote {len(files)} files to {args.out}")
    return 0


EXPORT_MANIFEST = ".dossier-export"
_MANIFEST_HEADER = "# Files written by `site_builder.py export`; `export --force` replaces exactly these.\n"


def _refuse_export_folder(out: Path, args: argparse.Namespace) -> None:
    """Refuse an export folder that holds or is the project, the home folder, or a file."""
    # The folders being read, not only the project's own: a build never writes into its sources.
    for protected in (args.content, args.templates, PROJECT / "content", PROJECT / "templates"):
        if out == protected.resolve() or protected.resolve() in out.parents:
            raise DossierError(f"refusing to write into {os.path.relpath(protected)}/: choose another --out")
    # Nor into a folder that holds them (the project, '/'): --force would remove only what export wrote,
    # but an export into a project's root mixes pages with the sources.
    for source in (args.content.resolve(), args.templates.resolve(), PROJECT):
        if out in source.parents:
            raise DossierError(f"refusing to write into {args.out}: it holds {source}; export into a folder of its own")
    if out == Path.home().resolve():
        raise DossierError(f"refusing to write into {args.out}: it is the home folder; choose a folder of its own")
    if out.exists() and not out.is_dir():
        raise DossierError(f"{args.out} is not a folder")


def _inside(out: Path, path: Path) -> bool:
    """Say whether `path` is a file name inside `out` itself, not reached through a symbolic link."""
    folder = path.parent.resolve()
    return not path.is_symlink() and (folder == out or out in folder.parents)


def _earlier_export(out: Path, force: bool) -> set[str]:
    """Return the files an earlier export wrote into `out`; refuse a folder that holds anything else."""
    if not out.is_dir() or not any(out.iterdir()):
        return set()
    manifest = out / EXPORT_MANIFEST
    if not force:
        raise DossierError(
            f"{out} is not empty: export into an empty folder, or add --force to replace an earlier export there"
        )
    if not manifest.is_file() or manifest.is_symlink():
        raise DossierError(
            f"{out} is not empty and an earlier export did not write it (there is no {EXPORT_MANIFEST}): "
            "choose an empty folder"
        )
    listed = set()
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = PurePosixPath(line).parts
        if PurePosixPath(line).is_absolute() or ".." in parts or not parts or line != PurePosixPath(line).as_posix():
            raise DossierError(f"{manifest} lists '{line}', which export never writes: delete that line")
        listed.add(line)
    return listed


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
