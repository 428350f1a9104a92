"""``kg evaluate``: the reference scorer's numbers, on a made-up build and
gold written here and, when ../shared is beside the checkout, on the build
of data/ against its gold and with the reference scorer itself."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import norm_name

from conftest import SHARED

SCORER = SHARED / "tools" / "score.py"
needs_shared = pytest.mark.skipif(not SCORER.exists(), reason="../shared (reference scorer, gold) absent")

NODES = [
    {"id": "o1", "kind": "org", "name": "辽宁省甲市总工会"},
    {"id": "o2", "kind": "org", "name": "甲市人民检察院"},
    {"id": "o3", "kind": "org", "name": "甲市人力资源和社会保障局"},
    {"id": "o4", "kind": "org", "name": "甲市某公司"},
    {"id": "m1", "kind": "mechanism", "name": "工会+检察", "mechanism_id": "union_procuratorate"},
    {"id": "x1", "kind": "outcome", "name": "追回工资 12万元", "value": "120000.0", "unit": "元"},
    {"id": "x2", "kind": "outcome", "name": "帮助 30人", "value": "30.0", "unit": "人"},
    {"id": "c1", "kind": "case", "name": "甲市欠薪案"},
]
EVIDENCE = [
    ("cooperates_with", "o1", "o2"), ("cooperates_with", "o2", "o3"), ("cooperates_with", "o1", "o4"),
    ("uses_mechanism", "o1", "m1"), ("uses_mechanism", "o3", "m1"),
    ("resulted_in", "o2", "x1"), ("involved_in", "o1", "c1"), ("resulted_in", "c1", "x2"),
]
GOLD = {
    "file": "a.txt",
    "orgs": [{"name": n} for n in ("甲市总工会", "甲市人民检察院", "甲市人力资源和社会保障局", "甲市法院")],
    "optional_orgs": ["甲市某公司"],
    "cooperations": [["甲市总工会", "甲市人民检察院"], ["甲市总工会", "甲市法院"]],
    "mechanisms": ["union_procuratorate"],
    "org_mechanisms": [["甲市总工会", "union_procuratorate"]],
    "outcomes": [{"value": 120000, "unit": "元", "core": True, "orgs": ["甲市人民检察院", "甲市总工会"]},
                 {"value": 30, "unit": "人", "core": True, "orgs": ["甲市总工会"]},
                 {"value": 5, "unit": "家", "core": False, "orgs": []}],
}


def _write(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, columns, restval="")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def made_up(tmp_path) -> tuple[Path, Path]:
    out, gold = tmp_path / "out", tmp_path / "gold"
    out.mkdir()
    gold.mkdir()
    _write(out / "nodes.csv", NODES, ["id", "kind", "name", "mechanism_id", "value", "unit"])
    _write(out / "mentions.csv", [{"node_id": n["id"], "file": "a.txt"} for n in NODES], ["node_id", "file"])
    _write(out / "evidence.csv", [{"relation": r, "source": s, "target": t, "file": "a.txt"}
                                  for r, s, t in EVIDENCE], ["relation", "source", "target", "file"])
    (gold / "a.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return out, gold


def _scores(*args: str) -> dict:
    result = CliRunner().invoke(main, ["evaluate", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_names_compare_after_light_normalisation():
    assert norm_name("辽宁省营口市人民检察院") == "营口市检察院"
    assert norm_name("营口市总") == "营口市总工会"
    assert norm_name("澜沧拉祜族自治县人力资源和社会保障局") == "澜沧县人社局"


def test_made_up_build_scores_as_counted_by_hand(made_up):
    s = _scores(*map(str, made_up))
    # the optional company's pair is ignored; 总工会–检察院 is right, 检察院–人社局 is not
    assert (s["cooperations"]["tp"], s["cooperations"]["predicted"], s["cooperations"]["gold"]) == (1, 2, 2)
    assert s["orgs"]["precision"] == 1.0 and s["orgs"]["recall"] == 0.75
    assert s["org_mechanisms"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    # 12万元 credited to the procuratorate only; 30人 through the case's party
    assert (s["outcome_orgs"]["tp"], s["outcome_orgs"]["predicted"], s["outcome_orgs"]["gold"]) == (2, 2, 3)
    assert s["outcomes"]["recall"] == 1.0 and "details" not in s


def test_details_list_misses_per_file(made_up):
    s = _scores(*map(str, made_up), "--details")
    assert s["details"]["a.txt"]["cooperations"]["missed"] == ["frozenset({'甲市总工会', '甲市法院'})"]
    text = CliRunner().invoke(main, ["evaluate", *map(str, made_up)]).output
    assert text.splitlines()[0].split() == ["P", "R", "F1", "pred", "gold"]
    assert text.splitlines()[2].startswith("cooperations")


def test_not_a_build_or_no_gold_is_one_line_error(made_up, tmp_path):
    out, gold = made_up
    for args in ([str(tmp_path), str(gold)], [str(out), str(tmp_path / "out")]):
        result = CliRunner().invoke(main, ["evaluate", *args])
        assert result.exit_code == 1
        assert result.output.startswith("Error:") and len(result.output.strip().splitlines()) == 1


def _reference(out: Path, gold: Path) -> dict:
    run = subprocess.run([sys.executable, str(SCORER), str(out), str(gold), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


@needs_shared
def test_equals_reference_scorer_on_made_up_gold(made_up):
    assert _scores(*map(str, made_up)) == _reference(*made_up)


@needs_shared
def test_equals_reference_scorer_on_sample_pages(built):
    gold = SHARED / "gold" / "dev"
    assert _scores(str(built), str(gold)) == _reference(built, gold)
