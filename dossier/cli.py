"""The editor's and maintainer's commands: check, new, ingest, export, schemas."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .dates import PartialDate
from .editor_schemas import outdated_schemas, write_schemas
from .errors import ContentError, DossierError, Problem, os_error_message
from .ingest import article_id, article_name_warnings, ingest_text, run_on_lines
from .pipeline import check_dossier
from .report import annotation, repository_path
from .scaffold import FOLDERS, new_record

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
    new.add_argument("kind", choices=list(FOLDERS), help="the kind of fact sheet")
    new.add_argument("id", help="its id: lowercase letters, digits and single hyphens")
    new.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    new.set_defaults(run=_new)

    export = commands.add_parser("export", help="write the site's Markdown pages to a folder")
    export.add_argument("--out", type=Path, required=True, help="folder to write the pages into")
    export.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    export.add_argument("--templates", type=Path, default=PROJECT / "templates")
    export.set_defaults(run=_export)

    ingest = commands.add_parser("ingest", help="import a raw text article into content/articles/")
    ingest.add_argument("file", type=Path, help="the article as plain text, one paragraph per line")
    ingest.add_argument(
        "--wrapped", action="store_true", help="paragraphs are separated by blank lines, not one a line"
    )
    ingest.add_argument("--title", required=True)
    ingest.add_argument("--publisher", required=True, help="the outlet; 'Unattributed' when unknown")
    ingest.add_argument("--published", required=True, help="YYYY, YYYY-MM or YYYY-MM-DD")
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
    if args.check:
        outdated = outdated_schemas(args.out)
        for name in outdated:
            print(f"{os.path.relpath(args.out / name)} is out of date: run `make schemas`", file=sys.stderr)
        return 1 if outdated else 0
    written = write_schemas(args.out)
    print(f"wrote {len(written)} schemas to {os.path.relpath(args.out)}")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    try:
        published = PartialDate.parse(args.published).iso
    except ValueError as error:
        raise DossierError(f"--published: {error}") from None
    if args.url and not args.url.startswith(("http://", "https://")):
        raise DossierError("--url: only http:// and https:// addresses are allowed")
    record_id = args.record_id or article_id(args.publisher, published)
    target = args.content / "articles" / f"{record_id}.md"
    if target.exists():
        raise DossierError(f"{os.path.relpath(target)} already exists: choose another --id or edit that file")
    metadata = {
        "title": args.title,
        "publisher": args.publisher,
        "published": published,
        "url": args.url,
        "reliability": args.reliability,
        "language": args.language,
        "via": args.via,
        "notes": args.notes,
    }
    raw = args.file.read_text(encoding="utf-8")
    run_on = [] if args.wrapped else run_on_lines(raw)
    if run_on:
        lines = "\n".join(f"{args.file}:{n}: this line runs on into line {n + 1}" for n in run_on)
        raise DossierError(
            f"the text seems hard-wrapped: one paragraph over several lines.\n{lines}\n"
            "Read one paragraph a line, each piece would become a paragraph. If blank lines separate the "
            "paragraphs, run again with --wrapped; otherwise join the lines of each paragraph. Nothing was written."
        )
    article = ingest_text(raw, metadata, wrapped=args.wrapped)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(article.text, encoding="utf-8")
    shown = os.path.relpath(target)
    print(f"wrote {shown}: {len(article.paragraphs)} paragraphs, {len(article.headings)} sub-headings")
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


def _export(args: argparse.Namespace) -> int:
    from .pipeline import build_pages

    out = args.out.resolve()
    # The folders being read, not only the project's own: a build never writes into its sources.
    for protected in (args.content, args.templates, PROJECT / "content", PROJECT / "templates"):
        if out == protected.resolve() or protected.resolve() in out.parents:
            raise DossierError(f"refusing to write into {os.path.relpath(protected)}/: choose another --out")
    result = build_pages(args.content, args.templates)
    _report(result.warnings)
    hand_written = args.content / "pages"
    files = {path: text for path, text in result.pages.items()}
    for page in sorted(hand_written.rglob("*")) if hand_written.is_dir() else []:
        if page.is_file():
            files.setdefault(page.relative_to(hand_written).as_posix(), page.read_text(encoding="utf-8"))
    for path, text in sorted(files.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {args.out}")
    return 0
