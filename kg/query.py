"""Graph queries (DESIGN §6): who works with whom, through which mechanisms,
in which cases, with what outcomes.

Plain functions, networkx style: each takes a :class:`~kg.api.KnowledgeGraph`
(or, when the graph alone is enough, its networkx ``MultiDiGraph``) and returns
a pandas DataFrame, so the CLI, notebooks and scripts share one implementation.
Names given by a user are resolved with :func:`find_node`, which accepts
canonical names, aliases and abbreviations.

>>> import kg, kg.query as q
>>> g = kg.load("out")                                  # doctest: +SKIP
>>> q.partners(g, "营口市总")[["partner", "relation"]]   # doctest: +SKIP
"""
from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from itertools import islice

import networkx as nx
import pandas as pd

from kg.abbreviations import abbreviations as read_abbreviations
from kg.graph import LIST_SEPARATOR, blank

ORG_TYPES = ("union", "procuratorate", "court", "hr_social_security", "justice", "audit",
             "government", "agency", "party", "legislature", "enterprise", "education",
             "association", "other")
LEVELS = ("national", "provincial", "city", "county", "township", "grassroots", "none")
NODE_KINDS = ("org", "mechanism", "case", "issue", "group", "outcome", "document", "place")
#: org → org relations that count as cooperation; only the first is symmetric.
COOPERATION = ("cooperates_with", "refers_clue_to", "recommends_to")
SYMMETRIC = frozenset({"cooperates_with"})
#: how a case meets its organisations (involved_in), mechanisms (applies), issues and groups (concerns)
CASE_RELATIONS = ("involved_in", "applies", "concerns")
MEASURES = ("degree", "betweenness", "eigenvector")


def edge_key(u: str, v: str, relation: str) -> tuple[str, str, str]:
    """One key for an edge however it is stored: a symmetric relation's two
    directions are the same edge."""
    return (min(u, v), max(u, v), relation) if relation in SYMMETRIC else (u, v, relation)


class NameLookupError(LookupError):
    """A user's name does not point at exactly one node; the one-line message
    lists ``candidates`` so the user can pick one."""

    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates


class UnknownName(NameLookupError):
    """No node answers to the name; candidates are the closest names."""


class AmbiguousName(NameLookupError):
    """Several nodes answer to the name; candidates are their labels."""


def as_graph(g) -> nx.MultiDiGraph:
    """The networkx graph of a KnowledgeGraph, or ``g`` itself."""
    return g if isinstance(g, nx.Graph) else g.graph


def node_attrs(kg, ids: Iterable[str] | None = None, kinds: Iterable[str] | None = None) -> dict[str, dict]:
    """{id: attributes without blanks} of the nodes ``ids`` (or of ``kinds``)
    of a KnowledgeGraph, looked up in its store (no graph is built)."""
    where = {"id": list(ids)} if ids is not None else {"kind": list(kinds)} if kinds is not None else {}
    return _by_id(kg.lookup("nodes", **where))


def _by_id(nodes: pd.DataFrame) -> dict[str, dict]:
    return {row["id"]: {k: v for k, v in row.items() if k != "id" and not blank(v)}
            for row in nodes.to_dict("records")}


def _attrs(g, node: str) -> dict:
    """A node's attributes in a networkx graph, an {id: attributes} mapping
    or a KnowledgeGraph."""
    if isinstance(g, nx.Graph):
        return g.nodes[node]
    if isinstance(g, Mapping):
        return g[node]
    return node_attrs(g, [node])[node]


# --- names -----------------------------------------------------------------


@cache
def abbreviations() -> tuple[tuple[str, str], ...]:
    """(short, long) forms of the extraction's abbreviation table (市总 →
    市总工会), longest short form first, so the longest ending is spelt out."""
    return tuple(sorted(read_abbreviations().items(), key=lambda pair: (-len(pair[0]), pair[0])))


def name_forms(name: str, provinces: Iterable[str] = ()) -> list[str]:
    """What a user may mean by ``name``: itself, without a province prefix
    (canonical names leave the province out), and with its abbreviated ending
    spelt out (营口市检察院 → 营口市人民检察院)."""
    name = name.strip()
    prefixes = sorted({p for pr in provinces for p in (pr, pr.removesuffix("省")) if p}, key=len, reverse=True)
    forms = [name, *islice((name[len(p):] for p in prefixes if name.startswith(p) and name != p), 1)]
    return list(dict.fromkeys([*forms, *(expand(form) for form in forms)]))


