"""Malformed raw input: every case gives one clear message naming file, line and column, and no output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from analysis import raw
from analysis.__main__ import main
from analysis.errors import DataError


def rewrite(path: Path, edit) -> None:
    """Apply ``edit`` to the rows (header first) of a CSV file and write it back."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows = edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    def edit(rows):
        rows[line - 1][rows[0].index(column)] = value
        return rows
    rewrite(path, edit)


def append_row(path: Path, line: str) -> None:
    """Add one data row, written as the file would hold it, at the end of a raw CSV."""
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def problems(raw_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        raw.load_raw(raw_dir)
    return [str(p) for p in caught.value.problems]


def test_fixture_is_valid(raw_dir):
    data = raw.load_raw(raw_dir)
    assert set(data.tables) == set(raw.TABLES)


CELL_CASES = [
    # (file, line, column, bad value, expected message fragment)
    ("claims.csv", 2, "value", "fifty-four", "column 'value': expected a non-negative number, got 'fifty-four'"),
    ("claims.csv", 3, "value", "-5", "expected a non-negative number, got '-5'"),
    ("claims.csv", 2, "claimed_on", "12/09/2022", "column 'claimed_on': expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    ("claims.csv", 2, "claimed_on", "2022-02-30", "column 'claimed_on': expected a date"),
    ("claims.csv", 2, "metric", "police posts", "column 'metric': expected one of stations, countries"),
    ("claims.csv", 2, "qualifier", "roughly", "column 'qualifier': expected one of exact"),
    ("claims.csv", 2, "source_id", "no-such-source", "column 'source_id': expected an id from sources.csv, got 'no-such-source'"),
    ("claims.csv", 2, "report_id", "sd-2031-01", "column 'report_id': expected an id from reports.csv, got 'sd-2031-01'"),
    ("claims.csv", 2, "supersedes", "c1", "column 'supersedes': expected another claim's id, got the claim's own id 'c1'"),
    ("claims.csv", 3, "claim_id", "c1", "column 'claim_id': expected a unique id, got 'c1' again (first on line 2)"),
    ("claims.csv", 2, "locator", "", "column 'locator': expected a value, got an empty cell"),
    ("sources.csv", 2, "kind", "blog", "column 'kind': expected one of ngo-report"),
    ("sources.csv", 2, "language", "English", "column 'language': expected a two-letter ISO 639-1 code"),
    ("sources.csv", 2, "source_id", "NGO Sept", "column 'source_id': expected an id of lowercase letters"),
    ("stations.csv", 2, "country", "Atlantis", "column 'country': expected a country name, got 'Atlantis'"),
    ("stations.csv", 2, "location_precision", "street", "column 'location_precision': expected one of address"),
    ("station_sources.csv", 2, "station_id", "st-xx-nowhere", "expected an id from stations.csv, got 'st-xx-nowhere'"),
    ("station_sources.csv", 2, "says", "listed;rumoured", "column 'says': expected ';'-separated values from listed"),
    ("responses.csv", 2, "date", "March 2023", "column 'date': expected a date"),
    ("story_claims.csv", 3, "verdict", "", "column 'verdict': expected a metric and value, or a verdict"),
    ("story_claims.csv", 3, "evidence", "nothing-here", "column 'evidence': expected claim or source ids"),
    ("sources.csv", 2, "url", "javascript://alert(1)", "column 'url': expected a web address starting http:// or https://"),
    ("claims.csv", 2, "claimed_on", "2022-10", "column 'claimed_on': expected a date no later than its page's date 2022-09-12"),
    ("reports.csv", 3, "follows", "sd-2022-12", "column 'follows': expected another report's id"),
    ("reports.csv", 2, "supersedes", "sd-2031-01", "column 'supersedes': expected an id from reports.csv"),
]


@pytest.mark.parametrize("file,line,column,value,fragment", CELL_CASES, ids=[f"{c[0]}:{c[2]}:{c[3]}" for c in CELL_CASES])
def test_bad_cell_is_named_by_file_line_and_column(raw_dir, file, line, column, value, fragment):
    set_cell(raw_dir / file, line, column, value)
    found = problems(raw_dir)
    assert any(p.startswith(f"data/raw/{file}:{line}:") and fragment in p for p in found), found


def test_all_errors_in_a_file_are_reported_together(raw_dir):
    set_cell(raw_dir / "claims.csv", 2, "value", "many")
    set_cell(raw_dir / "claims.csv", 4, "metric", "outposts")
    found = problems(raw_dir)
    assert any("claims.csv:2: column 'value'" in p for p in found)
    assert any("claims.csv:4: column 'metric'" in p for p in found)


def test_missing_column(raw_dir):
    rewrite(raw_dir / "claims.csv", lambda rows: [r[:-1] for r in rows])
    assert problems(raw_dir) == [
        "data/raw/claims.csv:1: expected header " + ",".join(raw.TABLES["claims"].column_names) + "; missing 'notes'"
    ]


def test_renamed_column(raw_dir):
    rewrite(raw_dir / "sources.csv", lambda rows: [["id", *rows[0][1:]], *rows[1:]])
    assert "missing 'source_id'; unexpected 'id'" in problems(raw_dir)[0]


def test_extra_column(raw_dir):
    rewrite(raw_dir / "responses.csv", lambda rows: [r + ["x"] for r in rows])
    assert any("responses.csv:1:" in p and "unexpected 'x'" in p for p in problems(raw_dir))


def test_row_with_too_many_fields(raw_dir):
    path = raw_dir / "reports.csv"
    path.write_text(path.read_text(encoding="utf-8") + "sd-2023-01,SD,t,2023-01,ngo-dec,,surplus\n", encoding="utf-8")
    assert "data/raw/reports.csv:4: expected 8 fields, got 7" in problems(raw_dir)


def test_empty_file(raw_dir):
    (raw_dir / "responses.csv").write_bytes(b"")
    assert "data/raw/responses.csv:-: expected a header row, got an empty file" in problems(raw_dir)


def test_header_only(raw_dir):
    path = raw_dir / "responses.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert "data/raw/responses.csv:-: expected at least one data row, got only the header" in problems(raw_dir)


def test_missing_file(raw_dir):
    (raw_dir / "stations.csv").unlink()
    assert "data/raw/stations.csv:-: expected the file to exist" in problems(raw_dir)


def test_wrong_encoding(raw_dir):
    path = raw_dir / "sources.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Outlet A", "Outlet \u00c4").encode("latin-1"))
    assert problems(raw_dir) == ["data/raw/sources.csv:4: expected UTF-8 text, got byte 0xc4"]


