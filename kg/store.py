"""The record store of a build (DESIGN §7): per-article records as Parquet
part files, and the reduce over them as DuckDB queries.

Whoever extracts a batch of articles (the build's client, a worker process, a
Dask worker) writes its records with :func:`write_part`: one Parquet file, one
row per article with its JSON line, nodes, attribute values, aliases, relation
instances, mentions and evidence as lists. The reduce reads every part of a
directory, whoever wrote it and in whatever order, together with the build's
story of each article (:class:`Order`: input order and the story a repost
tells): nodes are merged by id, edges aggregated per (source, target,
relation), reposts folded into their story, all by grouped aggregation under a
memory limit that spills to a temporary directory, so memory follows the
graph, not the corpus.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from kg.graph import EVIDENCE_COLUMNS, MENTION_COLUMNS
from kg.hierarchy import hierarchy
from kg.models import RenderedRecords

MEMORY_LIMIT = "256MB"  # the reduce's working memory; beyond it DuckDB spills to disk
PARTS = "part-*.parquet"
ORDER = "order.csv"
FETCH_ROWS = 10_000  # rows fetched at a time when a table is written in input order

_PARQUET = "(FORMAT parquet, COMPRESSION zstd)"
INTEGERS = ("weight", "start", "end")  # the integer columns of the tables
ARTICLE_FIELDS = {"id": "VARCHAR", "file": "VARCHAR", "title": "VARCHAR", "subtitles": "VARCHAR[]",
                  "byline": "VARCHAR", "date": "VARCHAR", "text": "VARCHAR", "source_page": "INTEGER",
                  "source_box": "DOUBLE[]"}
_STR = "VARCHAR"
# One row per article: the columns of a part file (DuckDB types).
PART_COLUMNS = {
    "doc_id": _STR,
    "article": _STR,  # its line of articles.jsonl
    "nodes": "STRUCT(id VARCHAR, kind VARCHAR)[]",
    "attrs": "STRUCT(id VARCHAR, key VARCHAR, value VARCHAR)[]",
    "aliases": "STRUCT(id VARCHAR, alias VARCHAR)[]",
    "edges": "STRUCT(source VARCHAR, target VARCHAR, relation VARCHAR, doc_id VARCHAR, date VARCHAR)[]",
    "mentions": "STRUCT(node_id VARCHAR, doc_id VARCHAR, file VARCHAR, \"start\" BIGINT, \"end\" BIGINT, "
                "text VARCHAR)[]",
    "evidence": "STRUCT(relation VARCHAR, source VARCHAR, target VARCHAR, doc_id VARCHAR, file VARCHAR, "
                "sentence VARCHAR, rule VARCHAR, date VARCHAR, score VARCHAR)[]",
}


def connect(**config) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection in this process (no progress bar on the terminal)."""
    con = duckdb.connect(config=config)
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:  # in Jupyter without ipywidgets, where DuckDB shows no bar
        pass
    return con


class StoreError(Exception):
    """The record store cannot be written or read (a full disk, a damaged part)."""


@contextmanager
def _guarded() -> Iterator[None]:
    """DuckDB's errors as StoreError; an interrupt (Ctrl-C, SIGTERM) that
    DuckDB caught mid-query as the KeyboardInterrupt it was."""
    try:
        yield
    except duckdb.InterruptException:
        raise KeyboardInterrupt from None
    except RuntimeError as exc:
        if str(exc) == "Query interrupted":
            raise KeyboardInterrupt from None
        raise
    except duckdb.Error as exc:
        raise StoreError(f"the record store failed: {exc}".splitlines()[0]) from None


def article_line(records: RenderedRecords) -> str:
    """The article's line of articles.jsonl."""
    a = records.article
    row = {"id": a.id, "file": a.file, "title": a.title, "subtitles": a.subtitles,
           "byline": a.byline, "date": a.date, "text": a.text,
           "source_page": a.source_page, "source_box": a.source_box}
    return json.dumps(row, ensure_ascii=False)


