"""Typed attribute tables for the XML formats (GraphML, GEXF): one declared
type per attribute name, so readers (Gephi, igraph, graphology) never meet a
value that contradicts its declaration."""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.export import style
from kg.export.common import clean_text, display_name, plain_attrs
from kg.export.layout import Positions
from kg.query import SYMMETRIC

# Attributes the exports add for display, after the graph's own.
STYLE_NODE = ("label", "color", "r", "g", "b", "size")
STYLE_EDGE = ("label", "color", "r", "g", "b")
LAYOUT_NODE = ("x", "y")
GEPHI_SCALE = 1000.0  # layout box [-1, 1]² → Gephi's coordinate range


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # "boolean" | "int" | "double" | "string"


def node_rows(g: nx.MultiDiGraph, pos: Positions | None = None) -> list[tuple[str, dict]]:
    """(id, attributes) with display label, colour, size and, given a
    layout, Gephi's ``x``/``y``."""
    sizes = style.node_sizes(g)
    rows = []
    for n, d in g.nodes(data=True):
        attrs = plain_attrs(d)
        color = style.node_color(d)
        attrs |= dict(zip(STYLE_NODE, (display_name(n, d), color, *style.rgb(color), float(sizes[n]))))
        if pos:
            attrs |= dict(zip(LAYOUT_NODE, (round(c * GEPHI_SCALE, 3) for c in pos[n])))
        rows.append((clean_text(n), attrs))
    return rows


def edge_rows(g: nx.MultiDiGraph) -> list[tuple[str, str, dict]]:
    """(source, target, attributes) with relation, integer weight and style."""
    rows = []
    for u, v, k, d in g.edges(keys=True, data=True):
        attrs = plain_attrs(d)
        relation = str(attrs.setdefault("relation", k))
        attrs["weight"] = attrs.get("weight", 1)
        color = style.edge_style(relation).color
        attrs |= dict(zip(STYLE_EDGE, (relation, color, *style.rgb(color))))
        rows.append((clean_text(u), clean_text(v), attrs))
    return rows


def symmetric(attrs: dict) -> bool:
    """Whether an edge row is a symmetric relation (an undirected edge)."""
    return attrs["relation"] in SYMMETRIC


def edge_default(rows: list[tuple[str, str, dict]]) -> str:
    """``undirected`` when every edge is symmetric (an organisation network),
    else ``directed``: the symmetric edges of a mixed graph say so one by one."""
    return "undirected" if rows and all(symmetric(a) for *_, a in rows) else "directed"


def columns_of(rows: list[tuple]) -> list[Column]:
    """One typed column per attribute name of ``rows`` (attributes last)."""
    types: dict[str, set] = {}
    for *_, attrs in rows:
        for key, value in attrs.items():
            types.setdefault(key, set()).add(type(value))
    return [Column(name, _type(found)) for name, found in types.items()]


def _type(found: set) -> str:
    if found == {bool}:
        return "boolean"
    if found == {int}:
        return "int"
    if found <= {int, float}:
        return "double"
    return "string"


def xml_text(value, type_: str) -> str:
    """``value`` written as its column's type (ints widen to doubles)."""
    if type_ == "boolean":
        return str(bool(value)).lower()
    if type_ == "double":
        return repr(float(value))
    return str(value)
