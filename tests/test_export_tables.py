"""csv, json and neo4j exports: the DESIGN §4 columns, node-link JSON that
networkx reads back, and a neo4j-admin import directory."""
from __future__ import annotations

import csv
import json

import networkx as nx
import pandas as pd
from export_support import SCRIPT_NAME, UNION, specimen_kg

from kg.export import export
from kg.graph import EDGE_COLUMNS, NODE_COLUMNS


def test_csv_directory_holds_filtered_tables_and_their_evidence(tmp_path):
    out = export(specimen_kg(), "csv", tmp_path / "tables", kind=["org"])
    assert sorted(p.name for p in out.iterdir()) == ["edges.csv", "evidence.csv", "nodes.csv"]
    nodes = pd.read_csv(out / "nodes.csv", dtype=str, keep_default_na=False)
    edges = pd.read_csv(out / "edges.csv", keep_default_na=False)
    evidence = pd.read_csv(out / "evidence.csv", keep_default_na=False)
    assert list(nodes.columns[: len(NODE_COLUMNS)]) == NODE_COLUMNS
    assert list(edges.columns[: len(EDGE_COLUMNS)]) == EDGE_COLUMNS
    assert set(nodes.kind) == {"org"} and len(nodes) == 5
    assert SCRIPT_NAME.replace("\x01", "") in set(nodes.name)
    assert set(edges.relation) == {"cooperates_with", "refers_clue_to", "recommends_to", "part_of"}
    assert len(evidence) == len(edges) and evidence.sentence.str.contains("</script>").all()


def test_json_is_node_link_that_networkx_reads(tmp_path):
    kg = specimen_kg()
    data = json.loads(export(kg, "json", tmp_path / "g.json").read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="links")
    assert isinstance(g, nx.MultiDiGraph)
    assert (g.number_of_nodes(), g.number_of_edges()) == (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
    assert g.has_edge(next(n for n, d in g.nodes(data=True) if d["name"] == UNION),
                      next(n for n, d in g.nodes(data=True) if d["name"] == "营口市人民检察院"), key="refers_clue_to")
    outcome = next(d for d in g.nodes.values() if d["kind"] == "outcome")
    assert outcome["value"] == 1175000.0 and "org_type" not in outcome  # no NaN or empty cells


def test_neo4j_directory_is_ready_for_admin_import(tmp_path):
    kg = specimen_kg()
    out = export(kg, "neo4j", tmp_path / "neo4j")
    node_files = sorted(out.glob("nodes_*.csv"))
    assert [p.name for p in node_files] == [f"nodes_{k}.csv" for k in sorted(kg.nodes.kind.unique())]
    ids, labels = set(), set()
    for path in node_files:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert next(iter(rows[0])) == "id:ID" and ":LABEL" in rows[0]
        labels |= {r[":LABEL"] for r in rows}
        ids |= {r["id:ID"] for r in rows}
    assert labels == {"Org", "Mechanism", "Case", "Issue", "Group", "Outcome", "Document", "Place", "Article"}
    orgs = pd.read_csv(out / "nodes_org.csv", dtype=str, keep_default_na=False)
    assert "aliases:string[]" in orgs.columns
    assert orgs.set_index("name").loc[UNION, "aliases:string[]"] == "市总工会;营口市总"
    outcome_header = (out / "nodes_outcome.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "value:double" in outcome_header
    rels = pd.read_csv(out / "relationships.csv", dtype=str, keep_default_na=False)
    assert list(rels.columns[:4]) == [":START_ID", ":END_ID", ":TYPE", "weight:long"]
    assert set(rels[":START_ID"]) | set(rels[":END_ID"]) <= ids
    assert len(rels) == kg.graph.number_of_edges() and "COOPERATES_WITH" in set(rels[":TYPE"])
    cypher = (out / "load.cypher").read_text(encoding="utf-8")
    assert all(f"file:///{p.name}" in cypher and f"--nodes={p.name}" in cypher for p in node_files)
    assert "CREATE (a)-[r:REFERS_CLUE_TO]->(b)" in cypher


def test_directory_exports_replace_their_own_files_only(tmp_path):
    out = tmp_path / "neo4j"
    export(specimen_kg(), "neo4j", out)
    before = (out / "nodes_case.csv").read_bytes()
    export(specimen_kg(), "neo4j", out, kind=["org"])
    cypher = (out / "load.cypher").read_text(encoding="utf-8")
    assert "nodes_org.csv" in cypher and "nodes_case.csv" not in cypher
    assert (out / "nodes_case.csv").read_bytes() == before  # not written now, not removed either
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left behind
