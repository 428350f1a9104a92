"""Read relations between the nodes found (doc._.relations), DESIGN §3.2.

Chinese news reports chain clauses on one topic: the organisation that opens
a clause (营口市总与市检察院启动协同监督，…运用大数据法律监督模型，…锁定5家用人单位)
stays the actor of the following clauses until another one takes over. So the
component walks clauses in order, keeps the current *actors*, and reads:

* ``cooperates_with`` — a conjoined list of organisations followed by a joint
  act (A与B召开联席会议, A、B联合印发; 经A和B研究; A与B从…中，共同筛选…), a
  partner verb (A联合/会同/携手/组织B、C), joint presence (在A、B的监督下),
  co-organisers (由A、B主办; A主办，B、C承办; A牵头，B配合) or co-issuers
  (A B 关于印发…; A、B《…》); all pairwise;
* ``recommends_to`` / ``refers_clue_to`` — actors → the organisation a
  检察建议/提示函 is addressed to (向B发出) or a clue is transferred to (移交B);
* ``uses_mechanism`` / ``resulted_in`` — actors of the clause where a
  mechanism or a core outcome is mentioned (narrowed to the organisation
  types that own the mechanism: a 检察建议 is the procuratorate's); a clause
  opened by 通过/依托 takes the subject of the clause after it, and one opened
  by a place name (澜沧县借此开展…) ends the carry-over. A 公益诉讼 is shared
  with the union only when they act on it jointly in that sentence; a
  mechanism in a cited title is its issuers'; one that is only the topic
  (从…案件中筛选) is nobody's. Summary results (截至目前，…) go to the
  article's actors (of the level of 全省/全市 when named);
* ``issued`` — actors → the 《…》 document after an issuing verb.

(``located_in`` / ``part_of`` come from the organisations' attributes in
graph assembly: :mod:`kg.hierarchy`.)

What is cited is not done: organisations named in 《…》 titles or in
根据/落实 … phrases (根据最高检和全总《…》) are the cited text's issuers, never
the actors, and 双方 does not refer to them. 双方/两家单位 stand for the last
two organisations that acted jointly, 多部门/专项工作组 for the last larger
joint set. Which organisation a name, a bare 检察院 or 该院 is, the linker
alone decides: only linked mentions are read. Everything works per clause
with precompiled patterns; mentions are bucketed by offset, never rescanned.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.divisions import gazetteer
from kg.extract.mentions import Org, doc_text
from kg.extract.resources import read_lines, read_rows
from kg.extract.sentences import split_sentences
from kg.ids import node_id, outcome_id
from kg.models import Node
from kg.normalise import patterns

Relation = tuple[str, str, str, int, int, str]

_CLAUSE = re.compile(r"[^，,：:；;。！？!?]+")
_TITLE = re.compile(r"《([^《》\n]{2,40})》")
# What may open a clause before its subject: time words, connectives, 由.
_SUBJECT_PREFIX = re.compile(
    r"[\s“”\"'（()）]*(?:(?:[\d０-９一二三四五六七八九十〇零]+(?:年|月|日|号)|今年|去年|近日|日前|"
    r"近期|近年来|近年|目前|同时|此外|另外|随后|其中|据悉|据了解|截至目前|当天|会上|期间|以来|"
    r"初|底|中旬|上旬|下旬|末|由|经|为此|对此|还|并|也|已|首先|其次|最终|今后|接下来)[\s，]*)*"
)
_ISSUE_VERB = re.compile(r"(?:印发|出台|制定|签订|签署|会签|发布|下发|颁布)了?[^，。；]{0,6}$")
_CLUE_VERB = re.compile(r"移送|移交|转交|转送|转办")
_CLUE_TARGET_PREFIX = re.compile(r"(?:移送|移交|转交|转送|转办)(?:给|至|到)?$")
_ADDRESS_PREFIX = re.compile(r"(?:向|对|给|致)(?:相关|有关)?$")
_SOURCE_PREFIX = re.compile(r"(?:从|自)$")  # 从区总获取线索: the clue came from it
# Between two members of one list: A、B / A和B / A将与B.
_WEAK_JOIN = re.compile(
    r"\s*(?:还|将|也|已|均|都|并|积极|主动|持续|继续|进一步)*(?:、|和|与|及|以及|同|跟|暨)\s*|\s+"
)  # or only a space: co-issuers of a notice (A人民法院 A总工会 关于印发…)
# Roles in one event: 由A主办，B承办; A牵头，B、C配合 — all roles act jointly.
_ORGANISER = re.compile(r"^(?:联合|共同)?(?:主办|承办|协办|联办|牵头|配合)")
# 与B合作, 与边检总站、B协作 (an unresolved partner listed first): a joint act
# only with a cue after B.
_WEAK_PARTNER = re.compile(r"(?:与|同|跟)(?:[^，。；、与]{1,8}[、和及])?$")
# A与B的合作 is a joint act; 落实省委、市委的部署 is not.
_POSSESSIVE = re.compile(r"^的(?![^，。；]{0,3}(?:合作|协作|联动|共建|联合))")  # 与B的密切合作
# A clause opened by 通过/依托 … takes its subject from the clause that follows.
_ADVERBIAL = re.compile(r"[\s“”\"]*(?:通过|经过|依托|借助|借力|围绕|按照|根据|结合)")
# What is cited, not done: 《…》 titles and 根据/落实 … 《…》/的 phrases; the
# organisations named there issued the cited text and are not the actors.
_CITED = re.compile(r"《[^《》\n]{1,80}》|(?:根据|按照|依据|依照|遵照|落实|贯彻)"
                    r"(?:(?!将|把|向|移送|移交)[^，,。；;：:]){0,60}?(?:》|的)")  # not 依据X将线索移送B的…
_RESPECTIVELY = re.compile(r"\s*(?:等[^，。；]{0,4})?分别")  # 与B、C分别签订: A with each of them
ISSUER_HEADING_LINES = 12  # lines from the top where a notice lists its issuers
_ISSUER_LINE = re.compile(r"\s*(?:[（(][^（）()]{1,12}[）)])?\s*")  # 重庆市企业联合会（企业家协会）
_ISSUERS = re.compile(r"\s*(?:《|关于)")  # A、B《关于…》: the co-issuers of a document
_COSIGNED = re.compile(r"[^，,。；;的]{0,4}?(?:签订|签署|会签|联合|共同)")  # 根据A与B签订的协议
_TITLES = re.compile(r"(?:\s*(?:[和及、与]|以及)?\s*《[^《》\n]{1,80}》)+")  # 《…》和《…》
# A依托X机制，重点运用Y，联合B开展…: clauses that only say by what means
# the act that follows is done (their actors are those of the act).
_MEANS = re.compile(r"[^，,。；;]{0,20}?(?:依托|通过|借助|借力|运用|利用|结合|围绕|立足|聚焦|按照|根据|依据)")
# 等多部门参与, 出席: attendees of another's event
_ATTENDING = re.compile(r"[^，,。；;]{0,6}?(?:参与|参加|出席|列席|到场)")
# 我市, 本县: the author's own place as the subject (see _place_subject).
_OWN_PLACE = re.compile(r"(?:我|本)(?:省|市|县|区|州|旗)(?!委|政府|总|工会|人大|法院|检察院|[^，。；]{0,2}(?:局|厅|委员会))")
# 在A、B的现场监督下: the listed bodies are present together.
_PRESENCE = re.compile(r"^的[^，。；]{0,8}下")
# 从…案件中筛选, 围绕…开展研讨: the mechanism is the topic, not used.
_TOPIC = re.compile(r"从[^，,。；;从]{0,40}?(?:案件|案例)中|(?:围绕|就)[^，,。；;]{0,30}?(?:研讨|讲解|解读|授课|宣讲)")


def alternation(words: list[str]) -> str:
    """One regex for a word list, longest first so 联合印发 beats 联合."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@dataclass(frozen=True)
