"""The organisation recogniser: spans, their parts and what is not an
organisation, on sentences of the sample pages and made-up ones."""
from __future__ import annotations

from kg.extract import load_pipeline, make_doc
from kg.extract.orgs import find_orgs, load_grammar
from kg.models import Article


def spans(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.rule) for m in find_orgs(text, load_grammar())]


def texts(text: str) -> list[str]:
    return [t for t, _ in spans(text)]


def test_unit_and_body_including_abbreviations():
    assert spans("营口市总与市检察院启动协同监督") == [("营口市总", "unit"), ("市检察院", "deictic")]
    assert texts("联合县检察院、县人社局、县交通运输局成立专项工作组") == ["县检察院", "县人社局", "县交通运输局"]
    assert texts("安徽省总联合省高院、省检察院、省司法厅、省人社厅印发") == [
        "安徽省总", "省高院", "省检察院", "省司法厅", "省人社厅"]
    assert texts("全面落实省委、市委和区委的决策部署") == ["省委", "市委", "区委"]
    assert texts("辽源市人大常委会副主任、市总工会主席杜立智") == ["辽源市人大常委会", "市总工会"]


def test_zong_is_a_union_only_when_it_starts_no_other_word():
    assert texts("公司总经理冯华回应") == []
    assert texts("习近平总书记一再强调") == []
    assert texts("全区技能人才总量超16.4万人") == []
    assert texts("青海省总系统规划") == ["青海省总"]


def test_unit_words_that_are_not_units():
    assert texts("园区工会和企业工会干部多是兼职") == []
    assert texts("推动全市各区总工会与区审计局建立机制") == ["区审计局"]
    assert texts("辖区检察院和社区工会") == []


def test_names_broken_by_ocr_spaces_and_lines_keep_original_offsets():
    text = "在锦 州市总的推动下，辽\n\n源市人大常委会"
    found = find_orgs(text, load_grammar())
    assert [m.text for m in found] == ["锦 州市总", "辽\n\n源市人大常委会"]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_named_organisations_read_leftwards_to_a_delimiter():
    assert texts("确定设立工匠学院的广州数字科技集团有限公司等22个单位") == ["广州数字科技集团有限公司"]
    assert texts("其中，深圳职业技术大学和深圳信息职业技术大学围绕") == ["深圳职业技术大学", "深圳信息职业技术大学"]
    assert texts("指导双乐公司签订专项集体合同") == ["双乐公司"]
    assert texts("由甘肃省总工会主办，金川集团、《中国工人》杂志社承办") == [
        "甘肃省总工会", "金川集团", "《中国工人》杂志社"]
    assert texts("联合腾讯科技（深圳）有限公司开展培训") == ["腾讯科技（深圳）有限公司"]
    assert texts("吉林省总与边检总站、国家移民管理局长春边防中心协作") == ["吉林省总", "国家移民管理局长春边防中心"]


def test_place_names_are_read_whole_though_they_hold_delimiters():
    assert texts("区政府以及成都华西建筑劳务有限公司参加") == ["区政府", "成都华西建筑劳务有限公司"]


def test_enterprise_union_holds_its_enterprise():
    assert spans("新疆维吾尔自治区拜城县众泰煤焦化有限公司工会主席马守祥") == [
        ("新疆维吾尔自治区拜城县众泰煤焦化有限公司工会", "named"),
        ("新疆维吾尔自治区拜城县众泰煤焦化有限公司", "named")]
    assert spans("指导该公司与县人民医院签订合作协议") == [("该公司", "anaphor"), ("县人民医院", "deictic")]
    assert spans("回顾起公司工会与企业开展的工资协商") == [("公司工会", "anaphor")]


def test_generic_anonymised_and_non_organisations_are_left_out():
    for text in (
        "澜沧县某驾校6名教练员", "县某餐饮公司主动进行整改", "初步锁定5家用人单位",
        "督促相关行政机关履职", "还联动行业协会推出套餐", "22家重点工匠学院每家补助百万元",
        "杨某在伊吾县淖毛湖镇某运输公司从事长途货运", "孩子考上大学后",
        "本报讯（记者刘旭 通讯员宋昕泽）", "（新华社北京10月20日电）",
        "“镇海工会”微信公众号还定时解答", "破解新兴领域工会建会入会难题",
        "该县总人口达50万", "各市县总工会积极响应", "教育部门和人社部门联合检查", "成为公司骨干",
        "上市公司与外包公司",
    ):
        assert texts(text) == [], text


def test_bare_bodies_and_national_bodies():
    assert spans("检察院与法院建立快速通道") == [("检察院", "bare"), ("法院", "bare")]
    assert spans("有4项工作获得全总领导批示，最高检发布典型案例") == [("全总", "national"), ("最高检", "national")]


def test_development_zones_are_organisations_too():
    found = spans("锦州七里河经济开发区管委会副主任岳祥告诉记者")
    assert found == [("锦州七里河经济开发区管委会", "zone")]
    assert spans("常州高新区管委会参加") == [("常州高新区管委会", "zone")]
    assert spans("云南昆明阳宗海风景名胜区七甸社区") == []  # a zone, but no administration named


def test_nouns_holding_delimiter_characters_are_read_whole():
    assert texts("。华为公司的员工") == ["华为公司"]


def test_no_entities_and_very_long_text():
    assert find_orgs("", load_grammar()) == []
    assert find_orgs("今天天气很好，大家一起去公园散步。\n\n", load_grammar()) == []
    sentence = "营口市总工会与市检察院联合督促5家用人单位补缴工伤保险，"
    assert len(find_orgs(sentence * 500, load_grammar())) == 1000


