"""The brief's figures: data first (a tidy frame, saved beside the figure), then the drawing."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PatchCollection
import pandas as pd

from . import names, places
from .dates import parse_partial_date
from .compare.discrepancies import DEPARTING_CLASSES
from .compare.responses import OWN_DATE_BASIS
from .status import station_status
from .style import FULL_WIDTH, OKABE_ITO

CITY_LAYER = "located at a city"
COUNTRY_LAYER = "known only to a region or country"

# Each station's status from the events that name it (processed stations.csv, ``status_now``), furthest step first.
STATUS_COLOURS = {"charged or referred": OKABE_ITO["vermillion"], "other offences (referred, charged or not indicted)": OKABE_ITO["yellow"],
                  "ordered closed or closed": OKABE_ITO["blue"], "closed without charges": OKABE_ITO["black"],
                  "nothing found": OKABE_ITO["green"], "investigated": OKABE_ITO["orange"],  # not sky: too near the blue of closures
                  "denied": OKABE_ITO["purple"], "alleged": OKABE_ITO["grey"]}
STATUS_LABELS = {"charged or referred": "charged over the station", "other offences (referred, charged or not indicted)":
                 "a case over other offences", "ordered closed or closed": "ordered closed, or reported closed",
                 "closed without charges": "investigation closed without charges",
                 "nothing found": "no station, or no illegal activity, found so far", "investigated": "investigated",
                 "denied": "denied (by China, the host government or the site), no other action", "alleged": "alleged only"}
SIZE_KEY = (1, 2, 3)  # stations per marker shown in the size key


def station_map_data(stations: pd.DataFrame, responses: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Documented stations per place and status as of ``as_of`` (from the events that had happened by then);
    those known only to a region or country are placed at a point inside the country (the middle of its
    gazetteer cities), never at a city."""
    status = station_status(stations, responses, as_of).set_index("station_id")["status_now"]
    live = stations[stations["duplicate_of"] == ""]
    live = live.assign(status_group=live["station_id"].map(status))
    city = live[live["mapped_precision"] == "city"]
    located = city.groupby(["iso3", "place", "latitude", "longitude", "status_group"], as_index=False).size()
    located["layer"] = CITY_LAYER
    coarse = live[live["mapped_precision"] != "city"].groupby(["iso3", "country", "status_group"], as_index=False).size()
    points = {iso3: places.interior_point(iso3) for iso3 in sorted(set(coarse["iso3"]))}
    coarse = coarse.assign(place=coarse["country"], layer=COUNTRY_LAYER,
                           latitude=coarse["iso3"].map(lambda i: points[i]["latitude"] if points[i] else np.nan),
                           longitude=coarse["iso3"].map(lambda i: points[i]["longitude"] if points[i] else np.nan))
    data = pd.concat([located, coarse.drop(columns="country")], ignore_index=True).rename(columns={"size": "stations"})
    return data[["layer", "iso3", "place", "latitude", "longitude", "status_group", "stations"]].sort_values(
        ["layer", "iso3", "place", "status_group"]).reset_index(drop=True)


def _marker_size(count: pd.Series) -> pd.Series:
    return 14 + 18 * (count - 1)


EUROPE = {"llcrnrlon": -11, "llcrnrlat": 34, "urcrnrlon": 31, "urcrnrlat": 61}  # the densest part, enlarged


LAND, LAKES = "#F2F2F2", "white"


def _draw_base(axis: plt.Axes, projection) -> None:
    """Coastlines, borders, land and lakes, and the map's outline. They lie inside the axes, so layout
    ignores them (measuring a thousand shapes took most of a second). In the SVG they are one embedded
    image at the print resolution, as in print-ready maps: as vector shapes they were a megabyte of SVG
    and took longer to write than everything else in the figure; markers and text stay vector."""
    coasts = projection.drawcoastlines(linewidth=0.3, color=OKABE_ITO["grey"])
    borders = projection.drawcountries(linewidth=0.2, color=OKABE_ITO["grey"])
    land = _fill_land(axis, projection)
    for layer in (coasts, borders, land):
        layer.set_in_layout(False)
        layer.set_rasterized(True)
    outline = projection.drawmapboundary(linewidth=0.4, color=OKABE_ITO["grey"])
    if outline is not axis.patch:  # the world's oval, filled white: beneath the land, which it used to hide
        outline.set_zorder(-1)