class Vocabulary:
    """Named patterns (csv: name, patterns — regexes with (?:…) groups only)
    matched as one alternation with a named group per row: issues, groups, anaphors."""

    rows: tuple[re.Pattern, ...]
    names: tuple[str, ...]

    @classmethod
    def load(cls, file: str) -> "Vocabulary":
        rows = read_rows(file)
        return cls(tuple(re.compile(r["patterns"]) for r in rows), tuple(r["name"] for r in rows))

    def find(self, text: str) -> list[tuple[str, int, int]]:
        # A row that matches nowhere cannot match in the alternation, and a
        # search per row (re skips ahead on its literal prefix) is far cheaper
        # than trying every row at every character: most texts need no scan.
        present = tuple(i for i, row in enumerate(self.rows) if row.search(text))
        if not present:
            return []
        pattern = _alternation(tuple((i, self.rows[i].pattern) for i in present))
        return [(self.names[int(m.lastgroup[1:])], m.start(), m.end()) for m in pattern.finditer(text)]


@lru_cache(maxsize=256)
def _alternation(rows: tuple[tuple[int, str], ...]) -> re.Pattern:
    """Rows (index, pattern) in file order as one regex, group g<index> per row."""
    return re.compile("|".join(f"(?P<g{i}>{pattern})" for i, pattern in rows))


