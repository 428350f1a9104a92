"""Relation rules (DESIGN §3.2) on sentences from the sample pages and made-up
ones, with organisation and mechanism mentions placed by the test so the
rules are checked independently of the recogniser."""
from __future__ import annotations

import re

import pytest
import spacy

from kg.extract import make_doc
from kg.extract.mentions import MechanismMention, Org, OrgMention, OutcomeMention
from kg.extract.relations import RelationExtractor
from kg.models import Article

YK_UNION = Org("营口市总工会", "union", "city", "辽宁省", "营口市", "", "210800")
YK_PROC = Org("营口市人民检察院", "procuratorate", "city", "辽宁省", "营口市", "", "210800")
YK_HRSS = Org("营口市人力资源和社会保障局", "hr_social_security", "city", "辽宁省", "营口市", "", "210800")
ZH = dict(province="浙江省", city="宁波市", county="镇海区", adcode="330211")
ZH_UNION = Org("镇海区总工会", "union", "county", **ZH)
ZH_PROC = Org("镇海区人民检察院", "procuratorate", "county", **ZH)
ZH_HEALTH = Org("镇海区卫生健康委员会", "agency", "county", **ZH)
NB_UNION = Org("宁波市总工会", "union", "city", "浙江省", "宁波市", "", "330200")
LC = dict(province="云南省", city="普洱市", county="澜沧拉祜族自治县", adcode="530828")
LC_PROC = Org("澜沧拉祜族自治县人民检察院", "procuratorate", "county", **LC)
LC_COURT = Org("澜沧拉祜族自治县人民法院", "court", "county", **LC)
GS = dict(province="甘肃省", adcode="620000")
GS_UNION = Org("甘肃省总工会", "union", "provincial", **GS)
JINCHUAN = Org("金川集团", "enterprise", "none", **GS)
MAGAZINE = Org("《中国工人》杂志社", "other", "national")
AH = dict(province="安徽省", adcode="340000")
AH_ORGS = {
    "安徽省总": Org("安徽省总工会", "union", "provincial", **AH),
    "省高院": Org("安徽省高级人民法院", "court", "provincial", **AH),
    "省检察院": Org("安徽省人民检察院", "procuratorate", "provincial", **AH),
    "省司法厅": Org("安徽省司法厅", "justice", "provincial", **AH),
    "省人社厅": Org("安徽省人力资源和社会保障厅", "hr_social_security", "provincial", **AH),
}


@pytest.fixture(scope="module")
def extractor():
    return RelationExtractor(None, "kg_relation_extractor")


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("zh")


def run(blank, extractor, text, orgs, mechanisms=(), outcomes=()):
    """The relation component on ``text`` with every occurrence of the keys
    of ``orgs`` as a resolved mention, ``mechanisms`` as (surface, id) and
    ``outcomes`` as core (surface, value, unit)."""
    doc = make_doc(blank, Article("t.txt#1", "t.txt", "", text, date="2025-12-01"))
    names = re.compile("|".join(sorted(map(re.escape, orgs), key=len, reverse=True)) or "(?!)")
    doc._.orgs = [OrgMention(m.start(), m.end(), m.group(), orgs[m.group()])
                  for m in names.finditer(text)]
    doc._.mechanisms = [MechanismMention(m.start(), m.end(), surface, surface, mid)
                        for surface, mid in mechanisms for m in re.finditer(surface, text)]
    doc._.outcomes = [OutcomeMention(m.start(), m.end(), m.group(), float(value), unit, core=True)
                      for surface, value, unit in outcomes for m in re.finditer(surface, text)]
    return extractor(doc)


def pairs(doc, relation="cooperates_with"):
    return {(r[1].split(":")[1].split("@")[0], r[2].split(":")[1].split("@")[0])
            for r in doc._.relations if r[0] == relation}


def coop(doc):
    return {frozenset(p) for p in pairs(doc)}


