"""The brief's figures: data first (a tidy frame, saved beside the figure), then the drawing."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import places
from .style import BUREAU_COLOURS, CLAIMANT_COLOURS, FULL_WIDTH, OKABE_ITO

CITY_LAYER = "located at a city"
COARSE_LAYER = "country or region only (marker at the capital)"
COUNT_LAYER = "a report's count only, no station documented"


def _at_capital(frame: pd.DataFrame) -> pd.DataFrame:
    capitals = {iso3: places.capital(iso3) for iso3 in sorted(set(frame["iso3"]))}
    frame = frame.copy()
    frame["place"] = frame["iso3"].map(lambda i: capitals[i]["name"] if capitals[i] else "")
    frame["latitude"] = frame["iso3"].map(lambda i: capitals[i]["latitude"] if capitals[i] else np.nan)
    frame["longitude"] = frame["iso3"].map(lambda i: capitals[i]["longitude"] if capitals[i] else np.nan)
    return frame


def station_map_data(stations: pd.DataFrame, by_country: pd.DataFrame | None = None) -> pd.DataFrame:
    """Documented stations per mapped place and bureau (those without a city at the capital), and the
    countries where a report counts stations but no station is documented (at the capital, largest count)."""
    live = stations[stations["duplicate_of"] == ""]
    city = live[live["mapped_precision"] == "city"]
    located = city.groupby(["iso3", "place", "latitude", "longitude", "bureau"], as_index=False).size()
    located["layer"] = CITY_LAYER
    coarse = _at_capital(live[live["mapped_precision"] != "city"].groupby(["iso3", "bureau"], as_index=False).size())
    coarse["layer"] = COARSE_LAYER
    layers = [located, coarse]
    if by_country is not None:
        counted = by_country[by_country["claimed"] > 0].groupby("iso3", as_index=False)["claimed"].max()
        counted = counted[~counted["iso3"].isin(set(live["iso3"]))].rename(columns={"claimed": "size"})
        layers.append(_at_capital(counted).assign(bureau="unknown", layer=COUNT_LAYER))
    data = pd.concat(layers, ignore_index=True).rename(columns={"size": "stations"})
    return data[["layer", "iso3", "place", "latitude", "longitude", "bureau", "stations"]].sort_values(
        ["layer", "iso3", "place", "bureau"]).reset_index(drop=True)


def _marker_size(count: pd.Series) -> pd.Series:
    return 18 + 22 * (count - 1)


EUROPE = {"llcrnrlon": -11, "llcrnrlat": 34, "urcrnrlon": 31, "urcrnrlat": 61}  # the densest part, enlarged


def _draw_base(projection) -> None:
    projection.drawcoastlines(linewidth=0.3, color=OKABE_ITO["grey"])
    projection.drawcountries(linewidth=0.2, color=OKABE_ITO["grey"])
    projection.fillcontinents(color="#F2F2F2", lake_color="white", zorder=0)
    projection.drawmapboundary(linewidth=0.4, color=OKABE_ITO["grey"])


def _draw_stations(axis: plt.Axes, projection, data: pd.DataFrame) -> None:
    for bureau, colour in BUREAU_COLOURS.items():
        for layer, face in ((CITY_LAYER, colour), (COARSE_LAYER, "none")):
            subset = data[(data["bureau"] == bureau) & (data["layer"] == layer) & data["latitude"].notna()]
            if subset.empty:
                continue
            x, y = projection(subset["longitude"].to_numpy(), subset["latitude"].to_numpy())
            axis.scatter(x, y, s=_marker_size(subset["stations"]), facecolors=face, edgecolors=colour,
                         linewidths=0.9, alpha=0.85, zorder=3)
    counted = data[(data["layer"] == COUNT_LAYER) & data["latitude"].notna()]
    if not counted.empty:
        x, y = projection(counted["longitude"].to_numpy(), counted["latitude"].to_numpy())
        axis.scatter(x, y, s=_marker_size(counted["stations"]), marker="x", color=OKABE_ITO["black"],
                     linewidths=0.9, zorder=3)


def draw_station_map(data: pd.DataFrame) -> plt.Figure:
    """The world, and Europe enlarged beside it; the same markers on both."""
    from mpl_toolkits.basemap import Basemap

    figure, (world_axis, europe_axis) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.3), width_ratios=(1.75, 1))
    world = Basemap(projection="robin", lon_0=10, resolution="c", ax=world_axis)
    europe = Basemap(projection="merc", resolution="l", ax=europe_axis, **EUROPE)
    for axis, projection, title in ((world_axis, world, "World"), (europe_axis, europe, "Europe")):
        _draw_base(projection)
        _draw_stations(axis, projection, data)
        axis.set_title(title, loc="left", fontsize=8)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=b, markersize=5)
               for b, c in BUREAU_COLOURS.items() if b in set(data["bureau"])]
    handles.append(plt.Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                              markeredgecolor=OKABE_ITO["black"], label=COARSE_LAYER, markersize=5))
    if (data["layer"] == COUNT_LAYER).any():
        handles.append(plt.Line2D([], [], marker="x", linestyle="", color=OKABE_ITO["black"], label=COUNT_LAYER,
                                  markersize=5))
    figure.legend(handles=handles, loc="lower center", ncol=3, frameon=False, title="Operating bureau",
                  title_fontsize=7, bbox_to_anchor=(0.5, 0.0))
    figure.tight_layout(rect=(0, 0.2, 1, 1))
    return figure


def timeline_data(selected: pd.DataFrame, metrics: tuple[str, ...] = ("stations", "countries")) -> pd.DataFrame:
    """World-level quantified claims by date and claimant, for the headline metrics."""
    frame = selected[selected["metric"].isin(metrics) & (selected["scope_key"] == "world") & selected["quantified"]]
    frame = frame.assign(date=frame["known_by"].str.slice(0, 10), shown_value=frame["value"].fillna(frame["lower"]))
    columns = ["metric", "date", "claimant_id", "report_id", "claim_id", "source_id", "value_text", "shown_value"]
    return frame[columns].sort_values(["metric", "date", "claim_id"]).reset_index(drop=True)


def _top_claimants(data: pd.DataFrame, limit: int = 5) -> list[str]:
    counts = data.groupby("claimant_id").size().sort_values(ascending=False, kind="stable")
    return sorted(counts.index[:limit])


def draw_timeline(data: pd.DataFrame) -> plt.Figure:
    metrics = sorted(set(data["metric"]), key=["stations", "countries"].index)
    figure, axes = plt.subplots(1, len(metrics), figsize=(FULL_WIDTH, 2.9), squeeze=False)
    top = _top_claimants(data)
    colour = {c: CLAIMANT_COLOURS[i] for i, c in enumerate(top)}
    for axis, metric in zip(axes[0], metrics):
        subset = data[data["metric"] == metric]
        dates = pd.to_datetime(subset["date"], format="mixed")
        for claimant in [*top, "other"]:
            mask = subset["claimant_id"].isin(top) if claimant == "other" else subset["claimant_id"] == claimant
            mask = ~mask if claimant == "other" else mask
            axis.scatter(dates[mask], subset.loc[mask, "shown_value"], s=14,
                         color=colour.get(claimant, OKABE_ITO["grey"]), label=claimant, alpha=0.85, zorder=3)
        axis.set_title(f"Claimed number of {metric}", loc="left")
        axis.set_ylim(bottom=0)
        axis.grid(axis="y", linewidth=0.3, color="#DDDDDD")
        axis.tick_params(axis="x", rotation=30)
    handles, labels = axes[0][0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False, title="Claimant",
                  title_fontsize=7)
    figure.tight_layout(rect=(0, 0.13, 1, 1))
    return figure


MAIN_REPORTS = {"fuzhou-2022-01": "Fuzhou police, Jan 2022", "sd-2022-09": "Safeguard Defenders, Sep 2022",
                "sd-2022-12": "Safeguard Defenders, Dec 2022"}
LATER_REPORTS = "later reports and findings"
REPORT_COLOURS = {MAIN_REPORTS["fuzhou-2022-01"]: OKABE_ITO["blue"], MAIN_REPORTS["sd-2022-09"]: OKABE_ITO["orange"],
                  MAIN_REPORTS["sd-2022-12"]: OKABE_ITO["vermillion"], LATER_REPORTS: OKABE_ITO["grey"]}


def country_counts_data(table: pd.DataFrame, countries: pd.DataFrame, limit: int = 24) -> pd.DataFrame:
    """Stations per country by report: the report's claimed count, or the stations documented for it."""
    frame = table.copy()
    frame["source"] = frame["report_id"].map(MAIN_REPORTS).fillna(LATER_REPORTS)
    frame["shown"] = frame["claimed"].fillna(frame["documented"])
    frame["kind"] = np.where(frame["claimed"].notna(), "claimed", "documented only")
    names = countries.drop_duplicates("iso3").set_index("iso3")["country"]
    frame["country"] = frame["iso3"].map(names).fillna(frame["iso3"])
    top = frame.groupby("iso3")["shown"].max().sort_values(ascending=False, kind="stable").index[:limit]
    frame = frame[frame["iso3"].isin(top)]
    columns = ["iso3", "country", "report_id", "source", "claimed", "documented", "shown", "kind", "reference_claim_id"]
    return frame[columns].sort_values(["iso3", "report_id"]).reset_index(drop=True)


