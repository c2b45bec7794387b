"""Ids the site uses for its own sections: a record may not take one, or its anchor would be the section's.

A record on a shared page (a commitment on the tracker, a dispute on the Disputes page, an event on the
timeline, a term in the glossary) is anchored at its id; a section of that page with the same id made
two elements of one id, and a link to either landed on the first.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, run_main

from dossier.addresses import RESERVED_IDS
from dossier.errors import ContentError
from dossier.kinds import KINDS
from dossier.pipeline import check_dossier
from dossier.view import COMMITMENT_GROUPS

SEED = ROOT / "content"


def errors_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_dossier(content)
    return [str(problem) for problem in caught.value.problems if problem.is_error]


@pytest.mark.parametrize(
    ("copied", "record_id", "where"),
    [
        ("commitments/us-support-for-fusion-cell.yaml", "status-open", "the Commitments page"),
        ("disputes/who-led-the-syrian-delegation.yaml", "conflicts", "the Disputes page"),
        ("events/al-sharaa-paris-visit-2025-05.yaml", "positions", "each issue's page"),
        ("commitments/us-support-for-fusion-cell.yaml", "commitment-list", "each issue's and actor's page"),
        ("actors/syria.yaml", "dossier-search", "every page (the search)"),
    ],
)
def test_a_record_cannot_take_an_id_the_site_uses(write, copied: str, record_id: str, where: str) -> None:
    folder = copied.split("/")[0]
    text = (SEED / copied).read_text(encoding="utf-8").replace("title: ", "title: Another ", 1)
    text = text.replace("name: ", "name: Another ", 1)
    content = write({f"{folder}/{record_id}.yaml": text}, base=SEED)
    assert errors_of(content) == [
        f"content/{folder}/{record_id}.yaml:1: id '{record_id}' is used by the site itself, on {where}: "
        "a link to this record would land there; choose another id"
    ]


def test_a_glossary_term_cannot_take_one_either_and_is_named_at_its_line(write) -> None:
    glossary = (SEED / "glossary.yaml").read_text(encoding="utf-8")
    line = glossary.count("\n") + 1
    content = write(
        {"glossary.yaml": glossary + "conflicts:\n  term: Conflicts test\n  definition: A test.\n  sources: []\n"},
        base=SEED,
    )
    assert errors_of(content) == [
        f"content/glossary.yaml:{line}: id 'conflicts' is used by the site itself, on the Disputes page: "
        "a link to this record would land there; choose another id"
    ]


def test_new_refuses_a_reserved_id_and_writes_nothing(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(SEED, tmp_path / "content")
    result = run_main("new", "commitment", "status-kept", "--content", str(tmp_path / "content"))
    assert result.returncode != 0
    assert "id 'status-kept' is used by the site itself, on the Commitments page" in result.stderr
    assert not (tmp_path / "content" / "commitments" / "status-kept.yaml").exists()


# A fixed id a template writes: `{ #name }` (attribute lists), `id="name"` (HTML), and a section it
# links to (`"#name"`). Ids made from a record (`{{ event.id }}`) are the records' own.
FIXED_ID = re.compile(r'\{ #((?:[^ {}]|\{\{[^}]*\}\})+)|\bid="([^"]+)"|"#([a-z][a-z0-9-]*)"')


def _fixed_ids(text: str) -> set[str]:
    found = set()
    for match in FIXED_ID.finditer(text):
        found.add(next(group for group in match.groups() if group))
    return found


def test_every_fixed_id_the_templates_write_or_link_to_is_reserved() -> None:
    written: set[str] = set()
    for template in sorted((ROOT / "templates").rglob("*")):
        if template.suffix in {".j2", ".html"}:
            written |= _fixed_ids(template.read_text(encoding="utf-8"))
    made_from_records = {name for name in written if name.startswith("{{")}
    paragraphs = {name for name in written if name.startswith("p{{")}
    # Paragraph anchors are on article pages, which hold no other record: every article has its own page.
    assert paragraphs and KINDS["article"].own_page
    expanded = {name for name in written - made_from_records - paragraphs if "{{" not in name}
    expanded |= {f"status-{group}" for group in COMMITMENT_GROUPS if "status-{{ group }}" in written}
    assert "status-{{ group }}" in written, "the tracker's status sections are no longer found: update this test"
    assert expanded - RESERVED_IDS.keys() == set(), "add these ids to RESERVED_IDS in dossier/addresses.py"
    assert {name for name in written if "{{" in name} - made_from_records - paragraphs == {"status-{{ group }}"}


def test_no_page_of_the_seed_site_has_two_elements_with_one_id(seed_site: Path) -> None:
    repeated = {}
    for page in sorted(seed_site.rglob("*.html")):
        counts = Counter(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))
        if twice := sorted(name for name, count in counts.items() if count > 1):
            repeated[page.relative_to(seed_site).as_posix()] = twice
    assert repeated == {}
