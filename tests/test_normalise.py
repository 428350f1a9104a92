"""OCR/PDF repair on the noise of the real pages in data/."""
from __future__ import annotations

import pytest

from kg.normalise import normalise


@pytest.mark.parametrize("raw, clean", [
    # column wraps inside running text (data/004)
    ("在辽宁省锦州七里河、锦州沟帮子、锦州 大有、锦州汤河子、锦州庞河5个省级工业园 区管委会的办公楼,远远地",
     "在辽宁省锦州七里河、锦州沟帮子、锦州大有、锦州汤河子、锦州庞河5个省级工业园区管委会的办公楼，远远地"),
    ("在日前召开 的广东省总工会十四届七次常委(扩大)会议上,广东省人大常委会党组成员发言。",
     "在日前召开的广东省总工会十四届七次常委（扩大）会议上，广东省人大常委会党组成员发言。"),
    # letter-spaced OCR
    ("维 权", "维权"),
    ("职 工 维 权 服 务 站", "职工维权服务站"),
    # spaces that mean something stay
    ("党建共建汇聚合力 搭建四维培育平台", "党建共建汇聚合力 搭建四维培育平台"),
    ("本报记者 庞慧敏 本报通讯员 莫艳春", "本报记者 庞慧敏 本报通讯员 莫艳春"),
    ("Hello world 2024 10", "Hello world 2024 10"),
    ("本报讯 (记者叶小钟 赵思远 通讯员王娅)在日前召开 的广东省总工会十四届七次常委会议上,吕业升提出要求。",
     "本报讯（记者叶小钟 赵思远 通讯员王娅）在日前召开的广东省总工会十四届七次常委会议上，吕业升提出要求。"),
    ("3月16日,四川省南充市高坪区几位农民在比赛平整秧田。40多名种田能手参加比赛,一展 本报通讯员 邱海鹰 唐艺娟 摄",
     "3月16日，四川省南充市高坪区几位农民在比赛平整秧田。40多名种田能手参加比赛，一展本报通讯员 邱海鹰 唐艺娟 摄"),
    # full-width letters and digits become ASCII, Chinese punctuation stays
    ("２０２５年，ＡＰＰ上线“工会驿站”（试行）：共１．２万人；", "2025年，APP上线“工会驿站”（试行）：共1.2万人；"),
    # ASCII punctuation inside Chinese becomes Chinese, numbers keep theirs
    ("补发工资1,000元,涉及10:30的班次;", "补发工资1,000元，涉及10:30的班次；"),
    ('贵州湄潭县总拓宽"党建带工建"覆盖面', "贵州湄潭县总拓宽“党建带工建”覆盖面"),
    # invisible and control characters go
    ("工会\u200b驿站\x00里的\ufeff生日会", "工会驿站里的生日会"),
])
def test_line_repairs(raw, clean):
    assert normalise(raw) == clean


def test_sentence_cut_over_a_blank_line_is_joined(data_dir):
    page = normalise((data_dir / "000_d82cd269491dd9c4.txt").read_text(encoding="utf-8"))
    assert "对辖区内用单位，特别是外卖、物流、家政等领域" in page
    assert "检察机关及时与工会进行通报与会商。" in page


def test_headings_and_wide_gaps_are_not_joined():
    text = ("营口市总持续关注并收集女职工权益保障方面的其他突出问题，检察机关依据工会线索开展走访调查\n\n"
            "江苏淮安生态文旅区总推动产改走深走实\n\n"
            "本报讯（通讯员杨安琪 苗凡敬）日前，江苏省淮安生态文旅区党群服务进企业交流活动走进智优沃产业园区。\n\n\n\n"
            "形成多元协同保护劳动者合法权益的治理格局，推动问题在基层一线得到及时有效化解")
    text += "\n\n\n\n据悉，新疆维吾尔自治区总工会邀请医疗队开展送健康活动。"
    lines = [ln for ln in normalise(text).split("\n") if ln]
    assert len(lines) == 5
    assert lines[0].endswith("走访调查") and lines[3].endswith("及时有效化解")


@pytest.mark.parametrize("noise", ["来源：某某县人民检察院网站 作者：某某县人民检察院第二检察部办公室 王某某",
                                   "当前位置：首页 > 工作动态 > 县区动态 > 某某县人民检察院 > 正文内容"])
def test_web_metadata_and_navigation_are_not_joined_with_text(noise):
    text = f"某县检察院联合县总工会开展专项行动\n\n{noise}\n\n县检察院联合县总工会开展专项行动，共走访企业20家。"
    assert normalise(text).split("\n\n")[1] == noise


def test_repeated_paragraphs_of_overlapping_columns_are_dropped(data_dir):
    raw = (data_dir / "000_d82cd269491dd9c4.txt").read_text(encoding="utf-8")
    assert raw.count("本报讯（记者田国全 通讯员王峻）") == 2
    page = normalise(raw)
    assert page.count("本报讯（记者田国全 通讯员王峻）") == 1
    assert page.count("职工方代表提出职工诉求，与企业方代表一一分析、协商。") == 1


def test_short_repeated_labels_stay(data_dir):
    page = normalise((data_dir / "003_79df250fcb6385bf.txt").read_text(encoding="utf-8"))
    assert page.count("【主席之声】") == 2


def test_markdown_heading_markers_stay_as_hints_and_emphasis_goes():
    text = "## 黄陵矿业一号煤矿呵护矿工心理健康——\n\n# “心灵阳光” 照进百米井下\n\n**近日**，在陕煤集团黄陵矿业公司一号煤矿心理咨询室。"
    assert normalise(text).split("\n\n") == [
        "## 黄陵矿业一号煤矿呵护矿工心理健康——", "# “心灵阳光” 照进百米井下",
        "近日，在陕煤集团黄陵矿业公司一号煤矿心理咨询室。"]


def test_line_endings_and_blank_runs():
    assert normalise("标题\r\n\r\n\r\n\r\n\r\n正文第一段。\r第二段。\f第三段。") == \
        "标题\n\n\n正文第一段。\n第二段。\n第三段。"


@pytest.mark.parametrize("name", ["000_d82cd269491dd9c4.txt", "002_c0b2ec94bb47f1cb.txt",
                                  "004_43121081a4cdb8e4.txt"])
def test_normalise_is_idempotent_on_real_pages(data_dir, name):
    once = normalise((data_dir / name).read_text(encoding="utf-8"))
    assert normalise(once) == once


def test_pinyin_glosses_after_han_characters_go():
    assert normalise("市总工會(huì)与检察院会(huì)商研判，开展专项(xiàng)行动。") == \
        "市总工會与检察院会商研判，开展专项行动。"
    assert normalise("成立工会（gōng huì）服务站。") == "成立工会服务站。"


def test_latin_in_parentheses_without_tone_marks_stays():
    page = normalise("下载手机(app)平台，设立职工之家(ICU)。")
    assert "app" in page and "ICU" in page


def test_long_headline_of_a_web_post_is_not_joined_to_its_first_paragraph():
    title = "黑龙江省哈尔滨市道里区总工会联合区人民检察院开展农民工欠薪专项治理"
    body = "近日，道里区总工会与道里区人民检察院召开联席会议，建立线索移送机制。\n会上，双方通报了有关情况。"
    assert normalise(f"{title}\n\n{body}").split("\n")[0] == title
