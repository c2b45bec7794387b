"""What a pull request cannot do through templates, page front matter, tooltips or raw_html_pages.

The attack report on main (findings 1–4 and 9): each repro is a real file in a tmp folder, run
through the real `check` or the real build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SMALL_DOSSIER

from dossier.errors import DossierError, shown_path
from dossier.pipeline import build_pages

# --- 1. Templates run in Jinja's sandbox -----------------------------------------------------------


@pytest.mark.parametrize(
    "payload, refused",
    [
        (
            "cycler.__init__.__globals__.os.popen('id > {proof}').read()",
            "access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "lipsum.__globals__['os'].popen('id > {proof}').read()",
            "access to attribute '__globals__' of 'function' object is unsafe.",
        ),
        (
            "''.__class__.__mro__[1].__subclasses__()",
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        ("d.__dict__", "access to attribute '__dict__' of 'DossierView' object is unsafe."),
    ],
)
def test_a_template_cannot_reach_python(tmp_path: Path, payload: str, refused: str) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    proof = tmp_path / "ran"
    glossary = templates / "glossary.md.j2"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text("{{ " + payload.format(proof=proof) + " }}\n" + text, encoding="utf-8")
    with pytest.raises(DossierError) as raised:
        build_pages(SMALL_DOSSIER, templates)
    assert str(raised.value) == f"{shown_path(glossary)}:1: template error: {refused}"
    assert not proof.exists()
