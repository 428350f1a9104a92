"""GEXF 1.3 for Gephi and graphology: typed attributes, node label, colour,
size and position (from the computed layout), edge ``kind`` = relation and
``weight`` (an integer: distinct stories). Symmetric relations
(cooperates_with) are undirected edges: ``defaultedgetype="undirected"`` for
an organisation network, ``type="undirected"`` per edge in a mixed graph.
When the articles are dated the graph is ``mode="dynamic"``: edges and
nodes carry ``start``/``end`` dates, so Gephi's timeline can play it.

The official 1.3 schema declares ``color``/``position``/``size`` in the GEXF
namespace itself (not in a separate viz namespace), so they are written there:
the file validates, Gephi and graphology read the visual attributes by local
name. networkx reads the graph with ``nx.read_gexf(path, version="1.3")``
(it looks for viz data in another namespace and skips it)."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import networkx as nx
from lxml import etree

from kg.export.attributes import (LAYOUT_NODE, STYLE_EDGE, STYLE_NODE, columns_of, edge_default, edge_rows,
                                  node_rows, symmetric, xml_text)
from kg.export.layout import boxed

NS = "http://gexf.net/1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GEXF_TYPES = {"boolean": "boolean", "int": "integer", "double": "double", "string": "string"}


def write(g: nx.MultiDiGraph, path: Path, *, layout: str = "spring", title: str = "kg", **_) -> None:
    pos = boxed(g, layout)
    nodes = [(n, _without(attrs, STYLE_NODE + LAYOUT_NODE), attrs) for n, attrs in node_rows(g, pos)]
    edges = [(u, v, _without(attrs, STYLE_EDGE + ("weight",)), attrs) for u, v, attrs in edge_rows(g)]
    spans = _spans(edges)
    node_cols, edge_cols = columns_of([(a,) for _, a, _ in nodes]), columns_of([(a,) for _, _, a, _ in edges])
    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("gexf", nsmap={None: NS, "xsi": XSI}, version="1.3",
                        attrib={f"{{{XSI}}}schemaLocation": f"{NS} {NS}/gexf.xsd"}):
            meta = etree.Element("meta", lastmodifieddate=datetime.date.today().isoformat())
            etree.SubElement(meta, "creator").text = "kg"
            etree.SubElement(meta, "description").text = title
            xf.write(meta)
            default = edge_default([(u, v, a) for u, v, _, a in edges])
            with xf.element("graph", defaultedgetype=default, **_time_mode(spans)):
                for cls, cols in (("node", node_cols), ("edge", edge_cols)):
                    block = etree.Element("attributes", {"class": cls, "mode": "static"})
                    for i, col in enumerate(cols):
                        etree.SubElement(block, "attribute", id=str(i), title=col.name, type=GEXF_TYPES[col.type])
                    xf.write(block)
                with xf.element("nodes", count=str(len(nodes))):
                    for n, data, style in nodes:
                        el = etree.Element("node", id=n, label=style["label"], **spans.get(n, {}))
                        _attvalues(el, data, node_cols)
                        _color(el, style)
                        etree.SubElement(el, "position", x=_num(style["x"]), y=_num(style["y"]), z="0.0")
                        etree.SubElement(el, "size", value=_num(style["size"]))
                        xf.write(el)
                with xf.element("edges", count=str(len(edges))):
                    for i, (u, v, data, style) in enumerate(edges):
                        el = etree.Element("edge", id=str(i), source=u, target=v, kind=style["relation"],
                                           label=style["label"], weight=str(style["weight"]), **spans.get(i, {}))
                        if default == "directed" and symmetric(style):
                            el.set("type", "undirected")
                        _attvalues(el, data, edge_cols)
                        _color(el, style)
                        xf.write(el)


def _spans(edges: list) -> dict:
    """Gephi's timeline: each dated edge lives from the first to the last
    story reporting it (``start``/``end``), each node from its first to its
    last dated edge. Keys are edge numbers and node ids."""
    spans: dict = {}
    for i, (u, v, _, attrs) in enumerate(edges):
        first, last = (str(attrs.get(k, "")) for k in ("first_date", "last_date"))
        first, last = first if DATE.match(first) else last, last if DATE.match(last) else first
        if not DATE.match(first):
            continue
        spans[i] = {"start": first, "end": last}
        for n in (u, v):
            span = spans.setdefault(n, {"start": first, "end": last})
            span["start"], span["end"] = min(span["start"], first), max(span["end"], last)
    return spans


def _time_mode(spans: dict) -> dict:
    """A dynamic graph (dates as xsd:date intervals) when any edge is dated."""
    if not spans:
        return {"mode": "static"}
    return {"mode": "dynamic", "timeformat": "date", "timerepresentation": "interval"}


def _without(attrs: dict, keys: tuple) -> dict:
    return {k: v for k, v in attrs.items() if k not in keys}


def _attvalues(el: etree._Element, data: dict, cols: list) -> None:
    values = etree.SubElement(el, "attvalues")
    for i, col in enumerate(cols):
        if col.name in data:
            etree.SubElement(values, "attvalue", {"for": str(i), "value": xml_text(data[col.name], col.type)})


def _color(el: etree._Element, style: dict) -> None:
    etree.SubElement(el, "color", r=str(style["r"]), g=str(style["g"]), b=str(style["b"]))


def _num(x: float) -> str:
    return repr(round(float(x), 3))
