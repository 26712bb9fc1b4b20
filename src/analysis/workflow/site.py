"""The web edition: ``reports/site/``, a static site built from a build's outputs.

* ``index.html``: the brief, from the same Typst template as the PDF (exported to HTML with the template's
  ``target`` input set to ``html``); each figure links to its evidence and each source's number to its entry.
* ``evidence.html``: every figure of numbers.json with the claims and pages behind it, and every cited page.
* ``ledger.html``: the claims, stations and events, searchable, filterable and sortable in the browser
  (``ledger.js`` over ``ledger-data.js``), with the downloads.
* ``notebooks/``: the executed notebooks as pages.

Everything a page loads ships in the folder, so it works from disk and from any static server; the same
outputs give the same bytes. Nothing here computes a figure: it lays out numbers.json and the processed tables.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import tempfile
from importlib import resources
from pathlib import Path

import pandas as pd

from .. import brief, config, names
from . import pipeline

SITE_FOLDER = "site"  # under reports/
ASSETS = ("style.css", "ledger.js")  # src/analysis/templates/site/
CLAIM_COLUMNS = ("claim_id", "source_id", "claimant", "report_id", "dated_by", "metric", "scope_type", "scope",
                 "value_text", "qualifier", "locator", "class", "reason", "country", "language")
PAGE_SIZE = 50  # rows the explorer shows before "show more"
FIGURE_FILES = {"fig1-lead-chart": "lead", "fig2-station-map": "map"}
DOWNLOADS = ("data/raw/datapackage.json", "data/processed/datapackage.json", "reports/brief.pdf",
             "reports/numbers.json")
NAV = (("index.html", "The brief"), ("evidence.html", "Evidence"), ("ledger.html", "Ledger"),
       ("notebooks/index.html", "Notebooks"))


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


# ---------------------------------------------------------------------------------------------------------
# Reading the build's outputs


def read_table(root: Path, name: str) -> pd.DataFrame:
    """A processed table as text, every cell a string (the site shows values as written)."""
    return pd.read_csv(config.Outputs(root).processed_file(f"{name}.csv"), dtype=str, keep_default_na=False)


def load_inputs(root: Path) -> tuple[dict, dict[str, pd.DataFrame]]:
    outputs = config.Outputs(root)
    numbers = json.loads(outputs.numbers.read_text(encoding="utf-8"))
    tables = {name: read_table(root, name) for name in ("claims", "sources", "reports", "discrepancies", "stations",
                                                        "station_sources", "events", "responses")}
    return numbers, tables


# ---------------------------------------------------------------------------------------------------------
# Words the site adds: figure labels and text alternatives, all from numbers.json and the figures' data


# Where in the brief each part of numbers.json is printed, in a reader's words.
SECTION_WORDS = {"authors": "the authors' own totals", "reports": "Table 1, the counts report by report",
                 "documented": "stations located by the pages", "events": "Table 2, what governments did",
                 "story": "the story's claims", "departures": "Table 4, how the competing figures depart",
                 "ledger": "the ledger", "governments": "governments investigating"}
SKIPPED_KEYS = ("figures",)


def figure_label(numbers: dict, path: tuple) -> str:
    """A figure's place in the brief, in words: its section, then the row it belongs to, then what it counts
    (``Table 1, the counts report by report › Safeguard Defenders, Patrol and Persuade › stations``)."""
    from .diff import _label

    words, node = [], numbers
    for step in path:
        node = node[step]
        if isinstance(step, int):
            words.append(_label(node, step) if isinstance(node, dict) else str(step))
        elif not words:
            words.append(SECTION_WORDS.get(step, step.replace("_", " ")))
        elif step not in SKIPPED_KEYS:
            words.append(step.replace("_", " "))
    return " › ".join(dict.fromkeys(words))


def figure_labels(numbers: dict) -> dict[str, str]:
    """Each figure id → its place in the brief, in words."""
    labels = {f["id"]: figure_label(numbers, path) for path, f in brief.figure_paths(numbers)}
    repeated = {label for label in labels.values() if list(labels.values()).count(label) > 1}
    return {key: f"{label} (row {key.split('-')[2]})" if label in repeated and key.split("-")[2].isdigit() else label
            for key, label in labels.items()}


def lead_chart_text(numbers: dict, chart: pd.DataFrame) -> str:
    """What the lead chart shows, in words: each author's own totals in order, and how many other pages' figures."""
    steps = "; ".join(
        f"{a['name']}: " + ", then ".join(f"{f['stations'].get('hedge', '')}{f['stations']['display']} stations "
                                          f"({f['report']['date']})" for f in a["figures"])
        for a in numbers["authors"])
    others = chart[chart["layer"] == "other page's figure"]
    events = chart[chart["layer"] == "event"]
    return (f"Chart of the count of stations over time. The authors' own totals as steps: {steps}. "
            f"{len(others)} figures from other pages drawn at their page's date around them"
            + (f"; {len(events)} dated events marked on the time axis." if len(events) else "."))


def map_text(numbers: dict, points: pd.DataFrame, stations: pd.DataFrame) -> str:
    """What the map shows, in words: how many stations, by latest step, and the countries with the most."""
    counts = points.assign(stations=pd.to_numeric(points["stations"])).groupby("status_group")["stations"].sum()
    steps = ", ".join(f"{int(n)} {group}" for group, n in counts.sort_values(ascending=False).items())
    drawn = stations[stations["duplicate_of"] == ""]
    by_country = drawn["country"].value_counts().head(5)
    top = ", ".join(f"{country} {n}" for country, n in by_country.items())
    total = numbers["documented"]["drawn"]["display"] if numbers.get("documented") else str(int(counts.sum()))
    return (f"World map of the {total} stations that the stored pages locate, coloured by the latest step on "
            f"record: {steps}. Most are in {top}. The table of stations below lists every one.")


def figure_texts(root: Path, numbers: dict, stations: pd.DataFrame) -> dict[str, str]:
    figures = config.Outputs(root).figures
    chart = pd.read_csv(figures / "fig1-lead-chart.csv", dtype=str, keep_default_na=False)
    points = pd.read_csv(figures / "fig2-station-map.csv", dtype=str, keep_default_na=False)
    return {"fig1-lead-chart": lead_chart_text(numbers, chart), "fig2-station-map": map_text(numbers, points, stations)}


# ---------------------------------------------------------------------------------------------------------
# The page frame


def page(title: str, body: str, *, here: str, depth: int = 0, footer: str = "", scripts: tuple[str, ...] = (),
         wide: bool = False) -> str:
    """A whole page: language, title, the shared stylesheet, the site's navigation, a main landmark, a footer."""
    up = "../" * depth
    current, wide_class = ' aria-current="page"', ' class="wide"'
    links = "".join(f'<li><a href="{up}{href}"{current if href == here else ""}>{esc(label)}</a></li>'
                    for href, label in NAV)
    tags = "".join(f'<script src="{up}{src}"></script>' for src in scripts)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(title)}</title>\n'
            f'<link rel="icon" href="data:,">\n<link rel="stylesheet" href="{up}style.css">\n</head>\n<body>\n'
            f'<a class="skip" href="#main">Skip to the content</a>\n'
            f'<header><nav aria-label="Site"><ul>{links}</ul></nav></header>\n'
            f'<main id="main"{wide_class if wide else ""}>\n{body}\n</main>\n<footer>{footer}</footer>\n{tags}</body>\n</html>\n')