def _row(records: RenderedRecords) -> dict:
    g = records.graph
    mentions = [dict(zip(MENTION_COLUMNS, r)) for r in csv.reader(io.StringIO(records.mentions))]
    evidence = [dict(zip(EVIDENCE_COLUMNS, r)) for r in csv.reader(io.StringIO(records.evidence))]
    return {
        "doc_id": records.article.id,
        "article": article_line(records),
        "nodes": [{"id": i, "kind": k} for i, k in g.get("nodes", ())],
        # values keep their text (str(1175000.0) is how the tables show it)
        "attrs": [{"id": i, "key": k, "value": None if v is None else str(v)} for i, k, v in g.get("values", ())],
        "aliases": [{"id": i, "alias": a} for i, a in g.get("aliases", ())],
        "edges": [dict(zip(("source", "target", "relation", "doc_id", "date"), e)) for e in g.get("edges", ())],
        "mentions": mentions,
        "evidence": evidence,
    }


def write_part(records: list[RenderedRecords], directory: str | Path) -> Path:
    """Write the records of ``records`` (any articles, in any process) as one
    part file in ``directory``; returns its path. The name comes from the
    article ids, so a batch written twice (a retried task) is one part."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256("\0".join(r.article.id for r in records).encode()).hexdigest()[:20]
    path = directory / f"part-{digest}.parquet"
    lines = directory / f".{digest}.jsonl"
    tmp = directory / f".{digest}.parquet"
    with lines.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(_row(r), ensure_ascii=False) + "\n")
    try:
        with _guarded(), connect() as con:
            con.execute(f"COPY (SELECT * FROM read_json(?, format = 'newline_delimited', "
                        f"columns = {_struct_literal(PART_COLUMNS)})) TO '{_quoted(tmp)}' {_PARQUET}",
                        [str(lines)])
        os.replace(tmp, path)  # the reduce never sees half a part
    finally:
        lines.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    return path


def frame_to_parquet(df: pd.DataFrame, path: Path) -> None:
    """A node, edge, mention or evidence table as a Parquet file: its columns
    as text but for the integer counts and offsets, as its CSV reads."""
    columns = ", ".join(f"CAST({_identifier(c)} AS {'BIGINT' if c in INTEGERS else 'VARCHAR'}) AS {_identifier(c)}"
                        for c in df.columns)
    with _guarded(), connect() as con:
        con.register("frame", df)
        con.execute(f"COPY (SELECT {columns} FROM frame) TO '{_quoted(path)}' {_PARQUET}")


def jsonl_to_parquet(source: Path, path: Path) -> None:
    """articles.jsonl as a Parquet file."""
    with _guarded(), connect() as con:
        con.execute(f"COPY (SELECT * FROM read_json(?, format = 'newline_delimited', "
                    f"columns = {_struct_literal(ARTICLE_FIELDS)})) TO '{_quoted(path)}' {_PARQUET}",
                    [str(source)])


def _struct_literal(columns: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{name}': '{kind.replace(chr(39), chr(39) * 2)}'"
                           for name, kind in columns.items()) + "}"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


class Order:
    """The build's order of articles and the story each tells (a repost's
    story is the first article it repeats; an article's own id otherwise),
    streamed to a file beside the parts: the only thing the reduce needs from
    the build's client."""

    def __init__(self, directory: str | Path):
        self.path = Path(directory) / ORDER
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(["seq", "doc_id", "story"])
        self._seq = 0

    def add(self, doc_id: str, story: str) -> None:
        self._writer.writerow([self._seq, doc_id, story])
        self._seq += 1

    def close(self) -> None:
        self._fh.close()


