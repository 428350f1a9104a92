"""Segmentation of newspaper pages and web posts into articles."""
from __future__ import annotations

import json
import re

import pytest
from conftest import SHARED, needs_shared

from kg.ingest import iter_documents
from kg.models import Document
from kg.segment import MAX_BODY_CHARS, segment


@pytest.fixture(scope="module")
def pages(data_dir) -> dict[str, list]:
    return {doc.file: segment(doc) for doc in iter_documents([data_dir])}


def _norm(s: str) -> str:
    return re.sub(r"[\s#“”\"'《》「」【】()（）:：,，!！?？·.。、—-]", "", s or "")


def _matches(title: str, gold: dict) -> bool:
    """The rule of ../shared/tools/score_articles.py: containment either way, ≥ 4 chars."""
    p = _norm(title)
    return any(len(p) >= 4 and len(g) >= 4 and (p in g or g in p)
               for g in map(_norm, [gold["title"], *gold.get("subtitles", [])]))


@needs_shared
def test_dev_pages_are_cut_into_the_articles_a_reader_sees(pages):
    gold = json.loads((SHARED / "gold" / "dev-articles.json").read_text(encoding="utf-8"))
    predicted = sum(len(arts) for arts in pages.values())
    correct = sum(any(_matches(a.title, g) for g in gold[f]) for f, arts in pages.items() for a in arts)
    found = 0
    for f, golds in gold.items():
        unused = list(pages[f])
        for g in golds:
            hit = next((a for a in unused if _matches(a.title, g)), None)
            if hit:
                unused.remove(hit)
                found += 1
    n_gold = sum(map(len, gold.values()))
    assert correct / predicted >= 0.9
    assert found / n_gold >= 0.9


def _by_title(arts, title):
    (art,) = [a for a in arts if a.title == title]
    return art


def test_news_article_parts(pages):
    arts = pages["000_d82cd269491dd9c4.txt"]
    first = arts[0]
    assert first.id == "000_d82cd269491dd9c4.txt#1"
    assert first.title == "“工会+检察”为女职工撑起一片法治晴空"
    assert first.subtitles == ["营口市总与检察院协同监督维护女职工合法权益"]
    assert first.byline == "本报讯（记者刘旭 通讯员宋昕泽）"
    assert first.body.startswith("女职工工伤保险应缴未缴")
    assert first.text == "营口市总与检察院协同监督维护女职工合法权益\n" + first.title + "\n" + first.body
    assert [a.id for a in arts] == [f"000_d82cd269491dd9c4.txt#{n}" for n in range(1, len(arts) + 1)]


def test_feature_with_label_kicker_box_and_subheadings(pages):
    arts = pages["000_d82cd269491dd9c4.txt"]
    feature = _by_title(arts, "工会驿站里的温馨生日会")
    assert feature.subtitles == ["G 新闻特写"]
    assert feature.byline == "本报记者 庞慧敏 本报通讯员 莫艳春"
    long_read = _by_title(arts, "精准回应职工需求的集体协商")
    assert long_read.subtitles[0].endswith("——")
    assert long_read.body.startswith("阅读提示")
    assert "\n分层协商，破解发展难题\n" in long_read.body  # a subheading, not an article
    assert long_read.byline.startswith("本报记者 吴铎思")


def test_photo_credit_closes_a_photo_article(pages):
    photo = _by_title(pages["000_d82cd269491dd9c4.txt"], "同台比拼展技能")
    assert photo.byline == "本报通讯员 欧宗涛 程千俊 摄"
    assert photo.body.startswith("12月5日") and photo.body.endswith("展开角逐。")
    above = _by_title(pages["004_43121081a4cdb8e4.txt"], "关健康到边疆")  # caption above its title
    assert above.body.startswith("据悉") and "医疗专家为护边员测量" in above.body


def test_column_label_signature_and_continuation(pages):
    comment = pages["003_79df250fcb6385bf.txt"][0]
    assert comment.subtitles == ["【主席之声】"]
    assert comment.title == "塑造“工”字品牌为服务职工赋能"
    assert comment.byline == "滨海县总工会副主席 万月"
    continued = pages["001_dda077ff57b881a0.txt"][-1]
    assert continued.title == "（上接第1版）"
    assert continued.byline == "新华社北京10月20日电"
    assert "新华社" not in continued.body