def draw_country_counts(data: pd.DataFrame) -> plt.Figure:
    order = data.groupby("country")["shown"].max().sort_values(kind="stable").index
    position = {c: i for i, c in enumerate(order)}
    figure, axis = plt.subplots(figsize=(FULL_WIDTH, 0.2 * len(order) + 1.2))
    offsets = {s: o for s, o in zip(REPORT_COLOURS, (-0.27, -0.09, 0.09, 0.27))}
    for source, colour in REPORT_COLOURS.items():
        for kind, face in (("claimed", colour), ("documented only", "none")):
            subset = data[(data["source"] == source) & (data["kind"] == kind)]
            if subset.empty:
                continue
            y = subset["country"].map(position) + offsets[source]
            axis.scatter(subset["shown"], y, s=22, facecolors=face, edgecolors=colour, linewidths=1, zorder=3)
    axis.set_yticks(range(len(order)), order)
    axis.set_xlabel("Stations")
    axis.set_xlim(left=0)
    axis.grid(axis="x", linewidth=0.3, color="#DDDDDD")
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=s, markersize=5) for s, c in REPORT_COLOURS.items()]
    handles.append(plt.Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor="black",
                              label="documented one by one (no claimed count)", markersize=5))
    axis.legend(handles=handles, loc="lower right", frameon=False)
    figure.tight_layout()
    return figure


