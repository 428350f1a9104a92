"""Cooperation is symmetric, so GraphML and GEXF write it as undirected edges
(an undirected graph for an organisation network, per-edge marks in a graph
that mixes relations), and attributes keep their types: ``core`` a boolean,
``weight`` an integer — as networkx, igraph and graphology read them, and in
the Neo4j bundle."""
from __future__ import annotations

import csv

import igraph
import networkx as nx
import pytest
from export_support import graphology, specimen_kg
from lxml import etree

from kg.export import export

ORG_NETWORK = {"kind": ["org"], "relation": ["cooperates_with"]}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_organisation_network_is_undirected_for_every_reader(tmp_path, fmt):
    path = export(specimen_kg(), fmt, tmp_path / f"g.{fmt}", **ORG_NETWORK)
    g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path, version="1.3")
    assert not g.is_directed() and g.number_of_edges() == 2
    if fmt == "graphml":  # networkx's GEXF reader makes every weight a float
        assert all(type(d["weight"]) is int for *_, d in g.edges(data=True))
    read = graphology(fmt, path)
    assert read["type"] == "undirected" and all(e["undirected"] for e in read["edges"])
    if fmt == "graphml":
        ig = igraph.Graph.Read_GraphML(str(path))
        assert not ig.is_directed() and ig.ecount() == 2


def test_mixed_gexf_marks_cooperation_undirected(tmp_path):
    kg = specimen_kg()
    read = graphology("gexf", export(kg, "gexf", tmp_path / "g.gexf"))
    assert read["type"] == "mixed"
    undirected = {e["attrs"]["kind"] for e in read["edges"] if e["undirected"]}
    directed = {e["attrs"]["kind"] for e in read["edges"] if not e["undirected"]}
    assert undirected == {"cooperates_with"} and "cooperates_with" not in directed
    assert "refers_clue_to" in directed


def test_mixed_graphml_marks_cooperation_undirected(tmp_path):
    path = export(specimen_kg(), "graphml", tmp_path / "g.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    tree = etree.parse(str(path))
    assert tree.find(".//g:graph", ns).get("edgedefault") == "directed"
    keys = {k.get("attr.name"): k.get("id") for k in tree.iterfind(".//g:key[@for='edge']", ns)}
    marks = {e.find(f"g:data[@key='{keys['relation']}']", ns).text: e.get("directed")
             for e in tree.iterfind(".//g:edge", ns)}
    assert marks["cooperates_with"] == "false" and marks["refers_clue_to"] is None
    ig = igraph.Graph.Read_GraphML(str(path))  # igraph holds no mixed graph: it reads every edge
    assert ig.ecount() == specimen_kg().graph.number_of_edges()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_core_is_a_boolean_and_weight_an_integer(tmp_path, fmt):
    path = export(specimen_kg(), fmt, tmp_path / f"g.{fmt}")
    read = graphology(fmt, path)
    outcome = next(a for a in read["nodes"].values() if a.get("kind") == "outcome")
    assert outcome["core"] is True
    assert all(isinstance(e["attrs"]["weight"], int) for e in read["edges"])
    text = path.read_text(encoding="utf-8")
    if fmt == "graphml":
        assert 'attr.name="core" attr.type="boolean"' in text and 'attr.name="weight" attr.type="int"' in text
    else:
        assert 'title="core" type="boolean"' in text and 'weight="3"' in text


def test_neo4j_types_booleans_and_counts(tmp_path):
    out = export(specimen_kg(), "neo4j", tmp_path / "neo4j")
    with (out / "nodes_outcome.csv").open(encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert row["core:boolean"] == "true"
    with (out / "relationships.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert all(r["weight:long"].isdigit() for r in rows)
    assert {(r[":START_ID"], r[":END_ID"]) for r in rows if r[":TYPE"] == "COOPERATES_WITH"}
    assert "aliases:string[]" in (out / "nodes_org.csv").read_text(encoding="utf-8").splitlines()[0]

