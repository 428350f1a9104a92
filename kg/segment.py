"""Split a page into articles (placeholder: one article per file)."""
from __future__ import annotations

from kg.ids import article_id
from kg.models import Article, Document
from kg.normalise import normalise


def segment(doc: Document) -> list[Article]:
    text = normalise(doc.text).strip()
    title = text.splitlines()[0] if text else ""
    return [Article(article_id(doc.file, 1), doc.file, title, text, text)]