def expand(name: str) -> str:
    """``name`` with its abbreviated ending spelt out (澜沧县总 → 澜沧县总工会)."""
    for short, long in abbreviations():
        if name.endswith(short) and not name.endswith(long):
            return name[: len(name) - len(short)] + long
    return name


def label(graph, node: str) -> str:
    """A node's display name (outcomes show their text); ``graph`` is a
    networkx graph, a KnowledgeGraph or {id: attributes}."""
    d = _attrs(graph, node)
    return str(d.get("name") or d.get("text") or d.get("title") or node)


def long_label(graph, node: str) -> str:
    """A node's display name with its place (营口市总工会 (辽宁省 营口市))."""
    d = _attrs(graph, node)
    where = " ".join(str(d[k]) for k in ("province", "city", "county") if d.get(k))
    return f"{label({node: d}, node)} ({where})" if where else label({node: d}, node)


def find_node(g, name: str, kind: str | tuple[str, ...] | None = "org") -> str:
    """The id of the node of ``kind`` that ``name`` means: an id, a canonical
    name (or mechanism_id), an alias, an abbreviation (营口市总) or a part of a
    name shared by no other node, in simplified or traditional script. Raises
    :class:`UnknownName` (with the closest names) or :class:`AmbiguousName`
    (with the nodes it could be). On a KnowledgeGraph loaded from a build,
    only the nodes whose names could match are read from the store."""
    kinds = (kind,) if isinstance(kind, str) else kind
    from kg.ingest import to_simplified  # names are stored as ingest converts texts

    simple = to_simplified(name.strip())
    if isinstance(g, nx.Graph) or "graph" in vars(g):
        graph = as_graph(g)
        return _find({n: d for n, d in graph.nodes(data=True) if kinds is None or d.get("kind") in kinds},
                     name, simple, kinds)
    provinces = {p for p in g.lookup("nodes", ["province"], **({"kind": kinds} if kinds else {})).province
                 if not blank(p)}
    terms = {name, simple, *(f for form in name_forms(simple, provinces) for f in (form, *_shortened(form)))}
    return _find(_by_id(g.named(terms, kinds)), name, simple, kinds, provinces,
                 everything=lambda: node_attrs(g, kinds=kinds))


def _shortened(name: str) -> list[str]:
    """The abbreviated forms of ``name`` (市总工会 → 市总) that :func:`expand` spells out."""
    return [name[: len(name) - len(long)] + short for short, long in abbreviations() if name.endswith(long)]


def _find(nodes: dict[str, dict], asked: str, name: str, kinds, provinces: set[str] | None = None,
          everything=None) -> str:
    """:func:`find_node` over ``nodes`` ({id: attributes}); ``everything``
    gives all nodes of the kinds for the closest names when none matches."""
    if asked in nodes:
        return asked
    canonical, aliases, expanded = defaultdict(set), defaultdict(set), defaultdict(set)
    for n, d in nodes.items():
        for key in ("name", "mechanism_id"):
            if d.get(key):
                canonical[str(d[key])].add(n)
        for alias in str(d.get("aliases") or "").split(LIST_SEPARATOR):
            if alias:
                aliases[alias].add(n)
                expanded[expand(alias)].add(n)
    if provinces is None:
        provinces = {d["province"] for d in nodes.values() if d.get("province")}
    what = kinds[0] if kinds and len(kinds) == 1 else "node"  # "no org called …", "any of 2 orgs"
    for form in name_forms(name, provinces):
        for index in (canonical, aliases, expanded):
            if index.get(form):
                return _only(nodes, asked, what, index[form])
    part = {n for surface, ids in (canonical | aliases).items() if name in surface for n in ids}
    if part:
        return _only(nodes, asked, what, part)
    if everything is not None:
        nodes = everything()
        canonical = {str(d[k]) for d in nodes.values() for k in ("name", "mechanism_id") if d.get(k)}
        aliases = {a for d in nodes.values() for a in str(d.get("aliases") or "").split(LIST_SEPARATOR) if a}
    close = difflib.get_close_matches(name, sorted(set(canonical) | set(aliases)), n=5, cutoff=0.3)
    hint = f"; closest: {', '.join(close)}" if close else f"; the graph has no {what}s" if not nodes else ""
    raise UnknownName(f"no {what} called {asked!r}{hint}", close)


