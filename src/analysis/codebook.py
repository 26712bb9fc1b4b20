"""The column tables of the codebook (``data/README.md``), written from ``data/raw/datapackage.json``.

Each raw table's columns are listed between ``<!-- fields:NAME -->`` and ``<!-- /fields -->``; the prose
around the markers is written by hand and kept as it is. ``python -m analysis codebook`` rewrites the
tables; a test fails when the committed codebook differs from what this module would write.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import config, schema
from .schema import Table

_BLOCK = re.compile(r"(<!-- fields:([a-z_]+) -->\n)(.*?)(<!-- /fields -->)", re.S)
_WORDS_FOR_PATTERN = {
    schema.ID_PATTERN: "`[a-z0-9-]`",
    schema.DATE_PATTERN: "date",
    schema.PAGE_DATE_PATTERN: "date, or `--MM` / `--MM-DD` when the page gives no year",
    schema.URL_PATTERN: "URL",
    schema.LANGUAGE_PATTERN: "ISO 639-1 code",
}


def codebook_path() -> Path:
    return config.inputs().root / "data" / "README.md"


def _listed(values: list[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _reference(field: dict, table: Table) -> str | None:
    key = next((k for k in table.foreign_keys if k.column == field["name"]), None)
    if key is None:
        return None
    target = schema.tables()[key.table].file
    return f"id in `{target}`" + (" (not its own)" if key.table == table.name else "")


def _constraint_words(field: dict, table: Table) -> str:
    constraints = field.get("constraints", {})
    if field["name"] == table.primary_key:
        return f"{_WORDS_FOR_PATTERN.get(constraints.get('pattern'), 'text')}, unique"
    reference = _reference(field, table)
    if reference:
        return reference
    if field.get("x-country"):
        return "must resolve to a country"
    if "x-ids-of" in field:
        tables = schema.tables()
        return f"`{field['x-separator']}`-separated ids in " + " or ".join(f"`{tables[t].file}`" for t in field["x-ids-of"])
    if "x-list-of" in field:
        return f"`{field['x-separator']}`-separated: {_listed(field['x-list-of'])}"
    if "enum" in constraints:
        return _listed(constraints["enum"])
    if field["type"] == "number":
        return "non-negative number" if constraints.get("minimum") == 0 else "number"
    return _WORDS_FOR_PATTERN.get(constraints.get("pattern"), "text")


def allowed_values(field: dict, table: Table) -> str:
    """The codebook's "allowed values" cell: the field's constraints in words."""
    words = _constraint_words(field, table)
    required = field.get("constraints", {}).get("required", False)
    if field["name"] == table.primary_key or field.get("x-country") or (required and _reference(field, table)):
        return words  # "unique", "must resolve" and "id in" already say a value is needed
    if required:  # a vocabulary or a format already implies a value
        return words + (", required" if words in ("text", _WORDS_FOR_PATTERN[schema.ID_PATTERN]) else "")
    return words + " or empty"


def _meaning(description: str) -> str:
    # The descriptor holds sentences; the codebook's middle column reads as a phrase.
    text = description.strip().removesuffix(".")
    return (text[:1].lower() + text[1:]).replace("|", "\\|")


def render_table(table: Table) -> str:
    rows = ["| column | meaning | allowed values |", "|---|---|---|"]
    rows += [f"| `{f['name']}` | {_meaning(f.get('description', ''))} | {allowed_values(f, table)} |"
             for f in table.fields]
    return "\n".join(rows) + "\n"


def render(text: str) -> str:
    """``text`` with every marked block replaced by the table the descriptor gives."""
    tables = schema.tables()

    def replace(match: re.Match) -> str:
        name = match.group(2)
        if name not in tables:
            raise ValueError(f"the codebook marks a table '{name}' that data/raw/datapackage.json does not declare")
        return match.group(1) + render_table(tables[name]) + match.group(4)

    return _BLOCK.sub(replace, text)


def marked_tables(text: str) -> list[str]:
    return [m.group(2) for m in _BLOCK.finditer(text)]


def write() -> bool:
    """Rewrite the codebook's column tables; ``True`` when anything changed."""
    path = codebook_path()
    text = path.read_text(encoding="utf-8")
    updated = render(text)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text
