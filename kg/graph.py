"""Graph assembly: the reduce over per-article records (DESIGN §3, §7).

Nodes seen in many articles are merged by id; relation instances are
aggregated into one edge per (source, target, relation) whose weight is the
number of distinct articles. Merging is order-independent, so the same
corpus gives identical tables whatever the file order or worker count.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

import networkx as nx
import pandas as pd

from kg.hierarchy import hierarchy
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
    """What the assembler reads of one article, as flat tuples (cheap to
    cache and to count): its ``nodes`` ``(id, kind)``, the article's own
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


class GraphAssembler:
    """Accumulates the :func:`observations` of articles; memory grows with
    the graph, not the text."""

    def __init__(self) -> None:
        self._kind: dict[str, str] = {}
        self._values: Counter[tuple[str, str, object]] = Counter()  # (id, attribute, value)
        self._aliases: dict[str, set[str]] = defaultdict(set)
        self._edge_docs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self._edge_dates: dict[tuple[str, str, str], set[str]] = defaultdict(set)

    def add(self, nodes: tuple[tuple, ...], values: tuple[tuple, ...],
            aliases: tuple[tuple, ...], edges: tuple[tuple, ...]) -> None:
        for nid, kind in nodes:
            self._kind.setdefault(nid, kind)
        self._values.update(values)
        for nid, alias in aliases:
            self._aliases[nid].add(alias)
        for source, target, relation, doc_id, date in edges:
            key = (source, target, relation)
            self._edge_docs[key].add(doc_id)
            if date:
                self._edge_dates[key].add(date)

    def node_table(self) -> pd.DataFrame:
        rows = {nid: {"id": nid, "kind": kind} for nid, kind in sorted(self._kind.items())}
        for nid, key, value in _most_common(self._values):
            rows[nid][key] = value
        for nid, aliases in self._aliases.items():
            if aliases:
                rows[nid]["aliases"] = LIST_SEPARATOR.join(sorted(aliases))
        return frame(list(rows.values()), NODE_COLUMNS)

    def edge_table(self) -> pd.DataFrame:
        rows = []
        for key in sorted(self._edge_docs):
            source, target, relation = key
            dates = sorted(self._edge_dates.get(key, ()))
            rows.append({
                "source": source, "target": target, "relation": relation,
                "weight": len(self._edge_docs[key]),
                "first_date": dates[0] if dates else "",
                "last_date": dates[-1] if dates else "",
            })
        return frame(rows, EDGE_COLUMNS)


def with_hierarchy(nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tables with the administrative hierarchy of their organisations
    (:func:`kg.hierarchy.hierarchy`): place nodes, ``located_in`` and ``part_of`` edges."""
    orgs = [{k: "" if blank(v) else v for k, v in row.items()}
            for row in nodes[nodes.kind == "org"].to_dict("records")]
    found = hierarchy(orgs)
    known = set(nodes.id)
    places = [{"id": p.id, "kind": p.kind, "name": p.name, **p.attrs} for p in found.places if p.id not in known]
    links = [{"source": s, "target": t, "relation": r, "weight": 1} for s, t, r in found.edges]
    nodes = frame(nodes.to_dict("records") + places, NODE_COLUMNS).sort_values("id", kind="stable")
    edges = frame(edges.to_dict("records") + links, EDGE_COLUMNS).sort_values(
        ["source", "target", "relation"], kind="stable")
    return nodes.reset_index(drop=True), edges.reset_index(drop=True)


def _most_common(counts: Counter) -> Iterator[tuple[str, str, object]]:
    """(id, attribute, value) with each node attribute's most frequent value;
    ties go to the smallest, for determinism."""
    best: dict[tuple[str, str], tuple[object, int]] = {}
    for (nid, key, value), n in counts.items():
        current = best.setdefault((nid, key), (value, n))
        if current[0] is not value and (-n, str(value)) < (-current[1], str(current[0])):
            best[nid, key] = (value, n)
    return ((nid, key, value) for (nid, key), (value, _) in best.items())


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A node or edge table: ``columns`` first, then any other attributes in
    name order (the exports' tables are made the same way)."""
    df = pd.DataFrame(rows, columns=None if rows else columns)
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
