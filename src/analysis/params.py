"""Run parameters: read from one YAML file and validated once.

The build validates the run's file before any notebook runs and hands each notebook the run's name and
the parameters its stage declares (papermill injects them as code); inside the build a notebook takes
them as given. A notebook run by hand (papermill, JupyterLab) has had no such check, so there the values
are validated when the notebook starts. Every message names the file and the key.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from . import schema
from .errors import ParameterError

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DEFAULT_NAME = "default"
HEADLINE_RULES = ("best-supported", "latest", "max")
ALL = "all"


class _DatesAsText(yaml.SafeLoader):
    """Reads YAML dates as the text written, so a bad date gets this module's message, not YAML's."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


@dataclass(frozen=True)
class Params:
    """A run's parameters. In a notebook, a parameter its stage does not declare is None, so a notebook
    that uses one it was not given fails at once instead of silently using a default (and being served
    from the cache when that parameter changes)."""

    name: str
    as_of: str | None = None  # ISO date: only claims made on or before it count
    claimants: tuple[str, ...] | str | None = None
    source_kinds: tuple[str, ...] | str | None = None
    headline_rule: str | None = None

    def as_notebook_parameters(self) -> dict:
        """Plain values papermill can inject (lists, not tuples); parameters not given are left out."""
        values = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items() if v is not None}

    @classmethod
    def given(cls, values: dict) -> "Params":
        """The parameters a build injected into a notebook, already validated by the build."""
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})

    @property
    def as_of_date(self) -> dt.date:
        return dt.date.fromisoformat(self.as_of)


def _fail(where: str, key: str, expected: str, got: object) -> ParameterError:
    return ParameterError(f"{where}: parameter '{key}': expected {expected}, got {got!r}")


def _as_of(value: object, where: str) -> str:
    if isinstance(value, dt.datetime):
        raise _fail(where, "as_of", "a date as YYYY-MM-DD (no time)", str(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise _fail(where, "as_of", "a real date as YYYY-MM-DD", value)


def _selection(key: str, value: object, where: str, allowed: tuple[str, ...] | None) -> tuple[str, ...] | str:
    if value == ALL:
        return ALL
    expected = f"'{ALL}' or a non-empty list of " + ("one of " + ", ".join(allowed) if allowed else "names")
    if not isinstance(value, (list, tuple)) or not value or not all(isinstance(v, str) and v for v in value):
        raise _fail(where, key, expected, value)
    if allowed:
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise _fail(where, key, expected, unknown)
    return tuple(sorted(set(value)))


def known_claimant_ids() -> tuple[str, ...]:
    """The claimant ids of the ledger, as cleaning gives them (read from ``data/raw/claims.csv``)."""
    import csv

    from . import config
    from .aliases import claimant_id

    with open(config.inputs().raw_file("claims.csv"), encoding="utf-8-sig", newline="") as handle:
        return tuple(sorted({claimant_id(row["claimant"]) for row in csv.DictReader(handle)}))


def validate(values: dict, where: str = "parameters", required: tuple[str, ...] = ("name", "as_of")) -> Params:
    """Check a mapping of parameter values; raise :class:`ParameterError` on the first bad key. A
    parameter file must give ``name`` and ``as_of`` (the others default); a notebook, its own ones."""
    if not isinstance(values, dict):
        raise ParameterError(f"{where}: expected a mapping of parameter names to values, got {type(values).__name__}")
    known = set(Params.__dataclass_fields__)
    unknown = sorted(set(values) - known)
    if unknown:
        raise ParameterError(f"{where}: unknown parameter(s) {', '.join(unknown)}; expected only {', '.join(sorted(known))}")
    for key in required:
        if key not in values:
            raise ParameterError(f"{where}: parameter '{key}' is missing")
    name = values["name"]
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise _fail(where, "name", "lowercase letters, digits and hyphens, starting with a letter or digit", name)
    if len(required) > 1:  # a parameter file: what it leaves out takes the default
        values = {"claimants": ALL, "source_kinds": ALL, "headline_rule": "best-supported", **values}
    checked = {"name": name}
    if "as_of" in values:
        checked["as_of"] = _as_of(values["as_of"], where)
    for key, allowed in (("claimants", None), ("source_kinds", schema.vocabulary("sources", "kind"))):
        if key in values:
            if key == "claimants" and values[key] != ALL:
                allowed = known_claimant_ids()
            checked[key] = _selection(key, values[key], where, allowed)
    if "headline_rule" in values:
        if values["headline_rule"] not in HEADLINE_RULES:
            raise _fail(where, "headline_rule", "one of " + ", ".join(HEADLINE_RULES), values["headline_rule"])
        checked["headline_rule"] = values["headline_rule"]
    return Params(**checked)


def load(path: Path, default_path: Path) -> Params:
    """Read and validate a parameter file; only the default file may use the name 'default'."""
    where = str(path)
    try:
        values = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_DatesAsText)
    except FileNotFoundError:
        raise ParameterError(f"{where}: parameter file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ParameterError(f"{where}: expected a YAML mapping ({error})") from None
    params = validate(values, where)
    is_default_file = Path(path).resolve() == Path(default_path).resolve()
    if params.name == DEFAULT_NAME and not is_default_file:
        raise _fail(where, "name", f"a name other than the reserved '{DEFAULT_NAME}'", params.name)
    if is_default_file and params.name != DEFAULT_NAME:
        raise _fail(where, "name", f"'{DEFAULT_NAME}' in the default parameter file", params.name)
    return params


def for_notebook(values: dict) -> Params:
    """A notebook's parameters (``name`` and those of its stage), and its outputs routed.

    Inside ``python -m analysis build`` (or nbval) the build has validated them and set the output root.
    Run directly (the papermill command line or API, JupyterLab, nbconvert), they are validated here; a
    notebook with the default parameters writes the committed outputs as before; with other parameters
    and a run name it reads and writes that run's folder, ``reports/runs/<name>/``; with other parameters
    under the reserved name ``default`` it refuses, so the committed outputs are never overwritten with
    another run's picture.
    """
    from . import config

    if os.environ.get(config.BUILD_ENV):
        return Params.given(values)
    params = validate(values, "notebook parameters", required=("name",))
    if os.environ.get(config.OUTPUT_ROOT_ENV):
        return params
    default_file = config.inputs().default_params
    default = load(default_file, default_file)
    given = [k for k in asdict(params) if getattr(params, k) is not None]
    changed = ", ".join(k for k in given if getattr(params, k) != getattr(default, k))
    if not changed:
        return params
    if params.name == DEFAULT_NAME:
        raise ParameterError(
            f"notebook parameters: {changed} differ from params/default.yaml, but the run is named '{DEFAULT_NAME}', "
            f"whose outputs are committed; add `-p name <run>` to write under reports/runs/<run>/, "
            f"or run `make brief PARAMS=params/<file>.yaml`")
    os.environ[config.OUTPUT_ROOT_ENV] = str(config.run_output_root(params.name))
    return params
