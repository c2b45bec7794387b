"""What changed: the dossier's substance compared between two states, in a reader's terms.

Two uses share one comparison: `site_builder.py changes BASE HEAD` for a pull request's reviewer,
and the "What changed" page, which compares each commit that touched content/ with the one before.
Records are compared as validated models turned into plain data, never as text: a whitespace-only
or comment-only edit is not a change.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from .dates import PartialDate
from .errors import ContentError, DossierError
from .kinds import BRIEF, KINDS, Kind, by_folder, is_of, kind_of_model
from .load import RawContent, load_content
from .model import Dossier
from .pages import check_pages
from .preview import first_link
from .schema import Actor, ArticleMeta, Citation, Commitment, Dispute, Event, Issue, Record
from .validate import validate_content

# Raise when the shape of a cached entry, or what counts as a change, changes: old caches are then ignored.
CACHE_VERSION = 2
CACHE_FOLDER = ".cache/dossier-changes"
# The What changed page lists the newest changes; older ones stay on each record's page and in git.
CHANGES_ON_PAGE = 300
# Fields that are housekeeping, not substance: an editor's review date is shown beside, never as a change.
HOUSEKEEPING = {"reviewed"}
# What a follower of the feed is told about (see exports.feed_entries): news, not every edit.
NEWS = {"status", "trend", "position-added", "position-changed", "position-withdrawn", "preferred-version"}

What = Literal[
    "added",
    "removed",
    "renamed",
    "edited",
    "status",
    "trend",
    "position-added",
    "position-changed",
    "position-withdrawn",
    "preferred-version",
    "alias-added",
    "citation-added",
    "citation-removed",
]


def kind_labels() -> dict[str, str]:
    """Each kind's heading in a change report, in the order they come (asked each time: kinds can be added)."""
    return {BRIEF.folder: BRIEF.referrers, **{kind.name: kind.referrers or f"{kind.label}s" for kind in KINDS.values()}}


class Change(BaseModel):
    """One substantive change to one record."""

    what: What = Field(description="the kind of change")
    kind: str = Field(description="the kind of record: dossier, article, actor, issue, event, dispute or term")
    id: str = Field(description="the record's id (its file name); for a rename, the new id")
    name: str = Field(description="the record's name or title as readers see it")
    text: str = Field(description="the change in a reader's words")
    before: str | None = Field(default=None, description="the old value, where one value changed")
    after: str | None = Field(default=None, description="the new value, where one value changed")
    date: str | None = Field(default=None, description="YYYY-MM-DD: the day of the commit that made it (history only)")
    commit: str | None = Field(default=None, description="the commit that made it (history only)")


class ChangeReport(BaseModel):
    """The output of `site_builder.py changes --format json`."""

    base: str = Field(description="the revision compared from (a commit hash)")
    head: str = Field(description="the revision compared to: a commit hash, or 'working tree'")
    problems: list[str] = Field(default_factory=list, description="why a revision could be compared only in part")
    changes: list[Change] = Field(default_factory=list)


@dataclass(frozen=True)
class State:
    """One record as plain data: what a comparison looks at."""

    kind: str
    name: str
    data: dict[str, Any]


States = dict[tuple[str, str], State]


# Reading a state: the normal loader, then each file's own model (references need the whole dossier).


def read_states(content_dir: Path) -> States:
    """Return every record under a content folder that passes its own schema, keyed by (kind, id)."""
    return states_of(load_content(content_dir))


