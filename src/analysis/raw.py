"""Reading and validating the raw tables in ``data/raw/``.

Raw files are read as text, exactly as entered. Two things are normalised rather than refused, because
spreadsheets add them silently: a UTF-8 byte-order mark, and white space around a cell. Everything else
that does not fit its column's declaration in ``data/raw/datapackage.json`` (see :mod:`analysis.schema`)
is a :class:`~analysis.errors.Problem` naming file, line and column.
Per-cell checks are derived from the descriptor's field constraints (:func:`cell_rules`) and run over
every cell, so all failures are reported together; ids come from ``primaryKey``, references from
``foreignKeys``. What Table Schema cannot express is checked here too: partial-date validity,
``;``-separated vocabulary lists, country names, story evidence that may name claims or sources, and the
checks across rows.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pandas as pd

from . import config, schema
from .countries import NotACountry, resolve_country
from .places import knows_place
from .dates import is_yearless, parse_partial_date, year_from_page
from .errors import DataError, Problem
from .schema import Table

from .schema import DATE_PATTERN, ID_PATTERN, LANGUAGE_PATTERN, PAGE_DATE_PATTERN, URL_PATTERN

# The descriptor states patterns; messages say in words what each one means.
PATTERN_EXPECTATIONS = {
    ID_PATTERN: "an id of lowercase letters, digits and hyphens",
    DATE_PATTERN: "a date as YYYY, YYYY-MM or YYYY-MM-DD",
    PAGE_DATE_PATTERN: "a date as YYYY, YYYY-MM or YYYY-MM-DD, or --MM or --MM-DD when the page gives no year",
    URL_PATTERN: "a web address starting http:// or https://, with no spaces (write a space as %20)",
    LANGUAGE_PATTERN: "a two-letter ISO 639-1 code",
}


def __getattr__(name: str):
    # TABLES follows the project root (tests point it at a temporary copy), so it is looked up on use.
    if name == "TABLES":
        return schema.tables()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _is_date(text: str) -> bool:
    try:
        parse_partial_date(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class CellRule:
    """What a filled cell must look like, in words and as a test. A column may have several rules, each
    failing only for its own reason, so that a message says what is actually wrong ("a day that exists",
    not "a date as YYYY-MM-DD", for 2022-02-29)."""

    expectation: str
    accepts: Callable[[str], bool]


def _list_rule(allowed: list[str], separator: str) -> list[CellRule]:
    return [CellRule(f"'{separator}'-separated values from " + ", ".join(allowed),
                     lambda v: all(part.strip() in allowed for part in v.split(separator)))]


def _number_rules(constraints: dict) -> list[CellRule]:
    if constraints.get("minimum") != 0:
        raise ValueError("expected every raw number to be declared with minimum 0")
    return [
        CellRule("a non-negative number", lambda v: _as_number(v) is not None),
        # float() reads 'inf', 'NaN' and 1e309 (too large: infinity); none is a count.
        CellRule("a finite number (a count, not infinity or 'not a number')",
                 lambda v: (n := _as_number(v)) is None or math.isfinite(n)),
        CellRule("a non-negative number", lambda v: (n := _as_number(v)) is None or not math.isfinite(n) or n >= 0),
    ]


def _date_rules(pattern: str, yearless: bool) -> list[CellRule]:
    shape = re.compile(pattern)
    return [
        CellRule(PATTERN_EXPECTATIONS[pattern], lambda v: bool(shape.match(v))),
        CellRule("a date that exists in the calendar",  # 2022-02-29, 2022-13, --02-30: the right shape
                 lambda v: not shape.match(v) or _is_date(v) or (yearless and is_yearless(v))),
    ]


def _pattern_rules(pattern: str) -> list[CellRule]:
    if pattern not in PATTERN_EXPECTATIONS:
        raise ValueError(f"no message is written for the pattern {pattern!r}; add one to PATTERN_EXPECTATIONS")
    if pattern in (DATE_PATTERN, PAGE_DATE_PATTERN):
        return _date_rules(pattern, yearless=pattern == PAGE_DATE_PATTERN)
    compiled = re.compile(pattern)
    return [CellRule(PATTERN_EXPECTATIONS[pattern], lambda v: bool(compiled.match(v)))]


def cell_rules(field: dict) -> list[CellRule]:
    """The checks a filled cell of ``field`` must pass; none for free text."""
    constraints = field.get("constraints", {})
    if "x-list-of" in field:
        return _list_rule(field["x-list-of"], field["x-separator"])
    if "enum" in constraints:
        allowed = constraints["enum"]
        return [CellRule("one of " + ", ".join(allowed), lambda v: v in allowed)]
    if field["type"] == "number":
        return _number_rules(constraints)
    if "pattern" in constraints:
        return _pattern_rules(constraints["pattern"])
    return []


def _claims_do_not_supersede_themselves(frame: pd.DataFrame, lines: list[int], file: str) -> list[Problem]:
    """A claim supersedes only another version of itself: the same report's figure, revised. A later report's
    figure does not supersede an earlier report's (that is ``follows`` in reports.csv), or a page quoting both
    would lose the earlier figure from the comparison."""
    report_of = dict(zip(frame["claim_id"], frame["report_id"]))
    problems = []
    for i, row in enumerate(frame.itertuples()):
        if not row.supersedes:
            continue
        if row.supersedes == row.claim_id:
            problems.append(Problem(file, lines[i], "supersedes",
                                    f"expected another claim's id, got the claim's own id '{row.claim_id}'"))
        elif row.supersedes in report_of and report_of[row.supersedes] != row.report_id:
            problems.append(Problem(file, lines[i], "supersedes",
                                    f"expected a claim of the same report ('{row.report_id}'), got '{row.supersedes}' "
                                    f"of '{report_of[row.supersedes]}': a later report follows an earlier one, "
                                    "it does not revise it"))
    return problems


def _reports_do_not_point_at_themselves(frame: pd.DataFrame, lines: list[int], file: str) -> list[Problem]:
    return [
        Problem(file, lines[i], column, f"expected another report's id, got the report's own id '{row.report_id}'")
        for i, row in enumerate(frame.itertuples())
        for column in ("supersedes", "follows")
        if getattr(row, column) and getattr(row, column) == row.report_id
    ]


def _story_claims_are_checkable(frame: pd.DataFrame, lines: list[int], file: str) -> list[Problem]:
    """A story claim is either a number (metric and value) or carries its own verdict and evidence."""
    problems = []
    for i, row in enumerate(frame.itertuples()):
        numeric = bool(row.metric and row.value)
        if not numeric and not (row.verdict and row.evidence and row.reason):
            problems.append(Problem(file, lines[i], "verdict",
                                    "expected a metric and value, or a verdict with evidence and reason"))
    return problems


# Checks across the columns of a row: Table Schema has no way to say them.
ROW_CHECKS: dict[str, tuple[Callable[[pd.DataFrame, list[int], str], list[Problem]], ...]] = {
    "reports": (_reports_do_not_point_at_themselves,),
    "claims": (_claims_do_not_supersede_themselves,),
    "story_claims": (_story_claims_are_checkable,),
}


MAX_CELL_CHARACTERS = 5000  # the longest cell entered so far has under 700


@dataclass
class RawTable:
    spec: Table
    frame: pd.DataFrame  # every cell a stripped string, "" where empty
    lines: list[int]  # the file line on which each row starts
    shown_as: str  # the file as messages name it


def _decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # spreadsheet byte-order mark: normalised, not refused
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(shown, line, None, f"expected UTF-8 text, got byte 0x{data[error.start]:02x}")]


def read_table(path: Path, spec: Table) -> tuple[RawTable | None, list[Problem]]:
    """Read one raw CSV as strings, checking encoding, shape and header; no per-cell checks yet."""
    shown = config.show(path)
    if not path.exists():
        return None, [Problem(shown, None, None, "expected the file to exist")]
    text, problems = _decode(path.read_bytes(), shown)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(shown, None, None, "expected a header row, got an empty file")]

    csv.field_size_limit(2**31 - 1)  # a cell too long is refused below, by column, not as a quoting error
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, lines = [], []
    try:
        header = [cell.strip() for cell in next(reader)]
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        return None, [Problem(shown, reader.line_num, None, f"expected well-formed CSV quoting ({error})")]

    expected = spec.column_names
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(f"'{c}'" for c in missing))
        if extra:
            detail.append("unexpected " + ", ".join(f"'{c}'" for c in extra))
        if not detail:
            detail.append("columns in another order")
        return None, [Problem(shown, 1, None, f"expected header {','.join(expected)}; {'; '.join(detail)}")]
    if not records:
        return None, [Problem(shown, None, None, "expected at least one data row, got only the header")]

    for record, line in zip(records, lines):
        if len(record) != len(expected):
            problems.append(Problem(shown, line, None, f"expected {len(expected)} fields, got {len(record)}"))
    if problems:
        return None, problems
    # A cell too long is reported, and the table is still checked, so that every other problem shows too.
    too_long = [Problem(shown, line, column, f"expected at most {MAX_CELL_CHARACTERS:,} characters, got {len(cell):,} "
                        "(a longer text belongs in the codebook or the search log)")
                for record, line in zip(records, lines)
                for column, cell in zip(expected, record) if len(cell) > MAX_CELL_CHARACTERS]
    frame = pd.DataFrame([[cell.strip() for cell in r] for r in records], columns=expected, dtype="str")
    return RawTable(spec, frame, lines, shown), too_long


def _cell_problems(table: RawTable, field: dict) -> list[Problem]:
    column, rules = field["name"], cell_rules(field)
    required = field.get("constraints", {}).get("required", False)
    problems = []
    for line, value in zip(table.lines, table.frame[column]):
        if value == "":
            if required:
                problems.append(Problem(table.shown_as, line, column, "expected a value, got an empty cell"))
            continue
        problems += [Problem(table.shown_as, line, column, f"expected {rule.expectation}, got '{value}'")
                     for rule in rules if not rule.accepts(value)]
    return problems


def check_cells(table: RawTable) -> list[Problem]:
    """Per-cell checks (types, vocabularies, required values) from the descriptor's fields, all failures at
    once. Cells stay strings, as entered (read_table makes every column text): a number column is checked
    for numbers, not converted."""
    return [problem for field in table.spec.fields for problem in _cell_problems(table, field)]


def check_ids(table: RawTable) -> list[Problem]:
    column = table.spec.primary_key
    if column is None:
        return []
    first_seen: dict[str, int] = {}
    problems = []
    for line, value in zip(table.lines, table.frame[column]):
        if value in first_seen:
            problems.append(Problem(table.shown_as, line, column,
                                    f"expected a unique id, got '{value}' again (first on line {first_seen[value]})"))
        else:
            first_seen[value] = line
    return problems


def check_references(table: RawTable, tables: dict[str, RawTable]) -> list[Problem]:
    problems = []
    for ref in table.spec.foreign_keys:
        target = tables.get(ref.table)
        if target is None:
            continue  # the target file's own problems are reported
        known = set(target.frame[ref.target_column])
        for line, value in zip(table.lines, table.frame[ref.column]):
            if value and value not in known:
                problems.append(Problem(table.shown_as, line, ref.column,
                                        f"expected an id from {target.spec.file}, got '{value}'"))
    return problems


def _loops(edges: dict[str, list[tuple[str, str]]]) -> list[list[tuple[str, str, str]]]:
    """Every loop of the graph (``id → [(column, id), …]``) once, as its steps (id, column, next id),
    starting from the id met first."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" after
    loops, seen = [], set()
    for start in edges:
        if start in state:
            continue
        path: list[tuple[str, str, str]] = []
        stack = [(start, iter(edges.get(start, ())))]
        state[start] = "open"
        while stack:
            node, pending = stack[-1]
            step = next(pending, None)
            if step is None:
                state[node] = "done"
                stack.pop()
                if path:
                    path.pop()
                continue
            column, target = step
            if state.get(target) == "open":
                on_path = [n for n, _ in stack]
                loop = path[on_path.index(target):] + [(node, column, target)]
                if frozenset(s[0] for s in loop) not in seen:
                    seen.add(frozenset(s[0] for s in loop))
                    loops.append(loop)
            elif target not in state:
                state[target] = "open"
                path.append((node, column, target))
                stack.append((target, iter(edges.get(target, ()))))
    return loops