def test_joint_subject_from_the_yingkou_report(blank, extractor):
    text = ("为回应这一关切，2025年3月，营口市总与市检察院启动协同监督，以工会提供的用工名单为基础，"
            "运用大数据法律监督模型，对辖区内用人单位进行精准筛查。")
    doc = run(blank, extractor, text, {"营口市总": YK_UNION, "市检察院": YK_PROC},
              [("大数据法律监督模型", "big_data_model")])
    assert coop(doc) == {frozenset({"营口市总工会", "营口市人民检察院"})}
    # the evidence is the whole sentence, and both joint actors use the mechanism
    rel = next(r for r in doc._.relations if r[0] == "cooperates_with")
    assert text[rel[3]:rel[4]] == text
    assert rel[5] == "joint_subject"
    assert pairs(doc, "uses_mechanism") == {
        ("营口市总工会", "big_data_model"), ("营口市人民检察院", "big_data_model")}


def test_co_signers_all_pairwise_and_issued(blank, extractor):
    text = "5月21日，安徽省总联合省高院、省检察院、省司法厅、省人社厅印发《安徽省职工法律一站式服务中心建设实施方案》。"
    doc = run(blank, extractor, text, AH_ORGS)
    assert len(coop(doc)) == 10  # five signers, all pairs, each once
    assert len(pairs(doc)) == 10
    issued = pairs(doc, "issued")
    assert {o for o, _ in issued} == {o.name for o in AH_ORGS.values()}
    assert {d for _, d in issued} == {"安徽省职工法律一站式服务中心建设实施方案"}
    assert doc._.nodes["document:安徽省职工法律一站式服务中心建设实施方案"].kind == "document"


def test_recommendation_is_not_cooperation(blank, extractor):
    text = "营口市检察院于5月16日依法向市人社局发出了行政公益诉讼检察建议，督促其依法履职。"
    doc = run(blank, extractor, text, {"营口市检察院": YK_PROC, "市人社局": YK_HRSS},
              [("检察建议", "procuratorial_recommendation")])
    assert coop(doc) == set()
    assert pairs(doc, "recommends_to") == {("营口市人民检察院", "营口市人力资源和社会保障局")}
    assert pairs(doc, "uses_mechanism") == {("营口市人民检察院", "procuratorial_recommendation")}


def test_clue_transfer_then_both_parties_and_a_partner(blank, extractor):
    text = ("镇海区总工会与区检察院联合建立对口联系、线索移送等6大机制。"
            "区总第一时间将线索移交检察院，双方共同研判调查，分别发出工会法律监督提示函与检察建议，"
            "还联动行业协会、区卫健委推出全区34家危运企业优惠妇科体检套餐。")
    orgs = {"镇海区总工会": ZH_UNION, "区总": ZH_UNION, "区检察院": ZH_PROC,
            "检察院": ZH_PROC, "区卫健委": ZH_HEALTH}
    doc = run(blank, extractor, text, orgs,
              [("提示函", "prompt_letter"), ("检察建议", "procuratorial_recommendation"),
               ("线索移送", "clue_transfer")])
    assert pairs(doc, "refers_clue_to") == {("镇海区总工会", "镇海区人民检察院")}
    assert coop(doc) == {frozenset(p) for p in [
        ("镇海区总工会", "镇海区人民检察院"), ("镇海区总工会", "镇海区卫生健康委员会"),
        ("镇海区人民检察院", "镇海区卫生健康委员会")]}
    uses = pairs(doc, "uses_mechanism")
    # 双方 … 分别发出: each letter goes to the body that owns it
    assert ("镇海区总工会", "prompt_letter") in uses
    assert ("镇海区人民检察院", "prompt_letter") not in uses
    assert ("镇海区人民检察院", "procuratorial_recommendation") in uses
    assert ("镇海区总工会", "procuratorial_recommendation") not in uses
    assert {("镇海区总工会", "clue_transfer"), ("镇海区人民检察院", "clue_transfer")} <= uses


