"""Read input files into Documents (placeholder: UTF-8 text only)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.models import Document, Skipped

SUFFIXES = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html"}


class CorpusError(Exception):
    """A corpus argument that cannot be read at all (missing path …)."""


def iter_documents(paths: list[str | Path]) -> Iterator[Document | Skipped]:
    """Every input file under ``paths`` as a Document, or Skipped with a reason."""
    for root in map(Path, paths):
        if not root.exists():
            raise CorpusError(f"no such file or directory: {root}")
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            rel = path.relative_to(root).as_posix() if root.is_dir() else path.name
            fmt = SUFFIXES.get(path.suffix.lower())
            if fmt is None:
                yield Skipped(rel, f"unsupported file type {path.suffix or '(none)'}")
                continue
            text = path.read_text(encoding="utf-8")
            yield Document(rel, text, text, "utf-8", fmt)
