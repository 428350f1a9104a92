"""A build's outputs match the build: a manifest in OUT records what it wrote,
the next build removes its own outputs it no longer writes, and never a file
it did not write."""
from __future__ import annotations

import json

from corpus_support import reposts

from kg.pipeline import MANIFEST, build_corpus


def test_stale_export_of_an_earlier_build_is_removed(tmp_path, data_dir):
    out = tmp_path / "out"
    build_corpus([data_dir / "000_d82cd269491dd9c4.txt"], out, jobs=1, formats=("graphml", "gexf"))
    (out / "notes.md").write_text("my notes", encoding="utf-8")
    report = build_corpus([reposts(tmp_path / "b")], out, jobs=1, formats=("gexf",))
    assert report.removed == ["graph.graphml"]
    assert not (out / "graph.graphml").exists() and (out / "graph.gexf").exists()
    assert (out / "notes.md").read_text(encoding="utf-8") == "my notes"
    assert set(json.loads((out / MANIFEST).read_text())["files"]) == set(report.written)


def test_an_output_changed_by_the_user_is_kept(tmp_path, data_dir):
    out = tmp_path / "out"
    page = data_dir / "000_d82cd269491dd9c4.txt"
    build_corpus([page], out, jobs=1, formats=("gexf",))
    (out / "graph.gexf").write_text("<edited by hand/>", encoding="utf-8")
    report = build_corpus([page], out, jobs=1, formats=())
    assert report.removed == []
    assert (out / "graph.gexf").read_text(encoding="utf-8") == "<edited by hand/>"


def test_a_directory_kg_did_not_write_is_refused(tmp_path, data_dir):
    import pytest

    from kg.errors import OutputError

    out = tmp_path / "out"
    (out / "graph.csv").mkdir(parents=True)
    (out / "graph.csv" / "mine.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="did not write"):
        build_corpus([data_dir / "000_d82cd269491dd9c4.txt"], out, jobs=1, formats=("csv",))
    assert (out / "graph.csv" / "mine.txt").exists() and not (out / "nodes.csv").exists()
