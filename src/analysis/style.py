"""One plotting style for every figure, and one way to save a figure deterministically.

Okabe–Ito colours (safe for the common forms of colour blindness), DejaVu Sans (shipped with
matplotlib, so every machine draws the same glyphs), sizes readable when printed at column width.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from . import config
from .processed import write_csv_atomic

OKABE_ITO = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999", "black": "#000000",
}
FULL_WIDTH = 6.8  # inches: an A4 text column with 2 cm margins

RC = {
    "font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9, "axes.labelsize": 8,
    "xtick.labelsize": 7, "ytick.labelsize": 7, "legend.fontsize": 7, "axes.spines.top": False,
    "axes.spines.right": False, "figure.dpi": 100, "savefig.dpi": 300, "svg.hashsalt": "overseas-stations",
    "svg.fonttype": "path", "path.simplify": True,
}


def apply() -> None:
    matplotlib.rcParams.update(RC)


def save_figure(figure: plt.Figure, stem: str, data: pd.DataFrame, folder: Path) -> list[Path]:
    """``stem.svg``, ``stem.png`` (300 dpi) and ``stem.csv`` (the data shown), with no date or version.

    The figure is closed afterwards, so a notebook draws it once more only if it shows it on purpose
    (pyplot would otherwise draw every open figure again at the end of the cell)."""
    folder.mkdir(parents=True, exist_ok=True)
    svg, png, csv = (folder / f"{stem}.{suffix}" for suffix in config.FIGURE_SUFFIXES)
    figure.savefig(svg, metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    figure.savefig(png, metadata={"Software": None}, bbox_inches="tight")
    plt.close(figure)
    write_csv_atomic(data, csv)
    return [svg, png, csv]
