"""kg_mechanism_matcher: taxonomy mechanisms where the text reports them, and
newly named ones for review (DESIGN §3.4)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import spacy
from conftest import needs_shared

from kg.extract.mechanisms import MechanismMatcher
from kg.normalise import normalise

ROOT = Path(__file__).resolve().parents[1]
DATA, SHARED = ROOT / "data", ROOT.parent / "shared"


@pytest.fixture(scope="module")
def matcher(blank):
    return MechanismMatcher(blank, "kg_mechanism_matcher")


def run(blank, matcher, text):
    doc = blank.make_doc(text)
    return matcher(doc)._.mechanisms


def ids(blank, matcher, text):
    return {m.mechanism_id for m in run(blank, matcher, text) if m.mechanism_id}


def test_taxonomy_in_reporting_context(blank, matcher):
    found = ids(blank, matcher, "双方建立了线索移送、信息共享、联席会议等协作机制，并开展联合调查。")
    assert {"clue_transfer", "info_sharing", "joint_meeting", "case_cooperation"} <= found


def test_children_keep_their_own_id_and_canonical_name(blank, matcher):
    found = run(blank, matcher, "县总工会向该企业发出工会劳动法律监督提示函。")
    by_id = {m.mechanism_id: m for m in found}
    assert by_id["prompt_letter"].name == "工会劳动法律监督提示函"
    assert by_id["prompt_letter"].category == "supervision"
    assert "union_legal_supervision" in by_id


@pytest.mark.parametrize("text", [
    "工会+检察协作机制",
    "探索“检察+工会”模式",
    "营口市总与市检察院协同发力",
    "工会与检察机关加强协作，共同维护劳动者权益",
    "市检察院与区总工会签订合作协议",
    "工 会 + 检 察 协作",
])
def test_union_procuratorate_variants(blank, matcher, text):
    assert "union_procuratorate" in ids(blank, matcher, text)


def test_spaces_inside_words_keep_offsets(blank, matcher):
    text = "定期召开联席会 议，推进信 息共享。"
    found = run(blank, matcher, text)
    assert {m.mechanism_id for m in found} == {"joint_meeting", "info_sharing"}
    for m in found:
        assert text[m.start:m.end] == m.text
    assert any(m.text == "信 息共享" for m in found)


@pytest.mark.parametrize("text, absent", [
    ("普法宣传《安徽省集体合同条例》《安徽省企业民主管理条例》。", {"collective_bargaining", "democratic_management"}),
    ("举办劳动争议调解员、法律援助律师培训班。", {"mediation", "legal_aid"}),
    ("该企业从未召开职代会。", {"democratic_management"}),
    ("出台家属就业帮扶政策。", {"hardship_relief"}),
    ("家里矛盾调解，咱啥都能干。", {"mediation"}),
    ("职工服务中心的公益诉讼检调中心挂牌成立。", {"public_interest_litigation"}),
])
def test_not_reported(blank, matcher, text, absent):
    assert not ids(blank, matcher, text) & absent


def test_generic_word_needs_its_cue(blank, matcher):
    assert "hardship_relief" in ids(blank, matcher, "为困难职工发放帮扶资金。")
    assert "mediation" in ids(blank, matcher, "县检察院参与调解，达成和解协议。")


@pytest.mark.parametrize("text, mechanism", [
    ("工作组随后跟踪回访，确认企业已补签劳动合同。", "follow_up_review"),
    ("两部门实现信息联通，案件线索当日共享。", "info_sharing"),
    ("县检察院开展护薪专项活动，集中办理欠薪案件。", "joint_campaign"),
    ("经宜良县总工会调解，建筑公司承诺月底前结清工资。", "mediation"),
    ("恩施州总工会与州审计局联合开展农民工工资专项审计。", "union_audit"),
    ("区总工会针对困难职工开展免费技能培训。", "hardship_relief"),
    ("两部门抽调骨干在市信访局开展联合集中办案。", "case_cooperation"),
    ("双方共同开展对典型案例的宣传。", "joint_publicity"),
    ("由市司法局、团市委等部门共同主办的法律援助宣传月活动启动。", "joint_publicity"),
    ("县总工会配合住建局、公安局对工资支付情况进行专项检查。", "joint_campaign"),
    ("镇里推广“联席会议制度”“专家坐诊”两个品牌。", "joint_meeting"),
    ("执法人员向商户发放劳动法律法规宣传资料。", "joint_publicity"),
    ("县人社局组织开展冬季根治欠薪专项执法行动，检查用人单位12家。", "labour_inspection"),
    ("在区总工会指导下，该公司与职工方签订工资专项合同。", "collective_bargaining"),
    ("网格员定期监测劳动关系动态，及时发现风险。", "labour_monitoring"),
    ("县人社局会同公安局组成专项检查组，深入工地核查。", "special_task_force"),
    ("该区建立“工会+法院+检察院+人社”多方协作格局。", "union_procuratorate"),
    ("该区建立“工会+法院+检察院+人社”多方协作格局。", "union_court"),
    ("县法院委托县总工会调解劳动争议案件。", "union_court"),
    ("市检察院组织召开权益保护磋商会。", "consultation"),
    ("今后要加强与人社部门的沟通联系。", "info_sharing"),
    ("镇里搭建一站式调解平台，统一受理用工纠纷。", "one_stop_center"),
    ("县监察大队联合县检察院对辖区欠薪问题进行摸底。", "case_cooperation"),
    ("县人社局将一起拒不支付劳动报酬案移交县公安局。", "clue_transfer"),
    ("各级工会全年受理援助案件300件。", "legal_aid"),
    ("县总工会为快递员建成爱心休息驿站。", "worker_station"),
    ("检察院综合运用支持起诉、调解等方式为农民工追回欠薪。", "mediation"),
])
def test_paraphrases(blank, matcher, text, mechanism):
    assert mechanism in ids(blank, matcher, text)


def test_a_needy_group_is_no_mechanism(blank, matcher):
    assert ids(blank, matcher, "法律援助延伸到快递员、困难职工等群体。") == {"legal_aid"}


def test_laws_are_not_but_union_rules_are_reported(blank, matcher):
    assert "legal_aid" in ids(blank, matcher, "省总制定印发了《安徽省工会职工法律援助办法》。")


def test_discovers_quoted_new_mechanism(blank, matcher):
    found = run(blank, matcher, "区总推出“部门联动+双线融合”工作法，破解建会难题。")
    new = [m for m in found if not m.mechanism_id]
    assert [m.name for m in new] == ["部门联动+双线融合工作法"]
    assert new[0].node_id != run(blank, matcher, "建立“需求调研—分级协商”的闭环机制")[0].node_id


def test_quoted_taxonomy_name_is_not_rediscovered(blank, matcher):
    found = run(blank, matcher, "构建“工会+检察”常态化协作机制。")
    assert [m.mechanism_id for m in found] == ["union_procuratorate"]


def test_discovers_unquoted_named_mechanism(blank, matcher):
    found = run(blank, matcher, "该院迅速启动农民工讨薪快速办案机制，一周内结案。")
    assert [(m.text, m.name, m.mechanism_id) for m in found] == [
        ("农民工讨薪快速办案机制", "农民工讨薪快速办案机制", "")]


def test_plain_mechanism_words_are_not_discovered(blank, matcher):
    text = "健全长效审核机制，完善保障制度，创新工作模式，建立职工劳动权益保障协作机制，建立八项工作机制。"
    assert run(blank, matcher, text) == []


def test_empty_and_unrelated_text(blank, matcher):
    assert run(blank, matcher, "") == []
    assert run(blank, matcher, "今天天气很好。\n\n小明去公园散步。") == []


def test_very_long_sentence(blank, matcher):
    text = "职工" * 20000 + "开展联合调查" + "，" * 500
    found = run(blank, matcher, text)
    assert [m.mechanism_id for m in found] == ["case_cooperation"]
    assert text[found[0].start:found[0].end] == "联合调查"


def test_user_patterns_through_config():
    nlp = spacy.blank("zh")
    matcher = nlp.add_pipe("kg_mechanism_matcher", config={
        "patterns": [{"id": "joint_meeting", "pattern": "联合例会"}], "discover": False})
    doc = matcher(nlp.make_doc("双方每季度召开联合例会，建立“双线融合”机制。"))
    assert [(m.text, m.mechanism_id) for m in doc._.mechanisms] == [("联合例会", "joint_meeting")]
    with pytest.raises(ValueError, match="unknown mechanism id"):
        matcher.add_patterns([{"id": "no_such_id", "pattern": "x"}])


def test_custom_taxonomy(tmp_path):
    path = tmp_path / "mechanisms.csv"
    path.write_text("id,name,category,parent,synonyms\nwage_guarantee,工资保证金,supervision,,保证金\n",
                    encoding="utf-8")
    nlp = spacy.blank("zh")
    matcher = nlp.add_pipe("kg_mechanism_matcher", config={"taxonomy": str(path)})
    doc = matcher(nlp.make_doc("落实工资保证金制度，召开联席会议。"))
    assert {m.mechanism_id for m in doc._.mechanisms} == {"wage_guarantee"}


@needs_shared
def test_dev_pages_against_gold(blank, matcher):
    """All five sample pages: the taxonomy (top-level ids) as the gold lists it."""
    with (SHARED / "taxonomy" / "mechanisms.csv").open(encoding="utf-8") as fh:
        top = {r["id"]: r["parent"] or r["id"] for r in csv.DictReader(fh)}
    tp = n_pred = n_gold = 0
    for page in sorted(DATA.glob("*.txt")):
        gold = json.loads((SHARED / "gold" / "dev" / f"{page.stem}.json").read_text(encoding="utf-8"))
        text = normalise(page.read_text(encoding="utf-8"))
        pred = {top[i] for i in ids(blank, matcher, text)}
        want = {top[i] for i in gold["mechanisms"]}
        tp, n_pred, n_gold = tp + len(pred & want), n_pred + len(pred), n_gold + len(want)
    precision, recall = tp / n_pred, tp / n_gold
    assert 2 * precision * recall / (precision + recall) >= 0.95


@pytest.mark.parametrize("text, want", [
    # quote marks inside a known name
    ("两家单位建立“裁审”衔接机制。", {"union_court"}),
    # multi-part names with a short gap
    ("市检察院与市总工会联合发布一批欠薪治理典型案例。", {"joint_publicity"}),
    ("省总工会与省检察院共同筛选了首批联动保障新就业形态劳动者合法权益典型案例。", {"joint_publicity"}),
    ("推进工会劳动法律监督和检察机关法律监督衔接。", {"union_procuratorate"}),
    ("区总工会设立一站式矛盾纠纷化解中心。", {"one_stop_center"}),
    ("县总工会向县检察院提供了多条欠薪线索。", {"clue_transfer"}),
    ("工会将发现的侵权线索移送至检察机关。", {"clue_transfer"}),
    # paraphrases of taxonomy entries
    ("检察院组织人社局、妇联召开圆桌座谈会。", {"joint_meeting"}),
    ("双方开展工会法律监督和检察监督。", {"union_legal_supervision"}),
    ("工会与检察院进企业开展法律宣传。", {"joint_publicity"}),
    ("两部门联合深入工地开展普法活动。", {"joint_publicity"}),
    ("检察院构建多元联动机制。", {"special_task_force"}),
    ("仲裁院与法院深化裁审联动。", {"union_court"}),
    ("在区总工会设立检察官联络室。", {"procuratorate_station"}),
    ("检察院支持两名外卖骑手向区人民法院起诉。", {"support_prosecution"}),
    ("三部门成立根治欠薪工作专班。", {"special_task_force"}),
    ("双方对疑难案件联合研判。", {"consultation"}),
    # a joint cue makes a special inspection a joint campaign
    ("人社局会同工会开展欠薪专项检查。", {"joint_campaign"}),
])
def test_paraphrases_and_broken_names(blank, matcher, text, want):
    assert want <= ids(blank, matcher, text)


def test_gap_of_a_multi_part_name_is_matched_too(blank, matcher):
    found = ids(blank, matcher, "市检察院与市总工会选编了六件公益诉讼典型案例。")
    assert {"joint_publicity", "public_interest_litigation"} <= found
    assert {"one_stop_center", "mediation"} <= ids(blank, matcher, "区总工会设立一站式劳动争议化解中心。")


def test_one_phrase_implies_two_mechanisms(blank, matcher):
    found = ids(blank, matcher, "区检察院向人社局发出诉前检察建议。")
    assert {"public_interest_litigation", "procuratorial_recommendation"} <= found


@pytest.mark.parametrize("text, absent", [
    ("法院对两名困难群众开展司法救助，发放救助金三万元。", {"hardship_relief"}),
    ("区总工会开展职工权益保护专项检查。", {"joint_campaign"}),
    ("区法院发布劳动争议审判典型案例。", {"joint_publicity"}),
    ("【关键词】\n协同监督 民主管理\n【基本案情】某公司拖欠工资。", {"joint_campaign", "democratic_management"}),
    ("工会劳动法律监督与职工权益检察监督有效衔接。", {"union_legal_supervision"}),
    ("6位专家共同组成评审小组，评出一等奖3名。", {"special_task_force"}),
    ("旅游驿站沿河而建，风景优美。", {"worker_station"}),
    ("该县“检察+公安”联动打击欠薪犯罪。", {"union_procuratorate"}),
    ("交警大队开展夜间执法行动，查处酒驾5起。", {"labour_inspection"}),
])
def test_not_reported_without_its_own_cue(blank, matcher, text, absent):
    assert not ids(blank, matcher, text) & absent


def test_pinyin_glosses_inside_words(blank, matcher):
    text = "双方建立沟通联络(luò)、会(huì)商研判机制。"
    found = run(blank, matcher, text)
    assert {"info_sharing", "consultation"} <= {m.mechanism_id for m in found}
    assert any(m.text == "会(huì)商研判" for m in found)


def test_multi_part_form_does_not_repeat_an_overlapping_name(blank, matcher):
    found = run(blank, matcher, "县总工会及时提供案件线索。")
    assert [m.mechanism_id for m in found].count("clue_transfer") == 1


def test_multi_part_form_does_not_shorten_a_known_name(blank, matcher):
    found = run(blank, matcher, "县里建成一站式服务中心。")
    assert [(m.text, m.mechanism_id) for m in found] == [("一站式服务中心", "one_stop_center")]


def test_every_packaged_table_parses_and_a_broken_one_is_named(tmp_path):
    from kg.errors import DataFileError
    from kg.extract.resources import DATA, read_rows

    for table in DATA.iterdir():
        if table.name.endswith(".csv"):
            assert read_rows(table)
    broken = tmp_path / "variants.csv"
    broken.write_text("id,pattern,cue\njoint_publicity,开展[^，]{0,30}宣传,\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 2"):
        read_rows(broken)


def test_mediation_arbitration_litigation_chains_and_mutual_briefings(blank, matcher):
    assert "union_court" in ids(blank, matcher, "工会发挥调裁诉合力作用，促进更多案件通过调解化解。")
    assert "union_court" in ids(blank, matcher, "形成调解、仲裁、诉讼无缝衔接的“一站式”服务模式。")
    assert "info_sharing" in ids(blank, matcher, "会上，双方首先通报了第一季度劳动争议案件办理情况。")
    assert "case_cooperation" in ids(blank, matcher, "公安分局联合区劳动监察大队约谈项目负责人。")

