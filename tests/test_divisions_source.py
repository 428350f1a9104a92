"""cpca's adcodes.csv has one reader (kg.divisions): the gazetteer, the
segmenter's place names and the geo layout agree on what it holds."""
from __future__ import annotations

import ast
from pathlib import Path

from kg.divisions import adcodes

ROOT = Path(__file__).resolve().parents[1]


def test_rows_carry_six_digit_codes_and_coordinates():
    rows = adcodes()
    assert len(rows) > 3000
    assert all(len(r.adcode) == 6 and r.adcode.isdigit() for r in rows)
    beijing = next(r for r in rows if r.adcode == "110000")
    assert beijing.name == "北京市" and 115 < beijing.longitude < 118 and 39 < beijing.latitude < 41


def test_the_consumers_read_the_same_rows():
    from kg.export.layout import coordinates
    from kg.extract.divisions import gazetteer
    from kg.segment import place_names

    assert gazetteer().aliases["营口市"][0].adcode == "210800"
    assert "营口市" in place_names() and "营口" in place_names()
    assert coordinates({"adcode": "210800"}) is not None


def test_no_other_module_opens_adcodes_csv():
    readers = []
    for path in [*ROOT.joinpath("kg").rglob("*.py"), *ROOT.joinpath("bench").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Constant) and isinstance(n.value, str) and "adcodes.csv" in n.value
               for n in ast.walk(tree)):
            readers.append(path.relative_to(ROOT).as_posix())
    assert readers == ["kg/divisions.py"]
