"""The administrative hierarchy comes from organisation attributes in graph
assembly (kg.hierarchy): org → its lowest unit → the units above, a union →
the next higher union of its area in the graph, whichever articles named them."""
from __future__ import annotations

import pandas as pd

from kg.graph import NODE_COLUMNS, EDGE_COLUMNS
from kg.hierarchy import hierarchy
from kg.models import Article, RenderedRecords
from kg.pipeline import build_corpus
from kg.store import Order, Reduce, write_part

ZH = dict(province="浙江省", city="宁波市", county="镇海区", adcode="330211")
ZH_UNION = {"id": "org:镇海区总工会@330211", "org_type": "union", "level": "county", **ZH}
ZH_PROC = {"id": "org:镇海区人民检察院@330211", "org_type": "procuratorate", "level": "county", **ZH}
NB_UNION = {"id": "org:宁波市总工会@330200", "org_type": "union", "level": "city",
            "province": "浙江省", "city": "宁波市", "county": "", "adcode": "330200"}


def test_places_and_union_hierarchy():
    h = hierarchy([NB_UNION, ZH_UNION, ZH_PROC])
    assert set(h.edges) == {
        ("org:镇海区总工会@330211", "place:镇海区@330211", "located_in"),
        ("org:镇海区人民检察院@330211", "place:镇海区@330211", "located_in"),
        ("org:宁波市总工会@330200", "place:宁波市@330200", "located_in"),
        ("place:镇海区@330211", "place:宁波市@330200", "located_in"),
        ("place:宁波市@330200", "place:浙江省@330000", "located_in"),
        ("org:镇海区总工会@330211", "org:宁波市总工会@330200", "part_of"),
    }
    assert len(h.edges) == len(set(h.edges))  # place → place once, although three orgs sit in 宁波市
    city = next(p for p in h.places if p.id == "place:宁波市@330200")
    assert (city.kind, city.name, city.attrs) == ("place", "宁波市", {"level": "city", "adcode": "330200"})
    assert hierarchy([ZH_PROC, ZH_UNION, NB_UNION]) == h  # order-independent


def test_a_union_without_a_higher_union_in_the_graph_has_no_parent():
    assert not [e for e in hierarchy([ZH_UNION, ZH_PROC]).edges if e[2] == "part_of"]


def test_place_codes_from_the_national_list_when_the_org_has_none():
    firm = {"id": "org:江苏苏盐阀门机械有限公司", "org_type": "enterprise", "level": "none",
            "province": "江苏省", "city": "", "county": "", "adcode": ""}
    h = hierarchy([firm])
    assert h.edges == (("org:江苏苏盐阀门机械有限公司", "place:江苏省@320000", "located_in"),)


def test_same_named_districts_stay_apart_without_a_code():
    # 朝阳区 is in Beijing and in Changchun: no guessed code
    org = {"id": "org:朝阳区某公司", "org_type": "enterprise", "level": "none",
           "province": "", "city": "", "county": "朝阳区", "adcode": ""}
    assert [p.id for p in hierarchy([org]).places] == ["place:朝阳区"]


def test_tables_gain_places_and_edges_sorted(tmp_path):
    """The reduce adds them to the store's node and edge tables."""
    graph = {"nodes": tuple((o["id"], "org") for o in (ZH_UNION, NB_UNION)),
             "values": tuple((o["id"], k, v) for o in (ZH_UNION, NB_UNION) for k, v in o.items() if k != "id" and v),
             "aliases": (), "edges": ((ZH_UNION["id"], NB_UNION["id"], "cooperates_with", "a.txt#1", ""),)}
    write_part([RenderedRecords(Article("a.txt#1", "a.txt", "标题", "正文"), "", "", graph)], tmp_path)
    order = Order(tmp_path)
    order.add("a.txt#1", "a.txt#1")
    order.close()
    with Reduce(tmp_path) as reduce:
        columns = reduce.assemble(NODE_COLUMNS)
        nodes = [dict(zip(columns, row)) for row in reduce.rows("nodes")]
        edges = [dict(zip(EDGE_COLUMNS, row)) for row in reduce.rows("edges")]
    ids = [n["id"] for n in nodes]
    assert ids == sorted(ids) and "place:浙江省@330000" in ids
    keys = [(e["source"], e["target"], e["relation"]) for e in edges]
    assert keys == sorted(keys)
    assert {e["weight"] for e in edges if e["relation"] == "part_of"} == {1}


def test_the_sample_pages_have_locations_and_union_hierarchy(tmp_path):
    build_corpus(["data"], tmp_path, jobs=1, formats=())
    nodes = pd.read_csv(tmp_path / "nodes.csv", keep_default_na=False)
    edges = pd.read_csv(tmp_path / "edges.csv", keep_default_na=False)
    kinds = dict(zip(nodes.id, nodes.kind))
    located = edges[edges.relation == "located_in"]
    assert {kinds[s] for s in located.source} == {"org", "place"} and {kinds[t] for t in located.target} == {"place"}
    orgs = set(nodes[nodes.kind == "org"].id)
    placed = set(located.source)
    assert len(orgs & placed) >= 0.9 * len(orgs)
    part = edges[edges.relation == "part_of"]
    assert len(part) and set(part.source) | set(part.target) <= orgs
    evidence = pd.read_csv(tmp_path / "evidence.csv", keep_default_na=False)
    assert not set(evidence.relation) & {"located_in", "part_of"}
