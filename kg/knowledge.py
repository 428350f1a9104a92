"""The built graph as data: :class:`KnowledgeGraph`, its pandas tables and
networkx view. It sits below the pipeline (which writes and exports one) and
the queries and exports (which read one); :mod:`kg.api` re-exports it.

A graph loaded from a build reads each table when first used, from its
Parquet file (the store, DESIGN §7) when there and its CSV otherwise, and
answers :meth:`KnowledgeGraph.lookup` from the Parquet files without loading
a table at all: queries about one organisation read what they need."""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import duckdb
import networkx as nx
import pandas as pd

from kg.dedup import DUPLICATE_COLUMNS
from kg.graph import EDGE_COLUMNS, EVIDENCE_COLUMNS, MENTION_COLUMNS, NODE_COLUMNS, frame, to_networkx
from kg.store import connect, frame_to_parquet, jsonl_to_parquet

TABLES = {
    "nodes": NODE_COLUMNS,
    "edges": EDGE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "evidence": EVIDENCE_COLUMNS,
}
ARTICLE_COLUMNS = ["id", "file", "title", "subtitles", "byline", "date", "text"]
#: The files of a built graph (DESIGN §4 tables, and the same tables as Parquet:
#: the store queries read), as ``kg build`` writes them.
CSV_TABLES = (*TABLES, "skipped", "duplicates")
TABLE_FILES = ("articles.jsonl", *(f"{name}.csv" for name in CSV_TABLES),
               *(f"{name}.parquet" for name in (*TABLES, "articles")))
SKIPPED_COLUMNS = ["file", "reason"]
ARTICLE_LISTS = ("subtitles", "source_page", "source_box")  # articles' fields that are no text
COLUMNS = {**TABLES, "articles": ARTICLE_COLUMNS, "skipped": SKIPPED_COLUMNS, "duplicates": DUPLICATE_COLUMNS}


