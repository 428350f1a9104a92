"""Find quantified outcomes (doc._.outcomes). (placeholder until the component lands)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class OutcomeExtractor:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("kg_outcome_extractor")
def make_outcomes(nlp: Language, name: str) -> OutcomeExtractor:
    return OutcomeExtractor(nlp, name)
