"""Plain names for what the brief and the verdicts mention: reports by author, name and date, never by id."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

import pandas as pd

from .dates import parse_partial_date


# The two authors whose own totals the brief and its lead chart follow, as the chart labels them.
FOLLOWED_AUTHORS = {"fuzhou-psb": "Fuzhou police (its own stations)", "safeguard-defenders": "Safeguard Defenders (world)"}


def display_date(text: str) -> str:
    """A partial ISO date as a reader writes it: "12 Sep 2022", "Jun 2022", "2018", or "undated"."""
    if not text:
        return "undated"
    date = parse_partial_date(text)
    return {"day": f"{date.earliest.day} {date.earliest:%b %Y}", "month": f"{date.earliest:%b %Y}",
            "year": f"{date.earliest:%Y}"}[date.precision]


@lru_cache(maxsize=1)
def report_names() -> dict[str, dict]:
    """``reference/report_names.csv``: each report's author and short name, as a reader would say them."""
    text = resources.files("analysis.reference").joinpath("report_names.csv").read_text("utf-8")
    return {row["report_id"]: row for row in csv.DictReader(text.splitlines())}


def report_label(report_id: str, reports: pd.DataFrame) -> dict:
    """Author, name and date of a report ("Safeguard Defenders", "110 Overseas", "12 Sep 2022")."""
    row = reports.set_index("report_id").loc[report_id]
    name = report_names().get(report_id, {"author": row["claimant"], "name": row["title"]})
    # A report's own title ("110 Overseas") is set in italics; a description ("tally reported by state media") is not.
    first = row.get("first_dated_page", "") if not row["published"] else ""
    date = f"first on a page of {display_date(first)}" if first else display_date(row["published"])
    return {"author": name["author"], "name": name["name"], "date": date,
            "titled": not name["name"][:1].islower()}


def report_phrase(report_id: str, reports: pd.DataFrame) -> str:
    """One line for prose: "Safeguard Defenders' 110 Overseas (12 Sep 2022)"."""
    label = report_label(report_id, reports)
    owner = label["author"] + ("'" if label["author"].endswith("s") else "'s")
    return f"{owner} {label['name']} ({label['date']})"


def page_credit(publisher: str, original: str, translation: bool) -> str:
    """Whose page it is, as a citation gives it: the outlet, a reprint under its original's name, or a
    translation under the translator's."""
    if not original:
        return publisher
    return f"{publisher} (translating {original})" if translation else f"{original} (reprinted by {publisher})"
