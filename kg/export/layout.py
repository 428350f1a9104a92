"""Node positions for the exports that carry a layout (GEXF, static maps,
large HTML maps). ``spring`` scales to many thousand nodes; ``geo`` places
organisations at their division's longitude/latitude (cpca's gazetteer)."""
from __future__ import annotations

import math
from functools import cache

import networkx as nx
import numpy as np

from kg.divisions import adcodes

LAYOUTS = ("spring", "kamada-kawai", "geo")
EXACT_SPRING_MAX = 500  # networkx's O(n²) spring layout below this size
KAMADA_KAWAI_MAX = 1000

Positions = dict[str, tuple[float, float]]


class LayoutError(ValueError):
    pass


def layout(g: nx.MultiDiGraph, method: str = "spring", seed: int = 7) -> Positions:
    """Positions in a box about [-1, 1]² (degrees for ``geo``)."""
    if g.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(g.to_undirected(as_view=True))
    if method == "spring":
        return spring(simple, seed)
    if method == "kamada-kawai":
        if len(simple) > KAMADA_KAWAI_MAX:
            raise LayoutError(f"kamada-kawai is limited to {KAMADA_KAWAI_MAX} nodes and this graph has "
                              f"{len(simple)}: use --layout spring or fewer nodes (--top)")
        return _as_tuples(nx.kamada_kawai_layout(simple))
    if method == "geo":
        return geo(g, simple, seed)
    raise LayoutError(f"unknown layout {method!r} (one of {', '.join(LAYOUTS)})")


def boxed(g: nx.MultiDiGraph, method: str = "spring") -> Positions:
    """:func:`layout` scaled into [-1, 1]² (a geo map keeps its aspect), for
    the formats that carry positions in their own units."""
    return normalised(layout(g, method))


def spring(simple: nx.Graph, seed: int = 7) -> Positions:
    """Each connected component laid out alone (area ∝ its size) and the
    components packed in rows, largest first: isolated nodes then sit beside
    the network instead of being pushed to the edges of the picture."""
    boxes = []
    for comp in sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c))):
        sub = simple.subgraph(sorted(comp))
        if len(sub) == 1:
            pos = {next(iter(sub)): (0.0, 0.0)}
        else:
            pos = nx.spring_layout(sub, seed=seed) if len(sub) <= EXACT_SPRING_MAX else grid_spring(sub, seed)
        boxes.append((math.sqrt(len(sub)), _as_tuples(pos)))
    row_width = 1.3 * math.sqrt(sum((2 * r) ** 2 for r, _ in boxes))
    placed: Positions = {}
    x = y = row_height = 0.0
    for r, pos in boxes:
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for n, (px, py) in pos.items():
            placed[n] = (x + r + 0.9 * r * px, y - r + 0.9 * r * py)
        x, row_height = x + 2 * r, max(row_height, 2 * r)
    return normalised(placed)


def grid_spring(simple: nx.Graph, seed: int = 7, iterations: int = 40, cutoff: float = 1.5) -> Positions:
    """Fruchterman–Reingold with the grid variant's cut-off: nodes repel only
    within ``cutoff``·k (found with a k-d tree), so one iteration is O(n + m),
    not O(n²)."""
    from scipy.spatial import cKDTree  # only large graphs need it; keeps import kg.export light

    nodes = list(simple)
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float32)
    edges = np.array([(index[u], index[v]) for u, v in simple.edges() if u != v], dtype=int).reshape(-1, 2)
    k = 1 / math.sqrt(n)
    step = 0.1
    for it in range(iterations):
        disp = np.zeros_like(pos)
        pairs = cKDTree(pos).query_pairs(cutoff * k, output_type="ndarray")
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.maximum(np.linalg.norm(delta, axis=1), 0.01 * k)[:, None]
            disp += _scatter(pairs, delta / dist * (k * k / dist), n)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.maximum(np.linalg.norm(delta, axis=1), 0.01 * k)[:, None]
            disp -= _scatter(edges, delta * dist / k, n)
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)[:, None]
        pos += disp / length * np.minimum(length, step * (1 - it / iterations))
    return normalised({node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos)})


