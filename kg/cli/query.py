"""``kg query …`` and ``kg info``: thin click over :mod:`kg.query`.

Every command reads a built output directory (``--graph``) and prints a
table that fits the terminal (``$COLUMNS``; 80 columns when piped), or
``--json`` / ``--csv`` with whole cells.
"""
from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import click
import pandas as pd
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg import query as q
from kg.cli.common import load_graph


def graph_options(func):
    """Give a command ``--graph``, ``--json`` and ``--csv``: ``func`` receives
    the loaded graph as ``kg`` and the output format as ``fmt``; lookup and
    value errors of the query become one-line messages."""

    @click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"),
                  show_default=True, help="Output directory of 'kg build'.")
    @click.option("--json", "fmt", flag_value="json", help="Print JSON.")
    @click.option("--csv", "fmt", flag_value="csv", help="Print CSV.")
    @functools.wraps(func)
    def command(graph_dir: Path, fmt: str | None, **kwargs):
        kg = load_graph(graph_dir)
        try:
            return func(kg=kg, fmt=fmt or "table", **kwargs)
        except (LookupError, ValueError) as exc:
            raise click.ClickException(str(exc)) from None

    return command


def terminal_width() -> int:
    """Display columns a table may take: ``$COLUMNS``, else the terminal's,
    else 80 (a pipe), so piped output does not depend on the window."""
    return shutil.get_terminal_size().columns


