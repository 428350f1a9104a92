"""The shared palette: agency types and layer kinds get colours a reader
can tell apart (Okabe–Ito and Paul Tol's colour-blind-safe sets)."""
from __future__ import annotations

from itertools import combinations

from kg.export import style


def _distance(a: str, b: str) -> int:
    return sum(abs(x - y) for x, y in zip(style.rgb(a), style.rgb(b)))


def test_agency_type_colours_are_distinct():
    colours = list(style.palette()["org_type"].values())
    assert len(set(colours)) == len(colours)
    assert min(_distance(a, b) for a, b in combinations(colours, 2)) > 60


def test_layer_kinds_differ_by_shape_as_well_as_colour():
    shapes = style.palette()["shape"]
    layers = ["mechanism", "case", "outcome", "issue", "group", "document", "place"]
    assert len({shapes[k] for k in layers} | {shapes["org"]}) == len(layers) + 1
