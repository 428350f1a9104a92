"""Case assembly (DESIGN §3.1 ``case``): on the 营口 and 澜沧 reports of the
sample pages, first with mentions placed by the test, then through the whole
pipeline."""
from __future__ import annotations

import pytest

from kg.extract.cases import CaseBuilder, short_place
from test_relations import YK_PROC, YK_UNION, blank, extractor, pairs, run  # noqa: F401

YINGKOU_ORGS = {"营口市总工会": YK_UNION, "营口市总": YK_UNION,
                "市检察院": YK_PROC, "营口市检察院": YK_PROC}


def article(data_dir, name, start, end):
    text = (data_dir / name).read_text(encoding="utf-8")
    return text[text.index(start):text.index(end)].strip()


@pytest.fixture(scope="module")
def builder():
    return CaseBuilder(None, "kg_case_builder")


@pytest.fixture(scope="module")
def yingkou(data_dir):
    return article(data_dir, "000_d82cd269491dd9c4.txt", "营口市总与检察院", "广东省总着力")


def build(blank, extractor, builder, text, orgs, outcomes=(), mechanisms=()):  # noqa: F811
    return builder(run(blank, extractor, text, orgs, mechanisms, outcomes))


def cases(doc):
    return [n for n in doc._.nodes.values() if n.kind == "case"]


def test_yingkou_case(blank, extractor, builder, yingkou):  # noqa: F811
    doc = build(blank, extractor, builder, yingkou, YINGKOU_ORGS,
                outcomes=[("监督5家", 5, "家"), ("督促19家", 19, "家")],
                mechanisms=[("检察建议", "procuratorial_recommendation")])
    (case,) = cases(doc)
    # named after what it is about: the report's issues in the order it names them
    assert case.name == "营口市女职工未缴工伤保险、职场性骚扰等案"
    assert case.attrs == {"date": "2025-12-01", "place": "营口市"}
    assert case.id.endswith("@210800")
    assert pairs(doc, "involved_in") == {("营口市总工会", case.name), ("营口市人民检察院", case.name)}
    concerns = {t for s, t in pairs(doc, "concerns")}
    assert {"未缴工伤保险", "职场性骚扰", "就业性别歧视", "女职工"} <= concerns
    assert pairs(doc, "applies") == {(case.name, "procuratorial_recommendation")}
    outcomes = [r for r in doc._.relations if r[0] == "resulted_in" and r[1] == case.id]
    assert len(outcomes) == 2
    assert "已成功监督5家用人单位" in yingkou[outcomes[0][3]:outcomes[0][4]]
    # the case's mentions are the case words that made it a case
    words = {yingkou[s:e] for nid, s, e in doc._.node_mentions if nid == case.id}
    assert "此案" in words
    assert all(builder.cues.fullmatch(w) for w in words)


def test_mechanism_announcement_is_no_case(blank, extractor, builder):  # noqa: F811
    text = ("湖北省总工会联合省检察院印发《关于构建“检察+工会”劳动者合法权益保障协作机制的通知》，"
            "明确建立健全工会劳动法律监督与检察监督协作机制。")
    from kg.extract.mentions import Org

    hubei = {"湖北省总工会": Org("湖北省总工会", "union", "provincial", "湖北省", adcode="420000"),
             "省检察院": Org("湖北省人民检察院", "procuratorate", "provincial", "湖北省", adcode="420000")}
    doc = build(blank, extractor, builder, text, hubei)
    assert cases(doc) == []
    assert pairs(doc, "issued")  # the document is still read


def test_case_needs_a_party(blank, extractor, builder):  # noqa: F811
    doc = build(blank, extractor, builder, "某驾校拖欠工资，经调解成功追回欠薪2万元。", {},
                outcomes=[("2万元", 20000, "元")])
    assert cases(doc) == []


def test_short_place_names():
    assert short_place("澜沧拉祜族自治县") == "澜沧县"
    assert short_place("营口市") == "营口市"


# -- the whole pipeline on the sample pages -----------------------------------

