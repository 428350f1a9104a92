"""``kg export FORMAT``: thin click over :func:`kg.export.export`."""
from __future__ import annotations

import warnings
from pathlib import Path

import click

from kg.export import FORMATS, LAYOUTS, ExportError, outputs
from kg.export import export as write_export


def _multi(name: str, help_: str):
    return click.option(name, multiple=True, metavar="VALUE", help=help_ + " Repeat or comma-separate.")


def _size(value: str | None) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        width, height = (float(v) for v in value.lower().split("x"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not WIDTHxHEIGHT in inches, e.g. 13x9") from None
    if not (0 < width <= 100 and 0 < height <= 100):
        raise click.BadParameter("width and height are inches between 0 and 100")
    return width, height


@click.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(FORMATS)))
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Output directory of 'kg build'.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write (a directory for csv and neo4j: only their own files in it are "
                   "written or replaced). Default: graph.FORMAT in the current directory.")
@_multi("--kind", "Keep nodes of this kind (org, mechanism, case …).")
@_multi("--relation", "Keep edges of this relation (cooperates_with …).")
@_multi("--org-type", "Keep organisations of this type (union, procuratorate …) and what they link to.")
@_multi("--province", "Keep organisations of this province (辽宁 or 辽宁省) and what they link to.")
@_multi("--level", "Keep organisations of this level (national, provincial, city, county …) and what they link to.")
@click.option("--min-weight", type=float, default=0, help="Keep edges seen in at least this many articles.")
@click.option("--since", metavar="YYYY-MM-DD", help="Keep edges reported on or after this date (undated ones go).")
@click.option("--until", metavar="YYYY-MM-DD", help="Keep edges reported on or before this date (undated ones go).")
@click.option("--ego", metavar="ORG", help="Keep the neighbourhood of ORG (name, alias or id).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Hops around --ego.")
@click.option("--top", type=click.IntRange(min=1), help="Keep the N nodes of highest degree.")
@click.option("--layout", type=click.Choice(LAYOUTS), default="spring", show_default=True,
              help="Node placement for html, png, svg and gexf (geo: by longitude/latitude).")
@click.option("--title", help="Title of the map (html, png, svg).")
@click.option("--labels", type=click.IntRange(min=0), help="png/svg: how many of the best-connected nodes are named.")
@click.option("--dpi", type=click.IntRange(min=30, max=1200), help="png: dots per inch (default 150).")
@click.option("--size", callback=lambda ctx, param, value: _size(value), metavar="WxH",
              help="png/svg: figure size in inches, e.g. 13x9.")
@click.option("--isolated/--no-isolated", default=None,
              help="Keep nodes with no edge. Default: maps (html, png, svg) leave them out.")
@_multi("--layers", "HTML map: layers shown from the start (mechanism, case, outcome, issue, group, document, "
        "place, links). Default: the non-org kinds of --kind; the others can be switched on in the map.")
@click.option("--force", is_flag=True,
              help="csv, neo4j: replace files of the same names in the directory even if kg did not write them.")
def export(fmt: str, graph_dir: Path, output: Path | None, **options) -> None:
    """Write the built graph as FORMAT: html (interactive map), graphml
    (Gephi), gexf, png or svg (static map), csv or json (tables), neo4j
    (import directory), sqlite (a database for Datasette, with full-text search). The filters apply to every format. The HTML map
    opens on the cooperation network of organisations; mechanisms, cases
    and outcomes are layers to switch on.

    \b
    Examples:
      kg export html -o map.html --province 辽宁 --since 2023-01-01
      kg export html -o map.html --top 300 --layers mechanism,case
      kg export png -o yingkou.png --ego 营口市总工会 --depth 2 --layout geo
      kg export svg -o map.svg --kind org --labels 40 --size 16x10 --title 合作网络
      kg export neo4j -o neo4j-import
      kg export sqlite -o kg.db          # then: datasette kg.db -m kg.metadata.json
    """
    from kg.cli.common import load_graph

    graph = load_graph(graph_dir)
    for key in ("kind", "relation", "org_type", "province", "level", "layers"):
        options[key] = [v.strip() for value in options[key] for v in value.split(",") if v.strip()]
    path = output or Path(f"graph.{fmt}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            written = write_export(graph, fmt, path, **options)
        except (ExportError, OSError) as exc:
            raise click.ClickException(str(exc)) from None
    for w in caught:
        if issubclass(w.category, UserWarning):
            click.echo(f"warning: {w.message}", err=True)
    click.echo(f"wrote {written}")
    if fmt == "sqlite":
        meta = outputs(fmt, written)[1]
        click.echo(f"wrote {meta}; browse with: datasette {written} -m {meta}")


@click.command()
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Output directory of 'kg build'.")
@click.option("--org", metavar="NAME", help="Report on this organisation (name, alias or id).")
@click.option("--province", metavar="NAME", help="Report on the organisations of this province (辽宁 or 辽宁省).")
@click.option("--mechanism", metavar="NAME", help="Report on this mechanism and the organisations using it.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("report.html"), show_default=True,
              help="HTML file to write.")
def report(graph_dir: Path, org: str | None, province: str | None, mechanism: str | None, output: Path) -> None:
    """Write a printable HTML report in Chinese on one organisation,
    province or mechanism: key figures, the network map, partners with their
    number of stories, mechanisms, cases with outcomes, and the evidence
    sentence with its article's title and file under every statement. It
    works offline; print it to PDF from a browser.

    \b
    Examples:
      kg report --org 营口市总工会 -o report.html
      kg report --province 辽宁 -o liaoning.html
      kg report --mechanism 一函两书 -o yihan.html
    """
    from kg.cli.common import load_graph
    from kg.export import report as reports
    from kg.export.common import FontError

    graph = load_graph(graph_dir)
    try:
        written = reports.write(graph, output, reports.subject(graph, org=org, province=province, mechanism=mechanism))
    except (reports.ReportError, FontError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {written}")
