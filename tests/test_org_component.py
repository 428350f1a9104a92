"""The organisation recogniser and linker as spaCy components (issue 12,
item 4): data loaded in ``initialize``, settings from config, saved with
``to_disk``, measured with ``score()``. Made-up sentences."""
from __future__ import annotations

from spacy.training import Example

from kg.extract import load_pipeline, make_doc
from kg.models import Article

GAZETTEER = "name,org_type,level,province,city,aliases\n星光职工互助联盟,association,,,,星光联盟\n"


def run(nlp, text: str):
    doc = make_doc(nlp, Article("a", "a.txt", "", text))
    for _, proc in nlp.pipeline[:2]:
        doc = proc(doc)
    return doc


def linked(nlp, text: str) -> list[str]:
    return [m.org.name for m in run(nlp, text)._.orgs if m.org is not None]


def test_initialize_loads_the_users_gazetteer(tmp_path):
    extra = tmp_path / "bodies.csv"
    extra.write_text(GAZETTEER, encoding="utf-8")
    nlp = load_pipeline()
    assert linked(nlp, "星光联盟发布倡议") == []
    nlp.get_pipe("kg_org_recogniser").initialize(gazetteers=[str(extra)])
    nlp.get_pipe("kg_org_resolver").initialize(nlp=nlp)
    assert linked(nlp, "星光联盟发布倡议") == ["星光职工互助联盟"]


def test_to_disk_keeps_the_settings_and_a_copy_of_the_gazetteer(tmp_path):
    extra = tmp_path / "bodies.csv"
    extra.write_text(GAZETTEER, encoding="utf-8")
    nlp = load_pipeline({"kg_org_recogniser": {"gazetteers": [str(extra)]}})
    nlp.get_pipe("kg_org_recogniser").to_disk(tmp_path / "recogniser")
    extra.unlink()  # the saved component no longer needs the user's file
    other = load_pipeline()
    other.get_pipe("kg_org_recogniser").from_disk(tmp_path / "recogniser")
    assert linked(other, "星光联盟与宁陕县总工会发布倡议") == ["星光职工互助联盟", "宁陕县总工会"]


def test_score_compares_spans_and_links_with_a_reference():
    nlp = load_pipeline()
    text = "宁陕县总工会与县法院共建调解室。"
    predicted = run(nlp, text)
    reference = run(nlp, text)
    court = reference.spans["org"][1]
    reference.spans["org"] = [reference.spans["org"][0],
                              reference.char_span(court.start_char, court.end_char, label="ORG", kb_id="other")]
    eg = Example(predicted, reference)
    spans = nlp.get_pipe("kg_org_recogniser").score([eg])
    assert spans["org_p"] == spans["org_r"] == 1.0
    links = nlp.get_pipe("kg_org_resolver").score([eg])
    assert links["org_link_p"] == links["org_link_r"] == 0.5


def test_a_saved_pipeline_loads_the_spacy_way(tmp_path):
    import spacy

    nlp = load_pipeline()
    nlp.initialize()
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded("宁陕县总工会与县法院共建调解室。")
    assert [(s.text, s.kb_id_) for s in doc.spans["org"]] == [
        ("宁陕县总工会", "org:宁陕县总工会@610923"), ("县法院", "org:宁陕县人民法院@610923")]
