import pytest

from dossier.dates import PartialDate


@pytest.mark.parametrize(
    ("written", "label"), [("2025", "2025"), ("2025-05", "May 2025"), ("2026-01-06", "6 January 2026")]
)
def test_precision_is_kept_as_written(written, label):
    date = PartialDate.parse(written)
    assert (date.iso, date.label) == (written, label)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a date: February 2026 has 28 days"),
        ("2026-13", "'2026-13' is not a date: there is no month 13"),
        ("06/01/2026", "'06/01/2026' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
        (True, "yes/no (true) is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(written, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        PartialDate.parse(written)


def test_a_month_sorts_before_a_day_within_it():
    assert PartialDate.parse("2026-01") < PartialDate.parse("2026-01-06") < PartialDate.parse("2026-02")