def test_unterminated_quote(raw_dir):
    path = raw_dir / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'c9,ngo-sept,"SD,sd-2022-09\n', encoding="utf-8")
    found = problems(raw_dir)
    assert len(found) == 1 and found[0].startswith("data/raw/claims.csv:") and "expected" in found[0]


def test_byte_order_mark_and_stray_whitespace_are_normalised(raw_dir):
    path = raw_dir / "sources.csv"
    text = path.read_text(encoding="utf-8").replace("ngo-report,en", " ngo-report , en ")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert raw.load_raw(raw_dir).frame("sources")["kind"].iloc[0] == "ngo-report"


def test_not_a_country_is_a_warning(raw_dir):
    set_cell(raw_dir / "responses.csv", 2, "country", "Europe")
    warnings = [str(w) for w in raw.load_raw(raw_dir).warnings]
    assert "data/raw/responses.csv:2: column 'country': 'Europe' is not a country; kept out of country counts" in warnings


def test_cli_check_exits_non_zero_and_names_the_problem(raw_dir, capsys):
    set_cell(raw_dir / "claims.csv", 2, "value", "fifty-four")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "data/raw/claims.csv:2: column 'value': expected a non-negative number, got 'fifty-four'" in err


def test_cli_check_accepts_another_raw_dir(raw_dir, tmp_path, capsys):
    assert main(["check", "--raw-dir", str(raw_dir)]) == 0
    assert "7 tables" in capsys.readouterr().out


def test_two_responses_of_one_action_within_a_month_are_flagged_unless_a_note_says_why(raw_dir):
    def add(rows):
        header = rows[0]
        twin = dict(zip(header, rows[1]))
        twin.update(response_id="r99", event_id="ev-other", date=twin["date"], notes="")
        return rows + [[twin[c] for c in header]]
    rewrite(raw_dir / "responses.csv", add)
    warnings = [str(w) for w in raw.load_raw(raw_dir).warnings if w.column == "event_id"]
    assert len(warnings) == 1 and "within 30 days" in warnings[0]
    set_cell(raw_dir / "responses.csv", 3, "notes", "a separate search of another office")  # says nothing of which
    assert [w for w in raw.load_raw(raw_dir).warnings if w.column == "event_id"]
    first = raw.load_raw(raw_dir).tables["responses"].frame["event_id"].iloc[0]
    set_cell(raw_dir / "responses.csv", 3, "notes", f"a search of another office, not {first}")
    assert not [w for w in raw.load_raw(raw_dir).warnings if w.column == "event_id"]


