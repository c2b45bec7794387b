"""The editor guide documents every field the models accept."""

from conftest import ROOT
from pydantic import BaseModel

from dossier import schema

GUIDE = ROOT / "content" / "pages" / "editing.md"


def test_every_field_of_every_model_is_in_the_editor_guide():
    guide = GUIDE.read_text(encoding="utf-8")
    models = [m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, BaseModel)]
    fields = {info.alias or name for model in models for name, info in model.model_fields.items()}
    assert len(fields) > 40
    assert sorted(f for f in fields if f"`{f}`" not in guide) == []
