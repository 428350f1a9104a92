"""Find organisation mentions (doc._.orgs). (placeholder until the component lands)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class OrgRecogniser:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("kg_org_recogniser")
def make_orgs(nlp: Language, name: str) -> OrgRecogniser:
    return OrgRecogniser(nlp, name)