def check_reference_loops(table: RawTable) -> list[Problem]:
    """Ids that point into their own table (a report ``follows`` or ``supersedes`` another; a claim
    ``supersedes`` another) must never lead back to where they started: in a loop each report is both
    earlier and later than the other, and the comparisons would measure a report against itself. A row
    pointing at itself is reported by the row checks."""
    key = table.spec.primary_key
    own = [ref for ref in table.spec.foreign_keys if ref.table == table.spec.name and key]
    if not own:
        return []
    line_of = dict(zip(table.frame[key], table.lines))
    edges: dict[str, list[tuple[str, str]]] = {}
    for ref in own:
        for row_id, target in zip(table.frame[key], table.frame[ref.column]):
            if target and target != row_id and target in line_of:
                edges.setdefault(row_id, []).append((ref.column, target))
    problems = []
    for loop in _loops(edges):
        first = min(loop, key=lambda step: line_of[step[0]])
        start = loop.index(first)
        loop = loop[start:] + loop[:start]
        words = f"'{loop[0][0]}'" + ", which".join(f" {column} '{target}'" for _, column, target in loop)
        problems.append(Problem(table.shown_as, line_of[first[0]], first[1],
                                f"expected no loop between {table.spec.name}, got one: {words} "
                                "(each would be earlier than the other)"))
    return problems


