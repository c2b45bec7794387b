"""Stage 2: turn raw files into the Dossier model, or report every problem with file and line."""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from pydantic import BaseModel, ValidationError

from .addresses import reserved_id
from .errors import ContentError, Problem, did_you_mean
from .kinds import BRIEF, KINDS, Kind, by_folder, named_kinds
from .limits import glossary_problems
from .load import RawContent, RawFile
from .markdown import LINK
from .model import Article, Dossier, Paragraph
from .places import place_problems
from .schema import (
    MOVED_FROM_DOSSIER,
    ArticleMeta,
    Citation,
    DossierInfo,
    Mark,
    ProseMark,
    Record,
    Ref,
    describe,
    field_marks,
)
from .sources import source_problems
from .text import case_key, check_text, look_alike_reason, mixed_scripts, name_key

Location = tuple[str | int, ...]
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})


def validate_content(raw: RawContent) -> tuple[Dossier, list[Problem]]:
    """Build the Dossier; raise ContentError listing every error. Returns warnings alongside."""
    problems = list(raw.problems)
    records: list[tuple[RawFile, Record]] = []
    articles: dict[str, Article] = {}
    info: DossierInfo | None = None
    # Records the schema refused, with where it did: the rest of each is still checked below.
    rejected: list[tuple[RawFile, Any, Location, list[Location], type[BaseModel]]] = []

    # First check each file on its own, so one bad file never hides another's problems.
    for file in raw.files:
        kind = _kind(file)
        if kind.shape == "entries":  # one file of many records, each under its id
            problems += glossary_problems(file.document.data, file)
            for entry_id, data in file.document.data.items():
                entry = _validate_model(kind.model, data, file, (entry_id,), problems, rejected)
                if entry is not None:
                    _check_id(entry_id, file, problems)
                    records.append((file, _place(entry, entry_id, file, (entry_id,))))
            continue
        model = _validate_model(kind.model, file.document.data, file, (), problems, rejected)
        if kind.shape == "markdown":
            _check_article_text(file, problems)
        if model is None:
            continue
        _place(model, file.id, file, ())
        if isinstance(model, DossierInfo):
            info = model
        elif isinstance(model, ArticleMeta):
            articles[file.id] = Article(model, file.blocks)
        else:
            records.append((file, model))

    # A broken dossier.yaml is reported above; a stand-in lets every other file still be checked.
    dossier = Dossier(info=info or DossierInfo.model_construct())
    dossier.records["article"] = articles
    _index_records(dossier, records, problems)
    # Files that exist but are broken have their own problems; naming them is not another one.
    broken = {record_id: _kind_name(folder) for record_id, folder in raw.unreadable.items()}
    for file, _data, prefix, _refused, _schema in rejected:
        if _kind(file) is not BRIEF:
            broken[str(prefix[0]) if prefix else file.id] = _kind(file).name

    # Then check what records say about each other: ids, references, citations, links.
    for record in [*([info] if info else []), *(a.meta for a in articles.values()), *(r for _, r in records)]:
        _check_references(dossier, broken, record.path, partial(_line_in_record, record), walk(record), problems)
    for file, data, prefix, refused, schema in rejected:
        line_of = partial(_line_in_file, file, prefix)
        _check_references(dossier, broken, file.path, line_of, _raw_leaves(data, refused, schema), problems)
    _check_membership_cycles(dossier, problems)
    _check_dates_and_self_references(dossier, problems)

    def kind_of(record_id: str) -> Kind | None:
        return KINDS.get(dossier.kind_of(record_id) or "")

    for record in dossier.fact_sheets():  # the rules a kind keeps for itself (Record.problems)
        problems.extend(Problem(record.path, record.line(*loc), text) for loc, text in record.problems(kind_of))
    _check_look_alike_names(dossier, problems)
    problems.extend(source_problems(dossier))
    problems.extend(place_problems(dossier))

    errors = [p for p in problems if p.is_error]
    if errors or info is None:
        raise ContentError(problems if errors else [Problem("content/dossier.yaml", 1, "dossier.yaml is not valid")])
    return dossier, [p for p in problems if not p.is_error]


def _kind(file: RawFile) -> Kind:
    kind = by_folder(file.folder)
    assert kind is not None, file.folder  # load.py reads only the folders kinds.py declares
    return kind


def _kind_name(folder: str) -> str:
    kind = by_folder(folder)
    return kind.name if kind else folder


