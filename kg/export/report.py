"""``kg report``: one self-contained, printable HTML page in Chinese about an
organisation, a province or a mechanism — key figures, the network map (an
inline SVG), partners with their number of stories, mechanisms, cases with
their outcomes, and under every statement the evidence sentence with its
article's title and file. No script, no external file: it opens offline
and prints cleanly to PDF from a browser."""
from __future__ import annotations

import html
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template

import networkx as nx

from kg.export import style
from kg.export.common import article_titles, asset, atomic_file, display_name
from kg.export.filters import FilterError, find_node
from kg.query import edge_key

COOPERATION = ("cooperates_with", "refers_clue_to", "recommends_to")
MAP_NODES = 40  # best-connected organisations and mechanisms on the report's map
MAP_LABELS = 20
MAX_ROWS = 200  # per table: a province report stays printable


class ReportError(ValueError):
    """A report that cannot be made (unknown or ambiguous name, nothing found)."""


@dataclass(frozen=True)
class Subject:
    """What a report is about: its title and the organisations it follows,
    with the mechanism when the report is about one."""
    title: str
    orgs: frozenset[str]
    mechanism: str | None = None


@dataclass(frozen=True)
class Statement:
    """One fact of the report: an edge, how many stories report it, and the
    sentence that says so."""
    source: str
    target: str
    relation: str
    stories: int
    evidence: dict


def subject(kg, org: str | None = None, province: str | None = None, mechanism: str | None = None) -> Subject:
    """The subject of a report: exactly one of ``org``, ``province`` and
    ``mechanism`` (names as ``kg query`` takes them)."""
    if sum(x is not None for x in (org, province, mechanism)) != 1:
        raise ReportError("give one of --org, --province or --mechanism")
    g = kg.graph
    try:
        if org is not None:
            oid = find_node(g, org)
            if g.nodes[oid].get("kind") != "org":
                raise ReportError(f"{org!r} is a {g.nodes[oid].get('kind')}, not an organisation")
            return Subject(f"{display_name(oid, g.nodes[oid])} 合作报告", frozenset({oid}))
        if province is not None:
            orgs = frozenset(n for n, d in g.nodes(data=True)
                             if d.get("kind") == "org" and str(d.get("province", "")).startswith(province))
            if not orgs:
                raise ReportError(f"no organisation of province {province!r} in the graph")
            return Subject(f"{province} 劳动权益协作报告", orgs)
        mid = find_node(g, mechanism, kind="mechanism")
        users = frozenset(u for u, _, rel in g.in_edges(mid, keys=True) if rel == "uses_mechanism")
        return Subject(f"机制报告：{display_name(mid, g.nodes[mid])}", users, mid)
    except FilterError as exc:
        raise ReportError(str(exc)) from None


def write(kg, path: str | Path, about: Subject) -> Path:
    """Write the report on ``about`` to ``path`` (atomically)."""
    path = Path(path)
    with atomic_file(path) as tmp:
        tmp.write_text(render(kg, about), encoding="utf-8")
    return path


