"""The linking step (issue 12): every candidate is a span of
``doc.spans["org"]``; the linker alone decides which organisation it is
(``kb_id``) — bare bodies and self-references included. Made-up articles."""
from __future__ import annotations

from kg.extract import make_doc
from kg.models import Article
from org_support import names


def run(nlp, text: str):
    doc = make_doc(nlp, Article("a", "a.txt", "", text))
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def linked(nlp, text: str) -> list[tuple[str, str]]:
    doc = run(nlp, text)
    return [(sp._.mention.text, sp._.mention.org.name if sp.kb_id_ else "") for sp in doc.spans["org"]]


def test_candidates_are_spans_carrying_the_linked_node_id(nlp):
    doc = run(nlp, "营口市总工会与市检察院签订协议。多亏工会和检察院的监督检查")
    spans = doc.spans["org"]
    assert [sp.label_ for sp in spans] == ["ORG"] * len(spans)
    assert {sp.kb_id_ for sp in spans} == {m.org.node_id for m in doc._.orgs if m.org}
    assert all(sp._.mention.org.node_id == sp.kb_id_ for sp in spans)


def test_bare_union_and_procuratorate_are_the_storys_only_ones(nlp):
    found = linked(nlp, "宁陕县总工会与宁陕县人民检察院签订协议。此后，工会与检察院共同走访企业。")
    assert found[-2:] == [("工会", "宁陕县总工会"), ("检察院", "宁陕县人民检察院")]


def test_a_bare_union_with_two_federations_in_the_story_stays_unlinked(nlp):
    found = linked(nlp, "安康市总工会和宁陕县总工会召开会议。会上，工会与检察院签订协议。")
    assert found[-2:] == [("工会", ""), ("检察院", "")]


def test_self_references_of_departments_and_associations(nlp):
    found = linked(nlp, "陕西省人力资源和社会保障厅召开会议。该厅要求各地加强监察。"
                        "石泉县律师协会成立工作站，该会选派律师。")
    assert ("该厅", "陕西省人力资源和社会保障厅") in found
    assert ("该会", "石泉县律师协会") in found


def test_staff_nouns_stand_for_the_body_the_article_names():
    found = names("宁陕县人民法院与县总工会共建调解室。法官与工会调解员共同调解，检察官列席。")
    assert ("法官", "宁陕县人民法院") in found
    assert ("检察官", None) in found  # no procuratorate named: nothing to stand for
    assert names("法官提醒劳动者保留证据。") == [("法官", None)]
