"""How strong a page is as evidence for a claim: a rank from 1 (best) to 5.

The rule, applied to the page itself (never to the outlet it reprints):

1. **primary**: the claimant is the page's author (Safeguard Defenders' own site for its own figure, a
   police bureau's or ministry's own release for its own figure);
2. **government or court**: any other page of a government, parliament, court or Chinese official body;
3. **wire or major outlet**: a news agency, public broadcaster or national newspaper named in
   ``reference/outlet_tiers.csv`` (each with its reason), or an academic or research page;
4. **other news**: any other news outlet;
5. **blog, repost or aggregator**: a page that reprints or mirrors another outlet's piece, an outlet the
   tier table lists as a repost site or aggregator, and every page of kind ``other``.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

import numpy as np

RANK_NAMES = {1: "primary", 2: "government or court", 3: "wire or major outlet", 4: "other news",
              5: "blog, repost or aggregator"}
_TIER_RANK = {"wire or major outlet": 3, "blog repost or aggregator": 5}
OFFICIAL_KINDS = {"government", "court", "chinese-official"}


@lru_cache(maxsize=1)
def outlet_tiers() -> dict[str, int]:
    text = resources.files("analysis.reference").joinpath("outlet_tiers.csv").read_text("utf-8")
    return {row["publisher"]: _TIER_RANK[row["tier"]] for row in csv.DictReader(text.splitlines())}


def page_ranks(claimant_ids, author_ids, kinds, publishers, reprints) -> np.ndarray:
    """The rank of each (claim, page) pair, for whole columns at once; ``author_ids`` are the claimant ids
    of the pages' publishers, ``reprints`` whether each page reprints another outlet's piece."""
    claimant, author, kind = (np.asarray(column, dtype=object) for column in (claimant_ids, author_ids, kinds))
    tiers = outlet_tiers()
    tier = np.array([tiers.get(publisher, 0) for publisher in publishers], dtype=np.int64)
    rules = [  # in the order of the module's list: the first that applies gives the rank
        ((claimant != "") & (claimant == author), 1),
        (np.isin(kind, sorted(OFFICIAL_KINDS)), 2),
        (tier > 0, tier),
        (np.asarray(reprints, dtype=bool) | (kind == "other"), 5),
        (kind == "academic", 3),
    ]
    return np.select([applies for applies, _ in rules], [rank for _, rank in rules], default=4)


def page_rank(claimant_id: str, author_id: str, kind: str, publisher: str, reprint: bool) -> int:
    """The rank of one (claim, page) pair (see :func:`page_ranks`)."""
    return int(page_ranks([claimant_id], [author_id], [kind], [publisher], [reprint])[0])
