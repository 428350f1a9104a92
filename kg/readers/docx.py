"""Read Word documents (.docx) with python-docx (DESIGN §1–2).

Paragraphs and tables in document order; heading styles become markdown
``#`` markers (the Title style and the document's top heading level ``#``,
which opens an article in :mod:`kg.segment`, the next level ``##`` …), so a
compilation of news items splits where its author set headings. A table row is one line,
its cells separated by ``；``, so that each row reads as one sentence.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from kg.models import Document, Skipped

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 and password-protected Office files
_HEADING_STYLE = re.compile(r"^(?:Title|标题)$|^(?:Heading|标题)\s*(\d)$", re.I)
CELL_SEPARATOR = "；"


def read_docx(path: Path, rel: str) -> Document | Skipped:
    """A .docx file as markdown-like text, or Skipped with the reason."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        with path.open("rb") as fh:
            magic = fh.read(len(OLE_MAGIC))
    except OSError as exc:
        return Skipped(rel, f"cannot read: {exc.strerror or exc}")
    if magic == OLE_MAGIC:
        return Skipped(rel, "password-protected or Word 97–2003 file, not .docx (save it as .docx)")
    try:
        document = docx.Document(str(path))
        blocks = list(_blocks(document))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError):
        return Skipped(rel, "not a readable .docx (damaged, or not a Word file)")
    levels = sorted({level for level, _ in blocks if level})  # Heading N; a Title (0) is always "#"
    lines = [("#" * (levels.index(level) + 1 if level else 1) + " " if level is not None else "") + text
             for level, text in blocks]
    text = "\n\n".join(lines)
    if not text.strip():
        return Skipped(rel, "no text")
    return Document(rel, text, text, "", "docx")


def read_doc(path: Path, rel: str) -> Skipped:
    return Skipped(rel, "Word 97–2003 .doc is not read (save it as .docx)")


def _blocks(document):
    """(heading level or None, text) of each non-empty paragraph and table row, in order."""
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells, seen = [], set()
                for cell in row.cells:  # a merged cell repeats in each column it spans
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(" ".join(cell.text.split()))
                line = CELL_SEPARATOR.join(c for c in cells if c)
                if line:
                    yield None, line
            continue
        text = item.text.strip()
        if text:
            yield heading_level(item), text


def heading_level(paragraph) -> int | None:
    """0 for a Title style, N for Heading N (also 标题 N), None for body text."""
    style = paragraph.style
    while style is not None:
        m = _HEADING_STYLE.match(style.name or "")
        if m:
            return int(m.group(1) or 0)
        style = style.base_style
    return None