def check_countries(table: RawTable) -> tuple[list[Problem], list[Problem]]:
    """Unknown country names are errors; names known not to be countries are warnings.

    Besides a table's country column, a claim whose ``scope_type`` is ``country`` names a country in ``scope``.
    """
    column = table.spec.country_column
    if column is not None:
        cells = zip(table.lines, table.frame[column])
    elif table.spec.name == "claims":
        column = "scope"
        is_country = table.frame["scope_type"] == "country"
        cells = zip([l for l, c in zip(table.lines, is_country) if c], table.frame.loc[is_country, "scope"])
    else:
        return [], []
    problems, warnings = [], []
    for line, value in cells:
        if not value:
            continue
        try:
            resolve_country(value)
        except NotACountry as note:
            warnings.append(Problem(table.shown_as, line, column, f"{note}; kept out of country counts"))
        except LookupError as error:
            problems.append(Problem(table.shown_as, line, column, str(error)))
    return problems, warnings


PLACED_PRECISIONS = ("city", "address")


def check_places_are_known(tables: dict[str, RawTable]) -> list[Problem]:
    """A station whose row says it is located to a city (or an address in one) names a city the gazetteer
    or the place alias table knows. Refused rather than warned about: an unknown name (a typo, a
    script the gazetteer lacks) would otherwise be drawn at the country's centre and silently lower the
    brief's count of stations located to a city."""
    if "stations" not in tables:
        return []
    table = tables["stations"]
    problems = []
    columns = (table.frame[c] for c in ("country", "city", "location_precision"))
    for line, country, city, precision in zip(table.lines, *columns):
        if not city or precision not in PLACED_PRECISIONS:
            continue
        try:
            iso3 = resolve_country(country).iso3
        except LookupError:
            continue  # the country's own problem (or warning) is reported
        if not knows_place(iso3, city):
            problems.append(Problem(table.shown_as, line, "city",
                                    f"expected a city the gazetteer or src/analysis/reference/place_aliases.csv "
                                    f"knows in {country}, as location_precision is '{precision}', got '{city}' "
                                    "(add the name to place_aliases.csv, or give the precision the row supports)"))
    return problems


