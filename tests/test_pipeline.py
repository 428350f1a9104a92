"""The extraction pipeline used the spaCy way: nlp(text), to_disk/load."""
from __future__ import annotations

import spacy


def test_nlp_on_plain_text_finds_orgs_and_relations(nlp):
    doc = nlp("营口市总与市检察院协同监督，向相关行政机关发出检察建议。")
    assert doc.text == "营口市总与市检察院协同监督，向相关行政机关发出检察建议。"
    assert [m.org.name for m in doc._.orgs] == ["营口市总工会", "营口市人民检察院"]
    assert any(r[0] == "cooperates_with" for r in doc._.relations)
    assert {m.mechanism_id for m in doc._.mechanisms} >= {"procuratorial_recommendation"}


def test_docs_do_not_share_extension_lists(nlp):
    first, second = nlp("营口市总工会举办培训。"), nlp("今天天气很好。")
    assert first._.orgs and second._.orgs == []


def test_tokens_keep_whitespace_so_offsets_match_the_text(nlp):
    text = "锦州 市总\n工会 走访企业"
    doc = nlp(text)
    assert "".join(t.text for t in doc) == text == doc.text


def test_tokens_are_jiebas_words_on_a_sample_page(nlp, data_dir):
    import jieba

    text = sorted(data_dir.iterdir())[0].read_text(encoding="utf-8")[:3000]
    assert [t.text for t in nlp.make_doc(text)] == jieba.lcut(text)


def test_pipeline_saves_and_loads(nlp, tmp_path):
    nlp.to_disk(tmp_path / "kg-zh")
    loaded = spacy.load(tmp_path / "kg-zh")
    assert loaded.pipe_names == nlp.pipe_names
    assert [m.org.name for m in loaded("澜沧县总工会")._.orgs] == ["澜沧拉祜族自治县总工会"]
