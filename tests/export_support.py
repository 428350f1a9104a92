"""What the export tests share: a small knowledge graph with every node
kind, every relation, parallel edges and awkward text (markup, quotes,
ampersands, control characters, CJK), and graphology (Node.js) as a reader."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd

from kg.api import KnowledgeGraph
from kg.graph import EDGE_COLUMNS, EVIDENCE_COLUMNS, NODE_COLUMNS
from kg.ids import node_id

SCRIPT_NAME = '<script>window.kgPwned=1</script>众泰"煤焦化"&\'有限公司$\\frac$\x01'
IMG_NAME = '<img src=x onerror="window.kgPwned=1">镇海区总工会'
UNION, PROCURATORATE, HRSS = "营口市总工会", "营口市人民检察院", "义安区人力资源和社会保障局"
JS = Path(__file__).resolve().parent / "js"
#: every relation of the specimen but the symmetric cooperates_with: an
#: export of these is a directed graph, which networkx reads (it cannot hold
#: a graph that mixes directed and undirected edges)
DIRECTED = ["refers_clue_to", "recommends_to", "uses_mechanism", "involved_in", "applies", "concerns",
            "resulted_in", "issued", "located_in", "part_of"]


def specimen_kg() -> KnowledgeGraph:
    orgs = [
        (UNION, "union", "city", "辽宁省", "营口市", "210800", "市总工会|营口市总"),
        (PROCURATORATE, "procuratorate", "city", "辽宁省", "营口市", "210800", "市检察院"),
        (HRSS, "hr_social_security", "county", "安徽省", "铜陵市", "340706", ""),
        (SCRIPT_NAME, "enterprise", "grassroots", "新疆维吾尔自治区", "阿克苏地区", "652926", "该公司"),
        (IMG_NAME, "union", "county", "浙江省", "宁波市", "330211", ""),
    ]
    nodes = [{"id": node_id("org", n, code), "kind": "org", "name": n, "org_type": t, "level": lv,
              "province": p, "city": c, "adcode": code, "aliases": a}
             for n, t, lv, p, c, code, a in orgs]
    others = [
        ("mechanism", "一函两书", {"mechanism_id": "M01", "category": "supervision"}),
        ("mechanism", "联席会议制度", {"mechanism_id": "M02"}),
        ("case", "义安区就业性别歧视案", {"date": "2024-03-01", "place": "义安区"}),
        ("issue", "就业性别歧视", {}),
        ("group", "女职工", {}),
        ("outcome", "追回欠薪117.5万余元", {"value": 1175000.0, "unit": "元", "metric": "追回欠薪",
                                      "text": "追回欠薪117.5万余元", "core": "True"}),
        ("document", "《关于加强劳动法律监督的意见》", {"date": "2023-12-01"}),
        ("place", "营口市", {"level": "city", "adcode": "210800"}),
        ("article", "营口市总与检察院协同监督", {"title": "营口市总与检察院协同监督", "file": "000.txt"}),
    ]
    for kind, name, attrs in others:
        nodes.append({"id": node_id(kind, name, attrs.get("adcode", "") if kind == "place" else ""),
                      "kind": kind, "name": name, **attrs})
    ids = {n["name"]: n["id"] for n in nodes}
    edges = [
        (UNION, PROCURATORATE, "cooperates_with", 3),
        (UNION, PROCURATORATE, "refers_clue_to", 1),  # parallel to the cooperation
        (PROCURATORATE, SCRIPT_NAME, "recommends_to", 2),
        (UNION, "一函两书", "uses_mechanism", 2),
        (HRSS, "联席会议制度", "uses_mechanism", 1),
        (HRSS, "义安区就业性别歧视案", "involved_in", 1),
        (PROCURATORATE, "义安区就业性别歧视案", "involved_in", 1),
        ("义安区就业性别歧视案", "一函两书", "applies", 1),
        ("义安区就业性别歧视案", "就业性别歧视", "concerns", 1),
        ("义安区就业性别歧视案", "女职工", "concerns", 1),
        ("义安区就业性别歧视案", "追回欠薪117.5万余元", "resulted_in", 1),
        (UNION, "《关于加强劳动法律监督的意见》", "issued", 1),
        (UNION, "营口市", "located_in", 1),
        (IMG_NAME, UNION, "part_of", 1),
        (IMG_NAME, SCRIPT_NAME, "cooperates_with", 1),
    ]
    edge_rows = [{"source": ids[s], "target": ids[t], "relation": r, "weight": w} for s, t, r, w in edges]
    evidence = [{"relation": r, "source": ids[s], "target": ids[t], "doc_id": "000.txt#1", "file": "000.txt",
                 "sentence": f"{s}与{t}开展协作</script><script>window.kgPwned=1</script>。", "rule": "test"}
                for s, t, r, _ in edges]
    return KnowledgeGraph(pd.DataFrame(nodes).reindex(columns=NODE_COLUMNS),
                          pd.DataFrame(edge_rows).reindex(columns=EDGE_COLUMNS),
                          evidence=pd.DataFrame(evidence).reindex(columns=EVIDENCE_COLUMNS))


def graphology(fmt: str, path: Path) -> dict:
    """The graph as graphology reads it (tests/js/read_graph.mjs; `make node-deps`)."""
    done = subprocess.run(["node", str(JS / "read_graph.mjs"), fmt, str(path)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
