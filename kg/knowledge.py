"""The built graph as data: :class:`KnowledgeGraph`, its pandas tables and
networkx view. It sits below the pipeline (which writes and exports one) and
the queries and exports (which read one); :mod:`kg.api` re-exports it."""
from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import networkx as nx
import pandas as pd

from kg.dedup import DUPLICATE_COLUMNS
from kg.graph import EDGE_COLUMNS, EVIDENCE_COLUMNS, MENTION_COLUMNS, NODE_COLUMNS, to_networkx

TABLES = {
    "nodes": NODE_COLUMNS,
    "edges": EDGE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "evidence": EVIDENCE_COLUMNS,
}
ARTICLE_COLUMNS = ["id", "file", "title", "subtitles", "byline", "date", "text"]
#: The files of a built graph (DESIGN §4 tables, and the same tables as Parquet:
#: the store queries read), as ``kg build`` writes them.
STORED = ("nodes", "edges", "mentions", "evidence", "articles")
TABLE_FILES = ("articles.jsonl", *(f"{name}.csv" for name in TABLES), "skipped.csv", "duplicates.csv",
               *(f"{name}.parquet" for name in STORED))
SKIPPED_COLUMNS = ["file", "reason"]


class KnowledgeGraph:
    """A built graph: the pandas tables of DESIGN §4 plus a networkx view.

    ``nodes``, ``edges``, ``mentions``, ``evidence`` hold the CSV columns;
    ``articles`` the rows of articles.jsonl; ``skipped`` the files not read;
    ``duplicates`` the articles that tell one story (each story counts once
    in edge weights).
    Build one from DataFrames to query made-up or filtered data:

    >>> g = kg.load("out")                                      # doctest: +SKIP
    >>> g.graph.number_of_nodes()                               # doctest: +SKIP
    >>> g.evidence[g.evidence.relation == "cooperates_with"]    # doctest: +SKIP
    """

    def __init__(
        self,
        nodes: pd.DataFrame,
        edges: pd.DataFrame,
        mentions: pd.DataFrame | None = None,
        evidence: pd.DataFrame | None = None,
        articles: pd.DataFrame | None = None,
        skipped: pd.DataFrame | None = None,
        duplicates: pd.DataFrame | None = None,
    ):
        self.nodes = nodes
        self.edges = edges
        self.mentions = mentions if mentions is not None else pd.DataFrame(columns=MENTION_COLUMNS)
        self.evidence = evidence if evidence is not None else pd.DataFrame(columns=EVIDENCE_COLUMNS)
        self.articles = articles if articles is not None else pd.DataFrame(columns=ARTICLE_COLUMNS)
        self.skipped = skipped if skipped is not None else pd.DataFrame(columns=SKIPPED_COLUMNS)
        self.duplicates = duplicates if duplicates is not None else pd.DataFrame(columns=DUPLICATE_COLUMNS)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """Nodes with their attributes; one edge per (source, target, relation),
        keyed by the relation, with ``weight`` = number of articles. Computed
        once: rebuild the KnowledgeGraph after changing the tables.

        >>> g.graph["org:营口市总工会@210800"]                  # doctest: +SKIP
        >>> g.graph.edges["org:A", "org:B", "cooperates_with"]["weight"]   # doctest: +SKIP
        """
        return to_networkx(self.nodes, self.edges)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self.nodes)} nodes, {len(self.edges)} edges, {len(self.articles)} articles>"

    def save(self, directory: str | Path) -> Path:
        """Write the tables of DESIGN §4 (CSV and JSON lines) into ``directory``,
        so that ``kg query``/``kg export --graph directory`` read them.

        >>> kg.load("out").save("copy")                 # doctest: +SKIP
        """
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            getattr(self, name).to_csv(d / f"{name}.csv", index=False)
        self.skipped.to_csv(d / "skipped.csv", index=False)
        self.duplicates.to_csv(d / "duplicates.csv", index=False)
        with (d / "articles.jsonl").open("w", encoding="utf-8") as fh:
            for row in self.articles.to_dict("records"):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return d

    @classmethod
    def load(cls, directory: str | Path) -> "KnowledgeGraph":
        """Read a directory written by ``kg build`` or :meth:`save`; raises
        FileNotFoundError when it holds no nodes.csv."""
        d = Path(directory)
        if not (d / "nodes.csv").exists():
            raise FileNotFoundError(f"{d} holds no built graph (no nodes.csv); run 'kg build' first")
        tables = {name: _read_csv(d / f"{name}.csv", cols) for name, cols in TABLES.items()}
        articles_path = d / "articles.jsonl"
        rows = ([json.loads(line) for line in articles_path.open(encoding="utf-8") if line.strip()]
                if articles_path.exists() else [])
        # object columns: a PDF article's source_page beside other articles' nulls stays an int, not NaN
        articles = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(columns=ARTICLE_COLUMNS)
        skipped = _read_csv(d / "skipped.csv", SKIPPED_COLUMNS)
        duplicates = _read_csv(d / "duplicates.csv", DUPLICATE_COLUMNS)
        return cls(articles=articles, skipped=skipped, duplicates=duplicates, **tables)


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists() or path.stat().st_size == 0:
        return pd.DataFrame(columns=columns)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for col in ("weight", "start", "end"):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col], errors="coerce").fillna(0).astype(int)
    for col in ("value", "similarity"):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col], errors="coerce")
    return df
