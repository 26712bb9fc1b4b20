"""Claimed totals beside the stations documented one by one: per report (follow-up reports carry
their predecessors' stations forward), per country, and whether the figures of one report add up."""

from __future__ import annotations


import pandas as pd

from .references import report_totals

def report_coverage(references: pd.DataFrame, stations: pd.DataFrame, station_sources: pd.DataFrame,
                    reports: pd.DataFrame) -> pd.DataFrame:
    """Per report: stations claimed (its world total, or a bureau's own total) beside stations documented.

    A station counts for a report when the report lists it, first reported it, or belongs to the report
    it follows (a follow-up's total includes its predecessor's stations), unless the follow-up itself
    says it was dropped. For a police bureau's own announcement, every documented station of that
    bureau counts. Documented stations are split by the finest place cleaning could map; the rest of
    the claim (claimed minus documented) is not located by any source in reach.
    """
    membership = report_membership(stations, station_sources, reports)
    totals = report_totals(references, reports)
    claimed = totals[totals["metric"] == "stations"]
    live = stations[stations["duplicate_of"] == ""]
    rows = []
    for report in sorted(set(claimed["report_id"]) | set(membership["report_id"])):
        reference = claimed[claimed["report_id"] == report]
        members = membership[membership["report_id"] == report]
        if not reference.empty and reference["scope_type"].iloc[0] == "bureau":
            of_bureau = live[live["bureau"] == reference["scope_key"].iloc[0]]
            members = pd.concat([members, of_bureau.assign(report_id=report)]).drop_duplicates("station_id")
        total = reference["reference_value"].iloc[0] if not reference.empty else float("nan")
        by_precision = members["mapped_precision"].value_counts()
        documented = len(members)
        rows.append({
            "report_id": report,
            "claimed": total,
            "reference_claim_id": reference["reference_claim_id"].iloc[0] if not reference.empty else "",
            "documented": documented,
            "located_city": int(by_precision.get("city", 0)),
            "located_region": int(by_precision.get("region", 0)),
            "located_country": int(by_precision.get("country", 0)),
            "not_located": max(total - documented, 0) if pd.notna(total) else float("nan"),
            "documented_exceeds_claimed": bool(pd.notna(total) and documented > total),
        })
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


COVERAGE_COLUMNS = ["report_id", "claimed", "reference_claim_id", "documented", "located_city", "located_region",
                    "located_country", "not_located", "documented_exceeds_claimed"]


def _followed(reports: pd.DataFrame) -> dict[str, list[str]]:
    """Each report's chain of predecessors through ``follows``, nearest first (cycles stop the walk)."""
    follows = dict(zip(reports["report_id"], reports["follows"]))
    chains = {}
    for report in follows:
        chain, current = [], follows[report]
        while current and current not in chain and current != report:
            chain.append(current)
            current = follows.get(current, "")
        chains[report] = chain
    return chains


def _later(first: str, report: str, dated: dict[str, str]) -> bool:
    """Whether the report that first listed a station came out after this report (both dated)."""
    return bool(first and dated.get(first) and dated.get(report) and dated[first] > dated[report])