def validate_article(file: RawFile) -> list[Problem]:
    """Check one article on its own (front matter and text), as `validate_content` would; return its problems."""
    problems: list[Problem] = []
    _validate_model(ArticleMeta, file.document.data, file, (), problems, [])
    _check_article_text(file, problems)
    return problems


def _place(model: Record, record_id: str, file: RawFile, prefix: Location) -> Record:
    model._id = record_id
    model._path = file.path
    model._source = file.source
    model._starts = file.value_lines
    lines = file.document.lines
    # Most files hold one record: it has every line of its file (a copy: nothing is shared between records).
    model._lines = (
        dict(lines)
        if not prefix
        else {path[len(prefix) :]: line for path, line in lines.items() if path[: len(prefix)] == prefix}
    )
    return model


def _check_id(record_id: Any, file: RawFile, problems: list[Problem]) -> None:
    from .schema import check_id

    try:
        check_id(record_id)
    except ValueError as error:
        problems.append(Problem(file.path, file.document.line_of((record_id,)), str(error)))


def _validate_model(
    schema: type[Record],
    data: Any,
    file: RawFile,
    prefix: Location,
    problems: list[Problem],
    rejected: list[tuple[RawFile, Any, Location, list[Location], type[BaseModel]]],
) -> Record | None:
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            location = (*prefix, *detail["loc"])
            line = file.document.line_of(location)
            problems.append(Problem(file.path, line, _explain(schema, detail, prefix)))
        rejected.append((file, data, prefix, [tuple(detail["loc"]) for detail in error.errors()], schema))
        return None