def test_pronoun_resolves_to_the_last_body_of_its_kind(blank, extractor):
    text = "澜沧县人民检察院指派民事行政检察骨干参与调解。该院与县人民法院建立“裁审衔接”快速通道。"
    doc = run(blank, extractor, text, {"澜沧县人民检察院": LC_PROC, "县人民法院": LC_COURT})
    assert coop(doc) == {frozenset({"澜沧拉祜族自治县人民检察院", "澜沧拉祜族自治县人民法院"})}


def test_both_parties_without_antecedents_is_nothing(blank, extractor):
    doc = run(blank, extractor, "双方一致同意，将协商焦点锁定在新建停车场上。", {})
    assert doc._.relations == []


def test_co_organisers_across_clauses(blank, extractor):
    text = "本届大赛由甘肃省总工会主办，金川集团、《中国工人》杂志社承办。"
    doc = run(blank, extractor, text, {"甘肃省总工会": GS_UNION, "金川集团": JINCHUAN,
                                       "《中国工人》杂志社": MAGAZINE})
    assert coop(doc) == {frozenset(p) for p in [
        ("甘肃省总工会", "金川集团"), ("甘肃省总工会", "《中国工人》杂志社"),
        ("金川集团", "《中国工人》杂志社")]}
    rules = {r[2]: r[5] for r in doc._.relations
             if r[0] == "cooperates_with" and r[1] == "org:甘肃省总工会@620000"}
    assert set(rules.values()) == {"co_organisers"}


def test_listed_objects_and_award_lists_are_not_cooperation(blank, extractor):
    text = ("检察机关要求镇海区总工会、区卫健委限期整改。"
            "镇海区总工会、区卫健委等单位负责人参加了会议。")
    doc = run(blank, extractor, text, {"镇海区总工会": ZH_UNION, "区卫健委": ZH_HEALTH})
    assert coop(doc) == set()


def test_actor_carries_over_to_the_following_sentences(blank, extractor):
    text = ("镇海区总工会在43家企业设劳动关系监测点。线上依托平台，基层工会实时上报企业用工隐患。"
            "此外还开通了12351热线。")
    doc = run(blank, extractor, text, {"镇海区总工会": ZH_UNION},
              [("劳动关系监测点", "labour_monitoring"), ("12351热线", "hotline_12351")])
    assert pairs(doc, "uses_mechanism") == {
        ("镇海区总工会", "labour_monitoring"), ("镇海区总工会", "hotline_12351")}
    rules = {r[5] for r in doc._.relations if r[0] == "uses_mechanism"}
    assert rules == {"clause_actor", "inherited_actor"}


def test_guidance_is_not_a_joint_act(blank, extractor):
    doc = run(blank, extractor, "宁波市总工会指导镇海区总工会开展工作。",
              {"宁波市总工会": NB_UNION, "镇海区总工会": ZH_UNION})
    assert coop(doc) == set()
    assert not any(r[0] in ("located_in", "part_of") for r in doc._.relations)  # graph assembly's


def test_adverbial_clause_takes_the_following_subject(blank, extractor):
    text = ("镇海区总工会与区检察院联合开展调研。区卫健委推出体检套餐。"
            "通过多部门联席会议和数据共享，双方形成问题整改清单。")
    doc = run(blank, extractor, text,
              {"镇海区总工会": ZH_UNION, "区检察院": ZH_PROC, "区卫健委": ZH_HEALTH},
              [("联席会议", "joint_meeting")])
    # not the health commission of the sentence before: the 双方 after the comma
    assert pairs(doc, "uses_mechanism") == {
        ("镇海区总工会", "joint_meeting"), ("镇海区人民检察院", "joint_meeting")}


def test_possessive_lists_and_agents(blank, extractor):
    text = ("镇海区总工会全面落实宁波市总工会、区检察院的工作部署。"
            "在宁波市总工会支持下，首家工会驿站由镇海区总工会打造。")
    doc = run(blank, extractor, text, {"镇海区总工会": ZH_UNION, "区检察院": ZH_PROC,
                                       "宁波市总工会": NB_UNION}, [("工会驿站", "worker_station")])
    assert coop(doc) == set()
    assert pairs(doc, "uses_mechanism") == {("镇海区总工会", "worker_station")}