def footer(numbers: dict, depth: int = 0) -> str:
    up = "../" * depth
    run = numbers["run"]
    return (f'<p>Overseas police service stations · data as of {esc(run["as_of_display"])} · built from inputs '
            f'<code>{esc(numbers["provenance"]["short"])}</code> (recompute with '
            f'<code>python -m analysis provenance</code>) · <a href="{up}brief.pdf">the brief as a PDF</a> · '
            f'data CC BY 4.0, code MIT</p>')


# ---------------------------------------------------------------------------------------------------------
# index.html: the brief


def compile_brief_html(root: Path) -> str:
    """The Typst template exported to HTML against the run's numbers.json and figures."""
    import typst

    template = resources.files("analysis.templates").joinpath(brief.BRIEF_TEMPLATE).read_bytes()
    return typst.compile(template, root=str(root), format="html", ignore_system_fonts=True,
                         font_paths=brief.font_paths(), sys_inputs={"target": "html"}).decode("utf-8")


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def brief_body(exported: str, figure_files: dict[str, bytes], texts: dict[str, str], notebooks: list[tuple[str, str]]) -> str:
    """The exported brief's body, made a page of the site: the title as its heading, each figure's image as its
    file with a text alternative, and the notebooks listed after the method section."""
    title = html.unescape(re.search(r"<title>(.*?)</title>", exported, re.S).group(1))
    body = re.search(r"<body>(.*)</body>", exported, re.S).group(1)
    first = re.match(r"\s*<p>(.*?)</p>", body, re.S)
    if not first or html.unescape(first.group(1)).translate(_QUOTES) != title.translate(_QUOTES):
        raise ValueError("the exported brief does not open with its title")
    body = f"<h1>{first.group(1)}</h1>" + body[first.end():]

    def image(match: re.Match) -> str:
        data = base64.b64decode(match.group(1))
        stem = next((s for s, content in figure_files.items() if content == data), None)
        if stem is None:
            raise ValueError("the exported brief shows an image that is not one of reports/figures/*.svg")
        return f'<img src="figures/{stem}.svg" alt="{esc(texts[stem])}">'

    body = re.sub(r'<img src="data:image/svg\+xml;base64,([^"]+)"[^>]*>', image, body)
    # A table wider than a phone scrolls inside its own region, which the keyboard can reach, not the whole page.
    tables = iter(range(1, body.count("<table>") + 1))
    body = re.sub(r"<table>", lambda m: f'<div class="scroll" tabindex="0" role="region" aria-label="Table '
                  f'{next(tables)}"><table>', body).replace("</table>", "</table></div>")
    method = re.search(r"<h2>Method[^<]*</h2>\s*<p>.*?</p>", body, re.S)
    if not method:
        raise ValueError("the exported brief has no method section to list the notebooks after")
    listed = ", ".join(f'<a href="notebooks/{stem}.html">{esc(stem)}</a>' for stem, _ in notebooks)
    note = (f"<p>The notebooks that compute every figure, executed, with their inputs and outputs: {listed}. "
            f'Every figure above links to the claims and pages behind it (<a href="evidence.html">evidence</a>); '
            f'the whole ledger is in the <a href="ledger.html">ledger explorer</a>.</p>')
    return body[:method.end()] + note + body[method.end():]


