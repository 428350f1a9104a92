"""Readers of binary document formats, one module each: kg.ingest hands them
the files of their types and converts what they read to simplified characters."""
from __future__ import annotations

from pathlib import Path

from kg.models import Document, Skipped

READERS = (".pdf", ".docx", ".doc")  # suffixes read here rather than decoded as text


def read_binary(path: Path, rel: str) -> Document | Skipped:
    """The Document of a PDF or Word file (by its suffix, one of READERS)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from kg.readers.pdf import read_pdf

        return read_pdf(path, rel)
    from kg.readers.docx import read_doc, read_docx

    return read_docx(path, rel) if suffix == ".docx" else read_doc(path, rel)
