"""A directory for Neo4j: one node file per kind (label) and one
relationship file, with the headers ``neo4j-admin database import full``
reads (``:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, typed
properties), and ``load.cypher`` doing the same with LOAD CSV."""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import networkx as nx

from kg.export.attributes import columns_of
from kg.export.common import plain_attrs

NEO4J_TYPES = {"boolean": "boolean", "int": "long", "double": "double", "string": "string"}
ARRAY_DELIMITER = ";"  # neo4j-admin's default for string[] properties
LIST_ATTRS = {"aliases"}
CYPHER_TYPES = {"long": "toInteger", "double": "toFloat", "boolean": "toBoolean"}
CYPHER_HEADER = "// Bulk import into a new, empty database (Neo4j 5), from this directory:"


def signature(name: str) -> str:
    """How a file this export writes begins (its header or first comment)."""
    if name == "load.cypher":
        return CYPHER_HEADER
    return ":START_ID,:END_ID,:TYPE" if name == "relationships.csv" else "id:ID"


def write(g: nx.MultiDiGraph, path: Path, **_) -> None:
    by_label: dict[str, list] = defaultdict(list)
    for n, d in g.nodes(data=True):
        by_label[label(d.get("kind", "node"))].append((n, _props(d)))
    files = [f"nodes_{name.lower()}.csv" for name in sorted(by_label)]
    cypher = [CYPHER_HEADER,
              "//   neo4j-admin database import full " + " ".join(f"--nodes={f}" for f in files)
              + " --relationships=relationships.csv neo4j",
              "// Or into a running database: copy the CSV files into Neo4j's import directory, then",
              "//   cypher-shell -f load.cypher",
              "// (KgNode is a helper label that indexes the ids for the relationship matches).",
              "CREATE CONSTRAINT kg_id IF NOT EXISTS FOR (n:KgNode) REQUIRE n.id IS UNIQUE;"]
    for file, (name, rows) in zip(files, sorted(by_label.items())):
        cols = columns_of(rows)
        header = ["id:ID"] + [_header(c) for c in cols] + [":LABEL"]
        _write_csv(path / file, header, ([n] + [_cell(a.get(c.name)) for c in cols] + [name]
                                         for n, a in rows))
        sets = ", ".join(f"n.{c.name} = {_cypher_value(c)}" for c in cols)
        cypher.append(f"LOAD CSV WITH HEADERS FROM 'file:///{file}' AS row\n"
                      f"MERGE (n:KgNode {{id: row.`id:ID`}}) SET n:{name}" + (f", {sets}" if sets else "") + ";")
    rels = [(u, v, _props(d) | {"relation": d.get("relation", k)}) for u, v, k, d in g.edges(keys=True, data=True)]
    cols = [c for c in columns_of(rels) if c.name != "relation"]
    header = [":START_ID", ":END_ID", ":TYPE"] + [_header(c) for c in cols]
    _write_csv(path / "relationships.csv", header,
               ([u, v, rel_type(a["relation"])] + [_cell(a.get(c.name)) for c in cols] for u, v, a in rels))
    for rel in sorted({rel_type(a["relation"]) for *_, a in rels}):
        sets = ", ".join(f"r.{c.name} = {_cypher_value(c)}" for c in cols)
        cypher.append(f"LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row\n"
                      f"WITH row WHERE row.`:TYPE` = '{rel}'\n"
                      f"MATCH (a:KgNode {{id: row.`:START_ID`}}), (b:KgNode {{id: row.`:END_ID`}})\n"
                      f"CREATE (a)-[r:{rel}]->(b)" + (f" SET {sets}" if sets else "") + ";")
    (path / "load.cypher").write_text("\n".join(cypher) + "\n", encoding="utf-8")


def label(kind: str) -> str:
    """``org`` → ``Org``: Neo4j labels are CamelCase by convention."""
    return "".join(part.capitalize() for part in str(kind).split("_")) or "Node"


def rel_type(relation: str) -> str:
    """``cooperates_with`` → ``COOPERATES_WITH``."""
    return str(relation).upper()


def _props(d: dict) -> dict:
    """Plain attributes, one line each (neo4j-admin reads one record per
    line), lists joined with the array delimiter."""
    props = {k: v.replace("\n", " ").replace("\r", " ") if isinstance(v, str) else v
             for k, v in plain_attrs(d).items()}
    for key in LIST_ATTRS & props.keys():
        props[key] = str(props[key]).replace("|", ARRAY_DELIMITER)
    return props


def _header(col) -> str:
    """``name`` (strings are the default), ``weight:long``, ``aliases:string[]``."""
    if col.name in LIST_ATTRS:
        return f"{col.name}:string[]"
    return col.name if col.type == "string" else f"{col.name}:{NEO4J_TYPES[col.type]}"


def _cell(value) -> str:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _cypher_value(col) -> str:
    ref = f"row.`{_header(col)}`"
    if col.name in LIST_ATTRS:
        return f"split({ref}, '{ARRAY_DELIMITER}')"
    return f"{CYPHER_TYPES[NEO4J_TYPES[col.type]]}({ref})" if NEO4J_TYPES[col.type] in CYPHER_TYPES else ref


def _write_csv(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)