def test_check_names_each_raw_file_that_differs_from_the_manifest(project, capsys):
    from analysis.workflow import manifest

    manifest.write()
    set_cell(project / "data" / "raw" / "claims.csv", 2, "notes", "edited")
    assert main(["check"]) == 0  # a warning, so that adding a source still works before `make manifest`
    assert "SHA256SUMS: claims.csv has changed" in capsys.readouterr().err
    assert main(["verify"]) == 1  # but verify, and so make test and CI, refuse until it is refreshed
    assert "refresh it deliberately" in capsys.readouterr().err


def test_an_undated_response_naming_the_same_place_is_compared_too(raw_dir):
    set_cell(raw_dir / "responses.csv", 2, "date", "2022-10-01")  # on or before the undated row's page

    def add(rows):
        header = rows[0]
        twin = dict(zip(header, rows[1]))
        twin.update(response_id="r98", event_id="ev-other", date="", notes="", source_id="outlet-a")
        return rows + [[twin[c] for c in header]]
    rewrite(raw_dir / "responses.csv", add)
    warnings = [str(w) for w in raw.load_raw(raw_dir).warnings if w.column == "event_id"]
    assert len(warnings) == 1 and "same place, one of them undated" in warnings[0]
    set_cell(raw_dir / "responses.csv", 3, "stations_or_city", "Vancouver")  # another place: another action
    assert not [w for w in raw.load_raw(raw_dir).warnings if w.column == "event_id"]


def test_a_claim_dated_to_the_day_of_the_report_it_repeats_is_refused(raw_dir):
    # c0135's case: a page of another day that says only "September" carried the report's 12 September.
    set_cell(raw_dir / "claims.csv", 5, "report_id", "sd-2022-09")
    set_cell(raw_dir / "claims.csv", 5, "claimed_on", "2022-09-12")
    [problem] = problems(raw_dir)
    assert "claims.csv:5: column 'claimed_on'" in problem and "date of report 'sd-2022-09'" in problem
    set_cell(raw_dir / "claims.csv", 5, "claimed_on", "--09")  # "in September": still the report's month
    assert problems(raw_dir)
    set_cell(raw_dir / "claims.csv", 5, "claimed_on", "")  # the date rules date it by its report
    raw.load_raw(raw_dir)


def test_a_month_without_a_year_is_a_date_but_an_impossible_one_is_not(raw_dir):
    set_cell(raw_dir / "responses.csv", 2, "date", "--13")
    [problem] = problems(raw_dir)
    assert problem == "data/raw/responses.csv:2: column 'date': expected a date that exists in the calendar, got '--13'"


def test_an_event_id_may_name_only_a_date_its_rows_state(raw_dir):
    set_cell(raw_dir / "responses.csv", 2, "event_id", "ev-ca-2022-11-rcmp")
    [problem] = problems(raw_dir)
    assert "responses.csv:2: column 'event_id'" in problem and "ev-<country>-nd-<slug>" in problem
    set_cell(raw_dir / "responses.csv", 2, "event_id", "ev-ca-2023-03-rcmp")
    raw.load_raw(raw_dir)


def test_a_repeated_claim_dated_only_by_its_pages_own_date_is_refused(raw_dir):
    # c0209's case: "Almeno 11" (Safeguard Defenders' December figure) dated 2022-12 from the page's address.
    set_cell(raw_dir / "claims.csv", 5, "report_id", "sd-2022-12")
    set_cell(raw_dir / "claims.csv", 5, "claimed_on", "2022-10")  # outlet-b is dated 2022-10
    [problem] = problems(raw_dir)
    assert "claims.csv:5: column 'claimed_on'" in problem and "the page's own date" in problem


