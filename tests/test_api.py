"""The library interface: kg.build, kg.load and KnowledgeGraph (DESIGN §6)."""
from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import kg
from kg.api import KnowledgeGraph
from kg.knowledge import ARTICLE_COLUMNS


def test_load_gives_tables_and_a_multidigraph(built, data_dir):
    g = kg.load(built)
    assert isinstance(g.graph, nx.MultiDiGraph)
    assert g.graph.number_of_nodes() == len(g.nodes)
    assert g.graph.number_of_edges() == len(g.edges)
    assert set(ARTICLE_COLUMNS) <= set(g.articles.columns)
    assert set(g.articles.file) == {p.name for p in data_dir.glob("*.txt")}
    assert list(g.skipped.columns) == ["file", "reason"]
    for row in g.articles.itertuples():
        assert g.graph.nodes[f"article:{row.id}"]["kind"] == "article"


def test_edges_are_keyed_by_relation_with_integer_weight():
    nodes = pd.DataFrame([{"id": "org:a", "kind": "org", "name": "a"}, {"id": "org:b", "kind": "org", "name": "b"}])
    edges = pd.DataFrame([("org:a", "org:b", "cooperates_with", 3), ("org:a", "org:b", "refers_clue_to", 1)],
                         columns=["source", "target", "relation", "weight"])
    g = KnowledgeGraph(nodes, edges).graph
    assert g.edges["org:a", "org:b", "cooperates_with"]["weight"] == 3
    assert set(g["org:a"]["org:b"]) == {"cooperates_with", "refers_clue_to"}


def test_save_load_round_trip(tmp_path):
    nodes = pd.DataFrame([{"id": "org:营口市总工会@210800", "kind": "org", "name": "营口市总工会",
                           "aliases": "营口市总|市总", "value": None},
                          {"id": "outcome:a#1@3", "kind": "outcome", "name": "5家", "value": 5.0, "unit": "家"}])
    edges = pd.DataFrame([("org:营口市总工会@210800", "outcome:a#1@3", "resulted_in", 1)],
                         columns=["source", "target", "relation", "weight"])
    articles = pd.DataFrame([{"id": "a#1", "file": "a.txt", "title": "标题", "subtitles": ["副题"],
                              "byline": "", "date": "2024-01-02", "text": "正文"}])
    original = KnowledgeGraph(nodes, edges, articles=articles,
                              skipped=pd.DataFrame([{"file": "x.pdf", "reason": "unsupported"}]))
    back = kg.load(original.save(tmp_path / "g"))
    assert back.nodes.name.tolist() == ["营口市总工会", "5家"]
    assert back.nodes.value.tolist()[1] == 5.0
    assert back.edges.weight.tolist() == [1]
    assert back.articles.subtitles.tolist() == [["副题"]]
    assert back.skipped.to_dict("records") == [{"file": "x.pdf", "reason": "unsupported"}]
    assert back.graph.nodes["org:营口市总工会@210800"]["aliases"] == "营口市总|市总"
    assert "value" not in back.graph.nodes["org:营口市总工会@210800"]  # blanks are left out


def test_load_of_an_empty_build_has_article_columns(tmp_path):
    KnowledgeGraph(pd.DataFrame(columns=["id", "kind", "name"]),
                   pd.DataFrame(columns=["source", "target", "relation", "weight"])).save(tmp_path)
    g = kg.load(tmp_path)
    assert g.articles.empty and list(g.articles.columns) == ARTICLE_COLUMNS
    assert g.graph.number_of_nodes() == 0


def test_load_of_an_unbuilt_directory_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="run 'kg build' first"):
        kg.load(tmp_path)


def test_build_without_out_returns_the_graph(data_dir):
    g = kg.build(sorted(data_dir.glob("00[01]_*.txt")))
    assert sorted(g.articles.file.unique()) == sorted(p.name for p in data_dir.glob("00[01]_*.txt"))
    assert "article" in set(g.nodes.kind)
    assert repr(g).startswith("<KnowledgeGraph ")


def test_kg_build_stays_the_function_once_the_module_is_imported():
    from kg.pipeline import build_corpus  # noqa: F401  (what the CLI and fixtures do)

    assert callable(kg.build) and kg.build.__module__ == "kg.api"
