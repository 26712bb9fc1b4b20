"""Raw tables (as the sources wrote them) → analysis-ready tables for ``data/processed/``.

Every raw value is kept beside its clean value, and every normalisation applied is logged in one table
(``normalisations.csv``: table, column, raw value, clean value, rows) so a reviewer sees what changed.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import pandas as pd

from .countries import NotACountry, resolve_country
from .dates import parse_partial_date
from . import places
from .places import resolve_place
from .raw import RawData

ABOUT_BAND = 0.10  # "about N" covers every whole number within ±10 % of N
INFINITY = math.inf
_RANGE = re.compile(r"(\d[\d,.]*)\s*(?:-|–|to|and)\s*(\d[\d,.]*)")


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits joined by hyphens ("Montréal" → "montreal")."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _reference_table(name: str, key: str, value: str) -> dict[str, str]:
    text = resources.files("analysis.reference").joinpath(name).read_text("utf-8")
    return {row[key].casefold(): row[value] for row in csv.DictReader(text.splitlines())}


@lru_cache(maxsize=1)
def _claimant_aliases() -> dict[str, str]:
    return _reference_table("claimant_aliases.csv", "alias", "claimant_id")


@lru_cache(maxsize=1)
def _bureau_aliases() -> dict[str, str]:
    return _reference_table("bureau_aliases.csv", "alias", "bureau")


_ATTRIBUTION = re.compile(r"\s*(\(.*\)|\b(as|per|citing|via|cited by|reporting|on)\b.*)$", re.IGNORECASE)


def claimant_id(raw: str) -> str:
    """A stable id for who makes a claim.

    The alias table for the exact text; otherwise the text without its attribution tail ("Fuzhou police
    (as cited by SD)", "Safeguard Defenders per EURACTIV", "CNN citing Safeguard Defenders" → the first
    name), looked up again; otherwise a slug of that name.
    """
    aliases = _claimant_aliases()
    text = raw.strip()
    if text.casefold() in aliases:
        return aliases[text.casefold()]
    name = _ATTRIBUTION.sub("", text).strip() or text
    return aliases.get(name.casefold(), slug(name))


def bureau(raw: str) -> str:
    """Fuzhou, Qingtian/Lishui, Wenzhou, Nantong, other (a named bureau outside the list) or unknown."""
    if not raw.strip():
        return "unknown"
    return _bureau_aliases().get(raw.strip().casefold(), "other")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@lru_cache(maxsize=65536)
def value_bounds(value: str, qualifier: str, value_text: str = "") -> tuple[float, float]:
    """The interval a claim commits its author to; (nan, nan) when it states no number.

    exact N → [N, N]; at-least N → [N, ∞); more-than N → [N+1, ∞) (counts are whole numbers);
    about N → whole numbers within ±10 % of N; up-to N → [0, N]; range → the two numbers of
    ``value_text`` ("12-14"); vague → unquantified.
    """
    if qualifier == "range":
        match = _RANGE.search(value_text)
        return (_number(match.group(1)), _number(match.group(2))) if match else (math.nan, math.nan)
    if value == "" or qualifier == "vague":
        return math.nan, math.nan
    number = float(value)
    return {
        "exact": (number, number),
        "at-least": (number, INFINITY),
        "more-than": (math.floor(number) + 1, INFINITY),
        "about": (float(math.ceil(number * (1 - ABOUT_BAND))), float(math.floor(number * (1 + ABOUT_BAND)))),
        "up-to": (0.0, number),
    }[qualifier]


def _date_columns(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    parsed = [parse_partial_date(v) if v else None for v in frame[column]]
    frame[f"{column}_precision"] = [p.precision if p else "" for p in parsed]
    frame[f"{column}_latest"] = [p.latest.isoformat() if p else "" for p in parsed]
    return frame


def _country_columns(frame: pd.DataFrame, column: str = "country") -> pd.DataFrame:
    """iso3, country name and continent; names that are not countries get empty codes and a flag."""
    iso3, names, continents, methods = [], [], [], []
    for raw in frame[column]:
        try:
            country = resolve_country(raw)
        except NotACountry:
            iso3.append(""), names.append(""), continents.append(""), methods.append("not-a-country")
            continue
        iso3.append(country.iso3), names.append(country.name), continents.append(country.continent)
        methods.append(country.method)
    frame = frame.rename(columns={column: f"{column}_raw"})
    frame["iso3"], frame["country"], frame["continent"], frame["country_match"] = iso3, names, continents, methods
    return frame


def clean_reports(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.copy()
    frame.insert(2, "claimant_id", frame["claimant"].map(claimant_id))
    return _date_columns(frame, "published")


def clean_sources(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.copy()
    # Mirrors and reprints count once: the outlet that first published the piece.
    frame["origin"] = frame["original_publisher"].where(frame["original_publisher"] != "", frame["publisher"])
    return _date_columns(frame, "published")


@lru_cache(maxsize=1)
def _scope_aliases() -> dict[tuple[str, str], str]:
    text = resources.files("analysis.reference").joinpath("scope_aliases.csv").read_text("utf-8")
    return {(row["scope_type"], row["alias"].casefold()): row["scope_key"] for row in csv.DictReader(text.splitlines())}


def scope_key(scope_type: str, scope: str) -> str:
    """A comparable key for a claim's scope.

    The scope alias table first (regions, districts, "additional" stations); then world → ``world``,
    country → ISO3, bureau → the controlled bureau list, city → the gazetteer's most populous city of
    that name (so "Praha", "Prag" and "Prague" meet); otherwise a slug of the text as written.
    """
    alias = _scope_aliases().get((scope_type, scope.strip().casefold()))
    if alias:
        return alias
    if scope_type == "world":
        return "world"
    if scope_type == "city":
        city = places.find_city_anywhere(scope)
        return slug(city["name"]) if city else slug(scope)
    if scope_type == "country":
        try:
            return resolve_country(scope).iso3
        except (NotACountry, LookupError):
            return slug(scope)
    if scope_type == "bureau":
        return bureau(scope)
    return slug(scope)


CLAIM_IDENTITY = ("source_id", "claimant_id", "metric", "scope_type", "scope_key", "value", "qualifier", "period")


def duplicate_of(frame: pd.DataFrame, identity: tuple[str, ...], id_column: str) -> pd.Series:
    """The id of the first row with the same identity columns; empty for first occurrences.

    Claims: the same source, claimant, metric, scope, value, qualifier and period entered twice.
    Stations: the same country, place, address, bureau, first report and first source entered twice.
    """
    first = frame.groupby(list(identity), sort=False, dropna=False)[id_column].transform("first")
    return first.where(first != frame[id_column], "")


_INCREMENT = re.compile(r"\b(additional|further|another|newly|new)\b|\bmore\b(?!\s+than)", re.IGNORECASE)


@lru_cache(maxsize=65536)
def claim_scope_key(scope_type: str, scope: str, value_text: str) -> str:
    """The scope key, marked ``-additional`` when the figure counts stations added to an earlier list
    ("six additional", "one more", "a further 24"): such a figure is not the scope's total."""
    key = scope_key(scope_type, scope)
    if scope_type in ("world", "bureau") and _INCREMENT.search(value_text) and not key.endswith("-additional"):
        return f"{key}-additional"
    return key