def render(kg, about: Subject) -> str:
    g = kg.graph
    sources = _Sources(kg)
    one = len(about.orgs) == 1
    partners = _statements(g, sources, about, COOPERATION, org_other=True)
    if about.mechanism:
        mechanisms = _statements(g, sources, about, ("uses_mechanism",), only_target=about.mechanism)
    else:
        mechanisms = _statements(g, sources, about, ("uses_mechanism",))
    case_ids = ({u for u, _, rel in g.in_edges(about.mechanism, keys=True) if rel == "applies"}
                if about.mechanism else
                {v for o in about.orgs for _, v, rel in g.out_edges(o, keys=True) if rel == "involved_in"})
    cases = [_case(g, sources, c) for c in sorted(case_ids, key=lambda c: (str(g.nodes[c].get("date", "")), c))]
    outcomes = sum(len(c["outcomes"]) for c in cases)
    figures = [("报道", len(sources.cited)), ("合作机构", len({s.target if s.source in about.orgs else s.source
                                                            for s in partners})),
               ("机制", len({s.target for s in mechanisms})), ("案件", len(cases)), ("成效", outcomes)]
    if not one:
        figures.insert(1, ("机构", len(about.orgs)))
    body = [
        _figures(figures),
        _section("合作网络图", _map(g, about)),
        _section("合作伙伴", _table(partners, ["伙伴", "关系"] if one else ["机构", "伙伴", "关系"],
                                  lambda s: ([] if one else [_name(g, s.source)])
                                  + [_name(g, s.target), style.label(s.relation)])),
        _section("运用的机制", _table(mechanisms, ["机制"] if one else ["机制", "机构"],
                                   lambda s: [_name(g, s.target)] + ([] if one else [_name(g, s.source)]))),
        _section("案件与成效", "".join(_case_html(c) for c in cases) or _none()),
        _section("资料来源", _sources_html(sources)),
    ]
    return Template(asset("report.html")).substitute(
        title=html.escape(about.title), css=asset("report.css"), body="\n".join(body),
        generated=html.escape(f"由 kg 根据 {len(sources.cited)} 篇报道生成 · {date.today().isoformat()}"))


class _Sources:
    """Evidence sentences by edge, articles' titles, and the articles cited."""

    def __init__(self, kg):
        self.by_edge: dict[tuple, list[dict]] = defaultdict(list)
        for row in kg.evidence.to_dict("records"):
            self.by_edge[(row["source"], row["target"], row["relation"])].append(row)
        self.titles = article_titles(kg)
        self.cited: dict[str, tuple[str, str]] = {}

    def first(self, u: str, v: str, relation: str) -> dict:
        rows = self.by_edge.get((u, v, relation)) or self.by_edge.get((v, u, relation)) or []
        for row in rows:
            doc = str(row.get("doc_id", ""))
            self.cited.setdefault(doc, (self.titles.get(doc, ""), str(row.get("file", ""))))
        if not rows:
            return {}
        row = rows[0]
        doc = str(row.get("doc_id", ""))
        return {"sentence": str(row.get("sentence", "")), "file": str(row.get("file", "")),
                "title": self.titles.get(doc, ""), "date": str(row.get("date", "") or "")}


def _statements(g: nx.MultiDiGraph, sources: _Sources, about: Subject, relations: tuple,
                org_other: bool = False, only_target: str | None = None) -> list[Statement]:
    """Edges of ``relations`` from (or, for cooperation, to) the subject's
    organisations, strongest first; cooperation between two of them once."""
    found, seen = [], set()
    for o in sorted(about.orgs):
        for u, v, rel, d in [*g.out_edges(o, keys=True, data=True), *g.in_edges(o, keys=True, data=True)]:
            if rel not in relations or (u != o and rel not in COOPERATION) or u == v:
                continue
            if only_target is not None and v != only_target:
                continue
            if org_other and g.nodes[v if u == o else u].get("kind") != "org":
                continue
            key = edge_key(u, v, rel)
            if key in seen:
                continue
            seen.add(key)
            if len(about.orgs) == 1 and u != o:  # the subject first
                u, v = v, u
            found.append(Statement(u, v, rel, int(d.get("weight", 1)), sources.first(u, v, rel)))
    return sorted(found, key=lambda s: (-s.stories, s.source, s.target))[:MAX_ROWS]


def _case(g: nx.MultiDiGraph, sources: _Sources, c: str) -> dict:
    d = g.nodes[c]
    def ends(rel: str, out: bool = True) -> list[str]:
        edges = g.out_edges(c, keys=True) if out else g.in_edges(c, keys=True)
        return sorted((v if out else u) for u, v, r in edges if r == rel)

    orgs = ends("involved_in", out=False)
    return {"name": display_name(c, d), "date": str(d.get("date", "") or ""), "place": str(d.get("place", "") or ""),
            "orgs": [_name(g, o) for o in orgs], "mechanisms": [_name(g, m) for m in ends("applies")],
            "issues": [_name(g, i) for i in ends("concerns")],
            "evidence": sources.first(orgs[0], c, "involved_in") if orgs else {},
            "outcomes": [(_name(g, o), sources.first(c, o, "resulted_in")) for o in ends("resulted_in")]}


