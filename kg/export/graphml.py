"""GraphML that Gephi opens as is: typed keys, ``label``, colour (``r``/``g``/
``b`` and hex ``color``), ``size`` and ``x``/``y`` from the layout; one
``<edge>`` per relation so that parallel edges of different relations survive;
unique edge ids. Symmetric relations (cooperates_with) are undirected edges:
an organisation network is an undirected graph, a graph that mixes them
with directed relations marks each one ``directed="false"`` (Gephi reads
such mixed graphs; networkx cannot hold them, so read an organisation
network, ``--relation cooperates_with``, or use :func:`kg.load`)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
from lxml import etree

from kg.export.attributes import columns_of, edge_default, edge_rows, node_rows, symmetric, xml_text
from kg.export.layout import boxed

NS = "http://graphml.graphdrawing.org/xmlns"
SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def write(g: nx.MultiDiGraph, path: Path, *, layout: str = "spring", **_) -> None:
    pos = boxed(g, layout)
    nodes, edges = node_rows(g, pos), edge_rows(g)
    keys = {}
    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("graphml", nsmap={None: NS, "xsi": XSI}, attrib={f"{{{XSI}}}schemaLocation": f"{NS} {SCHEMA}"}):
            for domain, rows in (("node", nodes), ("edge", edges)):
                for col in columns_of(rows):
                    key = keys[domain, col.name] = (f"d{len(keys)}", col.type)
                    xf.write(etree.Element("key", id=key[0], attrib={
                        "for": domain, "attr.name": col.name, "attr.type": col.type}))
            default = edge_default(edges)
            with xf.element("graph", id="G", edgedefault=default):
                for n, attrs in nodes:
                    xf.write(_element("node", {"id": n}, attrs, keys, "node"))
                for i, (u, v, attrs) in enumerate(edges):
                    attrib = {"id": f"e{i}", "source": u, "target": v}
                    if default == "directed" and symmetric(attrs):
                        attrib["directed"] = "false"
                    xf.write(_element("edge", attrib, attrs, keys, "edge"))


def _element(tag: str, attrib: dict, attrs: dict, keys: dict, domain: str) -> etree._Element:
    el = etree.Element(tag, attrib)
    for name, value in attrs.items():
        key, type_ = keys[domain, name]
        etree.SubElement(el, "data", key=key).text = xml_text(value, type_)
    return el
