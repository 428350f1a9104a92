"""Typed mentions that the spaCy components leave on a Doc for each other.

Offsets are character offsets into ``doc.text`` (= ``Article.text``); they are
kept as plain ints rather than token spans because the segmenter's tokens do
not always end where a name ends (市总与检察院).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.ids import node_id

# Doc extensions shared by the components.
_LISTS = {
    "orgs": list,  # list[OrgMention]
    "mechanisms": list,  # list[MechanismMention]
    "outcomes": list,  # list[OutcomeMention]
    "nodes": dict,  # dict[str, Node]: further nodes (cases, issues, places …)
    "node_mentions": list,  # list[(node_id, start, end)] for those nodes
    "relations": list,  # list[(relation, source_id, target_id, sent_start, sent_end, rule)]
}
for _name in ("article", *_LISTS):  # article: the kg.models.Article of the Doc
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


# doc.spans["org"]: every organisation candidate as a span (label ORG), its
# kb_id the node id of the organisation the linker chose ("" for none) and
# span._.mention the OrgMention with the parts that decided it.
if not Span.has_extension("mention"):
    Span.set_extension("mention", default=None)


def org_spans(doc: Doc, mentions: list["OrgMention"]) -> list[Span]:
    """The candidates as spans over the tokens they touch (a name may end
    inside a token: 市总|与检察院), linked ones with their ``kb_id``."""
    spans = []
    for i, m in enumerate(mentions):
        span = doc.char_span(m.start, m.end, label="ORG", kb_id=m.org.node_id if m.org else "",
                             alignment_mode="expand", span_id=i)
        if span is not None:
            span._.mention = m
            spans.append(span)
    return spans


def init_doc(doc: Doc) -> Doc:
    """Give a new Doc its own empty extension lists (spaCy shares a mutable
    default between Docs, so the default is None and this fills it)."""
    for name, empty in _LISTS.items():
        setattr(doc._, name, empty())
    return doc


@dataclass(frozen=True)
class Org:
    """A canonical organisation (DESIGN §3.3)."""

    name: str
    org_type: str = "other"
    level: str = "none"
    province: str = ""
    city: str = ""
    county: str = ""
    adcode: str = ""

    @property
    def node_id(self) -> str:
        return node_id("org", self.name, self.adcode)


@dataclass
class OrgMention:
    """A surface form of an organisation; ``org`` is None until resolved, and
    stays None when the context cannot tell which unit is meant."""

    start: int
    end: int
    text: str
    org: Org | None = None
    rule: str = ""  # how it was found: unit | deictic | bare | named | anaphor | zone | national | branch | bureau_branch | sector | alias | member | staff
    unit: str = ""  # the place as written before the body (山东省青岛市市北区, 市, 该区)
    core: str = ""  # a named organisation's name between unit and suffix (众泰煤焦化有限公司)
    body: str = ""  # the body or suffix as written (总, 检察院, 有限公司, 工会)


@dataclass(frozen=True)
class MechanismMention:
    start: int
    end: int
    text: str
    name: str  # canonical taxonomy name, or the discovered name
    mechanism_id: str = ""  # empty for newly discovered mechanisms
    category: str = ""

    @property
    def node_id(self) -> str:
        return node_id("mechanism", self.mechanism_id or self.name)


@dataclass(frozen=True)
class OutcomeMention:
    start: int
    end: int
    text: str
    value: float
    unit: str
    metric: str = ""
    core: bool = False  # a rights-protection result rather than a side figure

    @property
    def label(self) -> str:
        """A readable node name, 「metric value unit」: the metric's last whole
        words (at most 12 characters; a one-character word at either end,
        such as a word the metric's span cut, is left out) and the quantity
        as written. Never a cut sentence."""
        import rjieba

        words = rjieba.cut(self.metric.strip(" ，,、：:；;（("))
        while len(words) > 1 and len(words[-1]) == 1 and "\u4e00" <= words[-1] <= "\u9fff":
            words.pop()
        kept: list[str] = []
        for word in reversed(words):
            if kept and sum(map(len, kept)) + len(word) > 12:
                break
            kept.insert(0, word)
        while len(kept) > 1 and len(kept[0]) == 1:
            kept.pop(0)
        return f"{''.join(kept)} {self.text}".strip()


def doc_text(doc) -> str:
    """The article text the offsets index into. ``doc.text`` is the same
    string, but spaCy rebuilds it from the tokens on every access."""
    return doc._.article.text if doc._.article is not None else doc.text
