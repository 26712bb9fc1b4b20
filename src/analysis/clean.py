"""Raw tables (as the sources wrote them) → analysis-ready tables for ``data/processed/``.

Every raw value is kept beside its clean value, and every normalisation applied is logged in one table
(``normalisations.csv``: table, column, raw value, clean value, rows) so a reviewer sees what changed.
"""

from __future__ import annotations

import csv
import math
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit
from importlib import resources

import numpy as np
import pandas as pd

from .aliases import bureau, claimant_id, claimants_named, slug
from .countries import NotACountry, resolve_country
from .dates import is_yearless, year_from_page, parse_partial_date
from . import places
from .places import resolve_place
from .ranks import RANK_NAMES, page_rank, page_ranks
from .raw import RawData
from .status import station_status

ABOUT_BAND = 0.10  # "about N" covers every whole number within ±10 % of N
INFINITY = math.inf
_RANGE = re.compile(r"(\d[\d,.]*)\s*(?:-|–|to|and)\s*(\d[\d,.]*)")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


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


def _date_columns(frame: pd.DataFrame, column: str, page_dates: list[str] | None = None) -> pd.DataFrame:
    """Precision and last possible day of a date column. With ``page_dates``, a month or day the page
    states without its year (``--11``) gets the year of the most recent such month or day on or before the
    page's date (``{column}_full``, and ``{column}_year_from_page`` says which rows)."""
    values = frame[column].tolist()
    if page_dates is not None:
        full = [year_from_page(v, page) if is_yearless(v) else v for v, page in zip(values, page_dates)]
        frame[f"{column}_full"] = full
        frame[f"{column}_year_from_page"] = [is_yearless(v) and f != "" for v, f in zip(values, full)]
        values = full
    parsed = [parse_partial_date(v) if v else None for v in values]
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


def with_first_dated_page(reports: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """``first_dated_page``: the earliest date of a page that gives one of the report's figures, for a report
    no page dates (it was public by then, and may have been earlier); empty for a dated report."""
    dated = claims[(claims["report_id"] != "") & (claims["page_published_latest"] != "")]
    first = dated.groupby("report_id")["page_published_latest"].min()
    found = reports["report_id"].map(first).fillna("")
    return reports.assign(first_dated_page=found.where(reports["published"] == "", ""))


def clean_reports(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.copy()
    frame.insert(2, "claimant_id", frame["claimant"].map(claimant_id))
    return _date_columns(frame, "published")


# Query parameters that track the reader, not the page: analytics campaigns, referrers, proxies, mail ids.
_TRACKING = re.compile(r"^(utm_\w+|at_\w+|os|cid|fbclid|gclid|mc_\w+|email\w*|ito|ocid|taid|smid|cmpid)$", re.IGNORECASE)


def without_tracking(url: str) -> str:
    """The page's address without tracking parameters (``?utm_source=…``, ``?os=…``); the raw ``url`` keeps
    the address as read."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    if len(kept) == len(parse_qsl(parts.query, keep_blank_values=True)):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept, safe="/:")))


# Characters a URI may carry as they are (RFC 3986 reserved and unreserved, and existing %-escapes).
_URI_SAFE = "/:@!$&'()*+,;=-._~%?"


def as_uri(url: str) -> str:
    """The address as a valid URI, which every PDF viewer and browser opens: the host in IDNA
    (``bücher.example`` → ``xn--bcher-kva.example``), the rest percent-encoded as UTF-8 (``ä b`` → ``%C3%A4%20b``).
    An ASCII address without spaces comes back unchanged."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host.isascii():
        host = host.encode("idna").decode("ascii")
    netloc = host + (f":{parts.port}" if parts.port else "")
    if parts.username:
        netloc = f"{quote(parts.username, safe='')}{':' + quote(parts.password, safe='') if parts.password else ''}@{netloc}"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_URI_SAFE), quote(parts.query, safe=_URI_SAFE),
                       quote(parts.fragment, safe=_URI_SAFE)))


# A proxy or mirror that carries another site's page under its own host, the page's address in its path
# (".../https/amp.theguardian.com/us-news/..."): the page's own address is the one to print and link.
_EMBEDDED_ADDRESS = re.compile(r"^https?://[^/]+/(https?)/([^/]+\.[^/]+/.*)$")


def unwrapped(url: str) -> str:
    """The address of the page itself, when the address read is a proxy's that embeds it; else the address."""
    match = _EMBEDDED_ADDRESS.match(url)
    return f"{match.group(1)}://{match.group(2)}" if match else url


