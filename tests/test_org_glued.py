"""Words glued onto names (issue 12, class 2): clause words, roles and
anonymised parties before a name are not part of it. Made-up sentences."""
from __future__ import annotations

from org_support import names


def test_a_function_word_before_a_unit_word_is_no_place():
    assert names("宁陕县总工会召开会议。后经县人社局调解，问题解决。") == [
        ("宁陕县总工会", "宁陕县总工会"), ("县人社局", "宁陕县人力资源和社会保障局")]


def test_a_role_before_a_company_is_not_its_name():
    assert names("宁陕县总工会督促承建方陕西华达建设有限公司支付工资")[-1] == (
        "陕西华达建设有限公司", "陕西华达建设有限公司")


def test_clause_text_and_an_anonymised_party_before_a_company():
    assert names("宁陕县人社局从税务部门调取案涉公司陕西华达建设有限公司的资料")[-1] == (
        "陕西华达建设有限公司", "陕西华达建设有限公司")
    assert names("某通用航空有限公司的职工求助") == []


def test_cities_with_districts_in_general_are_no_place():
    assert names("各设区市人社局要加强监察") == []


def test_a_clause_is_no_development_zone():
    assert [n for _, n in names("太湖县人大常委会要求，会同县总工会抓好经济开发区外的乡镇工作")] == [
        "太湖县人民代表大会常务委员会", "太湖县总工会"]


def test_a_verb_glued_before_a_unit_word_is_no_unit():
    assert names("建立驻市法院工会法律服务站。营口市总工会表示")[0] == ("市法院", "营口市中级人民法院")
