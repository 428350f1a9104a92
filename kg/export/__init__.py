"""Exports of a built graph: one module per format, the same filters for all.

>>> from kg.export import export
>>> export(kg.load("out"), "png", "map.png", kind=["org"], top=40)   # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from kg.errors import OutputError
from kg.export.common import FontError, atomic_dir, atomic_file
from kg.export.filters import FilterError, Filters, apply
from kg.export.layout import LAYOUTS, LayoutError

# format → (module kg.export.<module> whose write() makes it, writes a directory?)
FORMATS: dict[str, tuple[str, bool]] = {
    "html": ("html", False),
    "graphml": ("graphml", False),
    "gexf": ("gexf", False),
    "png": ("static", False),
    "svg": ("static", False),
    "csv": ("tables", True),
    "json": ("tables", False),
    "neo4j": ("neo4j", True),
    "sqlite": ("sqlite", False),
}


#: formats that draw a map: they leave out nodes with no edge unless asked
MAPS = frozenset({"html", "png", "svg"})


class ExportError(ValueError):
    """An export that cannot be written as asked (unknown format, bad filter …)."""


DEFAULT_TITLE = "机构合作网络 · kg"


def export(kg, fmt: str, path: str | Path, *, layout: str = "spring", title: str | None = None,
           isolated: bool | None = None, layers: tuple[str, ...] = (), force: bool = False,
           labels: int | None = None, dpi: int | None = None, size: tuple[float, float] | None = None,
           **filters) -> Path:
    """Write ``kg`` (a :class:`kg.api.KnowledgeGraph`) as ``fmt`` to ``path``,
    keeping what ``filters`` (see :class:`kg.export.filters.Filters`) keep.

    ``layout`` (spring, kamada-kawai, geo) places the nodes of the formats
    that carry positions; ``csv`` and ``neo4j`` write their files into the
    directory ``path``, replacing only their own (``force`` replaces files of
    the same names that kg did not write) and touching nothing else.
    Maps (html, png, svg) leave out nodes with no edge (articles, side
    figures) unless ``isolated`` is True; the other formats keep them unless
    it is False. Static maps (png, svg) take ``labels`` (how many nodes are
    named), ``dpi`` and ``size`` (inches, width × height). The write is
    atomic: the old ``path`` stays until the new one is complete, and so are
    the files that go with it (:func:`outputs`). On the HTML map
    organisations and their cooperation show first; ``layers`` (mechanism,
    case, outcome …, by default the non-org kinds asked for with ``kind``)
    are switched on from the start."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    path = Path(path)
    module, is_dir = FORMATS[fmt]
    writer_module = import_module(f"kg.export.{module}")
    writer: Callable = writer_module.write
    try:
        f = Filters.of(**filters)
        g = apply(kg.graph, f)
        if not (fmt not in MAPS if isolated is None else isolated) and g.number_of_edges():
            g = g.subgraph(n for n in g if g.degree(n)).copy()
        target = atomic_dir(path, writer_module.signature, force) if is_dir else atomic_file(path)
        with target as tmp:
            writer(g, tmp, kg=kg, fmt=fmt, layout=layout, title=title or DEFAULT_TITLE, isolated=isolated,
                   layers=tuple(layers) or tuple(k for k in f.kind if k != "org"),
                   labels=labels, dpi=dpi, size=size)
        for extra, write in _beside(writer_module, path).items():
            with atomic_file(extra) as tmp:
                write(tmp)
    except (FilterError, LayoutError, FontError, OutputError) as exc:
        raise ExportError(str(exc)) from None
    return path


def outputs(fmt: str, path: str | Path) -> list[Path]:
    """The files ``export(kg, fmt, path)`` writes: ``path``, then those its
    format writes beside it (sqlite: Datasette's ``kg.metadata.json``)."""
    path = Path(path)
    return [path, *_beside(import_module(f"kg.export.{FORMATS[fmt][0]}"), path)]


def _beside(module, path: Path) -> dict[Path, Callable[[Path], None]]:
    """A format module's ``beside(path)``: {file: its writer}, if it has one."""
    return module.beside(path) if hasattr(module, "beside") else {}


__all__ = ["FORMATS", "LAYOUTS", "ExportError", "export", "outputs"]
