"""Extraction as a spaCy pipeline (DESIGN §2): blank ``zh`` with jieba, then the
kg components, each a ``@Language.factory`` with its data files beside it.

Components talk through Doc extensions (typed lists of mentions, offsets into
``doc.text``); :func:`records_from_doc` turns a processed Doc into the
:class:`~kg.models.ArticleRecords` that graph assembly reduces.

>>> nlp = load_pipeline()
>>> nlp.pipe_names[:2]
['kg_org_recogniser', 'kg_org_resolver']
"""
from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.ids import outcome_id
from kg.extract.mentions import init_doc
from kg.models import Article, ArticleRecords, Evidence, Mention, Node

# Importing the component modules registers their factories.
from kg.extract import orgs as _orgs  # noqa: E402,F401
from kg.extract import resolve as _resolve  # noqa: E402,F401
from kg.extract import mechanisms as _mechanisms  # noqa: E402,F401
from kg.extract import outcomes as _outcomes  # noqa: E402,F401
from kg.extract import decide as _decide  # noqa: E402,F401
from kg.extract import cases as _cases  # noqa: E402,F401
from kg.extract import tokenizer as _tokenizer  # noqa: E402,F401

PIPELINE = (
    "kg_org_recogniser",
    "kg_org_resolver",
    "kg_mechanism_matcher",
    "kg_outcome_extractor",
    "kg_relation_extractor",
    "kg_case_builder",
)


def load_pipeline(config: dict[str, dict[str, Any]] | None = None) -> Language:
    """A blank Chinese pipeline (jieba segmenter, no download) with the kg
    components; ``config`` maps a component name to its factory config."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.JiebaTokenizer.v1"}}})
    for name in PIPELINE:
        nlp.add_pipe(name, config=(config or {}).get(name, {}))
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """The Doc of an article, its extensions empty and ``doc._.article`` set."""
    doc = init_doc(nlp.make_doc(article.text))
    doc._.article = article
    return doc


def extract(nlp: Language, article: Article) -> ArticleRecords:
    """Run the pipeline on one article and return its records."""
    doc = make_doc(nlp, article)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return records_from_doc(doc)


def records_from_doc(doc: Doc) -> ArticleRecords:
    art: Article = doc._.article
    text = art.text
    nodes: dict[str, Node] = {}
    mentions: list[Mention] = []

    def mention(nid: str, start: int, end: int) -> None:
        mentions.append(Mention(nid, art.id, art.file, start, end, text[start:end]))

    for m in doc._.orgs:
        if m.org is None:
            continue
        o = m.org
        nid = o.node_id
        if nid not in nodes:
            nodes[nid] = Node(nid, "org", o.name, {
                "org_type": o.org_type, "level": o.level, "province": o.province,
                "city": o.city, "county": o.county, "adcode": o.adcode, "aliases": [],
            })
        if m.text not in nodes[nid].attrs["aliases"]:
            nodes[nid].attrs["aliases"].append(m.text)
        mention(nid, m.start, m.end)
    for m in doc._.mechanisms:
        nid = m.node_id
        nodes.setdefault(nid, Node(nid, "mechanism", m.name, {
            "mechanism_id": m.mechanism_id, "category": m.category}))
        mention(nid, m.start, m.end)
    for m in doc._.outcomes:
        nid = outcome_id(art.id, m.start)
        nodes[nid] = Node(nid, "outcome", m.label, {
            "value": m.value, "unit": m.unit, "metric": m.metric,
            "text": m.text, "core": m.core})
        mention(nid, m.start, m.end)
    for nid, node in doc._.nodes.items():
        nodes.setdefault(nid, node)
    for nid, start, end in doc._.node_mentions:
        mention(nid, start, end)
    evidence = [  # a decided relation carries its score after the rule
        Evidence(rel, src, dst, art.id, art.file, text[s:e], rule, art.date, score[0] if score else None)
        for rel, src, dst, s, e, rule, *score in doc._.relations
        if src in nodes and dst in nodes
    ]
    return ArticleRecords(art, list(nodes.values()), mentions, evidence)