@dataclass(frozen=True)
class Lexicon:
    """The compiled word lists of ``kg/extract/data/relation_*``."""

    joint_cue: re.Pattern  # after A与B: a joint act follows
    partner_prefix: re.Pattern  # A联合B: the verb before B
    object_marker: re.Pattern  # 向A和B: A and B are objects
    recommendation: re.Pattern
    document_suffix: re.Pattern
    anaphora: Vocabulary  # name = what the plural reference stands for: pair, many
    owners: dict[str, frozenset[str]]  # mechanism → the org types that can use it
    shared: dict[str, frozenset[str]]  # … and these types when acting jointly on it (A与B运用大数据模型)
    body_word: re.Pattern  # 湖北省各级检察机关: a body of the place, not the place
    joint_adverb: re.Pattern  # A与B…，共同…: a joint act anywhere later in the sentence
    summary: re.Pattern  # 截至目前，…: results of the article's actors
    scope: dict[str, frozenset[str]]  # 全省 → provincial: whose totals a summary reports

    @classmethod
    def load(cls) -> "Lexicon":
        partners = alternation(read_lines("relation_partner_verbs.txt"))
        return cls(
            joint_cue=re.compile(
                r"^[^，。；]{0,12}?(?:%s)" % alternation(read_lines("relation_joint_cues.txt"))),
            partner_prefix=re.compile(r"(?:%s)了?(?:[^，。；、]{1,8}[、和与及])?$" % partners),
            object_marker=re.compile(alternation(read_lines("relation_object_markers.txt"))),
            recommendation=re.compile(alternation(read_lines("relation_recommendation_words.txt"))),
            document_suffix=re.compile(
                r"(?:%s)$" % alternation(read_lines("relation_document_suffixes.txt"))),
            anaphora=Vocabulary.load("relation_anaphora.csv"),
            owners={r["mechanism_id"]: frozenset(r["org_types"].split("|"))
                    for r in read_rows("relation_mechanism_owners.csv")},
            shared={r["mechanism_id"]: frozenset(r["joint"].split("|"))
                    for r in read_rows("relation_mechanism_owners.csv") if r["joint"]},
            body_word=re.compile(alternation(read_lines("relation_body_words.txt"))),
            joint_adverb=re.compile(alternation(read_lines("relation_joint_adverbs.txt"))),
            summary=re.compile(r"[\s“”\"]*(?:据(?:不完全)?统计|据了解|据悉)?[，,\s]*(?:\d{4}年)?(?:%s)"
                               % alternation(read_lines("relation_summary_cues.txt"))),
            scope=_scope_levels(read_rows("relation_scope_words.csv")),
        )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The cue lexicon, read once: the cascade and the candidate reader share it."""
    return Lexicon.load()


@dataclass
class Actor:
    """A span in a clause that stands for organisations (an org mention, or
    双方/该院 resolved to the orgs they refer to)."""

    start: int
    end: int
    ids: tuple[str, ...]
    refers: str = ""  # for a plural reference: pair (双方), many (多部门); relation_anaphora.csv
    cited: bool = False  # named as the issuer of a cited text (根据A《…》), not acting


@dataclass
class Group:
    """Actors joined by 、/和/与 (weak) or a partner verb (strong)."""

    members: list[Actor]
    strong: bool = False
    lead: int = 0  # members before the first 与/联合 …: A of A与B、C

    @property
    def lead_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for a in self.members[:self.lead] for i in a.ids))

    @property
    def start(self) -> int:
        return self.members[0].start

    @property
    def end(self) -> int:
        return self.members[-1].end

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for a in self.members for i in a.ids))


@dataclass
class Clause:
    """A clause with the organisations acting in it (own or inherited)."""

    start: int
    end: int
    sentence: tuple[int, int]
    actors: tuple[str, ...] = ()
    inherited: bool = True
    joint: bool = False  # the actors act jointly, as this sentence says
    objects: list[Group] = field(default_factory=list)


@dataclass
class _State:
    """What the walk remembers across clauses of one article."""

    actors: tuple[str, ...] = ()
    joint: list[tuple[str, ...]] = field(default_factory=list)  # joint sets, in order
    recent: list[str] = field(default_factory=list)  # org ids, most recent last
    lead: tuple[str, ...] = ()  # the first actors: those of the title or lead sentence
    subjects: dict[str, int] = field(default_factory=dict)  # org id → clauses it opens
    issued: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)  # titles by co-issuers
    partnered: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # A+B of 与B… → A


def unique(rels: list[Relation]) -> list[Relation]:
    """One instance per relation, ends and sentence; the first rule wins."""
    first: dict[tuple, Relation] = {}
    for r in rels:
        first.setdefault(r[:5], r)
    return list(first.values())


def _issuer_lines(text: str, mentions) -> list[Relation]:
    """An official notice's issuers, one per line in its heading (重庆市人力资源
    和社会保障局 / 重庆市总工会 / 关于…的通知 / 渝人社〔2025〕526号): co-issuers.
    The heading ends at the document number, else at the 关于… title."""
    lines, pos = [], 0
    for line in text.split("\n")[:ISSUER_HEADING_LINES]:
        lines.append((pos, line.strip(), pos + len(line) - len(line.lstrip())))
        pos += len(line) + 1
    docno = patterns()["line.docno"]
    end = next((k for k, (_, body, _) in enumerate(lines) if docno.match(body)), None)
    if end is None:
        end = next((k for k, (_, body, _) in enumerate(lines) if body.startswith("关于")), 0)
    named = {m.start: m for m in mentions if m.org is not None}
    issuers = [m for _, body, at in lines[:end]
               if (m := named.get(at)) is not None and _ISSUER_LINE.fullmatch(body[len(m.text):])]
    if len(issuers) < 2:
        return []
    ids = tuple(dict.fromkeys(m.org.node_id for m in issuers))
    span = (lines[0][0], lines[end][0])
    return [("cooperates_with", a, b, *span, "co_issuer_lines") for a, b in _pairs(ids)]


def _lead(g: Group, rule: str, current: tuple[str, ...]) -> tuple[str, ...]:
    """Who leads a joint act: the clause's actors when group ``g`` joins them
    (…与B合作, 联合B), else the members before the group's first 与/联合
    (A与B、C); () for a plain list (A、B、C共同)."""
    if rule == "partner_with" or (rule == "partner_verb" and not g.lead):
        return current
    return g.lead_ids


def _pairs(ids: tuple[str, ...]):
    return combinations(sorted(set(ids)), 2)


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    """The matches of ``pattern``, overlapping ones merged, in order."""
    out: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        if out and m.start() <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], m.end()))
        else:
            out.append(m.span())
    return out


def _uncited(text: str, start: int, end: int, cited: list[tuple[int, int]],
             starts: list[int]) -> str:
    """text[start:end] without what is cited in it (根据C《…》), so that
    A与B根据C《…》设立 reads A与B设立; ``starts`` are those of ``cited``."""
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    parts, pos = [], start
    for s, e in cited[i:]:
        if s >= end:
            break
        if e > pos:
            parts.append(text[pos:max(s, pos)])
            pos = e
    parts.append(text[pos:end])
    return "".join(parts)


def _issued_end(text: str, start: int, cited: list[tuple[int, int]], starts: list[int]) -> int:
    """Where the titles issued by the organisations ending at ``start`` end:
    A、B《…》和《…》, or the rest of the title A、B are named in (《A B关于…》)."""
    chain = _TITLES.match(text, start)
    if chain:
        return chain.end()
    i = bisect.bisect_right(starts, start) - 1
    return cited[i][1] if i >= 0 and start < cited[i][1] else start


def _scope_levels(rows: list[dict[str, str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["word"], set()).add(r["level"])
    return {w: frozenset(levels) for w, levels in out.items()}


def _main_actors(state: _State) -> tuple[str, ...]:
    """The article's main actors: those of its title or lead sentence and
    the organisations that open clauses when a few do (else the one that
    opens most)."""
    subjects = state.subjects
    top = tuple(subjects) if len(subjects) <= 3 else (max(subjects, key=subjects.get),)
    return tuple(dict.fromkeys(state.lead + top))


class RelationExtractor:
    """Reads org–org, org–mechanism, org–outcome, org–document and location
    relations; see the module docstring."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lex = lexicon()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        orgs = {m.org.node_id: m.org for m in doc._.orgs if m.org is not None}
        cited = _spans(_CITED, text)
        actors = self._actors(doc, text, cited)
        rels: list[Relation] = doc._.relations
        state = _State()
        clauses = self._walk(text, actors, orgs, rels, state, cited)
        rels.extend(_issuer_lines(text, doc._.orgs))
        self._attach(doc, text, orgs, clauses, rels, state)
        self._documents(doc, text, clauses, rels)
        doc._.relations = unique(rels)
        return doc

    # -- actors and clauses -------------------------------------------------

    def _actors(self, doc: Doc, text: str, cited: list[tuple[int, int]] = ()) -> list[Actor]:
        """Linked org mentions (the linker alone decides which organisation a
        span is) and plural references (双方, 多部门: resolved later, in
        reading order), sorted by offset."""
        spans: list[Actor] = []
        taken = []
        for m in sorted(doc._.orgs, key=lambda m: m.start):
            if m.org is not None:
                spans.append(Actor(m.start, m.end, (m.org.node_id,)))
                taken.append((m.start, m.end))
        for refers, start, end in self.lex.anaphora.find(text):
            if not any(s < end and start < e for s, e in taken):
                spans.append(Actor(start, end, (), refers))
        starts = [s for s, _ in cited]
        for a in spans:
            i = bisect.bisect_right(starts, a.start) - 1
            a.cited = i >= 0 and cited[i][0] < a.start < cited[i][1]  # 《中国工人》杂志社 is not
        spans.sort(key=lambda a: a.start)
        return spans

    def _resolve(self, actor: Actor, state: _State) -> Actor:
        refers = actor.refers
        if not refers:
            return actor
        if refers == "pair":  # 双方: the last two that acted jointly, or were named
            pairs = [j for j in state.joint if len(j) == 2]
            ids = pairs[-1] if pairs else tuple(dict.fromkeys(reversed(state.recent)))[:2]
            ids = ids if len(ids) == 2 else ()
        else:  # many — 多部门: the last larger joint set
            ids = next((j for j in reversed(state.joint) if len(j) > 2), ())
        return Actor(actor.start, actor.end, ids, refers, actor.cited)

    def _groups(self, text: str, actors: list[Actor]) -> list[Group]:
        groups: list[Group] = []
        for a in actors:
            if groups and groups[-1].members[-1].cited == a.cited and groups[-1].end <= a.start:
                between = text[groups[-1].end:a.start]
                partner = self.lex.partner_prefix.search(between) and len(between) <= 12
                if _WEAK_JOIN.fullmatch(between) or (a.cited and not between) or partner:  # 《A法院B工会关于…》
                    g = groups[-1]
                    if not g.lead and (partner or between.strip() in ("与", "同", "跟")):
                        g.lead = len(g.members)
                    g.members.append(a)
                    g.strong = g.strong or bool(partner)
                    continue
            groups.append(Group([a]))
        return groups

    def _walk(self, text: str, actors: list, orgs: dict[str, Org],
              rels: list[Relation], state: _State, cited: list[tuple[int, int]]) -> list[Clause]:
        """Clauses in reading order with their actors; emits cooperates_with."""
        clauses: list[Clause] = []
        starts = [a.start for a in actors]
        cstarts = [s for s, _ in cited]
        # where the next acting organisation starts (A、B等多部门共同…: the group's own summary word is none)
        acting = [a.start for a in actors if not a.cited and a.refers not in ("pair", "many")]
        for ss, se in split_sentences(text):
            organisers: list[str] = []
            adverbial: list[Clause] = []
            # the sentence's joint set, and who acts after it: A of A与B、C协作…; those
            # before a list of attendees (A举行仪式，B、C等多部门参与…)
            helped: tuple[tuple[str, ...], tuple[str, ...]] | None = None
            before = state.actors
            together: tuple[str, ...] = ()  # the joint set this sentence names
            first = len(clauses)  # this sentence's first clause
            for cm in _CLAUSE.finditer(text, ss, se):
                cs, ce = cm.span()
                lo, hi = bisect.bisect_left(starts, cs), bisect.bisect_left(starts, ce)
                found = [a for a in (self._resolve(a, state) for a in actors[lo:hi]) if a.ids]
                for a in found:
                    if not a.cited:
                        state.recent.extend(i for i in a.ids if i in orgs)
                clause = Clause(cs, ce, (ss, se))
                subject: tuple[str, ...] = ()
                for g in self._groups(text, found):
                    prefix, suffix = text[cs:g.start], _uncited(text, g.end, ce, cited, cstarts)
                    issuers = len(g.ids) > 1 and (_ISSUERS.match(text, g.end) or (
                        g.members[0].cited and _COSIGNED.match(text, g.end, ce)))
                    # 根据A与B签订的协议: the cited text's co-signers
                    if issuers:  # A、B《关于…》: co-issuers of the document
                        rels.extend(("cooperates_with", a, b, ss, se, "co_issuers") for a, b in _pairs(g.ids))
                        state.issued.append((g.end, _issued_end(text, g.end, cited, cstarts), g.ids))
                    if g.members[0].cited:
                        continue
                    nxt = bisect.bisect_left(acting, g.end)  # the next organisation not cited
                    stop = min(acting[nxt], se) if nxt < len(acting) else se
                    current = subject or state.actors
                    rest = _uncited(text, g.end, stop, cited, cstarts)
                    joint, rule = self._joint_act(g, prefix, suffix, current, rest)
                    if rule == "partner_with" and not subject and current in state.partnered:
                        # A与B签订…。与C设立…: A acts again, with C only
                        current = state.partnered[current]
                        joint, rule = self._joint_act(g, prefix, suffix, current, rest)
                    if _ORGANISER.search(suffix) or (prefix.endswith("由") and "办" in suffix):
                        organisers.extend(g.ids)
                    subject_like = (len(prefix) < 24 and _SUBJECT_PREFIX.fullmatch(prefix)) or prefix.endswith("由")
                    if joint:
                        lead = _lead(g, rule, current)
                        pairs = (sorted({tuple(sorted((a, b))) for a in lead for b in joint if b not in lead})
                                 if lead and _RESPECTIVELY.match(suffix)  # A与B、C分别…: A with each
                                 else _pairs(joint))
                        rels.extend(("cooperates_with", a, b, ss, se, rule) for a, b in pairs)
                        state.joint.append(joint)
                        if lead:
                            state.partnered[joint] = lead
                        if rule == "partner_with" and lead == current:
                            helped = (joint, lead)
                        elif _ATTENDING.match(suffix) and before:
                            helped = (joint, before)
                        if rule.startswith("partner") and len(current) == 1 and not together:
                            # A依托…，重点运用…，联合B走访: A's whole act is joint
                            for c in clauses[first:]:
                                if c.actors == current and _MEANS.match(text, c.start, c.end):
                                    c.actors, c.joint = joint, True
                        subject = together = joint
                    elif not subject and subject_like:
                        subject = g.ids
                    elif not issuers:
                        clause.objects.append(g)
                if not subject and self._place_subject(text, cs, ce, found):
                    state.actors, clause.inherited = (), False
                if subject:
                    state.actors, clause.inherited = subject, False
                    for i in subject:
                        state.subjects[i] = state.subjects.get(i, 0) + 1
                    for c in adverbial:
                        c.actors, c.inherited = subject, False
                    adverbial = []
                elif _ADVERBIAL.match(text, cs):
                    adverbial.append(clause)
                clause.actors = state.actors
                clause.joint = bool(together) and clause.actors == together
                clauses.append(clause)
            if helped and state.actors == helped[0]:
                state.actors = helped[1]
            if len(set(organisers)) > 1:
                rels.extend(("cooperates_with", a, b, ss, se, "co_organisers")
                            for a, b in _pairs(tuple(organisers)))
        main = state.lead = next((c.actors for c in clauses if c.actors), ())
        for c in clauses:
            if c.actors:
                break
            if c.inherited:
                c.actors = main
        return clauses

    def _joint_act(self, g: Group, prefix: str, suffix: str,
                   current: tuple[str, ...], rest: str = "") -> tuple[tuple[str, ...], str]:
        """The organisations acting jointly in group ``g`` of a clause (with the
        clause's current actors for 联合B, 与B合作) and the rule; () for none.
        ``rest`` is the sentence after the group up to the next organisation."""
        lex = self.lex
        joint, rule = (), ""
        several = len(g.ids) > 1 and not lex.object_marker.search(prefix)
        if lex.partner_prefix.search(prefix) and current:
            joint, rule = current + g.ids, "partner_verb"
        elif (_WEAK_PARTNER.search(prefix) and current
              and (lex.joint_cue.search(suffix) or lex.joint_adverb.search(rest))
              and not _POSSESSIVE.search(suffix) and not lex.object_marker.search(prefix[-10:])):
            # 与B合作, but not 指导该公司与B签订 (others act)
            joint, rule = current + g.ids, "partner_with"
        elif g.strong:
            joint, rule = g.ids, "partner_verb"
        elif several and lex.joint_cue.search(suffix) and not _POSSESSIVE.search(suffix):
            joint, rule = g.ids, "joint_subject"
        elif len(g.ids) > 1 and prefix.endswith("在") and _PRESENCE.search(suffix):
            joint, rule = g.ids, "joint_presence"
        elif (several and not rest.startswith("的") and _SUBJECT_PREFIX.fullmatch(prefix)
              and lex.joint_adverb.search(rest)):
            joint, rule = g.ids, "joint_adverb"
        joint = tuple(dict.fromkeys(joint))
        return (joint, rule) if len(joint) > 1 else ((), "")

    def _place_subject(self, text: str, cs: int, ce: int, found: list[Actor]) -> bool:
        """A clause opened by a place name (澜沧县借此开展…, 我市将…) is about
        the place's government, not the organisations named before it."""
        head = _SUBJECT_PREFIX.match(text, cs, min(ce, cs + 24)).end()
        if _OWN_PLACE.match(text, head, ce):  # 我市将加大…
            return True
        window = text[head:head + 12]
        if not gazetteer().starts_with_name(window):
            return False
        places = gazetteer().find(window)
        if not places or places[0][0] != 0 or any(a.start == head for a in found):
            return False
        rest = head + places[-1][1]
        return not self.lex.body_word.search(text, rest, min(ce, rest + 6))

    # -- attaching mechanisms, outcomes, addressees ---------------------------

    def _attach(self, doc: Doc, text: str, orgs: dict[str, Org], clauses: list[Clause],
                rels: list[Relation], state: _State) -> None:

        ends = [c.end for c in clauses]

        def clause_at(offset: int) -> Clause | None:
            i = bisect.bisect_right(ends, offset)
            return clauses[i] if i < len(clauses) and clauses[i].start <= offset else None

        topics = _spans(_TOPIC, text)
        tstarts = [s for s, _ in topics]
        istarts = [s for s, _, _ in state.issued]
        for m in doc._.mechanisms:
            c = clause_at(m.start)
            t = bisect.bisect_right(tstarts, m.start) - 1
            if c is None or (t >= 0 and m.start < topics[t][1]):  # only the topic
                continue
            i = bisect.bisect_right(istarts, m.start) - 1
            if i >= 0 and m.start < state.issued[i][1]:  # in a title after its co-issuers
                rels.extend(("uses_mechanism", o, m.node_id, *c.sentence, "document_issuer")
                            for o in state.issued[i][2])
                continue
            owners = self.lex.owners.get(m.mechanism_id)
            actors = c.actors
            if owners:  # a 检察建议 is the procuratorate's, even in a joint act
                if c.joint:  # a 公益诉讼 the union and the procuratorate pursue together
                    owners = owners | self.lex.shared.get(m.mechanism_id, frozenset())
                actors = tuple(i for i in actors if orgs[i].org_type in owners)
            rule = "inherited_actor" if c.inherited else "clause_actor"
            rels.extend(("uses_mechanism", i, m.node_id, *c.sentence, rule) for i in actors)
        art_id = doc._.article.id
        main = _main_actors(state)
        for m in doc._.outcomes:
            c = clause_at(m.start)
            if c is None or not m.core:
                continue
            oid = outcome_id(art_id, m.start)
            rule = "inherited_actor" if c.inherited else "clause_actor"
            actors = c.actors
            if (c.inherited or not actors) and self.lex.summary.match(text, c.sentence[0]):
                # 截至目前，X家…: the results of the article's actors
                actors, rule = self._summary_actors(text, c, actors + main, orgs), "summary_main_actors"
            rels.extend(("resulted_in", i, oid, *c.sentence, rule) for i in actors)
        for c in clauses:
            body = text[c.start:c.end]
            for g in c.objects:
                prefix = text[c.start:g.start]
                links = [(a, b) for a in c.actors for b in g.ids if a != b]
                if _ADDRESS_PREFIX.search(prefix) and self.lex.recommendation.search(body):
                    rels.extend(("recommends_to", a, b, *c.sentence, "recommendation_addressee")
                                for a, b in links)
                elif _CLUE_TARGET_PREFIX.search(prefix) or (
                        _ADDRESS_PREFIX.search(prefix) and _CLUE_VERB.search(body)):
                    rels.extend(("refers_clue_to", a, b, *c.sentence, "clue_transfer")
                                for a, b in links)
                elif _SOURCE_PREFIX.search(prefix) and "线索" in body:
                    rels.extend(("refers_clue_to", b, a, *c.sentence, "clue_source")
                                for a, b in links)

    def _summary_actors(self, text: str, c: Clause, actors: tuple[str, ...],
                        orgs: dict[str, Org]) -> tuple[str, ...]:
        """The actors a summary's results go to: those of the level its scope
        word names (全省共发出… → the provincial body), else all."""
        actors = tuple(dict.fromkeys(actors))
        words = [w for w in self.lex.scope if w in text[c.sentence[0]:c.sentence[1]]]
        levels = frozenset().union(*(self.lex.scope[w] for w in words))
        scoped = tuple(i for i in actors if orgs[i].level in levels)
        return scoped or actors

    # -- documents and places -------------------------------------------------

    def _documents(self, doc: Doc, text: str, clauses: list[Clause],
                   rels: list[Relation]) -> None:
        """《…》 documents: a node when the title reads like a policy document
        or follows an issuing verb; ``issued`` from the clause's actors."""
        date = doc._.article.date
        starts = [c.start for c in clauses]
        for hit in _TITLE.finditer(text):
            name = hit.group(1).strip()
            i = bisect.bisect_right(starts, hit.start()) - 1
            clause = clauses[i] if i >= 0 else None
            issued = clause is not None and _ISSUE_VERB.search(text[clause.start:hit.start()])
            if not (issued or self.lex.document_suffix.search(name)):
                continue
            nid = node_id("document", name)
            doc._.nodes.setdefault(nid, Node(nid, "document", name, {"date": date}))
            doc._.node_mentions.append((nid, hit.start(1), hit.end(1)))
            if issued:
                rels.extend(("issued", a, nid, *clause.sentence, "issuing_verb")
                            for a in clause.actors)