def check_status_dates_have_a_page(tables: dict[str, RawTable]) -> list[Problem]:
    """A station's ``status_date`` is reported by a page tied to the station in station_sources with
    ``status`` among what it says, dated on or after that status date: otherwise the date came from a page
    the station's rows do not cite (or from none), and nobody can check it."""
    if not {"stations", "station_sources", "sources"} <= tables.keys():
        return []
    published = dict(zip(tables["sources"].frame["source_id"], tables["sources"].frame["published"]))
    links = tables["station_sources"].frame
    status_pages: dict[str, list[str]] = {}
    for station, source, says in zip(links["station_id"], links["source_id"], links["says"]):
        if "status" in (part.strip() for part in says.split(";")):
            status_pages.setdefault(station, []).append(published.get(source, ""))
    table = tables["stations"]
    problems = []
    for line, station, date in zip(table.lines, table.frame["station_id"], table.frame["status_date"]):
        if not date or not _is_date(date):
            continue
        pages = status_pages.get(station, [])
        if not any(_is_date(p) and parse_partial_date(p).earliest >= parse_partial_date(date).earliest for p in pages):
            dated = sorted(p for p in pages if p) or "none dated"
            problems.append(Problem(table.shown_as, line, "status_date",
                                    f"expected a date that a page tied to the station with 'status' in station_sources.csv "
                                    f"reports (a page dated on or after it), got '{date}'; its status pages: {dated} "
                                    "(tie the page that reports it, or leave the date empty)"))
    return problems


def check_one_speaker_dated_alike(tables: dict[str, RawTable]) -> list[Problem]:
    """On one page, the claims of one claimant that repeat no report are dated alike, and alike with a dated
    response of the same speaker on that page: a date the page states for one of them and not for another is
    a year (or a day) supplied in one row and missed in the other (the weekday rule applied to the response
    and not to the claim), unless a note says the page states no date for that claim ("date not stated")."""
    if "claims" not in tables:
        return []
    claims = tables["claims"]
    groups: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    columns = (claims.frame[c] for c in ("source_id", "claimant", "report_id", "claimed_on", "notes"))
    for line, source, claimant, report, claimed, notes in zip(claims.lines, *columns):
        if not report:
            groups.setdefault((source, claimant), []).append((line, claimed, notes))
    # A response on the same page by the same speaker, dated, dates that speaker's claims there too.
    if "responses" in tables:
        responses = tables["responses"]
        for line, source, actor, date in zip(responses.lines, *(responses.frame[c] for c in ("source_id", "actor", "date"))):
            if not date:
                continue
            for (page, claimant), rows in groups.items():
                if page == source and _actor_words(claimant) & _actor_words(actor):
                    rows.append((-line, date, ""))  # negative: a line of responses.csv, not of claims.csv
    problems = []
    for (source, claimant), rows in groups.items():
        dated = [(line, claimed) for line, claimed, _ in rows if claimed]
        if not dated:
            continue
        line, claimed = dated[0]
        where = f"line {line}" if line > 0 else f"responses.csv line {-line}"
        for line, claimed_on, notes in rows:
            if line > 0 and not claimed_on and "date not stated" not in notes.casefold():
                problems.append(Problem(claims.shown_as, line, "claimed_on",
                                        f"expected a date like the other statements of '{claimant}' on '{source}' "
                                        f"({where}: '{claimed}'), got none; or say in notes 'date not stated'"))
    return problems


_INCLUSIVE_OR_MORE = re.compile(r"이상|以上")


def check_inclusive_words_are_at_least(tables: dict[str, RawTable]) -> list[Problem]:
    """"102개 이상" and "100以上" mean "102 or more": at least, never more than (which would make the bound 103)."""
    if "claims" not in tables:
        return []
    claims = tables["claims"]
    return [Problem(claims.shown_as, line, "qualifier", f"expected 'at-least' for '{text}' (이상/以上 include the "
                                                        f"number), got '{qualifier}'")
            for line, text, qualifier in zip(claims.lines, claims.frame["value_text"], claims.frame["qualifier"])
            if _INCLUSIVE_OR_MORE.search(text) and qualifier != "at-least"]


def check_claims_are_not_dated_after_their_page(tables: dict[str, RawTable]) -> list[Problem]:
    """A claim cannot have been made after the page that reports it was published."""
    if not {"claims", "sources"} <= tables.keys():
        return []
    published = dict(zip(tables["sources"].frame["source_id"], tables["sources"].frame["published"]))
    claims = tables["claims"]
    problems = []
    for line, claimed, source in zip(claims.lines, claims.frame["claimed_on"], claims.frame["source_id"]):
        page = published.get(source, "")
        if not claimed or not page or not _is_date(claimed) or not _is_date(page):
            continue
        if parse_partial_date(claimed).earliest > parse_partial_date(page).latest:
            problems.append(Problem(claims.shown_as, line, "claimed_on",
                                    f"expected a date no later than its page's date {page}, got '{claimed}'"))
    return problems


_EVENT_ID_DATE = re.compile(r"^ev-[a-z]+-(\d{4}(?:-\d{2}){0,2})-")


def check_event_ids_carry_stated_dates(tables: dict[str, RawTable]) -> list[Problem]:
    """An event id names a date (``ev-nl-2022-11-…``) only when a row of the event states that date (a
    month or day without a year counts with the year its page's date gives it); otherwise ``ev-<country>-nd-…``."""
    if not {"responses", "sources"} <= tables.keys():
        return []
    published = dict(zip(tables["sources"].frame["source_id"], tables["sources"].frame["published"]))
    table = tables["responses"]
    stated: dict[str, list[str]] = {}
    first_line: dict[str, int] = {}
    for line, event, date, source in zip(table.lines, table.frame["event_id"], table.frame["date"], table.frame["source_id"]):
        full = year_from_page(date, published.get(source, "")) if is_yearless(date) else date
        stated.setdefault(event, []).append(full)
        first_line.setdefault(event, line)
    problems = []
    for event, dates in stated.items():
        match = _EVENT_ID_DATE.match(event)
        if match and not any(d.startswith(match.group(1)) for d in dates):
            problems.append(Problem(table.shown_as, first_line[event], "event_id",
                                    f"expected the date in an event id to be one a row of the event states "
                                    f"(else ev-<country>-nd-<slug>), got '{event}' whose rows state {sorted(set(dates) - {''}) or 'no date'}"))
    return problems


