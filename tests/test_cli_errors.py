"""Every user error of every command is one line on stderr and a non-zero
exit: unknown formats, a missing graph or corpus, an output that cannot be
written, an empty corpus, unknown names and options — never a traceback."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from export_support import specimen_kg

from kg.cli import main

QUERIES = [["partners", "营口市总工会"], ["mechanisms"], ["new-mechanisms"], ["cases"], ["path", "营口市总工会", "镇海区总工会"],
           ["central"], ["communities"], ["matrix"], ["evidence", "营口市总工会", "营口市人民检察院"]]

CASES = [
    # ingest
    ["ingest", "{missing}"], ["ingest", "{empty}"], ["ingest", "--bogus", "{data}"],
    # build
    ["build", "{data}", "-o", "{out}", "--formats", "docx"], ["build", "{empty}", "-o", "{out}"],
    ["build", "{missing}", "-o", "{out}"], ["build", "{data}", "-o", "{file}/out"],
    ["build", "{data}", "-o", "{file}"], ["build", "{data}", "-o", "{out}", "--engine", "spark"],
    ["build", "{data}", "-o", "{out}", "--jobs", "0"],
    # info
    ["info", "--graph", "{missing}"], ["info", "--graph", "{empty}"],
    # export
    ["export", "docx", "--graph", "{graph}"], ["export", "csv", "--graph", "{missing}", "-o", "{out}"],
    ["export", "graphml", "--graph", "{graph}", "-o", "{file}/g.graphml"],
    ["export", "csv", "--graph", "{graph}", "-o", "{file}"], ["export", "json", "--graph", "{graph}", "-o", "{empty}"],
    ["export", "html", "--graph", "{graph}", "--ego", "不存在的机构", "-o", "{out}.html"],
    ["export", "png", "--graph", "{graph}", "--layout", "circle"],
    # query
    *[["query", *q, "--graph", "{missing}"] for q in QUERIES],
    ["query", "partners", "不存在的机构", "--graph", "{graph}"], ["query", "partners", "总工会", "--graph", "{graph}"],
    ["query", "central", "--kind", "planet", "--graph", "{graph}"], ["query", "cases", "--mechanism", "无此机制",
                                                                    "--graph", "{graph}"],
    ["query", "partners"], ["query", "frob"],
    # evaluate, train
    ["evaluate", "{missing}", "{empty}"], ["evaluate", "{graph}", "{empty}"],
    ["train", "{empty}", "{empty}"], ["train", "{missing}", "{empty}"],
    # the group itself
    ["frob"], ["--bogus"],
]


@pytest.fixture(scope="module")
def places(tmp_path_factory, data_dir):
    root = tmp_path_factory.mktemp("errors")
    (root / "empty").mkdir()
    (root / "a-file.txt").write_text("not a directory", encoding="utf-8")
    specimen_kg().save(root / "graph")
    return {"missing": root / "missing", "empty": root / "empty", "file": root / "a-file.txt",
            "graph": root / "graph", "out": root / "out", "data": data_dir}


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a))
def test_wrong_arguments_give_one_line(places, args):
    result = CliRunner().invoke(main, [a.format(**places) for a in args])
    assert result.exit_code not in (0, None), result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert not (places["out"] / ".kg-staging").exists()