def test_markdown_headings_are_structure_not_text(pages):
    first = pages["002_c0b2ec94bb47f1cb.txt"][0]
    assert first.title == "“联席”全覆盖 联系不停歇"
    assert "#" not in first.text
    assert first.body.startswith("建立“工会+检察”协作机制\n2024年4月")


def test_kicker_set_on_the_title_line_is_split_off(pages):
    arts = pages["002_c0b2ec94bb47f1cb.txt"]
    assert _by_title(arts, "服务民警生活保障 解决家属就业难题").subtitles == ["吉林省总关心关爱戍边民警"]
    assert _by_title(arts, "工会关怀 温暖常伴").subtitles == []  # no actor named first: one title


def doc(text: str, name: str = "post.txt", **kw) -> Document:
    return Document(name, text, text, **kw)


POST = """关于开展“工会+检察”协同监督的情况通报

发布时间：2024-05-12 10:20

今年以来，某县总工会与县人民检察院联合开展劳动法律监督，共发出提示函12份，督促6家企业补缴社保。

一、建立协作机制

双方建立线索移送、联席会议等5项工作机制，明确职责分工。

二、开展专项行动

针对拖欠工资问题，双方联合走访企业23家，追回欠薪45万元。
"""


def test_a_web_post_is_one_article_with_its_date():
    (art,) = segment(doc(POST))
    assert art.title == "关于开展“工会+检察”协同监督的情况通报"
    assert art.date == "2024-05-12"
    assert art.body.startswith("今年以来") and art.body.endswith("追回欠薪45万元。")
    assert "一、建立协作机制" in art.body


def test_text_without_a_heading_is_one_untitled_article():
    (art,) = segment(doc("今年以来，县总工会共受理职工来访38件，调处劳动争议12件。\n\n工会法律援助中心为职工挽回损失20万元。"))
    assert art.title == ""
    assert art.body.count("\n") == 1


def test_a_picture_inside_an_article_does_not_swallow_the_rest():
    text = ("安徽省总开展送清凉活动\n\n本报讯（记者陈华）7月以来，安徽省总工会开展夏送清凉活动，走访慰问户外劳动者。\n\n"
            "慰问现场\n\n图为工会干部为环卫工人送上防暑用品。\n\n本报记者 陈华 摄\n\n"
            "据了解，活动共覆盖全省16个市，惠及职工10万余人次。")
    news, picture = segment(doc(text))
    assert news.title == "安徽省总开展送清凉活动"
    assert news.body.endswith("惠及职工10万余人次。")
    assert picture.title == "慰问现场"
    assert picture.body == "图为工会干部为环卫工人送上防暑用品。"
    assert picture.byline == "本报记者 陈华 摄"


def test_dates_from_datelines_and_date_lines():
    (art,) = segment(doc("山东总举办技能竞赛\n\n新华社济南2025年10月20日电 山东省总工会举办首届全省工会资产管理业务技能竞赛。"))
    assert art.date == "2025-10-20"
    assert art.byline == "新华社济南2025年10月20日电"
    (art,) = segment(doc("2024年5月\n\n青海高原工匠创新训练营开营\n\n本报讯（记者邢生祥）近日，训练营开营。"))
    assert art.date == "2024-05"
    (art,) = segment(doc("青海高原工匠创新训练营开营\n\n近日，训练营开营。", date="2023-01-02"))
    assert art.date == "2023-01-02"


def test_over_long_article_is_cut_below_spacy_max_length():
    paragraph = "营口市总工会与市检察院协同发力，通过行政公益诉讼诉前程序成功督促相关行政机关履职。"
    body = "\n".join(f"{i}、{paragraph}" for i in range(6000))
    arts = segment(doc("工会+检察协同监督年度汇编\n\n" + body))
    assert len(arts) >= len(body) / MAX_BODY_CHARS
    assert [a.title for a in arts[:3]] == ["工会+检察协同监督年度汇编", "工会+检察协同监督年度汇编 (2)",
                                           "工会+检察协同监督年度汇编 (3)"]
    assert all(len(a.body) <= MAX_BODY_CHARS and len(a.text) < 1_000_000 for a in arts)
    assert "".join(a.body.replace("\n", "") for a in arts) == body.replace("\n", "")
    assert arts[1].text.startswith("工会+检察协同监督年度汇编 (2)\n")


