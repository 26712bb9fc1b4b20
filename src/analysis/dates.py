"""Partial ISO dates as the sources give them: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; and a month or
day that a page states without its year (``--MM``, ``--MM-DD``), which gets its year by one rule."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDate(NamedTuple):
    iso: str
    precision: str  # day | month | year
    earliest: dt.date
    latest: dt.date


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


_YEARLESS = re.compile(r"^--(\d{2})(?:-(\d{2}))?$")


def is_yearless(text: str) -> bool:
    """A month or day as a page states it without a year: ``--11`` ("in November"), ``--04-28``."""
    match = _YEARLESS.match(text)
    if not match:
        return False
    month, day = int(match.group(1)), int(match.group(2) or 1)
    try:
        dt.date(2000, month, day)  # a leap year: "29 February" is a day some year has
    except ValueError:
        return False
    return True


def year_from_page(text: str, page_date: str) -> str:
    """The year of a month or day stated without one, from the page's own date: the most recent such month
    or day on or before the page's date ("in November" on a page of June 2023 → 2022-11). Only a page dated
    to the month or the day can give it; otherwise the date stays unknown (empty)."""
    if not is_yearless(text) or not page_date:
        return ""
    page = parse_partial_date(page_date)
    if page.precision == "year":
        return ""
    month, day = (int(g) if g else None for g in _YEARLESS.match(text).groups())
    year = page.latest.year
    while year > page.latest.year - 5:
        try:
            candidate = dt.date(year, month, day or 1)
        except ValueError:  # 29 February in a common year
            year -= 1
            continue
        if candidate <= page.latest:
            return f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
        year -= 1
    return ""


def newest_date(texts) -> str:
    """The newest of some partial dates (by the day each can first be), "" if none is a date: for a set of
    pages, the date the evidence reaches."""
    dated = []
    for text in texts:
        try:
            dated.append((parse_partial_date(text).earliest, text))
        except ValueError:
            continue
    return max(dated)[1] if dated else ""


def is_after(day: str, partial: str) -> bool:
    """Whether ``day`` (YYYY-MM-DD) falls after every day ``partial`` can mean."""
    return bool(partial) and dt.date.fromisoformat(day) > parse_partial_date(partial).latest
