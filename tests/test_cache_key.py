"""The cache key covers what extraction depends on, and only that: editing an
extraction data file drops the cache, editing a map's CSS or a help text keeps it."""
from __future__ import annotations

import shutil

import networkx as nx
from test_layering import graph

import kg.cache
from kg.cache import EXTRACTION_SOURCES, fingerprint


def copy_package(tmp_path, monkeypatch):
    package = shutil.copytree(kg.cache.PACKAGE, tmp_path / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kg.cache, "PACKAGE", package)
    return package


def test_exports_and_cli_are_not_in_the_key(tmp_path, monkeypatch):
    package = copy_package(tmp_path, monkeypatch)
    before = fingerprint()
    (package / "export" / "assets" / "extra.css").write_text("body { color: red }\n", encoding="utf-8")
    with (package / "cli" / "query.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# a help text changed\n")
    assert fingerprint() == before


def test_extraction_code_and_data_are(tmp_path, monkeypatch):
    package = copy_package(tmp_path, monkeypatch)
    before = fingerprint()
    with (package / "segment.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# a segmentation rule changed\n")
    assert fingerprint() != before
    after_segment = fingerprint()
    (package / "extract" / "data" / "my_list.txt").write_text("新机制\n", encoding="utf-8")
    assert fingerprint() != after_segment


def test_every_module_extraction_imports_is_in_the_key():
    """What the cached results come from (the map of kg.engines: reading,
    segmenting, extracting, rendering with graph.observations, story keys of
    kg.dedup; the cache's own format) and everything those modules import."""
    g = graph()
    roots = ["kg.ingest", "kg.segment", "kg.extract", "kg.engines", "kg.graph", "kg.dedup", "kg.cache"]
    needed = set(roots).union(*(nx.descendants(g, r) for r in roots)) - {"kg"}

    def covered(module: str) -> bool:
        parts = module.split(".")[1:]
        return parts[0] in EXTRACTION_SOURCES or f"{parts[0]}.py" in EXTRACTION_SOURCES

    assert sorted(m for m in needed if not covered(m)) == []
