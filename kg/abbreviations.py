"""Abbreviated endings of organisation names (市总 → 市总工会, 检察院 →
人民检察院): ``kg/extract/data/abbreviations.csv``, read here for both the
extraction grammar and kg query's name look-up. It sits below both and loads
no spaCy, so a query reads the table without loading extraction."""
from __future__ import annotations

import csv
from functools import cache
from importlib import resources

# by path from the kg package: importing kg.extract would load spaCy
PATH = resources.files("kg") / "extract" / "data" / "abbreviations.csv"


@cache
def abbreviations() -> dict[str, str]:
    """Short form → full form, in the file's order."""
    with PATH.open(encoding="utf-8", newline="") as fh:
        return {row["short"]: row["full"] for row in csv.DictReader(fh) if row["short"]}
