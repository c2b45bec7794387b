"""The editor guide documents every field the models accept."""

import re

from conftest import ROOT
from pydantic import BaseModel

from dossier import addresses, limits, schema

GUIDE = ROOT / "content" / "pages" / "editing.md"


def test_every_field_of_every_model_is_in_the_editor_guide():
    guide = GUIDE.read_text(encoding="utf-8")
    models = [m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, BaseModel)]
    fields = {info.alias or name for model in models for name, info in model.model_fields.items()}
    assert len(fields) > 40
    assert sorted(f for f in fields if f"`{f}`" not in guide) == []


def test_the_guide_gives_the_sizes_at_which_lists_move():
    section = GUIDE.read_text(encoding="utf-8").split("## When the dossier grows")[1].split("\n## ")[0]
    numbers = {int(n) for n in re.findall(r"\b\d+\b", section)} - {2026, 1}
    assert numbers == set(addresses.LIMITS.values()) - {0}


def test_the_guide_gives_every_size_limit_as_the_code_sets_it():
    section = GUIDE.read_text(encoding="utf-8").split("## Size limits")[1].split("\n## ")[0]
    numbers = {int(n.replace(",", "")) for n in re.findall(r"\b\d[\d,]*\b", section)}
    assert numbers == {value for name, value in vars(limits).items() if name.startswith("MAX_")}