# ---------------------------------------------------------------------------------------------------------
# evidence.html


def claim_rows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every claim with its class and reason from the comparison, the country it is about and its page's language."""
    claims, sources, discrepancies = tables["claims"], tables["sources"], tables["discrepancies"]
    compared = discrepancies.drop_duplicates("claim_id").set_index("claim_id")
    language = dict(zip(sources["source_id"], sources["language"]))
    country = claims["scope"].where(claims["scope_type"] == "country", "")
    return claims.assign(**{"class": claims["claim_id"].map(compared["class"]).fillna("not compared"),
                            "reason": claims["claim_id"].map(compared["reason"]).fillna(""),
                            "country": country, "language": claims["source_id"].map(language).fillna("")})


def source_cell(source_id: str, meta: pd.DataFrame, numbers: dict[str, int], prefix: str = "") -> str:
    """A page as the evidence shows it: publisher, title in its language, date and link."""
    if source_id not in meta.index:
        return esc(source_id)
    row = meta.loc[source_id]
    title = brief.printable_title(row["title"], row["url"])
    lang = brief.title_language(row["title"], row["language"])
    publisher = names.page_credit(row["publisher"], row["original_publisher"], row["translation"] == "True")
    number = numbers.get(source_id)
    cited = f'<a href="{prefix}evidence.html#source-{number}">[{number}]</a> ' if number else ""
    return (f'{cited}{esc(publisher)}, <cite lang="{esc(lang)}">{esc(title)}</cite> '
            f'({esc(names.display_date(row["published"]))}) <a href="{esc(row["link"])}">{esc(row["url"])}</a>')


