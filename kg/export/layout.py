"""Node positions for the exports that carry a layout (GraphML, GEXF, static
and HTML maps): one layout per graph, computed on the organisation network.

What a reader looks at is the cooperation network of organisations, so that
is what is laid out (Fruchterman–Reingold on each connected component: igraph's
on small ones, repulsion from the nearest nodes only on large ones; the
components packed in rows, largest first); a graph without
cooperation is laid out whole. Organisations with no partner sit in a block
under the network, every other node (cases, mechanisms, outcomes …) beside
the nodes it is linked to, ring by ring. The network's layout is computed
once per process for the same network (the HTML map and the GraphML of a
build share it), from sorted nodes and edges and a fixed seed: the same graph
gets the same positions whatever ``PYTHONHASHSEED`` is. ``geo`` places
organisations at their division's longitude/latitude (cpca's gazetteer)."""
from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache

import networkx as nx
import numpy as np

from kg.divisions import adcodes

LAYOUTS = ("spring", "kamada-kawai", "geo")
KAMADA_KAWAI_MAX = 1000
BASE_KIND = "org"
BASE_RELATION = "cooperates_with"
SEED = 7
ITERATIONS = 200  # igraph's Fruchterman–Reingold steps on a component of up to EXACT_MAX nodes
EXACT_MAX = 1000  # larger components: nearest_spring, O(n log n) a step
NEAREST_ITERATIONS = 60
NEIGHBOURS = 8  # nodes that push each node in nearest_spring
STEP = 0.1  # nearest_spring's largest first move, in the unit square (cools linearly)
GOLDEN_ANGLE = 2.39996  # radians between successive nodes of a sunflower

Positions = dict[str, tuple[float, float]]


class LayoutError(ValueError):
    pass


def layout(g: nx.MultiDiGraph, method: str = "spring", seed: int = SEED,
           nodes: Iterable[str] | None = None) -> Positions:
    """Positions of the nodes of ``g`` (of ``nodes`` only, when given: the
    network is still that of all ``g``) in a box about [-1, 1]² (degrees for ``geo``)."""
    if method not in LAYOUTS:
        raise LayoutError(f"unknown layout {method!r} (one of {', '.join(LAYOUTS)})")
    if g.number_of_nodes() == 0:
        return {}
    if method == "geo":
        return geo(g, seed=seed)
    base, edges = base_network(g)
    if method == "kamada-kawai" and len(base) > KAMADA_KAWAI_MAX:
        raise LayoutError(f"kamada-kawai is limited to {KAMADA_KAWAI_MAX} nodes and this graph's "
                          f"{'organisation network' if len(base) < len(g) else 'network'} has "
                          f"{len(base)}: use --layout spring or fewer nodes (--top)")
    wanted = set(g) if nodes is None else set(nodes) & set(g)
    pos = {n: xy for n, xy in network_layout(tuple(base), tuple(edges), method, seed).items() if n in wanted}
    pos.update(_block([n for n in base if n in wanted and n not in pos], below=pos))
    pos.update(beside(g, pos, sorted(wanted - set(pos))))
    pos.update(_block(sorted(wanted - set(pos)), below=pos))
    return normalised(pos)


def boxed(g: nx.MultiDiGraph, method: str = "spring") -> Positions:
    """:func:`layout` scaled into [-1, 1]² (a geo map keeps its aspect), for
    the formats that carry positions in their own units."""
    return normalised(layout(g, method))


def base_network(g: nx.MultiDiGraph) -> tuple[list[str], list[tuple[str, str]]]:
    """The network the layout is computed on, sorted: organisations and their
    cooperation, or the whole graph when it has no cooperation."""
    orgs = {n for n, kind in g.nodes(data="kind") if kind == BASE_KIND}
    edges = {_pair(u, v) for u, v, rel in g.edges(keys=True)
             if rel == BASE_RELATION and u != v and u in orgs and v in orgs}
    if not edges:
        return sorted(g), sorted({_pair(u, v) for u, v in g.edges() if u != v})
    return sorted(orgs), sorted(edges)


