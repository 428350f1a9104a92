"""Places read in the light of the article's geography (issue 12, classes 1
and 6): a division name that also reads as a word (会同, 和, 应, 通道) is a
place only when the article's other places are near it; same-named districts
take the province or city written around them. Made-up articles."""
from __future__ import annotations

from kg.extract.orgs import find_orgs, load_grammar
from kg.extract.resolve import resolve_mentions
from org_support import names as linked


def names(text: str) -> list[str]:
    return [n for _, n in linked(text) if n]


def test_a_verb_read_as_a_county_far_from_the_story_is_the_verb():
    text = ("陕西省宁陕县总工会接到职工求助。接到求助后，会同县人社局、县公安局开展调查，"
            "县总工会全程跟进。")
    found = names(text)
    assert not any(n.startswith("会同") for n in found)
    assert "宁陕县人力资源和社会保障局" in found and "宁陕县公安局" in found


def test_a_conjunction_is_no_county_even_after_a_body():
    text = "宁陕县总工会举办培训。经县人社局和县公安局协调，欠薪得到解决。"
    assert names(text) == ["宁陕县总工会", "宁陕县人力资源和社会保障局", "宁陕县公安局"]


def test_a_county_glued_into_the_word_before_is_no_place():
    text = "石泉县邮政公司开展活动，积极响应县总工会倡导，县总工会主席出席。"
    found = names(text)
    assert "应县总工会" not in found and found.count("石泉县总工会") == 2


def test_the_same_county_in_its_own_region_stays():
    text = "湖南省怀化市开展专项行动，会同县人社局、会同县总工会参加。"
    assert names(text) == ["会同县人力资源和社会保障局", "会同县总工会"]
    assert names("怀化市总工会召开会议。会同县总工会作交流发言。")[-1] == "会同县总工会"


def test_a_word_county_in_a_story_without_other_places_keeps_its_plain_reading():
    # a noun-like name with nothing against it stays a place
    assert names("通道县总工会开展送温暖活动") == ["通道侗族自治县总工会"]


def test_same_named_districts_follow_the_province_written_before():
    jl = find_orgs("吉林省长春市朝阳区总工会开展活动", load_grammar())
    resolve_mentions("吉林省长春市朝阳区总工会开展活动", jl, load_grammar())
    assert jl[0].org.adcode.startswith("2201") and jl[0].org.province == "吉林省"
    text = "长春市召开会议。朝阳区总工会作交流发言。"
    g = load_grammar()
    found = find_orgs(text, g)
    resolve_mentions(text, found, g)
    assert found[-1].org.adcode.startswith("2201")
    bj = find_orgs("北京市朝阳区总工会开展活动", g)
    resolve_mentions("北京市朝阳区总工会开展活动", bj, g)
    assert bj[0].org.adcode.startswith("11")


def test_a_county_named_only_by_its_stem_places_the_unit_words():
    assert names("市总工会推广职工维权莱西模式。市总工会与人社局建立联合机制") == [
        "莱西市总工会", "莱西市总工会", "莱西市人力资源和社会保障局"]
    assert names("云上嘉鱼报道 近日，县总工会联合县法院化解一起劳动纠纷") == ["嘉鱼县总工会", "嘉鱼县人民法院"]
    assert names("近日，县总工会联合县法院化解一起劳动纠纷") == []  # no place at all: no guess
