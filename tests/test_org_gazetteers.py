"""Bodies beyond the county gazetteer (issue 12, class 5): national bodies
with former names, Hong Kong, Macau and Taiwan bodies in both scripts, party
organs and sub-units, and a user's own gazetteer file from config."""
from __future__ import annotations

from kg.extract import extract, load_pipeline
from kg.extract.orgs import find_orgs, load_grammar
from kg.extract.resolve import resolve_mentions
from kg.ingest import iter_documents
from kg.segment import segment
from org_support import names



def test_national_bodies_and_former_names():
    found = dict(names("国务院办公厅印发通知，卫生部、国家安全生产监督管理总局和中国企业联合会参加，"
                       "最高检察院发布案例"))
    assert found == {"国务院办公厅": "国务院办公厅", "卫生部": "卫生部",
                     "国家安全生产监督管理总局": "国家安全生产监督管理总局",
                     "中国企业联合会": "中国企业联合会", "最高检察院": "最高人民检察院"}


def test_departments_in_general_are_no_ministry():
    assert names("财政部分资金到位，公安部门介入，教育部门配合") == []


def test_hong_kong_macau_and_taiwan_bodies_in_both_scripts(tmp_path, nlp):
    text = ("港澳台勞工權益\n\n本報訊 香港特別行政區政府勞工處接獲求助後介入，勞工處職員到場。"
            "澳門工會聯合總會與澳門特別行政區勞工事務局會面。"
            "台灣台中市政府勞工局與勞動部合作調解。\n")
    (tmp_path / "trad.txt").write_bytes(text.encode("big5"))
    (tmp_path / "simp.txt").write_text(text.replace("勞", "劳"), encoding="utf-8")
    for path in ("trad.txt", "simp.txt"):
        doc, = iter_documents([tmp_path / path])
        orgs = {n.name: n.attrs["province"] for art in segment(doc)
                for n in extract(nlp, art).nodes if n.kind == "org"}
        assert orgs == {"香港特别行政区劳工处": "香港特别行政区", "澳门工会联合总会": "澳门特别行政区",
                        "澳门特别行政区劳工事务局": "澳门特别行政区", "台中市政府劳工局": "台湾省",
                        "劳动部": "台湾省"}, path


def test_a_name_a_mainland_body_also_bore_needs_its_region():
    assert names("原劳动部发布的规定") == [("劳动部", None)]


def test_party_organs_and_sub_units_with_their_parent():
    assert [n for _, n in names("西藏自治区党委宣传部召开会议，兰州市公安局交警支队参加，"
                                "岗巴县委社会工作部部署")] == [
        "中共西藏自治区委员会宣传部", "兰州市公安局交警支队", "中共岗巴县委社会工作部"]


def test_a_users_gazetteer_file_from_config(tmp_path):
    extra = tmp_path / "bodies.csv"
    extra.write_text("name,org_type,level,province,city,aliases\n"
                     "星光职工互助联盟,association,,,,星光联盟\n", encoding="utf-8")
    nlp = load_pipeline({"kg_org_recogniser": {"gazetteers": [str(extra)]}})
    g = nlp.get_pipe("kg_org_recogniser").grammar
    mentions = find_orgs("星光联盟发布倡议", g)
    resolve_mentions("星光联盟发布倡议", mentions, g)
    assert [m.org.name for m in mentions] == ["星光职工互助联盟"]


def test_stations_under_their_parent_and_a_zones_administration():
    assert [n for _, n in names("宁陕县公安局城关派出所民警赶到，县法院江口人民法庭审理")] == [
        "宁陕县公安局城关派出所", "宁陕县公安局城关派出所", "宁陕县人民法院江口人民法庭"]  # 民警: the station's
    assert [n for _, n in names("宁陕县人大常委会审议。县经济开发区管委会应尽快建立工会组织")][-1] == (
        "宁陕县经济开发区管理委员会")


def test_a_national_bodys_branch_in_a_place():
    assert names("陕西省人社厅、中国人民银行陕西省分行联合发文。")[1] == (
        "中国人民银行陕西省分行", "中国人民银行陕西省分行")
    assert names("中国人民银行陕西省各市分行参加。") == []


def test_official_short_names_of_national_bodies():
    assert [n for _, n in names("人力资源社会保障部、国家发展改革委联合发文")] == [
        "人力资源和社会保障部", "国家发展和改革委员会"]


def test_national_bodies_named_only_as_a_policys_source_are_no_organisation_of_the_story():
    assert names("宁陕县总工会落实党中央、国务院关于根治欠薪的决策部署。")[1:] == [
        ("党中央", None), ("国务院", None)]
    assert names("学习《中共中央国务院关于构建和谐劳动关系的意见》。") == [("中共中央", None), ("国务院", None)]
    assert names("人社部发〔2022〕7号文件要求各地落实。")[0] == ("人社部", "人力资源和社会保障部")


def test_a_places_sectoral_unions():
    assert [n for _, n in names("河南省安阳市纺织服装行业工会联合会签约，安阳市轻工纺织烟草工会主席观摩，"
                                "宁陕县教育工会、宁陕县快递行业工会参加。")] == [
        "安阳市纺织服装行业工会联合会", "安阳市轻工纺织烟草工会", "宁陕县教育工会", "宁陕县快递行业工会"]
    assert names("深入宁陕县开展行业工会建设调研") == []
