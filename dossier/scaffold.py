"""Write a new fact sheet that passes `check` as written, its TODO placeholders flagged as warnings.

The text of each kind is a template in templates/scaffolds/; this module only works out what to
put in it: a name guessed from the id, a date, and a real paragraph to cite as a placeholder.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .addresses import reserved_id
from .dates import PartialDate
from .errors import DossierError
from .kinds import BRIEF, KINDS
from .load import RawContent, RawFile, load_content
from .schema import check_id

# The kinds `new` writes, with their folders.
FOLDERS = {kind.name: kind.folder for kind in KINDS.values() if kind.scaffold}
_NO_DATE = PartialDate(0)
_DATED_ID = re.compile(r"^(.*?)-?(\d{4}(?:-\d{2}(?:-\d{2})?)?)$")


@dataclass(frozen=True)
class Scaffold:
    """A file written by `new`, and the placeholder source it cites (None when there is no article)."""

    path: Path
    source: str | None


def new_record(kind: str, record_id: str, content_dir: Path, templates_dir: Path) -> Scaffold:
    """Write content/<folder>/<id>.yaml from its scaffold; refuse bad ids and existing records."""
    try:
        check_id(record_id)
    except ValueError as error:
        raise DossierError(str(error)) from None
    if (reserved := reserved_id(record_id)) is not None:
        raise DossierError(reserved)
    if not content_dir.is_dir():
        raise DossierError(
            f"{os.path.relpath(content_dir)}/ not found: run this in the project folder, or give --content"
        )
    target = content_dir / KINDS[kind].folder / f"{record_id}.yaml"
    if target.exists():
        raise DossierError(f"{os.path.relpath(target)} already exists: edit it, or choose another id")
    raw = load_content(content_dir)
    owner = next((file.path for file in _files_with_id(raw, record_id)), None)
    if owner is not None:
        raise DossierError(f"id '{record_id}' is already used by {owner}: ids are unique across the dossier")
    source = _newest_paragraph(raw)
    text = _render(kind, record_id, raw, source, templates_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return Scaffold(target, source[0] if source else None)


def _files_with_id(raw: RawContent, record_id: str) -> list[RawFile]:
    entries = {kind.folder for kind in KINDS.values() if kind.shape == "entries"}
    found = [file for file in raw.files if file.id == record_id and file.folder not in (BRIEF.folder, *entries)]
    found += [f for f in raw.files if f.folder in entries and record_id in f.document.data]
    return found


def _newest_paragraph(raw: RawContent) -> tuple[str, str] | None:
    """Return (citation, article title) of the first paragraph of the most recently published article.

    Of articles published the same day, the one added last: usually the one just ingested.
    """
    folder = KINDS["article"].folder
    articles = [file for file in raw.files if file.folder == folder]
    if not articles:
        return None

    def recency(file: RawFile) -> tuple[PartialDate, float, str]:
        published = _date_or_none(file.document.data.get("published")) or _NO_DATE
        return published, (raw.root / folder / f"{file.id}.md").stat().st_mtime, file.id

    newest = max(articles, key=recency)
    return f"{newest.id}#p1", str(newest.document.data.get("title", newest.id))


def _date_or_none(value: object) -> PartialDate | None:
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None


def _render(kind: str, record_id: str, raw: RawContent, source: tuple[str, str] | None, templates_dir: Path) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir / "scaffolds")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    # A JSON string is a YAML string too, quoted so that no name can turn into another type.
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    as_of = next((file.document.data.get("as_of") for file in raw.files if file.folder == BRIEF.folder), None)
    as_of_date = _date_or_none(as_of)
    # A kind whose records have a date takes it from an id that ends in one: 'sweida-clashes-2025-07'.
    dated = "date" in KINDS[kind].model.model_fields
    words, date = _split_date(record_id) if dated else (record_id, None)
    if date is not None:
        date_note = "taken from the id: check it"
    else:
        date = as_of_date or PartialDate(2000)
        date_note = "TODO: when it happened (YYYY, YYYY-MM or YYYY-MM-DD); this is a placeholder"
    # A record of each kind to name where a field needs one: a placeholder that `check` accepts, flagged TODO.
    examples = {k.name: min((f.id for f in raw.files if f.folder == k.folder), default="") for k in KINDS.values()}
    return env.get_template(f"{kind}.yaml.j2").render(
        examples=examples,
        name=words.replace("-", " ").capitalize(),
        proper_name=" ".join(word.capitalize() for word in words.split("-")),
        date=date.iso,
        date_note=date_note,
        as_of=(as_of_date or date).iso,
        sources=_sources_block(source),
    )


def _split_date(record_id: str) -> tuple[str, PartialDate | None]:
    """Split 'sweida-clashes-2025-07' into ('sweida-clashes', 2025-07); keep ids without a date whole."""
    match = _DATED_ID.match(record_id)
    if match and match.group(1):
        date = _date_or_none(match.group(2))
        if date is not None:
            return match.group(1), date
    return record_id, None


def _sources_block(source: tuple[str, str] | None) -> str:
    if source is None:
        return "sources: []  # TODO: cite article-id#pN once an article is in content/articles/ (see `ingest`)"
    citation, title = source
    title = json.dumps(title, ensure_ascii=False)
    return (
        "sources:  # TODO: the paragraphs that support this; the one below is only a placeholder\n"
        f"  - {citation}  # placeholder: the first paragraph of the newest article, {title}"
    )
