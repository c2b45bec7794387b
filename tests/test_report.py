from dossier.errors import Problem
from dossier.report import annotation, escape_data, escape_property


def test_messages_escape_percent_and_line_breaks_only():
    assert escape_data("50%: a, b\r\nnext") == "50%25: a, b%0D%0Anext"


def test_properties_also_escape_colons_and_commas():
    assert escape_property("c:/a,b%\n") == "c%3A/a%2Cb%25%0A"


def test_an_annotation_names_file_line_and_title():
    problem = Problem("content/a,b.yaml", 3, "bad: x\ny", "warning")
    expected = "::warning file=content/a%2Cb.yaml,line=3,title=Dossier check::bad: x%0Ay"
    assert annotation(problem, "content/a,b.yaml") == expected
