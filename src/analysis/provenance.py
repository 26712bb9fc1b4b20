"""What a build was made from, by content: digests a reviewer can recompute from a checkout.

The raw files' bytes (the tables and their datapackage.json), the lock, the package's code (modules,
reference tables, templates), the notebooks' cell sources (not their stored outputs, not an injected
parameters cell) and the run's parameters, each as a SHA-256, plus one combined digest over all of them.
``python -m analysis provenance`` recomputes them; when the combined digest printed in a brief's footer
matches, the brief was built from the code and data in front of the reviewer. No commit hash is used: a
commit cannot contain its own hash, digests of the inputs can.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import config
from .params import Params

_PACKAGE = Path(__file__).resolve().parent  # the whole analysis package


def is_injected(cell: dict) -> bool:
    """Papermill's injected parameters cell: a run's parameters, not part of the notebook's code."""
    return "injected-parameters" in cell.get("metadata", {}).get("tags", [])


def notebook_fingerprint(path: Path) -> str:
    """The cell sources of a notebook, without outputs and without papermill's injected cell."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    kept = [
        (c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
        for c in cells if not is_injected(c)
    ]
    return hashlib.sha256(json.dumps(kept).encode()).hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _package_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _raw_files(inputs: config.Inputs) -> list[Path]:
    """The raw tables and the descriptor that declares them (it decides what passes the check)."""
    descriptor = inputs.raw / "datapackage.json"
    return sorted([*inputs.raw.glob("*.csv"), *([descriptor] if descriptor.exists() else [])])


def compute(params: Params) -> dict:
    """Every digest, and the combined one (``short``: its first 12 characters, as the footer prints it)."""
    inputs = config.inputs()
    lock = config.project_root() / "uv.lock"
    parts = {
        "raw": {p.name: _sha256(p.read_bytes()) for p in _raw_files(inputs)},
        "lock": _sha256(lock.read_bytes()) if lock.exists() else "",
        "package": _package_digest(),
        "notebooks": {p.stem: notebook_fingerprint(p) for p in sorted(inputs.notebooks.glob("*.ipynb"))},
        "parameters": _sha256(json.dumps(params.as_notebook_parameters(), sort_keys=True).encode()),
    }
    combined = _sha256(json.dumps(parts, sort_keys=True).encode())
    return {**parts, "combined": combined, "short": combined[:12]}

