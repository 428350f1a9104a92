"""Tables of the (filtered) graph: ``csv`` writes a directory with
nodes.csv, edges.csv and evidence.csv in the DESIGN §4 columns; ``json`` writes
networkx node-link JSON (``nx.node_link_graph(data, edges="links")``)."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd

from kg.export.common import plain_attrs
from kg.graph import EDGE_COLUMNS, EVIDENCE_COLUMNS, NODE_COLUMNS, frame

HEADERS = {"nodes.csv": NODE_COLUMNS, "edges.csv": EDGE_COLUMNS, "evidence.csv": EVIDENCE_COLUMNS}


def signature(name: str) -> str:
    """How a table this export writes begins: its first three columns."""
    return ",".join(HEADERS[name][:3])


def write(g: nx.MultiDiGraph, path: Path, *, fmt: str, kg=None, **_) -> None:
    if fmt == "json":
        path.write_text(json.dumps(node_link(g), ensure_ascii=False, indent=1), encoding="utf-8")
        return
    nodes, edges = node_frame(g), edge_frame(g)
    nodes.to_csv(path / "nodes.csv", index=False)
    edges.to_csv(path / "edges.csv", index=False)
    evidence = kg.evidence if kg is not None else pd.DataFrame(columns=EVIDENCE_COLUMNS)
    kept = set(zip(edges.source, edges.target, edges.relation))
    mask = [key in kept for key in zip(evidence.source, evidence.target, evidence.relation)]
    evidence[mask].to_csv(path / "evidence.csv", index=False)


def node_link(g: nx.MultiDiGraph) -> dict:
    return {
        "directed": True, "multigraph": True, "graph": {},
        "nodes": [{"id": n, **plain_attrs(d)} for n, d in g.nodes(data=True)],
        "links": [{"source": u, "target": v, "key": k, **plain_attrs(d)}
                  for u, v, k, d in g.edges(keys=True, data=True)],
    }


def node_frame(g: nx.MultiDiGraph) -> pd.DataFrame:
    return frame([{"id": n, **plain_attrs(d)} for n, d in g.nodes(data=True)], NODE_COLUMNS)


def edge_frame(g: nx.MultiDiGraph) -> pd.DataFrame:
    rows = [{"source": u, "target": v, **plain_attrs(d)} | {"relation": d.get("relation", k)}
            for u, v, k, d in g.edges(keys=True, data=True)]
    return frame(rows, EDGE_COLUMNS)
