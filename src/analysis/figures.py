"""The brief's figures: data first (a tidy frame, saved beside the figure), then the drawing."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import places
from .style import BUREAU_COLOURS, CLAIMANT_COLOURS, FULL_WIDTH, OKABE_ITO

CITY_LAYER = "located at a city"
COARSE_LAYER = "country or region only (marker at the capital)"


def station_map_data(stations: pd.DataFrame) -> pd.DataFrame:
    """Documented stations per mapped place and bureau; stations without a city placed at the capital."""
    live = stations[stations["duplicate_of"] == ""]
    city = live[live["mapped_precision"] == "city"]
    located = city.groupby(["iso3", "place", "latitude", "longitude", "bureau"], as_index=False).size()
    located["layer"] = CITY_LAYER
    coarse = live[live["mapped_precision"] != "city"].groupby(["iso3", "bureau"], as_index=False).size()
    capitals = {iso3: places.capital(iso3) for iso3 in sorted(set(coarse["iso3"]))}
    coarse["place"] = coarse["iso3"].map(lambda i: capitals[i]["name"] if capitals[i] else "")
    coarse["latitude"] = coarse["iso3"].map(lambda i: capitals[i]["latitude"] if capitals[i] else np.nan)
    coarse["longitude"] = coarse["iso3"].map(lambda i: capitals[i]["longitude"] if capitals[i] else np.nan)
    coarse["layer"] = COARSE_LAYER
    data = pd.concat([located, coarse], ignore_index=True).rename(columns={"size": "stations"})
    return data[["layer", "iso3", "place", "latitude", "longitude", "bureau", "stations"]].sort_values(
        ["layer", "iso3", "place", "bureau"]).reset_index(drop=True)


def _marker_size(count: pd.Series) -> pd.Series:
    return 18 + 22 * (count - 1)


def draw_station_map(data: pd.DataFrame) -> plt.Figure:
    from mpl_toolkits.basemap import Basemap

    figure, axis = plt.subplots(figsize=(FULL_WIDTH, 3.6))
    world = Basemap(projection="robin", lon_0=10, resolution="c", ax=axis)
    world.drawcoastlines(linewidth=0.3, color=OKABE_ITO["grey"])
    world.drawcountries(linewidth=0.2, color=OKABE_ITO["grey"])
    world.fillcontinents(color="#F2F2F2", lake_color="white", zorder=0)
    world.drawmapboundary(linewidth=0.4, color=OKABE_ITO["grey"])
    for bureau, colour in BUREAU_COLOURS.items():
        for layer, face in ((CITY_LAYER, colour), (COARSE_LAYER, "none")):
            subset = data[(data["bureau"] == bureau) & (data["layer"] == layer) & data["latitude"].notna()]
            if subset.empty:
                continue
            x, y = world(subset["longitude"].to_numpy(), subset["latitude"].to_numpy())
            axis.scatter(x, y, s=_marker_size(subset["stations"]), facecolors=face, edgecolors=colour,
                         linewidths=0.9, alpha=0.85, zorder=3)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=b, markersize=5)
               for b, c in BUREAU_COLOURS.items() if b in set(data["bureau"])]
    handles.append(plt.Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                              markeredgecolor=OKABE_ITO["black"], label=COARSE_LAYER, markersize=5))
    axis.legend(handles=handles, loc="lower left", frameon=False, title="Operating bureau", title_fontsize=7)
    figure.tight_layout()
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
    figure, axes = plt.subplots(1, len(metrics), figsize=(FULL_WIDTH, 2.6), squeeze=False)
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
    axes[0][-1].legend(loc="lower right", frameon=False, title="Claimant", title_fontsize=7)
    figure.tight_layout()
    return figure