def test_clue_received_from_an_organisation(blank, extractor):
    text = "2024年7月，义安区人民检察院从义安区总工会获取相关案件监督线索后很快立案受理。"
    ya = dict(province="安徽省", city="铜陵市", county="义安区", adcode="340706")
    doc = run(blank, extractor, text, {
        "义安区人民检察院": Org("义安区人民检察院", "procuratorate", "county", **ya),
        "义安区总工会": Org("义安区总工会", "union", "county", **ya)})
    assert pairs(doc, "refers_clue_to") == {("义安区总工会", "义安区人民检察院")}
    assert coop(doc) == set()


def test_place_as_subject_stops_the_carry_over(blank, extractor):
    text = ("澜沧县人民检察院与县人民法院建立快速通道。"
            "澜沧县借此开展“法律进企业”活动。湖北省各级检察机关要加强普法宣传。")
    doc = run(blank, extractor, text, {"澜沧县人民检察院": LC_PROC, "县人民法院": LC_COURT},
              [("法律进企业", "joint_publicity"), ("普法宣传", "joint_publicity")])
    assert pairs(doc, "uses_mechanism") == set()


def test_lead_and_support_roles(blank, extractor):
    text = "专项行动由镇海区总工会牵头，区检察院、区卫健委配合，宁波市总工会负责指导。"
    doc = run(blank, extractor, text, {"镇海区总工会": ZH_UNION, "区检察院": ZH_PROC,
                                       "区卫健委": ZH_HEALTH, "宁波市总工会": NB_UNION})
    assert coop(doc) == {frozenset(p) for p in [
        ("镇海区总工会", "镇海区人民检察院"), ("镇海区总工会", "镇海区卫生健康委员会"),
        ("镇海区人民检察院", "镇海区卫生健康委员会")]}


def test_anaphor_patterns_keep_to_whole_words(blank, extractor):
    text = ("镇海区总工会召开会议。该会议要求各单位落实。"
            "镇海区总工会与区检察院签约。该局面来之不易。")
    doc = run(blank, extractor, text, {"镇海区总工会": ZH_UNION, "区检察院": ZH_PROC})
    assert coop(doc) == {frozenset({"镇海区总工会", "镇海区人民检察院"})}
    found = extractor._actors(doc, text)
    assert [text[a.start:a.end] for a in found if a.refers] == []


# -- citations, co-issuers, generic bodies, joint acts far from the subject ----

QH = dict(province="青海省", city="西宁市", county="城东区", adcode="630102")
QH_UNION = Org("城东区总工会", "union", "county", **QH)
QH_PROC = Org("城东区人民检察院", "procuratorate", "county", **QH)
QH_POLICE = Org("城东区公安分局", "agency", "county", **QH)
QH_WOMEN = Org("城东区妇女联合会", "association", "county", **QH)
NAT_UNION = Org("中华全国总工会", "union", "national")
NAT_PROC = Org("最高人民检察院", "procuratorate", "national")
QH_ORGS = {"城东区总工会": QH_UNION, "城东区检察院": QH_PROC, "区公安分局": QH_POLICE,
           "区妇联": QH_WOMEN, "全国总工会": NAT_UNION, "最高检": NAT_PROC}


def test_issuers_of_a_cited_document_are_not_the_actors(blank, extractor):
    text = ("城东区总工会与城东区检察院根据最高检和全国总工会《关于推进“一函两书”工作的通知》设立工作室。"
            "双方建立线索移送机制。")
    doc = run(blank, extractor, text, QH_ORGS,
              [("一函两书", "yihan_liangshu"), ("线索移送", "clue_transfer")])
    assert coop(doc) == {frozenset({"城东区总工会", "城东区人民检察院"}),
                         frozenset({"最高人民检察院", "中华全国总工会"})}
    uses = pairs(doc, "uses_mechanism")
    # 双方 are the local pair; the mechanism in the cited title is its issuers'
    assert {("城东区总工会", "clue_transfer"), ("城东区人民检察院", "clue_transfer")} <= uses
    assert ("最高人民检察院", "clue_transfer") not in uses
    assert {("最高人民检察院", "yihan_liangshu"), ("中华全国总工会", "yihan_liangshu")} <= uses


