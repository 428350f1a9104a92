"""Graph queries (kg.query) and ``kg query …`` on a small made-up graph that
holds every node kind and relation of DESIGN §3, and on the sample build."""
from __future__ import annotations

import csv
import io
import json
import unicodedata

import pandas as pd
import pytest
from click.testing import CliRunner

from kg import query as q
from kg.api import KnowledgeGraph
from kg.cli import main
from kg.cli.query import format_table

YK_UNION, YK_PROC, YK_HR = "org:营口市总工会@210800", "org:营口市人民检察院@210800", "org:营口市人力资源和社会保障局@210800"
GD_UNION, BJ_UNION = "org:广东省总工会@440000", "org:北京市总工会@110000"
CY_BJ, CY_CC = "org:朝阳区总工会@110105", "org:朝阳区总工会@220104"
FIRM, COURT = "org:拜城县众泰煤焦化有限公司@652926", "org:义安区人民法院@340706"
UP, CLUE, NEW = "mechanism:union_procuratorate", "mechanism:clue_transfer", "mechanism:嵌入式服务机制"
CASE, ISSUE, GROUP = "case:义安区就业性别歧视案", "issue:就业性别歧视", "group:女职工"
OUTCOME, DOC, PLACE = "outcome:a.txt#1@40", "document:《关于加强协作的意见》", "place:营口市@210800"

A_TEXT = "营口市总工会与营口市人民检察院建立工会+检察协作机制，开展线索移送。"
B_TEXT = "广东省总工会推行嵌入式服务机制。营口市检察院向市人社局发出检察建议。"


def org(nid, org_type, level, province, city="", county="", aliases=""):
    return {"id": nid, "kind": "org", "name": nid[4:].split("@")[0], "org_type": org_type,
            "level": level, "province": province, "city": city, "county": county, "aliases": aliases}