def geo(g: nx.MultiDiGraph, simple: nx.Graph, seed: int = 7, spread: float = 0.08) -> Positions:
    """Located nodes at their coordinates (nodes sharing a place spread on a
    small sunflower), the others at the mean of their placed neighbours,
    those with none in a row under the map."""
    places: dict[tuple[float, float], list[str]] = {}
    for n, d in g.nodes(data=True):
        xy = coordinates(d)
        if xy:
            places.setdefault(xy, []).append(n)
    pos: Positions = {}
    for (x, y), members in places.items():
        for i, n in enumerate(sorted(members)):
            r, a = spread * math.sqrt(i), i * 2.39996
            pos[n] = (x + r * math.cos(a), y + r * math.sin(a))
    rng = np.random.default_rng(seed)
    for _ in range(3):  # spread outwards from the located nodes, ring by ring
        todo = [n for n in simple if n not in pos]
        for n in todo:
            near = [pos[m] for m in simple[n] if m in pos]
            if near:
                x, y = np.mean(near, axis=0) + rng.normal(0, 0.15, 2)
                pos[n] = (float(x), float(y))
    rest = sorted(n for n in simple if n not in pos)
    if rest:
        xs, ys = zip(*pos.values()) if pos else ((100.0, 120.0), (30.0, 30.0))
        left, width, bottom = min(xs), max(max(xs) - min(xs), 1.0), min(ys) - 2.0
        for i, n in enumerate(rest):
            pos[n] = (left + width * (i + 0.5) / len(rest), bottom)
    return pos


GEO_LATITUDE = 35.0  # the map's standard parallel: China's middle latitude


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular projection at GEO_LATITUDE: one shared by the points
    and the base map, so that distances east–west look right in China."""
    return lon * math.cos(math.radians(GEO_LATITUDE)), lat


def geo_projected(g: nx.MultiDiGraph, spread: float = 0.08) -> Positions:
    """:func:`geo` positions projected with :func:`project`; agencies of one
    place sit on a small sunflower ``spread`` degrees apart."""
    simple = nx.Graph(g.to_undirected(as_view=True))
    return {n: project(x, y) for n, (x, y) in geo(g, simple, spread=spread).items()} if len(g) else {}


def coordinates(attrs: dict) -> tuple[float, float] | None:
    """(longitude, latitude) of a node's division: by adcode (then its city,
    then its province), else by the name of its county, city or province."""
    by_code, by_name = _gazetteer()
    code = str(attrs.get("adcode") or "").strip()[:6]
    if code.isdigit() and len(code) == 6:
        for key in (code, code[:4] + "00", code[:2] + "0000"):
            if key in by_code:
                return by_code[key]
    for key in ("county", "city", "province"):
        name = attrs.get(key)
        if isinstance(name, str) and name in by_name:
            return by_name[name]
    return None


@cache
def _gazetteer() -> tuple[dict, dict]:
    by_code, by_name = {}, {}
    for row in adcodes():
        if row.longitude is None or row.latitude is None:
            continue
        xy = (row.longitude, row.latitude)
        by_code[row.adcode] = xy
        by_name.setdefault(row.name, xy)
    return by_code, by_name


def _scatter(pairs: np.ndarray, force: np.ndarray, n: int) -> np.ndarray:
    """Per-node sum of +force on each pair's first node and -force on its second."""
    return np.stack([np.bincount(pairs[:, 0], force[:, d], n) - np.bincount(pairs[:, 1], force[:, d], n)
                     for d in (0, 1)], axis=1)


def normalised(pos: Positions) -> Positions:
    """Centred and scaled into [-1, 1]², aspect kept."""
    if not pos:
        return {}
    xy = np.array(list(pos.values()), dtype=float).reshape(-1, 2)
    xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2
    xy /= max(np.abs(xy).max(), 1e-9)
    return {n: (float(x), float(y)) for n, (x, y) in zip(pos, xy)}


def _as_tuples(pos: dict) -> Positions:
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}