@pytest.mark.parametrize(("notes", "original", "flagged"), [
    ("cites CNN; lists Quito", "CNN", True),        # cites only: an outlet of its own
    ("CNN wire copy; cites CNN", "CNN", False),     # says it carries the text
    ("cites The Times", "Bloomberg", False),        # cites another outlet than the one it carries
    ("cites CNN", "", False),
])
def test_a_page_that_only_cites_an_outlet_is_not_credited_to_it(notes, original, flagged):
    frame = pd.DataFrame({"notes": [notes], "original_publisher": [original]})
    table = raw.RawTable(spec=None, frame=frame, lines=[2], shown_as="sources.csv")
    problems = raw.check_citing_pages_are_their_own_outlet({"sources": table})
    assert bool(problems) == flagged
    if flagged:
        assert problems[0].column == "original_publisher" and "CNN" in problems[0].message


def test_a_claim_supersedes_only_a_claim_of_the_same_report():
    frame = pd.DataFrame({"claim_id": ["c1", "c2", "c3"], "report_id": ["sd-2022-09", "sd-2022-12", "sd-2022-09"],
                          "supersedes": ["", "c1", "c1"]})
    problems = raw._claims_do_not_supersede_themselves(frame, [2, 3, 4], "claims.csv")
    # c2 (December's report) does not revise c1 (September's); c3, a revision of the same report, does.
    assert [(p.line, p.column) for p in problems] == [(3, "supersedes")]
    assert "sd-2022-09" in problems[0].message


def test_a_page_registered_twice_is_refused_whatever_copy_of_its_address_was_read():
    frame = pd.DataFrame({"source_id": ["bbc-a", "bbc-b", "hansard"],
                          "url": ["https://www.bbc.com/news/articles/x1",
                                  "https://www.bbc.co.uk/news/articles/x1?at_medium=RSS&at_campaign=KARANGA",
                                  "https://hansard.parliament.uk/debates?id=2"]})
    table = raw.RawTable(spec=None, frame=frame, lines=[2, 3, 4], shown_as="sources.csv")
    problems = raw.check_each_page_registered_once({"sources": table})
    assert [(p.line, p.column) for p in problems] == [(3, "url")]
    assert "bbc-a" in problems[0].message


def test_pages_that_differ_by_a_real_query_parameter_are_different_pages():
    assert raw.page_address("https://kildarestreet.com/wrans/?id=2022-12-13a.749") != \
        raw.page_address("https://kildarestreet.com/wrans/?id=2022-10-25a.785")


def test_a_status_date_no_tied_page_reports_is_refused(raw_dir):
    # outlet-c (20 Mar 2023) is the station's only status page: it cannot report a status of April 2023.
    set_cell(raw_dir / "stations.csv", 4, "status_date", "2023-04")
    [problem] = problems(raw_dir)
    assert problem.startswith("data/raw/stations.csv:4: column 'status_date': expected a date that a page tied to "
                              "the station with 'status' in station_sources.csv reports")
    assert "got '2023-04'; its status pages: ['2023-03-20']" in problem


def test_one_speaker_on_one_page_is_dated_alike(raw_dir):
    path = raw_dir / "claims.csv"
    append_row(path, "c7,outlet-b,Safeguard Defenders,,--10-03,stations,country,Italy,11,11,exact,,p5,,")
    [problem] = problems(raw_dir)
    assert problem.startswith("data/raw/claims.csv:7: column 'claimed_on': expected a date like the other statements "
                              "of 'Safeguard Defenders' on 'outlet-b' (line 8: '--10-03'), got none")
    set_cell(path, 7, "notes", "date not stated for this figure")
    raw.load_raw(raw_dir)


def test_a_statement_announcing_an_investigation_is_that_investigation(raw_dir):
    set_cell(raw_dir / "responses.csv", 2, "action", "statement")
    set_cell(raw_dir / "responses.csv", 2, "notes", "press release announcing an investigation")
    [problem] = problems(raw_dir)
    assert problem.startswith("data/raw/responses.csv:2: column 'action': expected the action the statement "
                              "announces")


@pytest.mark.parametrize("words", ["minister says police are investigating the associations",
                                   'security forces "cotejando todos los extremos"', "die Polizei ermittelt"])
def test_a_statement_in_any_language_reporting_an_investigation_is_that_investigation(raw_dir, words):
    set_cell(raw_dir / "responses.csv", 2, "action", "statement")
    set_cell(raw_dir / "responses.csv", 2, "notes", words)
    [problem] = problems(raw_dir)
    assert "expected the action the statement announces" in problem


def test_a_statement_reporting_an_investigation_is_accepted_when_it_names_the_investigation(raw_dir):
    set_cell(raw_dir / "responses.csv", 2, "action", "statement")
    with (raw_dir / "responses.csv").open(encoding="utf-8") as handle:
        events = [row["event_id"] for row in csv.DictReader(handle)]
    other = events[0]  # the fixture holds one event
    set_cell(raw_dir / "responses.csv", 2, "notes", f"minister says police are investigating; speaks of {other}")
    raw.load_raw(raw_dir)  # accepted


