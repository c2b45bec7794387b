"""Primary texts cited as what they are; the site publishes only what each source allows it to."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import make_project, mkdocs_build

from dossier.cli import main

STATEMENT = """---
title: Joint statement on the Geneva talks
publisher: Ruritanian Foreign Ministry
published: 2026-01-06
reliability: A
type: statement
issued_by: [ruritania, borduria]
---

The two governments met in Geneva.

They agreed to set up a joint commission on the border zone.
"""
EVENT = """date: 2026-01-06
title: Talks resume in Geneva
summary: Anna Kovacs led Ruritania's side.
actors: [ruritania, borduria, anna-kovacs]
issues: [border-zone]
place: Geneva
sources: [daily-news-2026-01-06#p1, joint-statement-2026-01-06#p2]
"""


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_a_joint_statement_added_as_an_official_text_can_be_cited_and_shows_as_such(write, tmp_path):
    content = write({"articles/joint-statement-2026-01-06.md": STATEMENT, "events/geneva-talks-2026-01-06.yaml": EVENT})
    project = make_project(tmp_path, content)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    timeline = page(site, "timeline")
    assert 'href="../articles/joint-statement-2026-01-06/#p2">joint statement ¶2</a>' in timeline
    sources = page(site, "articles")
    assert '<h2 id="official-statements">Official statements' in sources
    assert re.search(r"Ruritanian Foreign Ministry<br>issued by <a [^>]*>Ruritania</a>, <a [^>]*>Borduria</a>", sources)
    article = page(site, "articles/joint-statement-2026-01-06")
    assert re.search(r"<td>official statement, issued by <a [^>]*>Ruritania</a>, <a [^>]*>Borduria</a></td>", article)
    events = (site / "events.csv").read_text(encoding="utf-8")
    assert "Daily News ¶1; joint statement ¶2" in events


def test_an_official_text_must_say_who_issued_it_and_each_issuer_must_be_an_actor(write, capsys):
    no_issuer = STATEMENT.replace("issued_by: [ruritania, borduria]\n", "")
    wrong = STATEMENT.replace("[ruritania, borduria]", "[ruritania, border-zone, rurtania]")
    content = write({"articles/statement-a.md": no_issuer, "articles/statement-b.md": wrong})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert (
        "content/articles/statement-a.md:6: an official text (type: statement) needs issued_by: the ids of the actors "
        "that issued it, e.g. issued_by: [us-state-department]\n" in err
    )
    assert "content/articles/statement-b.md:7: 'border-zone' is an issue, not an actor in issued_by[1]\n" in err
    assert (
        "content/articles/statement-b.md:7: unknown actor 'rurtania' in issued_by[2] (did you mean 'ruritania'?)\n"
        in err
    )


def test_a_type_outside_the_list_is_refused_with_the_list(write, capsys):
    content = write({"articles/statement-a.md": STATEMENT.replace("type: statement", "type: press-release")})
    assert main(["check", "--content", str(content)]) == 1
    assert (
        "content/articles/statement-a.md:6: 'press-release' is not allowed in type: use one of news, statement, "
        "agreement, un-document, transcript, analysis\n" in capsys.readouterr().err
    )
