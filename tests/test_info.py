"""``kg info``: what a built graph holds."""
from __future__ import annotations

import json

import pandas as pd
from click.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli import main


def info(*args):
    result = CliRunner().invoke(main, ["info", *map(str, args)])
    assert "Traceback" not in result.output
    return result


def small_graph(directory):
    nodes = pd.DataFrame([
        {"id": "org:营口市总工会@210800", "kind": "org", "name": "营口市总工会"},
        {"id": "org:营口市人民检察院@210800", "kind": "org", "name": "营口市人民检察院"},
        {"id": "mechanism:clue_transfer", "kind": "mechanism", "name": "线索移送"},
        {"id": "article:a.txt#1", "kind": "article", "name": "标题"},
        {"id": "article:a.txt#2", "kind": "article", "name": "另一篇"},
    ])
    edges = pd.DataFrame([("org:营口市总工会@210800", "org:营口市人民检察院@210800", "cooperates_with", 2),
                          ("org:营口市总工会@210800", "mechanism:clue_transfer", "uses_mechanism", 1)],
                         columns=["source", "target", "relation", "weight"])
    articles = pd.DataFrame([{"id": f"a.txt#{i}", "file": "a.txt", "title": "t", "text": ""} for i in (1, 2)])
    skipped = pd.DataFrame([{"file": "scan.pdf", "reason": "unsupported file type .pdf"}])
    return KnowledgeGraph(nodes, edges, articles=articles, skipped=skipped).save(directory)


def test_info_counts_by_kind_and_relation(tmp_path):
    out = info("--graph", small_graph(tmp_path), "--json")
    assert out.exit_code == 0, out.output
    summary = json.loads(out.output)
    assert summary["nodes_by_kind"] == {"article": 2, "mechanism": 1, "org": 2}
    assert summary["edges_by_relation"] == {"cooperates_with": 1, "uses_mechanism": 1}
    assert (summary["nodes"], summary["edges"], summary["articles"], summary["files"]) == (5, 2, 2, 1)
    assert summary["skipped"] == [{"file": "scan.pdf", "reason": "unsupported file type .pdf"}]


def test_info_table_lists_counts_and_skipped_files(tmp_path):
    out = info("--graph", small_graph(tmp_path))
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].split() == ["what", "count"]
    assert ["cooperates_with", "1"] in [line.split() for line in lines]
    assert ["files", "1"] in [line.split() for line in lines]
    assert lines[-1] == "skipped scan.pdf: unsupported file type .pdf"


def test_info_csv(tmp_path):
    out = info("--graph", small_graph(tmp_path), "--csv")
    assert out.output.splitlines()[:3] == ["what,count", "nodes,5", "  article,2"]


def test_info_on_the_sample_build(built, data_dir):
    summary = json.loads(info("--graph", built, "--json").output)
    assert summary["files"] == len(list(data_dir.glob("*.txt")))
    assert summary["nodes_by_kind"]["article"] == summary["articles"] >= summary["files"]
    assert summary["skipped"] == []
    assert sum(summary["edges_by_relation"].values()) == summary["edges"]


def test_info_without_a_build_is_one_line_error(tmp_path):
    out = info("--graph", tmp_path / "missing")
    assert out.exit_code == 1
    assert out.output.count("\n") == 1 and "run 'kg build' first" in out.output