def cell(value, separator: str = "、") -> str:
    if isinstance(value, (list, tuple)):
        return separator.join(map(str, value))
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def format_table(df: pd.DataFrame, width: int | None = None) -> str:
    """``df`` as a plain table at most ``width`` display columns wide (the
    terminal's by default). rich measures CJK characters as two columns and
    wraps a long cell inside its column; no colour or other escape codes, so a
    pipe gets the same text. A text last column (a sentence, a member list)
    keeps a third of the width: the other columns share the rest."""
    width = width or terminal_width()
    header = [str(c) for c in df.columns]
    rows = [[cell(v) for v in row] for row in df.itertuples(index=False)]
    numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    cap = None
    if len(header) > 1 and not numeric[-1]:
        natural = [max(map(cell_len, column)) for column in zip(header, *rows)]
        budget = width - 2 * (len(header) - 1) - min(natural[-1], width // 3)
        cap = next((c for c in range(max(natural[:-1]), 1, -1)
                    if sum(min(n, c) for n in natural[:-1]) <= budget), 1)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for i, name in enumerate(header):
        table.add_column(name, justify="right" if numeric[i] else "left", overflow="fold",
                         max_width=cap if i < len(header) - 1 else None)
    for row in rows:
        table.add_row(*map(Text, row))
    console = Console(width=width, color_system=None, highlight=False)
    with console.capture() as out:
        console.print(table)
    return "\n".join(line.rstrip() for line in out.get().splitlines())


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain JSON values (numpy scalars unwrapped, NaN → null)."""
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    return [{k: v.item() if hasattr(v, "item") else v for k, v in row.items()} for row in rows]


def emit(df: pd.DataFrame, fmt: str, columns: list[str] | None = None, empty: str = "nothing found") -> None:
    """Print ``df``: all columns for --json/--csv, ``columns`` in a table."""
    if fmt == "json":
        click.echo(json.dumps(records(df), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(df.map(lambda v: cell(v, "|")).to_csv(index=False), nl=False)
    elif df.empty:
        click.echo(empty)
    else:
        click.echo(format_table(df[columns] if columns else df))


def resolved(kg, fmt: str, name: str, kind: str | tuple[str, ...] = "org") -> tuple[str, str]:
    """The node id and canonical name ``name`` resolves to; a table starts
    with the name, so the user sees which node answered (--json and --csv stay
    plain data). Queries take the id, so the name is looked up once."""
    node = q.find_node(kg, name, kind)
    label = q.long_label(kg, node)
    if fmt == "table":
        click.echo(f"{name} → {label}")
    return node, label


@click.group()
def query() -> None:
    """Ask the built graph who works with whom, how, and with what result.

    \b
    Names may be canonical names, aliases or abbreviations (营口市总,
    营口市检察院); an unknown or ambiguous name lists the closest candidates.
    """


@query.command()
@click.argument("org")
@graph_options
def partners(kg, fmt: str, org: str) -> None:
    """Who cooperates with ORG.

    One row per partner and relation with one evidence sentence; clues
    referred and recommendations issued are marked by relation and direction.
    """
    node, name = resolved(kg, fmt, org)
    emit(q.partners(kg, node), fmt, ["partner", "org_type", "relation", "direction", "weight", "sentence"],
         empty=f"no partner of {name} found")


@query.command()
@click.option("--province", help="Only organisations of this province (辽宁 or 辽宁省).")
@click.option("--org-type", type=click.Choice(q.ORG_TYPES), help="Only organisations of this type.")
@click.option("--level", type=click.Choice(q.LEVELS), help="Only organisations of this level.")
@graph_options
def mechanisms(kg, fmt: str, province: str | None, org_type: str | None, level: str | None) -> None:
    """Mechanisms with their organisations and articles.

    Counts organisations using each mechanism and articles mentioning it,
    optionally only for organisations of a province, type or level.
    """
    emit(q.mechanisms(kg, province, org_type, level), fmt,
         ["mechanism", "mechanism_id", "category", "orgs", "articles"], empty="no mechanism found")


@query.command("new-mechanisms")
@graph_options
def new_mechanisms(kg, fmt: str) -> None:
    """Mechanisms not in the taxonomy, for review.

    Lists where each was seen and who uses it, so it can be added to the
    taxonomy or ignored.
    """
    emit(q.new_mechanisms(kg), fmt, ["mechanism", "articles", "files", "orgs", "context"],
         empty="no new mechanism found")


@query.command()
@click.option("--org", help="Only cases this organisation is involved in.")
@click.option("--mechanism", help="Only cases applying this mechanism (name or taxonomy id).")
@click.option("--issue", help="Only cases concerning this issue or group of workers.")
@graph_options
def cases(kg, fmt: str, org: str | None, mechanism: str | None, issue: str | None) -> None:
    """Cases with organisations, mechanisms, issues, outcomes."""
    org, mechanism, issue = (resolved(kg, fmt, name, kind)[0] if name else name
                             for name, kind in ((org, "org"), (mechanism, "mechanism"),
                                                (issue, ("issue", "group"))))
    emit(q.cases(kg, org, mechanism, issue), fmt,
         ["case", "date", "orgs", "mechanisms", "issues", "groups", "outcomes"], empty="no case found")


@query.command()
@click.argument("a")
@click.argument("b")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True, help="Most paths to show.")
@graph_options
def path(kg, fmt: str, a: str, b: str, limit: int) -> None:
    """Shortest cooperation paths from A to B.

    Each hop between two organisations comes with the relations behind it and
    one evidence sentence.
    """
    emit(q.paths(kg, a, b, limit), fmt, ["path", "hop", "source", "relation", "target", "sentence"],
         empty=f"no cooperation path between {a} and {b}")


@query.command()
@click.option("--kind", type=click.Choice(q.NODE_KINDS), default="org", show_default=True)
@click.option("--measure", type=click.Choice(q.MEASURES), default="degree", show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many nodes to list.")
@graph_options
def central(kg, fmt: str, kind: str, measure: str, top: int) -> None:
    """The most central organisations (or other nodes).

    Organisations are ranked in the cooperation network, other kinds in the
    whole graph without articles.
    """
    emit(q.centrality(kg, kind, measure, top), fmt, ["name", "score", "degree"],
         empty=f"no {kind} with any edge")


@query.command()
@click.option("--seed", default=42, show_default=True, help="Louvain random seed.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Louvain resolution: higher gives smaller communities.")
@graph_options
def communities(kg, fmt: str, seed: int, resolution: float) -> None:
    """Communities of cooperating organisations.

    Louvain on the cooperation network, seeded so reruns agree; largest first.
    """
    emit(q.communities(kg, seed, resolution), fmt, empty="no cooperation between organisations")


@query.command()
@click.option("--by", type=click.Choice(["org_type", "level"]), default="org_type", show_default=True)
@graph_options
def matrix(kg, fmt: str, by: str) -> None:
    """Cooperation counts by org type (or level).

    Each cell counts cooperating pairs of organisations with these types.
    """
    emit(q.matrix(kg, by), fmt, empty="no cooperation between organisations")


@query.command()
@click.argument("a")
@click.argument("b")
@graph_options
def evidence(kg, fmt: str, a: str, b: str) -> None:
    """Every sentence behind the edges between A and B.

    Any node kinds, either direction, with the file and article title.
    """
    emit(q.evidence(kg, a, b), fmt, ["relation", "source", "target", "file", "title", "sentence"],
         empty=f"no evidence between {a} and {b}")


@click.command()
@graph_options
def info(kg, fmt: str) -> None:
    """What the built graph holds.

    Nodes by kind, edges by relation, articles, distinct stories and reposts
    (see duplicates.csv), files and skipped files.
    """
    summary = q.info(kg)
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    rows = [("nodes", summary["nodes"]), *((f"  {k}", n) for k, n in summary["nodes_by_kind"].items()),
            ("edges", summary["edges"]), *((f"  {k}", n) for k, n in summary["edges_by_relation"].items()),
            *((k, summary[k]) for k in ("articles", "stories", "reposts", "files", "mentions", "evidence")),
            ("skipped", len(summary["skipped"]))]
    table = pd.DataFrame(rows, columns=["what", "count"])
    if fmt == "csv":
        click.echo(table.to_csv(index=False), nl=False)
        return
    click.echo(format_table(table))
    for s in summary["skipped"]:
        click.echo(f"skipped {s['file']}: {s['reason']}")
