"""One layout per graph, on the organisation network, the same under any
hash seed: positions of the sample build compared across processes."""
import json
import os
import subprocess
import sys

import networkx as nx

from kg.export import layout as layouts
from kg.export.layout import base_network, layout

from export_support import specimen_kg

POSITIONS = """
import hashlib, json, sys, tempfile, kg
from pathlib import Path
from kg.export import export
from kg.export.layout import layout
built = kg.load(sys.argv[1])
files = {}
with tempfile.TemporaryDirectory() as tmp:
    for fmt in ("html", "graphml", "gexf"):
        files[fmt] = hashlib.sha256(export(built, fmt, Path(tmp) / f"g.{fmt}").read_bytes()).hexdigest()
print(json.dumps({"positions": layout(built.graph, "spring"), "files": files}, sort_keys=True))
"""


def _exports_under(hash_seed: str, built) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", POSITIONS, str(built)], env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def test_the_sample_build_exports_do_not_depend_on_the_hash_seed(built):
    first, second = _exports_under("1", built), _exports_under("2", built)
    assert first == second
    positions = first["positions"]
    assert len({tuple(xy) for xy in positions.values()}) > 0.9 * len(positions)  # laid out, not piled up


def test_the_network_laid_out_is_the_organisations_cooperation():
    g = specimen_kg().graph
    nodes, edges = base_network(g)
    assert {g.nodes[n]["kind"] for n in nodes} == {"org"}
    assert all(g.has_edge(u, v, "cooperates_with") or g.has_edge(v, u, "cooperates_with") for u, v in edges)
    pos = layout(g)
    assert set(pos) == set(g)
    assert all(-1.0 <= c <= 1.0 for xy in pos.values() for c in xy)


def test_a_graph_without_cooperation_is_laid_out_whole():
    g = nx.MultiDiGraph()
    g.add_edge("case:a", "mechanism:m", key="applies")
    g.add_edge("case:b", "mechanism:m", key="applies")
    nodes, edges = base_network(g)
    assert nodes == ["case:a", "case:b", "mechanism:m"] and len(edges) == 2


def test_the_exports_of_one_graph_share_one_layout(monkeypatch):
    calls = []
    real = layouts._component
    monkeypatch.setattr(layouts, "_component", lambda *a: calls.append(a) or real(*a))
    layouts.network_layout.cache_clear()
    g = specimen_kg().graph
    first = layout(g)
    shown = [n for n in g if g.degree(n)]
    layout(g.subgraph(shown).copy(), nodes=shown[:10])  # the map: fewer nodes, the same network
    assert calls and len(calls) == len({tuple(c[0]) for c in calls})  # each component laid out once
    assert layout(g) == first


def test_large_components_are_spread_by_their_nearest_nodes():
    star = [(0, i) for i in range(1, 1500)]
    pos = layouts.nearest_spring(1500, star)
    leaves = pos[1:]
    spacing = min(float(abs(leaves[:, 0].max() - leaves[:, 0].min())), float(abs(leaves[:, 1].max() - leaves[:, 1].min())))
    assert spacing > 0.1  # the leaves of a hub spread around it, not heaped on it
    assert (layouts.nearest_spring(1500, star) == pos).all()