def test_co_issuers_separated_by_a_space_or_named_in_a_title(blank, extractor):
    text = ("城东区检察院 城东区总工会 关于印发工作办法的通知。"
            "根据《最高检全国总工会关于协作的意见》，各单位抓好落实。")
    doc = run(blank, extractor, text, QH_ORGS)
    assert coop(doc) == {frozenset({"城东区总工会", "城东区人民检察院"}),
                         frozenset({"最高人民检察院", "中华全国总工会"})}


def test_only_linked_mentions_act(blank, extractor):
    """The linker alone says which organisation a span is: a bare body it
    linked acts as that body, one it left unlinked is no actor."""
    text = "城东区总工会召开会议。城东区检察院出席。目前，工会与检察院正逐步建立线索移送机制。"
    doc = run(blank, extractor, text, {"城东区总工会": QH_UNION, "城东区检察院": QH_PROC,
                                       "工会": QH_UNION, "检察院": QH_PROC}, [("线索移送", "clue_transfer")])
    assert coop(doc) == {frozenset({"城东区总工会", "城东区人民检察院"})}
    for m in doc._.orgs:
        if m.text == "检察院":
            m.org = None
    doc._.relations = []
    assert coop(extractor(doc)) == set()


def test_joint_adverb_after_an_adverbial_clause(blank, extractor):
    text = "城东区总工会与城东区检察院从近年办理的公益诉讼案件中，共同研究筛选了一批典型案例。"
    doc = run(blank, extractor, text, QH_ORGS, [("公益诉讼", "public_interest_litigation")])
    assert coop(doc) == {frozenset({"城东区总工会", "城东区人民检察院"})}
    assert pairs(doc, "uses_mechanism") == set()  # the cases are only the topic


def test_partner_list_presence_and_organised_bodies(blank, extractor):
    text = ("城东区检察院联合区公安分局、区妇联向企业释明法律责任。"
            "在城东区检察院、区公安分局的现场监督下，企业发放工资12万元。")
    doc = run(blank, extractor, text, QH_ORGS, outcomes=[("12万元", 120000, "元")])
    trio = {frozenset(p) for p in [("城东区人民检察院", "城东区公安分局"),
                                   ("城东区人民检察院", "城东区妇女联合会"),
                                   ("城东区公安分局", "城东区妇女联合会")]}
    assert coop(doc) == trio
    assert {o for o, _ in pairs(doc, "resulted_in")} == {"城东区人民检察院", "城东区公安分局"}
    doc = run(blank, extractor, "该院组织区公安分局、区妇联开展座谈。城东区检察院通报情况。",
              {**QH_ORGS, "该院": QH_PROC})
    assert coop(doc) == trio


def test_procuratorate_mechanisms_spread_only_to_joint_actors(blank, extractor):
    text = ("城东区总工会与城东区检察院启动协同监督，运用大数据法律监督模型筛查企业。"
            "同时，发挥检察机关在大数据法律监督模型方面的优势。")
    doc = run(blank, extractor, text, QH_ORGS, [("大数据法律监督模型", "big_data_model")])
    found = {(o, r[3]) for r in doc._.relations if r[0] == "uses_mechanism"
             for o in [r[1].split(":")[1].split("@")[0]]}
    first = min(s for _, s in found)
    assert found - {("城东区人民检察院", s) for _, s in found} == {("城东区总工会", first)}


def test_summary_results_go_to_the_articles_actors(blank, extractor):
    text = ("城东区检察院办理公益诉讼案件。区公安分局开展专项督查。"
            "截至目前，城东区25家单位补发工资47万余元。")
    doc = run(blank, extractor, text, QH_ORGS, outcomes=[("47万余元", 470000, "元")])
    assert {o for o, _ in pairs(doc, "resulted_in")} == {"城东区人民检察院", "城东区公安分局"}


