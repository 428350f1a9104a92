"""GraphML export: Gephi-ready attributes, read back by networkx, igraph
and graphology with the same nodes, edges and attribute types."""
from __future__ import annotations

import igraph
import networkx as nx
from export_support import DIRECTED, IMG_NAME, SCRIPT_NAME, graphology, specimen_kg

from kg.export import export


def test_networkx_reads_every_node_edge_and_typed_attribute(tmp_path):
    kg = specimen_kg()
    path = export(kg, "graphml", tmp_path / "g.graphml", relation=DIRECTED)
    g = nx.read_graphml(path)
    assert g.is_directed()
    assert (g.number_of_nodes(), g.number_of_edges()) == (kg.graph.number_of_nodes(), kg.graph.number_of_edges() - 2)
    union = next(d for d in g.nodes.values() if d["name"] == "营口市总工会")
    assert union["label"] == "营口市总工会" and union["org_type"] == "union"
    assert union["aliases"] == "市总工会|营口市总"
    assert isinstance(union["r"], int) and isinstance(union["size"], float)
    assert union["color"] == "#d55e00"
    outcome = next(d for d in g.nodes.values() if d["kind"] == "outcome")
    assert outcome["value"] == 1175000.0 and outcome["unit"] == "元" and outcome["core"] is True
    relations = sorted(d["relation"] for u, v, d in g.edges(data=True)
                       if g.nodes[u]["name"] == "营口市总工会" and g.nodes[v]["name"] == "营口市人民检察院")
    assert relations == ["refers_clue_to"]
    assert all(type(d["weight"]) is int for *_, d in g.edges(data=True))
    assert not any(v is None for _, d in g.nodes(data=True) for v in d.values())


def test_markup_and_control_characters_round_trip_as_text(tmp_path):
    g = nx.read_graphml(export(specimen_kg(), "graphml", tmp_path / "g.graphml", relation=DIRECTED))
    names = {d["name"] for d in g.nodes.values()}
    assert SCRIPT_NAME.replace("\x01", "") in names  # XML cannot hold U+0001; the rest is kept
    assert IMG_NAME in names


def test_igraph_reads_the_same_graph(tmp_path):
    kg = specimen_kg()
    ig = igraph.Graph.Read_GraphML(str(export(kg, "graphml", tmp_path / "g.graphml")))
    assert (ig.vcount(), ig.ecount()) == (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
    assert ig.is_directed()
    assert sorted(set(ig.es["relation"])) == sorted({r for *_, r in kg.graph.edges(keys=True)})
    union = ig.vs.find(label="营口市总工会")
    assert union["org_type"] == "union" and union["size"] > 6.0
    assert all(float(w).is_integer() for w in ig.es["weight"])


def test_graphology_reads_parallel_edges_and_types(tmp_path):
    kg = specimen_kg()
    read = graphology("graphml", export(kg, "graphml", tmp_path / "g.graphml"))
    assert read["multi"] and read["type"] in ("directed", "mixed")
    assert (read["order"], read["size"]) == (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
    union = next(a for a in read["nodes"].values() if a.get("name") == "营口市总工会")
    assert union["org_type"] == "union" and isinstance(union["size"], float | int)
    assert {e["attrs"]["relation"] for e in read["edges"]} == {r for *_, r in kg.graph.edges(keys=True)}


def test_real_build_exports_and_reads_back(built, tmp_path):
    from kg.api import load

    kg = load(built)
    g = igraph.Graph.Read_GraphML(str(export(kg, "graphml", tmp_path / "g.graphml")))
    assert g.vcount() == kg.graph.number_of_nodes() > 0
    assert g.ecount() == kg.graph.number_of_edges()
    assert all(v["label"] and v["r"] is not None for v in g.vs)