def states_of(raw: RawContent) -> States:
    states: States = {}
    for file in raw.files:
        kind = by_folder(file.folder)
        if kind is None:
            continue
        if kind.shape == "entries":
            for entry_id, value in file.document.data.items():
                entry = _valid(kind.model, value)
                if entry is not None and isinstance(entry_id, str):
                    states[(kind.name, entry_id)] = State(kind.name, str(getattr(entry, kind.title)), _plain(entry))
            continue
        model = _valid(kind.model, file.document.data)
        if model is None:
            continue
        data = _plain(model)
        if kind.shape == "markdown":
            data["paragraphs"] = [_words(block.text) for block in file.blocks if hasattr(block, "number")]
        # The brief is one record of its own, called 'dossier' (its file's name) in what the changes list.
        name = BRIEF.folder if kind is BRIEF else kind.name
        states[(name, BRIEF.folder if kind is BRIEF else file.id)] = State(name, _name_of(kind, data), data)
    return states


def _valid(schema: type[Record], data: Any) -> Record | None:
    try:
        return schema.model_validate(data)
    except ValidationError:
        return None


def _name_of(kind: Kind, data: dict[str, Any]) -> str:
    title = data.get(kind.title)
    return title if isinstance(title, str) else BRIEF.folder if kind is BRIEF else kind.name


def _plain(value: Any) -> Any:
    """Return a model as plain data; text with its spacing normalised, review dates left out."""
    if isinstance(value, BaseModel):
        return {
            (info.alias or name): _plain(getattr(value, name))
            for name, info in type(value).model_fields.items()
            if name not in HOUSEKEEPING
        }
    if isinstance(value, PartialDate):
        return value.iso
    if isinstance(value, Citation):
        return value.ref if value.quote is None else f"{value.ref} “{_words(value.quote)}”"
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return _words(value)
    return value


def _words(text: str) -> str:
    # Re-wrapping a long text (`>-`) or trailing spaces change nothing a reader sees.
    return " ".join(text.split())


# Comparing two states.


def compare(old: States, new: States, names: dict[str, str] | None = None) -> list[Change]:
    """Return every substantive change from `old` to `new`, record by record, in a stable order.

    `names` gives actors' names where the states hold only some records (a commit's touched files).
    """
    names = {**(names or {}), **{key[1]: s.name for key, s in [*old.items(), *new.items()] if is_of(key[0], Actor)}}
    changes: list[Change] = []
    added = [key for key in new if key not in old]
    removed = [key for key in old if key not in new]
    for old_key, new_key in _renames(old, new, removed, added):
        removed.remove(old_key)
        added.remove(new_key)
        state = new[new_key]
        text = f"renamed from '{old_key[1]}' to '{new_key[1]}'"
        changes.append(_change("renamed", new_key, state, text, before=old_key[1], after=new_key[1]))
        changes.extend(_edits(new_key, old[old_key], state, names))
    for key in added:
        changes.append(_change("added", key, new[key], _added_text(new[key])))
    for key in removed:
        changes.append(_change("removed", key, old[key], "removed"))
    for key in old.keys() & new.keys():
        if old[key].data != new[key].data:
            changes.extend(_edits(key, old[key], new[key], names))
    order = list(kind_labels())
    return sorted(changes, key=lambda c: (order.index(c.kind) if c.kind in order else 99, c.name, c.id))


def _renames(
    old: States, new: States, removed: list[tuple[str, str]], added: list[tuple[str, str]]
) -> Iterator[tuple[tuple[str, str], tuple[str, str]]]:
    """Pair a removed and an added record of one kind with the same content, or failing that the same name."""
    taken: set[tuple[str, str]] = set()
    for same in (lambda a, b: a.data == b.data, lambda a, b: a.name == b.name):
        for old_key in removed:
            for new_key in added:
                if old_key in taken or new_key in taken or old_key[0] != new_key[0]:
                    continue
                if same(old[old_key], new[new_key]):
                    taken |= {old_key, new_key}
                    yield old_key, new_key


def _change(what: What, key: tuple[str, str], state: State, text: str, **values: str | None) -> Change:
    return Change(what=what, kind=key[0], id=key[1], name=state.name, text=text, **values)


