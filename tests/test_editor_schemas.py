import json

import jsonschema
import pytest
from conftest import ROOT, SMALL_DOSSIER, run_cli

from dossier.editor_schemas import json_schemas, outdated_schemas, write_schemas
from dossier.load import load_content

SCHEMAS = ROOT / "schemas"
KIND = {
    "actors": "actor",
    "issues": "issue",
    "events": "event",
    "disputes": "dispute",
    "articles": "article",
    "dossier": "dossier",
    "glossary": "glossary",
}


def validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_committed_schemas_match_the_models():
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(json_schemas())
    assert outdated_schemas(SCHEMAS) == [], "schemas/ is out of date: run `make schemas`"


def test_a_changed_schema_is_reported_as_outdated(tmp_path):
    write_schemas(tmp_path)
    (tmp_path / "actor.schema.json").write_text("{}", encoding="utf-8")
    assert outdated_schemas(tmp_path) == ["actor.schema.json"]


def test_schemas_accept_every_valid_fixture_file():
    files = load_content(SMALL_DOSSIER).files
    assert {file.folder for file in files} == set(KIND)
    for file in files:
        errors = [e.message for e in validator(KIND[file.folder]).iter_errors(file.document.data)]
        assert errors == [], file.path


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("actor", {"name": "X", "kind": "persn"}),
        ("actor", {"name": "X", "kind": "person", "member_of": ["Not An Id"]}),
        ("issue", {"title": "T", "summary": "S", "status": "open", "trend": "unchanged", "colour": "red"}),
        ("event", {"date": "May 2025", "title": "T"}),
        ("glossary", {"Bad Id": {"term": "T", "definition": "D"}}),
    ],
)
def test_schemas_reject_what_check_rejects(kind, data):
    assert list(validator(kind).iter_errors(data))


def test_the_schemas_command_writes_and_checks_the_files(tmp_path):
    assert run_cli("schemas", "--out", str(tmp_path)).stdout.startswith(f"wrote {len(json_schemas())} schemas to ")
    assert run_cli("schemas", "--out", str(tmp_path), "--check").returncode == 0
    (tmp_path / "event.schema.json").unlink()
    result = run_cli("schemas", "--out", str(tmp_path), "--check")
    assert result.returncode == 1
    assert result.stderr.endswith("event.schema.json is out of date: run `make schemas`\n")
