"""Give each organisation mention its canonical Org from context. (placeholder until the component lands)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class OrgResolver:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("kg_org_resolver")
def make_resolve(nlp: Language, name: str) -> OrgResolver:
    return OrgResolver(nlp, name)
