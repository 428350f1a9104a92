"""Canonical organisations (DESIGN §3.3): abbreviations, context resolution,
short forms of units and of enterprises; real sentences and made-up articles
from other provinces."""
from __future__ import annotations

import csv

from kg.extract.mentions import Org
from kg.extract.orgs import find_orgs, load_grammar
from kg.extract.resources import DATA
from kg.extract.resolve import resolve_mentions


def resolved(text: str) -> list[tuple[str, Org | None]]:
    g = load_grammar()
    mentions = find_orgs(text, g)
    resolve_mentions(text, mentions, g)
    return [(m.text, m.org) for m in mentions]


def names(text: str) -> list[tuple[str, str | None]]:
    return [(t, o.name if o else None) for t, o in resolved(text)]


def test_abbreviations_expand():
    assert names("营口市总与营口市检察院") == [("营口市总", "营口市总工会"), ("营口市检察院", "营口市人民检察院")]
    assert names("安徽省高院和安徽省人社厅") == [("安徽省高院", "安徽省高级人民法院"),
                                          ("安徽省人社厅", "安徽省人力资源和社会保障厅")]
    assert names("镇海区卫健委") == [("镇海区卫健委", "镇海区卫生健康委员会")]
    assert names("全总和最高检联合发布") == [("全总", "中华全国总工会"), ("最高检", "最高人民检察院")]
    assert names("辽源市人大常委会") == [("辽源市人大常委会", "辽源市人民代表大会常务委员会")]


def test_abbreviation_table_is_a_data_file_others_can_read():
    with (DATA / "abbreviations.csv").open(encoding="utf-8") as fh:
        table = {r["short"]: r["full"] for r in csv.DictReader(fh)}
    assert table["人社局"] == "人力资源和社会保障局"
    assert table["全总"] == "中华全国总工会"


def test_lowest_unit_names_the_body_and_higher_units_become_attributes():
    (_, org), = resolved("山东省青岛市市北区总工会聚焦劳动者需求")
    assert (org.name, org.org_type, org.level) == ("市北区总工会", "union", "county")
    assert (org.province, org.city, org.county, org.adcode) == ("山东省", "青岛市", "市北区", "370203")
    assert names("镇沅县人社局与澜沧县总") == [
        ("镇沅县人社局", "镇沅彝族哈尼族拉祜族自治县人力资源和社会保障局"),
        ("澜沧县总", "澜沧拉祜族自治县总工会")]
    assert names("江苏淮安生态文旅区总推动“产改”走深走实") == [("江苏淮安生态文旅区总", "淮安生态文旅区总工会")]
    assert names("新疆生产建设兵团十三师新星市总工会") == [("新疆生产建设兵团十三师新星市总工会", "新星市总工会")]


def test_party_committees_and_governments():
    text = "扬州市江都区总工会：全面落实省委、市委和区委的决策部署。安徽省政府高度重视。北镇市青堆子镇党委副书记"
    assert [n for _, n in names(text)] == [
        "江都区总工会", "中共江苏省委员会", "中共扬州市委员会", "中共江都区委员会",
        "安徽省人民政府", "中共青堆子镇委员会"]


def test_unit_words_resolve_from_the_article_context():
    text = "近日，辽宁省营口市总工会与市检察院召开圆桌会议。省总工会派员参加，县检察院未参加。"
    assert names(text) == [
        ("辽宁省营口市总工会", "营口市总工会"), ("市检察院", "营口市人民检察院"),
        ("省总工会", "辽宁省总工会"), ("县检察院", None)]


def test_same_words_in_two_articles_about_two_cities_are_two_nodes():
    (_, a), = resolved("宁波市召开会议。市检察院通报线索移送情况。")
    (_, b), = resolved("嘉兴市召开会议。市检察院通报线索移送情况。")
    assert (a.name, b.name) == ("宁波市人民检察院", "嘉兴市人民检察院")
    assert a.node_id != b.node_id


def test_same_named_districts_keep_apart_by_the_city_around_them():
    (_, beijing), (_, _) = resolved("北京市朝阳区总工会与区检察院签署意见")
    (_, changchun), (_, _) = resolved("吉林省长春市朝阳区总工会与区检察院签署意见")
    assert beijing.name == changchun.name == "朝阳区总工会"
    assert (beijing.adcode, changchun.adcode) == ("110105", "220104")
    assert beijing.node_id != changchun.node_id
    assert [o.adcode for _, o in resolved("长春市朝阳区总工会与区检察院")] == ["220104", "220104"]