def _only(graph, name: str, what: str, ids: set[str]) -> str:
    if len(ids) == 1:
        return next(iter(ids))
    labels = sorted(long_label(graph, n) for n in ids)
    raise AmbiguousName(f"{name!r} could be any of {len(labels)} {what}s: "
                        f"{', '.join(labels[:8])}{' …' if len(labels) > 8 else ''}", labels)


# --- cooperation -----------------------------------------------------------


def cooperation_graph(g, relations: Iterable[str] = COOPERATION) -> nx.Graph:
    """Organisations joined by cooperation, undirected. An edge's ``weight`` is
    its strongest tie (articles of the best-attested relation, either way, so a
    symmetric relation stored both ways is not counted twice) and ``relations``
    lists the relations behind it. From a KnowledgeGraph loaded from a build,
    only the organisations and their cooperation edges are read."""
    relations = set(relations)
    h = nx.Graph()
    if isinstance(g, nx.Graph) or "graph" in vars(g):
        graph = as_graph(g)
        h.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d.get("kind") == "org")
        edges = ((u, v, rel, d.get("weight", 1)) for u, v, rel, d in graph.edges(keys=True, data=True))
    else:
        h.add_nodes_from(node_attrs(g, kinds=["org"]).items())
        found = g.lookup("edges", ["source", "target", "relation", "weight"], relation=relations)
        edges = found.itertuples(index=False)
    for u, v, rel, weight in edges:
        if rel not in relations or u == v or u not in h or v not in h:
            continue
        if h.has_edge(u, v):
            e = h[u][v]
            e["weight"] = max(e["weight"], weight)
            e["relations"] = tuple(sorted({*e["relations"], rel}))
        else:
            h.add_edge(u, v, weight=weight, relations=(rel,))
    return h


def _linked(g: nx.Graph) -> nx.Graph:
    return g.subgraph(n for n in g if g.degree(n) > 0)


def _pair_evidence(ev: pd.DataFrame, a: str, b: str, relations: Iterable[str] | None = None,
                   directed: bool = False) -> pd.DataFrame:
    """Rows of evidence table ``ev`` between node ids ``a`` and ``b`` (both
    ways unless ``directed``) in reading order: by file, article number, and
    as extracted within an article."""
    pair = (ev.source == a) & (ev.target == b)
    if not directed:
        pair |= (ev.source == b) & (ev.target == a)
    if relations is not None:
        pair &= ev.relation.isin(list(relations))
    return ev[pair].sort_values(["file", "doc_id"], kind="stable", key=_article_order)


def _article_order(column: pd.Series) -> pd.Series:
    """``page.txt#10`` after ``page.txt#9``: article numbers zero-padded."""
    return column.str.replace(r"#(\d+)$", lambda m: f"#{int(m.group(1)):08d}", regex=True)


def _first_sentence(ev: pd.DataFrame, a: str, b: str, relations: Iterable[str],
                    directed: bool = False) -> tuple[str, str]:
    rows = _pair_evidence(ev, a, b, relations, directed)
    return (rows.iloc[0].sentence, rows.iloc[0].file) if len(rows) else ("", "")


def partners(kg, org: str, relations: Iterable[str] = COOPERATION) -> pd.DataFrame:
    """Organisations that cooperate with ``org``, one row per partner and
    relation: ``direction`` is ``mutual`` for cooperates_with, ``to``/``from``
    for clues referred and recommendations issued by/to ``org``; each row
    carries one evidence sentence. Strongest ties first. Reads only the
    edges and evidence of ``org`` from the store."""
    oid = find_node(kg, org)
    around = kg.lookup("edges", ["source", "target", "relation", "weight"], source=[oid], target=[oid])
    around = pd.concat([around[around.source == oid], around[around.target == oid]])  # out-edges first
    nodes = node_attrs(kg, {*around.source, *around.target})
    weights: dict[tuple[str, str, str], int] = {}
    for u, v, rel, weight in around.itertuples(index=False):
        other = v if u == oid else u
        if rel not in relations or other == oid or nodes.get(other, {}).get("kind") != "org":
            continue
        direction = "mutual" if rel in SYMMETRIC else "to" if u == oid else "from"
        key = (other, rel, direction)
        weights[key] = max(weights.get(key, 0), weight)
    ev = kg.lookup("evidence", source=[oid], target=[oid])
    rows = []
    for (other, rel, direction), weight in weights.items():
        ends = (oid, other) if direction != "from" else (other, oid)
        sentence, file = _first_sentence(ev, *ends, [rel], directed=direction != "mutual")
        d = nodes[other]
        rows.append({"partner": label(nodes, other), "org_type": d.get("org_type", ""),
                     "relation": rel, "direction": direction, "weight": weight,
                     "sentence": sentence, "file": file, "partner_id": other})
    return _frame(rows, ["partner", "org_type", "relation", "direction", "weight", "sentence",
                         "file", "partner_id"], by=["weight", "partner", "relation"], descending=1)


