import os

import pytest
from conftest import ROOT, run_main
from test_editor_schemas import validator

from dossier.errors import DossierError
from dossier.scaffold import FOLDERS, new_record
from dossier.yamlfile import read_yaml


@pytest.mark.parametrize("kind", sorted(FOLDERS))
def test_each_new_sheet_passes_check_with_its_placeholders_flagged(write, kind):
    content = write({})
    result = run_main("new", kind, "talks-resume-2026-01", "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert "fill in every line marked TODO" in result.stdout
    check = run_main("check", "--content", str(content), "--format", "text")
    assert check.returncode == 0, check.stderr
    assert f"content/{FOLDERS[kind]}/talks-resume-2026-01.yaml:" in check.stderr
    assert "placeholder 'TODO: " in check.stderr
    sheet = content / FOLDERS[kind] / "talks-resume-2026-01.yaml"
    document, _ = read_yaml(sheet.read_text(encoding="utf-8"), sheet.name)
    assert document is not None
    assert list(validator(kind).iter_errors(document.data)) == []


def test_new_event_takes_its_date_from_the_id(write):
    scaffold = new_record("event", "sweida-clashes-2025-07", write({}), ROOT / "templates")
    text = scaffold.path.read_text(encoding="utf-8")
    assert 'date: 2025-07  # taken from the id: check it\ntitle: "Sweida clashes"' in text
    assert scaffold.source == "daily-news-2026-01-06#p1"


@pytest.mark.parametrize(
    ("record_id", "message"),
    [
        ("Jan_Novak", "'Jan_Novak' is not a valid id: use lowercase letters, digits and single hyphens"),
        ("geneva", "id 'geneva' is already used by content/glossary.yaml: ids are unique across the dossier"),
        (
            "border-zone",
            "id 'border-zone' is already used by content/issues/border-zone.yaml: ids are unique across the dossier",
        ),
    ],
)
def test_new_refuses_bad_and_taken_ids(write, record_id, message):
    with pytest.raises(DossierError) as error:
        new_record("actor", record_id, write({}), ROOT / "templates")
    assert str(error.value) == message


def test_new_never_overwrites_a_sheet(write, tmp_path):
    write({})
    result = run_main("new", "actor", "borduria", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "error: content/actors/borduria.yaml already exists: edit it, or choose another id\n"


def test_the_placeholder_cites_the_article_added_last_among_those_of_the_newest_date(write):
    content = write({})
    daily = (content / "articles" / "daily-news-2026-01-06.md").read_text(encoding="utf-8")
    later = content / "articles" / "aaa-wire-2026-01-06.md"
    later.write_text(daily, encoding="utf-8")
    os.utime(later, (later.stat().st_mtime + 60, later.stat().st_mtime + 60))
    assert new_record("actor", "piet-smit", content, ROOT / "templates").source == "aaa-wire-2026-01-06#p1"
