"""The exports are pydantic models: dossier.json follows the schema pydantic writes for its model."""

import copy
import csv
import io
import json

import jsonschema
import pytest
from conftest import ROOT

from dossier.exports import EventRow, PositionRow, dossier_model, schema_fields
from dossier.pipeline import build_pages


@pytest.fixture(scope="module")
def seed() -> dict[str, str]:
    """The site of the seed dossier, content/."""
    return build_pages(ROOT / "content", ROOT / "templates").pages


def _paths(value, prefix=""):
    """Every key path of a JSON value, as the Data page writes it: brief.watch[].by."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from _paths(item, path)
    elif isinstance(value, list):
        for item in value:
            yield from _paths(item, f"{prefix}[]")


def test_the_seed_dossier_json_follows_its_published_schema(seed):
    schema = json.loads(seed["dossier.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(seed["dossier.json"]), schema, cls=jsonschema.Draft202012Validator)
    assert schema["title"] == "dossier.json"
    assert list(schema["properties"]) == list(dossier_model().model_fields)


def test_the_schema_refuses_what_dossier_json_never_holds(seed):
    schema = json.loads(seed["dossier.schema.json"])
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads(seed["dossier.json"])
    wrong = copy.deepcopy(data)
    wrong["events"][0]["date"] = "7 January 2026"
    wrong["actors"][0]["nickname"] = "x"
    del wrong["issues"][0]["positions"][0]["sources"][0]["page"]
    messages = sorted(error.message for error in validator.iter_errors(wrong))
    assert messages == [
        "'7 January 2026' does not match '^\\\\d{4}(-\\\\d{2}(-\\\\d{2})?)?$'",
        "'page' is a required property",
        "Additional properties are not allowed ('nickname' was unexpected)",
    ]


def test_every_field_of_dossier_json_is_on_the_data_page(seed):
    documented = {field.path for field in schema_fields()}
    citation = {"ref", "article", "paragraph", "quote", "text", "publisher", "reliability", "url", "page"}

    # Citations are documented once, apart: whatever lies under a list of them is one of their fields.
    def cited(path: str) -> bool:
        parent, _, leaf = path.rpartition(".")
        return parent.endswith("sources[]") and parent != "sources[]" and leaf in citation

    undocumented = {path for path in _paths(json.loads(seed["dossier.json"])) if path not in documented}
    assert {path for path in undocumented if not cited(path)} == set()
    assert "| brief.watch&#91;&#93;.by | date or null | when it is expected |" in seed["data.md"]


def test_the_csv_columns_are_the_row_models_fields(seed):
    for name, row in [("events.csv", EventRow), ("positions.csv", PositionRow)]:
        header = next(csv.reader(io.StringIO(seed[name], newline="")))
        assert header == list(row.model_fields)
        assert all(info.description for info in row.model_fields.values())