class Reduce:
    """The reduce over the parts of ``directory`` (DuckDB, spilling into
    ``directory/tmp`` beyond ``MEMORY_LIMIT``).

    >>> with Reduce(stage / "records") as r:                 # doctest: +SKIP
    ...     nodes, edges = r.nodes(), r.edges()
    """

    def __init__(self, directory: str | Path, memory_limit: str = MEMORY_LIMIT):
        self.directory = Path(directory)
        with _guarded():
            self._open(memory_limit)

    node_columns: list[str] = []  # of the assembled node table

    def _open(self, memory_limit: str) -> None:
        self.con = connect(memory_limit=memory_limit, threads=1, temp_directory=str(self.directory / "tmp"),
                           preserve_insertion_order=False)
        parts = sorted(self.directory.glob(PARTS))
        columns = ", ".join(f"{n} {t}" for n, t in PART_COLUMNS.items())
        if parts:
            self.con.execute(f"CREATE VIEW parts AS SELECT {', '.join(PART_COLUMNS)} FROM read_parquet("
                             f"[{', '.join(repr(str(p)) for p in parts)}])")
        else:
            self.con.execute(f"CREATE TABLE parts ({columns})")
        self.con.execute("CREATE TABLE ord AS SELECT * FROM read_csv(?, header = true, "
                         "columns = {'seq': 'BIGINT', 'doc_id': 'VARCHAR', 'story': 'VARCHAR'})",
                         [str(self.directory / ORDER)])
        self.con.execute(_FOLD)

    def __enter__(self) -> "Reduce":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def assemble(self, node_columns: list[str]) -> list[str]:
        """Assemble the node and edge tables in the store: one node per id
        (its kind as first seen, each attribute's most frequent value, ties
        to the smallest, its aliases ``|``-joined), one edge per (source,
        target, relation) weighing the distinct stories that tell it, with its
        first and last dates; then the places and hierarchy edges of the
        organisations (kg.hierarchy). Returns the node table's columns:
        ``node_columns``, then any other attribute by name."""
        with _guarded():
            self.con.execute(_NODES)
            keys = [k for (k,) in self.con.execute("SELECT DISTINCT key FROM node_values ORDER BY key").fetchall()]
            wide = "".join(f", max(value) FILTER (WHERE key = ?) AS {_identifier(k)}" for k in keys)
            self.con.execute(f"CREATE TEMP TABLE node_table AS "
                             f"WITH wide AS (SELECT id{wide} FROM node_values GROUP BY id) "
                             "SELECT * FROM node_kinds LEFT JOIN wide USING (id) LEFT JOIN node_aliases USING (id)",
                             keys)
            self.con.execute(f"CREATE TEMP TABLE edge_table AS SELECT *, 0 AS derived FROM ({_EDGES})")
            columns = node_columns + sorted({"aliases", *keys} - set(node_columns))
            for column in columns:
                self.con.execute(f"ALTER TABLE node_table ADD COLUMN IF NOT EXISTS {_identifier(column)} VARCHAR")
            self._add_hierarchy()
        self.node_columns = columns
        return columns

    def _add_hierarchy(self) -> None:
        fields = ["id", "org_type", "level", "province", "city", "county", "adcode"]
        cur = self.con.execute(f"SELECT {', '.join(map(_identifier, fields))} FROM node_table WHERE kind = 'org'")
        found = hierarchy({k: v or "" for k, v in zip(fields, row)} for row in cur.fetchall())
        self.con.register("hierarchy_edges", pd.DataFrame(list(found.edges), columns=["source", "target", "relation"],
                                                          dtype=object))
        self.con.execute("INSERT INTO edge_table SELECT source, target, relation, 1, '', '', 1 FROM hierarchy_edges")
        places = pd.DataFrame([(p.id, p.kind, p.name, p.attrs["level"], p.attrs["adcode"]) for p in found.places],
                              columns=["id", "kind", "name", "level", "adcode"], dtype=object)
        self.con.register("places", places)
        self.con.execute("INSERT INTO node_table (id, kind, name, level, adcode) SELECT * FROM places "
                         "WHERE id NOT IN (SELECT id FROM node_table)")

    def size(self, table: str) -> int:
        """Rows of the assembled ``nodes`` or ``edges`` table."""
        with _guarded():
            return self.con.execute(f"SELECT count(*) FROM {table[:-1]}_table").fetchone()[0]

    def write_parquet(self, out: Path) -> list[str]:
        """The assembled nodes and edges, mentions and evidence as Parquet
        files in ``out``, in the order of the CSVs; returns their names."""
        names = []
        for name in ("nodes", "edges", "mentions", "evidence"):
            with _guarded():
                self.con.execute(f"COPY ({self._query(name)}) TO '{_quoted(out / f'{name}.parquet')}' {_PARQUET}")
            names.append(f"{name}.parquet")
        return names

    def _query(self, table: str) -> str:
        if table == "nodes":
            return f"SELECT {', '.join(map(_identifier, self.node_columns))} FROM node_table ORDER BY id"
        if table == "edges":
            return ("SELECT source, target, relation, weight, first_date, last_date FROM edge_table "
                    "ORDER BY source, target, relation, derived")
        return _ROWS[table]

    def rows(self, table: str) -> Iterator[tuple]:
        """The rows of ``mentions``/``evidence`` (reposts' outcomes renamed to
        their story's), or ``articles`` (one JSON line), in input order; of
        the assembled ``nodes`` (by id) and ``edges`` (by source, target,
        relation), their columns in the order of the CSVs."""
        with _guarded():
            cur = self.con.execute(self._query(table))
            while batch := cur.fetchmany(FETCH_ROWS):
                yield from batch


