"""Partial ISO dates as the sources give them: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDate(NamedTuple):
    iso: str
    precision: str  # day | month | year
    earliest: dt.date
    latest: dt.date


@lru_cache(maxsize=65536)
def parse_partial_date(text: str) -> PartialDate:
    """Parse a partial ISO date; ``ValueError`` says what was expected."""
    match = _PARTIAL.match(text)
    if not match:
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            date = dt.date(year, month, day)
            return PartialDate(text, "day", date, date)
        if month is not None:
            last = calendar.monthrange(year, month)[1]
            return PartialDate(text, "month", dt.date(year, month, 1), dt.date(year, month, last))
    except ValueError:
        raise ValueError("expected a real calendar date") from None
    return PartialDate(text, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
