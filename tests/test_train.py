"""``kg train`` on a tiny made-up gold set: it cross-validates, writes a
plain JSON weights file, and ``kg build --model`` decides with it; a weights
file of another version is a one-line error."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

pytest.importorskip("sklearn")

ARTICLES = {
    "a": """大连市总工会与大连市人民检察院联合召开联席会议

本报讯 近日，大连市总工会与大连市人民检察院联合召开联席会议，共同签署工会+检察协作机制意见。大连市人力资源和社会保障局派员出席。截至目前，双方已帮助120名职工追回工资80万元。
""",
    "b": """本溪市总工会携手本溪市人民法院推进诉调对接

本报讯 本溪市总工会携手本溪市人民法院建立诉调对接工作机制。本溪市人民检察院的代表参加了会议。今年以来，共调解劳动争议案件35件。
""",
    "c": """鞍山市人力资源和社会保障局开展根治欠薪行动

本报讯 鞍山市人力资源和社会保障局会同鞍山市总工会开展根治欠薪专项行动，为200名农民工追回欠薪150万元。鞍山市人民法院介绍了有关情况。
""",
    "d": """丹东市人民检察院向丹东市人力资源和社会保障局发出检察建议

本报讯 丹东市人民检察院与丹东市总工会建立工会+检察协作机制，督促12家企业补缴社保费用。丹东市人民法院、丹东市司法局也在会上发言。
""",
}
DL, BX, AS, DD = "大连市", "本溪市", "鞍山市", "丹东市"
GOLD = {
    "a": ([(f"{DL}总工会", f"{DL}人民检察院")],
          [(f"{DL}总工会", "union_procuratorate"), (f"{DL}人民检察院", "union_procuratorate")],
          [(800000, "元", [f"{DL}总工会", f"{DL}人民检察院"]), (120, "人", [f"{DL}总工会", f"{DL}人民检察院"])]),
    "b": ([(f"{BX}总工会", f"{BX}中级人民法院")],
          [(f"{BX}总工会", "union_court"), (f"{BX}中级人民法院", "union_court")],
          [(35, "件", [f"{BX}总工会", f"{BX}中级人民法院"])]),
    "c": ([(f"{AS}人力资源和社会保障局", f"{AS}总工会")],
          [(f"{AS}人力资源和社会保障局", "joint_campaign"), (f"{AS}总工会", "joint_campaign")],
          [(1500000, "元", [f"{AS}人力资源和社会保障局", f"{AS}总工会"]),
           (200, "人", [f"{AS}人力资源和社会保障局", f"{AS}总工会"])]),
    "d": ([(f"{DD}人民检察院", f"{DD}总工会")],
          [(f"{DD}人民检察院", "union_procuratorate"), (f"{DD}总工会", "union_procuratorate")],
          [(12, "家", [f"{DD}人民检察院", f"{DD}总工会"])]),
}


@pytest.fixture(scope="module")
def annotated(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("annotated")
    corpus, gold = root / "corpus", root / "gold"
    corpus.mkdir()
    gold.mkdir()
    for name, text in ARTICLES.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
        pairs, org_mechs, outcomes = GOLD[name]
        orgs = sorted({o for p in pairs for o in p} | {o for o, _ in org_mechs})
        (gold / f"{name}.json").write_text(json.dumps({
            "file": f"{name}.txt", "orgs": [{"name": o} for o in orgs],
            "cooperations": pairs, "mechanisms": sorted({m for _, m in org_mechs}),
            "org_mechanisms": org_mechs,
            "outcomes": [{"value": v, "unit": u, "core": True, "orgs": who} for v, u, who in outcomes],
        }, ensure_ascii=False), encoding="utf-8")
    return corpus, gold


@pytest.fixture(scope="module")
def model(annotated, tmp_path_factory) -> Path:
    corpus, gold = annotated
    path = tmp_path_factory.mktemp("model") / "model.json"
    result = CliRunner().invoke(main, ["train", str(gold), str(corpus), "-o", str(path), "--folds", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert "2-fold cross-validation by file (4 files)" in result.output
    assert [line.split()[0] for line in result.output.splitlines()[2:5]] == ["model", "rules", "cooccurrence"]
    return path


def test_model_file_is_plain_data(model):
    data = json.loads(model.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["strategy"]) == ("kg-decision-weights", 1, "model")
    coop = data["relations"]["cooperates_with"]
    assert len(coop["features"]) == len(coop["weights"]) and 0 < coop["threshold"] < 1
    assert data["trained_on"]["files"] == 4


def test_build_decides_with_the_model(annotated, model, tmp_path):
    corpus, _ = annotated
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "-q", "--formats", "",
                                       "--model", str(model)])
    assert result.exit_code == 0, result.output
    with (out / "evidence.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["relation"] == "cooperates_with"]
    assert rows and all(r["rule"].startswith("model:") and 0.0 <= float(r["score"]) <= 1.0 for r in rows)


def test_model_of_another_version_is_one_line_error(annotated, model, tmp_path):
    corpus, _ = annotated
    data = json.loads(model.read_text(encoding="utf-8"))
    other = tmp_path / "old.json"
    other.write_text(json.dumps({**data, "version": 99}), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "o"), "--model", str(other)])
    assert result.exit_code == 1
    assert result.output.startswith("Error:") and "version 99" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_train_without_matching_gold_is_one_line_error(annotated, tmp_path):
    corpus, _ = annotated
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "zzz.json").write_text(json.dumps({"file": "zzz.txt"}), encoding="utf-8")
    result = CliRunner().invoke(main, ["train", str(tmp_path / "g"), str(corpus), "-q"])
    assert result.exit_code == 1 and result.output.startswith("Error:")