# Renaming of reposts' outcomes: an outcome of a repost is its story's
# outcome with the same metric, value and unit (the n-th such of each).
_FOLD = """
CREATE TEMP TABLE outcome_keys AS
WITH o AS (
    SELECT doc_id, unnest(nodes) AS n, generate_subscripts(nodes, 1) AS pos FROM parts
), a AS (
    SELECT doc_id, unnest(attrs) AS v, generate_subscripts(attrs, 1) AS pos FROM parts
), k AS (
    SELECT doc_id, v.id AS id,
           arg_max(v.value, pos) FILTER (WHERE v.key = 'metric') AS metric,
           arg_max(v.value, pos) FILTER (WHERE v.key = 'value') AS value,
           arg_max(v.value, pos) FILTER (WHERE v.key = 'unit') AS unit
    FROM a WHERE v.key IN ('metric', 'value', 'unit') GROUP BY ALL
), last_pos AS (
    SELECT o.doc_id, o.n.id AS id, max(o.pos) AS pos FROM o WHERE o.n.kind = 'outcome' GROUP BY ALL
), ranked AS (
    SELECT o.doc_id, o.n.id AS id, o.pos, k.metric, k.value, k.unit,
           row_number() OVER (PARTITION BY o.doc_id, k.metric, k.value, k.unit ORDER BY o.pos) AS nth
    FROM o LEFT JOIN k ON k.doc_id = o.doc_id AND k.id = o.n.id
    WHERE o.n.kind = 'outcome'
)
SELECT r.* FROM ranked r JOIN last_pos l USING (doc_id, id, pos);

CREATE TEMP TABLE renamed AS
SELECT r.doc_id, r.id AS old, s.id AS new
FROM outcome_keys r
JOIN ord ON ord.doc_id = r.doc_id AND ord.story <> r.doc_id
JOIN outcome_keys s ON s.doc_id = ord.story AND s.nth = r.nth
     AND s.metric IS NOT DISTINCT FROM r.metric AND s.value IS NOT DISTINCT FROM r.value
     AND s.unit IS NOT DISTINCT FROM r.unit;
"""

