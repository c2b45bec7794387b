"""Jinja templates compiled once a process, for our pages' environment and for the theme's."""

from __future__ import annotations

import jinja2


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once a process, for environments of one configuration: `mkdocs serve` (and a
    test suite) builds again and again with the same templates, and compiling them was a third of a rebuild.

    Jinja stores each template's source checksum with its code and compiles an edited template afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# Kept in the package, not in the hook: MkDocs loads the hook afresh for every build of `serve`.
_COMPILED: dict[tuple[object, ...], CompiledTemplates] = {}


def compiled_templates(*configuration: object) -> CompiledTemplates:
    """The store for environments configured alike (code compiled under other settings would differ)."""
    return _COMPILED.setdefault(configuration, CompiledTemplates())