def _explain(schema: type[BaseModel], detail: Any, prefix: Location) -> str:
    """Say a pydantic error the way an editor reads it."""
    loc = tuple(detail["loc"])
    where = _where((*prefix, *loc))
    kind = detail["type"]
    value = detail.get("input")
    name = str(loc[-1]) if loc else ""
    parent = _where((*prefix, *loc[:-1]))
    within = f" in {parent}" if parent else ""
    if kind == "missing":
        return f"missing required field '{name}'{within}"
    if kind == "extra_forbidden" and schema is DossierInfo and len(loc) == 1 and name in MOVED_FROM_DOSSIER:
        return MOVED_FROM_DOSSIER[name]
    if kind == "extra_forbidden":
        return f"unknown field '{name}'{within}{did_you_mean(name, _field_names(schema, loc[:-1]))}"
    if kind == "literal_error":
        allowed = [option.strip(" '") for option in re.split(r",| or ", detail["ctx"]["expected"])]
        hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
        return f"{describe(value)} is not allowed in {where}: use one of {', '.join(allowed)}{hint}"
    if kind == "value_error":
        return f"{detail['ctx']['error']} in {where}"
    if kind == "unshowable":
        return f"{where} {detail['ctx']['reason']}"
    if kind == "blank":
        return f"{where} must not be blank: it holds only spaces"
    if kind in ("string_type", "str_type"):
        return f"expected text in {where}, found {describe(value)}"
    if kind == "list_type":
        return f"expected a list in {where}, found {describe(value)}: write [a, b] or one '- item' per line"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of fields in {where}, found {describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false in {where}, found {describe(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number in {where}, found {describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number in {where}, found {describe(value)}"
    if kind == "too_short":
        if isinstance(value, str):
            return f"{where} must not be empty"
        return f"{where} needs at least {detail['ctx']['min_length']} entries"
    if kind == "string_pattern_mismatch":
        if name == "url":
            return f"{describe(value)} in {where} is not an address: only http:// and https:// are allowed"
        if name == "grade":
            return f"{describe(value)} in {where} is not a grade: write a letter A-F and a digit 1-6, such as B2"
        return f"{describe(value)} in {where} is not a language code: use one such as en, ar or he"
    return f"{detail['msg'].lower()} in {where} (found {describe(value)})"


def _where(loc: Location) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _field_names(schema: type[BaseModel], loc: Location) -> list[str]:
    """Return the field names allowed at `loc` inside `schema`, for 'did you mean'."""
    current: Any = schema
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if info is None:
            return []
        current = _model_in(info.annotation)
        if current is None:
            return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _index_records(dossier: Dossier, records: list[tuple[RawFile, Record]], problems: list[Problem]) -> None:
    owner: dict[str, str] = {article_id: a.path for article_id, a in dossier.articles.items()}
    owner_record: dict[str, Record] = {}
    for file, record in records:
        if record.id in owner:
            first = owner_record.get(record.id)
            if first is not None and (moved := _absorbed(first, record)) is not None:
                problems.append(moved)
                continue
            text = f"id '{record.id}' is already used by {owner[record.id]}: ids are unique across the dossier"
            problems.append(Problem(record.path, record.line(), text))
            continue
        if (reserved := reserved_id(record.id)) is not None:
            problems.append(Problem(record.path, record.line(), reserved))
            continue
        owner[record.id] = record.path
        owner_record[record.id] = record
        dossier.records.setdefault(_kind(file).name, {})[record.id] = record


def _kind_of_record(record: Record) -> Kind | None:
    return next((kind for kind in KINDS.values() if isinstance(record, kind.model)), None)


def _absorbed(first: Record, second: Record) -> Problem | None:
    """When one record names the same thing as a record of a kind that absorbs its kind, say how to move it.

    A glossary entry written for a place before places were records of their own is the case: the
    problem is reported at the entry, the record to move, whichever of the two files was read first.
    """
    kinds = _kind_of_record(first), _kind_of_record(second)
    if kinds[0] is None or kinds[1] is None:
        return None
    for (old, old_kind), (new, new_kind) in (
        ((first, kinds[0]), (second, kinds[1])),
        ((second, kinds[1]), (first, kinds[0])),
    ):
        if old_kind.name in new_kind.absorbs:
            old_name, new_name = old_kind.label.lower(), new_kind.name
            # Links are by id: they survive the move only when the two share it (matched by a name otherwise).
            links = (
                f"links to [[{old.id}]] keep working while the {new_name} keeps the id '{old.id}'"
                if old.id == new.id
                else f"links to [[{old.id}]] then need the {new_name}'s id: change them to [[{new.id}]], "
                f"or rename {new.path} to {old.id}.yaml"
            )
            message = (
                f"{old_name} '{old.id}' names the same {new_name} as {new.path}: a {new_name} is a record of its own "
                f"now; move what the {old_name} says into the {new_name}'s summary, then delete the {old_name} "
                f"({links})"
            )
            return Problem(old.path, old.line(), message)
    return None


def walk(model: BaseModel, loc: Location = ()) -> Iterator[tuple[Location, Mark | None, Any]]:
    """Yield (location, mark of its type, value) for every leaf field of a record, nested ones included."""
    for name, key, mark in _leaf_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, (*loc, key, index))
                else:
                    yield (*loc, key, index), mark, item
        elif isinstance(value, BaseModel):
            yield from walk(value, (*loc, key))
        else:
            yield (*loc, key), mark, value


@functools.cache
def _leaf_fields(model: type[BaseModel]) -> tuple[tuple[str, str, Mark | None], ...]:
    """Each field of a model: its name, its name as written and its mark (walk() asks for every record)."""
    marks = field_marks(model)
    return tuple((name, info.alias or name, marks[info.alias or name][0]) for name, info in model.model_fields.items())


def _raw_leaves(
    data: Any,
    refused: list[Location],
    model: type[BaseModel] | None,
    loc: Location = (),
    field: tuple[Mark | None, bool] = (None, False),
) -> Iterator[tuple[Location, Mark | None, Any]]:
    """Like walk(), over the raw data of a record the schema refused, leaving out every part it refused.

    `model` is the schema the mapping at `loc` should follow; `field`, the mark of the field at `loc`
    and whether it holds citations.
    """
    # Not descending into refused parts also bounds the depth: the schema refuses anything deeper than itself.
    if any(loc[: len(bad)] == bad for bad in refused):
        return
    if isinstance(data, dict):
        marks = field_marks(model) if model is not None else {}
        for name, value in data.items():
            inner = _model_in(_annotation(model, name)) if model is not None else None
            yield from _raw_leaves(value, refused, inner, (*loc, name), marks.get(name, (None, False)))
    elif isinstance(data, list) and field[1]:
        for index, item in enumerate(data):
            try:
                citation = Citation.parse(item)
            except ValueError:
                continue  # the schema has said what is wrong with it
            yield (*loc, index), None, citation
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _raw_leaves(item, refused, model, (*loc, index), field)
    elif not any(bad[: len(loc)] == loc for bad in refused):
        yield loc, field[0], data


def _annotation(model: type[BaseModel], name: Any) -> Any:
    info = model.model_fields.get(name) or next((f for f in model.model_fields.values() if f.alias == name), None)
    return info.annotation if info else None


def _line_in_record(record: Record, loc: Location, text: str = "") -> int:
    return record.line_of_text(text, *loc) if text else record.line(*loc)


def _line_in_file(file: RawFile, prefix: Location, loc: Location, text: str = "") -> int:
    return file.document.line_of((*prefix, *loc))


def _check_references(
    dossier: Dossier,
    broken: dict[str, str],
    path: str,
    line_of: Callable[[Location, str], int],
    leaves: Iterable[tuple[Location, Mark | None, Any]],
    problems: list[Problem],
) -> None:
    """Check the references, citations and [[links]] among (location, field, value) leaves."""
    # Lines and field names are worked out only for a problem: most leaves have none.
    for loc, mark, value in leaves:
        if isinstance(value, Citation):
            found = check_citation(dossier, value, broken)
        elif isinstance(mark, Ref) and isinstance(value, str) and value:
            found = _check_reference(dossier, value, mark.kind, broken)
        elif isinstance(mark, ProseMark) and isinstance(value, str):
            for match in LINK.finditer(value):
                target = match.group(1).strip()
                link_problem = _check_reference(dossier, target, None, broken)
                if link_problem:
                    message, hint = link_problem
                    # The link's own line ("[[target]" or "[[target|" as written): prose often spans lines.
                    line = line_of(loc, match.group()[: 3 + len(match.group(1))])
                    problems.append(Problem(path, line, f"{message} in link [[{target}]] in {_where(loc)}{hint}"))
            continue
        else:
            continue
        if found:
            message, hint = found
            problems.append(Problem(path, line_of(loc, ""), f"{message} in {_where(loc)}{hint}"))


def _check_reference(dossier: Dossier, target: str, kind: str | None, broken: dict[str, str]) -> tuple[str, str] | None:
    """Return (what is wrong, 'did you mean' hint) for a reference, or None."""
    found = dossier.kind_of(target) or broken.get(target)
    if found is None:
        return f"unknown {kind or 'record'} '{target}'", did_you_mean(target, [*dossier.all_ids(), *broken])
    if kind is not None and found != kind:
        article = "an" if found[0] in "aeiou" else "a"
        wanted = "an" if kind[0] in "aeiou" else "a"
        return f"'{target}' is {article} {found}, not {wanted} {kind}", ""
    return None


def normalise_quote(text: str) -> str:
    """Fold whitespace and curly quotes so a quote matches however it was typed."""
    return " ".join(text.translate(_QUOTES).split())


def check_citation(
    dossier: Dossier, citation: Citation, broken: dict[str, str] | None = None
) -> tuple[str, str] | None:
    """Return (what is wrong, hint) for a citation, or None. Articles in `broken` are not checked."""
    article = dossier.articles.get(citation.article)
    if article is None and citation.article in (broken or {}):
        return None
    if article is None:
        return (
            f"citation {citation.ref} names unknown article '{citation.article}'",
            did_you_mean(citation.article, dossier.articles),
        )
    paragraph = article.paragraph(citation.paragraph)
    if paragraph is None:
        count = len(article.paragraphs)
        if citation.paragraph < 1:
            return f"citation {citation.ref}: paragraphs are numbered from 1 (#p1 is the first)", ""
        text = f"citation {citation.ref}: article '{citation.article}' has {count} paragraphs, not {citation.paragraph}"
        return text, ""
    if citation.quote is not None and normalise_quote(citation.quote) not in normalise_quote(paragraph.text):
        return f'quote "{citation.quote}" is not in {citation.ref}', ""
    return None


def _check_membership_cycles(dossier: Dossier, problems: list[Problem]) -> None:
    finished: set[str] = set()
    for start in sorted(dossier.actors):
        if start in finished:
            continue
        # Iterative depth-first search: a long chain of memberships must not hit Python's recursion limit.
        trail: list[str] = []
        on_trail: set[str] = set()
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(dossier.actors[start].member_of))]
        trail.append(start)
        on_trail.add(start)
        while stack:
            node, parents = stack[-1]
            parent = next(parents, None)
            if parent is None:
                stack.pop()
                trail.pop()
                on_trail.discard(node)
                finished.add(node)
            elif parent in on_trail:
                cycle = [*trail[trail.index(parent) :], parent]
                actor = dossier.actors[node]
                problems.append(Problem(actor.path, actor.line("member_of"), f"membership cycle: {' → '.join(cycle)}"))
            elif parent in dossier.actors and parent not in finished:
                stack.append((parent, iter(dossier.actors[parent].member_of)))
                trail.append(parent)
                on_trail.add(parent)


def _check_article_text(file: RawFile, problems: list[Problem]) -> None:
    """Refuse control characters and non-characters in an article's body: they are never text."""
    paragraphs = 0
    for block in file.blocks:
        paragraphs += isinstance(block, Paragraph)
        try:
            check_text(block.text)
        except ValueError as error:
            what = f"paragraph {paragraphs}" if isinstance(block, Paragraph) else "sub-heading"
            problems.append(Problem(file.path, block.line, f"{what} {error}"))


def _check_dates_and_self_references(dossier: Dossier, problems: list[Problem]) -> None:
    """Refuse what parses but cannot be: a role that ends before it starts, a record about itself."""
    for actor in dossier.actors.values():
        for index, role in enumerate(actor.roles):
            if role.from_ and role.to and role.to.last_day < role.from_.first_day:
                dates = f"(to: {role.to}) before it starts (from: {role.from_})"
                message = f"roles[{index}] ends {dates}: fix one of the dates"
                problems.append(Problem(actor.path, actor.line("roles", index, "to"), message))
    for record, field, what in [
        *((issue, "related", "an issue cannot depend on itself") for issue in dossier.issues.values()),
        *((dispute, "concerns", "a dispute is about other records") for dispute in dossier.disputes.values()),
    ]:
        for index, target in enumerate(getattr(record, field)):
            if target == record.id:
                message = f"'{target}' names this record itself in {field}[{index}]: {what}; remove it"
                problems.append(Problem(record.path, record.line(field, index), message))


def _check_look_alike_names(dossier: Dossier, problems: list[Problem]) -> None:
    """Report names of different records that readers cannot tell apart, and names that mix scripts.

    Links are made by name: two records whose names look the same (differing only in capitals,
    Unicode form or look-alike letters such as Cyrillic а for Latin a) make every such link a guess.
    Two names the same but for capitals, where one is an alias, stay a warning of the link stage.
    """
    spellings: list[tuple[Record, Location, str]] = []
    for kind in named_kinds():
        field = kind.title
        for named in dossier.records.get(kind.name, {}).values():
            spellings.append((named, (field,), getattr(named, field)))
            spellings.extend((named, ("aliases", index), alias) for index, alias in enumerate(named.aliases))
    spellings.sort(key=lambda spelling: (spelling[0].path, spelling[0].line(*spelling[1])))
    seen: dict[str, tuple[Record, Location, str]] = {}
    for record, loc, name in spellings:
        keys = (f"look:{name_key(name)}", f"case:{case_key(name)}")
        owners = [seen.setdefault(key, (record, loc, name)) for key in keys]
        other, other_loc, other_name = next((o for o in owners if o[0].id != record.id), (record, loc, name))
        both_shown = len(loc) == 1 and len(other_loc) == 1
        line = record.line(*loc)
        # The same text but for capitals and spaces, where one is an alias, is the link stage's warning.
        same_letters = " ".join(name.split()).lower() == " ".join(other_name.split()).lower()
        moved = _absorbed(other, record) if other.id != record.id else None
        if moved is not None:
            if moved not in problems:  # one message for the record, however many of its names match
                problems.append(moved)
        elif other.id != record.id and (both_shown or not same_letters):
            what = "an alias" if len(other_loc) > 1 else f"the {other_loc[0]}"
            reason = "" if name == other_name else f" ({look_alike_reason(name, other_name)})"
            message = (
                f"{_where(loc)} '{name}' looks the same as '{other_name}', {what} of '{other.id}' in {other.path}"
                f"{reason}: readers cannot tell the two apart, so links to them are ambiguous; rename one"
            )
            problems.append(Problem(record.path, line, message))
        elif scripts := mixed_scripts(name):
            message = (
                f"{_where(loc)} '{name}' mixes {' and '.join(scripts)} letters in one word: "
                "a look-alike letter? Retype the name in one script"
            )
            problems.append(Problem(record.path, line, message, "warning"))