def evidence_page(numbers: dict, tables: dict[str, pd.DataFrame]) -> str:
    claims = claim_rows(tables).set_index("claim_id")
    meta = tables["sources"].set_index("source_id")
    cited = numbers["citations"]["numbers"]
    labels = figure_labels(numbers)
    parts = ['<h1>The evidence behind every figure</h1>',
             '<p>Each figure of the brief, with the claims it rests on (who made them, the value as written, the '
             'scope, the date that counts, and how the comparison classed it) and the pages they stand on (where on '
             'the page, publisher, date, address). A figure that totals rows of a table names the table and the rule. '
             'The numbered pages the brief cites follow, <a href="#sources">in the brief\'s order</a>.</p>']
    for path, figure in brief.figure_paths(numbers):
        parts.append(figure_section(figure, labels[figure["id"]], claims, meta, cited))
    parts.append('<h2 id="sources">The pages the brief cites</h2>')
    uses: dict[str, list[str]] = {}
    for path, figure in brief.figure_paths(numbers):
        for source_id in figure["source_ids"]:
            uses.setdefault(source_id, []).append(figure["id"])
    for entry in numbers["citations"]["list"]:
        source_id = next(s for s, n in cited.items() if n == entry["number"])
        on_page = claims[claims["source_id"] == source_id]
        figs = "".join(f'<li><a href="#{f}">{esc(numbers_display(numbers, f))}: {esc(labels[f])}</a></li>'
                       for f in uses.get(source_id, []))
        parts.append(
            f'<section id="source-{entry["number"]}">'
            f'<h3 id="source-{entry["number"]}-h">[{entry["number"]}] {esc(entry["credit"])}</h3>'
            f'<p>{source_cell(source_id, meta, cited)}</p>'
            f'<p>{len(on_page)} claims of the ledger stand on this page '
            f'(<a href="ledger.html?q={esc(source_id)}">in the ledger</a>).</p>'
            + (f"<p>Figures citing it:</p><ul>{figs}</ul>" if figs else "") + "</section>")
    return "\n".join(parts)


def numbers_display(numbers: dict, figure_id: str) -> str:
    return next(f["display"] for _, f in brief.figure_paths(numbers) if f["id"] == figure_id)


def figure_section(figure: dict, label: str, claims: pd.DataFrame, meta: pd.DataFrame, cited: dict[str, int]) -> str:
    hedge = figure.get("hedge", "")
    out = [f'<section id="{figure["id"]}">',
           f'<h2 id="{figure["id"]}-h">{esc(hedge)}{esc(figure["display"])} <span class="label">{esc(label)}</span></h2>']
    if figure.get("rule"):
        out.append(f'<p><strong>Rule:</strong> {esc(figure["rule"])}.</p>')
    if figure.get("basis"):
        out.append(f'<p><strong>Counted in:</strong> <a href="{esc(figure["basis"])}">{esc(figure["basis"])}</a> '
                   f'(explore it in the <a href="ledger.html">ledger</a>).</p>')
    rows = [c for c in figure["claim_ids"] if c in claims.index]
    if rows:
        body = "".join(
            f'<tr><th scope="row">{esc(c)}</th><td>{esc(claims.at[c, "claimant"])}</td>'
            f'<td>{esc(claims.at[c, "value_text"])}</td>'
            f'<td>{esc(claims.at[c, "scope_type"])}: {esc(claims.at[c, "scope"])}</td>'
            f'<td>{esc(names.display_date(claims.at[c, "dated_by"]))}</td>'
            f'<td>{esc(claims.at[c, "class"])}{"; " + esc(claims.at[c, "reason"]) if claims.at[c, "reason"] else ""}</td>'
            f'<td>{esc(claims.at[c, "locator"])} of {source_cell(claims.at[c, "source_id"], meta, cited)}</td></tr>'
            for c in rows)
        out.append(f'<div class="scroll" tabindex="0" role="region" aria-label="Claims behind {esc(figure["display"])}, {esc(label)}">'
                   f'<table><caption>{"The claim" if len(rows) == 1 else f"The {len(rows)} claims"} behind it</caption><thead><tr><th scope="col">Claim</th>'
                   f'<th scope="col">Who</th><th scope="col">As written</th><th scope="col">Scope</th>'
                   f'<th scope="col">Date</th><th scope="col">Class and reason</th>'
                   f'<th scope="col">Where, on which page</th></tr></thead><tbody>{body}</tbody></table></div>')
    if figure["source_ids"]:
        items = "".join(f"<li>{source_cell(s, meta, cited)}</li>" for s in figure["source_ids"])
        out.append(f"<p>Pages cited for it:</p><ul>{items}</ul>")
    out.append("</section>")
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------
# ledger.html and its data


