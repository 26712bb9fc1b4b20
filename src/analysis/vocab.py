"""Controlled vocabularies of the raw tables (documented in data/README.md)."""

SOURCE_KINDS = (
    "ngo-report", "news", "government", "court", "chinese-official", "academic", "story-under-review", "other",
)
METRICS = (
    "stations", "countries", "cities", "bureaus", "persuaded_returns", "countries_investigating",
    "staff", "hotline_calls", "hotline_countries", "cases", "arrests", "other",
)
SCOPE_TYPES = ("world", "region", "country", "city", "bureau")
QUALIFIERS = ("exact", "at-least", "more-than", "about", "up-to", "range", "vague")
LOCATION_PRECISIONS = ("address", "city", "region", "country")
STATION_STATUSES = (
    "alleged", "denied", "under investigation", "closed", "raided", "charged", "convicted",
    "no illegal activity found", "other",
)
STATION_SAYS = ("listed", "located", "bureau", "status", "address", "dropped")
RESPONSE_ACTIONS = (
    "investigation opened", "investigation closed without charges", "raid", "arrest", "referral to prosecutors",
    "charge", "plea", "conviction", "sentence", "closure ordered", "closed", "no illegal activity found",
    "sites acknowledged", "denial", "summons of ambassador", "statement", "other",
)
VERDICTS = (
    "supported", "outdated", "contradicted", "misattributed", "erroneous", "copy error", "scope error", "unsupported",
    "stale wording", "attributed",
)