def _pair(u: str, v: str) -> tuple[str, str]:
    return (u, v) if u <= v else (v, u)


@lru_cache(maxsize=4)
def network_layout(nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...], method: str = "spring",
                   seed: int = SEED) -> Positions:
    """The linked nodes of a network (sorted nodes, sorted edges): each
    connected component laid out alone (area ∝ its size), the components
    packed in rows, largest first. Cached: the exports of one build share it."""
    simple = nx.Graph(edges)
    comps = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    which = {n: i for i, comp in enumerate(comps) for n in comp}
    comp_edges: list[list[tuple[str, str]]] = [[] for _ in comps]
    for e in edges:
        comp_edges[which[e[0]]].append(e)
    return _pack([(math.sqrt(len(comp)), _component(comp, comp_edges[i], method, seed))
                  for i, comp in enumerate(comps)])


def _component(nodes: list[str], edges: list[tuple[str, str]], method: str, seed: int) -> Positions:
    """One connected component in [-1, 1]²."""
    if len(nodes) <= 2:
        return {n: (2.0 * i - 1.0, 0.0) for i, n in enumerate(nodes)}
    if method == "kamada-kawai":
        sub = nx.Graph(edges)
        return normalised({n: tuple(sub_pos) for n, sub_pos in nx.kamada_kawai_layout(sub).items()})
    index = {n: i for i, n in enumerate(nodes)}
    pairs = [(index[u], index[v]) for u, v in edges]
    if len(nodes) > EXACT_MAX:
        return normalised({n: (float(x), float(y)) for n, (x, y) in zip(nodes, nearest_spring(len(nodes), pairs, seed))})
    import igraph  # only laid-out exports need it: keeps import kg.export light

    graph = igraph.Graph(n=len(nodes), edges=pairs)
    start = np.random.default_rng(seed).random((len(nodes), 2)) * math.sqrt(len(nodes))
    igraph.set_random_number_generator(random.Random(seed))  # FR jitters coincident nodes
    try:
        coords = graph.layout_fruchterman_reingold(seed=start.tolist(), niter=ITERATIONS, grid="auto").coords
    finally:
        igraph.set_random_number_generator(random)
    return normalised({n: (x, y) for n, (x, y) in zip(nodes, coords)})


def nearest_spring(n: int, edges: list[tuple[int, int]], seed: int = SEED, iterations: int = NEAREST_ITERATIONS,
                   neighbours: int = NEIGHBOURS) -> np.ndarray:
    """Fruchterman–Reingold in which each node is pushed only by its
    ``neighbours`` nearest nodes (a k-d tree query): every step costs
    O(n log n) however dense the hubs are, where a distance cut-off (the
    grid variant, igraph's) grows to O(n²) in a hub's crowd."""
    from scipy.spatial import cKDTree  # only large components need it

    pos = np.random.default_rng(seed).random((n, 2))
    pairs = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    k = 1 / math.sqrt(n)  # the ideal distance in the unit square
    near = min(neighbours, n - 1)
    pushed = np.repeat(np.arange(n), near)
    for it in range(iterations):
        _, found = cKDTree(pos).query(pos, near + 1)
        pushers = found[:, 1:].ravel()
        delta, dist = _apart(pos, pushed, pushers, k)
        disp = _sums(pushed, delta / dist * (k * k / dist), n)
        delta, dist = _apart(pos, pairs[:, 0], pairs[:, 1], k)
        pull = delta * dist / k
        disp -= _sums(pairs[:, 0], pull, n) - _sums(pairs[:, 1], pull, n)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)[:, None]
        pos += disp / length * np.minimum(length, STEP * (1 - it / iterations))
    return pos


def _apart(pos: np.ndarray, a: np.ndarray, b: np.ndarray, k: float) -> tuple[np.ndarray, np.ndarray]:
    """Vectors from each b to its a, and their lengths (at least k/100)."""
    delta = pos[a] - pos[b]
    return delta, np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01 * k)[:, None]


