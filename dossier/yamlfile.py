"""Read one YAML document into plain data, remembering the line of every field and item.

PyYAML's own loaders lose line numbers, keep the last of two duplicate keys silently and expand
aliases without limit. Building the data from parser events fixes all three in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .errors import Problem
from .limits import MAX_DEPTH, text_problems

Path = tuple[str | int, ...]

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = SafeConstructor()
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}


@dataclass
class YamlDocument:
    """Parsed data plus the 1-based file line of each value, keyed by its path."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    key: str | None = None


def read_yaml(text: str, path: str, first_line: int = 1) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse `text` (which starts at `first_line` of file `path`) into a YamlDocument."""
    # Most files are plain, valid data: libyaml builds their tree in C, and one walk over it gives the
    # same data and lines. Anything the walk is unsure of is read again from the parser's events, which
    # decide every message, so a problem is always said the same way.
    if _COMPOSER is not None and _may_compose(text):
        try:
            return _composed(text, first_line), []
        except (_NotPlain, yaml.YAMLError):
            pass
    return _read_events(text, path, first_line)


def _read_events(text: str, path: str, first_line: int) -> tuple[YamlDocument | None, list[Problem]]:
    document = YamlDocument(data=None)
    problems: list[Problem] = []
    stack: list[_Frame] = []
    documents = 0

    def child_path() -> Path:
        top = stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        assert top.key is not None
        return (*top.path, top.key)

    def add(value: Any, line: int) -> None:
        if not stack:
            document.data = value
            return
        top = stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        elif top.key is None:
            if not isinstance(value, str):
                raise _Refused(line, f"field names must be text, found {value!r}")
            top.key = value
            if value in top.container:
                first = document.lines[(*top.path, value)]
                problems.append(Problem(path, line, f"duplicate field '{value}' (first given at line {first})"))
                top.key = "\0duplicate"
            else:
                document.lines[(*top.path, value)] = line
        else:
            if top.key != "\0duplicate":
                top.container[top.key] = value
            top.key = None

    try:
        for event in yaml.parse(text, Loader=_Parser):
            line = (event.start_mark.line if event.start_mark else 0) + first_line
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(line, "a file holds one YAML document: remove the second '---'")
            elif isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _Refused(line, "YAML anchors and aliases (&name, *name) are not allowed: write the value out")
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                _refuse_explicit_tag(event, line)
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(line, f"lists and mappings nested more than {MAX_DEPTH} deep: write it flatter")
                if stack and isinstance(stack[-1].container, dict) and stack[-1].key is None:
                    raise _Refused(line, "field names must be plain text, not a list or mapping")
                where = child_path() if stack else ()
                document.lines.setdefault(where, line)
                container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append(_Frame(container, where))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                add(frame.container, line)
            elif isinstance(event, yaml.ScalarEvent):
                _refuse_explicit_tag(event, line)
                if stack and not (isinstance(stack[-1].container, dict) and stack[-1].key is None):
                    document.lines.setdefault(child_path(), line)
                elif not stack:
                    document.lines.setdefault((), line)
                problems.extend(text_problems(event.value, path, line))
                add(_scalar(event), line)
    except _Refused as refused:
        return None, [*problems, Problem(path, refused.line, refused.message)]
    except yaml.MarkedYAMLError as error:
        return None, [*problems, _syntax_problem(error, text, path, first_line)]
    except yaml.YAMLError as error:  # reader errors carry no mark object of the usual kind
        return None, [*problems, Problem(path, first_line, f"cannot read YAML: {error}")]
    if problems:
        return None, problems
    return document, []


class _NotPlain(Exception):
    """The tree holds something only the event reader judges: read the file again from its events."""


# libyaml's tree builder, if PyYAML was built with it (else every file goes by events).
_COMPOSER: Any = None
if hasattr(yaml, "CSafeLoader"):
    from yaml._yaml import CParser

    class _Composer(CParser):  # type: ignore[misc]
        """libyaml's own tree builder, telling only how each value was written instead of resolving tags."""

        def descend_resolver(self, *_: Any) -> None:
            pass

        def ascend_resolver(self, *_: Any) -> None:
            pass

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            # libyaml calls this only for a value without a tag of its own ("!" included); implicit
            # says whether it was written plain (a scalar's first flag) or with no tag at all.
            if kind is yaml.ScalarNode:
                return _PLAIN if implicit[0] else _QUOTED if implicit[1] else _TAGGED
            return _COLLECTION if implicit else _TAGGED

    _COMPOSER = _Composer