CASE = """某县人民检察院督促用人单位补缴工伤保险行政公益诉讼案

【基本案情】

2023年以来，某县多家用人单位未为外卖、物流等领域职工缴纳工伤保险，损害劳动者合法权益。

【检察履职】

县检察院依托与县总工会会签的协作机制获取线索，向县人社局制发检察建议。

【典型意义】

本案是“工会+检察”协作的典型案例。
"""


def test_section_labels_of_a_case_report_stay_in_one_article():
    (art,) = segment(doc(CASE))
    assert art.title == "某县人民检察院督促用人单位补缴工伤保险行政公益诉讼案"
    assert art.body.split("\n")[::2] == ["【基本案情】", "【检察履职】", "【典型意义】"]


@pytest.mark.parametrize("spacing", ["\n", "\n\n\n"])
def test_usual_paragraph_spacing_is_not_a_wide_gap(spacing):
    text = spacing.join(["澜沧县运用“一函两书”推动驾校规范用工", "本报讯（记者赵黎浩）近日，澜沧县处理一起典型案例。",
                         "多部门联动", "县总联合县检察院、县人社局成立专项工作组。"])
    (art,) = segment(doc(text))
    assert art.body.endswith("多部门联动\n县总联合县检察院、县人社局成立专项工作组。")


@pytest.mark.parametrize("lead, byline", [
    ("本报讯（记者刘旭 通讯员宋昕泽）近日，", "本报讯（记者刘旭 通讯员宋昕泽）"),
    ("本报讯 (记者刘旭 通讯员宋昕泽)近日,", "本报讯（记者刘旭 通讯员宋昕泽）"),
    ("本报讯 记者刘旭 通讯员宋昕泽 近日，", "本报讯 记者刘旭 通讯员宋昕泽"),
    ("新华社北京10月20日电（记者刘旭）近日，", "新华社北京10月20日电（记者刘旭）"),
    ("本报营口8月14日电 （记者 刘旭）近日，", "本报营口8月14日电（记者 刘旭）"),
    ("中工网讯（记者 刘旭）近日，", "中工网讯（记者 刘旭）"),
    ("某某新闻网营口讯（记者刘旭 通讯员宋昕泽）近日，", "某某新闻网营口讯（记者刘旭 通讯员宋昕泽）"),
    ("某某融媒讯（通讯员 宋昕泽）近日，", "某某融媒讯（通讯员 宋昕泽）"),
    ("某某网营口8月14日电（通讯员宋昕泽）近日，", "某某网营口8月14日电（通讯员宋昕泽）"),
])
def test_lead_bylines(lead, byline):
    (art,) = segment(doc(f"营口市总与检察院协同监督\n\n{lead}营口市总工会与市检察院召开圆桌会议。"))
    assert art.byline == byline
    assert art.body == "近日，营口市总工会与市检察院召开圆桌会议。"


NOTICE = """关于联合开展劳动法律监督专项行动的通知

各县（区）总工会、人民检察院：

为深入贯彻落实《关于建立“工会+检察”协作机制的意见》，现就联合开展专项行动通知如下。

一、工作目标

通过专项行动，推动用人单位依法用工。

营口市总工会
营口市人民检察院

2024年5月1日
"""


def test_a_signed_notice_is_one_article_dated_by_its_signature():
    (art,) = segment(doc(NOTICE))
    assert art.title == "关于联合开展劳动法律监督专项行动的通知"
    assert art.body.endswith("营口市总工会\n营口市人民检察院")
    assert art.date == "2024-05-01"


def test_a_picture_under_a_subheading_stays_in_its_article():
    text = ("澜沧县运用“一函两书”推动驾校规范用工\n\n近日，澜沧县处理一起有关驾校损害教练员合法权益的典型案例。\n\n"
            "多部门联动\n\n澜沧县总联合县检察院、县人社局、县交通运输局成立专项工作组。\n\n"
            "图为专项工作组走访驾校。（记者 张三 摄）\n\n目前，该县驾培行业劳动纠纷同比下降75%。")
    (art,) = segment(doc(text))
    assert art.byline == "记者 张三 摄"
    assert "\n多部门联动\n" in art.body and art.body.endswith("同比下降75%。")
    assert "摄" not in art.body