NODES = [
    org(YK_UNION, "union", "city", "辽宁省", "营口市", aliases="营口市总|营口市总工会"),
    org(YK_PROC, "procuratorate", "city", "辽宁省", "营口市", aliases="营口市检察院|市检察院"),
    org(YK_HR, "hr_social_security", "city", "辽宁省", "营口市", aliases="市人社局"),
    org(GD_UNION, "union", "provincial", "广东省", aliases="广东省总|省总"),
    org(BJ_UNION, "union", "provincial", "北京市"),
    org(CY_BJ, "union", "county", "北京市", "", "朝阳区", aliases="朝阳区总"),
    org(CY_CC, "union", "county", "吉林省", "长春市", "朝阳区", aliases="朝阳区总"),
    org(FIRM, "enterprise", "none", "新疆维吾尔自治区", "阿克苏地区", "拜城县"),
    org(COURT, "court", "county", "安徽省", "铜陵市", "义安区", aliases="铜陵义安法院"),
    {"id": UP, "kind": "mechanism", "name": "工会+检察协作机制", "mechanism_id": "union_procuratorate",
     "category": "coordination"},
    {"id": CLUE, "kind": "mechanism", "name": "线索移送", "mechanism_id": "clue_transfer", "category": "procedure"},
    {"id": NEW, "kind": "mechanism", "name": "嵌入式服务机制"},
    {"id": CASE, "kind": "case", "name": "义安区就业性别歧视案", "date": "2024-03-01", "place": "义安区"},
    {"id": ISSUE, "kind": "issue", "name": "就业性别歧视"},
    {"id": GROUP, "kind": "group", "name": "女职工"},
    {"id": OUTCOME, "kind": "outcome", "name": "补缴工伤保险5家", "text": "补缴工伤保险5家", "value": 5.0,
     "unit": "家", "metric": "用人单位补缴工伤保险"},
    {"id": DOC, "kind": "document", "name": "《关于加强协作的意见》"},
    {"id": PLACE, "kind": "place", "name": "营口市", "level": "city"},
    {"id": "article:a.txt#1", "kind": "article", "name": "营口协作", "title": "营口协作", "file": "a.txt"},
    {"id": "article:b.txt#1", "kind": "article", "name": "各地动态", "title": "各地动态", "file": "b.txt"},
]
# (source, target, relation, weight, doc, sentence)
EDGES = [
    (YK_UNION, YK_PROC, "cooperates_with", 2, "a.txt#1", "营口市总工会与营口市人民检察院建立工会+检察协作机制。"),
    (YK_PROC, YK_UNION, "cooperates_with", 1, "b.txt#1", "营口市检察院与营口市总联合开展专项行动。"),
    (YK_UNION, YK_PROC, "refers_clue_to", 1, "a.txt#1", "营口市总工会向营口市人民检察院移送线索。"),
    (YK_PROC, YK_HR, "recommends_to", 1, "b.txt#1", "营口市检察院向市人社局发出检察建议。"),
    (YK_HR, GD_UNION, "cooperates_with", 1, "b.txt#1", "市人社局与广东省总工会共同签署协议。"),
    (CY_BJ, FIRM, "cooperates_with", 1, "b.txt#1", "朝阳区总工会联合众泰煤焦化有限公司开展培训。"),
    (CY_BJ, BJ_UNION, "part_of", 1, "b.txt#1", "朝阳区总工会是北京市总工会的下级工会。"),
    (YK_UNION, UP, "uses_mechanism", 2, "a.txt#1", "营口市总工会建立工会+检察协作机制。"),
    (YK_PROC, UP, "uses_mechanism", 1, "a.txt#1", "营口市人民检察院建立工会+检察协作机制。"),
    (YK_PROC, CLUE, "uses_mechanism", 1, "a.txt#1", "营口市人民检察院开展线索移送。"),
    (GD_UNION, NEW, "uses_mechanism", 1, "b.txt#1", "广东省总工会推行嵌入式服务机制。"),
    (COURT, CASE, "involved_in", 1, "b.txt#1", "义安区人民法院审理就业性别歧视案。"),
    (YK_PROC, CASE, "involved_in", 1, "b.txt#1", "检察院支持起诉。"),
    (CASE, UP, "applies", 1, "b.txt#1", "该案适用工会+检察协作机制。"),
    (CASE, ISSUE, "concerns", 1, "b.txt#1", "该案涉及就业性别歧视。"),
    (CASE, GROUP, "concerns", 1, "b.txt#1", "该案涉及女职工。"),
    (CASE, OUTCOME, "resulted_in", 1, "b.txt#1", "补缴工伤保险5家。"),
    (YK_UNION, DOC, "issued", 1, "a.txt#1", "营口市总工会印发《关于加强协作的意见》。"),
    (YK_UNION, PLACE, "located_in", 1, "a.txt#1", "营口市总工会位于营口市。"),
]
MENTIONS = [(YK_UNION, "a.txt#1", 0, 6), (YK_PROC, "a.txt#1", 7, 15), (UP, "a.txt#1", 17, 26),
            (CLUE, "a.txt#1", 29, 33), (UP, "b.txt#1", 0, 2), (GD_UNION, "b.txt#1", 0, 5),
            (NEW, "b.txt#1", 7, 14), (YK_PROC, "b.txt#1", 16, 22), (YK_HR, "b.txt#1", 23, 27)]


def toy_graph() -> KnowledgeGraph:
    """The made-up graph: cooperation in Yingkou, a Guangdong union, two 朝阳区
    unions in different provinces, a case with issue, group and outcome."""
    texts = {"a.txt#1": A_TEXT, "b.txt#1": B_TEXT}
    edges = pd.DataFrame([e[:4] for e in EDGES], columns=["source", "target", "relation", "weight"])
    edges = edges.groupby(["source", "target", "relation"], as_index=False).weight.max()
    evidence = pd.DataFrame(
        [{"relation": r, "source": s, "target": t, "doc_id": d, "file": d.split("#")[0], "sentence": x,
          "rule": "toy", "date": ""} for s, t, r, _, d, x in EDGES])
    mentions = pd.DataFrame(
        [{"node_id": n, "doc_id": d, "file": d.split("#")[0], "start": s, "end": e, "text": texts[d][s:e]}
         for n, d, s, e in MENTIONS])
    articles = pd.DataFrame([{"id": d, "file": d.split("#")[0], "title": t, "subtitles": [], "byline": "",
                              "date": "", "text": texts[d]} for d, t in (("a.txt#1", "营口协作"),
                                                                          ("b.txt#1", "各地动态"))])
    skipped = pd.DataFrame([{"file": "broken.pdf", "reason": "unsupported file type .pdf"}])
    return KnowledgeGraph(pd.DataFrame(NODES), edges, mentions, evidence, articles, skipped)