def test_guided_parties_are_not_partners_of_the_subject(blank, extractor):
    text = "城东区总工会指导该企业与区妇联签订合作协议。"
    doc = run(blank, extractor, text, QH_ORGS)
    assert coop(doc) == set()


def test_means_clauses_before_a_partner_verb_are_joint(blank, extractor):
    text = "城东区检察院依托协作机制，重点运用工会提示函，联合城东区总工会走访企业。"
    doc = run(blank, extractor, text, QH_ORGS, [("提示函", "prompt_letter"), ("协作机制", "union_procuratorate")])
    assert pairs(doc, "uses_mechanism") == {
        ("城东区人民检察院", "union_procuratorate"), ("城东区总工会", "union_procuratorate"),
        ("城东区总工会", "prompt_letter")}  # a 提示函 stays the union's
    # an act of its own before the partner verb is not made joint
    doc = run(blank, extractor, "城东区总工会启动“一函两书”机制，联合区公安分局成立工作组。",
              QH_ORGS, [("一函两书", "yihan_liangshu"), ("工作组", "special_task_force")])
    assert ("城东区公安分局", "yihan_liangshu") not in pairs(doc, "uses_mechanism")


def test_procuratorate_mechanisms_spread_to_the_union_only(blank, extractor):
    text = "城东区检察院联合区公安分局向企业释明支持起诉职能。"
    doc = run(blank, extractor, text, QH_ORGS, [("支持起诉", "support_prosecution")])
    assert pairs(doc, "uses_mechanism") == {("城东区人民检察院", "support_prosecution")}
    # 一函两书 is the union's, and the procuratorate's too when they use it together
    text = "城东区检察院与城东区总工会协同运用“一函两书”。随后，城东区检察院运用“一函两书”。"
    doc = run(blank, extractor, text, QH_ORGS, [("一函两书", "yihan_liangshu")])
    uses = [(r[1], r[3]) for r in doc._.relations if r[0] == "uses_mechanism"]
    assert uses == [("org:城东区人民检察院@630102", 0), ("org:城东区总工会@630102", 0)]


def test_cooperation_with_a_modified_noun(blank, extractor):
    doc = run(blank, extractor, "城东区检察院将深化与城东区总工会的密切合作。", QH_ORGS)
    assert coop(doc) == {frozenset({"城东区总工会", "城东区人民检察院"})}


def test_decided_after_joint_study(blank, extractor):
    doc = run(blank, extractor, "经城东区检察院和城东区总工会研究，决定建立协作机制。", QH_ORGS)
    assert coop(doc) == {frozenset({"城东区总工会", "城东区人民检察院"})}


def test_cosigners_named_in_a_citation_cooperate(blank, extractor):
    text = "根据城东区检察院与城东区总工会签订的协议，区公安分局开展专项行动。"
    doc = run(blank, extractor, text, QH_ORGS)
    assert coop(doc) == {frozenset({"城东区总工会", "城东区人民检察院"})}


def test_joint_verb_after_a_citation_with_its_own_issuers(blank, extractor):
    text = "近日，城东区检察院与城东区总工会根据最高检、全国总工会《意见》，联合开展专项行动。"
    doc = run(blank, extractor, text, QH_ORGS, [("专项行动", "joint_campaign")])
    rules = {frozenset(p): r for p, r in ((r[1:3], r[5]) for r in doc._.relations
                                          if r[0] == "cooperates_with")}
    assert rules[frozenset({"org:城东区总工会@630102", "org:城东区人民检察院@630102"})] == "joint_adverb"
    assert rules[frozenset({"org:最高人民检察院", "org:中华全国总工会"})] == "co_issuers"
    assert {o for o, _ in pairs(doc, "uses_mechanism")} == {"城东区总工会", "城东区人民检察院"}


def test_an_act_after_according_to_is_not_cited(blank, extractor):
    text = "城东区总工会依据“一函两书”制度将线索移送城东区检察院的民事检察部门。"
    doc = run(blank, extractor, text, QH_ORGS)
    assert pairs(doc, "refers_clue_to") == {("城东区总工会", "城东区人民检察院")}


