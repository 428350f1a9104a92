"""The interactive map: one self-contained HTML file (vis-network, shipped in
assets/vis-network, our script and styles, the data as JSON) that works offline
and writes nothing beside itself.

What a reader sees first is the cooperation network of organisations:
organisations sized by their number of partners, cooperation edges
weighted by the stories that report them. Mechanisms, cases, outcomes and
the other kinds are layers the reader switches on; their data is carried
apart (``layers``) so the first view stays the organisation network."""
from __future__ import annotations

import html
import json
import warnings
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

import networkx as nx

from kg.export import style
from kg.export.basemap import outlines
from kg.export.common import article_titles, asset, display_name, plain_attrs
from kg.export.layout import geo_projected, normalised
from kg.export.layout import layout as compute_layout
from kg.query import SYMMETRIC, edge_key

BASE_KIND = "org"
BASE_RELATION = "cooperates_with"
# Layers in the order they are resolved: a layer node shows when one of its
# neighbours shows, so an outcome (linked to a case) comes after cases.
LAYER_ORDER = ("mechanism", "case", "outcome", "issue", "group", "document", "place")
LINKS_LAYER = "links"  # organisation-to-organisation relations other than cooperation
MAX_ORGS = 2000  # beyond this the map opens on the best-connected organisations
MAX_LAYER_NODES = 3000  # per layer, the best-connected
PHYSICS_MAX_NODES = 1000  # above this the precomputed layout stays as is (physics off)
STABILISATION_ITERATIONS = 150
EVIDENCE_PER_EDGE = 3
CENTRAL_LABELS = 20  # organisations whose labels are drawn large from the first view
HIDDEN_ATTRS = {"name"}  # shown as the heading
# JSON inside <script>: no "<" (closes the tag or opens a comment), no
# characters that end a JavaScript line.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


class EmptyMapWarning(UserWarning):
    """The filters leave a map with no edge to draw."""


@dataclass(frozen=True)
class MapOptions:
    """What the map shows at first: ``layers`` switched on, ``isolated``
    organisations (no edge) kept, at most ``max_orgs`` organisations."""
    layers: tuple[str, ...] = ()
    isolated: bool = False
    max_orgs: int = MAX_ORGS


def write(g: nx.MultiDiGraph, path: Path, *, kg=None, title: str = "kg", layout: str = "spring",
          layers=(), isolated: bool | None = None, **_) -> None:
    data = map_data(g, kg, layout, MapOptions(tuple(layers or ()), bool(isolated)))
    if not data["edges"] and not any(layer["edges"] for layer in data["layers"].values()):
        warnings.warn(EmptyMapWarning(data["empty"]), stacklevel=2)
    path.write_text(page(title, data), encoding="utf-8")


def page(title: str, data: dict) -> str:
    """The whole map page around ``data`` (see :func:`map_data`)."""
    return _template().substitute(
        title=html.escape(title), vis_css=_vis("vis-network.css"), css=asset("map.css"),
        vis_js=_vis("vis-network.min.js"), js=asset("map.js"), data=script_json(data))


