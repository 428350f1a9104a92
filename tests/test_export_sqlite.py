"""kg export sqlite: tables with foreign keys, trigram full-text search over
evidence sentences and article text, and Datasette metadata with facets."""
from __future__ import annotations

import json

import pandas as pd
import sqlite_utils
from click.testing import CliRunner
from export_support import PROCURATORATE, UNION, specimen_kg

from kg.cli import main
from kg.export import export, outputs
from kg.pipeline import build_corpus


def _built(tmp_path):
    kg = specimen_kg()
    kg.articles = pd.DataFrame([{"id": "000.txt#1", "file": "000.txt", "title": "营口市总与检察院协同监督",
                                 "subtitles": [], "byline": "", "date": "2024-05-01",
                                 "text": "营口市总工会与市检察院签订协作意见，共同守护女职工权益。"}])
    kg.save(tmp_path / "out")
    return tmp_path / "out"


def test_database_has_linked_tables_and_full_text_search(tmp_path):
    out = tmp_path / "kg.db"
    result = CliRunner().invoke(main, ["export", "sqlite", "--graph", str(_built(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "datasette" in result.output
    db = sqlite_utils.Database(out)
    assert {"nodes", "edges", "evidence", "articles", "mentions"} <= set(db.table_names())
    assert {(fk.column, fk.other_table) for fk in db["edges"].foreign_keys} == {("source", "nodes"),
                                                                                ("target", "nodes")}
    assert ("doc_id", "articles") in {(fk.column, fk.other_table) for fk in db["evidence"].foreign_keys}
    hits = list(db["evidence"].search(f"{UNION}与{PROCURATORATE}"))
    assert hits and hits[0]["sentence"].startswith(f"{UNION}与{PROCURATORATE}开展协作")
    assert [a["title"] for a in db["articles"].search("守护女职工")] == ["营口市总与检察院协同监督"]
    union = db.execute("SELECT e.weight FROM edges e JOIN nodes a ON a.id = e.source JOIN nodes b ON b.id = e.target "
                       "WHERE a.name = ? AND b.name = ? AND e.relation = 'cooperates_with'",
                       [UNION, PROCURATORATE]).fetchone()
    assert union == (3,)
    meta = json.loads((tmp_path / "kg.metadata.json").read_text(encoding="utf-8"))
    assert meta["databases"]["kg"]["tables"]["nodes"]["facets"] == ["kind", "org_type", "level", "province"]
    assert meta["databases"]["kg"]["tables"]["edges"]["facets"] == ["relation"]


def test_the_library_writes_the_metadata_too(tmp_path):
    """kg.export.export (not only the CLI) writes Datasette's metadata beside
    the database, and outputs() names both."""
    db = export(specimen_kg(), "sqlite", tmp_path / "cases.db")
    assert outputs("sqlite", db) == [db, tmp_path / "cases.metadata.json"]
    meta = json.loads((tmp_path / "cases.metadata.json").read_text(encoding="utf-8"))
    assert meta["databases"]["cases"]["tables"]["edges"]["facets"] == ["relation"]
    assert outputs("graphml", tmp_path / "g.graphml") == [tmp_path / "g.graphml"]


def test_a_build_with_the_sqlite_format_keeps_the_metadata(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("营口市总工会与营口市人民检察院联合开展劳动法律监督。\n", encoding="utf-8")
    report = build_corpus([corpus], tmp_path / "out", formats=["sqlite"])
    assert {"graph.sqlite", "graph.metadata.json"} <= set(report.written)
    meta = json.loads((tmp_path / "out" / "graph.metadata.json").read_text(encoding="utf-8"))
    assert "graph" in meta["databases"]