def _fill_land(axis: plt.Axes, projection) -> PatchCollection:
    """What Basemap's fillcontinents draws (land, then lakes over it, in the coastline files' order), as one
    collection rather than one patch per polygon: adding each patch re-measured the axes' data limits."""
    from matplotlib.patches import Polygon

    lake = [kind in (2, 4) for kind in projection.coastpolygontypes]  # Basemap's codes for lakes
    polygons = [Polygon(np.column_stack([np.asarray(x, np.float32), np.asarray(y, np.float32)]).astype(float))
                for x, y in projection.coastpolygons]
    colours = [LAKES if is_lake else LAND for is_lake in lake]
    land = PatchCollection(polygons, facecolors=colours, edgecolors=colours, linewidths=0, zorder=0)
    axis.add_collection(land, autolim=False)
    projection.set_axes_limits(ax=axis)
    land, _ = projection._cliplimb(axis, land)  # clipped to the map's outline, as fillcontinents does
    return land


def _draw_stations(axis: plt.Axes, projection, data: pd.DataFrame) -> None:
    for status, colour in reversed(STATUS_COLOURS.items()):  # "alleged" first, the furthest step on top
        for layer, marker in ((CITY_LAYER, "o"), (COUNTRY_LAYER, "s")):
            subset = data[(data["status_group"] == status) & (data["layer"] == layer) & data["latitude"].notna()]
            if subset.empty:
                continue
            x, y = projection(subset["longitude"].to_numpy(), subset["latitude"].to_numpy())
            face = colour if layer == CITY_LAYER else "white"
            axis.scatter(x, y, s=_marker_size(subset["stations"]), marker=marker, facecolors=face, edgecolors=colour,
                         linewidths=1.0, alpha=0.9, zorder=3 if layer == CITY_LAYER else 4)


def draw_station_map(data: pd.DataFrame) -> plt.Figure:
    """The world, and Europe enlarged beside it; the same markers on both, with a legend for every encoding."""
    from mpl_toolkits.basemap import Basemap  # only the map needs it; the other figures skip the import

    figure, (world_axis, europe_axis) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 2.35), width_ratios=(1.75, 1))
    world = Basemap(projection="robin", lon_0=10, resolution="c", ax=world_axis)
    europe = Basemap(projection="merc", resolution="l", ax=europe_axis, **EUROPE)
    for axis, projection, title in ((world_axis, world, "World"), (europe_axis, europe, "Europe, enlarged")):
        _draw_base(axis, projection)
        _draw_stations(axis, projection, data)
        axis.set_title(title, loc="left", fontsize=8)
    present = set(data["status_group"])
    colours = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=STATUS_LABELS[s], markersize=5)
               for s, c in STATUS_COLOURS.items() if s in present]
    shapes = [plt.Line2D([], [], marker="o", linestyle="", color="black", label="station in a city", markersize=5),
              plt.Line2D([], [], marker="s", linestyle="", markerfacecolor="white", markeredgecolor="black",
                         label="known only to a country or region", markersize=5)]
    # The size key: a marker's area grows with the stations it stands for, as _marker_size draws it.
    shapes += [plt.scatter([], [], s=float(_marker_size(pd.Series([n])).iloc[0]), marker="o", facecolors="white",
                           edgecolors="black", linewidths=0.8, label=f"{n} station" + ("s" if n > 1 else ""))
               for n in SIZE_KEY]
    figure.legend(handles=colours, loc="lower center", ncol=3, frameon=False,
                  title="Latest step on record: a government action naming the station or its city, else its pages", title_fontsize=7,
                  bbox_to_anchor=(0.5, 0.075))
    figure.legend(handles=shapes, loc="lower center", ncol=len(shapes), frameon=False, bbox_to_anchor=(0.5, 0.0))
    figure.tight_layout(rect=(0, 0.33, 1, 1))
    return figure


LEAD_METRICS = ("stations", "countries")
LEAD_TITLES = {"stations": "Stations claimed", "countries": "Countries with stations claimed"}
AUTHOR_COLOURS = {"fuzhou-psb": OKABE_ITO["blue"], "safeguard-defenders": OKABE_ITO["vermillion"]}
AUTHORS = {author: (label, AUTHOR_COLOURS[author]) for author, label in names.FOLLOWED_AUTHORS.items()}
KEY_ACTIONS = ("closure ordered", "arrest", "plea")


