"""GEXF export: valid against the official GEXF 1.3 schema, read by networkx
and graphology, with colours, sizes and positions from the layout."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from export_support import DIRECTED, IMG_NAME, SCRIPT_NAME, graphology, specimen_kg
from lxml import etree

from kg.export import export

SCHEMA = Path(__file__).resolve().parent / "schemas" / "gexf" / "1.3" / "gexf.xsd"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_valid_against_the_official_schema(tmp_path, schema):
    path = export(specimen_kg(), "gexf", tmp_path / "g.gexf")
    schema.assertValid(etree.parse(str(path)))


def test_synthetic_large_graph_is_valid(tmp_path, schema):
    from bench.synthetic import synthetic_kg

    path = export(synthetic_kg(1500), "gexf", tmp_path / "g.gexf", layout="geo")
    schema.assertValid(etree.parse(str(path)))


def test_networkx_reads_nodes_edges_and_attributes(tmp_path):
    kg = specimen_kg()
    g = nx.read_gexf(export(kg, "gexf", tmp_path / "g.gexf", relation=DIRECTED), version="1.3")
    assert (g.number_of_nodes(), g.number_of_edges()) == (kg.graph.number_of_nodes(), kg.graph.number_of_edges() - 2)
    labels = {d["label"] for d in g.nodes.values()}
    assert {SCRIPT_NAME.replace("\x01", ""), IMG_NAME, "营口市总工会"} <= labels
    outcome = next(d for d in g.nodes.values() if d["kind"] == "outcome")
    assert outcome["value"] == 1175000.0 and outcome["core"] is True
    assert {d["relation"] for *_, d in g.edges(data=True)} == set(DIRECTED)


def test_graphology_reads_colour_size_position_and_edge_kind(tmp_path):
    kg = specimen_kg()
    read = graphology("gexf", export(kg, "gexf", tmp_path / "g.gexf"))
    assert (read["order"], read["size"]) == (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
    union = next(a for a in read["nodes"].values() if a["label"] == "营口市总工会")
    assert union["color"] == "rgb(213,94,0)" and union["size"] > 6
    xs = {a["x"] for a in read["nodes"].values()}
    assert len(xs) > 5  # a computed layout, not every node at the origin
    pair = sorted(e["attrs"]["kind"] for e in read["edges"]
                  if read["nodes"][e["source"]]["label"] == "营口市总工会"
                  and read["nodes"][e["target"]]["label"] == "营口市人民检察院")
    assert pair == ["cooperates_with", "refers_clue_to"]
    assert {e["attrs"]["weight"] for e in read["edges"]} >= {1, 3}


def test_geo_layout_puts_organisations_at_their_division(tmp_path):
    g = nx.read_gexf(export(specimen_kg(), "gexf", tmp_path / "g.gexf", layout="geo", relation=DIRECTED),
                     version="1.3")
    tree = etree.parse(str(tmp_path / "g.gexf"))
    ns = {"g": "http://gexf.net/1.3"}
    x = {n.get("label"): float(n.find("g:position", ns).get("x")) for n in tree.iterfind(".//g:node", ns)}
    assert x["营口市总工会"] > x["义安区人力资源和社会保障局"]  # Yingkou (122°E) lies east of Yi'an (117.8°E)
    assert g.number_of_nodes() == 14


def _dated_kg():
    kg = specimen_kg()
    dates = {"cooperates_with": ("2023-03-01", "2024-06-30"), "uses_mechanism": ("2024-01-15", "2024-01-15")}
    kg.edges["first_date"] = kg.edges.relation.map(lambda r: dates.get(r, ("", ""))[0])
    kg.edges["last_date"] = kg.edges.relation.map(lambda r: dates.get(r, ("", ""))[1])
    return kg


def test_dated_graph_is_dynamic_for_gephis_timeline(tmp_path, schema):
    path = export(_dated_kg(), "gexf", tmp_path / "g.gexf")
    doc = etree.parse(str(path))
    schema.assertValid(doc)
    ns = {"g": "http://gexf.net/1.3"}
    graph = doc.find("g:graph", ns)
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    coop = [e for e in doc.iterfind(".//g:edge", ns) if e.get("kind") == "cooperates_with"]
    assert coop and all((e.get("start"), e.get("end")) == ("2023-03-01", "2024-06-30") for e in coop)
    union = next(n for n in doc.iterfind(".//g:node", ns) if n.get("label") == "营口市总工会")
    assert (union.get("start"), union.get("end")) == ("2023-03-01", "2024-06-30")
    undated = etree.parse(str(export(specimen_kg(), "gexf", tmp_path / "s.gexf")))
    assert undated.find("g:graph", ns).get("mode") == "static"


def test_dynamic_gexf_is_read_by_networkx_and_graphology(tmp_path):
    kg = _dated_kg()
    g = nx.read_gexf(export(kg, "gexf", tmp_path / "d.gexf", relation=DIRECTED), version="1.3")  # no mixed graphs
    assert g.graph["mode"] == "dynamic" and g.number_of_nodes() == kg.graph.number_of_nodes()
    read = graphology("gexf", export(kg, "gexf", tmp_path / "g.gexf"))
    assert read["order"] == kg.graph.number_of_nodes() and read["size"] == kg.graph.number_of_edges()
