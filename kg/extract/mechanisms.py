"""Find taxonomy and newly named mechanisms (doc._.mechanisms). (placeholder until the component lands)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class MechanismMatcher:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("kg_mechanism_matcher")
def make_mechanisms(nlp: Language, name: str) -> MechanismMatcher:
    return MechanismMatcher(nlp, name)
