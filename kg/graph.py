"""Graph assembly: the reduce over per-article records (DESIGN §3, §7).

Nodes seen in many articles are merged by id; relation instances are
aggregated into one edge per (source, target, relation) whose weight is the
number of distinct articles. Merging is order-independent, so the same
corpus gives identical tables whatever the file order or worker count.
"""
from __future__ import annotations

from collections import Counter, defaultdict

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
EVIDENCE_COLUMNS = ["relation", "source", "target", "doc_id", "file", "sentence", "rule", "date"]
LIST_SEPARATOR = "|"


def article_node(records: ArticleRecords) -> Node:
    a = records.article
    return Node(node_id("article", a.id), "article", a.title,
                {"title": a.title, "date": a.date, "file": a.file})


class GraphAssembler:
    """Accumulates ArticleRecords; memory grows with the graph, not the text."""

    def __init__(self) -> None:
        self._kind: dict[str, str] = {}
        self._attrs: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        self._aliases: dict[str, set[str]] = defaultdict(set)
        self._edge_docs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self._edge_dates: dict[tuple[str, str, str], set[str]] = defaultdict(set)

    def add(self, records: ArticleRecords) -> None:
        for node in [article_node(records), *records.nodes]:
            self._kind.setdefault(node.id, node.kind)
            attrs = self._attrs[node.id]
            attrs["name"][node.name] += 1
            for key, value in node.attrs.items():
                if key == "aliases":
                    self._aliases[node.id].update(value)
                elif value not in (None, ""):
                    attrs[key][value] += 1
        for ev in records.evidence:
            key = (ev.source, ev.target, ev.relation)
            self._edge_docs[key].add(ev.doc_id)
            if ev.date:
                self._edge_dates[key].add(ev.date)

    def node_table(self) -> pd.DataFrame:
        rows = []
        for nid in sorted(self._kind):
            row = {"id": nid, "kind": self._kind[nid]}
            for key, counts in self._attrs[nid].items():
                row[key] = _most_common(counts)
            if self._aliases[nid]:
                row["aliases"] = LIST_SEPARATOR.join(sorted(self._aliases[nid]))
            rows.append(row)
        return _frame(rows, NODE_COLUMNS)

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
        return _frame(rows, EDGE_COLUMNS)


def _most_common(counts: Counter):
    """The most frequent value; ties go to the smallest, for determinism."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    extra = sorted(c for c in df.columns if c not in columns)
    return df.reindex(columns=columns + extra)


def to_networkx(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.MultiDiGraph:
    """The graph of the node and edge tables; empty cells are left out of the
    attributes, lists (aliases) stay ``|``-joined strings."""
    g = nx.MultiDiGraph()
    for row in nodes.to_dict("records"):
        attrs = {k: v for k, v in row.items() if k != "id" and not _blank(v)}
        g.add_node(row["id"], **attrs)
    for row in edges.to_dict("records"):
        attrs = {k: v for k, v in row.items() if k not in ("source", "target") and not _blank(v)}
        g.add_edge(row["source"], row["target"], key=row["relation"], **attrs)
    return g


def _blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)
