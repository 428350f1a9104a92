"""Static network maps for reports (PNG, SVG) drawn with matplotlib: CJK
labels in a CJK font, colours and legend shared with the other exports,
labels on the best-connected nodes only so the map stays readable. SVG
keeps labels as ``<text>`` in the named CJK font, so they can be edited and
searched; a geo map is drawn on the province outlines of China."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import networkx as nx
from matplotlib import font_manager, rc_context
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kg.export import style
from kg.export.common import FontError, display_name
from kg.export.basemap import draw_basemap
from kg.export.layout import geo_projected
from kg.export.layout import layout as compute_layout

LABELLED_NODES = 25
CROWDED_NODES = 400
FIGURE_INCHES = (13, 9)
DPI = 150
_CJK_FILE = re.compile(r"cjk|wqy|sourcehan|notosanssc|simhei|msyh|pingfang", re.I)


def write(g: nx.MultiDiGraph, path: Path, *, fmt: str = "png", layout: str = "spring",
          title: str = "kg", labels: int | None = None, dpi: int | None = None,
          size: tuple[float, float] | None = None, **_) -> None:
    font = cjk_font()
    pos = geo_projected(g) if layout == "geo" else compute_layout(g, layout)
    fig = draw(g, pos, title=title, font=font, geo=layout == "geo",
               labels=LABELLED_NODES if labels is None else labels, size=size or FIGURE_INCHES)
    save(fig, path, fmt, title, dpi or DPI)


def save(fig: Figure, path, fmt: str, title: str, dpi: int = DPI) -> None:
    """PNG at ``dpi``, or SVG whose labels stay text in the CJK font."""
    with rc_context({"svg.fonttype": "none"}):
        fig.savefig(path, format=fmt, dpi=dpi, bbox_inches="tight", metadata=_metadata(fmt, title))


def draw(g: nx.MultiDiGraph, pos: dict, *, title: str, font: str, geo: bool = False,
         labels: int = LABELLED_NODES, size: tuple[float, float] = FIGURE_INCHES) -> Figure:
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    text = {"family": font}
    if geo:
        draw_basemap(ax, (str(d.get("province", "")) for _, d in g.nodes(data=True)))
    handles = []
    by_relation: dict[str, list] = {}
    for u, v, k, d in g.edges(keys=True, data=True):
        if u in pos and v in pos and u != v:
            by_relation.setdefault(str(d.get("relation", k)), []).append(
                _arc(pos[u], pos[v]) if geo else (pos[u], pos[v]))
    for relation, segments in sorted(by_relation.items()):
        s = style.edge_style(relation)
        ax.add_collection(LineCollection(segments, colors=s.color, linewidths=s.width * 0.6,
                                         linestyles="--" if s.dashes else "-", alpha=0.55, zorder=1))
        handles.append(Line2D([], [], color=s.color, lw=s.width, ls="--" if s.dashes else "-", label=style.label(relation)))
    nodes = list(g)
    if nodes:
        sizes = style.node_sizes(g)
        shrink = min(1.0, CROWDED_NODES / len(nodes))  # many nodes: smaller dots
        ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes],
                   s=[sizes[n] ** 2 / 3 * shrink for n in nodes], c=[style.node_color(g.nodes[n]) for n in nodes],
                   edgecolors="white", linewidths=0.4, zorder=2)
    for group, color in style.legend(g):
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor=color, markeredgecolor="white",
                              markersize=8, label=group))
    # a white box, not a stroke: path effects would turn SVG text into outlines
    halo = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
    texts = [ax.annotate(display_name(n, g.nodes[n]), pos[n], fontsize=8, fontfamily=font, ha="center",
                         va="bottom", xytext=(0, 5), textcoords="offset points", bbox=halo,
                         zorder=3, parse_math=False)  # a "$" in a name is text, not TeX
             for n, _ in sorted(g.degree(), key=lambda nd: (-nd[1], nd[0]))[: 2 * labels]]
    ax.set_title(title, fontdict=text | {"size": 14}, parse_math=False)
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False,
                  prop={"family": font, "size": 8})
    ax.autoscale()
    ax.margins(0.05)
    if geo:
        ax.set_aspect("equal", adjustable="datalim")
    ax.set_axis_off()
    _drop_overlapping(fig, texts, labels)
    return fig


def _arc(a: tuple[float, float], b: tuple[float, float], bend: float = 0.2, steps: int = 16) -> list:
    """Points of a quadratic curve from ``a`` to ``b`` bowed to one side, so
    that cooperation between places reads as arcs over the base map."""
    (ax_, ay), (bx, by) = a, b
    cx, cy = (ax_ + bx) / 2 - bend * (by - ay), (ay + by) / 2 + bend * (bx - ax_)
    return [((1 - t) ** 2 * ax_ + 2 * (1 - t) * t * cx + t * t * bx,
             (1 - t) ** 2 * ay + 2 * (1 - t) * t * cy + t * t * by)
            for t in (i / steps for i in range(steps + 1))]


def _drop_overlapping(fig: Figure, texts: list, limit: int) -> None:
    """Keep the labels of the best-connected nodes that do not overlap an
    already kept one, up to ``limit``."""
    fig.draw_without_rendering()
    kept = []
    for label in texts:
        box = label.get_window_extent()
        if len(kept) < limit and not any(box.overlaps(k) for k in kept):
            kept.append(box)
        else:
            label.remove()


@cache
def cjk_font() -> str:
    """The family name of an installed font with Chinese glyphs (the first of
    style.json's list), registering system CJK fonts matplotlib's cache missed."""
    for attempt in range(2):
        names = {f.name for f in font_manager.fontManager.ttflist}
        for name in style.cjk_font_names():
            if name in names:
                return name
        if attempt == 0:
            for file in font_manager.findSystemFonts():
                if _CJK_FILE.search(Path(file).name):
                    font_manager.fontManager.addfont(file)
    raise FontError("no font with Chinese glyphs found for png/svg maps: install one "
                    "(Debian: apt-get install fonts-noto-cjk, or run 'make system-deps')")


def _metadata(fmt: str, title: str) -> dict:
    return {"Title": title, "Software": "kg"} if fmt == "png" else {"Title": title, "Creator": "kg"}
