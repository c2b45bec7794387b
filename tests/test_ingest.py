from conftest import run_main

RAW = "First paragraph, with a comma.\nA sub-heading\nSecond paragraph.\nFirst paragraph, with a comma.\n"


def test_ingest_writes_a_valid_article_and_reports_repeats(write, tmp_path):
    content = write({})
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW, encoding="utf-8")
    result = run_main(
        "ingest",
        str(raw),
        "--title",
        "T",
        "--publisher",
        "The Daily",
        "--published",
        "2026-01-06",
        "--reliability",
        "C",
        "--content",
        str(content),
    )
    assert result.returncode == 0, result.stderr
    assert "2 paragraphs, 1 sub-heading" in result.stdout
    assert 'line 4 repeats line 1 word for word: kept once: "First paragraph, with a comma."' in result.stdout
    text = (content / "articles" / "the-daily-2026-01-06.md").read_text(encoding="utf-8")
    assert text.endswith("\nFirst paragraph, with a comma.\n\n## A sub-heading\n\nSecond paragraph.\n")
    assert run_main("check", "--content", str(content)).returncode == 0


def test_ingest_never_overwrites_an_article(write, tmp_path):
    content = write({})
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW, encoding="utf-8")
    args = (
        "ingest",
        str(raw),
        "--title",
        "T",
        "--publisher",
        "Daily News",
        "--published",
        "2026-01-06",
        "--content",
        str(content),
    )
    result = run_main(*args)
    assert result.returncode == 1
    assert "daily-news-2026-01-06.md already exists" in result.stderr


def test_ingest_refuses_an_impossible_date(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW, encoding="utf-8")
    result = run_main(
        "ingest", str(raw), "--title", "T", "--publisher", "P", "--published", "2026-02-30", "--content", str(tmp_path)
    )
    assert result.stderr == "error: --published: '2026-02-30' is not a date: February 2026 has 28 days\n"


def ingest(raw_text: str, content, tmp_path, *extra: str):
    raw = tmp_path / "raw.txt"
    raw.write_text(raw_text, encoding="utf-8")
    args = ("ingest", str(raw), "--title", "T", "--publisher", "Wire", "--published", "2026-01-06")
    return run_main(*args, "--content", str(content), *extra), raw


WRAPPED = "Talks resumed in Paris on\nthe sixth day, officials said.\n\nA second paragraph that is\nwrapped as well.\n"


def test_a_hard_wrapped_text_is_refused_before_anything_is_written(write, tmp_path):
    content = write({})
    result, raw = ingest(WRAPPED, content, tmp_path)
    assert result.returncode == 1
    assert f"{raw}:1: this line runs on into line 2\n{raw}:4: this line runs on into line 5\n" in result.stderr
    assert "run again with --wrapped" in result.stderr
    assert not (content / "articles" / "wire-2026-01-06.md").exists()


def test_wrapped_joins_the_lines_between_blank_lines(write, tmp_path):
    content = write({})
    result, _raw = ingest(
        WRAPPED + "\nTalks resumed in Paris on the sixth day, officials said.\n", content, tmp_path, "--wrapped"
    )
    assert result.returncode == 0, result.stderr
    assert "2 paragraphs" in result.stdout
    assert "line 7 repeats line 1 word for word" in result.stdout  # line numbers are the file's
    text = (content / "articles" / "wire-2026-01-06.md").read_text(encoding="utf-8")
    assert text.endswith(
        "\nTalks resumed in Paris on the sixth day, officials said.\n\nA second paragraph that is wrapped as well.\n"
    )


def test_a_line_that_breaks_after_a_comma_runs_on(tmp_path, write):
    result, raw = ingest("Barrack met the envoy,\nand agreed to meet again.\n", write({}), tmp_path)
    assert f"{raw}:1: this line runs on into line 2" in result.stderr