def undated_event_id_warnings(tables: dict[str, RawTable]) -> list[Problem]:
    """The other way round: an event id that says ``nd`` (no date) while a row of the event states a year
    and month. A warning: the id still works, but it no longer says what the rows know."""
    if "responses" not in tables:
        return []
    table = tables["responses"]
    warnings, seen = [], set()
    for line, event, date in zip(table.lines, table.frame["event_id"], table.frame["date"]):
        if "-nd-" in event and event not in seen and re.match(r"^\d{4}-\d{2}", date):
            seen.add(event)
            warnings.append(Problem(table.shown_as, line, "event_id",
                                    f"'{event}' says no date, but this row states {date}: an id with the date would say so"))
    return warnings


def check_claim_dates_are_the_pages(tables: dict[str, RawTable]) -> list[Problem]:
    """``claimed_on`` holds a date the page states for the claim, never the date of a report the claim repeats
    ("2022-09-12", "2022-09", "--09" for a report of 12 Sep 2022) nor the page's own date (except a report's
    own page on the report's day):
    such a date must say in the notes where the page states it ("date stated on the page"). The date rules
    date the claim by its report, or by its page, anyway."""
    if not {"claims", "sources", "reports"} <= tables.keys():
        return []
    published = dict(zip(tables["sources"].frame["source_id"], tables["sources"].frame["published"]))
    report_dates = dict(zip(tables["reports"].frame["report_id"], tables["reports"].frame["published"]))
    claims = tables["claims"]
    problems = []
    columns = (claims.frame[c] for c in ("claimed_on", "report_id", "source_id", "notes"))
    for line, claimed, report, source, notes in zip(claims.lines, *columns):
        report_date, page = report_dates.get(report, ""), published.get(source, "")
        full = year_from_page(claimed, page) if is_yearless(claimed) else claimed
        if not full or "date stated" in notes.casefold():
            continue
        if report and report_date.startswith(full) and page != claimed:
            what = f"the date of report '{report}' ({report_date})"
        elif page.startswith(full) and page != report_date:  # not the report's own page of its own day
            what = f"the page's own date ({page})"
        else:
            continue
        problems.append(Problem(claims.shown_as, line, "claimed_on",
                                f"expected a date the page itself states for the claim; '{claimed}' is {what}, which "
                                "the date rules supply (leave it empty, or say in notes where the page states it: "
                                "'date stated on the page, …')"))
    return problems


_REPRINT_NOTE = re.compile(r"\b(?:same text as|text matches|text identical to|translation of|reprint of|repost of|"
                           r"copy of)\s+(?:the\s+|an?\s+)?(?P<name>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*)*)")


def check_reprints_credit_their_original(tables: dict[str, RawTable]) -> list[Problem]:
    """A page whose notes name the outlet it reprints ("same text as the Bylines Scotland piece") names it in
    ``original_publisher`` too: otherwise one article counts as two outlets."""
    if "sources" not in tables:
        return []
    table = tables["sources"]
    problems = []
    for line, notes, original in zip(table.lines, table.frame["notes"], table.frame["original_publisher"]):
        match = _REPRINT_NOTE.search(notes)
        if match and not original:
            problems.append(Problem(table.shown_as, line, "original_publisher",
                                    f"expected the outlet the notes say this page reprints ('{match.group('name')}'), "
                                    "got nothing"))
    return problems


_ROW_SAYS_REPOST = re.compile(r"\b(?:repost|reprint|mirror) of\b|\brepost\b", re.IGNORECASE)


def check_rows_calling_their_page_a_repost(tables: dict[str, RawTable]) -> list[Problem]:
    """A claim or response whose notes call its page a repost, a reprint or a mirror names, through its page's
    ``original_publisher``, the outlet that first ran the text: otherwise the repost counts as an outlet of its own."""
    if "sources" not in tables:
        return []
    original = dict(zip(tables["sources"].frame["source_id"], tables["sources"].frame["original_publisher"]))
    problems = []
    for name in ("claims", "responses"):
        if name not in tables:
            continue
        table = tables[name]
        for line, source, notes in zip(table.lines, table.frame["source_id"], table.frame["notes"]):
            if _ROW_SAYS_REPOST.search(notes) and source in original and not original[source]:
                problems.append(Problem(table.shown_as, line, "notes",
                                        f"expected the page '{source}', which these notes call a repost, to name the "
                                        "outlet it reposts in sources.csv's original_publisher, got nothing"))
    return problems


_CITES_NOTE = re.compile(r"\b(?:cites|citing|reports|repeating|based on|relays)\s+(?:the\s+)?(?P<name>[A-Z][\w.&'-]*)")
_CARRIES_NOTE = re.compile(r"\b(?:reprint|repost|copy|wire|mirror|syndicat|rewrit|summar|excerpt|translat|extract|"
                           r"paraphrase|credit|word for word|republish)", re.IGNORECASE)


