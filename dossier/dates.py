"""Dates kept at the precision an editor wrote them: a year, a month or a day."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = calendar.month_name


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; sorts as its first possible day."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; raise ValueError with an editor's message."""
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        match = _DATE.match(text)
        if not match:
            # Never repr a list or mapping from a file: a deeply nested one exceeds the recursion limit.
            shown = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else repr(value)
            if isinstance(value, bool):  # YAML reads a bare yes, no, on or off as true or false
                shown = f"yes/no ({str(value).lower()})"
            if value is None:  # `due:` with nothing after it, or null: Python's None means nothing to an editor
                shown = "nothing"
            raise ValueError(f"{shown} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else 0 for part in match.groups())
        if year == 0:  # no calendar has a year 0, and Python's dates cannot hold one
            raise ValueError(f"'{text}' is not a date: there is no year 0")
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"'{text}' is not a date: there is no month {month}")
        if match.group(3):
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"'{text}' is not a date: {_MONTHS[month]} {year} has {last} days")
        return cls(year, month, day)

    @property
    def iso(self) -> str:
        """Return the date as written: '2025', '2025-05' or '2025-05-14'."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def label(self) -> str:
        """Return the date for readers: '2025', 'May 2025' or '14 May 2025'."""
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{_MONTHS[self.month]} {self.year}"
        return f"{self.day} {_MONTHS[self.month]} {self.year}"

    @property
    def last_day(self) -> tuple[int, int, int]:
        """Return the last possible (year, month, day) this date may stand for."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)

    @property
    def first_day(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.iso