def paths(kg, a: str, b: str, limit: int = 5) -> pd.DataFrame:
    """Up to ``limit`` shortest cooperation paths between organisations ``a``
    and ``b``, one row per hop with the relations and one evidence sentence;
    empty when they are not connected."""
    src, dst = find_node(kg, a), find_node(kg, b)
    h = cooperation_graph(kg)
    try:
        found = sorted(nx.all_shortest_paths(h, src, dst))[:limit] if src != dst else []
    except nx.NetworkXNoPath:
        found = []
    on_paths = {n for path in found for n in path}
    ev = kg.lookup("evidence", source=on_paths) if on_paths else kg.lookup("evidence", source=[])
    rows = []
    for number, path in enumerate(found, 1):
        for hop, (u, v) in enumerate(zip(path, path[1:]), 1):
            sentence, file = _first_sentence(ev, u, v, h[u][v]["relations"])
            rows.append({"path": number, "hop": hop, "source": label(h, u),
                         "relation": ",".join(h[u][v]["relations"]), "target": label(h, v),
                         "weight": h[u][v]["weight"], "sentence": sentence, "file": file,
                         "source_id": u, "target_id": v})
    return _frame(rows, ["path", "hop", "source", "relation", "target", "weight", "sentence",
                         "file", "source_id", "target_id"])


def evidence(kg, a: str, b: str) -> pd.DataFrame:
    """Every sentence behind the edges between ``a`` and ``b`` (any node kinds,
    either direction) with its file and article title."""
    src, dst = find_node(kg, a, kind=NODE_KINDS), find_node(kg, b, kind=NODE_KINDS)
    found = _pair_evidence(kg.lookup("evidence", source=[src, dst]), src, dst)
    articles = kg.lookup("articles", ["id", "title"], id=set(found.doc_id))
    titles = dict(zip(articles.get("id", []), articles.get("title", [])))
    nodes = node_attrs(kg, [src, dst])
    rows = [{"relation": r.relation, "source": label(nodes, r.source), "target": label(nodes, r.target),
             "file": r.file, "title": titles.get(r.doc_id, ""), "sentence": r.sentence,
             "rule": getattr(r, "rule", ""), "doc_id": r.doc_id}
            for r in found.itertuples(index=False)]
    return _frame(rows, ["relation", "source", "target", "file", "title", "sentence", "rule", "doc_id"])


# --- mechanisms and cases --------------------------------------------------


def _org_matches(d: dict, province: str | None, org_type: str | None, level: str | None) -> bool:
    return (d.get("kind") == "org"
            and (not province or str(d.get("province", "")).startswith(province.removesuffix("省")))
            and (not org_type or d.get("org_type") == org_type)
            and (not level or d.get("level") == level))


def _docs_by_node(kg) -> dict[str, set[str]]:
    return {n: set(docs) for n, docs in kg.mentions.groupby("node_id").doc_id}


def mechanisms(kg, province: str | None = None, org_type: str | None = None,
               level: str | None = None) -> pd.DataFrame:
    """Mechanisms with the number of organisations that use them
    (uses_mechanism) and of articles that mention them. With filters, only
    mechanisms used by a matching organisation, counting matching
    organisations and the articles that mention one of them with the mechanism."""
    graph = kg.graph
    orgs = {n for n, d in graph.nodes(data=True) if _org_matches(d, province, org_type, level)}
    filtered = bool(province or org_type or level)
    users = defaultdict(set)
    for u, v, rel in graph.edges(keys=True):
        if rel == "uses_mechanism" and u in orgs:
            users[v].add(u)
    docs = _docs_by_node(kg)
    rows = []
    for m, d in graph.nodes(data=True):
        if d.get("kind") != "mechanism" or (filtered and not users[m]):
            continue
        seen = docs.get(m, set())
        if filtered:
            seen = seen & set().union(*(docs.get(u, set()) for u in users[m]))
        rows.append({"mechanism": label(graph, m), "mechanism_id": d.get("mechanism_id", ""),
                     "category": d.get("category", ""), "orgs": len(users[m]), "articles": len(seen),
                     "id": m})
    return _frame(rows, ["mechanism", "mechanism_id", "category", "orgs", "articles", "id"],
                  by=["orgs", "articles", "mechanism"], descending=2)


