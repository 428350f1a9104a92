"""The subgraph an export shows: the same filters for every format.

Filters apply in a fixed order — node kinds, relations, edge weight and
dates, organisation type, level and province, ego network, top-N by
degree — so that
``--ego X --top 20`` means "the 20 best-connected nodes around X".
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


class FilterError(ValueError):
    """A filter that cannot be applied (unknown ego organisation …)."""


MULTI = ("kind", "relation", "org_type", "province", "level")


@dataclass(frozen=True)
class Filters:
    kind: tuple[str, ...] = ()
    relation: tuple[str, ...] = ()
    org_type: tuple[str, ...] = ()
    province: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    min_weight: float = 0
    since: str | None = None  # ISO dates: edges last reported on or after since …
    until: str | None = None  # … and first reported on or before until; undated edges go
    ego: str | None = None
    depth: int = 1
    top: int | None = None

    @classmethod
    def of(cls, **options) -> Filters:
        """From keyword options as the CLI or a caller gives them: a single
        string or an iterable per multi-valued filter, None for "not set"."""
        values = {}
        for key, value in options.items():
            if key not in cls.__dataclass_fields__:
                raise FilterError(f"unknown filter {key!r}")
            if value is None:
                continue
            if key in MULTI:
                value = (value,) if isinstance(value, str) else tuple(value)
            values[key] = value
        return cls(**values)


def apply(g: nx.MultiDiGraph, f: Filters) -> nx.MultiDiGraph:
    """A new graph holding what ``f`` keeps of ``g`` (attributes copied)."""
    nodes = set(g)
    if f.kind:
        nodes = {n for n in nodes if g.nodes[n].get("kind") in f.kind}
    edges = [(u, v, k) for u, v, k, d in g.edges(keys=True, data=True)
             if u in nodes and v in nodes
             and (not f.relation or d.get("relation", k) in f.relation)
             and _weight(d) >= f.min_weight and _dated(d, f)]
    h = _subgraph(g, nodes, edges)
    if f.org_type or f.province or f.level:
        h = _orgs_where(h, f)
    if f.ego is not None:
        centre = find_node(h, f.ego)
        keep = nx.single_source_shortest_path_length(h.to_undirected(as_view=True), centre, cutoff=f.depth)
        h = h.subgraph(keep).copy()
    if f.top is not None:
        ranked = sorted(h.degree(), key=lambda nd: (-nd[1], nd[0]))
        h = h.subgraph(n for n, _ in ranked[: f.top]).copy()
    if len(g) and not len(h):  # most often a misspelt kind, type or province
        kinds = ", ".join(sorted({str(d.get("kind")) for _, d in g.nodes(data=True)}))
        raise FilterError(f"the filters keep no node of the graph (its kinds: {kinds})")
    return h


def find_node(g: nx.MultiDiGraph, name: str, kind: str | None = None) -> str:
    """The node ``name`` means (id, name, alias or abbreviation; of ``kind``,
    or any kind), looked up as ``kg query`` does; FilterError when unknown or
    ambiguous."""
    from kg.query import NameLookupError
    from kg.query import find_node as lookup

    try:
        return lookup(g, name, kind=kind)
    except NameLookupError as exc:
        raise FilterError(str(exc)) from None


def _weight(d: dict) -> float:
    try:
        return float(d.get("weight", 1))
    except (TypeError, ValueError):
        return 1.0


def _dated(d: dict, f: Filters) -> bool:
    if f.since is None and f.until is None:
        return True
    first = str(d.get("first_date") or d.get("last_date") or "")
    last = str(d.get("last_date") or first)
    return bool(first) and (f.since is None or last >= f.since) and (f.until is None or first <= f.until)


def _subgraph(g: nx.MultiDiGraph, nodes: set, edges: list) -> nx.MultiDiGraph:
    h = nx.MultiDiGraph(**g.graph)
    h.add_nodes_from((n, g.nodes[n]) for n in sorted(nodes))
    h.add_edges_from((u, v, k, g.edges[u, v, k]) for u, v, k in edges)
    return h


def _orgs_where(h: nx.MultiDiGraph, f: Filters) -> nx.MultiDiGraph:
    """Organisations of the asked types/levels/provinces, and the non-organisation
    nodes linked to them (their mechanisms, cases, outcomes …)."""
    def wanted(d: dict) -> bool:
        return ((not f.org_type or d.get("org_type") in f.org_type)
                and (not f.level or d.get("level") in f.level)
                and (not f.province or any(str(d.get("province", "")).startswith(p) for p in f.province)))

    orgs = {n for n, d in h.nodes(data=True) if d.get("kind") == "org" and wanted(d)}
    linked = {m for n in orgs for m in nx.all_neighbors(h, n) if h.nodes[m].get("kind") != "org"}
    return h.subgraph(orgs | linked).copy()