def _name(g: nx.MultiDiGraph, n: str) -> str:
    return display_name(n, g.nodes[n])


def _e(text) -> str:
    return html.escape(str(text))


def _evidence_html(ev: dict) -> str:
    if not ev:
        return '<p class="src">（无原文证据）</p>'
    src = " · ".join(x for x in (f"《{ev['title']}》" if ev.get("title") else "", ev.get("file", ""), ev.get("date", ""))
                     if x)
    return f'<blockquote>{_e(ev["sentence"])}<cite>{_e(src)}</cite></blockquote>'


def _figures(figures: list[tuple[str, int]]) -> str:
    cells = "".join(f'<div class="figure"><b>{n}</b><span>{_e(label)}</span></div>' for label, n in figures)
    return f'<section class="figures" aria-label="关键数字">{cells}</section>'


def _section(title: str, content: str) -> str:
    return f"<section><h2>{_e(title)}</h2>\n{content}</section>"


def _none() -> str:
    return '<p class="none">无</p>'


def _table(rows: list[Statement], heads: list[str], cells) -> str:
    if not rows:
        return _none()
    head = "".join(f"<th>{_e(h)}</th>" for h in [*heads, "报道数", "原文证据"])
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells(s)) +
                   f'<td class="num">{s.stories}</td><td>{_evidence_html(s.evidence)}</td></tr>' for s in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _case_html(c: dict) -> str:
    facts = " · ".join(x for x in (c["date"], c["place"]) if x)
    items = [("参与机构", "、".join(c["orgs"])), ("运用机制", "、".join(c["mechanisms"])),
             ("涉及问题", "、".join(c["issues"]))]
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items if v)
    outcomes = "".join(f"<li><b>{_e(name)}</b>{_evidence_html(ev)}</li>" for name, ev in c["outcomes"])
    return (f'<article class="case"><h3>{_e(c["name"])}</h3>' + (f'<p class="facts">{_e(facts)}</p>' if facts else "")
            + f"<dl>{dl}</dl>{_evidence_html(c['evidence'])}"
            + (f"<h4>成效</h4><ul>{outcomes}</ul>" if outcomes else "") + "</article>")


def _sources_html(sources: _Sources) -> str:
    if not sources.cited:
        return _none()
    items = sorted(set(sources.cited.values()), key=lambda tf: (tf[1], tf[0]))
    return "<ol class=\"sources\">" + "".join(f"<li>《{_e(t or '无标题')}》 <span class=\"src\">{_e(f)}</span></li>"
                                             for t, f in items) + "</ol>"


def _map(g: nx.MultiDiGraph, about: Subject) -> str:
    """The subject's organisations, their partners and mechanisms as an
    inline SVG (labels stay text)."""
    from kg.export.layout import layout
    from kg.export.static import cjk_font, draw, save

    keep = set(about.orgs) | ({about.mechanism} if about.mechanism else set())
    for o in about.orgs:
        keep |= {m for m in nx.all_neighbors(g, o) if g.nodes[m].get("kind") in ("org", "mechanism")}
    sub = g.subgraph(keep)
    ranked = sorted(sub.degree(), key=lambda nd: (nd[0] not in about.orgs, -nd[1], nd[0]))
    sub = g.subgraph(n for n, _ in ranked[:MAP_NODES]).copy()
    sub.remove_edges_from([(u, v, k) for u, v, k in sub.edges(keys=True) if k in ("located_in", "part_of")])
    if not sub.number_of_edges():
        return _none()
    fig = draw(sub, layout(sub, "spring"), title="", font=cjk_font(), labels=MAP_LABELS, size=(10, 6.5))
    buffer = io.StringIO()
    save(fig, buffer, "svg", "")
    svg = buffer.getvalue()
    return '<figure class="map">' + svg[svg.index("<svg"):] + "</figure>"
