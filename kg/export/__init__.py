"""Exports of a built graph (placeholder: graphml and a bare html)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx


def export(kg, fmt: str, path: str | Path) -> Path:
    path = Path(path)
    g = kg.graph
    if fmt == "graphml":
        h = nx.DiGraph()
        for n, d in g.nodes(data=True):
            h.add_node(n, **{k: str(v) for k, v in d.items()})
        for u, v, d in g.edges(data=True):
            h.add_edge(u, v, **{k: str(x) for k, x in d.items()})
        nx.write_graphml(h, path)
    elif fmt == "html":
        path.write_text(f"<html><body>{g.number_of_nodes()} nodes</body></html>", encoding="utf-8")
    else:
        raise ValueError(f"unknown format {fmt}")
    return path
