"""The graph's records and tables (DESIGN §3, §7): what an article
contributes to the graph (:func:`observations`, which the record store's
reduce merges: kg.store), the node and edge table columns, and the networkx
view of the tables.
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from kg.ids import node_id
from kg.models import ArticleRecords, Node

NODE_COLUMNS = [
    "id", "kind", "name", "org_type", "level", "province", "city", "county",
    "mechanism_id", "value", "unit", "adcode", "category", "metric", "core",
    "aliases", "text", "date", "place", "title", "file",
]
EDGE_COLUMNS = ["source", "target", "relation", "weight", "first_date", "last_date"]
MENTION_COLUMNS = ["node_id", "doc_id", "file", "start", "end", "text"]
EVIDENCE_COLUMNS = ["relation", "source", "target", "doc_id", "file", "sentence", "rule", "date", "score"]
LIST_SEPARATOR = "|"


def article_node(records: ArticleRecords) -> Node:
    a = records.article
    return Node(node_id("article", a.id), "article", a.title,
                {"title": a.title, "date": a.date, "file": a.file})


def observations(records: ArticleRecords) -> dict[str, tuple[tuple, ...]]:
    """What the record store's reduce reads of one article, as flat tuples
    (cheap to cache): its ``nodes`` ``(id, kind)``, the article's own
    first, their attribute ``values`` ``(id, attribute, value)`` and
    ``aliases`` ``(id, alias)``, and its relation instances ``edges``
    ``(source, target, relation, doc_id, date)``."""
    nodes, values, aliases = [], [], []
    for n in [article_node(records), *records.nodes]:
        nodes.append((n.id, n.kind))
        values.append((n.id, "name", n.name))
        for key, value in n.attrs.items():
            if key == "aliases":
                aliases.extend((n.id, alias) for alias in value)
            elif value not in (None, ""):
                values.append((n.id, key, value))
    edges = tuple((e.source, e.target, e.relation, e.doc_id, e.date) for e in records.evidence)
    return {"nodes": tuple(nodes), "values": tuple(values), "aliases": tuple(aliases),
            "edges": edges}


def frame(rows: list[dict] | pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A node or edge table: ``columns`` first, then any other attributes in
    name order (the build's and the exports' tables are made the same way)."""
    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=None if rows else columns)
    return df.reindex(columns=columns + sorted(c for c in df.columns if c not in columns))


def to_networkx(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.MultiDiGraph:
    """The graph of the node and edge tables; empty cells are left out of the
    attributes, lists (aliases) stay ``|``-joined strings."""
    g = nx.MultiDiGraph()
    for row in nodes.to_dict("records"):
        attrs = {k: v for k, v in row.items() if k != "id" and not blank(v)}
        g.add_node(row["id"], **attrs)
    for row in edges.to_dict("records"):
        attrs = {k: v for k, v in row.items() if k not in ("source", "target") and not blank(v)}
        g.add_edge(row["source"], row["target"], key=row["relation"], **attrs)
    return g


def blank(value) -> bool:
    """None, '' or NaN: a cell with no value."""
    return value is None or value == "" or (isinstance(value, float) and value != value)