def new_mechanisms(kg) -> pd.DataFrame:
    """Mechanisms found in the text but not in the taxonomy (empty
    mechanism_id), with the files they were seen in, the organisations using
    them and the first mention in context, for review."""
    graph = kg.graph
    texts = dict(zip(kg.articles.get("id", []), kg.articles.get("text", [])))
    mentions = kg.mentions.sort_values(["file", "doc_id", "start"], kind="stable")
    by_node = {n: rows for n, rows in mentions.groupby("node_id")}
    rows = []
    for m, d in graph.nodes(data=True):
        if d.get("kind") != "mechanism" or d.get("mechanism_id"):
            continue
        seen = by_node.get(m, mentions.iloc[:0])
        context = ""
        if len(seen):
            first = seen.iloc[0]
            text = texts.get(first.doc_id, "")
            context = text[max(0, first.start - 20): first.end + 20].replace("\n", " ")
        rows.append({"mechanism": label(graph, m), "articles": seen.doc_id.nunique(),
                     "files": sorted(set(seen.file)),
                     "orgs": sorted(label(graph, u) for u, _, rel in graph.in_edges(m, keys=True)
                                    if rel == "uses_mechanism"),
                     "context": context, "id": m})
    return _frame(rows, ["mechanism", "articles", "files", "orgs", "context", "id"],
                  by=["articles", "mechanism"], descending=1)


def cases(kg, org: str | None = None, mechanism: str | None = None,
          issue: str | None = None) -> pd.DataFrame:
    """Cases with the organisations involved, the mechanisms applied, the
    issues and groups concerned and the outcomes; filtered by any of an
    organisation, a mechanism and an issue (or group). With a filter, only
    the cases of the named nodes are read from the store."""
    wanted = [find_node(kg, name, kind) for name, kind in
              ((org, "org"), (mechanism, "mechanism"), (issue, ("issue", "group"))) if name]
    if wanted:
        around = kg.lookup("edges", ["source", "target", "relation"], source=wanted, target=wanted)
        ids = set.intersection(*({v if u == w else u for u, v, rel in around.itertuples(index=False)
                                  if w in (u, v) and rel in CASE_RELATIONS} for w in wanted))
        case_ids = set(node_attrs(kg, ids)) if ids else set()
    else:
        case_ids = set(node_attrs(kg, kinds=["case"]))
    edges = kg.lookup("edges", ["source", "target", "relation"], source=case_ids, target=case_ids)
    ends: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, rel in edges.itertuples(index=False):
        if rel == "involved_in" and v in case_ids:
            ends[v, rel].add(u)
        elif rel in ("applies", "concerns", "resulted_in") and u in case_ids:
            ends[u, rel].add(v)
    nodes = node_attrs(kg, {*case_ids, *(n for found in ends.values() for n in found)})
    rows = []
    for c in sorted(case_ids):
        d = nodes[c]
        if d.get("kind") != "case":
            continue
        orgs, mechs, concerns, outcomes = (sorted(ends[c, rel]) for rel in
                                           ("involved_in", "applies", "concerns", "resulted_in"))
        rows.append({"case": label(nodes, c), "date": d.get("date", ""), "place": d.get("place", ""),
                     "orgs": _labels(nodes, orgs), "mechanisms": _labels(nodes, mechs),
                     "issues": _labels(nodes, concerns, "issue"),
                     "groups": _labels(nodes, concerns, "group"),
                     "outcomes": _labels(nodes, outcomes), "id": c})
    return _frame(rows, ["case", "date", "place", "orgs", "mechanisms", "issues", "groups",
                         "outcomes", "id"], by=["date", "case"])


def _labels(nodes: dict[str, dict], ids: Iterable[str], kind: str | None = None) -> list[str]:
    return [label(nodes, n) for n in ids if kind is None or nodes[n].get("kind") == kind]


# --- network measures ------------------------------------------------------


def entity_graph(g) -> nx.Graph:
    """Every node but articles, undirected, edges weighted by their strongest
    relation: the graph in which mechanisms, cases … are central."""
    graph = as_graph(g)
    h = nx.Graph()
    h.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d.get("kind") != "article")
    for u, v, d in graph.edges(data=True):
        if u in h and v in h and u != v:
            h.add_edge(u, v, weight=max(d.get("weight", 1), h.get_edge_data(u, v, {}).get("weight", 0)))
    return h