def report_membership(stations: pd.DataFrame, station_sources: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """(station_id, report_id, iso3, mapped_precision, bureau) for every station a report counts.

    A report counts the stations it lists or first reported, and those of every report it follows,
    except stations the report itself says were dropped. Duplicates entries of stations are left out.
    """
    live = stations[stations["duplicate_of"] == ""]
    says = station_sources["says"].fillna("")
    listed = station_sources.loc[(station_sources["report_id"] != "") & ~says.str.contains("dropped"),
                                 ["station_id", "report_id"]]
    dropped = set(zip(*station_sources.loc[says.str.contains("dropped"), ["station_id", "report_id"]].T.values))
    first = live.loc[live["first_report_id"] != "", ["station_id", "first_report_id"]].rename(
        columns={"first_report_id": "report_id"})
    own = pd.concat([listed, first]).drop_duplicates()
    by_report = own.groupby("report_id")["station_id"].apply(set).to_dict()
    first_of = dict(zip(first["station_id"], first["report_id"]))
    dated = dict(zip(reports["report_id"], reports["published_latest"]))
    chains = _followed(reports)
    rows = []
    for report, chain in chains.items():
        members = set(by_report.get(report, set()))
        for earlier in chain:
            members |= by_report.get(earlier, set())
        # a station first listed by a later report cannot be one this report counted, whatever a page ties
        members = {s for s in members if not _later(first_of.get(s, ""), report, dated)}
        rows += [(station, report) for station in sorted(members) if (station, report) not in dropped]
    membership = pd.DataFrame(rows, columns=["station_id", "report_id"])
    return membership.merge(live[["station_id", "iso3", "mapped_precision", "bureau"]], on="station_id")


def by_country(references: pd.DataFrame, stations: pd.DataFrame, station_sources: pd.DataFrame,
               reports: pd.DataFrame) -> pd.DataFrame:
    """Per country and report: the stations the report claims there, beside those documented one by one."""
    claimed = references[(references["metric"] == "stations") & (references["scope_type"] == "country")]
    claimed = claimed[["scope_key", "report_id", "reference_value", "reference_claim_id"]].rename(
        columns={"scope_key": "iso3", "reference_value": "claimed"})
    membership = report_membership(stations, station_sources, reports)
    documented = membership[membership["iso3"] != ""].groupby(["iso3", "report_id"]).size().rename("documented")
    table = claimed.merge(documented.reset_index(), on=["iso3", "report_id"], how="outer")
    table["reference_claim_id"] = table["reference_claim_id"].fillna("")
    return table.sort_values(["iso3", "report_id"]).reset_index(drop=True)


def consistency(references: pd.DataFrame, stations: pd.DataFrame, station_sources: pd.DataFrame,
                reports: pd.DataFrame) -> pd.DataFrame:
    """Per report: do its per-country counts sum to its total, and do the countries it names match its count?

    A country the report counts zero stations in ("none found in X") is not a country it names.
    """
    world = references[references["scope_key"] == "world"].set_index(["report_id", "metric"])["reference_value"]
    per_country = references[(references["metric"] == "stations") & (references["scope_type"] == "country")
                             & (references["reference_value"] > 0)]
    membership = report_membership(stations, station_sources, reports)
    rows = []
    reports = sorted({r for r, _ in world.index} | set(per_country["report_id"]))
    for report in reports:
        counts = per_country[per_country["report_id"] == report]
        named = set(counts["scope_key"]) | set(membership.loc[membership["report_id"] == report, "iso3"]) - {""}
        rows.append({
            "report_id": report,
            "claimed_stations": world.get((report, "stations"), float("nan")),
            "sum_of_country_counts": counts["reference_value"].sum() if not counts.empty else float("nan"),
            "countries_with_a_count": len(counts),
            "claimed_countries": world.get((report, "countries"), float("nan")),
            "countries_named": len(named),
        })
    table = pd.DataFrame(rows, columns=["report_id", "claimed_stations", "sum_of_country_counts",
                                        "countries_with_a_count", "claimed_countries", "countries_named"])
    table["stations_unaccounted"] = table["claimed_stations"] - table["sum_of_country_counts"]
    table["countries_unnamed"] = table["claimed_countries"] - table["countries_named"]
    return table


COMPARED_METRICS = ("stations", "countries", "cities", "bureaus")


def report_comparison(references: pd.DataFrame, coverage: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per report that gives a total: its own figures beside the stations documented for it.

    A total is world-wide, or, for a police bureau announcing its own stations (the Fuzhou list), that
    bureau's; a bureau's figure in a report with world totals is a breakdown, not a total.
    """
    totals = report_totals(references, reports)
    totals = totals[totals["metric"].isin(COMPARED_METRICS)]
    meta = reports.set_index("report_id")
    covered = coverage.set_index("report_id")
    rows = []
    for report_id, figures in totals.groupby("report_id", sort=False):
        figures = figures.set_index("metric")
        scope = figures["scope_key"].iloc[0]
        row = {"report_id": report_id, "claimant_id": meta.at[report_id, "claimant_id"],
               "published": meta.at[report_id, "published"], "published_latest": meta.at[report_id, "published_latest"],
               "scope": "world" if scope == "world" else scope}
        for metric in COMPARED_METRICS:
            present = metric in figures.index
            row[metric] = figures.at[metric, "reference_value"] if present else float("nan")
            row[f"{metric}_claim_id"] = figures.at[metric, "reference_claim_id"] if present else ""
            row[f"{metric}_source_id"] = figures.at[metric, "reference_source_id"] if present else ""
        located = covered.loc[report_id] if report_id in covered.index else None
        row["documented"] = located["documented"] if located is not None else 0
        row["located_city"] = located["located_city"] if located is not None else 0
        row["located_region_or_country"] = (located["located_region"] + located["located_country"]) \
            if located is not None else 0
        row["not_located"] = located["not_located"] if located is not None else float("nan")
        row["documented_exceeds_claimed"] = bool(located["documented_exceeds_claimed"]) if located is not None else False
        rows.append(row)
    table = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    return table.sort_values(["published_latest", "report_id"]).drop(columns="published_latest").reset_index(drop=True)


COMPARISON_COLUMNS = ["report_id", "claimant_id", "published", "published_latest", "scope",
                      *[f"{m}{suffix}" for m in COMPARED_METRICS for suffix in ("", "_claim_id", "_source_id")],
                      "documented", "located_city", "located_region_or_country", "not_located",
                      "documented_exceeds_claimed"]
