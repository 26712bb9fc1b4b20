"""Which of the brief's figures a change moved: two builds compared through their ``numbers.json``.

A build is named by a run (``default``, ``2022-09``: its output folder), a folder holding ``reports/`` and
``data/processed/``, or a git revision (``HEAD``, ``main~1``: the committed default outputs at that
revision). Every figure that changed is printed old → new, with the claims and pages added or removed
behind it; a figure that totals many rows of a processed table (``basis``) lists the rows added or
removed from that table.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

from .. import config

SHOWN_IDS = 8  # ids listed per change before "… and N more"


class DiffError(ValueError):
    """A build that cannot be found or trusted; the command exits with status 2."""


def _from_git(revision: str, into: Path) -> Path:
    root = config.project_root()
    listed = subprocess.run(["git", "ls-tree", "-r", "--name-only", revision, "--", "reports/numbers.json",
                             "data/processed"], cwd=root, capture_output=True, text=True)
    if listed.returncode != 0 or "reports/numbers.json" not in listed.stdout.split():
        raise DiffError(f"'{revision}' is neither a run, a folder nor a git revision with reports/numbers.json")
    for name in listed.stdout.split():
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(subprocess.run(["git", "show", f"{revision}:{name}"], cwd=root, capture_output=True,
                                          check=True).stdout)
    return into


def resolve(build: str, scratch: Path) -> Path:
    """The folder of a build named by run, folder or git revision."""
    as_run = config.run_output_root(build) if build and "/" not in build else None
    for candidate in (as_run, Path(build)):
        if candidate is not None and (candidate / "reports" / "numbers.json").exists():
            return candidate
    return _from_git(build, scratch / build.replace("/", "_"))


def _label(item: dict, index: int) -> str:
    if isinstance(item.get("report"), dict):
        return f"{item['report']['author']}, {item['report']['name']}"
    for key in ("action", "statement", "what", "name", "date"):
        if isinstance(item.get(key), str):
            return item[key]
    if "metric" in item and isinstance(item.get("figure"), dict):
        return f"{item['metric']} {item['figure'].get('display')}"
    return str(index)


def figures(node: object, path: str = "") -> dict[str, dict]:
    """Every figure (a dict with ``value`` and ``display``) by a readable path that survives reordering."""
    found: dict[str, dict] = {}
    if isinstance(node, dict):
        if "display" in node and "value" in node:
            found[path] = node
        for key, value in node.items():
            if key not in ("citations", "provenance"):
                found.update(figures(value, f"{path} › {key}" if path else key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.update(figures(item, f"{path}[{_label(item, index) if isinstance(item, dict) else index}]"))
    return found


def _ids_text(label: str, ids: list[str]) -> str:
    more = f" … and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
    return f"{label} {', '.join(ids[:SHOWN_IDS])}{more}"


def _table_rows(root: Path, basis: str) -> set[str]:
    path = root / basis
    if not path.exists():
        return set()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return set(frame.iloc[:, 0]) if not frame.empty else set()


_SAME_VALUE = ", unchanged, on other evidence"


def changes(old_root: Path, new_root: Path) -> list[str]:
    """One block of lines per figure that changed between two builds."""
    old = json.loads((old_root / "reports" / "numbers.json").read_text(encoding="utf-8"))
    new = json.loads((new_root / "reports" / "numbers.json").read_text(encoding="utf-8"))
    before, after = figures(old), figures(new)
    lines = []
    for path in sorted(before.keys() | after.keys()):
        a, b = before.get(path), after.get(path)
        if a and b and (a["display"], a.get("claim_ids"), a.get("source_ids")) == (b["display"], b.get("claim_ids"),
                                                                                   b.get("source_ids")):
            continue
        if a and b and a["display"] == b["display"]:
            lines.append(f"{path}: {a['display']}{_SAME_VALUE}")
        else:
            lines.append(f"{path}: {a['display'] if a else '(absent)'} → {b['display'] if b else '(absent)'}")
        for kind in ("claim_ids", "source_ids"):
            gone = sorted(set((a or {}).get(kind, [])) - set((b or {}).get(kind, [])))
            came = sorted(set((b or {}).get(kind, [])) - set((a or {}).get(kind, [])))
            word = "claims" if kind == "claim_ids" else "pages"
            lines += [f"    {_ids_text(f'{word} added:', came)}"] if came else []
            lines += [f"    {_ids_text(f'{word} removed:', gone)}"] if gone else []
        basis = (b or a).get("basis", "")
        if basis and a and b and a["display"] != b["display"]:
            old_rows, new_rows = _table_rows(old_root, basis), _table_rows(new_root, basis)
            if (len(old_rows), len(new_rows)) != (a["value"], b["value"]):
                continue  # a count within the table, not its total: the rows would not explain it
            lines += [f"    {_ids_text(f'rows added to {basis}:', sorted(new_rows - old_rows))}"] if new_rows - old_rows else []
            lines += [f"    {_ids_text(f'rows removed from {basis}:', sorted(old_rows - new_rows))}"] \
                if old_rows - new_rows else []
    return lines


def working_tree_is_current() -> bool:
    """Do the working tree's default outputs come from the inputs now in front of us?"""
    from .. import params
    from .. import provenance

    inputs = config.inputs()
    numbers = config.project_root() / "reports" / "numbers.json"
    built = json.loads(numbers.read_text(encoding="utf-8")).get("provenance", {})
    return built.get("combined") == provenance.compute(params.load(inputs.default_params, inputs.default_params))[
        "combined"]


def run(old: str | None, new: str | None) -> tuple[int, list[str]]:
    """Exit status (0: nothing changed, 1: something did) and the lines to print; ``DiffError`` on bad input."""
    if old is None and new is None:
        if not working_tree_is_current():
            raise DiffError("the working tree's outputs are older than its inputs (raw data, code, notebooks or "
                            "parameters changed since the last build): run `make brief` first, or name two builds")
        old, new = "HEAD", "default"
    elif new is None:
        new = "default"
    with tempfile.TemporaryDirectory(prefix="diff-") as scratch:
        lines = changes(resolve(old, Path(scratch)), resolve(new, Path(scratch)))
    figures_listed = [line for line in lines if not line.startswith(" ")]
    same = sum(line.endswith(_SAME_VALUE) for line in figures_listed)
    header = f"{old} → {new}: " + (f"{len(figures_listed) - same} figure(s) of the brief changed"
                                   + (f", {same} more unchanged on other evidence" if same else "")
                                   if lines else "no figure of the brief changed")
    return (1 if lines else 0), [header, *lines]