_NODES = """
CREATE OR REPLACE TEMP TABLE node_kinds AS
WITH n AS (
    SELECT p.doc_id, ord.seq, unnest(p.nodes) AS n, generate_subscripts(p.nodes, 1) AS pos
    FROM parts p JOIN ord USING (doc_id)
)
SELECT coalesce(r.new, n.n.id) AS id, arg_min(n.n.kind, (n.seq, n.pos)) AS kind
FROM n LEFT JOIN renamed r ON r.doc_id = n.doc_id AND r.old = n.n.id GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE node_values AS
WITH a AS (
    SELECT p.doc_id, unnest(p.attrs) AS v FROM parts p
), counted AS (
    SELECT coalesce(r.new, a.v.id) AS id, a.v.key AS key, a.v.value AS value, count(*) AS c
    FROM a LEFT JOIN renamed r ON r.doc_id = a.doc_id AND r.old = a.v.id GROUP BY ALL
)
SELECT id, key, value FROM counted
QUALIFY row_number() OVER (PARTITION BY id, key ORDER BY c DESC, value NULLS LAST) = 1;

CREATE OR REPLACE TEMP TABLE node_aliases AS
WITH al AS (
    SELECT p.doc_id, unnest(p.aliases) AS x FROM parts p
)
SELECT coalesce(r.new, al.x.id) AS id, string_agg(DISTINCT al.x.alias, '|' ORDER BY al.x.alias) AS aliases
FROM al LEFT JOIN renamed r ON r.doc_id = al.doc_id AND r.old = al.x.id GROUP BY ALL;
"""

_EDGES = """
WITH e AS (
    SELECT p.doc_id, ord.story, unnest(p.edges) AS e FROM parts p JOIN ord USING (doc_id)
), f AS (
    SELECT coalesce(rs.new, e.e.source) AS source, coalesce(rt.new, e.e.target) AS target,
           e.e.relation AS relation, CASE WHEN e.story = e.doc_id THEN e.e.doc_id ELSE e.story END AS doc,
           nullif(e.e.date, '') AS date
    FROM e LEFT JOIN renamed rs ON rs.doc_id = e.doc_id AND rs.old = e.e.source
           LEFT JOIN renamed rt ON rt.doc_id = e.doc_id AND rt.old = e.e.target
)
SELECT source, target, relation, count(DISTINCT doc) AS weight,
       coalesce(min(date), '') AS first_date, coalesce(max(date), '') AS last_date
FROM f GROUP BY ALL ORDER BY source, target, relation
"""

_ROWS = {
    "articles": "SELECT p.article FROM parts p JOIN ord USING (doc_id) ORDER BY ord.seq",
    "mentions": """
        WITH m AS (SELECT p.doc_id, ord.seq, unnest(p.mentions) AS m, generate_subscripts(p.mentions, 1) AS pos
                   FROM parts p JOIN ord USING (doc_id))
        SELECT coalesce(r.new, m.m.node_id) AS node_id, m.m.doc_id AS doc_id, m.m.file AS file,
               m.m.start AS start, m.m."end" AS "end", m.m.text AS text
        FROM m LEFT JOIN renamed r ON r.doc_id = m.doc_id AND r.old = m.m.node_id
        ORDER BY m.seq, m.pos""",
    "evidence": """
        WITH v AS (SELECT p.doc_id, ord.seq, unnest(p.evidence) AS v, generate_subscripts(p.evidence, 1) AS pos
                   FROM parts p JOIN ord USING (doc_id))
        SELECT v.v.relation AS relation, coalesce(rs.new, v.v.source) AS source,
               coalesce(rt.new, v.v.target) AS target, v.v.doc_id AS doc_id, v.v.file AS file,
               v.v.sentence AS sentence, v.v.rule AS rule, v.v.date AS date, v.v.score AS score
        FROM v LEFT JOIN renamed rs ON rs.doc_id = v.doc_id AND rs.old = v.v.source
               LEFT JOIN renamed rt ON rt.doc_id = v.doc_id AND rt.old = v.v.target
        ORDER BY v.seq, v.pos""",
}
