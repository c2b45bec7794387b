"""A kind is a schema class and a row in kinds.py: every stage picks up a new one, and reads meaning from types."""

import json
import shutil
from collections.abc import Iterator

import jsonschema
import pytest
from conftest import ROOT
from pydantic import Field

from dossier import kinds
from dossier.editor_schemas import json_schemas
from dossier.errors import ContentError
from dossier.kinds import Kind
from dossier.pipeline import build_pages, check_dossier
from dossier.schema import ActorId, Name, Prose, Record, Sources


class Commitment(Record):
    """A promise one party made: content/commitments/<id>.yaml."""

    name: Name
    aliases: list[Name] = Field(default_factory=list)
    by: ActorId
    summary: Prose = ""
    sources: Sources


COMMITMENT = Kind(
    name="commitment",
    model=Commitment,
    folder="commitments",
    shape="sheets",
    title="name",
    named=True,
    page="commitments",
    own_page=True,
    section="commitments",
    referrers="Commitments",
    referrer_rank=6,
)


@pytest.fixture
def commitments() -> Iterator[Kind]:
    kinds.register(COMMITMENT)
    yield COMMITMENT
    kinds.unregister(COMMITMENT.name)


def errors_of(content) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_dossier(content)
    return [str(p) for p in caught.value.problems if p.is_error]


def test_a_native_name_is_plain_text_not_prose(write):
    content = write({"actors/x.yaml": 'name: X\nkind: person\nnative: [{text: "[[nothing]]", lang: en}]\n'})
    assert check_dossier(content).dossier.actors["x"].native[0].text == "[[nothing]]"


def test_a_new_reference_field_is_checked_by_its_type(write, commitments):
    content = write({"commitments/ceasefire-pledge.yaml": "name: Ceasefire pledge\nby: ruritanai\nsources: []\n"})
    assert errors_of(content) == [
        "content/commitments/ceasefire-pledge.yaml:2: unknown actor 'ruritanai' in by (did you mean 'ruritania'?)"
    ]


def test_prose_of_a_new_kind_has_its_links_checked(write, commitments):
    pledge = "name: Ceasefire pledge\nby: ruritania\nsummary: See [[nowhere]].\nsources: []\n"
    assert errors_of(write({"commitments/ceasefire-pledge.yaml": pledge})) == [
        "content/commitments/ceasefire-pledge.yaml:3: unknown record 'nowhere' in link [[nowhere]] in summary"
    ]


def test_a_new_kind_is_loaded_linked_rendered_exported_and_in_the_schemas(write, tmp_path, commitments):
    pledge = "name: Ceasefire pledge\naliases: [demands to demilitarise]\nby: ruritania\nsummary: By [[ruritania]].\n"
    content = write({"commitments/ceasefire-pledge.yaml": pledge + "sources: [daily-news-2026-01-06#p3]\n"})
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "commitment.md.j2").write_text("# {{ commitment.name }}\n\n{{ commitment.summary | prose }}\n")

    built = build_pages(content, templates)

    # Loaded and validated; linked from the article paragraph that names it by its alias.
    page = built.pages["commitments/ceasefire-pledge.md"]
    assert page == "# Ceasefire pledge\n\nBy [Ruritania](../actors/ruritania.md).\n"
    article = built.pages["articles/daily-news-2026-01-06.md"]
    assert "[demands to demilitarise](../commitments/ceasefire-pledge.md)" in article
    # Ruritania's page lists it among the records that refer to it.
    assert "Commitments" in built.pages["actors/ruritania.md"]
    exported = json.loads(built.pages["dossier.json"])["commitments"]
    assert [(c["id"], c["page"], c["by"]) for c in exported] == [
        ("ceasefire-pledge", "commitments/ceasefire-pledge/", "ruritania")
    ]
    schema = json.loads(built.pages["dossier.schema.json"])
    assert "commitments" in schema["properties"]
    assert schema["$defs"]["Commitment"]["properties"]["by"] == {"type": "string"}
    jsonschema.validate(json.loads(built.pages["dossier.json"]), schema, cls=jsonschema.Draft202012Validator)
    # The Data page documents its fields too.
    assert "| commitments&#91;&#93;.by | text |" in built.pages["data.md"]
    assert json.loads(json_schemas()["commitment.schema.json"])["properties"]["by"]["pattern"]


def test_without_its_row_the_folder_of_a_kind_is_unexpected(write):
    content = write({"commitments/ceasefire-pledge.yaml": "name: Ceasefire pledge\n"})
    assert errors_of(content)[0].startswith("content/commitments:1: unexpected file or folder: content/ holds")


def _guide_sections() -> dict[str, str]:
    """The editor guide's sections by heading ('## ' lines outside code blocks)."""
    sections: dict[str, str] = {}
    heading, fenced = "", False
    for line in (ROOT / "content" / "pages" / "editing.md").read_text(encoding="utf-8").splitlines():
        fenced = fenced != line.startswith("```")
        if line.startswith("## ") and not fenced:
            heading = line[3:]
        sections[heading] = sections.get(heading, "") + line + "\n"
    return sections


@pytest.mark.parametrize("kind", [*kinds.KINDS.values(), kinds.BRIEF], ids=lambda kind: kind.name)
def test_every_kind_has_a_guide_section_listing_its_fields(kind):
    where = {"sheets": f"{kind.folder}/&lt;id&gt;.yaml", "markdown": f"{kind.folder}/&lt;id&gt;.md"}
    heading = next(h for h in _guide_sections() if h.endswith(where.get(kind.shape, f"{kind.folder}.yaml")))
    fields = [info.alias or name for name, info in kind.model.model_fields.items()]
    assert [f for f in fields if f"| `{f}` |" not in _guide_sections()[heading]] == []
