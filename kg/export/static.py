"""Static network maps for reports (PNG, SVG) drawn with matplotlib: CJK
labels in a CJK font, colours and legend shared with the other exports,
labels on the best-connected nodes only so the map stays readable."""
from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

import networkx as nx
from matplotlib import font_manager, patheffects
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kg.export import style
from kg.export.common import FontError, display_name
from kg.export.layout import layout as compute_layout

LABELLED_NODES = 25
CROWDED_NODES = 400
FIGURE_INCHES = (13, 9)
DPI = 150
_CJK_FILE = re.compile(r"cjk|wqy|sourcehan|notosanssc|simhei|msyh|pingfang", re.I)


def write(g: nx.MultiDiGraph, path: Path, *, fmt: str = "png", layout: str = "spring",
          title: str = "kg", **_) -> None:
    font = cjk_font()
    fig = draw(g, compute_layout(g, layout), title=title, font=font, geo=layout == "geo")
    fig.savefig(path, format=fmt, dpi=DPI, bbox_inches="tight", metadata=_metadata(fmt, title))


def draw(g: nx.MultiDiGraph, pos: dict, *, title: str, font: str, geo: bool = False) -> Figure:
    fig = Figure(figsize=FIGURE_INCHES, layout="constrained")
    ax = fig.add_subplot()
    text = {"family": font}
    handles = []
    by_relation: dict[str, list] = {}
    for u, v, k, d in g.edges(keys=True, data=True):
        if u in pos and v in pos and u != v:
            by_relation.setdefault(str(d.get("relation", k)), []).append((pos[u], pos[v]))
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
    outline = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    labels = [ax.annotate(display_name(n, g.nodes[n]), pos[n], fontsize=8, fontfamily=font, ha="center",
                          va="bottom", xytext=(0, 5), textcoords="offset points", path_effects=outline,
                          zorder=3, parse_math=False)  # a "$" in a name is text, not TeX
              for n, _ in sorted(g.degree(), key=lambda nd: (-nd[1], nd[0]))[: 2 * LABELLED_NODES]]
    ax.set_title(title, fontdict=text | {"size": 14}, parse_math=False)
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False,
                  prop={"family": font, "size": 8})
    ax.autoscale()
    ax.margins(0.05)
    if geo:
        mean_latitude = sum(y for _, y in pos.values()) / max(len(pos), 1)
        ax.set_aspect(1 / math.cos(math.radians(mean_latitude)), adjustable="datalim")
        ax.set_xlabel("longitude", fontdict=text)
        ax.set_ylabel("latitude", fontdict=text)
        ax.grid(alpha=0.2)
    else:
        ax.set_axis_off()
    _drop_overlapping(fig, labels)
    return fig


def _drop_overlapping(fig: Figure, labels: list) -> None:
    """Keep the labels of the best-connected nodes that do not overlap an
    already kept one, up to LABELLED_NODES."""
    fig.draw_without_rendering()
    kept = []
    for label in labels:
        box = label.get_window_extent()
        if len(kept) < LABELLED_NODES and not any(box.overlaps(k) for k in kept):
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