def encode_columns(frame: pd.DataFrame) -> dict:
    """Columns for the explorer: a column with few distinct values as codes into its values, the others as is."""
    columns = {}
    for name in frame.columns:
        values = frame[name].astype(str)
        distinct = sorted(set(values))
        if len(distinct) <= max(64, len(values) // 4):
            position = {v: i for i, v in enumerate(distinct)}
            columns[name] = {"values": distinct, "codes": [position[v] for v in values]}
        else:
            columns[name] = {"raw": values.tolist()}
    return {"length": len(frame), "columns": columns}


def feeds(numbers: dict, labels: dict[str, str], key: str) -> dict[str, list[list[str]]]:
    """Each claim (``key`` = claim_ids) → the brief's figures that rest on it: [id, display, label]."""
    fed: dict[str, list[list[str]]] = {}
    for _, figure in brief.figure_paths(numbers):
        for item in figure.get(key, []):
            fed.setdefault(item, []).append([figure["id"], figure["display"], labels[figure["id"]]])
    return fed


def ledger_data(numbers: dict, tables: dict[str, pd.DataFrame]) -> dict:
    """Everything the ledger explorer shows, from numbers.json and the processed tables."""
    labels = figure_labels(numbers)
    claims = claim_rows(tables)
    reports = tables["reports"]
    report_names = {r: f"{names.report_label(r, reports)['author']}, {names.report_label(r, reports)['name']}"
                    for r in reports["report_id"]}
    claims = claims.assign(report_id=claims["report_id"].map(lambda r: report_names.get(r, r)))[list(CLAIM_COLUMNS)]
    sources = tables["sources"]
    pages = {s: [brief.printable_title(t, u), names.page_credit(p, o, tr == "True"), names.display_date(d), link,
                 brief.title_language(t, lang)]
             for s, t, p, o, tr, d, u, link, lang in zip(sources["source_id"], sources["title"], sources["publisher"],
                                                       sources["original_publisher"], sources["translation"],
                                                       sources["published"], sources["url"], sources["link"],
                                                       sources["language"])}
    stations = tables["stations"]
    stations = stations[stations["duplicate_of"] == ""]
    station_pages = tables["station_sources"].groupby("station_id").apply(
        lambda g: ";".join(f"{s}|{loc}" for s, loc in zip(g["source_id"], g["locator"])), include_groups=False)
    stations = stations.assign(pages=stations["station_id"].map(station_pages).fillna(""),
                               first_report=stations["first_report_id"].map(lambda r: report_names.get(r, r)))
    stations = stations[["station_id", "country", "city", "location_precision", "bureau", "first_report",
                         "status_now", "status_now_date", "status_now_by", "pages"]]
    events = tables["events"][["event_id", "country", "action", "event_date", "dated_by", "actor", "stations_or_city",
                               "source_ids"]]
    event_figures = {}
    for row in numbers.get("events", []):
        action = next((a for a, w in brief.ACTION_WORDS.items() if w == row["action"]), None)
        event_figures[action] = [[row[k]["id"], row[k]["display"], labels[row[k]["id"]]] for k in ("events", "countries")]
    documented = numbers.get("documented") or {}
    return {
        "claims": encode_columns(claims), "stations": encode_columns(stations), "events": encode_columns(events),
        "pages": pages, "cited": numbers["citations"]["numbers"],
        "claimFigures": feeds(numbers, labels, "claim_ids"),
        "eventFigures": event_figures,
        "stationFigures": [[documented[k]["id"], documented[k]["display"], labels[documented[k]["id"]]]
                           for k in ("drawn", "documented") if k in documented],
        "pageSize": PAGE_SIZE,
    }


def timeline(events: pd.DataFrame) -> str:
    """Government actions by country and year, as a table: each cell lists the actions dated that year."""
    dated = events[events["dated_by"] != ""].assign(year=lambda e: e["dated_by"].str[:4],
                                                   country=lambda e: e["country"].replace("", "(no country named)"))
    years = sorted(dated["year"].unique())
    rows = []
    for country, group in dated.sort_values(["country", "dated_by", "event_id"]).groupby("country", sort=True):
        cells = []
        for year in years:
            items = group[group["year"] == year]
            cells.append("<td>" + "".join(
                f'<span class="event a-{esc(re.sub("[^a-z]+", "-", a))}">{esc(a)} '
                f'<small>{esc(names.display_date(e) if e else "by " + names.display_date(d))}</small></span>'
                for a, d, e in zip(items["action"], items["dated_by"], items["event_date"])) + "</td>")
        rows.append(f'<tr><th scope="row">{esc(country)}</th>{"".join(cells)}</tr>')
    head = "".join(f'<th scope="col">{esc(y)}</th>' for y in years)
    return (f'<div class="scroll" tabindex="0" role="region" aria-label="Timeline of events by country">'
            f'<table class="timeline"><caption>Events by country and year of the date that counts (an undated event '
            f'is dated by its first page: "by" that date)</caption><thead><tr><th scope="col">Country</th>{head}</tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table></div>')


def explorer(kind: str, title: str, filters: list[tuple[str, str]], dates: bool, intro: str) -> str:
    """One explorer: a search box, the filters (filled by ledger.js from the data), the result and its status."""
    selects = "".join(f'<div class="field"><label for="{kind}-{key}">{esc(label)}</label>'
                      f'<select id="{kind}-{key}" data-column="{key}"><option value="">all</option></select></div>'
                      for key, label in filters)
    date_fields = (f'<div class="field"><label for="{kind}-from">Dated from</label><input type="date" id="{kind}-from">'
                   f'</div><div class="field"><label for="{kind}-to">Dated to</label><input type="date" id="{kind}-to">'
                   f'</div>') if dates else ""
    return (f'<section id="{kind}" aria-labelledby="{kind}-h"><h2 id="{kind}-h">{esc(title)}</h2><p>{intro}</p>'
            f'<form class="filters" data-explorer="{kind}" role="search" aria-label="{esc(title)}">'
            f'<div class="field wide"><label for="{kind}-q">Search</label>'
            f'<input type="search" id="{kind}-q" autocomplete="off"></div>{selects}{date_fields}'
            f'<div class="field"><button type="reset">Clear</button></div></form>'
            f'<p class="status" id="{kind}-status" role="status" aria-live="polite">Loading…</p>'
            f'<div class="scroll" tabindex="0" role="region" aria-label="{esc(title)}: results">'
            f'<table class="results" id="{kind}-table"><thead></thead><tbody></tbody></table></div>'
            f'<p><button type="button" class="more" id="{kind}-more" hidden>Show more</button></p></section>')


def ledger_page(numbers: dict, tables: dict[str, pd.DataFrame], texts: dict[str, str], processed: list[str]) -> str:
    downloads = "".join(f'<li><a href="data/processed/{esc(n)}">data/processed/{esc(n)}</a></li>' for n in processed)
    downloads += "".join(f'<li><a href="{esc(p.removeprefix("reports/"))}">{esc(p)}</a></li>' for p in DOWNLOADS)
    return "\n".join([
        "<h1>The ledger</h1>",
        '<p>Every claim, station and event the brief rests on. Search and filter each table; a column heading sorts '
        'it. Each row links to its page and to the brief\'s figures it feeds. <a href="#stations">Stations</a> · '
        '<a href="#events">Events</a> · <a href="#downloads">Downloads</a></p>',
        explorer("claims", "Claims", [("report_id", "Report"), ("claimant", "Author (who made the claim)"),
                                      ("class", "Class"), ("country", "Country"), ("language", "Language")], True,
                 "Each quantitative claim as its page wrote it, with the class the comparison gave it."),
        explorer("stations", "Stations", [("country", "Country"), ("status_now", "Latest step"),
                                          ("location_precision", "Located to")], False,
                 "Every station some page locates, with its latest step on record and the pages that name it."),
        f'<figure><img src="figures/fig2-station-map.svg" alt="{esc(texts["fig2-station-map"])}">'
        f'<figcaption>The stations on the map, as in the brief (data: '
        f'<a href="figures/fig2-station-map.csv">figures/fig2-station-map.csv</a>).</figcaption></figure>',
        explorer("events", "Events", [("country", "Country"), ("action", "Action")], True,
                 "Government, police and court actions, one row per event however many pages report it."),
        timeline(tables["events"]),
        f'<section id="downloads" aria-labelledby="downloads-h"><h2 id="downloads-h">Downloads</h2>'
        f'<p>The processed tables, both table declarations (datapackage.json) and the brief.</p>'
        f'<ul class="columns">{downloads}</ul></section>',
    ])


# ---------------------------------------------------------------------------------------------------------
# notebooks/


def notebook_pages(root: Path, texts: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Each executed notebook → (its title, its cells as HTML); the images carry the figure's text alternative."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic", exclude_anchor_links=True, optimistic_validation=True)
    pages = {}
    for stem in pipeline.execution_order():
        notebook = nbformat.read(config.Outputs(root).notebooks / f"{stem}.ipynb", as_version=4)
        body, _ = exporter.from_notebook_node(notebook)
        title = next((c.source.splitlines()[0].lstrip("# ") for c in notebook.cells if c.cell_type == "markdown"), stem)
        shows = next((s for s in texts if _draws(stem, s)), None)
        alt = texts.get(shows, f"output of {stem}")
        body = re.sub(r'<img alt="[^"]*"', f'<img alt="{esc(alt)}"', body)
        tables = iter(range(1, body.count("<table") + 1))
        body = re.sub(r"<table([^>]*)>", lambda m: f'<div class="scroll" tabindex="0" role="region" '
                      f'aria-label="output table {next(tables)}"><table{m.group(1)}>', body)
        body = body.replace("</table>", "</table></div>")
        body = body.replace("<th></th>", '<th><span class="visually-hidden">row</span></th>')
        pages[stem] = (title, body)
    return pages


def _draws(stem: str, figure: str) -> bool:
    """The notebook whose stage writes the figure."""
    return f"reports/figures/{figure}" in pipeline.stage(stem).writes


# ---------------------------------------------------------------------------------------------------------
# The whole site


def write(root: Path | None = None, target: Path | None = None) -> Path:
    """Write the site for the build whose outputs are under ``root`` (default: the output root) into ``target``
    (default: ``reports/site`` there), replacing it whole."""
    root = Path(root) if root else config.output_root()
    target = Path(target) if target else config.Outputs(root).reports / SITE_FOLDER
    numbers, tables = load_inputs(root)
    outputs = config.Outputs(root)
    texts = figure_texts(root, numbers, tables["stations"])
    files: dict[str, bytes | str] = {}
    figure_files = {stem: outputs.figure(stem, "svg").read_bytes() for stem in FIGURE_FILES}
    for stem, data in figure_files.items():
        files[f"figures/{stem}.svg"] = data
        files[f"figures/{stem}.csv"] = outputs.figure(stem, "csv").read_bytes()
    notebooks = notebook_pages(root, texts)
    listed = [(stem, title) for stem, (title, _) in notebooks.items()]
    exported = compile_brief_html(root)
    document_title = html.unescape(re.search(r"<title>(.*?)</title>", exported, re.S).group(1))
    files["index.html"] = page(document_title, brief_body(exported, figure_files, texts, listed), here="index.html",
                               footer=footer(numbers))
    files["evidence.html"] = page("Evidence: " + document_title, evidence_page(numbers, tables), here="evidence.html",
                                  footer=footer(numbers), wide=True)
    processed = sorted(p.name for p in outputs.processed.iterdir() if p.suffix == ".csv")
    files["ledger.html"] = page("Ledger: " + document_title, ledger_page(numbers, tables, texts, processed),
                                here="ledger.html", footer=footer(numbers), scripts=("ledger-data.js", "ledger.js"), wide=True)
    files["ledger-data.js"] = ledger_script(ledger_data(numbers, tables))
    index = "".join(f'<li><a href="{stem}.html">{esc(stem)}</a>: {esc(title)}</li>' for stem, title in listed)
    files["notebooks/index.html"] = page("Notebooks: " + document_title,
                                         "<h1>The notebooks, executed</h1><p>They run in this order; each opens with "
                                         f"what it reads and writes.</p><ol>{index}</ol>",
                                         here="notebooks/index.html", depth=1, footer=footer(numbers, 1))
    for stem, (title, body) in notebooks.items():
        files[f"notebooks/{stem}.html"] = page(
            f"{stem}: {title}", f'<p class="crumb"><a href="index.html">Notebooks</a> › {esc(stem)}</p>'
            f'<div class="notebook">{body}</div>', here=f"notebooks/{stem}.html", depth=1, footer=footer(numbers, 1))
    for name in ASSETS:
        files[name] = resources.files("analysis.templates").joinpath("site", name).read_bytes()
    for name in processed + ["datapackage.json"]:
        files[f"data/processed/{name}"] = outputs.processed_file(name).read_bytes()
    files["data/raw/datapackage.json"] = (config.inputs().raw / "datapackage.json").read_bytes()
    files["brief.pdf"] = outputs.brief.read_bytes()
    files["numbers.json"] = outputs.numbers.read_bytes()
    return replace_folder(target, files)


def ledger_script(data: dict) -> str:
    return "window.LEDGER = " + json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + ";\n"


def replace_folder(target: Path, files: dict[str, bytes | str]) -> Path:
    """Write every file into a new folder beside ``target``, then put it in ``target``'s place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for relative, content in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
            os.chmod(path, 0o644)
        os.chmod(staging, 0o755)
        old = target.with_name(f".{target.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