def clean_claims(raw: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    frame = raw.copy()
    meta = sources.set_index("source_id")
    frame.insert(2, "source_kind", frame["source_id"].map(meta["kind"]))
    frame.insert(3, "origin", frame["source_id"].map(meta["origin"]))
    frame.insert(5, "claimant_id", frame["claimant"].map(claimant_id))
    frame = _date_columns(frame, "claimed_on")
    frame["scope_key"] = [claim_scope_key(*row) for row in zip(frame["scope_type"], frame["scope"], frame["value_text"])]
    bounds = [value_bounds(v, q, t) for v, q, t in zip(frame["value"], frame["qualifier"], frame["value_text"])]
    frame["value"] = pd.to_numeric(frame["value"].replace("", None)).astype("float64")
    frame["lower"] = [b[0] for b in bounds]
    frame["upper"] = [b[1] for b in bounds]
    frame["quantified"] = frame["lower"].notna()
    frame["duplicate_of"] = duplicate_of(frame, CLAIM_IDENTITY, "claim_id")
    superseded = frame.loc[frame["supersedes"] != "", ["supersedes", "claim_id"]]
    revised_by = dict(zip(superseded["supersedes"], superseded["claim_id"]))
    frame["superseded_by"] = [revised_by.get(claim, "") for claim in frame["claim_id"]]
    return frame


# A station entered twice: same place, address, bureau, first report and first source. Rows whose ids
# end in -1, -2, … are siblings the data entry declared distinct ("two stations in Prague").
STATION_IDENTITY = ("iso3", "place", "district_or_address", "bureau", "first_report_id", "first_source_id")
_SIBLING = re.compile(r"-\d+$")


def clean_stations(raw: pd.DataFrame) -> pd.DataFrame:
    frame = _country_columns(raw.copy())
    places = [resolve_place(i, c, r) for i, c, r in zip(frame["iso3"], frame["city"], frame["region"])]
    frame["place"] = [p.name for p in places]
    frame["place_kind"] = [p.kind for p in places]
    frame["latitude"] = [p.latitude for p in places]
    frame["longitude"] = [p.longitude for p in places]
    frame["place_match"] = [p.method for p in places]
    frame["mapped_precision"] = [p.precision for p in places]
    frame = frame.rename(columns={"bureau": "bureau_raw"})
    frame["bureau"] = frame["bureau_raw"].map(bureau)
    candidates = frame.assign(district_or_address=frame["district_or_address"].str.casefold())
    flagged = duplicate_of(candidates, STATION_IDENTITY, "station_id")
    siblings = frame["station_id"].str.contains(_SIBLING) & flagged.map(lambda first: bool(_SIBLING.search(first)))
    frame["duplicate_of"] = flagged.where(~siblings, "")
    return _date_columns(frame, "status_date")


def clean_responses(raw: pd.DataFrame) -> pd.DataFrame:
    return _date_columns(_country_columns(raw.copy()), "date")


def clean_story_claims(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.copy()
    frame["scope_key"] = [scope_key(t, s) if t else "" for t, s in zip(frame["scope_type"], frame["scope"])]
    return frame


def normalisation_log(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every raw value that cleaning changed: table, column, raw → clean, and how many rows."""
    pairs = [
        ("claims", "claimant", "claimant_id"), ("claims", "scope", "scope_key"),
        ("stations", "country_raw", "iso3"), ("stations", "city", "place"), ("stations", "region", "place"),
        ("stations", "bureau_raw", "bureau"), ("responses", "country_raw", "iso3"),
    ]
    rows = []
    for table, raw_column, clean_column in pairs:
        frame = tables[table]
        changed = frame[(frame[raw_column] != "") & (frame[raw_column] != frame[clean_column])]
        counts = changed.groupby([raw_column, clean_column]).size()
        rows += [(table, raw_column, clean_column, r, c, int(n)) for (r, c), n in counts.items()]
    log = pd.DataFrame(rows, columns=["table", "raw_column", "clean_column", "raw_value", "clean_value", "rows"])
    return log.sort_values(["table", "raw_column", "raw_value", "clean_value"]).reset_index(drop=True)


def clean_all(data: RawData) -> dict[str, pd.DataFrame]:
    """Every processed table, keyed by its file stem."""
    sources = clean_sources(data.frame("sources"))
    tables = {
        "sources": sources,
        "reports": clean_reports(data.frame("reports")),
        "claims": clean_claims(data.frame("claims"), sources),
        "stations": clean_stations(data.frame("stations")),
        "station_sources": data.frame("station_sources"),
        "responses": clean_responses(data.frame("responses")),
        "story_claims": clean_story_claims(data.frame("story_claims")),
    }
    tables["normalisations"] = normalisation_log(tables)
    return tables


def summary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows per processed table, and how many were flagged as duplicate entries."""
    rows = []
    for name, frame in tables.items():
        duplicates = int((frame["duplicate_of"] != "").sum()) if "duplicate_of" in frame else 0
        rows.append((f"data/processed/{name}.csv", len(frame), duplicates))
    return pd.DataFrame(rows, columns=["table", "rows", "duplicate entries"])


def warnings_table(data: RawData, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The check's warnings, counted by file, column and message."""
    frame = pd.DataFrame([(w.file, w.column, w.message) for w in data.warnings], columns=["file", "column", "warning"])
    return frame.groupby(["file", "column", "warning"]).size().reset_index(name="rows")


def stations_by_precision(stations: pd.DataFrame) -> pd.DataFrame:
    live = stations[stations["duplicate_of"] == ""]
    counts = live.groupby(["location_precision", "mapped_precision", "place_match"]).size()
    return counts.reset_index(name="stations")