def script_json(value) -> str:
    """JSON that can sit inside a ``<script>`` element whatever its strings hold."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def map_data(g: nx.MultiDiGraph, kg=None, layout: str = "spring", options: MapOptions = MapOptions()) -> dict:
    """What map.js draws: organisation nodes and cooperation edges (``nodes``,
    ``edges``), the other kinds and relations as ``layers``, the filters'
    values, the legend and a note on what is hidden."""
    orgs = [n for n, d in g.nodes(data=True) if d.get("kind") == BASE_KIND]
    partners = _partners(g, orgs)
    ranked = sorted(orgs, key=lambda n: (-len(partners[n]), -g.degree(n), n))
    shown = ranked[: options.max_orgs]
    if not options.isolated:
        shown = [n for n in shown if partners[n] or any(g.nodes[m].get("kind") != "article" for m in
                                                         nx.all_neighbors(g, n))]
    shown_set = set(shown)
    layer_nodes = _layer_nodes(g, shown_set)
    members = shown_set | {n for nodes in layer_nodes.values() for n in nodes}
    pos = _positions(g, shown, layer_nodes, layout)
    titles = article_titles(kg)
    sentences = _evidence(kg.evidence if kg is not None else None, members, titles)
    base_edges, layer_edges = [], defaultdict(list)
    for i, (u, v, rel, d) in enumerate(_edges(g, members)):
        edge = _edge(i, u, v, rel, d, sentences)
        if rel == BASE_RELATION and u in shown_set and v in shown_set:
            base_edges.append(edge)
        else:
            layer_edges[_edge_layer(g, u, v)].append(edge)
    central = set(shown[:CENTRAL_LABELS])
    nodes = [_node(g, n, pos, len(partners[n]), n in central) for n in shown]
    layers = {}
    for name in (*LAYER_ORDER, LINKS_LAYER):
        if layer_nodes.get(name) or layer_edges.get(name):
            layers[name] = {"label": style.label(name if name != LINKS_LAYER else "org_links"),
                            "on": name in options.layers,
                            "nodes": [_node(g, n, pos, 0, False) for n in layer_nodes.get(name, [])],
                            "edges": layer_edges.get(name, [])}
    all_nodes = [n for n in nodes] + [n for layer in layers.values() for n in layer["nodes"]]
    all_edges = base_edges + [e for layer in layers.values() for e in layer["edges"]]
    dates = sorted({e[k] for e in all_edges for k in ("first", "last") if e[k]})
    org_types = sorted({n["org_type"] for n in nodes if n["org_type"]}, key=_palette_order)
    return {
        "physics": len(all_nodes) <= PHYSICS_MAX_NODES and layout != "geo",
        "iterations": STABILISATION_ITERATIONS, "geo": layout == "geo", "isolated": options.isolated,
        "nodes": nodes, "edges": base_edges, "layers": layers,
        "org_types": [[t, style.label(f"org:{t}"), style.palette()["org_type"].get(t, "#777777")] for t in org_types],
        "levels": [[lv, style.label(f"level:{lv}")] for lv in sorted({n["level"] for n in nodes if n["level"]},
                                                                      key=_level_order)],
        "provinces": sorted({n["province"] for n in all_nodes} - {""}),
        "dates": [dates[0], dates[-1]] if dates else [],
        "max_weight": max((e["weight"] for e in all_edges), default=1),
        "labels": {key: style.label(key) for key in sorted({e["relation"] for e in all_edges} | {n["kind"] for n in all_nodes}
                                                           | {f"org:{n['org_type']}" for n in nodes})},
        "total_orgs": len(orgs), "hidden_orgs": len(orgs) - len(shown),
        "hidden_note": _hidden_note(len(orgs), len(shown), options),
        "empty": ("the filters leave no edge to draw: lower --min-weight, widen --since/--province, "
                  "or add --isolated to see the organisations alone"),
        "basemap": outlines((n["province"] for n in nodes), GEO_SCALE) if layout == "geo" else None,
    }


def _partners(g: nx.MultiDiGraph, orgs: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {n: set() for n in orgs}
    for u, v, rel in g.edges(keys=True):
        if rel == BASE_RELATION and u != v and u in found and v in found:
            found[u].add(v)
            found[v].add(u)
    return found


def _layer_nodes(g: nx.MultiDiGraph, shown: set[str]) -> dict[str, list[str]]:
    """Per layer, the nodes linked to a shown organisation, or (outcomes of
    a case, issues of a case …) to such a node; the best-connected first."""
    near = {m for n in shown for m in nx.all_neighbors(g, n) if m not in shown}
    near |= {m for n in near for m in nx.all_neighbors(g, n) if m not in shown}
    by_layer: dict[str, list[str]] = defaultdict(list)
    for n in near:
        kind = g.nodes[n].get("kind")
        if kind in LAYER_ORDER:
            by_layer[kind].append(n)
    return {k: sorted(v, key=lambda n: (-g.degree(n), n))[:MAX_LAYER_NODES] for k, v in by_layer.items()}


def _edges(g: nx.MultiDiGraph, members: set[str]):
    """Edges between members; a cooperation stored both ways is one edge."""
    seen = set()
    for u, v, rel, d in g.edges(keys=True, data=True):
        if u not in members or v not in members or u == v:
            continue
        key = edge_key(u, v, rel)
        if key in seen:
            continue
        seen.add(key)
        yield u, v, rel, d


def _edge_layer(g: nx.MultiDiGraph, u: str, v: str) -> str:
    kinds = [g.nodes[u].get("kind"), g.nodes[v].get("kind")]
    if kinds == [BASE_KIND, BASE_KIND]:
        return LINKS_LAYER
    return max((k for k in kinds if k in LAYER_ORDER), key=LAYER_ORDER.index)


def _node(g: nx.MultiDiGraph, n: str, pos: dict, partners: int, central: bool) -> dict:
    d = g.nodes[n]
    x, y = pos.get(n, (0.0, 0.0))
    return {"id": n, "label": display_name(n, d), "kind": str(d.get("kind", "")),
            "org_type": str(d.get("org_type", "")), "level": str(d.get("level", "")),
            "province": str(d.get("province", "")), "aliases": [a for a in str(d.get("aliases", "")).split("|") if a],
            "color": style.node_color(d), "shape": style.node_shape(d), "partners": partners,
            "central": central, "x": round(x, 1), "y": round(y, 1),
            "attrs": {k: v for k, v in plain_attrs(d).items() if k not in HIDDEN_ATTRS}}


def _edge(i: int, u: str, v: str, rel: str, d: dict, sentences: dict) -> dict:
    s = style.edge_style(rel)
    found = sentences.get((u, v, rel), []) or (sentences.get((v, u, rel), []) if rel in SYMMETRIC else [])
    return {"id": i, "from": u, "to": v, "relation": rel, "weight": int(d.get("weight", 1)),
            "first": str(d.get("first_date", "") or ""), "last": str(d.get("last_date", "") or ""),
            "color": s.color, "dashes": s.dashes, "width": s.width, "evidence": found}


def _positions(g: nx.MultiDiGraph, shown: list[str], layer_nodes: dict, layout: str) -> dict:
    """Canvas positions: the graph's one layout (organisations on their
    cooperation network, layer nodes beside their neighbours, so switching a
    layer on does not move the organisations), or their place on a geo map."""
    everything = [*shown, *(n for nodes in layer_nodes.values() for n in nodes)]
    if layout == "geo":
        return {n: (x * GEO_SCALE, -y * GEO_SCALE) for n, (x, y) in geo_projected(g.subgraph(everything), GEO_SPREAD).items()}
    scale = 60 * max(len(shown), 1) ** 0.5
    return {n: (x * scale, -y * scale)  # canvas y grows down
            for n, (x, y) in normalised(compute_layout(g, layout, nodes=everything)).items()}


GEO_SCALE = 20  # canvas units per degree on a geo map
GEO_SPREAD = 0.9  # degrees between agencies of one place: they stay apart at the first view


def _evidence(evidence, members: set[str], titles: dict) -> dict[tuple, list[dict]]:
    """Up to EVIDENCE_PER_EDGE distinct sentences per (source, target, relation)
    among ``members``, each with its article's title and file."""
    found: dict[tuple, list[dict]] = defaultdict(list)
    if evidence is None or evidence.empty:
        return found
    rows = evidence[evidence.source.isin(members) & evidence.target.isin(members)]
    for row in rows.to_dict("records"):
        key = (row["source"], row["target"], row["relation"])
        ev = plain_attrs({"sentence": row.get("sentence"), "file": row.get("file"),
                          "title": titles.get(str(row.get("doc_id", ""))), "date": row.get("date")})
        if len(found[key]) < EVIDENCE_PER_EDGE and ev.get("sentence") and ev not in found[key]:
            found[key].append(ev)
    return found


def _hidden_note(total: int, shown: int, options: MapOptions) -> str:
    if total <= options.max_orgs:
        return ""
    return (f"显示合作最多的 {options.max_orgs} 个机构，另有 {total - options.max_orgs} 个未显示。"
            f" Showing the {options.max_orgs} best-connected of {total} organisations; narrow the map with "
            "kg export html --top N, --province 省, --since YYYY-MM-DD, --org-type TYPE.")


def _palette_order(org_type: str) -> int:
    order = list(style.palette()["org_type"])
    return order.index(org_type) if org_type in order else len(order)


def _level_order(level: str) -> int:
    order = style.palette()["levels"]
    return order.index(level) if level in order else len(order)


@cache
def _template() -> Template:
    return Template(asset("map.html"))


def _vis(name: str) -> str:
    return asset(f"vis-network/{name}")