def _added_text(state: State) -> str:
    data = state.data
    if is_of(state.kind, ArticleMeta):
        return f"new source: {data['publisher']}, {data['published']}, graded {data['reliability']}"
    if is_of(state.kind, Event):
        return f"new event on {data['date']}"
    if is_of(state.kind, Dispute):
        preferred = _preferred(data)
        return f"new dispute; preferred version: {preferred}" if preferred else "new dispute, no version preferred"
    if is_of(state.kind, Issue):
        return f"new issue, {data['status']}"
    return f"new {state.kind}"


def _edits(key: tuple[str, str], old: State, new: State, names: dict[str, str]) -> list[Change]:
    """Return what changed inside one record: the kind's own questions first, then any other field."""
    changes: list[Change] = []
    covered: set[str] = set()
    kind = KINDS.get(key[0])
    for specific in _SPECIFIC.get(kind.model, ()) if kind else ():
        covered |= specific(key, old, new, names, changes)
    changes.extend(_alias_changes(key, old, new, covered))
    changes.extend(_citation_changes(key, old, new, names))
    before, after = _unsourced(old.data), _unsourced(new.data)
    fields = [name for name in after if name not in covered and before.get(name) != after.get(name)]
    fields += [name for name in before if name not in after and name not in covered]
    if fields:
        shown = ", ".join(_revision(name, before.get(name), after.get(name)) for name in fields)
        changes.append(_change("edited", key, new, f"revised: {shown}"))
    return changes


def _revision(name: str, before: Any, after: Any) -> str:
    """Name a revised field; a short value says what it was and is."""
    label = name.replace("_", " ")
    short = all(isinstance(v, str | None) and len(v or "") <= 60 for v in (before, after))
    return f"{label} ({before or 'none'} → {after or 'none'})" if short else label


def _issue_changes(
    key: tuple[str, str], old: State, new: State, names: dict[str, str], changes: list[Change]
) -> set[str]:
    for field_name in ("status", "trend"):
        was, now = old.data[field_name], new.data[field_name]
        if was != now:
            what: What = "status" if field_name == "status" else "trend"
            changes.append(_change(what, key, new, f"{field_name}: {was} → {now}", before=was, after=now))
    was_held, now_held = _positions(old.data), _positions(new.data)
    for actor, position in now_held.items():
        party = names.get(actor, actor)
        earlier = was_held.get(actor)
        if earlier is None:
            text = f"{party}'s position added: {position['stance']}: {position['summary']}"
            changes.append(_change("position-added", key, new, text, after=position["stance"]))
        elif (earlier["stance"], earlier["summary"]) != (position["stance"], position["summary"]):
            moved = f"{earlier['stance']} → {position['stance']}"
            if earlier["stance"] == position["stance"]:
                moved = f"still {position['stance']}"
            text = f"{party}'s position changed ({moved}): “{earlier['summary']}” → “{position['summary']}”"
            values = {"before": earlier["stance"], "after": position["stance"]}
            changes.append(_change("position-changed", key, new, text, **values))
    for actor, position in was_held.items():
        if actor not in now_held:
            text = f"{names.get(actor, actor)}'s position withdrawn (was {position['stance']})"
            changes.append(_change("position-withdrawn", key, new, text, before=position["stance"]))
    # The dated history is the status's own record: a new line in it goes with a status change.
    return {"status", "trend", "positions", "history"}


