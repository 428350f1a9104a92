"""Read relations between the nodes found (doc._.relations). (placeholder until the component lands)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class RelationExtractor:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("kg_relation_extractor")
def make_relations(nlp: Language, name: str) -> RelationExtractor:
    return RelationExtractor(nlp, name)
