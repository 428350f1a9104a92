"""Colours and sizes shared by every export, so the HTML map, the static map
and Gephi (GraphML/GEXF) show the same picture. The palette is data:
``style.json`` beside this module."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import networkx as nx


@dataclass(frozen=True)
class EdgeStyle:
    color: str
    dashes: bool
    width: float


@cache
def palette() -> dict:
    return json.loads(resources.files(__package__).joinpath("style.json").read_text(encoding="utf-8"))


def node_color(attrs: dict) -> str:
    """Organisations by agency type, every other node by its kind."""
    p = palette()
    if attrs.get("kind") == "org" and attrs.get("org_type") in p["org_type"]:
        return p["org_type"][attrs["org_type"]]
    return p["kind"].get(attrs.get("kind"), p["default_color"])


def node_shape(attrs: dict) -> str:
    """vis-network shape of a node's kind: organisations are dots, the
    layers differ by shape as well as colour."""
    return palette()["shape"].get(attrs.get("kind"), "dot")


def node_group(attrs: dict) -> str:
    """The legend entry of a node: ``org:union`` … or its kind."""
    if attrs.get("kind") == "org" and attrs.get("org_type") in palette()["org_type"]:
        return f"org:{attrs['org_type']}"
    return str(attrs.get("kind", ""))


def edge_style(relation: str) -> EdgeStyle:
    p = palette()
    return EdgeStyle(**p["relation"].get(relation, {"color": p["default_color"], "dashes": False, "width": 1.0}))


def rgb(color: str) -> tuple[int, int, int]:
    """``#d55e00`` → (213, 94, 0), for Gephi's r/g/b attributes."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def node_sizes(g: nx.MultiDiGraph) -> dict[str, float]:
    """Size grows with the square root of the degree, so hubs stand out
    without drowning the rest."""
    lo, hi = palette()["node_size"]["min"], palette()["node_size"]["max"]
    degree = dict(g.degree())
    top = math.sqrt(max(degree.values(), default=0)) or 1.0
    return {n: round(lo + (hi - lo) * math.sqrt(d) / top, 2) for n, d in degree.items()}


def label(key: str) -> str:
    """What a legend shows for a group or relation key: ``org:union`` → ``工会 union``."""
    return palette()["labels"].get(key, key)


def legend(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """(label, colour) of the node groups present in ``g``, in palette order."""
    p = palette()
    present = {node_group(d) for _, d in g.nodes(data=True)}
    entries = [(f"org:{t}", c) for t, c in p["org_type"].items()] + list(p["kind"].items())
    return [(label(group), color) for group, color in entries if group in present]


def cjk_font_names() -> list[str]:
    return list(palette()["cjk_fonts"])
