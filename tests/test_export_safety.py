"""Exports never delete a user's files: ``csv`` and ``neo4j`` write or
replace only their own files in a directory, refuse a file of the same name
that kg did not write (unless --force), and a file where a directory is
needed, or the reverse, is a one-line error."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from export_support import specimen_kg

from kg.cli import main


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("graph")
    specimen_kg().save(d)
    return d


def run(*args):
    result = CliRunner().invoke(main, ["export", *map(str, args)])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    return result


def files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("fmt, own", [("csv", {"nodes.csv", "edges.csv", "evidence.csv"}),
                                      ("neo4j", {"load.cypher", "relationships.csv", "nodes_org.csv"})])
def test_export_into_a_folder_keeps_what_was_there(tmp_path, graph_dir, fmt, own):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "notes.md").write_text("my notes", encoding="utf-8")
    (folder / "page.txt").write_text("营口市总工会", encoding="utf-8")
    before = files(folder)
    assert run(fmt, "--graph", graph_dir, "-o", folder).exit_code == 0
    after = files(folder)
    assert {k: after[k] for k in before} == before
    assert own <= set(after) and not [p for p in folder.iterdir() if p.name.startswith(".")]
    assert run(fmt, "--graph", graph_dir, "-o", folder).exit_code == 0  # its own files: replaced


def test_export_into_the_graph_directory_keeps_the_build(tmp_path, graph_dir):
    out = tmp_path / "out"
    specimen_kg().save(out)
    (out / "graph.graphml").write_text("<graphml/>", encoding="utf-8")
    assert run("csv", "--graph", out, "-o", out).exit_code == 0
    assert {"articles.jsonl", "mentions.csv", "skipped.csv", "graph.graphml"} <= {p.name for p in out.iterdir()}


def test_a_users_file_of_the_same_name_is_refused_unless_forced(tmp_path, graph_dir):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "nodes.csv").write_text("Id,Label\n1,a\n", encoding="utf-8")
    result = run("csv", "--graph", graph_dir, "-o", folder)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {folder / 'nodes.csv'} exists and was not written by kg; move it, choose another -o "
        "or use --force to replace it"]
    assert (folder / "nodes.csv").read_text(encoding="utf-8") == "Id,Label\n1,a\n"
    assert sorted(p.name for p in folder.iterdir()) == ["nodes.csv"]
    assert run("csv", "--graph", graph_dir, "-o", folder, "--force").exit_code == 0
    assert (folder / "nodes.csv").read_text(encoding="utf-8").startswith("id,kind,name")


def test_file_versus_directory_is_a_one_line_error(tmp_path, graph_dir):
    existing = tmp_path / "graph.json"
    existing.write_text("{}", encoding="utf-8")
    result = run("csv", "--graph", graph_dir, "-o", existing)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "is a file" in result.stderr and existing.read_text(encoding="utf-8") == "{}"
    folder = tmp_path / "d.json"
    folder.mkdir()
    result = run("json", "--graph", graph_dir, "-o", folder)
    assert result.exit_code == 1 and "is a directory" in result.stderr and not any(folder.iterdir())


def test_export_into_the_current_directory(tmp_path, graph_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    assert run("csv", "--graph", graph_dir, "-o", ".").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edges.csv", "evidence.csv", "keep.txt", "nodes.csv"]