def test_real_page_has_the_known_organisations(data_dir):
    text = (data_dir / "002_c0b2ec94bb47f1cb.txt").read_text(encoding="utf-8")
    found = set(texts(text))
    for name in ("安徽省总工会", "省人民检察院", "义安区人社局", "东园社区工会", "省出入境边防检查总站",
                 "新疆生产建设兵团十三师新星市总工会", "阳宗海风景名胜区总工会", "黄陵矿业公司一号煤矿工会"):
        assert name in found, name


def test_component_takes_user_bodies_and_suffixes_from_its_config():
    nlp = load_pipeline({"kg_org_recogniser": {
        "bodies": [{"body": "残疾人联合会", "org_type": "association"}],
        "suffixes": [{"suffix": "合作社", "org_type": "enterprise"}],
    }})
    text = "市残疾人联合会与金穗农机合作社签约"
    doc = make_doc(nlp, Article("a#1", "a", "", text, text))
    doc = nlp.get_pipe("kg_org_recogniser")(doc)
    assert [m.text for m in doc._.orgs] == ["市残疾人联合会", "金穗农机合作社"]


def test_districts_named_like_common_words_after_their_city():
    assert spans("长治市城区总工会与城区检察院座谈") == [("长治市城区总工会", "unit"), ("城区检察院", "unit")]
    assert texts("城区检察院和郊区总工会") == []  # no city named: common words
    assert texts("老城区改造和矿区道路") == []


def test_more_kinds_of_bodies():
    assert texts("县综合行政执法局、县市场监管局、区应急管理局、县医保局") == [
        "县综合行政执法局", "县市场监管局", "区应急管理局", "县医保局"]
    assert texts("联合区公安分局、区行政执法局、市劳动人事争议仲裁院开展") == [
        "区公安分局", "区行政执法局", "市劳动人事争议仲裁院"]
    assert texts("邀请县法律援助中心、县公共法律服务中心、县工商联参加") == [
        "县法律援助中心", "县公共法律服务中心", "县工商联"]


def test_party_committee_departments_are_read_whole():
    assert spans("中共宜宾市委政法委员会主办") == [("宜宾市委政法委员会", "unit")]
    assert texts("市委组织部、县委宣传部和市委统战部") == ["市委组织部", "县委宣传部", "市委统战部"]


def test_clause_text_and_anonymised_parties_are_no_names():
    assert texts("法院随即冻结涉案公司银行账户") == ["法院"]
    assert texts("在材料真实且涉事企业配合的情况下") == []
    assert texts("督促涉案公司整改") == []


def test_sites_channels_and_columns_named_after_an_organisation_are_no_organisations():
    assert texts("欢迎访问宜宾市总工会网站！") == []
    assert texts("• 四川省委民生服务通道\n• 新闻中心") == []
    assert texts("市总工会开通维权服务平台，") == ["市总工会"]
    assert texts("县总工会的服务平台，为职工提供帮助") == ["县总工会"]
    assert texts("宜宾市总工会开展活动。\n友情链接：最高人民检察院 全国总工会\n宜宾市人民检察院参加") == [
        "宜宾市总工会", "宜宾市人民检察院"]
    assert texts("最高人民检察院 | 中华全国总工会 | 宜宾市总工会") == []


def test_self_references_of_courts_bureaus_and_unions():
    assert spans("我院与本局、本会共同签署，该院、该局参加") == [
        ("我院", "anaphor"), ("本局", "anaphor"), ("本会", "anaphor"), ("该院", "anaphor"), ("该局", "anaphor")]
    assert texts("该局面难以改变，本会议决定") == []


def test_short_forms_defined_in_parentheses_are_found_later():
    found = spans("宜宾市翠屏区人民检察院（以下简称“翠屏区院”）受理后，翠屏区院向法院发出建议")
    assert found[0] == ("宜宾市翠屏区人民检察院", "unit")
    assert ("翠屏区院", "alias") in found
    assert [r for _, r in spans("宁县人民法院、宁县人民检察院（以下简称两院）联合发文，两院表示")] == ["unit", "unit"]


def test_site_owners_in_footers_are_no_organisations():
    assert texts("中共宜宾市委政法委员会 版权所有") == []
    assert texts("主办单位：宜宾市总工会  技术支持：某公司") == []
    assert texts("本次活动主办单位：宜宾市总工会") == ["宜宾市总工会"]


def test_a_conjunction_before_a_unit_word_is_no_county():
    assert texts("县总工会和县检察院共同开展行动") == ["县总工会", "县检察院"]
    assert texts("安徽省和县总工会") == ["安徽省和县总工会"]


def test_roles_and_clause_words_before_a_place_are_not_part_of_the_name():
    assert texts("欠薪企业宜宾市兴达商贸有限公司负责人表示") == ["宜宾市兴达商贸有限公司"]
    assert texts("被告宜宾市兴达商贸有限公司辩称") == ["宜宾市兴达商贸有限公司"]
    assert texts("并且积极主动联系宜宾天原集团股份有限公司") == ["宜宾天原集团股份有限公司"]
    assert texts("国网马鞍山供电公司举办技能竞赛") == ["国网马鞍山供电公司"]
    assert texts("中铁二十局集团宜宾分公司拖欠工资") == ["中铁二十局集团宜宾分公司"]
    assert texts("督促施工总承包单位中建三局集团有限公司代发工资") == ["中建三局集团有限公司"]


def test_the_place_of_the_event_makes_a_union_anonymous():
    assert texts("事发地社区工会驿站管理员发现后报告。") == []


def test_an_indefinite_or_generic_enterprise_is_no_organisation():
    assert texts("汪亮受聘于安康一家物流公司。") == []
    assert texts("一家小区物业公司与原保洁公司产生纠纷。") == []
    assert texts("原平市众兴物流公司") == ["原平市众兴物流公司"]