def check_citing_pages_are_their_own_outlet(tables: dict[str, RawTable]) -> list[Problem]:
    """A page that only cites an outlet ("cites CNN") is an outlet of its own: naming the cited outlet in
    ``original_publisher`` would count two articles as one. Notes that say the page carries the text keep it."""
    if "sources" not in tables:
        return []
    table = tables["sources"]
    problems = []
    for line, notes, original in zip(table.lines, table.frame["notes"], table.frame["original_publisher"]):
        match = _CITES_NOTE.search(notes)
        if (original and match and match.group("name").lower() in original.lower()
                and not _CARRIES_NOTE.search(notes)):
            problems.append(Problem(table.shown_as, line, "original_publisher",
                                    f"expected empty for a page whose notes say it only cites '{match.group('name')}', "
                                    f"got '{original}' (say in notes if the page carries that outlet's text)"))
    return problems


_TRACKING_PARAMETER = re.compile(r"^(utm_\w+|at_\w+|ns_\w+|mc_\w+|ito|share|amp|outputType|os|cid|fbclid|gclid)$")
_SAME_SITE = {"bbc.co.uk": "bbc.com"}


def page_address(url: str) -> str:
    """The address that names a page whatever copy of it was read: no scheme, no ``www.``/``m.``/``amp.``,
    no AMP suffix, no tracking parameters."""
    parts = urlsplit(url.strip())
    host = re.sub(r"^(www\.|m\.|amp\.)", "", parts.netloc.lower())
    host = _SAME_SITE.get(host, host)
    path = re.sub(r"^/amp/", "/", re.sub(r"/(amp)?/?$", "", parts.path))
    kept = sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING_PARAMETER.match(k))
    return host + path + ("?" + urlencode(kept) if kept else "")


def check_each_page_registered_once(tables: dict[str, RawTable]) -> list[Problem]:
    """One page, one source id: a page registered twice lets one article's claims escape ``duplicate_of``
    (which compares within a page) and count twice."""
    if "sources" not in tables:
        return []
    table = tables["sources"]
    first_line: dict[str, tuple[int, str]] = {}
    problems = []
    for line, source_id, url in zip(table.lines, table.frame["source_id"], table.frame["url"]):
        if not url:
            continue
        address = page_address(url)
        if address in first_line:
            earlier_line, earlier_id = first_line[address]
            problems.append(Problem(table.shown_as, line, "url",
                                    f"expected a page not registered yet, got '{url}', the page of '{earlier_id}' "
                                    f"(line {earlier_line}); use that id"))
        else:
            first_line[address] = (line, source_id)
    return problems


def check_id_lists(table: RawTable, tables: dict[str, RawTable]) -> list[Problem]:
    """Cells listing ids that may name rows of several tables (``x-ids-of``): no foreign key can say this."""
    problems = []
    for field in table.spec.fields:
        targets = field.get("x-ids-of")
        if not targets:
            continue
        if not set(targets) <= tables.keys():
            continue  # the unreadable table's own problems are reported
        known = set().union(*(tables[t].frame[tables[t].spec.primary_key] for t in targets))
        what = " or ".join(t.removesuffix("s") for t in targets)
        separator = field["x-separator"]
        for line, cell in zip(table.lines, table.frame[field["name"]]):
            for part in filter(None, (p.strip() for p in cell.split(separator))):
                if part not in known:
                    problems.append(Problem(table.shown_as, line, field["name"],
                                            f"expected {what} ids separated by '{separator}', got '{part}'"))
    return problems


def unknown_value_warnings(tables: dict[str, RawTable]) -> list[Problem]:
    """What is legitimately unknown is a warning, not an error: it stays empty and is counted as unknown."""
    warnings = []
    if "stations" in tables:
        table = tables["stations"]
        for line, city, region in zip(table.lines, table.frame["city"], table.frame["region"]):
            if not city:
                level = "region" if region else "country"
                warnings.append(Problem(table.shown_as, line, "city", f"no city given; located to the {level} only"))
    if "responses" in tables:
        warnings += separate_event_warnings(tables["responses"], tables.get("sources"))
    if "claims" in tables:
        table = tables["claims"]
        for line, value, qualifier in zip(table.lines, table.frame["value"], table.frame["qualifier"]):
            if not value and qualifier != "range":
                warnings.append(Problem(table.shown_as, line, "value", "no numeric value; kept as unquantified"))
    return warnings


EVENT_WINDOW_DAYS = 30
# Statements and other remarks are many by nature and counted nowhere; actions and denials are counted by event.
UNCOUNTED_ACTIONS = ("statement", "other")
_PLACE_WORD = re.compile(r"[^\W\d_]{4,}")
_NOT_PLACES = {"sites", "station", "stations", "city", "area", "nationally", "incl", "including", "other", "others",
               "restaurant", "building", "street", "centre", "center", "reported", "office", "district", "lower"}


def _place_words(text: str) -> set[str]:
    return {w for w in _PLACE_WORD.findall(text.casefold()) if w not in _NOT_PLACES}


_DATE_FROM_ADDRESS = re.compile(r"\b(?:date|day|month)\b[^;.]{0,20}\b(?:from|in)\s+(?:the\s+)?(?:url|address|key in url|link)\b|\(url\)",
                                re.IGNORECASE)
# Words with which a row's notes say where its text states the day: a weekday, "today", or the rule's own phrase.
_DAY_IN_TEXT = re.compile(r"date stated|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|today|tonight|yesterday|this morning|"
                          r"feira|sábado|domingo|lunes|martes|miércoles|jueves|viernes|lunedì|martedì|mercoledì|giovedì|"
                          r"venerdì|montag|dienstag|mittwoch|donnerstag|freitag|lundi|mardi|mercredi|jeudi|vendredi|"
                          r"maandag|dinsdag|woensdag|donderdag|vrijdag|요일|曜日|日|\bthe \d{1,2}(?:st|nd|rd|th)\b", re.IGNORECASE)