def test_unit_of_the_story_wins_over_a_place_named_in_passing():
    text = ("滨海县总工会与县法院开展集中执行行动。农民工王兆地在泗洪县某建设工地从事建筑工作。"
            "县法院将10万元强制执行到位。")
    assert [n for _, n in names(text)] == ["滨海县总工会", "滨海县人民法院", "滨海县人民法院"]


def test_bare_bodies_resolve_to_the_body_of_the_story():
    text = "澜沧县总联合县检察院、县人社局成立工作组。县检察院指派骨干。检察院与法院建立快速通道。"
    assert [n for _, n in names(text)][-2:] == ["澜沧拉祜族自治县人民检察院", "澜沧拉祜族自治县人民法院"]
    assert all(o is None for _, o in names("多亏工会和检察院的监督检查"))  # no place to take them from
    assert names("澜沧县总帮助职工向法院提起诉讼") == [("澜沧县总", "澜沧拉祜族自治县总工会")]  # any court
    assert names("该区总工会联合党建办开展活动，江苏淮安生态文旅区总")[1] == ("党建办", "淮安生态文旅区党建办")


def test_enterprise_short_forms_resolve_to_the_full_registered_name():
    text = ("新疆拜城县众泰煤焦化公司注重协商。新疆拜城县众泰煤焦化有限公司通过闭环机制开展协商，"
            "公司工会主席马守祥介绍，该公司今年投入25万元。")
    assert [n for _, n in names(text)] == [
        "拜城县众泰煤焦化有限公司", "拜城县众泰煤焦化有限公司",
        "拜城县众泰煤焦化有限公司工会", "拜城县众泰煤焦化有限公司"]
    text = "重庆秋田齿轮公司工会坚持党建带工建。重庆秋田齿轮有限责任公司退休职工表示，秋田齿轮公司工会成立于1997年。"
    assert {n for _, n in names(text)} == {"重庆秋田齿轮有限责任公司工会", "重庆秋田齿轮有限责任公司"}


def test_distinct_names_that_share_characters_stay_apart():
    text = "深圳职业技术大学和深圳信息职业技术大学联合华为开展培训。江苏恒升物业公司与江苏苏盐门机械公司签约。"
    assert [n for _, n in names(text)] == [
        "深圳职业技术大学", "深圳信息职业技术大学", "江苏恒升物业公司", "江苏苏盐门机械公司"]


def test_development_zones_take_their_city_name():
    text = "锦州市总工会在锦州沟帮子经济开发区试点。北镇市总工会以沟帮子经济开发区企业民主管理指导站为样板。"
    found = names(text)
    assert ("沟帮子经济开发区企业民主管理指导站", "锦州沟帮子经济开发区企业民主管理指导站") in found
    assert ("沟帮子经济开发区", "锦州沟帮子经济开发区") in found


def test_real_page_resolves_its_organisations(data_dir):
    text = (data_dir / "001_dda077ff57b881a0.txt").read_text(encoding="utf-8")
    found = {o.name for _, o in resolved(text) if o}
    for name in ("镇海区总工会", "镇海区人民检察院", "镇海区卫生健康委员会", "澜沧拉祜族自治县总工会",
                 "澜沧拉祜族自治县人民检察院", "澜沧拉祜族自治县交通运输局", "澳门商业雇员总会",
                 "长春市总工会", "市北区总工会", "中国劳动关系学院"):
        assert name in found, name


def test_pipeline_puts_resolved_orgs_in_the_graph_records(nlp):
    from kg.extract import extract
    from kg.models import Article

    text = "云南省普洱市澜沧拉祜族自治县总工会联合县检察院、县人社局成立专项工作组。"
    records = extract(nlp, Article("x.txt#1", "x.txt", "", text, text))
    orgs = {n.name: n.attrs for n in records.nodes if n.kind == "org"}
    assert set(orgs) == {"澜沧拉祜族自治县总工会", "澜沧拉祜族自治县人民检察院",
                         "澜沧拉祜族自治县人力资源和社会保障局"}
    assert orgs["澜沧拉祜族自治县人民检察院"]["aliases"] == ["县检察院"]
    assert orgs["澜沧拉祜族自治县总工会"]["city"] == "普洱市"


def test_units_missing_from_the_gazetteer_are_accepted_by_grammar():
    assert names("浙江省杭州市钱塘区总工会与区人社局签约") == [
        ("浙江省杭州市钱塘区总工会", "钱塘区总工会"), ("区人社局", "钱塘区人力资源和社会保障局")]
    (_, org), = resolved("浙江省杭州市钱塘区总工会")
    assert (org.city, org.county, org.level) == ("杭州市", "钱塘区", "county")
    assert names("深圳市南山区粤海街道总工会") == [("深圳市南山区粤海街道总工会", "粤海街道总工会")]
    assert names("义安区人民检察院会同区总工会召开联席会议")[1] == ("区总工会", "义安区总工会")