def test_a_new_partner_sentence_pairs_the_actor_not_its_last_partners(blank, extractor):
    text = ("营口市检察院联合市总工会开展专项行动。与市人社局签订协作协议。"
            "营口市检察院与镇海区总工会、宁波市总工会分别建立对口联系。")
    doc = run(blank, extractor, text, {"营口市检察院": YK_PROC, "市总工会": YK_UNION, "市人社局": YK_HRSS,
                                       "镇海区总工会": ZH_UNION, "宁波市总工会": NB_UNION})
    assert coop(doc) == {frozenset(p) for p in [
        ("营口市人民检察院", "营口市总工会"), ("营口市人民检察院", "营口市人力资源和社会保障局"),
        ("营口市人民检察院", "镇海区总工会"), ("营口市人民检察院", "宁波市总工会")]}


def test_issuers_listed_line_by_line_above_a_notice_are_co_issuers(blank, extractor):
    text = ("营口市总工会\n营口市人民检察院\n营口市人力资源和社会保障局（营口市医疗保障局）\n"
            "关于建立劳动者权益保护协作机制的通知\n营人社发〔2025〕7号\n各县区：\n现将有关事项通知如下。")
    doc = run(blank, extractor, text, {"营口市总工会": YK_UNION, "营口市人民检察院": YK_PROC,
                                       "营口市人力资源和社会保障局": YK_HRSS})
    assert coop(doc) == {frozenset(p) for p in [
        ("营口市总工会", "营口市人民检察院"), ("营口市总工会", "营口市人力资源和社会保障局"),
        ("营口市人民检察院", "营口市人力资源和社会保障局")]}
    assert coop(run(blank, extractor, "营口市总工会\n营口市人民检察院\n召开座谈会。",
                    {"营口市总工会": YK_UNION, "营口市人民检察院": YK_PROC})) == set()


def test_summary_opened_by_a_source_phrase_or_a_year(blank, extractor):
    text = ("城东区总工会构建一站式维权服务网络。"
            "据统计，2024年以来，城东区累计为2500余名职工挽回经济损失5700万元。")
    doc = run(blank, extractor, text, QH_ORGS, outcomes=[("5700万元", 57000000, "元")])
    assert {o for o, _ in pairs(doc, "resulted_in")} == {"城东区总工会"}


def test_partners_of_the_subjects_act_leave_with_the_sentence(blank, extractor):
    text = "城东区检察院综合运用支持起诉方式，与区公安分局、区妇联协同配合，维护务工者权益。一方面，共调解成功9件。"
    doc = run(blank, extractor, text, QH_ORGS, outcomes=[("9件", 9, "件")])
    assert frozenset({"城东区人民检察院", "城东区妇女联合会"}) in coop(doc)
    assert {o for o, _ in pairs(doc, "resulted_in")} == {"城东区人民检察院"}


def test_a_list_summed_up_as_many_departments_acts_jointly(blank, extractor):
    text = "城东区总工会、城东区检察院、区妇联等多部门参与，共同为优化职工法律服务注入新动能。"
    doc = run(blank, extractor, text, QH_ORGS)
    assert len(coop(doc)) == 3


def test_the_authors_own_place_ends_the_carry_over(blank, extractor):
    text = "城东区总工会联合区妇联开展检查。我市将定期召开联席会议。"
    doc = run(blank, extractor, text, QH_ORGS, [("联席会议", "joint_meeting")])
    assert pairs(doc, "uses_mechanism") == set()


def test_attendees_of_an_event_do_not_carry_its_hosts_results(blank, extractor):
    text = ("城东区总工会法律服务中心启用仪式举行。区妇联、区公安分局等多部门参与，共同为职工服务注入动能。"
            "中心已累计受理案件368起。")
    doc = run(blank, extractor, text, QH_ORGS, outcomes=[("368起", 368, "起")])
    assert frozenset({"城东区妇女联合会", "城东区公安分局"}) in coop(doc)
    assert {o for o, _ in pairs(doc, "resulted_in")} == {"城东区总工会"}