def test_an_action_dated_only_by_its_pages_address_is_refused(raw_dir):
    # outlet-a is dated 2022-10-01; its notes now say the date came from the address.
    set_cell(raw_dir / "sources.csv", 4, "notes", "date from URL")
    set_cell(raw_dir / "responses.csv", 2, "date", "2022-10-01")
    set_cell(raw_dir / "responses.csv", 2, "event_id", "ev-r1")
    [problem] = problems(raw_dir)
    assert problem == ("data/raw/responses.csv:2: column 'date': expected a date the page's text states, got "
                       "'2022-10-01', the date in the page's address (leave it empty, or say in notes where the "
                       "text gives the day)")
    set_cell(raw_dir / "responses.csv", 2, "notes", 'announced "on Saturday"')
    raw.load_raw(raw_dir)


def test_a_claim_is_dated_like_a_dated_response_of_its_speaker_on_the_same_page(raw_dir):
    append_row(raw_dir / "responses.csv", "r9,ev-r9,UK,--10-03,Safeguard Defenders,statement,UK,outlet-b,p4,")
    [problem] = problems(raw_dir)
    assert problem.startswith("data/raw/claims.csv:7: column 'claimed_on': expected a date like the other statements "
                              "of 'Safeguard Defenders' on 'outlet-b' (responses.csv line ")


def test_korean_and_japanese_or_more_is_at_least(raw_dir):
    set_cell(raw_dir / "claims.csv", 7, "value_text", "102개 이상")
    set_cell(raw_dir / "claims.csv", 7, "value", "102")
    set_cell(raw_dir / "claims.csv", 7, "qualifier", "more-than")
    assert problems(raw_dir) == ["data/raw/claims.csv:7: column 'qualifier': expected 'at-least' for '102개 이상' "
                                 "(이상/以上 include the number), got 'more-than'"]


def test_a_row_calling_its_page_a_repost_needs_the_pages_original(raw_dir):
    set_cell(raw_dir / "responses.csv", 2, "notes", "repost of a wire story")
    [problem] = problems(raw_dir)
    assert problem == ("data/raw/responses.csv:2: column 'notes': expected the page 'outlet-a', which these notes call "
                       "a repost, to name the outlet it reposts in sources.csv's original_publisher, got nothing")


def test_an_event_id_saying_no_date_while_a_row_states_one_is_warned(raw_dir):
    set_cell(raw_dir / "responses.csv", 2, "event_id", "ev-ca-nd-markham-probe")
    warnings = [str(w) for w in raw.load_raw(raw_dir).warnings if w.column == "event_id"]
    assert warnings == ["data/raw/responses.csv:2: column 'event_id': 'ev-ca-nd-markham-probe' says no date, but this "
                        "row states 2023-03-09: an id with the date would say so"]


def test_a_station_left_other_is_coded_as_its_status_pages_action(raw_dir):
    # Markham's status page is outlet-c; a row of outlet-c codes an investigation at Markham.
    set_cell(raw_dir / "stations.csv", 4, "status", "other")
    append_row(raw_dir / "responses.csv", "r2,ev-r1,Canada,,RCMP,investigation opened,Markham; Toronto,outlet-c,p2,")
    assert problems(raw_dir) == ["data/raw/stations.csv:4: column 'status': expected 'under investigation', the status "
                                 "of its page's action ('investigation opened' at Markham on 'outlet-c'), got 'other'"]
    set_cell(raw_dir / "responses.csv", 3, "stations_or_city", "Toronto")  # an action elsewhere says nothing of Markham
    raw.load_raw(raw_dir)


def test_a_date_taken_from_another_page_is_refused(raw_dir):
    set_cell(raw_dir / "responses.csv", 2, "notes", "said in parliament (date from dn.pt: 30 September)")
    assert problems(raw_dir) == ["data/raw/responses.csv:2: column 'date': expected a date the row's own page states, "
                                 "got '2023-03-09' ('date from dn.pt'): record it on a row citing that page, and leave "
                                 "this one empty"]
    set_cell(raw_dir / "responses.csv", 2, "notes", "date from the address")  # the page's own address is its own
    raw.load_raw(raw_dir)
