"""The interactive map: one self-contained HTML file (vis-network from the
pyvis package, our script and styles, the data as JSON) that works offline
and writes nothing beside itself."""
from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template

import networkx as nx

from kg.export import style
from kg.export.common import display_name, plain_attrs
from kg.export.layout import boxed

PHYSICS_MAX_NODES = 1000  # above this the precomputed layout stays as is (physics off)
STABILISATION_ITERATIONS = 150
EVIDENCE_PER_EDGE = 3
HIDDEN_ATTRS = {"name"}  # shown as the heading
# JSON inside <script>: no "<" (closes the tag or opens a comment), no
# characters that end a JavaScript line.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def write(g: nx.MultiDiGraph, path: Path, *, kg=None, title: str = "kg", layout: str = "spring", **_) -> None:
    page = _template().substitute(
        title=html.escape(title), vis_css=_vis("vis-network.css"), css=_asset("map.css"),
        vis_js=_vis("vis-network.min.js"), js=_asset("map.js"),
        data=script_json(map_data(g, kg.evidence if kg is not None else None, layout)))
    path.write_text(page, encoding="utf-8")


def script_json(value) -> str:
    """JSON that can sit inside a ``<script>`` element whatever its strings hold."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def map_data(g: nx.MultiDiGraph, evidence=None, layout: str = "spring") -> dict:
    """What map.js draws: nodes with colour, size, attributes and a starting
    position, edges with style and evidence sentences, the legend. Physics,
    when on, starts from the layout and settles fast; a geo map stays put."""
    physics = g.number_of_nodes() <= PHYSICS_MAX_NODES and layout != "geo"
    pos = boxed(g, layout)
    scale = 60 * g.number_of_nodes() ** 0.5
    sizes = style.node_sizes(g)
    nodes = []
    for n, d in g.nodes(data=True):
        node = {"id": n, "label": display_name(n, d), "kind": str(d.get("kind", "")),
                "province": str(d.get("province", "")), "aliases": str(d.get("aliases", "")).split("|"),
                "color": style.node_color(d), "size": sizes[n],
                "attrs": {k: v for k, v in plain_attrs(d).items() if k not in HIDDEN_ATTRS}}
        node["x"], node["y"] = round(pos[n][0] * scale, 1), round(-pos[n][1] * scale, 1)  # canvas y grows down
        nodes.append(node)
    sentences = _evidence(evidence, g)
    edges, seen_pairs = [], Counter()
    for i, (u, v, k, d) in enumerate(g.edges(keys=True, data=True)):
        relation = str(d.get("relation", k))
        s = style.edge_style(relation)
        pair = frozenset((u, v))
        edges.append({"id": i, "from": u, "to": v, "relation": relation, "weight": int(d.get("weight", 1)),
                      "color": s.color, "dashes": s.dashes, "width": s.width,
                      "parallel": seen_pairs[pair],  # 0 for the first edge of a pair, 1, 2 … for the next
                      "evidence": sentences.get((u, v, relation), [])})
        seen_pairs[pair] += 1
    return {
        "physics": physics, "iterations": STABILISATION_ITERATIONS,
        "nodes": nodes, "edges": edges,
        "kinds": sorted({n["kind"] for n in nodes}),
        "relations": sorted({e["relation"] for e in edges}),
        "labels": {key: style.label(key) for key in {n["kind"] for n in nodes} | {e["relation"] for e in edges}},
        "provinces": sorted({n["province"] for n in nodes} - {""}),
        "max_weight": max((e["weight"] for e in edges), default=1),
        "legend": {"nodes": style.legend(g),
                   "edges": [(style.label(r), style.edge_style(r).color, style.edge_style(r).dashes)
                             for r in sorted({e["relation"] for e in edges})]},
    }


def _evidence(evidence, g: nx.MultiDiGraph) -> dict[tuple, list[dict]]:
    """Up to EVIDENCE_PER_EDGE distinct sentences per (source, target, relation) of ``g``."""
    found: dict[tuple, list[dict]] = defaultdict(list)
    if evidence is None or evidence.empty:
        return found
    for row in evidence.to_dict("records"):
        key = (row["source"], row["target"], row["relation"])
        ev = plain_attrs({"sentence": row.get("sentence"), "file": row.get("file")})
        if (len(found[key]) < EVIDENCE_PER_EDGE and ev.get("sentence") and g.has_edge(key[0], key[1], key[2])
                and ev not in found[key]):
            found[key].append(ev)
    return found


@cache
def _template() -> Template:
    return Template(_asset("map.html"))


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def _vis(name: str) -> str:
    return resources.files("pyvis").joinpath("lib", "vis-9.1.2", name).read_text(encoding="utf-8")