def check_action_dates_are_in_the_text(tables: dict[str, RawTable]) -> list[Problem]:
    """A response dated with its page's own date, where that date comes only from the page's address, needs
    a day the text itself gives (a weekday, "today"): otherwise the address's date was copied into the
    action, which the date rules would supply anyway as the date the action had happened by."""
    if not {"responses", "sources"} <= tables.keys():
        return []
    sources = tables["sources"].frame
    from_address = {s: p for s, p, n in zip(sources["source_id"], sources["published"], sources["notes"])
                    if p and _DATE_FROM_ADDRESS.search(n)}
    table = tables["responses"]
    problems = []
    columns = (table.frame[c] for c in ("date", "source_id", "notes"))
    for line, date, source, notes in zip(table.lines, *columns):
        if date and from_address.get(source) == date and not _DAY_IN_TEXT.search(notes):
            problems.append(Problem(table.shown_as, line, "date",
                                    f"expected a date the page's text states, got '{date}', the date in the page's "
                                    "address (leave it empty, or say in notes where the text gives the day)"))
    return problems


# A statement that announces an action, or reports one under way ("police are investigating", "checks on").
_ANNOUNCES_ACTION = re.compile(r"\b(?:announc\w*|launch\w*)\b.{0,40}\b(?:investigation|inquiry|probe|closure)"
                               r"|\b(?:investigating|under investigation|checks? on)\b"
                               # the same in the words of the page, as notes quote it
                               r"|\b(?:investigando|indagando|cotejando|ermittel[nt]|onderzoek[te]n?|enquêtent)\b",
                               re.IGNORECASE)


def check_announcements_are_their_action(tables: dict[str, RawTable]) -> list[Problem]:
    """A statement that announces an investigation or a closure is a row of that action (the event it
    announces), not a statement event of its own; otherwise one action is counted under two events. Unless
    its notes name the other event or say why it is separate."""
    if "responses" not in tables:
        return []
    table = tables["responses"]
    events = set(table.frame["event_id"])
    problems = []
    columns = (table.frame[c] for c in ("action", "notes"))
    for line, action, notes in zip(table.lines, *columns):
        if action != "statement" or not _ANNOUNCES_ACTION.search(notes):
            continue
        if "separate" in notes.casefold() or any(event in notes for event in events):
            continue
        problems.append(Problem(table.shown_as, line, "action",
                                "expected the action the statement announces (with that action's event_id), got "
                                "'statement'; or name in notes the event it speaks of, or say why it is separate"))
    return problems


def separate_event_warnings(table: RawTable, sources: RawTable | None = None) -> list[Problem]:
    """Two responses of the same country and action under different event ids are probably one event
    entered twice: when both are dated, within 30 days; when one is undated, when both name the same place
    and its page is not older than the other's date. Two named actors with no word in common (an embassy
    and a ministry) are two actions. Unless a note of either row names the other event (and says why
    they differ)."""
    pages = dict(zip(sources.frame["source_id"], sources.frame["published"])) if sources is not None else {}
    rows = table.frame[["date", "country", "action", "actor", "event_id", "stations_or_city", "source_id",
                        "notes"]].to_dict("records")
    by_country_and_action: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    for i, row in enumerate(rows):
        row["page"] = pages.get(row["source_id"], "")
        if row["action"] in UNCOUNTED_ACTIONS:
            continue
        by_country_and_action.setdefault((row["country"], row["action"]), []).append((i, row))
    warnings = []
    for group in by_country_and_action.values():
        for position, (i, row) in enumerate(group):
            for j, twin in group[position + 1:]:
                if row["event_id"] == twin["event_id"] or not _maybe_one_event(row, twin):
                    continue
                notes = f"{row['notes']} {twin['notes']}".casefold()
                # the note must name the other event: a bare "separate" would silence every pair it is in
                if row["event_id"] in notes or twin["event_id"] in notes:
                    continue
                why = (f"within {EVENT_WINDOW_DAYS} days" if _is_date(row["date"]) and _is_date(twin["date"])
                       else "naming the same place, one of them undated")
                warnings.append(Problem(table.shown_as, table.lines[j], "event_id",
                                        f"same country and action as line {table.lines[i]} {why} "
                                        f"but event '{twin['event_id']}' is not '{row['event_id']}'; one event, or say why not in notes"))
    return warnings


def _maybe_one_event(row: dict, twin: dict) -> bool:
    if not _actor_words(row["actor"]) & _actor_words(twin["actor"]) and _actor_words(row["actor"]) \
            and _actor_words(twin["actor"]):
        return False  # an embassy and a ministry, a minister and the police: two actors, two actions
    if _is_date(row["date"]) and _is_date(twin["date"]):
        gap = parse_partial_date(row["date"]).earliest - parse_partial_date(twin["date"]).earliest
        return abs(gap.days) <= EVENT_WINDOW_DAYS
    for undated, other in ((row, twin), (twin, row)):
        # A page published before the other action happened cannot report it.
        if not _is_date(undated["date"]) and _is_date(undated["page"]) and _is_date(other["date"]) \
                and parse_partial_date(undated["page"]).latest < parse_partial_date(other["date"]).earliest:
            return False
    own_country = _place_words(row["country"])
    places, other = (_place_words(r["stations_or_city"]) - own_country for r in (row, twin))
    return bool(places & other)  # undated: only the same place named by both makes them one event


