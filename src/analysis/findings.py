"""What each notebook found, in sentences computed from its tables.

A notebook shows these as Markdown under its heading, so a reviewer reads the result before the tables
that show it, and nbval checks the sentences like any other output. No number here is typed: each
comes from the frame passed in, and an empty frame (a run dated before any report) gives a sentence
that says so rather than an error.
"""

from __future__ import annotations

import pandas as pd

from .compare.discrepancies import DEPARTING_CLASSES
from .names import report_phrase


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _listed(counts: pd.Series) -> str:
    """``a 3, b 2 and c 1`` from a count per label, largest first (ties by label)."""
    items = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    words = [f"{label} {n:,}" for label, n in items]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


# 01 · cleaning

def cleaning_steps(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each normalising step with what it started from, what it gave and what it left unresolved."""
    stations, claims, responses = tables["stations"], tables["claims"], tables["responses"]
    places = pd.concat([stations[["country_raw", "iso3"]], responses[["country_raw", "iso3"]]])
    places = places[places["country_raw"] != ""]
    rows = [
        ("country names → ISO codes (distinct values)", places["country_raw"].nunique(),
         places.loc[places["iso3"] != "", "iso3"].nunique(), int((places["iso3"] == "").sum())),
        ("claimant names → claimant ids (distinct values)", claims["claimant"].nunique(),
         claims["claimant_id"].nunique(), int((claims["claimant_id"] == "").sum())),
        ("stations naming a city → located to a city", int((stations["city"] != "").sum()),
         int((stations["mapped_precision"] == "city").sum()), int((stations["place_match"] == "none").sum())),
        ("claims with a date of their own → claims dated", int((claims["claimed_on"] != "").sum()),
         int((claims["dated_by"] != "").sum()), int((claims["dated_by"] == "").sum())),
        ("responses with a date of their own → responses dated", int((responses["date"] != "").sum()),
         int((responses["dated_by"] != "").sum()), int((responses["dated_by"] == "").sum())),
        ("claim rows → distinct claims (duplicates marked)", len(claims),
         int((claims["duplicate_of"] == "").sum()), None),
        ("station rows → distinct stations (duplicates marked)", len(stations),
         int((stations["duplicate_of"] == "").sum()), None),
    ]  # a duplicate is marked, never left unresolved: that column does not apply
    return pd.DataFrame(rows, columns=["step", "before", "after", "left unresolved"]).astype({"left unresolved": "Int64"})


def cleaning(tables: dict[str, pd.DataFrame]) -> str:
    steps = cleaning_steps(tables).set_index("step")
    stations, claims = tables["stations"], tables["claims"]
    live = stations[stations["duplicate_of"] == ""]
    precision = live["mapped_precision"].value_counts()
    dates = steps.loc["claims with a date of their own → claims dated"]
    duplicates = steps.loc["claim rows → distinct claims (duplicates marked)"]
    return " ".join([
        f"Cleaning read {_count(len(claims), 'claim')}, {_count(len(stations), 'station')} and "
        f"{_count(len(tables['responses']), 'government response')} from {_count(len(tables['sources']), 'page')}.",
        f"Of the {_count(len(live), 'distinct station')}, {precision.get('city', 0):,} are located to a city, "
        f"{precision.get('region', 0):,} to a region and {precision.get('country', 0):,} to a country only.",
        f"{dates['before']:,} claims give a date of their own; the dating rules (a page's date, the report a "
        f"claim repeats) date {dates['after']:,} in all and leave {dates['left unresolved']:,} undated, listed in "
        "`undated.csv`.",
        f"{duplicates['before'] - duplicates['after']:,} claim rows repeat a claim already recorded and are kept "
        "but marked, so they are not counted twice.",
    ])


# 02a · comparing the counts

def comparison(selection: pd.DataFrame, headlines: pd.DataFrame, discrepancies: pd.DataFrame,
               reports: pd.DataFrame, by_action: pd.DataFrame, as_of: str) -> str:
    counted = int(selection.loc[selection["outcome"] == "counted", "claims"].sum())
    sentences = [f"{_count(counted, 'claim')} made on or before {as_of} are compared."]
    world = headlines[(headlines["metric"] == "stations") & (headlines["scope_key"] == "world")]
    if world.empty:
        return " ".join([*sentences, "No report had given a world count of stations by then."])
    top = world.iloc[0]
    sentences.append(f"The headline world count is {top['reference_value_text']} stations, from "
                     f"{report_phrase(top['report_id'], reports)}, chosen by the `{top['rule']}` rule among "
                     f"{_count(int(top['competing_reports']), 'report')} giving a world count.")
    compared = discrepancies[~discrepancies["class"].isin(["unquantified", "nothing to compare", "denial"])]
    departing = compared[compared["class"].isin(DEPARTING_CLASSES)]
    parts = compared[compared["class"] == "part the report quotes"]
    saying_less = compared[~compared["class"].isin([*DEPARTING_CLASSES, "agrees", "part the report quotes"])]
    if not compared.empty:
        sentences.append(f"Of the {_count(len(compared), 'claim')} with a figure of their own report to compare, "
                         f"{(compared['class'] == 'agrees').sum():,} agree with it, {len(saying_less):,} say less "
                         f"(rounded, hedged, or of a stated other date), {len(parts):,} give a part the report quotes "
                         f"as its total (left unresolved: the report's text is not stored) and {len(departing):,} "
                         f"depart from it"
                         + (f": {_listed(departing['class'].value_counts())}." if len(departing) else "."))
    events = int(by_action["events"].sum()) if "events" in by_action else 0
    sentences.append(f"Governments, police and courts took {_count(events, 'dated action')} by then.")
    return " ".join(sentences)


# 02b · checking the story

def story(verdicts: pd.DataFrame, as_of: str) -> str:
    if verdicts.empty:
        return "The story under review has no checkable claim in this run."
    return (f"The story makes {_count(len(verdicts), 'checkable claim')}. When it ran: "
            f"{_listed(verdicts['verdict_then'].value_counts())}. As of {as_of}: "
            f"{_listed(verdicts['verdict'].value_counts())}.")


# 03a · the map

def station_map(map_data: pd.DataFrame) -> str:
    if map_data.empty:
        return "No documented station has a place to draw."
    at_city = map_data[map_data["layer"] != "known only to a region or country"]
    statuses = map_data.groupby("status_group")["stations"].sum()
    return (f"The map draws {_count(int(map_data['stations'].sum()), 'documented station')}: "
            f"{int(at_city['stations'].sum()):,} at {_count(at_city['place'].nunique(), 'place')} and "
            f"{int(map_data['stations'].sum() - at_city['stations'].sum()):,} known only to a region or country. "
            f"By what is known of them: {_listed(statuses.astype(int))}.")


# 03b · the lead chart

def lead_chart(lead: pd.DataFrame) -> str:
    own = lead[(lead["layer"] == "author's own figure") & (lead["metric"] == "stations")]
    others = lead[lead["layer"] == "other page's figure"]
    steps = "; ".join(f"{label} {int(value)} by {date}" for label, value, date in
                      own.sort_values(["label", "date"])[["label", "value", "date"]].itertuples(index=False))
    return (f"The authors' own station counts step as follows: {steps or 'none by this date'}. "
            f"Around them the chart marks {_count(len(others), 'figure')} from other pages and "
            f"{_count(int((lead['layer'] == 'event').sum()), 'event')}.")


# 04 · the brief

def brief(numbers: dict, traced_figures: int) -> str:
    own = "; ".join(f"{f['report']['name']} ({f['report']['date']}): {f['stations']['display']} stations"
                    for author in numbers["authors"] for f in author["figures"])
    return (f"The brief prints the authors' own figures ({own or 'none by this date'}) and "
            f"{_count(traced_figures, 'figure')} in all, each traced to its claims and pages in "
            "`reports/numbers.json`.")
