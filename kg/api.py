"""The library interface (DESIGN §6): every CLI command is a thin layer over it.

Build or load a graph, then use its pandas tables, its networkx graph, or the
queries of :mod:`kg.query`:

>>> import kg
>>> g = kg.build(["data"], out="out")             # doctest: +SKIP
>>> g.nodes[g.nodes.kind == "org"].name.head()     # doctest: +SKIP
>>> from kg import query
>>> query.partners(g, "营口市总")                    # doctest: +SKIP
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from kg.knowledge import KnowledgeGraph

__all__ = ["KnowledgeGraph", "build", "load", "read_articles"]


def build(paths: Iterable[str | Path] | str | Path, out: str | Path | None = None, **options) -> KnowledgeGraph:
    """Build the graph of a corpus (files or directories) and return it.

    ``out`` keeps the output directory (DESIGN §4); without it a temporary one
    is used and no export is written. ``options`` are those of
    :func:`kg.pipeline.build_corpus` (formats, jobs, engine, cache …).

    >>> g = kg.build("data")                       # doctest: +SKIP
    >>> sorted(g.nodes.kind.unique())              # doctest: +SKIP
    ['article', 'case', 'document', 'group', 'issue', 'mechanism', 'org', 'outcome', 'place']
    >>> g = kg.build(["data"], out="out", jobs=1)  # doctest: +SKIP
    """
    from kg.pipeline import build_corpus

    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = list(paths)
    if out is None:
        with tempfile.TemporaryDirectory(prefix="kg-") as tmp:
            options.setdefault("formats", ())
            build_corpus(paths, tmp, **options)
            return KnowledgeGraph.load(tmp).load_all()
    build_corpus(paths, out, **options)
    return KnowledgeGraph.load(out)


def read_articles(paths: Iterable[str | Path], progress=lambda it: it) -> tuple[list, list]:
    """Ingest and segment ``paths`` as ``kg build`` reads them: (articles,
    skipped files with their reasons), no extraction.

    >>> arts, skipped = kg.api.read_articles(["data"])   # doctest: +SKIP
    """
    from kg.models import Skipped
    from kg.pipeline import read_corpus

    articles, skipped = [], []
    for item in read_corpus(list(paths), progress=progress):  # one decoded file in memory at a time
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            articles.extend(item)
    return articles, skipped


def load(directory: str | Path = "out") -> KnowledgeGraph:
    """Load a built output directory (see :meth:`KnowledgeGraph.load`).

    >>> g = kg.load("out")                             # doctest: +SKIP
    >>> g.graph                                        # doctest: +SKIP
    <networkx.classes.multidigraph.MultiDiGraph ...>
    """
    return KnowledgeGraph.load(directory)