def centrality(g, kind: str = "org", measure: str = "degree", top: int = 10) -> pd.DataFrame:
    """The ``top`` most central nodes of ``kind``: organisations in the
    cooperation graph, other kinds in the entity graph; nodes without any edge
    are left out. ``measure`` is degree, betweenness or eigenvector."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    h = _linked(cooperation_graph(g) if kind == "org" else entity_graph(g))
    if measure == "degree":
        scores = nx.degree_centrality(h)
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(h)
    elif len(h):
        try:
            scores = nx.eigenvector_centrality(h, max_iter=1000, weight="weight")
        except nx.PowerIterationFailedConvergence:
            raise ValueError("eigenvector centrality did not converge; use degree or betweenness") from None
    else:
        scores = {}
    rows = [{"name": label(h, n), "kind": h.nodes[n].get("kind", ""),
             "score": round(s, 4), "degree": h.degree(n), "id": n}
            for n, s in scores.items() if h.nodes[n].get("kind") == kind]
    return _frame(rows, ["name", "kind", "score", "degree", "id"],
                  by=["score", "degree", "name"], descending=2).head(top)


def communities(g, seed: int = 42, resolution: float = 1.0) -> pd.DataFrame:
    """Louvain communities of the cooperation graph (seeded, so reproducible),
    largest first; organisations without cooperation are left out."""
    h = _linked(cooperation_graph(g))
    found = nx.community.louvain_communities(h, weight="weight", resolution=resolution, seed=seed) if len(h) else []
    groups = sorted((sorted(label(h, n) for n in c) for c in found), key=lambda m: (-len(m), m))
    rows = [{"community": i, "size": len(m), "members": m} for i, m in enumerate(groups, 1)]
    return _frame(rows, ["community", "size", "members"])


def matrix(g, by: str = "org_type") -> pd.DataFrame:
    """Cooperating pairs of organisations counted by ``by`` (org_type or
    level) on both ends: a symmetric table whose first column is the row
    category."""
    order = {"org_type": ORG_TYPES, "level": LEVELS}.get(by)
    if order is None:
        raise ValueError(f"cannot group by {by!r}; use org_type or level")
    h = cooperation_graph(g)
    fallback = order[-1]
    counts = Counter()
    for u, v in h.edges():
        a, b = (h.nodes[n].get(by) or fallback for n in (u, v))
        counts[a, b] += 1
        if a != b:
            counts[b, a] += 1
    seen = {c for pair in counts for c in pair}
    cats = [c for c in order if c in seen] + sorted(seen - set(order))
    table = pd.DataFrame([[counts[a, b] for b in cats] for a in cats], columns=cats, dtype=int)
    table.insert(0, by, cats)
    return table


# --- summary ---------------------------------------------------------------


def info(kg) -> dict:
    """What a built graph holds: nodes by kind, edges by relation, articles,
    files, mentions, evidence, reposts (articles repeating an earlier
    article's story, counted once in weights) and the skipped files with
    their reasons."""
    dup = getattr(kg, "duplicates", pd.DataFrame(columns=["story", "doc_id"]))
    return {
        "nodes": len(kg.nodes),
        "nodes_by_kind": dict(sorted(Counter(kg.nodes.get("kind", [])).items())),
        "edges": len(kg.edges),
        "edges_by_relation": dict(sorted(Counter(kg.edges.get("relation", [])).items())),
        "articles": len(kg.articles),
        "files": int(kg.articles.get("file", pd.Series(dtype=str)).nunique()),
        "mentions": len(kg.mentions),
        "evidence": len(kg.evidence),
        "stories": len(kg.articles) - (len(dup) - dup["story"].nunique()),
        "reposts": len(dup) - dup["story"].nunique(),
        "skipped": [{"file": r.file, "reason": r.reason} for r in kg.skipped.itertuples(index=False)],
    }


def _frame(rows: list[dict], columns: list[str], by: list[str] | None = None,
           descending: int = 0) -> pd.DataFrame:
    """Rows as a DataFrame sorted by ``by``, its first ``descending`` keys
    largest first, ties by the rest: deterministic output for the CLI."""
    df = pd.DataFrame(rows, columns=columns)
    if by and len(df):
        asc = [i >= descending for i in range(len(by))]
        df = df.sort_values(by, ascending=asc, kind="stable").reset_index(drop=True)
    return df
