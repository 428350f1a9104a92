"""A synthetic knowledge graph of any size, for ``make bench`` and the export
tests: every kind and relation, organisations in real divisions.

>>> synthetic_kg(5000).graph.number_of_nodes()    # doctest: +SKIP
"""
from __future__ import annotations

import random

import pandas as pd

from kg.divisions import adcodes
from kg.graph import EDGE_COLUMNS, EVIDENCE_COLUMNS, NODE_COLUMNS
from kg.knowledge import KnowledgeGraph

# Share of each kind among the nodes, and the relations drawn between kinds.
KIND_SHARE = {"org": 0.4, "mechanism": 0.05, "case": 0.2, "issue": 0.03, "group": 0.02,
              "outcome": 0.15, "document": 0.05, "article": 0.1}
RELATIONS = [("cooperates_with", "org", "org"), ("refers_clue_to", "org", "org"),
             ("recommends_to", "org", "org"), ("part_of", "org", "org"),
             ("uses_mechanism", "org", "mechanism"), ("involved_in", "org", "case"),
             ("applies", "case", "mechanism"), ("concerns", "case", "issue"),
             ("concerns", "case", "group"), ("resulted_in", "case", "outcome"),
             ("issued", "org", "document")]
BODIES = [("总工会", "union"), ("人民检察院", "procuratorate"), ("人民法院", "court"),
          ("人力资源和社会保障局", "hr_social_security"), ("司法局", "justice"),
          ("审计局", "audit"), ("人民政府", "government"), ("市场监督管理局", "agency"),
          ("职工服务中心", "association")]


def synthetic_kg(n_nodes: int = 5000, seed: int = 0):
    """A KnowledgeGraph shaped like a large corpus: every kind and relation,
    organisations in real divisions (adcodes with coordinates), about three
    edges per node, each with one evidence sentence."""
    rng = random.Random(seed)
    divisions = _divisions()
    rows, by_kind, seen = [], {k: [] for k in KIND_SHARE}, set()
    for kind, share in KIND_SHARE.items():
        for i in range(max(1, int(n_nodes * share))):
            row = {"kind": kind}
            if kind == "org":
                adcode, place, province = rng.choice(divisions)
                body, org_type = rng.choice(BODIES)
                row |= {"name": f"{place}{body}", "org_type": org_type, "adcode": adcode,
                        "province": province, "level": "county" if adcode[4:6] != "00" else "city"}
                row["id"] = f"org:{row['name']}@{adcode}"
            elif kind == "outcome":
                row |= {"name": f"追回欠薪{i}万元", "value": float(i * 10000), "unit": "元",
                        "metric": "追回欠薪"}
            elif kind == "mechanism":
                row |= {"name": f"协作机制{i}", "mechanism_id": f"M{i:03d}"}
            else:
                row["name"] = f"{kind}{i}"
            row.setdefault("id", f"{kind}:{row['name']}")
            if row["id"] not in seen:
                seen.add(row["id"])
                rows.append(row)
                by_kind[kind].append(row)
    nodes = pd.DataFrame(rows).reindex(columns=NODE_COLUMNS)
    edges, evidence = {}, []
    for _ in range(int(len(nodes) * 1.5)):
        relation, a, b = rng.choice(RELATIONS)
        s, t = rng.choice(by_kind[a])["id"], rng.choice(by_kind[b])["id"]
        if s == t:
            continue
        key = (s, t, relation)
        edges[key] = edges.get(key, 0) + rng.choice((1, 1, 1, 2, 3))
        evidence.append({"relation": relation, "source": s, "target": t, "doc_id": "synthetic#1",
                         "file": "synthetic.txt", "sentence": f"{s}与{t}开展合作。", "rule": "synthetic"})
    edge_rows = [{"source": s, "target": t, "relation": r, "weight": w} for (s, t, r), w in edges.items()]
    return KnowledgeGraph(nodes, pd.DataFrame(edge_rows).reindex(columns=EDGE_COLUMNS),
                          evidence=pd.DataFrame(evidence).reindex(columns=EVIDENCE_COLUMNS))


def _divisions() -> list[tuple[str, str, str]]:
    """(6-digit adcode, name, province name) of cpca's divisions."""
    rows = [(a.adcode, a.name) for a in adcodes()]
    provinces = {code[:2]: name for code, name in rows if code.endswith("0000")}
    return [(code, name, provinces.get(code[:2], "")) for code, name in rows if not code.endswith("0000")]