def translations(sources: pd.DataFrame) -> pd.Series:
    """Whether each page is another outlet's piece in another language than that outlet's own pages in the
    register: a translation or a summary in translation, not a reprint. An original with no page of its own
    in the register is taken to be reprinted as it is."""
    own = sources[sources["original_publisher"] == ""].groupby("publisher")["language"].agg(set)
    return pd.Series([bool(original) and original in own.index and language not in own[original]
                      for original, language in zip(sources["original_publisher"], sources["language"])],
                     index=sources.index, dtype=bool)


def clean_sources(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.copy()
    frame["link"] = frame["url"].map(unwrapped).map(without_tracking).map(as_uri)
    # Whose own page this is, as a claimant id: a claim by the page's author is a primary claim.
    frame["author_id"] = frame["publisher"].map(claimant_id)
    frame["translation"] = translations(frame)
    # Mirrors and reprints count once: the outlet that first published the piece. A translation is the
    # translator's own text (its figures may be the translator's slips), so it counts as the translator's.
    reprint = (frame["original_publisher"] != "") & ~frame["translation"]
    frame["origin"] = frame["original_publisher"].where(reprint, frame["publisher"])
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


_MONTHS = {name: i for i, names in enumerate(
    [("january", "jan", "enero", "gennaio"), ("february", "feb", "febrero", "febbraio"), ("march", "mar", "marzo"),
     ("april", "apr", "abril", "aprile"), ("may", "mayo", "maggio"), ("june", "jun", "junio", "giugno"),
     ("july", "jul", "julio", "luglio"), ("august", "aug", "agosto"), ("september", "sep", "sept", "septiembre"),
     ("october", "oct", "octubre", "ottobre"), ("november", "nov", "noviembre"), ("december", "dec", "diciembre")],
    start=1) for name in names}
_MONTH_DAY = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?(?:\s+(\d{1,2}))?\b")
_YEAR_IN_BRACKETS = re.compile(r"\s*\((\d{4})\)")


def period_key(period: str) -> str:
    """One form for a period however it is written: "as of June 21" and "as of 2022-06-21" both become
    "by …-06-21" (the year only where written), "as of late June (2022)" "by 2022-06".

    "as of" and "by" mean the same cut-off; "late", "(as written)" and "[sic]" are wording, not period.
    """
    text = period.strip().casefold()
    if not text:
        return ""
    text = re.sub(r"\[sic\]|\(as written\)|\blate\b|\bearly\b", " ", text)
    text = re.sub(r"^(as of|as at|by|until|till)\b", "by", text.strip())
    year = _YEAR_IN_BRACKETS.search(text)
    text = _YEAR_IN_BRACKETS.sub("", text)

    def month(match: re.Match) -> str:
        number = f"{_MONTHS[match.group(1)]:02d}"
        return f"--{number}-{int(match.group(2)):02d}" if match.group(2) else f"--{number}"

    text = _MONTH_DAY.sub(month, text)
    if year:
        text = text.replace("--", f"{year.group(1)}-", 1) if "--" in text else f"{text} {year.group(1)}"
    return re.sub(r"\s+", " ", text).strip()


def same_period(a: str, b: str) -> bool:
    """Two period keys describe the same period: equal, one unstated, or equal but for an unwritten year."""
    if not a or not b or a == b:
        return True
    yearless = re.compile(r"\b\d{4}-(?=\d{2})")
    return "--" in a + b and yearless.sub("--", a) == yearless.sub("--", b)


# How precisely a claim states its figure: an exact number beats a hedge, a hedge beats vague wording.
QUALIFIER_PRECISION = {"exact": 0, "range": 1, "about": 2, "at-least": 3, "more-than": 3, "up-to": 3, "vague": 4}
FACT_IDENTITY = ("source_id", "metric", "scope_type", "scope_key", "value")


def duplicate_claims(frame: pd.DataFrame) -> pd.Series:
    """For each claim, the claim that already records the same fact; empty for the one kept.

    The same fact: the same page, metric, scope and value, from claimants that are the same or cite each
    other ("Tom Tugendhat, citing Safeguard Defenders" / "Safeguard Defenders (as cited by Tom
    Tugendhat)"), for the same period once written one way ("as of June 21" / "as of 2022-06-21"; an
    unstated period matches any), whatever the qualifier's wording ("54" / "at least 54"). The most
    precise row is kept: exact before hedged before vague, then the one stating a period, then the first.
    """
    needed = [*FACT_IDENTITY, "claim_id", "qualifier", "period_key", "claimants_named"]
    numbered = frame.loc[frame["value"].notna(), needed]  # only what the rule reads: the rows are copied twice
    group = numbered.groupby(list(FACT_IDENTITY), sort=False).ngroup().to_numpy()
    # Only groups of two or more can hold a duplicate: the rest are skipped before any Python loop.
    several = np.bincount(group)[group] > 1 if len(group) else np.zeros(0, dtype=bool)
    candidates = numbered[several]
    ordered = candidates.assign(  # each group's rows together, the one to keep first
        group=group[several],
        precision=candidates["qualifier"].map(QUALIFIER_PRECISION).fillna(9),
        no_period=candidates["period_key"] == "",
    ).sort_values(["group", "precision", "no_period", "claim_id"], kind="stable")
    twins: dict = {}  # row index → the kept claim it repeats; gathered first, set in one go
    current, kept = None, []
    for index, group, claim_id, period, named in zip(ordered.index.tolist(), ordered["group"].tolist(),
                                                     ordered["claim_id"].tolist(), ordered["period_key"].tolist(),
                                                     ordered["claimants_named"].tolist()):
        if group != current:
            current, kept = group, []
        for kept_id, kept_period, kept_named in kept:
            if kept_named & named and same_period(kept_period, period):
                twins[index] = kept_id
                break
        else:
            kept.append((claim_id, period, named))
    return pd.Series(twins, index=frame.index, dtype="object").fillna("")


def duplicate_of(frame: pd.DataFrame, identity: tuple[str, ...], id_column: str) -> pd.Series:
    """The id of the first row with the same identity columns; empty for first occurrences.

    Stations: the same country, place, address, bureau, first report and first source entered twice.
    """
    first = frame.groupby(list(identity), sort=False, dropna=False)[id_column].transform("first")
    return first.where(first != frame[id_column], "")


# "Additional" in the languages of the ledger: English, German (weitere), Spanish (otras, nuevas), Italian
# (altre, aggiunte), Portuguese (mais, novas), Indonesian (tambahan).
_INCREMENT = re.compile(r"\b(additional|in addition|further|another|newly|new|weitere|otr[ao]s|nuev[ao]s|altr[ei]|aggiunt\w*|"
                        r"nov[ao]s|tambahan)\b|\bmore\b(?!\s+than)|\bmais\b(?!\s+de)", re.IGNORECASE)


def claim_scope_key(scope_type: str, scope: str, value_text: str) -> str:
    """The scope key, marked ``-additional`` when the figure counts stations added to an earlier list
    ("six additional", "one more", "a further 24"): such a figure is not the scope's total."""
    key = scope_key(scope_type, scope)
    added = _INCREMENT.search(value_text) or _INCREMENT.search(scope)
    if scope_type in ("world", "bureau") and added and not key.endswith("-additional"):
        return f"{key}-additional"
    return key


def clean_claims(raw: pd.DataFrame, sources: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    frame = raw.copy()
    meta = sources.set_index("source_id")
    # Each claim's page, looked up once: one row of sources per claim, in claim order.
    page_of = meta.reindex(frame["source_id"].to_numpy())
    frame.insert(2, "source_kind", page_of["kind"].to_numpy())
    frame.insert(3, "origin", page_of["origin"].to_numpy())
    frame["page_published_latest"] = page_of["published_latest"].fillna("").to_numpy()
    # Columns as lists: iterating a pandas string column cell by cell is several times slower.
    claimant, scope_type, scope, value_text, value, qualifier, period = (frame[c].tolist() for c in (
        "claimant", "scope_type", "scope", "value_text", "value", "qualifier", "period"))
    frame.insert(5, "claimant_id", [claimant_id(c) for c in claimant])
    frame = _date_columns(frame, "claimed_on", page_of["published"].fillna("").tolist())
    frame["scope_key"] = [claim_scope_key(*row) for row in zip(scope_type, scope, value_text)]
    bounds = [value_bounds(*row) for row in zip(value, qualifier, value_text)]
    frame["value"] = np.array([float(v) if v else math.nan for v in value], dtype="float64")
    frame["lower"] = [b[0] for b in bounds]
    frame["upper"] = [b[1] for b in bounds]
    frame["quantified"] = frame["lower"].notna()
    frame["period_key"] = [period_key(p) for p in period]
    frame["claimants_named"] = [claimants_named(c) for c in claimant]
    frame["duplicate_of"] = duplicate_claims(frame)
    frame = frame.drop(columns="claimants_named")
    superseded = frame.loc[frame["supersedes"] != "", ["supersedes", "claim_id"]]
    revised_by = dict(zip(superseded["supersedes"], superseded["claim_id"]))
    frame["superseded_by"] = [revised_by.get(claim, "") for claim in frame["claim_id"].tolist()]
    page = [page_of[column].fillna("").tolist() for column in ("author_id", "kind", "publisher", "original_publisher")]
    page[3] = [original != "" for original in page[3]]  # a reprint of another outlet's piece
    frame["source_rank"] = page_ranks(frame["claimant_id"].tolist(), *page)
    frame["source_rank_name"] = frame["source_rank"].map(RANK_NAMES)
    return _claim_dates(frame, meta, reports)


# Why a claim carries the date it is counted by (``date_basis``), in the order the rules are tried.
CLAIM_DATE_BASES = ("claim date on the page", "date of the report it repeats", "publication date of the page",
                    "same claim on a dated page")
# A month or day the page states without its year, dated by the rule of :func:`analysis.dates.year_from_page`.
YEAR_FROM_PAGE = "date on the page, year from the page's date"


def _claim_dates(frame: pd.DataFrame, sources: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """``dated_by`` (the last day by which the claim had been made) and ``date_basis`` (which rule gave it).

    1. the claim's own date, where its page gives one; 2. for a report's author repeating the report, the
    report's date; 3. the page's date (the claim existed by then); 4. the earliest date of the same claim
    (claimant, metric, scope, value) on another, dated page. Otherwise undated: kept out and counted.
    """
    report_meta = reports.set_index("report_id")
    report_author = frame["report_id"].map(report_meta["claimant_id"]).fillna("")
    report_date = frame["report_id"].map(report_meta["published_latest"]).fillna("")
    page_date = frame["source_id"].map(sources["published_latest"]).fillna("")
    by_report = report_date.where((report_author == frame["claimant_id"]) & (frame["report_id"] != ""), "")
    candidates = [c.to_numpy(dtype=object) for c in (frame["claimed_on_latest"], by_report, page_date)]
    given = [dates != "" for dates in candidates]
    dated_by = np.select(given, candidates, default="")
    basis = np.select(given, CLAIM_DATE_BASES[:3], default="").astype(object)
    if "claimed_on_year_from_page" in frame:
        basis[(basis == CLAIM_DATE_BASES[0]) & frame["claimed_on_year_from_page"].to_numpy(dtype=bool)] = YEAR_FROM_PAGE
    # Rule 4: the earliest date of the same claim elsewhere. Only keys that some undated claim has are
    # looked at, and a claim without a figure has no "same claim" (its value matches nothing).
    same = ["claimant_id", "metric", "scope_key", "value"]
    keys = list(zip(*(frame[c].tolist() for c in same)))
    undated = np.flatnonzero((dated_by == "") & frame["value"].notna().to_numpy())
    wanted = {keys[i] for i in undated}
    helpful = [i for i in np.flatnonzero(dated_by != "").tolist() if keys[i] in wanted]
    earliest: dict[tuple, str] = {}
    for i in sorted(helpful, key=lambda i: dated_by[i]):  # stable: the first row of the earliest date
        earliest.setdefault(keys[i], dated_by[i])
    for i in undated.tolist():
        if keys[i] in earliest:
            dated_by[i], basis[i] = earliest[keys[i]], CLAIM_DATE_BASES[3]
    dated_by, basis = pd.Series(dated_by, index=frame.index), pd.Series(basis, index=frame.index)
    frame["dated_by"], frame["date_basis"] = dated_by, basis
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


RESPONSE_DATE_BASES = ("date of the action on the page", "date of the same event on a better page",
                       "publication date of the page (the action happened by then)")


def clean_responses(raw: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Responses with countries resolved, and each dated: ``dated_by`` (the last day the action can have
    happened) and ``date_basis``.

    1. the action's own date on the page; 2. the event's date (``event_id``): the date the best-ranked
    of its pages gives, refined by a more precise date within it from another page ("2022" → "2022-10");
    3. the page's publication date (the action had happened by then). ``event_date_source_id`` is the page
    that states the event's date; ``event_date_conflict`` lists the other dates the event's pages give.
    """
    meta = sources.set_index("source_id")
    frame = _date_columns(_country_columns(raw.copy()), "date", raw["source_id"].map(meta["published"]).fillna("").tolist())
    frame["source_rank"] = [
        page_rank("", "", meta.at[s, "kind"], meta.at[s, "publisher"], meta.at[s, "original_publisher"] != "")
        for s in frame["source_id"]
    ]
    event_dates, conflicts = {}, {}
    dated = frame[frame["date_full"] != ""].sort_values(["source_rank", "response_id"])
    for event, group in dated.groupby("event_id", sort=False):
        best = group.iloc[0]
        # A less authoritative page may refine the best page's date ("2022" → "2022-10"), never move it.
        refining = group[group["date_full"].str.startswith(best["date_full"])].sort_values(
            ["date_precision", "source_rank", "response_id"], key=lambda c: c.map(_PRECISION_ORDER) if c.name == "date_precision" else c)
        chosen = refining.iloc[0]
        # The page cited for the date: of those giving exactly this date, the earliest published (a page of the
        # day itself rather than a later look back), then the best-ranked.
        same = group[group["date_full"] == chosen["date_full"]].assign(
            published=lambda g: g["source_id"].map(meta["published_latest"]).fillna(""))
        same = same.assign(undated=same["published"] == "").sort_values(["undated", "published", "source_rank", "response_id"])
        event_dates[event] = (chosen["date_full"], chosen["date_latest"], same["source_id"].iloc[0])
        conflicts[event] = "; ".join(sorted(d for d in set(group["date_full"]) if not chosen["date_full"].startswith(d)))
    page_date = frame["source_id"].map(meta["published_latest"]).fillna("")
    own = frame["date_latest"]
    from_event = frame["event_id"].map(lambda e: event_dates.get(e, ("", "", ""))[1])
    frame["event_date"] = frame["event_id"].map(lambda e: event_dates.get(e, ("", "", ""))[0])
    frame["event_date_source_id"] = frame["event_id"].map(lambda e: event_dates.get(e, ("", "", ""))[2])
    frame["event_date_conflict"] = frame["event_id"].map(lambda e: conflicts.get(e, ""))
    frame["dated_by"], frame["date_basis"] = "", ""
    # Each is a last possible day; the tightest holds ("in October" on a page of 13 Dec, with a page of
    # 25 Oct reporting it done: by 25 Oct). On a tie the rule listed first names the basis.
    for rule, dates in zip(RESPONSE_DATE_BASES, (own, from_event, page_date)):
        fill = (dates != "") & ((frame["dated_by"] == "") | (dates < frame["dated_by"]))
        frame.loc[fill, "dated_by"], frame.loc[fill, "date_basis"] = dates[fill], rule
    frame.loc[frame["date_year_from_page"] & (frame["date_basis"] == RESPONSE_DATE_BASES[0]), "date_basis"] = YEAR_FROM_PAGE
    # This row's own step on record: its date, else its page's (a later row of an event, such as checks a
    # minister reports a month on, is on record by its own page, not by the event's first)
    frame["reported_by"] = [min(d for d in (o, p) if d) if (o or p) else "" for o, p in zip(own, page_date)]
    return frame


_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2}


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
    reports = clean_reports(data.frame("reports"))
    tables = {
        "sources": sources,
        "reports": reports,
        "claims": clean_claims(data.frame("claims"), sources, reports),
        "stations": clean_stations(data.frame("stations")),
        "station_sources": data.frame("station_sources"),
        "responses": clean_responses(data.frame("responses"), sources),
        "story_claims": clean_story_claims(data.frame("story_claims")),
    }
    tables["reports"] = with_first_dated_page(reports, tables["claims"])
    status = station_status(tables["stations"], tables["responses"])
    tables["stations"] = tables["stations"].merge(status, on="station_id", how="left", validate="one_to_one")
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


def undated_rows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every claim (not a duplicate) and response no rule could date, with the reason: the list a
    reviewer needs to extend the dating by reading pages, never by guessing."""
    claims = tables["claims"]
    claims = claims[(claims["dated_by"] == "") & (claims["duplicate_of"] == "")]
    claim_reasons = [
        "an outlet's own wording of a report it does not author; its page shows no date" if report
        else "cites no report; its page shows no date and no dated page gives the same claim"
        for report in claims["report_id"]
    ]
    responses = tables["responses"]
    responses = responses[responses["dated_by"] == ""]
    rows = [("claims", c, s, r) for c, s, r in zip(claims["claim_id"], claims["source_id"], claim_reasons)]
    rows += [("responses", r, s, f"its page shows no date and no page of the same event ({e}) gives one")
             for r, s, e in zip(responses["response_id"], responses["source_id"], responses["event_id"])]
    return pd.DataFrame(rows, columns=["table", "row_id", "source_id", "reason"])
