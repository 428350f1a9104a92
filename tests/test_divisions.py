"""The division gazetteer: cpca's national list read directly, short forms of
autonomous units, supplements, same-named units told apart by context."""
from __future__ import annotations

from kg.extract.divisions import choose, gazetteer, place_of


def names(alias: str) -> list[str]:
    return [d.name for d in gazetteer().lookup(alias)]


def test_autonomous_short_forms_resolve_to_the_full_unit():
    # cpca.transform maps these to 重庆 and 沧县; the gazetteer must not
    assert names("澜沧县") == ["澜沧拉祜族自治县"]
    assert names("镇沅县") == ["镇沅彝族哈尼族拉祜族自治县"]
    assert names("罗城县") == ["罗城仫佬族自治县"]
    assert names("昌吉州") == ["昌吉回族自治州"]
    assert names("沧县") == ["沧县"]


def test_bare_names_of_provinces_cities_prefectures_and_leagues():
    assert names("营口") == ["营口市"]
    assert names("新疆") == ["新疆维吾尔自治区"]
    assert names("广西") == ["广西壮族自治区"]
    assert names("阿克苏")[0] == "阿克苏地区"  # the prefecture before the county-level city
    assert names("锡林郭勒") == ["锡林郭勒盟"]
    assert names("镇海") == []  # bare county names are too ambiguous to index


def test_ancestors_come_from_the_adcode_prefix():
    lc = place_of(gazetteer().lookup("澜沧县")[0])
    assert (lc.province, lc.city, lc.county, lc.adcode) == ("云南省", "普洱市", "澜沧拉祜族自治县", "530828")
    assert [p.name for p in lc.ancestry()] == ["澜沧拉祜族自治县", "普洱市", "云南省"]


def test_municipalities_are_provincial_and_their_own_city():
    tj = gazetteer().lookup("天津市")[0]
    assert (tj.level, tj.province, tj.city) == ("provincial", "天津市", "天津市")
    ddk = place_of(gazetteer().lookup("大渡口区")[0])
    assert (ddk.province, ddk.city) == ("重庆市", "重庆市")
    assert [p.name for p in ddk.ancestry()] == ["大渡口区", "重庆市"]


def test_supplement_adds_xpcc_cities_and_division_aliases():
    assert names("新星市") == ["新星市"]
    assert names("十三师") == ["新星市"]
    xx = gazetteer().lookup("新星市")[0]
    assert (xx.level, xx.province) == ("city", "新疆维吾尔自治区")


def test_same_named_districts_are_told_apart_by_context():
    g = gazetteer()
    chaoyang = g.lookup("朝阳区")
    assert {d.adcode for d in chaoyang} == {"110105", "220104"}
    assert choose(chaoyang, [g.lookup("长春市")[0]]).city == "长春市"
    assert choose(chaoyang, [g.lookup("北京市")[0]]).province == "北京市"
    assert choose(chaoyang, [g.lookup("吉林省")[0]]).adcode == "220104"


def test_find_is_leftmost_longest():
    found = gazetteer().find("山东省青岛市市北区总工会与云南澜沧县检察院")
    assert [name for _, _, name in found] == ["山东省", "青岛市", "市北区", "云南", "澜沧县"]
    assert gazetteer().find("没有任何地名的句子。") == []


def test_districts_named_like_common_words_are_looked_up_but_not_found_in_text():
    g = gazetteer()
    assert [d.adcode for d in g.lookup("西区")] == ["510403"]
    assert [name for _, _, name in g.find("攀枝花市西区的城区")] == ["攀枝花市"]
    assert g.in_parent("西区", "攀枝花市") and not g.in_parent("西区", "长治市")


def test_units_renamed_after_the_national_list_come_from_the_supplement():
    yz = place_of(gazetteer().lookup("云州区")[0])
    assert (yz.adcode, yz.province, yz.city) == ("140215", "山西省", "大同市")
    assert place_of(gazetteer().lookup("梁平区")[0]).city == "重庆市"
