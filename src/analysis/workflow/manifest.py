"""``data/raw/SHA256SUMS``: the checksums of the raw files, so an accidental edit is noticed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import config

MANIFEST = "SHA256SUMS"


def manifest_path() -> Path:
    return config.inputs().raw / MANIFEST


def _raw_files() -> list[Path]:
    return sorted(p for p in config.inputs().raw.iterdir() if p.is_file() and p.name != MANIFEST)


def current() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in _raw_files()}


def recorded() -> dict[str, str]:
    lines = manifest_path().read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines if line.strip())}


def write() -> None:
    text = "".join(f"{digest}  {name}\n" for name, digest in current().items())
    manifest_path().write_text(text, encoding="utf-8")


def compare() -> list[str]:
    """Every file whose checksum differs from the manifest, or is missing from one side."""
    now, then = current(), recorded()
    shown = config.show(manifest_path())
    lines = [f"{shown}: {name} is not in the manifest" for name in sorted(now.keys() - then.keys())]
    lines += [f"{shown}: {name} is listed but missing" for name in sorted(then.keys() - now.keys())]
    lines += [f"{shown}: {name} has changed" for name in sorted(now.keys() & then.keys()) if now[name] != then[name]]
    return lines