@pytest.fixture(scope="module")
def toy() -> KnowledgeGraph:
    return toy_graph()


@pytest.fixture(scope="module")
def toy_dir(tmp_path_factory):
    return toy_graph().save(tmp_path_factory.mktemp("toy"))


def run(*args, columns: int = 200):
    """``kg …`` in a terminal ``columns`` wide (wide enough by default for
    whole sentences in one line)."""
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def display_width(text: str) -> int:
    """Terminal columns of ``text`` by the Unicode tables, independent of
    the library that lays out the tables: wide (CJK) characters take two."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


# --- names -----------------------------------------------------------------


@pytest.mark.parametrize("name, expected", [
    ("营口市总工会", YK_UNION),          # canonical
    ("营口市总", YK_UNION),              # alias
    ("营口市检察院", YK_PROC),            # alias
    ("辽宁省营口市人民检察院", YK_PROC),   # province prefix dropped
    ("辽宁营口市人民检察院", YK_PROC),
    ("众泰煤焦化", FIRM),                 # a part of one name only
    (YK_HR, YK_HR),                     # an id
])
def test_find_node_accepts_names_aliases_and_parts(toy, name, expected):
    assert q.find_node(toy, name) == expected


def test_find_node_expands_abbreviations(toy):
    """kg/extract/data/abbreviations.csv spells out 人社局, 检察院, 总 …"""
    assert q.find_node(toy, "营口市人社局") == YK_HR
    assert q.find_node(toy, "北京市总") == BJ_UNION
    assert q.find_node(toy, "铜陵义安人民法院") == COURT  # an alias spelt out
    assert q.name_forms("辽宁营口市检察院", ["辽宁省"]) == ["辽宁营口市检察院", "营口市检察院",
                                                          "辽宁营口市人民检察院", "营口市人民检察院"]
    assert q.name_forms("营口市人民检察院") == ["营口市人民检察院"]


def test_find_node_ambiguous_lists_candidates_with_place(toy):
    with pytest.raises(q.AmbiguousName) as err:
        q.find_node(toy, "朝阳区总工会")
    assert err.value.candidates == ["朝阳区总工会 (北京市 朝阳区)", "朝阳区总工会 (吉林省 长春市 朝阳区)"]
    with pytest.raises(q.AmbiguousName):
        q.find_node(toy, "营口")


def test_find_node_unknown_suggests_closest(toy):
    with pytest.raises(q.UnknownName) as err:
        q.find_node(toy, "营口市总公会")
    assert "营口市总工会" in err.value.candidates
    with pytest.raises(q.UnknownName):
        q.find_node(toy, "营口市总工会", kind="mechanism")


def test_find_node_matches_mechanism_ids(toy):
    assert q.find_node(toy, "clue_transfer", kind="mechanism") == CLUE


# --- queries ----------------------------------------------------------------


def test_partners_merges_symmetric_edges_and_marks_directed_ones(toy):
    df = q.partners(toy, "营口市总")
    rows = {(r.partner, r.relation, r.direction): r for r in df.itertuples()}
    assert set(rows) == {("营口市人民检察院", "cooperates_with", "mutual"),
                         ("营口市人民检察院", "refers_clue_to", "to")}
    coop = rows["营口市人民检察院", "cooperates_with", "mutual"]
    assert coop.weight == 2
    assert coop.sentence == "营口市总工会与营口市人民检察院建立工会+检察协作机制。"
    assert coop.file == "a.txt"
    assert df.iloc[0].relation == "cooperates_with"  # strongest first


def test_partners_of_the_procuratorate_shows_recommendations_from_it(toy):
    df = q.partners(toy, "营口市检察院")
    hr = df[df.partner == "营口市人力资源和社会保障局"].iloc[0]
    assert (hr.relation, hr.direction) == ("recommends_to", "to")
    union = df[(df.partner == "营口市总工会") & (df.relation == "refers_clue_to")].iloc[0]
    assert union.direction == "from"
    assert union.sentence == "营口市总工会向营口市人民检察院移送线索。"


def test_paths_follow_cooperation_not_hierarchy(toy):
    df = q.paths(toy, "营口市总", "广东省总")
    assert list(df.source) == ["营口市总工会", "营口市人民检察院", "营口市人力资源和社会保障局"]
    assert list(df.target) == ["营口市人民检察院", "营口市人力资源和社会保障局", "广东省总工会"]
    assert df.iloc[0].relation == "cooperates_with,refers_clue_to"
    assert df.iloc[2].sentence == "市人社局与广东省总工会共同签署协议。"
    assert q.paths(toy, "营口市总", "北京市总工会").empty  # only part_of links Beijing


def test_evidence_lists_every_sentence_with_title(toy):
    df = q.evidence(toy, "营口市总", "营口市检察院")
    assert len(df) == 3
    assert set(df.title) == {"营口协作", "各地动态"}
    assert "营口市检察院与营口市总联合开展专项行动。" in set(df.sentence)
    mech = q.evidence(toy, "营口市总", "工会+检察协作机制")
    assert list(mech.relation) == ["uses_mechanism"]


def test_mechanisms_counts_orgs_and_articles(toy):
    df = q.mechanisms(toy).set_index("mechanism_id")
    assert df.loc["union_procuratorate", ["orgs", "articles"]].tolist() == [2, 2]
    assert df.loc["clue_transfer", ["orgs", "articles"]].tolist() == [1, 1]
    assert q.mechanisms(toy).iloc[0].mechanism_id == "union_procuratorate"


@pytest.mark.parametrize("filters, expected", [
    ({"province": "辽宁"}, {"工会+检察协作机制", "线索移送"}),
    ({"province": "广东省"}, {"嵌入式服务机制"}),
    ({"org_type": "procuratorate"}, {"工会+检察协作机制", "线索移送"}),
    ({"org_type": "union", "level": "provincial"}, {"嵌入式服务机制"}),
    ({"org_type": "court"}, set()),
])
def test_mechanisms_filter_by_the_orgs_using_them(toy, filters, expected):
    assert set(q.mechanisms(toy, **filters).mechanism) == expected


def test_mechanisms_filtered_counts_only_matching_orgs(toy):
    row = q.mechanisms(toy, org_type="union").set_index("mechanism").loc["工会+检察协作机制"]
    assert (row.orgs, row.articles) == (1, 1)


def test_new_mechanisms_are_those_without_taxonomy_id(toy):
    df = q.new_mechanisms(toy)
    assert df.mechanism.tolist() == ["嵌入式服务机制"]
    row = df.iloc[0]
    assert (row.files, row.orgs, row.articles) == (["b.txt"], ["广东省总工会"], 1)
    assert "嵌入式服务机制" in row.context


def test_cases_join_orgs_mechanisms_issues_outcomes(toy):
    row = q.cases(toy).iloc[0]
    assert row.orgs == ["义安区人民法院", "营口市人民检察院"]
    assert (row.mechanisms, row.issues, row.groups) == (["工会+检察协作机制"], ["就业性别歧视"], ["女职工"])
    assert row.outcomes == ["补缴工伤保险5家"]


@pytest.mark.parametrize("filters, found", [
    ({"org": "义安区人民法院"}, 1), ({"mechanism": "union_procuratorate"}, 1), ({"issue": "女职工"}, 1),
    ({"org": "营口市总"}, 0), ({"mechanism": "线索移送"}, 0),
])
def test_cases_filters(toy, filters, found):
    assert len(q.cases(toy, **filters)) == found


def test_centrality_ranks_the_broker_first(toy):
    for measure in q.MEASURES:
        df = q.centrality(toy, measure=measure)
        assert df.iloc[0]["name"] in {"营口市人民检察院", "营口市人力资源和社会保障局"}, measure
        assert "北京市总工会" not in set(df.name)  # part_of is not cooperation
    betweenness = q.centrality(toy, measure="betweenness").set_index("name").score
    assert betweenness["营口市总工会"] == 0
    assert q.centrality(toy, kind="mechanism", top=1).name.tolist() == ["工会+检察协作机制"]
    with pytest.raises(ValueError):
        q.centrality(toy, measure="pagerank")


def test_communities_partition_cooperating_orgs_within_components(toy):
    df = q.communities(toy)
    members = [m for ms in df.members for m in ms]
    assert sorted(members) == sorted(["营口市总工会", "营口市人民检察院", "营口市人力资源和社会保障局",
                                      "广东省总工会", "拜城县众泰煤焦化有限公司", "朝阳区总工会"])
    assert ["拜城县众泰煤焦化有限公司", "朝阳区总工会"] in df.members.tolist()
    assert df.equals(q.communities(toy.graph))  # seeded: same answer, graph or KnowledgeGraph


def test_matrix_counts_pairs_by_type_and_level(toy):
    df = q.matrix(toy).set_index("org_type")
    assert df.loc["union", "procuratorate"] == df.loc["procuratorate", "union"] == 1
    assert df.loc["procuratorate", "hr_social_security"] == 1
    assert df.loc["union", "enterprise"] == 1
    assert "court" not in df.columns
    by_level = q.matrix(toy, by="level").set_index("level")
    assert by_level.loc["city", "city"] == 2
    assert list(by_level.columns) == ["provincial", "city", "county", "none"]


def test_info_counts(toy):
    summary = q.info(toy)
    assert summary["nodes_by_kind"]["org"] == 9
    assert summary["edges_by_relation"]["cooperates_with"] == 4
    assert (summary["articles"], summary["files"], len(summary["skipped"])) == (2, 2, 1)


def test_empty_graph_gives_empty_answers():
    empty = KnowledgeGraph(pd.DataFrame(columns=["id", "kind", "name"]),
                           pd.DataFrame(columns=["source", "target", "relation", "weight"]))
    for result in (q.mechanisms(empty), q.new_mechanisms(empty), q.cases(empty), q.centrality(empty),
                   q.centrality(empty, measure="eigenvector"), q.communities(empty), q.matrix(empty)):
        assert result.empty
    with pytest.raises(q.UnknownName, match="the graph has no orgs"):
        q.partners(empty, "营口市总")


# --- CLI ---------------------------------------------------------------------


def test_table_aligns_cjk_by_display_width():
    text = format_table(pd.DataFrame({"name": ["营口市总工会", "ab"], "n": [1, 12], "note": ["x", "长句子"]}), 80)
    header, rule, first, second = text.splitlines()
    assert first.startswith("营口市总工会") and second.startswith("ab")
    assert display_width(first[: first.index("1") + 1]) == display_width(second[: second.index("12") + 2])
    assert display_width(first[: first.index("x")]) == display_width(second[: second.index("长")])
    assert set(rule) == {"─"} and display_width(rule) == max(map(display_width, (header, first, second)))


def test_cli_partners_table_and_json(toy_dir):
    result = run("query", "partners", "营口市总", "--graph", toy_dir)
    assert result.exit_code == 0, result.output
    assert "营口市人民检察院" in result.output
    assert "营口市总工会与营口市人民检察院建立工会+检察协作机制。" in result.output
    rows = json.loads(run("query", "partners", "营口市总", "--graph", toy_dir, "--json").output)
    assert rows[0]["partner_id"] == YK_PROC and rows[0]["weight"] == 2


@pytest.mark.parametrize("args, expect", [
    (["mechanisms", "--province", "辽宁"], "线索移送"),
    (["mechanisms", "--org-type", "union", "--level", "provincial"], "嵌入式服务机制"),
    (["new-mechanisms"], "广东省总工会"),
    (["cases", "--org", "义安区人民法院"], "女职工"),
    (["path", "营口市总", "广东省总"], "市人社局与广东省总工会共同签署协议。"),
    (["path", "营口市总", "北京市总工会"], "no cooperation path"),
    (["central", "--measure", "betweenness", "--top", "2"], "营口市人民检察院"),
    (["central", "--kind", "mechanism"], "工会+检察协作机制"),
    (["communities"], "拜城县众泰煤焦化有限公司、朝阳区总工会"),
    (["matrix", "--by", "level"], "provincial"),
    (["evidence", "营口市总", "营口市检察院"], "各地动态"),
])
def test_cli_commands_print_tables(toy_dir, args, expect):
    result = run("query", *args, "--graph", toy_dir)
    assert result.exit_code == 0, result.output
    assert expect in result.output


@pytest.mark.parametrize("args", [
    ["mechanisms"], ["new-mechanisms"], ["cases"], ["path", "营口市总", "广东省总"], ["central"],
    ["communities"], ["matrix"], ["evidence", "营口市总", "营口市检察院"], ["partners", "营口市检察院"],
])
def test_cli_json_and_csv_agree(toy_dir, args):
    as_json = run("query", *args, "--graph", toy_dir, "--json")
    as_csv = run("query", *args, "--graph", toy_dir, "--csv")
    assert as_json.exit_code == as_csv.exit_code == 0, as_json.output + as_csv.output
    rows = json.loads(as_json.output)
    table = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert rows and len(rows) == len(table)
    assert list(rows[0]) == list(table[0])


def test_cli_csv_joins_lists_with_bars(toy_dir):
    table = list(csv.DictReader(io.StringIO(run("query", "communities", "--graph", toy_dir, "--csv").output)))
    assert "拜城县众泰煤焦化有限公司|朝阳区总工会" in {row["members"] for row in table}


@pytest.mark.parametrize("args, message", [
    (["partners", "朝阳区总工会"], "could be any of 2"),
    (["partners", "营口市总公会"], "closest: 营口市总工会"),
    (["cases", "--mechanism", "不存在的机制"], "no mechanism called"),
    (["path", "营口市总", "火星总工会"], "no org called '火星总工会'"),
    (["evidence", "营口", "广东省总"], "could be any of"),
])
def test_cli_bad_names_are_one_line_errors(toy_dir, args, message):
    result = run("query", *args, "--graph", toy_dir)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_cli_unbuilt_directory_is_one_line_error(tmp_path):
    result = run("query", "mechanisms", "--graph", tmp_path)
    assert result.exit_code == 1
    assert "no built graph" in result.output and "kg build" in result.output


def test_cli_on_a_graph_without_orgs(tmp_path):
    KnowledgeGraph(pd.DataFrame([{"id": "article:a#1", "kind": "article", "name": "t"}]),
                   pd.DataFrame(columns=["source", "target", "relation", "weight"])).save(tmp_path)
    assert "no mechanism found" in run("query", "mechanisms", "--graph", tmp_path).output
    assert "no cooperation" in run("query", "communities", "--graph", tmp_path).output
    assert json.loads(run("query", "central", "--graph", tmp_path, "--json").output) == []
    result = run("query", "partners", "营口市总", "--graph", tmp_path)
    assert result.exit_code == 1 and "the graph has no orgs" in result.output


@pytest.mark.parametrize("args", [
    ["mechanisms", "--province", "安徽"], ["new-mechanisms"], ["cases", "--org", "营口市总"],
    ["central", "--measure", "eigenvector"], ["communities"], ["matrix", "--by", "level"],
    ["evidence", "营口市总", "营口市检察院"],
])
def test_cli_on_the_sample_build(built, args):
    result = run("query", *args, "--graph", built)
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) > 2


def test_acceptance_yingkou_union_works_with_the_city_procuratorate(built):
    result = run("query", "partners", "营口市总", "--graph", built)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("营口市人民检察院"))
    assert "cooperates_with" in row and "营口市总" in row.split("mutual")[1]


def test_long_cells_wrap_inside_their_column():
    """Nothing is cut: a long name and a long sentence wrap, the sentence
    column (the last) keeping at least a third of the width."""
    name, sentence = "营口市总工会" * 5, "工会与检察院联合开展劳动法律监督，" * 6
    lines = format_table(pd.DataFrame({"name": [name], "n": [3], "sentence": [sentence]}), 80).splitlines()
    assert all(display_width(line) <= 80 for line in lines)
    body = [line.split() for line in lines[2:]]
    assert "".join(parts[0] for parts in body if len(parts) > 1) == name  # lines holding a part of the name
    assert body[0][1] == "3"
    assert "".join(parts[-1] for parts in body) == sentence
    assert display_width(body[0][-1]) >= 80 // 3


@pytest.mark.parametrize("args", [
    ["partners", "营口市检察院"], ["evidence", "营口市总", "营口市检察院"], ["path", "营口市总", "广东省总"],
    ["mechanisms"], ["new-mechanisms"], ["cases"], ["central"], ["communities"], ["matrix"],
])
@pytest.mark.parametrize("columns", [60, 80])
def test_cli_tables_fit_the_terminal_width(toy_dir, args, columns):
    """Every line of a table fits $COLUMNS, CJK characters counting two; the
    output is plain text (no colour codes), as it is in a pipe."""
    result = run("query", *args, "--graph", toy_dir, columns=columns)
    assert result.exit_code == 0, result.output
    assert all(display_width(line) <= columns for line in result.output.splitlines()), result.output
    assert "\x1b" not in result.output


def test_cli_narrow_table_keeps_names_and_evidence(toy_dir):
    """At 80 columns a partner row wraps but keeps the partner, its weight and
    the whole evidence sentence."""
    lines = run("query", "partners", "营口市总", "--graph", toy_dir, columns=80).output.splitlines()
    assert lines[0] == "营口市总 → 营口市总工会 (辽宁省 营口市)"
    assert lines[1].split() == ["partner", "org_type", "relation", "direction", "weight", "sentence"]
    rows = [line.split() for line in lines[3:]]
    assert "营口市人民检察院" in "".join(parts[0] for parts in rows)
    assert rows[0][-2:-1] == ["2"]  # the strongest partnership first
    assert "营口市总工会与营口市人民检察院建立工会+检察协作机制。" in "".join(parts[-1] for parts in rows)


def test_evidence_comes_in_reading_order():
    nodes = pd.DataFrame([org(YK_UNION, "union", "city", "辽宁省"), org(YK_PROC, "procuratorate", "city", "辽宁省")])
    edges = pd.DataFrame([(YK_UNION, YK_PROC, "cooperates_with", 2)], columns=["source", "target", "relation", "weight"])
    ev = pd.DataFrame([{"relation": "cooperates_with", "source": YK_UNION, "target": YK_PROC, "doc_id": f"p.txt#{n}",
                        "file": "p.txt", "sentence": s} for n, s in ((10, "乙"), (2, "甲"), (2, "丙"))])
    g = KnowledgeGraph(nodes, edges, evidence=ev)
    assert q.evidence(g, "营口市总工会", "营口市人民检察院").sentence.tolist() == ["甲", "丙", "乙"]
    assert q.partners(g, "营口市总工会").sentence.tolist() == ["甲"]


def test_cli_eigenvector_failure_is_one_line_error(toy_dir, monkeypatch):
    def fail(*args, **kwargs):
        raise q.nx.PowerIterationFailedConvergence(1000)

    monkeypatch.setattr(q.nx, "eigenvector_centrality", fail)
    result = run("query", "central", "--measure", "eigenvector", "--graph", toy_dir)
    assert result.exit_code == 1
    assert result.output == "Error: eigenvector centrality did not converge; use degree or betweenness\n"