WEB_POST = """欢迎访问某市总工会网站！
当前位置：首页 > 工作动态 > 县区动态

某县总工会与县人民法院共建劳动争议调解室

发布日期：2025-03-18 09:12:40  来源：某县总工会  浏览次数：

3月15日，某县总工会与县人民法院签订协议，共建劳动争议诉调对接调解室，首批聘请调解员8名。

调解室运行以来，已化解劳动争议15件，为职工挽回损失30万元。

图片1.jpg

责任编辑：王小明
• 某省总工会
• 某市人民政府
某市总工会 版权所有 某ICP备12345678号
"""


def test_site_navigation_and_metadata_around_a_web_post_are_structure():
    (art,) = segment(doc(WEB_POST))
    assert art.title == "某县总工会与县人民法院共建劳动争议调解室"
    assert art.date == "2025-03-18" and art.byline == "来源：某县总工会"
    assert art.body.startswith("3月15日") and art.body.endswith("为职工挽回损失30万元。")
    assert not re.search("首页|浏览|编辑|版权|•|jpg", art.text)


def test_a_label_set_on_the_title_of_a_web_post_is_a_subtitle():
    text = ("设为首页 | 加入收藏\n【普法在身边】某区检察院支持农民工起诉追回欠薪\n时间：2024-11-02  作者：李明\n\n"
            "近日，某区检察院支持12名农民工起诉，追回欠薪20万元。\n\n（通讯员：赵刚）")
    (art,) = segment(doc(text))
    assert (art.title, art.subtitles) == ("某区检察院支持农民工起诉追回欠薪", ["【普法在身边】"])
    assert art.date == "2024-11-02" and art.byline == "通讯员：赵刚"  # its own signature before the site's author field
    assert art.body == "近日，某区检察院支持12名农民工起诉，追回欠薪20万元。"
    (art,) = segment(doc("某区检察院支持农民工起诉追回欠薪\n近日，某区检察院支持农民工起诉。\n（赵刚）"))
    assert art.byline == "赵刚" and art.body == "近日，某区检察院支持农民工起诉。"
    (art,) = segment(doc("某区检察院支持农民工起诉追回欠薪\n来源：某某日报\n本报讯（记者赵刚）近日，某区检察院支持农民工起诉。"))
    assert art.byline == "本报讯（记者赵刚）" and art.body == "近日，某区检察院支持农民工起诉。"


def test_a_post_without_a_headline_keeps_its_case_headings_and_keywords_inside():
    text = ("（资料图）\n转自：某某日报\n近年来，某省各级工会联合检察机关推进“一函两书”制度落地。\n"
            "案例1\n某县总工会——\n发提示函督促企业补缴社保\n【关键词】\n提示函 社会保险 协同监督\n"
            "【基本案情】\n某企业未为30名职工缴纳社保，县总工会发出提示函。")
    (art,) = segment(doc(text))
    assert art.title == "" and art.byline == "转自：某某日报"
    assert art.body.startswith("近年来") and "提示函 社会保险 协同监督" in art.body
    assert "资料图" not in art.text


def test_a_column_name_and_author_is_a_byline_not_a_title():
    (art,) = segment(doc("某市观察 张晓红\n近日，某市中级人民法院与市总工会联合召开劳动争议诉调对接工作会。"))
    assert (art.title, art.byline) == ("", "某市观察 张晓红")


NUMBERED_NOTICE = ("昆明市人力资源和社会保障局\n昆明市总工会\n昆明市工商业联合会（总商会）\n"
          "关于开展2025年度和谐劳动关系\n创建示范活动的通知\n昆人社通〔2025〕18号\n"
          "各县（市、区）人力资源和社会保障局、总工会、工商联：\n"
          "为深入推进和谐劳动关系创建工作，现就有关事项通知如下。\n一、创建对象\n全市各类企业。\n")


def test_an_official_notice_with_its_number_is_one_document():
    (notice,) = segment(doc(NUMBERED_NOTICE, "notice.txt"))
    assert "昆明市总工会" in notice.text and "全市各类企业" in notice.body