def lead_chart_data(totals: pd.DataFrame, discrepancies: pd.DataFrame, event_table: pd.DataFrame,
                    story_date: str, as_of: str, revisions: pd.DataFrame | None = None,
                    page_dates: pd.DataFrame | None = None, undated: set[str] = frozenset()) -> pd.DataFrame:
    """The authors' own totals by report date (steps), every other counted world figure by the date it was
    made (marks), and the story's date, the authors' revisions and the first event of each key action
    (vertical markers). A report no page dates (``undated``) is not drawn: a step at its first dated page
    would show a growth on a day it did not happen."""
    followed = totals[totals["metric"].isin(LEAD_METRICS) & totals["claimant_id"].isin(AUTHORS)]
    own = followed[~followed["report_id"].isin(undated)]
    steps = pd.DataFrame({"layer": "author's own figure", "metric": own["metric"], "date": own["report_published"],
                          "value": own["reference_value"], "label": own["claimant_id"],
                          "claim_id": own["reference_claim_id"], "source_id": own["reference_source_id"]})
    # An undated report whose name gives the date it counts as of ("as of late June 2022") is drawn apart, as a
    # hollow mark at that date: the figure is on record, the day it was published is not.
    as_of_named = {r: row.get("counts_as_of", "") for r, row in names.report_names().items()}
    loose = followed[followed["report_id"].isin(undated) & followed["report_id"].map(as_of_named).fillna("").ne("")]
    loose_marks = pd.DataFrame({"layer": "author's figure, publication undated", "metric": loose["metric"],
                                "date": [parse_partial_date(as_of_named[r]).latest.isoformat() for r in loose["report_id"]],
                                "value": loose["reference_value"], "label": loose["claimant_id"],
                                "claim_id": loose["reference_claim_id"], "source_id": loose["reference_source_id"]})
    # A denial ("there are no such stations") disputes the label, not the count: it is not drawn as zero.
    others = discrepancies[discrepancies["metric"].isin(LEAD_METRICS) & (discrepancies["scope_key"] == "world")
                           & discrepancies["quantified"] & ~discrepancies["is_reference"]
                           & (discrepancies["class"] != "denial")]
    # Each at its own page's date; a page that shows no date is not drawn (a claim repeating a report is
    # dated by the report, which would pile the repeats of years on the report's day).
    if page_dates is not None:
        page = others["source_id"].map(dict(zip(page_dates["source_id"], page_dates["published_latest"]))).fillna("")
        others = others.assign(known_by=page)[(page != "") & (page <= as_of)]
    marks = pd.DataFrame({"layer": "other page's figure", "metric": others["metric"], "date": others["known_by"],
                          "value": others["value"].fillna(others["lower"]), "label": others["class"],
                          "claim_id": others["claim_id"], "source_id": others["source_id"]})
    happened = event_table[event_table["action"].isin(KEY_ACTIONS) & (event_table["dated_by"] != "")
                           & (event_table["dated_by"] <= as_of)].sort_values(["dated_by", "event_id"])
    first = happened.drop_duplicates("action")
    own = first["date_basis"] == OWN_DATE_BASIS
    by = np.where(own, "", "by ")  # an action known only to have happened by a page's date
    events = pd.DataFrame({"layer": "event", "metric": "", "date": first["dated_by"], "value": np.nan,
                           "label": first["action"] + " (" + first["country"] + ")", "claim_id": "", "by": by,
                           # the event's own date as precise as its page gives it ("Oct 2022", not the month's last day)
                           "shown": np.where(own, first["event_date"], first["dated_by"]),
                           "source_id": first["source_ids"].str.split(";").str[0]})
    story = pd.DataFrame([{"layer": "event", "metric": "", "date": story_date, "value": np.nan,
                           "label": "the story under review", "claim_id": "", "source_id": "story-under-review"}]) \
        if story_date and story_date <= as_of else pd.DataFrame(columns=events.columns)
    revised = pd.DataFrame(columns=events.columns)
    if revisions is not None:
        shown = revisions[(revisions["published_latest"] != "") & (revisions["published_latest"] <= as_of)]
        revised = pd.DataFrame({"layer": "event", "metric": "", "date": shown["published"], "value": np.nan,
                                "label": [f"{names.report_label(r, shown)['author']} revises, no new total"
                                          for r in shown["report_id"]],
                                "claim_id": "", "source_id": shown["source_id"]})
    data = pd.concat([steps, loose_marks, marks, events, story, revised], ignore_index=True)
    data = data.sort_values(["layer", "metric", "date", "claim_id", "label"]).reset_index(drop=True)
    # Each marker gets a letter in date order (drawn on the chart, explained in the caption) and a date as
    # a reader writes it: close dates cannot crowd the chart with labels.
    is_event = data["layer"] == "event"
    data["key"] = ""
    data.loc[is_event, "key"] = [chr(ord("A") + i) for i in range(int(is_event.sum()))]
    by = data["by"].fillna("") if "by" in data else pd.Series("", index=data.index)
    shown = data["shown"].fillna(data["date"]) if "shown" in data else data["date"]
    data["when"] = [f"{b}{names.display_date(d)}" if e else "" for d, e, b in zip(shown, is_event, by)]
    data = data.drop(columns=["by", "shown"], errors="ignore")
    return data