_GENERIC_ACTOR = {"chinese", "china", "china's", "foreign", "ministry", "affairs", "spokesperson", "government",
                  "officials", "official", "authorities", "reported", "beijing's", "federal", "national", "state"}


def _actor_words(text: str) -> set[str]:
    return _place_words(text) - _GENERIC_ACTOR


@dataclass
class RawData:
    tables: dict[str, RawTable]
    warnings: list[Problem]

    def frame(self, name: str) -> pd.DataFrame:
        return self.tables[name].frame.copy()


# The station status a response's action stands for (stations.csv codes statuses as responses.csv codes actions).
STATUS_OF_ACTION = {"no illegal activity found": "no illegal activity found", "closed": "closed",
                    "closure ordered": "closed", "investigation opened": "under investigation", "raid": "raided",
                    "charge": "charged", "conviction": "convicted"}


def check_station_status_is_its_pages_action(tables: dict[str, RawTable]) -> list[Problem]:
    """A station left 'other' whose status page is also a response row coding an action at the station's
    city has one finding coded two ways: the station's status is the action's status."""
    if not {"stations", "station_sources", "responses"} <= tables.keys():
        return []
    status_pages: dict[str, set[str]] = {}
    links = tables["station_sources"].frame
    for station, source, says in zip(links["station_id"], links["source_id"], links["says"]):
        if "status" in says.split(";"):
            status_pages.setdefault(station, set()).add(source)
    responses = tables["responses"].frame
    actions = [(source, action, _place_words(places)) for source, action, places
               in zip(responses["source_id"], responses["action"], responses["stations_or_city"])
               if action in STATUS_OF_ACTION]
    table = tables["stations"]
    problems = []
    columns = (table.frame[c] for c in ("station_id", "city", "status"))
    for line, station, city, status in zip(table.lines, *columns):
        if status != "other" or not _place_words(city):
            continue
        for source, action, places in actions:
            if source in status_pages.get(station, ()) and _place_words(city) <= places:
                problems.append(Problem(table.shown_as, line, "status",
                                        f"expected '{STATUS_OF_ACTION[action]}', the status of its page's action "
                                        f"('{action}' at {city} on '{source}'), got 'other'"))
                break
    return problems


# A date credited to another page in a row's notes ("date from dn.pt: 30 September"): not the page's own.
_DATE_FROM_ANOTHER_PAGE = re.compile(r"\bdate (?:taken |is )?from (?:[\w-]+\.)+[a-z]{2,}\b", re.IGNORECASE)


def check_dates_are_the_rows_own_pages(tables: dict[str, RawTable]) -> list[Problem]:
    """A row's date is what its own page states: a date whose notes say it came from another page (named by
    its address) belongs to a row citing that page, and this row stays undated."""
    problems = []
    for name, column in (("responses", "date"), ("claims", "claimed_on")):
        if name not in tables:
            continue
        table = tables[name]
        for line, date, notes in zip(table.lines, table.frame[column], table.frame["notes"]):
            if date and (match := _DATE_FROM_ANOTHER_PAGE.search(notes)):
                problems.append(Problem(table.shown_as, line, column,
                                        f"expected a date the row's own page states, got '{date}' ('{match.group(0)}'): "
                                        "record it on a row citing that page, and leave this one empty"))
    return problems


def load_raw(raw_dir: Path | None = None) -> RawData:
    """Read and check every raw table; raise :class:`DataError` with every problem found."""
    raw_dir = Path(raw_dir) if raw_dir else config.inputs().raw
    declared = schema.descriptor_path()
    if not declared.exists():
        raise DataError([Problem(config.show(declared), None, None, "expected the file to exist")])
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for spec in schema.tables().values():
        table, read_problems = read_table(raw_dir / spec.file, spec)
        problems += read_problems
        if table is None:
            continue
        cell_problems = check_cells(table)
        problems += cell_problems + check_ids(table)
        for extra in ROW_CHECKS.get(spec.name, ()):
            problems += extra(table.frame, table.lines, table.shown_as)
        country_problems, country_warnings = check_countries(table)
        problems += country_problems
        warnings += country_warnings
        tables[spec.name] = table
    for table in tables.values():
        problems += check_references(table, tables) + check_id_lists(table, tables) + check_reference_loops(table)
    problems += check_places_are_known(tables)
    problems += check_status_dates_have_a_page(tables)
    problems += check_one_speaker_dated_alike(tables)
    problems += check_announcements_are_their_action(tables)
    problems += check_action_dates_are_in_the_text(tables)
    problems += check_inclusive_words_are_at_least(tables)
    problems += check_claims_are_not_dated_after_their_page(tables)
    problems += check_event_ids_carry_stated_dates(tables)
    problems += check_claim_dates_are_the_pages(tables)
    problems += check_reprints_credit_their_original(tables)
    problems += check_citing_pages_are_their_own_outlet(tables)
    problems += check_rows_calling_their_page_a_repost(tables)
    problems += check_each_page_registered_once(tables)
    problems += check_station_status_is_its_pages_action(tables)
    problems += check_dates_are_the_rows_own_pages(tables)
    if problems:
        raise DataError(problems)
    return RawData(tables, sorted(warnings + unknown_value_warnings(tables) + undated_event_id_warnings(tables)))
