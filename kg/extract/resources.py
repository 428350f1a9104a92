"""The word lists and tables beside the components (``kg/extract/data``),
read in one way: users edit these files to add patterns, not the code."""
from __future__ import annotations

import csv
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from kg.errors import DataFileError

DATA = resources.files("kg.extract") / "data"


def _path(name: str | Path | Traversable) -> Path | Traversable:
    return DATA / name if isinstance(name, str) else name


def read_lines(name: str | Path | Traversable) -> list[str]:
    """A word list: one entry per line; blank lines and ``#`` comments skipped.
    ``name`` is a file of kg/extract/data or a path of the user's."""
    text = _path(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def read_rows(name: str | Path | Traversable) -> list[dict[str, str]]:
    """A CSV table with a header row, as dicts. A row with more fields than
    the header (a regex holding a comma, unquoted) is an error, not a
    silently truncated pattern."""
    with _path(name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for n, row in enumerate(rows, 2):
        if None in row:
            raise DataFileError(f"{getattr(name, 'name', name)}, line {n}: more fields than the header "
                                "(quote a field that holds a comma)")
    return rows
