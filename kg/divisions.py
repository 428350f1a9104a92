"""China's administrative divisions as cpca ships them (``adcodes.csv``), read
in one place: the extraction's gazetteer, the segmenter's place names, the geo
layout and the bench's synthetic graphs each take their rows from here."""
from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import cache
from io import StringIO
from pathlib import Path


@dataclass(frozen=True)
class Adcode:
    """One row: the 6-digit code, the name, and the seat's coordinates when given."""

    adcode: str
    name: str
    longitude: float | None
    latitude: float | None


def package_text(package: str, *path: str) -> str:
    """A data file of an installed package, found without importing it
    (importing cpca loads pandas and its own matcher)."""
    spec = importlib.util.find_spec(package)
    root = Path(spec.submodule_search_locations[0])
    return root.joinpath(*path).read_text(encoding="utf-8")


def _number(text: str | None) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


@cache
def adcodes() -> tuple[Adcode, ...]:
    """Every row of cpca's adcodes.csv, in the file's order (read once per process)."""
    return tuple(
        Adcode(r["adcode"][:6], r["name"], _number(r.get("longitude")), _number(r.get("latitude")))
        for r in csv.DictReader(StringIO(package_text("cpca", "resources", "adcodes.csv"))))
