"""A SQLite database for journalists (``kg export sqlite -o kg.db``), made
with sqlite-utils: nodes, edges, evidence, articles and mentions as tables
with foreign keys, full-text search over evidence sentences and article
text, and Datasette metadata (facets on agency type, level, province,
relation) so that ``datasette kg.db -m kg.metadata.json`` opens a
browsable, searchable site.

Chinese has no spaces between words, so the full-text indexes use SQLite's
trigram tokenizer: any run of three or more characters is found."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pandas as pd

from kg.export.common import atomic_file, blank, plain

TOKENIZER = "trigram"
NODE_FACETS = ["kind", "org_type", "level", "province"]


NODE = ("nodes", "id")
ARTICLE = ("articles", "id")


def write(g: nx.MultiDiGraph, path: Path, *, kg=None, **_) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(str(path), recreate=True)
    keep = set(g)
    articles = _articles(kg)
    known_docs = {a["id"] for a in articles}

    def linked(rows):  # an evidence row of an article not in the corpus keeps no dangling key
        return ({**r, "doc_id": r["doc_id"] if r.get("doc_id") in known_docs else None} for r in rows)

    _table(db, "articles", articles, {"id": str, "file": str, "title": str, "date": str, "byline": str,
                                      "text": str}, [])
    _table(db, "nodes", ({"id": n, **_plain(d)} for n, d in g.nodes(data=True)),
           {"id": str, "kind": str, "name": str}, [])
    _table(db, "edges", ({"source": u, "target": v, "relation": k, **_plain(d, skip=("relation",))}
                         for u, v, k, d in g.edges(keys=True, data=True)),
           {"id": int, "source": str, "target": str, "relation": str, "weight": int},
           [("source", *NODE), ("target", *NODE)])
    _table(db, "evidence", linked(_rows(kg.evidence if kg is not None else None,
                                        lambda r: r["source"] in keep and r["target"] in keep)),
           {"id": int, "relation": str, "source": str, "target": str, "doc_id": str, "file": str,
            "sentence": str, "rule": str, "date": str},
           [("source", *NODE), ("target", *NODE), ("doc_id", *ARTICLE)])
    _table(db, "mentions", linked(_rows(kg.mentions if kg is not None else None, lambda r: r["node_id"] in keep)),
           {"id": int, "node_id": str, "doc_id": str, "file": str, "start": int, "end": int, "text": str},
           [("node_id", *NODE), ("doc_id", *ARTICLE)])
    for table, columns in (("evidence", ["sentence"]), ("articles", ["title", "text"]), ("nodes", ["name"])):
        db[table].enable_fts(columns, tokenize=TOKENIZER)
    for table, column in (("nodes", "kind"), ("nodes", "province"), ("edges", "relation"), ("edges", "source"),
                          ("edges", "target"), ("evidence", "source"), ("evidence", "target"),
                          ("mentions", "node_id")):
        if column in db[table].columns_dict:
            db[table].create_index([column], if_not_exists=True)
    db.conn.commit()
    db.close()


def _table(db, name: str, rows, columns: dict, foreign_keys: list) -> None:
    """Create ``name`` with its key and foreign keys, then add ``rows``
    (columns the rows bring beyond ``columns`` are added as they come)."""
    db[name].create(columns, pk="id", foreign_keys=foreign_keys)
    db[name].insert_all(rows, alter=True)


def metadata(database: str) -> dict:
    """Datasette metadata for the database file named ``database``."""
    return {
        "title": "kg — 劳动权益合作知识图谱",
        "description": "Organisations, mechanisms, cases and outcomes extracted from news articles by kg; "
                       "every edge has its evidence sentences. Search uses trigrams: 3 or more characters.",
        "databases": {database: {"tables": {
            "nodes": {"facets": NODE_FACETS, "label_column": "name", "sort": "kind",
                      "description": "每个节点：机构、机制、案件、成效 … one row per node"},
            "edges": {"facets": ["relation"], "sort_desc": "weight",
                      "description": "关系及其报道数 relations with the number of articles (weight)"},
            "evidence": {"facets": ["relation", "rule"],
                         "description": "原文证据句 the sentence behind each relation"},
            "articles": {"facets": ["date"], "label_column": "title", "description": "文章 articles"},
            "mentions": {"description": "文中提及 where each node is named in an article"},
        }}},
    }


def beside(db_path: Path) -> dict[Path, Callable[[Path], None]]:
    """The files that go with the database, each with what writes it:
    Datasette's metadata (kg.db → kg.metadata.json: facets, full-text search)."""
    def write_metadata(tmp: Path) -> None:
        tmp.write_text(json.dumps(metadata(db_path.stem), ensure_ascii=False, indent=2), encoding="utf-8")

    return {db_path.with_name(f"{db_path.stem}.metadata.json"): write_metadata}


def _plain(d: dict, skip: tuple = ()) -> dict:
    return {k: plain(v) for k, v in d.items() if k not in skip and not blank(v)}


def _articles(kg) -> list[dict]:
    if kg is None or kg.articles.empty:
        return []
    cols = [c for c in ("id", "file", "title", "date", "byline", "text") if c in kg.articles]
    return [_plain(r) for r in kg.articles[cols].to_dict("records")]


def _rows(table: pd.DataFrame | None, keep) -> list[dict]:
    if table is None or table.empty:
        return []
    return [_plain(r) for r in table.to_dict("records") if keep(r)]