def draw_lead_chart(data: pd.DataFrame, as_of: str) -> plt.Figure:
    figure, axes = plt.subplots(1, len(LEAD_METRICS), figsize=(FULL_WIDTH, 1.95), sharex=True)
    end = pd.Timestamp(as_of)
    start = pd.Timestamp("2021-10-01")
    events = data[data["layer"] == "event"]
    for axis, metric in zip(axes, LEAD_METRICS):
        marks = data[(data["layer"] == "other page's figure") & (data["metric"] == metric)]
        agrees = marks["label"] == "agrees"
        departs = marks["label"].isin(DEPARTING_CLASSES)
        axis.scatter(pd.to_datetime(marks.loc[agrees, "date"]), marks.loc[agrees, "value"], s=7, color=OKABE_ITO["grey"],
                     alpha=0.5, linewidths=0, label="another page, agreeing with the report it cites", zorder=2)
        axis.scatter(pd.to_datetime(marks.loc[departs, "date"]), marks.loc[departs, "value"], s=9, marker="x",
                     color=OKABE_ITO["black"], alpha=0.55, linewidths=0.6, label="another page, departing (Table 4)", zorder=2)
        for author, (label, colour) in AUTHORS.items():
            own = data[(data["layer"] == "author's own figure") & (data["metric"] == metric)
                       & (data["label"] == author)].sort_values("date")
            if own.empty:
                continue
            dates = list(pd.to_datetime(own["date"])) + [end]
            values = list(own["value"]) + [own["value"].iloc[-1]]
            axis.step(dates[:-1], values[:-1], where="post", color=colour, linewidth=1.6, label=label, zorder=3)
            # After the author's last report the line goes on dashed: the last figure published, not a count of today.
            axis.plot(dates[-2:], values[-2:], color=colour, linewidth=1.0, linestyle=(0, (3, 2)), zorder=3)
            axis.scatter(dates[:-1], values[:-1], s=14, color=colour, zorder=4)
            for date, value, following in zip(dates[:-1], values[:-1], dates[1:-1] + [None]):
                # Beside the point, on the side away from the author's next step when that comes within months:
                # otherwise the step's vertical line runs through the figure.
                soon = following is not None and following - date < pd.Timedelta(days=120)
                axis.annotate(f"{value:,.0f}", (date, value), xytext=(-3 if soon else 2, 3), textcoords="offset points",
                              ha="right" if soon else "left", fontsize=7, color=colour)
            loose = data[(data["layer"] == "author's figure, publication undated") & (data["metric"] == metric)
                         & (data["label"] == author)]
            for date, value in zip(pd.to_datetime(loose["date"]), loose["value"]):
                axis.scatter([date], [value], s=16, facecolors="white", edgecolors=colour, linewidths=1.0, zorder=4,
                             label="a tally known second-hand, at the date it counts as of")
                # below the mark: above and beside it sit the authors' own labels
                axis.annotate(f"{value:,.0f}?", (date, value), xytext=(0, -4), textcoords="offset points", ha="center",
                              va="top", fontsize=7, color=colour,
                              bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.2})
        values = data.loc[data["metric"] == metric, "value"].dropna()
        top = max(values.max() * 1.45, 10) if not values.empty else 10  # room above the data for the event letters
        for step, row in enumerate(events.itertuples()):
            when = pd.Timestamp(row.date)
            axis.axvline(when, color=OKABE_ITO["black"], linewidth=0.5, linestyle=":", zorder=1)
            # The letter alternates between two heights, so that markers days apart stay readable; its white
            # patch is kept tight, so that it hides the dotted line behind it but never a neighbouring letter.
            axis.annotate(row.key, (when, top * (0.99 if step % 2 == 0 else 0.91)), fontsize=6.5, va="top",
                          ha="center", fontweight="bold",
                          bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4})
        axis.set_ylim(0, top)
        axis.set_xlim(start, end)
        axis.set_title(LEAD_TITLES[metric], loc="left")
        axis.grid(axis="y", linewidth=0.3, color="#DDDDDD")
        axis.tick_params(axis="x", rotation=30)
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=2, frameon=False)
    figure.tight_layout(rect=(0, 0.2, 1, 1))
    return figure
