"""The editor's and maintainer's commands: check, export, ingest, new."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .dates import PartialDate
from .errors import ContentError, DossierError, Problem
from .ingest import article_id, ingest_text
from .pipeline import check_dossier

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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site_builder.py", description="Build and check a briefing dossier from content/."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate content/ without building the site")
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content/)")
    check.set_defaults(run=_check)

    export = commands.add_parser("export", help="write the site's Markdown pages to a folder")
    export.add_argument("--out", type=Path, required=True, help="folder to write the pages into")
    export.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    export.add_argument("--templates", type=Path, default=PROJECT / "templates")
    export.set_defaults(run=_export)

    ingest = commands.add_parser("ingest", help="import a raw text article into content/articles/")
    ingest.add_argument("file", type=Path, help="the article as plain text, one paragraph per line")
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
    return parser


def _report(problems: list[Problem]) -> None:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    result = check_dossier(args.content)
    _report(result.warnings)
    print(f"content OK: {len(result.dossier.all_ids())} records, {len(result.warnings)} warning(s)")
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
    article = ingest_text(args.file.read_text(encoding="utf-8"), metadata)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(article.text, encoding="utf-8")
    shown = os.path.relpath(target)
    print(f"wrote {shown}: {len(article.paragraphs)} paragraphs, {len(article.headings)} sub-headings")
    for note in article.dropped:
        print(f"{args.file}: {note}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .pipeline import build_pages

    out = args.out.resolve()
    for protected in (PROJECT / "content", PROJECT / "templates"):
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
