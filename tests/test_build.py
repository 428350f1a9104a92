"""`kg build` writes the output contract of DESIGN §4."""
from __future__ import annotations

import csv
import json

from click.testing import CliRunner

from kg.cli import main

CONTRACT = {
    "nodes.csv": ["id", "kind", "name", "org_type", "level", "province", "city", "county",
                  "mechanism_id", "value", "unit"],
    "edges.csv": ["source", "target", "relation", "weight"],
    "mentions.csv": ["node_id", "doc_id", "file", "start", "end", "text"],
    "evidence.csv": ["relation", "source", "target", "doc_id", "file", "sentence"],
    "skipped.csv": ["file", "reason"],
}


def test_build_writes_every_contract_file(built):
    for name, columns in CONTRACT.items():
        with (built / name).open(encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert header[: len(columns)] == columns or set(columns) <= set(header), name
    assert (built / "graph.graphml").stat().st_size > 0
    assert (built / "graph.html").stat().st_size > 0


def test_mention_offsets_index_article_text(built):
    texts = {}
    for line in (built / "articles.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        assert {"id", "file", "title", "subtitles", "byline", "date", "text"} <= row.keys()
        texts[row["id"]] = row["text"]
    with (built / "mentions.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert texts[row["doc_id"]][int(row["start"]):int(row["end"])] == row["text"]


def test_cli_build_reports_what_it_wrote(data_dir, tmp_path):
    result = CliRunner().invoke(main, ["build", str(data_dir), "-o", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 0, result.output
    assert "processed 5 files" in result.output
    assert "graph.html" in result.output


def test_cli_build_json_report_then_up_to_date(data_dir, tmp_path):
    args = ["build", str(data_dir), "-o", str(tmp_path), "--formats", "", "--json", "-q"]
    first = json.loads(CliRunner().invoke(main, args).output)
    assert (first["files"], first["articles"], first["unchanged"]) == (5, 41, False)
    assert first["nodes"] > 0 and "nodes.csv" in first["written"]
    again = json.loads(CliRunner().invoke(main, args).output)
    assert again["unchanged"] and again["cached"] == 41 and again["nodes"] == first["nodes"]


def test_cli_build_missing_path_is_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert result.exit_code != 0
    assert "no such file or directory" in result.output
    assert "Traceback" not in result.output
