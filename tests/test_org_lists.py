"""Departments in short form and lists of bodies (issue 12, classes 3 and 4):
after a unit-named subject or in a member list each is that place's body; an
unknown member does not cost the others their names; the bodies of several
units (各市、县人社局、法院…) are no organisation. Made-up sentences."""
from __future__ import annotations

from org_support import names



def test_short_forms_after_a_subject_named_with_its_unit():
    assert names("宁陕县司法局会同总工会、法院、人社等单位开展活动") == [
        ("宁陕县司法局", "宁陕县司法局"), ("总工会", "宁陕县总工会"), ("法院", "宁陕县人民法院"),
        ("人社", "宁陕县人力资源和社会保障局")]


def test_short_forms_after_a_unit_word():
    assert names("宁陕县总工会与该县人社、法院、检察院、司法等部门形成合力")[1:] == [
        ("该县人社", "宁陕县人力资源和社会保障局"), ("法院", "宁陕县人民法院"),
        ("检察院", "宁陕县人民检察院"), ("司法", "宁陕县司法局")]


def test_member_units_with_their_unit_words():
    assert [n for _, n in names("成员单位包括安康市委宣传部、市发改委、市人社局、市住建局")] == [
        "中共安康市委宣传部", "安康市发展和改革委员会", "安康市人力资源和社会保障局", "安康市住房和城乡建设局"]


def test_a_list_without_a_head_takes_the_unit_acting_before_it():
    found = names("石泉县综治中心统筹调解。司法、人社、公安、信访、法院、法学会等部门专人参与。")
    assert [n for _, n in found] == ["石泉县社会治安综合治理中心", "石泉县司法局", "石泉县人力资源和社会保障局",
                                     "石泉县公安局", "石泉县信访局", "石泉县人民法院", "石泉县法学会"]


def test_an_unknown_member_does_not_break_the_list():
    found = names("宁陕县总工会与县人社局、县税务局、县星光协进会、县法院共同会签")
    assert ("县法院", "宁陕县人民法院") in found and ("县税务局", "宁陕县税务局") in found
    found = names("长治市总工会与长治市人社局、长治市企联、长治市工商联共同会签")
    assert [n for _, n in found] == ["长治市总工会", "长治市人力资源和社会保障局", "长治市企业联合会",
                                     "长治市工商业联合会"]


def test_party_organs_as_written():
    assert names("西藏自治区党委宣传部、自治区人民政府新闻办公室召开发布会") == [
        ("西藏自治区党委宣传部", "中共西藏自治区委员会宣传部"),
        ("自治区人民政府新闻办公室", "西藏自治区人民政府新闻办公室")]
    assert names("岗巴县人社局与公安局、社会工作部等成员单位联合检查")[-1] == ("社会工作部", "中共岗巴县委社会工作部")


def test_a_provinces_departments_are_its_ting():
    assert [n for _, n in names("海南省人社厅联合省司法、财政等部门")] == [
        "海南省人力资源和社会保障厅", "海南省司法厅", "海南省财政厅"]


def test_the_bodies_of_several_units_are_no_organisation():
    text = "自治区人社厅要求各盟市人力资源和社会保障局、党委政法委、中级人民法院、司法局加强协作"
    assert [t for t, _ in names(text)] == ["自治区人社厅"]
    assert [t for t, _ in names("满洲里市、二连浩特市人力资源和社会保障局、党委政法委、人民法院")] == [
        "二连浩特市人力资源和社会保障局"]


def test_the_last_short_form_member_before_its_verb():
    assert names("宁陕县人社局迅速行动；联合妇联、工会开展普法宣传。")[1:] == [
        ("妇联", "宁陕县妇女联合会"), ("工会", "宁陕县总工会")]
    assert names("宁陕县公安民警、人社干部到场。") == [("民警", None)]  # no member list


def test_places_listed_before_a_unit_share_its_body():
    assert names("汉阴县检察院督促整改；宁陕县、石泉县检察院分别推动落实。")[1:] == [
        ("宁陕县", "宁陕县人民检察院"), ("石泉县检察院", "石泉县人民检察院")]
    assert [n for _, n in names("安康市、汉滨区两级检察院开展专项活动。")] == [
        "安康市人民检察院", "汉滨区人民检察院"]
    assert [n for _, n in names("各市、县检察院开展专项活动。")] == [None]
