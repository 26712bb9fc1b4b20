"""Making executed notebooks byte-identical across runs and machines.

papermill and Jupyter write what changes on every run (timings, random cell ids, interpreter versions,
the paths of the run). :func:`normalise` removes or fixes each of them, once, after every execution.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

_SITE_PACKAGES = re.compile(r"(?:/[^\s\"'<>]*)?/site-packages/")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")
_VOLATILE_NOTEBOOK_KEYS = ("papermill", "widgets")
_VOLATILE_CELL_KEYS = ("papermill", "execution", "collapsed", "scrolled")


def _scrub(text: str, roots: list[str]) -> str:
    for root in roots:
        text = text.replace(root + "/", "").replace(root, ".")
    text = _SITE_PACKAGES.sub("<site-packages>/", text)
    return _ADDRESS.sub("0x…", text)


def _scrub_output(output: dict, roots: list[str]) -> None:
    if "text" in output:
        output["text"] = _scrub(output["text"], roots)
    for mime, value in output.get("data", {}).items():
        if isinstance(value, str) and not mime.startswith("image/png"):
            output["data"][mime] = _scrub(value, roots)
    if "traceback" in output:
        output["traceback"] = [_scrub(line, roots) for line in output["traceback"]]
    output.get("metadata", {}).pop("execution", None)


def normalise(notebook: nbformat.NotebookNode, roots: list[Path]) -> nbformat.NotebookNode:
    """Strip run-specific metadata and paths in place; return the notebook."""
    root_texts = sorted({str(Path(r).resolve()) for r in roots}, key=len, reverse=True)
    for key in _VOLATILE_NOTEBOOK_KEYS:
        notebook.metadata.pop(key, None)
    language = notebook.metadata.get("language_info", {})
    notebook.metadata["language_info"] = {"name": language.get("name", "python")}
    executed = 0
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:02d}"
        for key in _VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            # A reused kernel keeps counting; number the cells as a fresh kernel would.
            executed += 1
            cell["execution_count"] = executed
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = cell.get("execution_count")
            _scrub_output(output, root_texts)
    return notebook


def normalise_file(path: Path, roots: list[Path]) -> None:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    nbformat.write(normalise(notebook, roots), path)


def markdown_digits(notebook: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """Markdown lines (headings aside) that contain a digit: numbers belong in code output."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if not line.lstrip().startswith("#") and re.search(r"\d", line):
                found.append((index, line))
    return found