@pytest.fixture(scope="module")
def page_records(nlp, data_dir):
    """Records of the 营口 and 澜沧 reports, extracted by the full pipeline."""
    from kg.api import read_articles
    from kg.extract import extract

    articles, _ = read_articles([data_dir / "000_d82cd269491dd9c4.txt",
                                 data_dir / "001_dda077ff57b881a0.txt"])
    pick = {"营口": "营口市总与市检察院", "澜沧": "澜沧县某驾校"}
    return {key: extract(nlp, next(a for a in articles if cue in a.text))
            for key, cue in pick.items()}


def edges(records, relation):
    names = {n.id: n.name for n in records.nodes}
    return {(names[e.source], names[e.target]) for e in records.evidence if e.relation == relation}


def test_pipeline_yingkou_case(page_records):
    rec = page_records["营口"]
    (case,) = [n for n in rec.nodes if n.kind == "case"]
    assert case.name.startswith("营口市女职工")
    assert case.attrs["place"] == "营口市"
    assert {o for o, c in edges(rec, "involved_in")} == {"营口市总工会", "营口市人民检察院"}
    assert {"营口市总工会", "营口市人民检察院"} in [set(p) for p in edges(rec, "cooperates_with")]
    values = {n.id: n.attrs["value"] for n in rec.nodes if n.kind == "outcome"}
    results = {values[e.target] for e in rec.evidence
               if e.relation == "resulted_in" and e.source == case.id}
    assert {5, 19, 181} <= results
    assert {"女职工", "就业性别歧视"} <= {t for c, t in edges(rec, "concerns")}


def test_pipeline_lancang_task_force(page_records):
    rec = page_records["澜沧"]
    task_force = {"澜沧拉祜族自治县总工会", "澜沧拉祜族自治县人民检察院",
                  "澜沧拉祜族自治县人力资源和社会保障局", "澜沧拉祜族自治县交通运输局"}
    coop = {frozenset(p) for p in edges(rec, "cooperates_with")}
    assert {frozenset((a, b)) for a in task_force for b in task_force if a < b} <= coop
    cases = [n for n in rec.nodes if n.kind == "case"]
    assert [c.attrs["place"] for c in cases] == ["澜沧县"]
    assert task_force <= {o for o, c in edges(rec, "involved_in")}
    # the task force, named again as 专项工作组, holds the joint meetings
    meeting = {o for o, m in edges(rec, "uses_mechanism") if m == "联席会议"}
    assert task_force <= meeting


def test_unlinked_parties_sharing_a_case_name_keep_their_own_results(blank, extractor, builder):  # noqa: F811
    from test_relations import QH_ORGS
    text = ("城东区检察院督促整改就业歧视问题，制发检察建议8份。"
            "区公安分局开展就业歧视专项督查，督促整改。"
            "截至目前，城东区25家单位补发工资47万余元。")
    doc = build(blank, extractor, builder, text, QH_ORGS,
                outcomes=[("8份", 8, "份"), ("47万余元", 470000, "元")])
    (case,) = cases(doc)
    assert {o for o, _ in pairs(doc, "involved_in")} == {"城东区人民检察院", "城东区公安分局"}
    linked = {r[2] for r in doc._.relations if r[0] == "resulted_in" and r[1] == case.id}
    # 8份 is the procuratorate's alone: not the case's, which both parties share
    assert [text[int(o.rsplit(":", 1)[1]):].split("，")[0][:2] for o in linked] == ["47"]


def test_partners_of_a_mechanism_share_no_result_the_text_gives_one_party(blank, extractor, builder):  # noqa: F811
    from test_relations import QH_ORGS
    text = ("城东区检察院加强外部协作，与区公安分局、区妇联建立线索移送机制，督促整改欠薪问题。"
            "一方面，共调解成功9件。")
    doc = build(blank, extractor, builder, text, QH_ORGS, outcomes=[("9件", 9, "件")])
    (case,) = cases(doc)
    assert {o for o, _ in pairs(doc, "involved_in")} == {"城东区人民检察院", "城东区公安分局", "城东区妇女联合会"}
    credited = {r[1] for r in doc._.relations if r[0] == "resulted_in"}
    assert credited == {"org:城东区人民检察院@630102"}  # not the case, which the partners share