def test_a_bare_place_and_union_is_the_place_federation_unless_it_is_union_work():
    assert names("汕头工会将充分发挥侨乡优势") == [("汕头工会", "汕头市总工会")]
    assert names("广东工会工作面临新形势") == []
    assert names("章贡区总工会联合区妇联、团区委开展普法宣传") == [
        ("章贡区总工会", "章贡区总工会"), ("区妇联", "章贡区妇女联合会"), ("团区委", "共青团章贡区委员会")]


def test_traditional_big5_article_goes_through_ingest(tmp_path, nlp):
    from kg.extract import extract
    from kg.ingest import iter_documents
    from kg.segment import segment

    text = ("內蒙古呼和浩特市總工會與市檢察院簽署協議\n\n"
            "本報訊 近日，內蒙古自治區呼和浩特市總工會與呼和浩特市人民檢察院簽署協作意見。"
            "市總工會將向市檢察院移送線索，賽罕區總工會、錫林郭勒盟總工會參加。\n")
    (tmp_path / "big5.txt").write_bytes(text.encode("big5"))
    doc, = iter_documents([tmp_path])
    orgs = {n.name for art in segment(doc) for n in extract(nlp, art).nodes if n.kind == "org"}
    assert orgs == {"呼和浩特市总工会", "呼和浩特市人民检察院", "赛罕区总工会", "锡林郭勒盟总工会"}


def test_self_references_of_a_procuratorate_resolve_to_it():
    text = "常州市天宁区人民检察院：护航劳动者权益\n\n近日，本院与区总工会会签协作意见。"
    assert names(text) == [("常州市天宁区人民检察院", "天宁区人民检察院"), ("本院", "天宁区人民检察院"),
                           ("区总工会", "天宁区总工会")]
    assert names("滨海县人民医院成立专家团队，该院院长表示") == [("滨海县人民医院", "滨海县人民医院"),
                                                     ("该院", None)]


def test_enterprises_without_a_place_take_the_unit_of_the_story():
    found = dict(resolved("滨海县总工会派员整改。江苏恒升物业公司工会开展活动，指导双乐公司签订合同。"))
    assert (found["江苏恒升物业公司"].province, found["江苏恒升物业公司"].county) == ("江苏省", "滨海县")
    assert found["双乐公司"].city == "盐城市"
    assert found["双乐公司"].level == "none"


def test_districts_named_like_common_words_resolve_in_their_city():
    found = dict(resolved("攀枝花市东区检察院联合区总工会走访企业。东区检察院表示"))
    assert found["攀枝花市东区检察院"].name == "东区人民检察院"
    assert found["攀枝花市东区检察院"].city == "攀枝花市"
    assert found["区总工会"].name == "东区总工会"
    assert found["东区检察院"] == found["攀枝花市东区检察院"]


def test_new_bodies_and_their_abbreviations():
    assert names("达州市通川区综合执法局和区公安分局") == [
        ("达州市通川区综合执法局", "通川区综合行政执法局"), ("区公安分局", "通川区公安局")]
    assert names("中共宜宾市委政法委员会与市政法委") == [
        ("宜宾市委政法委员会", "中共宜宾市委政法委员会"), ("市政法委", "中共宜宾市委政法委员会")]


def test_my_court_or_procuratorate_is_the_publisher_not_the_nearest():
    text = ("近日，宁县人民检察院办理的案件在宁县人民法院开庭。我院检察官出庭支持起诉，"
            "检察机关依法履职。本院还向宁县人民法院发出支持起诉书。")
    found = names(text)
    assert ("我院", "宁县人民检察院") in found and ("本院", "宁县人民检察院") in found
    court = "近日，宁县人民检察院与宁县人民法院座谈。我院法官介绍审判工作，审理案件10件。"
    assert ("我院", "宁县人民法院") in names(court)


def test_self_references_of_bureaus_and_unions():
    text = "宁县人力资源和社会保障局联合宁县总工会开展行动。本局将继续，本会将配合。该局表示"
    found = names(text)
    assert ("本局", "宁县人力资源和社会保障局") in found
    assert ("本会", "宁县总工会") in found
    assert ("该局", "宁县人力资源和社会保障局") in found


def test_short_forms_defined_in_parentheses_resolve_to_the_full_name():
    text = "宜宾市翠屏区人民检察院（以下简称“翠屏区院”）受理线索。翠屏区院向有关部门制发检察建议。"
    assert names(text)[-1] == ("翠屏区院", "翠屏区人民检察院")


