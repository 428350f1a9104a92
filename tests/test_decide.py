"""The decision component (kg.extract.decide) in both strategies on made-up
sentences, one per cue family, with organisation, mechanism and outcome
mentions placed by the test: what each strategy keeps, with its provenance
(the rule column names strategy and cue, and the score)."""
from __future__ import annotations

import pytest

from kg.extract.decide import Decider, ModelError, RelationComponent, read_weights
from kg.extract.resources import DATA

from test_relations import YK_HRSS, YK_PROC, YK_UNION, blank, run  # noqa: F401

ORGS = {"营口市总工会": YK_UNION, "营口市人民检察院": YK_PROC, "营口市人社局": YK_HRSS}
UNION, PROC, HRSS = "营口市总工会", "营口市人民检察院", "营口市人力资源和社会保障局"


@pytest.fixture(scope="module", params=["rules", "model"])
def component(request):
    return RelationComponent(None, "kg_relation_extractor", request.param, "", "")


def kept(doc, relation):
    """(source name, target name, rule, score) of the kept relations."""
    def name(node_id: str) -> str:
        return node_id.split(":", 1)[1].split("@")[0]
    return {(name(r[1]), name(r[2])) for r in doc._.relations if r[0] == relation}


def coop(doc):
    return {frozenset(p) for p in kept(doc, "cooperates_with")}


def decided(doc):
    return [r for r in doc._.relations if len(r) == 7]


def test_joint_cue_after_a_list(blank, component):  # noqa: F811
    doc = run(blank, component, "近日，营口市总工会与营口市人民检察院联合召开联席会议，共同研究欠薪问题。", ORGS)
    assert coop(doc) == {frozenset({UNION, PROC})}


def test_partner_verb(blank, component):  # noqa: F811
    doc = run(blank, component, "营口市人社局会同营口市总工会开展根治欠薪专项检查。", ORGS)
    assert coop(doc) == {frozenset({HRSS, UNION})}


def test_organiser_roles(blank, component):  # noqa: F811
    doc = run(blank, component, "此次培训由营口市总工会主办，营口市人民检察院承办。", ORGS)
    assert coop(doc) == {frozenset({UNION, PROC})}


def test_mechanism_of_joint_actors(blank, component):  # noqa: F811
    doc = run(blank, component, "营口市总工会与营口市人民检察院建立劳动法律监督协作机制。", ORGS,
              [("劳动法律监督协作机制", "union_procuratorate")])
    assert kept(doc, "uses_mechanism") == {(UNION, "union_procuratorate"), (PROC, "union_procuratorate")}


def test_outcome_of_joint_actors(blank, component):  # noqa: F811
    text = "营口市总工会与营口市人民检察院联合开展专项行动，为职工追回工资50万元。"
    doc = run(blank, component, text, ORGS, outcomes=[("50万元", 500000, "元")])
    assert {org for org, _ in kept(doc, "resulted_in")} == {UNION, PROC}


def test_recommendation_keeps_its_direction(blank, component):  # noqa: F811
    doc = run(blank, component, "营口市人民检察院向营口市人社局发出检察建议，督促其依法履职。", ORGS)
    assert kept(doc, "recommends_to") == {(PROC, HRSS)}


def test_referral_keeps_its_direction(blank, component):  # noqa: F811
    doc = run(blank, component, "营口市总工会将欠薪线索移送营口市人民检察院。", ORGS)
    assert kept(doc, "refers_clue_to") == {(UNION, PROC)}


def test_cited_issuers_do_not_cooperate_with_the_actor(blank, component):  # noqa: F811
    text = "根据营口市人民检察院《关于加强协作的意见》，营口市人社局开展了专项检查。"
    doc = run(blank, component, text, ORGS)
    assert coop(doc) == set()


def test_provenance_names_strategy_cue_and_score(blank, component):  # noqa: F811
    doc = run(blank, component, "营口市总工会与营口市人民检察院联合召开联席会议。", ORGS)
    rows = decided(doc)
    strategy = component.decider.strategy
    assert rows and all(r[5].startswith(f"{strategy}:") and 0.5 <= r[6] <= 1.0 for r in rows)


def test_cooccurrence_baseline_keeps_every_pair_of_a_sentence(blank):  # noqa: F811
    base = RelationComponent(None, "kg_relation_extractor", "cooccurrence", "", "")
    doc = run(blank, base, "营口市人民检察院向营口市人社局发出检察建议。", ORGS)
    assert coop(doc) == {frozenset({PROC, HRSS})}


def test_shipped_weights_read_and_unknown_strategy_is_an_error():
    for name in ("decision_rules.json", "decision_model.json", "decision_cooccurrence.json"):
        strategy, weights, _ = read_weights(DATA / name)
        assert {"cooperates_with", "uses_mechanism", "resulted_in"} <= set(weights)
    with pytest.raises(ModelError, match="unknown decision strategy"):
        Decider.load("oracle")


def test_plural_reference_across_sentences(blank, component):  # noqa: F811
    text = "营口市总工会召开会议。营口市人民检察院派员参加。会后，两家单位签订合作协议，共同维护职工权益。"
    doc = run(blank, component, text, ORGS)
    assert coop(doc) == {frozenset({UNION, PROC})}


def test_summary_results_go_to_the_main_actors(blank, component):  # noqa: F811
    text = ("营口市总工会与营口市人民检察院建立协作机制。\n双方联合开展专项行动。\n"
            "截至目前，共为职工追回工资50万元。")
    doc = run(blank, component, text, ORGS, outcomes=[("50万元", 500000, "元")])
    assert {org for org, _ in kept(doc, "resulted_in")} == {UNION, PROC}