SPREAD_METRICS = ("stations", "countries", "persuaded_returns", "countries_investigating")
SPREAD_TITLES = {"stations": "Stations", "countries": "Countries with stations",
                 "persuaded_returns": "People 'persuaded to return'", "countries_investigating": "Countries investigating"}


def spread_data(discrepancies: pd.DataFrame, headlines: pd.DataFrame) -> pd.DataFrame:
    """Every quantified world-level claim of the headline metrics, with the run's headline figure."""
    frame = discrepancies[discrepancies["metric"].isin(SPREAD_METRICS) & (discrepancies["scope_key"] == "world")
                          & discrepancies["quantified"]]
    frame = frame.assign(figure=frame["value"].fillna(frame["lower"]))
    world = headlines[headlines["scope_key"] == "world"].set_index("metric")
    frame["headline"] = frame["metric"].map(world["reference_value"])
    frame["headline_claim_id"] = frame["metric"].map(world["reference_claim_id"])
    columns = ["metric", "claim_id", "source_id", "value_text", "figure", "class", "headline", "headline_claim_id"]
    return frame[columns].sort_values(["metric", "figure", "claim_id"]).reset_index(drop=True)


def draw_spread(data: pd.DataFrame) -> plt.Figure:
    metrics = [m for m in SPREAD_METRICS if m in set(data["metric"])]
    figure, axes = plt.subplots(len(metrics), 1, figsize=(FULL_WIDTH, 0.85 * len(metrics) + 0.4), squeeze=False)
    for axis, metric in zip(axes[:, 0], metrics):
        subset = data[data["metric"] == metric].reset_index(drop=True)
        agrees = subset["class"] == "agrees"
        jitter = ((subset.index.to_numpy() * 0.618) % 1 - 0.5) * 0.6  # deterministic spread, no randomness
        axis.scatter(subset.loc[agrees, "figure"], jitter[agrees], s=10, color=OKABE_ITO["blue"], alpha=0.6,
                     label="agrees with its report's figure")
        axis.scatter(subset.loc[~agrees, "figure"], jitter[~agrees], s=10, color=OKABE_ITO["vermillion"], alpha=0.8,
                     label="departs from it")
        headline = subset["headline"].dropna()
        if not headline.empty:
            axis.axvline(headline.iloc[0], color=OKABE_ITO["black"], linewidth=1)
            axis.annotate(f"headline {headline.iloc[0]:,.0f}", (headline.iloc[0], 0.5), xytext=(3, 0),
                          textcoords="offset points", fontsize=7, va="center")
        axis.set_yticks([])
        axis.set_ylim(-0.6, 0.7)
        axis.spines["left"].set_visible(False)
        axis.set_title(SPREAD_TITLES[metric], loc="left", fontsize=8)
        axis.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    handles, labels = axes[0, 0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=2, frameon=False, bbox_to_anchor=(0.5, 0.0))
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    return figure