def _sums(index: np.ndarray, force: np.ndarray, n: int) -> np.ndarray:
    """Per-node sum of the forces on the nodes ``index`` names."""
    return np.stack([np.bincount(index, force[:, d], n) for d in (0, 1)], axis=1)


def _pack(boxes: list[tuple[float, Positions]]) -> Positions:
    """Components (half-width r, positions in [-1, 1]²) set in rows under each other."""
    row_width = 1.3 * math.sqrt(sum((2 * r) ** 2 for r, _ in boxes))
    placed: Positions = {}
    x = y = row_height = 0.0
    for r, pos in boxes:
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for n, (px, py) in pos.items():
            placed[n] = (x + r + 0.9 * r * px, y - r + 0.9 * r * py)
        x, row_height = x + 2 * r, max(row_height, 2 * r)
    return placed


def _block(nodes: list[str], below: Positions) -> Positions:
    """``nodes`` on a square grid under what is ``below`` (or alone), one unit apart."""
    if not nodes:
        return {}
    side = math.ceil(math.sqrt(len(nodes)))
    xs, ys = zip(*below.values()) if below else ((0.0,), (1.0,))
    left, top = min(xs), min(ys) - 2.0
    return {n: (left + i % side, top - i // side) for i, n in enumerate(nodes)}


def beside(g: nx.MultiDiGraph, pos: Positions, todo: list[str], spread: float = 0.6) -> Positions:
    """Those of ``todo`` linked to placed nodes, ring by ring: on a small
    sunflower around the mean of their placed neighbours, in ``todo``'s order."""
    placed = dict(pos)
    while todo:
        ring = {}
        for n in todo:
            near = [placed[m] for m in sorted(set(nx.all_neighbors(g, n))) if m in placed]
            if near:
                ring[n] = (sum(x for x, _ in near) / len(near), sum(y for _, y in near) / len(near))
        if not ring:
            break
        count: dict[tuple, int] = defaultdict(int)
        for n, (cx, cy) in ring.items():
            key = (round(cx, 6), round(cy, 6))
            i = count[key] = count[key] + 1
            r, a = spread * math.sqrt(i), i * GOLDEN_ANGLE
            placed[n] = (cx + r * math.cos(a), cy + r * math.sin(a))
        todo = [n for n in todo if n not in ring]
    return {n: xy for n, xy in placed.items() if n not in pos}


def geo(g: nx.MultiDiGraph, seed: int = SEED, spread: float = 0.08) -> Positions:
    """Located nodes at their coordinates (nodes sharing a place spread on a
    small sunflower), the others at the mean of their placed neighbours,
    those with none in a row under the map."""
    places: dict[tuple[float, float], list[str]] = {}
    for n in sorted(g):
        xy = coordinates(g.nodes[n])
        if xy:
            places.setdefault(xy, []).append(n)
    pos: Positions = {}
    for (x, y), members in places.items():
        for i, n in enumerate(members):
            r, a = spread * math.sqrt(i), i * GOLDEN_ANGLE
            pos[n] = (x + r * math.cos(a), y + r * math.sin(a))
    rng = np.random.default_rng(seed)
    for _ in range(3):  # spread outwards from the located nodes, ring by ring
        for n in sorted(n for n in g if n not in pos):
            near = [pos[m] for m in sorted(nx.all_neighbors(g, n)) if m in pos]
            if near:
                x, y = np.mean(near, axis=0) + rng.normal(0, 0.15, 2)
                pos[n] = (float(x), float(y))
    rest = sorted(n for n in g if n not in pos)
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
    return {n: project(x, y) for n, (x, y) in geo(g, spread=spread).items()} if len(g) else {}


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


def normalised(pos: Positions) -> Positions:
    """Centred and scaled into [-1, 1]², aspect kept."""
    if not pos:
        return {}
    xy = np.array(list(pos.values()), dtype=float).reshape(-1, 2)
    xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2
    xy /= max(np.abs(xy).max(), 1e-9)
    return {n: (float(x), float(y)) for n, (x, y) in zip(pos, xy)}