def test_bare_bodies_are_not_national_bodies_or_authors_of_cited_documents():
    text = ("宁县总工会与宁县检察院根据最高检和全总《关于协同推进的通知》设立工作室。"
            "检察院通过支持起诉维护权益。")
    assert names(text)[-1] == ("检察院", "宁县人民检察院")
    text = ("宁县人民检察院与宁县总工会举行座谈，学习了甘肃省人民检察院、甘肃省总工会《会议纪要》，"
            "介绍了检察院保障权益的情况。")
    assert names(text)[-1] == ("检察院", "宁县人民检察院")


def test_youth_league_committees_are_not_party_committees():
    assert names("共青团宜宾市委、团市委和宜宾市委") == [
        ("共青团宜宾市委", "共青团宜宾市委员会"), ("团市委", "共青团宜宾市委员会"), ("宜宾市委", "中共宜宾市委员会")]


def test_a_city_bureaus_district_branch_keeps_its_name_and_the_districts_bureau_is_it():
    branch = "达州市公安局达川区分局"
    assert names("达州市公安局达川区分局民警到场，区公安分局表示") == [
        (branch, branch), ("民警", branch), ("区公安分局", branch)]
    assert names("市公安局达川分局介入。达州市人社局表示")[0] == ("市公安局达川分局", "达州市公安局达川分局")


def test_a_place_written_in_full_before_gonghui_is_its_federation():
    assert names("宁县工会与宁县检察院签订协议") == [("宁县工会", "宁县总工会"), ("宁县检察院", "宁县人民检察院")]
    assert names("宜宾市工会工作会议") == []
    assert names("印发《宜宾市工会劳动法律监督办法》") == []


def test_a_body_after_its_units_government_belongs_to_that_unit():
    assert names("宜宾市人民政府国有资产监督管理委员会与宜宾市政府") == [
        ("宜宾市人民政府国有资产监督管理委员会", "宜宾市国有资产监督管理委员会"), ("宜宾市政府", "宜宾市人民政府")]


def test_a_groups_branch_named_by_place_keeps_the_group():
    assert names("中铁二十局集团宜宾分公司拖欠工资") == [("中铁二十局集团宜宾分公司", "中铁二十局集团宜宾分公司")]


def test_procuratorates_short_form_unit_plus_yuan():
    assert names("杭州市滨江区院以公益诉讼立案，市院给予指导") == [
        ("杭州市滨江区院", "滨江区人民检察院"), ("市院", "杭州市人民检察院")]
    assert names("小区院内、社区院坝、城区院落、医院、两院，在院内举行") == []


def test_more_national_bodies_and_their_short_forms():
    assert names("全国妇联、全国工商联和团中央联合印发") == [
        ("全国妇联", "中华全国妇女联合会"), ("全国工商联", "中华全国工商业联合会"),
        ("团中央", "中国共产主义青年团中央委员会")]


def test_a_courts_full_name_follows_the_level_of_its_unit():
    assert names("营口市法院、辽宁省法院、溧阳市法院和宛城区法院") == [
        ("营口市法院", "营口市中级人民法院"), ("辽宁省法院", "辽宁省高级人民法院"),
        ("溧阳市法院", "溧阳市人民法院"), ("宛城区法院", "宛城区人民法院")]


def test_a_unit_word_before_gonghui_is_that_units_federation():
    assert names("雁塔区检察院与区工会召开座谈会，县工会和市工会也参加") == [
        ("雁塔区检察院", "雁塔区人民检察院"), ("区工会", "雁塔区总工会"),
        ("县工会", None), ("市工会", "西安市总工会")]
    assert names("各县工会、全区工会、园区工会") == []


def test_a_short_form_defined_for_an_anonymised_party_is_no_organisation():
    assert names("某物流公司（以下简称公司）的考勤制度规定，公司可以") == []


def test_cppcc_committees_are_not_party_committees():
    assert names("市人社局答复政协第十届桂林市委员会提案，桂林市政协") == [
        ("市人社局", "桂林市人力资源和社会保障局"), ("政协第十届桂林市委员会", "中国人民政治协商会议桂林市委员会"),
        ("桂林市政协", "中国人民政治协商会议桂林市委员会")]


def test_a_standing_committee_member_is_a_persons_title():
    assert names("泉州市委常委、政法委书记张某出席，泉州市委政法委") == [("泉州市委政法委", "中共泉州市委政法委员会")]


