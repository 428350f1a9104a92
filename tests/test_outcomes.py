"""kg_outcome_extractor: quantified results, normalised (DESIGN §3.5)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from conftest import needs_shared

from kg.extract.mentions import OutcomeMention
from kg.extract.outcomes import OutcomeExtractor, parse_number
from kg.normalise import normalise

ROOT = Path(__file__).resolve().parents[1]
DATA, SHARED = ROOT / "data", ROOT.parent / "shared"


@pytest.fixture(scope="module")
def extractor(blank):
    return OutcomeExtractor(blank, "kg_outcome_extractor")


def run(blank, extractor, text) -> list[OutcomeMention]:
    return extractor(blank.make_doc(text))._.outcomes


def quantities(blank, extractor, text):
    return [(o.value, o.unit) for o in run(blank, extractor, text)]


@pytest.mark.parametrize("text, value, unit", [
    ("成功帮助劳动者追回欠薪117.5万余元。", 1175000, "元"),
    ("发放问卷调查表1.3万余份。", 13000, "份"),
    ("劳动纠纷同比下降75%。", 75, "%"),
    ("满意率达到百分之八十。", 80, "%"),
    ("调解成功率高达82.2％。", 82.2, "%"),
    ("联合华为、腾讯等十余家头部企业。", 10, "家"),
    ("发现3个微信公众平台。", 3, "个"),
    ("新增产业工人会员920名。", 920, "人"),
    ("特邀6位专家组成评审小组。", 6, "人"),
    ("覆盖产业工人2000人次。", 2000, "人次"),
    ("巡回演出36场次。", 36, "场次"),
    ("65万名一线职工参与线上学习。", 650000, "人"),
    ("近千名资产管理干部参与其中。", 1000, "人"),
    ("全年办理法律援助案件1,204件。", 1204, "件"),
    ("为企业创效约4亿元。", 400000000, "元"),
    ("已化解劳动争议案件三百余件。", 300, "件"),
    ("促进公司投入1000多万元建专家公寓。", 10000000, "元"),
    ("惠及2437名民警。", 2437, "人"),
    ("开展维权服务活动近6万场(次)。", 60000, "场次"),
    ("共受理农民工讨薪案件44起。", 44, "起"),
])
def test_number_forms(blank, extractor, text, value, unit):
    assert quantities(blank, extractor, text) == [(value, unit)]


@pytest.mark.parametrize("text", [
    "2025年3月16日，双方召开座谈会。",
    "工会主席李某今年45岁。",
    "咨询电话：13912345678，0571-87654321。",
    "建立对口联系、线索移送等6大机制。",
    "将协商焦点锁定在两大议题上。",
    "双方建立信息共享、线索移送等8项工作机制。",
    "他在比赛中获得第3名。",
    "在省总工会十四届七次常委会议上。",
    "职称每月补助700元、中级职称补助500元。",
    "若企业年度利润增长超10%，则全额兑现。",
    "这5个镇有20人以上企业。",
    "一场集体协商，激起一系列改变。",
    "打造“三位一体”入会模式。",
    "实行“学习积分占40%+理论考试占60%”的评分机制。",
    "历时2个月完成调研。",
    "每人被收取4000元~1万元车辆保证金。",
    "因病身故的给予2000元慰问金。",
    "坚持落实中央八项规定精神。",
    "当企业利润增长超过10%时，",
    "发放交通补贴200元/月。",
    "发布时间：2024-03-22 浏览次数：1234次",
    "数十家企业参加。",
    "会后，三家单位共同签署了合作备忘录。",
    "协议从案件移送、联合培训等六个方面作出约定。",
    "围绕‘五条措施’提出落实意见。",
    "工人们四处求助无果。",
    "",
    "今天天气很好，小明去公园散步。",
])
def test_not_outcomes(blank, extractor, text):
    assert run(blank, extractor, text) == []


def test_metric_text_and_core(blank, extractor):
    text = "截至目前，成功帮助129名劳动者追回欠薪117.5万余元。"
    people, money = run(blank, extractor, text)
    assert (people.value, people.unit, money.value, money.unit) == (129, "人", 1175000, "元")
    assert "劳动者" in people.metric and "追回欠薪" in money.metric
    assert people.core and money.core
    assert text[money.start:money.end] == money.text == "117.5万余元"
    assert money.label == f"{money.metric} 117.5万余元"


def test_quoted_speech_counts_but_quoted_names_do_not(blank, extractor):
    speech = "“我们调取了职工名册，发现有4家企业从未安排女职工进行妇科检查。”"
    assert quantities(blank, extractor, speech) == [(4, "家")]
    names = '累计有17家获评全国"最美驿站"、93家获评省"最美驿站"，打造"1+3"服务模式。'
    assert quantities(blank, extractor, names) == [(17, "家"), (93, "家")]


def test_violations_found_are_core(blank, extractor):
    (found,) = run(blank, extractor, "检查发现，有4家企业从未安排女职工进行妇科检查。")
    assert (found.value, found.unit, found.core) == (4, "家", True)


def test_insurance_and_injury_results_are_core(blank, extractor):
    found = run(blank, extractor, "区总工会为1350名外卖骑手投保意外伤害保险，已完成职业伤害确认42件。")
    assert [(f.value, f.unit, f.core) for f in found] == [(1350, "人", True), (42, "件", True)]


def test_side_figures_are_not_core(blank, extractor):
    (wage,) = run(blank, extractor, "当前企业最低工资与5300元的平均工资差距较大。")
    assert (wage.value, wage.core) == (5300, False)


def test_enumerations_share_the_metric(blank, extractor):
    found = run(blank, extractor, "首年生产岗高级、中级、初级职称分别补助600元、400元、200元。")
    assert [o.value for o in found] == [600, 400, 200]
    assert all("补助" in o.metric for o in found)


def test_spaces_and_line_ends(blank, extractor):
    text = "追回欠薪 117.5 万元\n新增会员169名"
    found = run(blank, extractor, text)
    assert [(o.value, o.unit) for o in found] == [(1175000, "元"), (169, "人")]
    assert [text[o.start:o.end] for o in found] == [o.text for o in found]
    assert "新增" not in found[0].metric  # the headline line ends the clause


def test_very_long_sentence(blank, extractor):
    text = "职工" * 20000 + "共追回工资38.6万元" + "，" * 300
    (found,) = run(blank, extractor, text)
    assert (found.value, found.unit, found.core) == (386000, "元", True)


def test_parse_number():
    assert parse_number("117.5", "万") == 1175000
    assert parse_number("百", "万") == 1000000
    assert parse_number("两千") == 2000
    assert parse_number("万万") is None


def test_extra_units_through_config():
    nlp = spacy.blank("zh")
    extractor = nlp.add_pipe("kg_outcome_extractor", config={"units": {"吨": "吨"}})
    doc = extractor(nlp.make_doc("清运垃圾300吨，帮扶职工12人。"))
    assert [(o.value, o.unit) for o in doc._.outcomes] == [(300, "吨"), (12, "人")]


@needs_shared
def test_dev_pages_against_gold(blank, extractor):
    """All five sample pages, scored like ../shared/tools/score.py: recall on
    core results, precision against every listed quantity."""
    hits = n_pred = n_core = core_hits = 0
    for page in sorted(DATA.glob("*.txt")):
        gold = json.loads((SHARED / "gold" / "dev" / f"{page.stem}.json").read_text(encoding="utf-8"))
        every = {(round(o["value"], 2), o["unit"]) for o in gold["outcomes"]}
        core = {(round(o["value"], 2), o["unit"]) for o in gold["outcomes"] if o["core"]}
        pred = {(round(v, 2), u) for v, u in quantities(blank, extractor, normalise(page.read_text(encoding="utf-8")))}
        hits, n_pred = hits + len(pred & every), n_pred + len(pred)
        core_hits, n_core = core_hits + len(pred & core), n_core + len(core)
    precision, recall = hits / n_pred, core_hits / n_core
    assert 2 * precision * recall / (precision + recall) >= 0.92


def test_records_carry_readable_outcome_and_mechanism_nodes(nlp):
    from kg.extract import extract
    from kg.models import Article

    text = "营口市总工会与市检察院建立线索移送机制，成功帮助129名劳动者追回欠薪117.5万余元。"
    records = extract(nlp, Article("a.txt#1", "a.txt", "", text))
    outcomes = [n for n in records.nodes if n.kind == "outcome"]
    assert {(n.attrs["value"], n.attrs["unit"]) for n in outcomes} == {(129, "人"), (1175000, "元")}
    money = next(n for n in outcomes if n.attrs["unit"] == "元")
    assert money.name.endswith(" 117.5万余元") and "追回欠薪" in money.name
    mechanisms = {n.attrs["mechanism_id"] for n in records.nodes if n.kind == "mechanism"}
    assert "clue_transfer" in mechanisms


def test_pinyin_glosses_stay_out_of_the_metric(blank, extractor):
    found = run(blank, extractor, "协（xié）同追回工资款（kuǎn）8万元，惠及职工30人。")
    assert [(o.text, o.value, o.metric) for o in found][0] == ("8万元", 80000, "协同追回工资款")
    assert all("(" not in o.metric and "（" not in o.metric for o in found)


def test_metric_drops_quote_and_title_marks(blank, extractor):
    found = run(blank, extractor, "共发出《劳动法律监督提示函》20份，赠送“维权大礼包”15余份。")
    assert [o.metric for o in found] == ["发出劳动法律监督提示函", "赠送维权大礼包"]


def test_enumerated_mechanisms_are_not_counted(blank, extractor):
    assert quantities(blank, extractor, "双方围绕线索移送、普法联动等六项协作机制进行会商。") == []


def test_enforcement_inspection_and_coverage_results_are_core(blank, extractor):
    found = run(blank, extractor, "执行法官冻结、扣划了该公司账户金额500余万元。")
    assert [(f.value, f.core) for f in found] == [(5000000, True)]
    found = run(blank, extractor, "本次检查随机抽检用人单位8家。")
    assert [(f.value, f.unit, f.core) for f in found] == [(8, "家", True)]
    # 人数 before a figure is a count, not a vague 数十
    found = run(blank, extractor, "集体合同覆盖职工人数11280人，工资增幅为6%。")
    assert [(f.value, f.unit, f.core) for f in found] == [(11280, "人", True), (6, "%", True)]
    assert run(blank, extractor, "数十家企业参加。") == []


def test_screenings_and_relief_are_core(blank, extractor):
    found = run(blank, extractor, "活动以来，共排查用工单位100余家，依法对20名困难妇女开展司法救助。")
    assert [(f.value, f.unit, f.core) for f in found] == [(100, "家", True), (20, "人", True)]
