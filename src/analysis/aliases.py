"""Names as the sources write them → stable ids: slugs, the project's alias tables (claimants and
bureaus), and the claimants a claimant cell names. Used by cleaning, by the run parameters (which
claimant ids exist) and by the story check."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits joined by hyphens ("Montréal" → "montreal")."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def reference_table(name: str, key: str, value: str) -> dict[str, str]:
    text = resources.files("analysis.reference").joinpath(name).read_text("utf-8")
    return {row[key].casefold(): row[value] for row in csv.DictReader(text.splitlines())}


@lru_cache(maxsize=1)
def _claimant_aliases() -> dict[str, str]:
    return reference_table("claimant_aliases.csv", "alias", "claimant_id")


@lru_cache(maxsize=1)
def _bureau_aliases() -> dict[str, str]:
    return reference_table("bureau_aliases.csv", "alias", "bureau")


_ATTRIBUTION = re.compile(r"\s*(\(.*\)|\[.*\]|,.*|\b(as|per|citing|via|cited by|reporting|on)\b.*)$", re.IGNORECASE)
_PARENTHESES = re.compile(r"[(\[]([^)\]]*)[)\]]")
_CITED = re.compile(r"\b(?:as cited by|cited by|citing|per|via|on|according to|credit)\s+([^,;()\[\]]+)", re.IGNORECASE)


def _unicode_slug(text: str) -> str:
    """Like :func:`slug`, but keeps letters of any script ("福州公安" stays "福州公安")."""
    ascii_slug = slug(text)
    if ascii_slug:
        return ascii_slug
    return re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", text.casefold())).strip("-")


def claimant_id(raw: str) -> str:
    """A stable id for who makes a claim; never empty.

    The alias table for the exact text; otherwise the text without its attribution tail ("Fuzhou police
    (as cited by SD)", "Safeguard Defenders per EURACTIV", "CNN citing Safeguard Defenders" → the first
    name), looked up again; otherwise a name in brackets that the table knows ("福州公安 (Fuzhou police)");
    otherwise a slug of the name, in its own script.
    """
    aliases = _claimant_aliases()
    text = raw.strip()
    if text.casefold() in aliases:
        return aliases[text.casefold()]
    name = _ATTRIBUTION.sub("", _PARENTHESES.sub("", text)).strip() or text
    if name.casefold() in aliases:
        return aliases[name.casefold()]
    for bracketed in _PARENTHESES.findall(text):
        if bracketed.strip().casefold() in aliases:
            return aliases[bracketed.strip().casefold()]
    return _unicode_slug(name) or _unicode_slug(text)


def claimants_named(raw: str) -> frozenset[str]:
    """Every claimant id a claimant cell names: the claimant and whoever it cites or is cited by.

    "Tom Tugendhat, citing Safeguard Defenders" and "Safeguard Defenders (as cited by Tom Tugendhat)"
    name the same two; two such claims of one figure on one page are one fact.
    """
    names = {claimant_id(raw)}
    for bracketed in _PARENTHESES.findall(raw):
        names.add(claimant_id(bracketed))
    for cited in _CITED.findall(raw):
        names.add(claimant_id(cited))
    return frozenset(n for n in names if n)


def bureau(raw: str) -> str:
    """Fuzhou, Qingtian/Lishui, Wenzhou, Nantong, other (a named bureau outside the list) or unknown."""
    if not raw.strip():
        return "unknown"
    return _bureau_aliases().get(raw.strip().casefold(), "other")