def _positions(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return each party's latest position (a sheet may keep earlier ones, dated)."""
    latest: dict[str, dict[str, Any]] = {}
    for position in data.get("positions", []):
        earlier = latest.get(position["actor"])
        if earlier is None or PartialDate.parse(position["as_of"]) >= PartialDate.parse(earlier["as_of"]):
            latest[position["actor"]] = position
    return latest


def _dispute_changes(
    key: tuple[str, str], old: State, new: State, names: dict[str, str], changes: list[Change]
) -> set[str]:
    was, now = _preferred(old.data), _preferred(new.data)
    if was != now:
        text = f"preferred version: “{was or 'none'}” → “{now or 'none'}”"
        changes.append(_change("preferred-version", key, new, text, before=was, after=now))
        return {"variants"}
    return set()


def _preferred(data: dict[str, Any]) -> str | None:
    return next((v["value"] for v in data.get("variants", []) if v["rank"] == "preferred"), None)


def _article_changes(
    key: tuple[str, str], old: State, new: State, names: dict[str, str], changes: list[Change]
) -> set[str]:
    was, now = old.data["reliability"], new.data["reliability"]
    if was != now:
        changes.append(_change("edited", key, new, f"reliability: {was} → {now}", before=was, after=now))
    return {"reliability"}


def _commitment_changes(
    key: tuple[str, str], old: State, new: State, names: dict[str, str], changes: list[Change]
) -> set[str]:
    # Its status is the last step of its history: a new last step is a change of status.
    was, now = (_last_status(state.data) for state in (old, new))
    if was != now:
        changes.append(_change("status", key, new, f"status: {was} → {now}", before=was, after=now))
        return {"history"}
    return set()


def _last_status(data: dict[str, Any]) -> str | None:
    history = data.get("history") or [{}]
    return history[-1].get("status")


# What a reader asks of a change to a record of these types, besides which fields changed.
_SPECIFIC: dict[type[Record], tuple[Any, ...]] = {
    Issue: (_issue_changes,),
    Dispute: (_dispute_changes,),
    ArticleMeta: (_article_changes,),
    Commitment: (_commitment_changes,),
}


def _alias_changes(key: tuple[str, str], old: State, new: State, covered: set[str]) -> Iterator[Change]:
    if "aliases" not in new.data:
        return
    was = set(old.data.get("aliases", []))
    fresh = [alias for alias in new.data["aliases"] if alias not in was]
    for alias in fresh:
        yield _change("alias-added", key, new, f"also written: {alias}", after=alias)
    # Only additions are explained by this; a removed alias shows as a revision.
    if set(new.data["aliases"]) >= was:
        covered.add("aliases")


def _citation_changes(key: tuple[str, str], old: State, new: State, names: dict[str, str]) -> Iterator[Change]:
    """Say which citations a statement present before and after gained or lost."""
    before, after = _statements(old.data, names), _statements(new.data, names)
    for statement in sorted(after.keys() & before.keys()):
        gained = ", ".join(sorted(after[statement] - before[statement]))
        lost = ", ".join(sorted(before[statement] - after[statement]))
        if gained:
            yield _change("citation-added", key, new, f"{statement}: now cites {gained}", after=gained)
        if lost:
            yield _change("citation-removed", key, new, f"{statement}: no longer cites {lost}", before=lost)


def _statements(data: Any, names: dict[str, str], label: str = "") -> dict[str, set[str]]:
    """Return each sourced statement of a record (a label such as 'position of Israel') with its citations."""
    found: dict[str, set[str]] = {}
    if isinstance(data, dict):
        for name, value in data.items():
            if name.endswith("sources") and isinstance(value, list):
                statement = label or ("bottom line" if name == "bottom_line_sources" else "summary")
                found[statement] = {str(ref).split(" ", 1)[0] for ref in value}
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    found |= _statements(item, names, _item_label(name, index, item, names))
    return found


def _item_label(field_name: str, index: int, item: Any, names: dict[str, str]) -> str:
    singular = {"positions": "position", "history": "status", "variants": "version", "roles": "role"}
    label = singular.get(field_name, field_name.replace("_", " "))
    if isinstance(item, dict):
        if item.get("actor") is not None:
            return f"{label} of {names.get(item['actor'], item['actor'])}"
        for key in ("date", "title", "value", "text"):
            if isinstance(item.get(key), str):
                text = item[key]
                return f"{label} “{text[:60]}…”" if len(text) > 60 else f"{label} “{text}”"
    return f"{label} {index + 1}"


def _unsourced(data: dict[str, Any]) -> dict[str, Any]:
    """Return a record's data without its citations: those are compared statement by statement."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not k.endswith("sources")}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    return {k: v for k, v in strip(data).items() if not k.endswith("sources")}


# Markdown for a pull request's summary, or a terminal.


def markdown_report(report: ChangeReport) -> str:
    """Return the report as Markdown: one section per kind of record, one line per change."""
    head = report.head if report.head == "working tree" else report.head[:12]
    lines = [f"## What changed in the dossier ({report.base[:12]} → {head})", ""]
    for problem in report.problems:
        lines += [f"> **Note:** {problem}", ""]
    if not report.changes:
        lines.append("No substantive change: whitespace, comments and review dates do not count.")
    for kind, label in kind_labels().items():
        ours = [change for change in report.changes if change.kind == kind]
        if ours:
            lines += [f"### {label}", ""]
            lines += [f"- **{_escape(change.name)}** (`{change.id}`): {_escape(change.text)}" for change in ours]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _escape(text: str) -> str:
    # Editors' text goes into a pull request's Markdown: no HTML, no accidental emphasis or links.
    return "".join(f"\\{c}" if c in "\\`*_[]<>|" else c for c in text)


# Git: reading a revision, and the history of content/. Every call is an argument list, never a shell.


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DossierError(f"git {args[0]}: {reason[-1] if reason else 'failed'}")
    return done.stdout


def repository_of(content_dir: Path) -> tuple[Path, str]:
    """Return the git repository holding a content folder, and the folder's path inside it."""
    try:
        top = Path(_git(content_dir.resolve(), "rev-parse", "--show-toplevel").decode().strip()).resolve()
    except (DossierError, OSError, NotADirectoryError):
        raise DossierError(f"{content_dir} is not inside a git repository") from None
    inside = content_dir.resolve().relative_to(top).as_posix()
    return top, inside


def resolve_revision(repo: Path, revision: str) -> str:
    """Return the commit a revision names; refuse anything git could read as an option."""
    if not revision or revision.startswith("-"):
        raise DossierError(f"'{revision}' is not a revision: name a commit, a branch or a tag")
    try:
        return (
            _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
            .decode()
            .strip()
        )
    except DossierError:
        raise DossierError(f"'{revision}' is not a commit of this repository") from None


def default_base(repo: Path) -> str:
    """Return the merge base of HEAD with the default branch: origin's HEAD, else main, else master."""
    candidates = []
    with contextlib.suppress(DossierError):
        candidates.append(_git(repo, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD").decode().strip())
    candidates += ["refs/remotes/origin/main", "refs/remotes/origin/master", "refs/heads/main", "refs/heads/master"]
    for branch in candidates:
        try:
            return _git(repo, "merge-base", "HEAD", branch).decode().strip()
        except DossierError:
            continue
    raise DossierError("cannot find the default branch (origin/HEAD, main or master): name the base revision")


def compare_revisions(content_dir: Path, base: str | None, head: str | None) -> ChangeReport:
    """Compare the dossier at two revisions (default: merge base with the default branch → working tree)."""
    repo, inside = repository_of(content_dir)
    base_commit = resolve_revision(repo, base) if base else default_base(repo)
    head_commit = resolve_revision(repo, head) if head else None
    problems: list[str] = []
    old = _revision_states(repo, inside, base_commit, f"the base revision {base_commit[:12]}", problems)
    if head_commit is None:
        new = _checked_states(content_dir, "the working tree", problems)
    else:
        new = _revision_states(repo, inside, head_commit, f"the head revision {head_commit[:12]}", problems)
    return ChangeReport(
        base=base_commit, head=head_commit or "working tree", problems=problems, changes=compare(old, new)
    )


def _revision_states(repo: Path, inside: str, commit: str, label: str, problems: list[str]) -> States:
    folder = _cache(repo) / f"revision-{commit}"
    if folder.is_symlink() or not folder.is_dir():
        staging = Path(tempfile.mkdtemp(prefix="revision-", dir=folder.parent))
        try:
            archive = _git(repo, "archive", "--format=tar", commit, "--", inside)
        except DossierError:
            archive = b""  # the content folder did not exist yet: everything is new
        with tarfile.open(fileobj=io.BytesIO(archive)) if archive else _empty_tar() as tar:
            for member in tar.getmembers():
                try:
                    tar.extract(member, staging, filter="data")  # 'data': no link or path may lead out of the folder
                except (tarfile.FilterError, OSError):
                    problems.append(f"{label}: {member.name} was left out: it leads out of the content folder")
        if folder.is_symlink():  # a link committed in its place: this run reads its own copy
            folder = staging
        else:
            try:
                staging.rename(folder)
            except OSError:  # another run extracted the same revision meanwhile
                shutil.rmtree(staging, ignore_errors=True)
    return _checked_states(folder / inside, label, problems)


def _empty_tar() -> tarfile.TarFile:
    return tarfile.open(fileobj=io.BytesIO(), mode="w")


def _checked_states(content_dir: Path, label: str, problems: list[str]) -> States:
    if not content_dir.is_dir():
        problems.append(f"{label} has no content folder: every record counts as new")
        return {}
    try:
        # What `check` refuses is found by these stages (linking and the second look only warn).
        raw = load_content(content_dir)
        raw.problems += check_pages(raw)
        validate_content(raw)
    except ContentError as error:
        errors = sum(p.is_error for p in error.problems)
        problems.append(
            f"{label} does not pass `check` ({errors} error(s)): only the files that are valid on their own "
            "were compared"
        )
    return read_states(content_dir)


def _cache(repo: Path) -> Path:
    folder = repo / CACHE_FOLDER
    if first_link(repo, folder) is not None:
        # A link where the cache goes (preview.first_link says why): work in a folder no checkout gives.
        return Path(tempfile.mkdtemp(prefix="dossier-changes-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# The history of content/: each commit compared with the one before it, cached by commit.


@dataclass
class History:
    """Every dated change since the dossier began, newest first; or why git could not tell."""

    changes: list[Change] = field(default_factory=list)
    missing: str | None = None
    processed: int = 0  # commits compared in this build (not read from the cache)


@dataclass
class _Commit:
    sha: str
    date: str
    touched: list[tuple[str, str, str]]  # (status letter, old path, new path)


def read_history(content_dir: Path, since: PartialDate | None = None) -> History:
    """Return the changes every commit made to content/, from git, or say why there is no history."""
    try:
        repo, inside = repository_of(content_dir)
    except DossierError:
        return History(missing="content/ is not in a git repository (a copy or a tarball)")
    if "/" in inside or inside == ".":
        # A dossier is its own repository; a folder deeper in another (a test's fixture) has no history of its own.
        return History(missing=f"{inside}/ is not the content folder at the top of its git repository")
    if _git(repo, "rev-parse", "--is-shallow-repository").strip() == b"true":
        return History(missing="the git history is shallow (fetch-depth: 0 in the workflow's checkout fetches it)")
    try:
        commits = _commits(repo, inside)
    except DossierError:
        return History(missing="content/ has no commits yet")
    if not commits:
        return History(missing="content/ has no commits yet")
    history = History()
    per_commit: list[list[Change]] = []
    cache = _cache(repo)
    reader = _BlobReader(repo)
    try:
        previous = None
        for commit in commits:
            key = hashlib.sha256(f"{CACHE_VERSION}\0{inside}\0{previous}\0{commit.sha}".encode()).hexdigest()
            cached = cache / f"{key[:40]}.json"
            try:
                if cached.is_symlink():  # a link committed in its place (to /dev/zero…): not read, written over
                    raise OSError(cached)
                changes = [Change.model_validate(item) for item in json.loads(cached.read_text(encoding="utf-8"))]
            except (OSError, ValueError, ValidationError):
                changes = _commit_changes(reader, inside, previous, commit)
                _write_atomically(cached, json.dumps([c.model_dump() for c in changes], ensure_ascii=False))
                history.processed += 1
            if since is None or commit.date >= since.iso:
                per_commit.append(changes)
            previous = commit.sha
    finally:
        reader.close()
    # Newest commit first; within one commit, the order compare() gives (by kind, then name).
    history.changes = [change for changes in reversed(per_commit) for change in changes]
    return history


def _commits(repo: Path, inside: str) -> list[_Commit]:
    """Return the first-parent commits that touched content/, oldest first, with the files each touched."""
    output = _git(
        repo,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--reverse",
        "-M",
        "--name-status",
        "--format=%x01%H %ct",
        "HEAD",
        "--",
        inside,
    ).decode("utf-8", "replace")
    commits = []
    for block in output.split("\x01")[1:]:
        header, *lines = block.strip("\n").split("\n")
        sha, stamp = header.split()
        day = datetime.datetime.fromtimestamp(int(stamp), tz=datetime.UTC).date().isoformat()
        touched = []
        for line in lines:
            parts = line.split("\t")
            if len(parts) >= 2 and not any(p.startswith('"') for p in parts[1:]):
                old_path, new_path = parts[1], parts[-1]
                touched.append((parts[0][:1], old_path, new_path))
        commits.append(_Commit(sha, day, touched))
    return commits


def _commit_changes(reader: _BlobReader, inside: str, previous: str | None, commit: _Commit) -> list[Change]:
    """Compare the files one commit touched with what they were before it: the rest did not change."""
    prefix = f"{inside}/" if inside != "." else ""
    old_paths = [old for status, old, _ in commit.touched if status in "MDRT" and old.startswith(prefix)]
    new_paths = [new for status, _, new in commit.touched if status in "AMRCT" and new.startswith(prefix)]
    if not old_paths and not new_paths:
        return []
    old = _states_at(reader, previous, old_paths, prefix, reader.folder / "old") if previous else {}
    new = _states_at(reader, commit.sha, new_paths, prefix, reader.folder / "new")
    changes = compare(old, new, _party_names(reader, commit.sha, prefix, [*old.values(), *new.values()]))
    return [change.model_copy(update={"date": commit.date, "commit": commit.sha}) for change in changes]


def _party_names(reader: _BlobReader, commit: str, prefix: str, states: list[State]) -> dict[str, str]:
    """Return the names, at that commit, of the parties whose positions the touched issues hold."""
    parties = {p["actor"] for state in states if is_of(state.kind, Issue) for p in state.data.get("positions", [])}
    actors = kind_of_model(Actor)
    if actors is None:
        return {}
    names = {}
    for party in sorted(parties):
        data = reader.read(commit, f"{prefix}{actors.folder}/{party}.yaml")
        try:
            sheet = yaml.safe_load(data) if data else None
        except yaml.YAMLError:
            sheet = None
        if isinstance(sheet, dict) and isinstance(sheet.get("name"), str):
            names[party] = sheet["name"]
    return names


def _states_at(reader: _BlobReader, commit: str, paths: list[str], prefix: str, folder: Path) -> States:
    """Write the given files of one commit into a folder and read them as the loader would."""
    # Only what the loader reads: the pages are not records, and nothing may lead out of the folder.
    wanted = [p for p in paths if (parts := p[len(prefix) :].split("/")) and ".." not in parts and len(parts) <= 2]
    wanted = [path for path in wanted if not path[len(prefix) :].startswith("pages/")]
    written = []
    for path, data in zip(wanted, reader.read_many(commit, wanted), strict=True):
        if data is None:
            continue
        target = folder.joinpath(*path[len(prefix) :].split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)  # the folders stay from one commit to the next
        target.write_bytes(data)
        written.append(target)
    try:
        return read_states(folder)
    finally:
        for target in written:
            target.unlink()


class _BlobReader:
    """Read files of any commit through one `git cat-file --batch` process."""

    def __init__(self, repo: Path) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._repo = repo
        # One work folder for the whole walk: the loader reads files, and making folders is slow.
        self.folder = Path(tempfile.mkdtemp(prefix="dossier-changes-"))

    def read(self, commit: str, path: str) -> bytes | None:
        return self.read_many(commit, [path])[0]

    def read_many(self, commit: str, paths: list[str]) -> list[bytes | None]:
        """Return each file's bytes at a commit (None where it is not a file there)."""
        if self._process is None:
            command = ["git", "-C", str(self._repo), "cat-file", "--batch"]
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._process.stdin is not None and self._process.stdout is not None
        found: list[bytes | None] = []
        # Asked in small batches: a few requests fit the pipe, so git never waits on us while we wait on it.
        for start in range(0, len(paths), 32):
            batch = paths[start : start + 32]
            self._process.stdin.write("".join(f"{commit}:{path}\n" for path in batch).encode())
            self._process.stdin.flush()
            for _ in batch:
                header = self._process.stdout.readline().split()
                if len(header) != 3:  # '<name> missing'
                    found.append(None)
                    continue
                data = self._process.stdout.read(int(header[2]))
                self._process.stdout.read(1)  # the newline after each object
                found.append(data if header[1] == b"blob" else None)
        return found

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._process is not None:
            assert self._process.stdin is not None and self._process.stdout is not None
            self._process.stdin.close()
            self._process.stdout.close()
            self._process.wait()


def _write_atomically(path: Path, text: str) -> None:
    # Two builds at once (serve and a test) must never read half a cache file.
    temporary = path.with_suffix(f".{id(text)}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


# Where git cannot tell: the dated fields of the content itself.


def dated_changes(dossier: Dossier) -> list[Change]:
    """Return the changes the content dates itself (status history, positions, events), newest first."""
    changes: list[Change] = []
    for event in dossier.events.values():
        changes.append(
            Change(what="added", kind="event", id=event.id, name=event.title, text="new event", date=event.date.iso)
        )
    for issue in dossier.issues.values():
        of_issue = {"kind": "issue", "id": issue.id, "name": issue.title}
        for step in issue.history:
            text = f"status: {step.status}"
            changes.append(Change(what="status", text=text, after=step.status, date=step.date.iso, **of_issue))
        for position in issue.positions:
            text = f"{dossier.display_name(position.actor)}'s position: {position.stance}"
            after, date = position.stance, position.as_of.iso
            changes.append(Change(what="position-changed", text=text, after=after, date=date, **of_issue))
    for commitment in dossier.commitments.values():
        of_commitment = {"kind": "commitment", "id": commitment.id, "name": commitment.title}
        for promised in commitment.history:
            text, date = f"status: {promised.status}", promised.date.iso
            changes.append(Change(what="status", text=text, after=promised.status, date=date, **of_commitment))
    changes.sort(key=lambda c: (PartialDate.parse(c.date or "1").first_day, c.kind, c.id, c.text), reverse=True)
    return changes


def headline(change: Change) -> str:
    """Say what a record's latest change was, for the line under its title ('Position updated')."""
    if change.what.startswith("position-"):
        return "Position updated"
    if change.what in ("status", "trend"):
        return "Status updated"
    return "Added" if change.what == "added" else "Updated"


def is_news(change: Change) -> bool:
    """Say whether a follower of the feed is told about a change (see NEWS)."""
    news = {kind.name for kind in KINDS.values() if kind.news}
    return change.what in NEWS or (change.what == "added" and change.kind in news)


def last_changes(changes: Iterable[Change]) -> dict[tuple[str, str], list[Change]]:
    """Group changes by record, newest first as given."""
    grouped: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        grouped.setdefault((change.kind, change.id), []).append(change)
    return grouped