def test_the_xpcc_is_its_own_provincial_unit_not_xinjiang():
    assert names("新疆生产建设兵团总工会与兵团检察院签订协议，新疆维吾尔自治区总工会参加") == [
        ("新疆生产建设兵团总工会", "新疆生产建设兵团总工会"), ("兵团检察院", "新疆生产建设兵团人民检察院"),
        ("新疆维吾尔自治区总工会", "新疆维吾尔自治区总工会")]


def test_prefecture_unit_words_diqu_meng_zhou():
    assert names("阿克苏地区总工会与地区人社局召开联席会议，锡林郭勒盟总工会联合盟中级人民法院") == [
        ("阿克苏地区总工会", "阿克苏地区总工会"), ("地区人社局", "阿克苏地区人力资源和社会保障局"),
        ("锡林郭勒盟总工会", "锡林郭勒盟总工会"), ("盟中级人民法院", "锡林郭勒盟中级人民法院")]


def test_bodies_listed_after_one_with_its_unit_share_the_unit():
    assert names("宝山区总工会举行签约仪式，区人大、政法委、法院、司法局等部门参加") == [
        ("宝山区总工会", "宝山区总工会"), ("区人大", "宝山区人民代表大会"),
        ("政法委", "中共宝山区委政法委员会"), ("法院", "宝山区人民法院"), ("司法局", "宝山区司法局")]
    assert names("营口市检察院和法院联合发文") == [
        ("营口市检察院", "营口市人民检察院"), ("法院", "营口市中级人民法院")]
    assert names("区人大代表李某到企业视察") == []


def test_counties_written_by_their_stem_before_a_body():
    assert names("近日，招远法院联合市人社局召开研讨会") == [
        ("招远法院", "招远市人民法院"), ("市人社局", "招远市人力资源和社会保障局")]
    assert names("随后，耀州公安分局联合区劳动监察大队走访工地") == [
        ("耀州公安分局", "耀州区公安局"), ("区劳动监察大队", "耀州区劳动保障监察大队")]
    assert names("铜川市公安局耀州分局提前部署") == [("铜川市公安局耀州分局", "铜川市公安局耀州分局")]
    assert names("澜沧人社局") == [("澜沧人社局", "澜沧拉祜族自治县人力资源和社会保障局")]
    # a stem inside a word, or not before a body, is no place
    assert names("日前招远法院审结") == [("招远法院", "招远市人民法院")]
    assert names("云上嘉鱼报道") == []


def test_a_bare_department_in_a_story_of_one_place_is_that_places():
    assert names("息烽县人民检察院加强外部协作，与人社局、信访局等部门建立线索移送机制") == [
        ("息烽县人民检察院", "息烽县人民检察院"), ("人社局", "息烽县人力资源和社会保障局"),
        ("信访局", "息烽县信访局")]
    # two places: no guess
    assert names("息烽县人民检察院与修文县总工会签订协议。双方走访人社局") == [
        ("息烽县人民检察院", "息烽县人民检察院"), ("修文县总工会", "修文县总工会"), ("人社局", None)]


def test_a_paragraph_opening_on_gaiyuan_means_the_storys_own_body():
    text = ("城东区人民检察院办理欠薪案件。随后，法院作出有罪判决。\n"
            "该院坚持应追尽追的办案理念。法院采纳量刑建议，该院依法审理。")
    found = names(text)
    assert found[2] == ("该院", "城东区人民检察院")  # opens a paragraph
    assert found[-1] == ("该院", "城东区人民法院")  # right after the court, mid-paragraph


def test_departments_listed_by_their_short_form_share_the_heads_unit():
    assert names("平江县总工会联合县残联、公安、市场监督等多部门组建工作专班") == [
        ("平江县总工会", "平江县总工会"), ("县残联", "平江县残疾人联合会"), ("公安", "平江县公安局"),
        ("市场监督", "平江县市场监督管理局")]
    # outside a list a short form is no organisation
    assert names("平江县总工会邀请公安民警讲课") == [("平江县总工会", "平江县总工会"), ("民警", None)]
    assert names("平城区人民检察院与区劳动局、区住房城乡建设局建立联动机制")[1:] == [
        ("区劳动局", "平城区人力资源和社会保障局"), ("区住房城乡建设局", "平城区住房和城乡建设局")]


def test_the_peoples_congress_and_its_standing_committee():
    assert names("该建议被确定为区人大重点督办建议。宝山区人大常委会审议。")[1:] == [
        ("宝山区人大常委会", "宝山区人民代表大会常务委员会")]
    assert names("宝山区总工会提出建议，区人大重点督办，区人大常委会审议。")[1:] == [
        ("区人大", "宝山区人民代表大会"), ("区人大常委会", "宝山区人民代表大会常务委员会")]
