"""The build's own date: the one place that asks the clock, so that a build can be repeated."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping

from .dates import PartialDate


def build_date(environ: Mapping[str, str] | None = None) -> PartialDate:
    """Return the day of the build: from SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        day = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    else:
        day = datetime.datetime.now(tz=datetime.UTC).date()
    return PartialDate(day.year, day.month, day.day)