def _table_property(name: str) -> property:
    """A table of the graph, read from its directory when first used."""

    def replace(self, df: pd.DataFrame) -> None:
        self._tables[name] = df

    return property(lambda self: self._table(name), replace, doc=f"the {name} table")


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
    >>> g.lookup("evidence", source=["org:营口市总工会@210800"])   # doctest: +SKIP
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
        self.directory: Path | None = None  # where the tables not yet read are
        self._con: duckdb.DuckDBPyConnection | None = None
        given = {"nodes": nodes, "edges": edges, "mentions": mentions, "evidence": evidence,
                 "articles": articles, "skipped": skipped, "duplicates": duplicates}
        self._tables = {name: df if df is not None else pd.DataFrame(columns=COLUMNS[name])
                        for name, df in given.items()}

    nodes = _table_property("nodes")
    edges = _table_property("edges")
    mentions = _table_property("mentions")
    evidence = _table_property("evidence")
    articles = _table_property("articles")
    skipped = _table_property("skipped")
    duplicates = _table_property("duplicates")

    def _table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            self._tables[name] = _read_table(self.directory, name)
        return self._tables[name]

    def load_all(self) -> "KnowledgeGraph":
        """Read every table now (before the directory goes away); returns self."""
        for name in COLUMNS:
            self._table(name)
        return self

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """Nodes with their attributes; one edge per (source, target, relation),
        keyed by the relation, with ``weight`` = number of articles. Computed
        once: rebuild the KnowledgeGraph after changing the tables.

        >>> g.graph["org:营口市总工会@210800"]                  # doctest: +SKIP
        >>> g.graph.edges["org:A", "org:B", "cooperates_with"]["weight"]   # doctest: +SKIP
        """
        return to_networkx(self.nodes, self.edges)

    def lookup(self, table: str, columns: list[str] | None = None, **values: Iterable) -> pd.DataFrame:
        """The rows of ``table`` (nodes, edges, mentions, evidence, articles)
        in which any of the named columns holds one of its values, in table
        order, with ``columns`` only if given; every row without conditions.
        Read from the build's Parquet file without loading the table, when
        the table is not loaded yet.

        >>> g.lookup("edges", source=[oid], target=[oid])           # doctest: +SKIP
        >>> g.lookup("nodes", ["id", "name"], kind=["org"])        # doctest: +SKIP
        """
        path = self._stored(table)
        if path is None:
            df = self._table(table)
            if values:
                hit = pd.Series(False, index=df.index)
                for column, wanted in values.items():
                    hit |= df[column].isin(list(wanted))
                df = df[hit]
            return df[columns] if columns else df
        params, where = [str(path)], []
        for column, wanted in values.items():
            wanted = list(dict.fromkeys(wanted))
            where.append(f"{_identifier(column)} IN (SELECT unnest(?::VARCHAR[]))")
            params.append(wanted)
        select = ", ".join(map(_identifier, columns)) if columns else "*"
        query = f"SELECT {select} FROM read_parquet(?)" + (f" WHERE {' OR '.join(where)}" if where else "")
        return _typed(self._connection().execute(query, params).df())

    def named(self, terms: Iterable[str], kinds: Iterable[str] | None = None) -> pd.DataFrame:
        """The nodes (of ``kinds``) whose id is one of ``terms`` or whose name,
        mechanism_id or aliases contain one: all that a name could mean
        (:func:`kg.query.find_node` then decides)."""
        terms = sorted(t for t in set(terms) if t)
        kinds = list(kinds) if kinds is not None else None
        path = self._stored("nodes")
        if path is None:
            df = self.nodes
            names = df.reindex(columns=["name", "mechanism_id", "aliases"]).astype(object).fillna("")
            surface = names.astype(str).agg("|".join, axis=1)
            hit = df.id.isin(terms)
            for term in terms:
                hit |= surface.str.contains(term, regex=False)
            if kinds is not None:
                hit &= df.kind.isin(kinds)
            return df[hit]
        surface = "coalesce(name, '') || '|' || coalesce(mechanism_id, '') || '|' || coalesce(aliases, '')"
        query = ("SELECT * FROM read_parquet(?) WHERE (id IN (SELECT unnest(?::VARCHAR[])) OR "
                 f"len(list_filter(?::VARCHAR[], lambda t: contains({surface}, t))) > 0)")
        params = [str(path), terms, terms]
        if kinds is not None:
            query += " AND kind IN (SELECT unnest(?::VARCHAR[]))"
            params.append(kinds)
        return _typed(self._connection().execute(query, params).df())

    def _stored(self, table: str) -> Path | None:
        """The Parquet file look-ups of ``table`` read, or None when they read the loaded table."""
        path = self.directory / f"{table}.parquet" if self.directory else None
        return path if path is not None and table not in self._tables and path.exists() else None

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = connect()
        return self._con

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self.nodes)} nodes, {len(self.edges)} edges, {len(self.articles)} articles>"

    def save(self, directory: str | Path) -> Path:
        """Write the tables of DESIGN §4 (CSV and JSON lines, and Parquet) into
        ``directory``, the files a build writes, so that ``kg query``/``kg
        export --graph directory`` read them.

        >>> kg.load("out").save("copy")                 # doctest: +SKIP
        """
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        for name in CSV_TABLES:
            self._table(name).to_csv(d / f"{name}.csv", index=False)
        with (d / "articles.jsonl").open("w", encoding="utf-8") as fh:
            for row in self.articles.to_dict("records"):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        for name, columns in TABLES.items():
            frame_to_parquet(frame(self._table(name), columns), d / f"{name}.parquet")
        jsonl_to_parquet(d / "articles.jsonl", d / "articles.parquet")
        return d

    @classmethod
    def load(cls, directory: str | Path) -> "KnowledgeGraph":
        """The graph in a directory written by ``kg build`` or :meth:`save`,
        its tables read when first used; raises FileNotFoundError when it
        holds no nodes.csv."""
        d = Path(directory)
        if not (d / "nodes.csv").exists():
            raise FileNotFoundError(f"{d} holds no built graph (no nodes.csv); run 'kg build' first")
        g = cls(pd.DataFrame(), pd.DataFrame())
        g._tables, g.directory = {}, d
        return g


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read_table(d: Path | None, name: str) -> pd.DataFrame:
    if d is None:
        return pd.DataFrame(columns=COLUMNS[name])
    if name == "articles":
        path = d / "articles.jsonl"
        rows = ([json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
                if path.exists() else [])
        # object columns: a PDF article's source_page beside other articles' nulls stays an int, not NaN
        return pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(columns=ARTICLE_COLUMNS)
    stored = d / f"{name}.parquet"
    if name in TABLES and stored.exists():
        with connect() as con:
            return _typed(con.execute("SELECT * FROM read_parquet(?)", [str(stored)]).df())
    return _read_csv(d / f"{name}.csv", COLUMNS[name])


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists() or path.stat().st_size == 0:
        return pd.DataFrame(columns=columns)
    return _typed(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8"))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """A table as its CSV reads: text cells ('' when empty), counts and
    offsets as integers, values as numbers."""
    for col in df.columns:
        if col in ("weight", "start", "end"):
            df[col] = pd.to_numeric(df[col], errors="coerce").fillna(0).astype(int)
        elif col in ("value", "similarity"):
            df[col] = pd.to_numeric(df[col], errors="coerce")
        elif col not in ARTICLE_LISTS and (df[col].dtype == object or pd.api.types.is_string_dtype(df[col])):
            df[col] = df[col].fillna("").astype(str)
    return df