# Not tags: no tag holds a NUL, and they are compared by identity.
_PLAIN, _QUOTED, _COLLECTION, _TAGGED = "\0plain", "\0quoted", "\0collection", "\0tagged"
# An anchor, an alias (&name, *name) or a tag (!, !!str) starts a value; the tree would hide the
# anchor and libyaml resolves a bare '!' as if it were not there, so such files go by events. This
# also matches '*emphasis*' or ' !' written plain: those files are merely read the slower way.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\{,:])(?:[&*][^\s,\[\]\{\}]|!)", re.M)
# libyaml builds the tree by recursion in C: only a file that cannot nest deeply goes that way. Each
# level needs an indent, a '[', '{', '? ' or a '- ', so these bound the depth well inside what C can take.
_DEEP_INDENT = re.compile(r"^ {200}", re.M)
_MAX_OPENERS = 400


def _may_compose(text: str) -> bool:
    openers = text.count("[") + text.count("{") + text.count("- ") + text.count("-\n") + text.count("?")
    return openers < _MAX_OPENERS and not _DEEP_INDENT.search(text) and not _MAYBE_ANCHOR.search(text)


def _composed(text: str, first_line: int) -> YamlDocument:
    """Build a YamlDocument from libyaml's tree; raise _NotPlain at anything the events must judge."""
    root = _COMPOSER(text).get_single_node()
    document = YamlDocument(data=None)
    if root is None:
        return document
    lines = document.lines

    def value(node: Any, where: Path, depth: int) -> Any:
        tag = node.tag
        if tag is _PLAIN or tag is _QUOTED:
            text = node.value
            if text_problems(text, "", 0):
                raise _NotPlain
            return text if tag is _QUOTED or text[:1] not in _IMPLICIT_FIRST else _resolved(text)
        if tag is not _COLLECTION or depth >= MAX_DEPTH:  # a tag the pattern above missed, or too deep
            raise _NotPlain
        if type(node) is yaml.SequenceNode:
            items: list[Any] = []
            for index, item in enumerate(node.value):
                lines[(*where, index)] = item.start_mark.line + first_line
                items.append(value(item, (*where, index), depth + 1))
            return items
        fields: dict[str, Any] = {}
        for key_node, item in node.value:
            key = value(key_node, where, MAX_DEPTH) if type(key_node) is yaml.ScalarNode else None
            if type(key) is not str or key in fields:
                raise _NotPlain
            lines[(*where, key)] = key_node.start_mark.line + first_line
            fields[key] = value(item, (*where, key), depth + 1)
        return fields

    lines[()] = root.start_mark.line + first_line
    document.data = value(root, (), 0)
    return document


# The first characters of a plain value that may make it other than text (null, true, 12, 1.5e3, …);
# the resolver itself looks no further for any other.
_IMPLICIT_FIRST = frozenset(_resolver.yaml_implicit_resolvers)
assert None not in _IMPLICIT_FIRST


def _resolved(text: str) -> Any:
    return _scalar_value(_resolver.resolve(yaml.ScalarNode, text, (True, False)), text)


def _refuse_explicit_tag(event: Any, line: int) -> None:
    # Tags are how YAML asks a loader to build objects; fact sheets only ever need plain data.
    if event.tag is not None:
        raise _Refused(line, f"YAML tags such as '{event.tag}' are not allowed")


def _scalar(event: yaml.ScalarEvent) -> Any:
    return _scalar_value(_resolver.resolve(yaml.ScalarNode, event.value, event.implicit), event.value)


def _scalar_value(tag: str, text: str) -> Any:
    if tag in _PLAIN_TAGS:
        # Dates stay as written: the model keeps their precision ("2025-05", not a datetime).
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return _constructor.construct_object(yaml.ScalarNode(tag, text))
    return text


# The parser's words, what an editor most likely did, and whether the mistake is where the parser
# began the construct (an unclosed quote, a key without its colon) rather than where it gave up.
_HINTS = [
    (
        "mapping values are not allowed",
        "a value with ': ' in it must be in quotes, or this line is indented too far",
        False,
    ),
    ("could not find expected ':'", "each field is 'name: value', with a space after the colon", True),
    ("did not find expected ',' or ']'", "the [list] begun here is not closed with ']', or an item needs quotes", True),
    ("found unexpected end of stream", "a quotation mark is not closed", True),
]


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> Problem:
    hint, at_start = next(((h, start) for words, h, start in _HINTS if words in (error.problem or "")), ("", False))
    mark = (error.context_mark if at_start else None) or error.problem_mark or error.context_mark
    index = mark.line if mark else 0
    line = index + first_line
    problem = error.problem or "invalid YAML"
    source_lines = text.splitlines()
    if index < len(source_lines) and "\t" in source_lines[index]:
        return Problem(path, line, "tab character: indent with spaces, not tabs")
    context = f" ({error.context})" if error.context else ""
    return Problem(path, line, f"YAML syntax error: {problem}{context}" + (f": {hint}" if hint else ""))
