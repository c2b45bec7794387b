"""JSON Schemas for editors' tools, generated from the pydantic models of schema.py, never by hand.

The files under schemas/ are this module's output, committed so that an editor's YAML extension
can use them without running Python; a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .changes import ChangeReport
from .kinds import BRIEF, KINDS, Kind
from .schema import ID_PATTERN

# Draft 7, not the 2020-12 pydantic aims at: the keywords pydantic uses here are all draft 7, and
# VS Code's YAML extension warns that 2020-12 is "not yet fully supported".
DRAFT = "http://json-schema.org/draft-07/schema#"


def json_schemas() -> dict[str, str]:
    """Return the text of every schema file, keyed by file name ('actor.schema.json', …)."""
    schemas: dict[str, dict[str, Any]] = {
        kind.schema_name: _entries_schema(kind) if kind.shape == "entries" else kind.model.model_json_schema()
        for kind in (*KINDS.values(), BRIEF)
    }
    # Not an editor's file: the output of `site_builder.py changes --format json`, for tools reading it.
    schemas["changes"] = ChangeReport.model_json_schema()
    return {
        f"{name}.schema.json": json.dumps({"$schema": DRAFT, **schema}, indent=2, ensure_ascii=False) + "\n"
        for name, schema in sorted(schemas.items())
    }


def _entries_schema(kind: Kind) -> dict[str, Any]:
    # glossary.yaml maps each term's id to the term; definitions must sit at the root for $ref.
    term = kind.model.model_json_schema()
    definitions = term.pop("$defs", None)
    schema: dict[str, Any] = {
        "title": kind.folder.capitalize(),
        "description": f"content/{kind.folder}.yaml: each {kind.name}'s id, then the {kind.name}",
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": term,
    }
    if definitions:
        schema["$defs"] = definitions
    return schema


def write_schemas(out: Path) -> list[Path]:
    """Write every schema into `out`; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in json_schemas().items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written


def outdated_schemas(folder: Path) -> list[str]:
    """Return the names of schema files in `folder` that are missing or differ from the models."""
    outdated = []
    for name, text in json_schemas().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            outdated.append(name)
    return outdated
