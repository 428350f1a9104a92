"""Candidate relations and their features (DESIGN §3.2), for the decision
component (kg.extract.decide) to keep or drop.

With the right organisations, candidates are easy: almost every pair of
agencies that the text says act jointly is named in one sentence. So the
candidates are every pair of linked organisations in one sentence, pairs
joined across sentences by a plural reference (双方, 两家单位, 上述部门 …),
organisation–mechanism pairs of one sentence, organisation–outcome pairs of
the sentence, the paragraph and, for summaries (截至目前, 据统计), the
article's main actors — plus whatever the cue cascade (kg.extract.relations)
read, since its reading is the strongest cue of all. Each candidate carries
binary features named after the cue that fired (``joint_cue``,
``partner_verb``, ``organiser``, ``cited`` …): the word lists of
``data/relation_*`` are read as features, not as verdicts.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from kg.extract.mentions import Org, doc_text
from kg.extract.relations import (
    _CITED,
    _SUBJECT_PREFIX,
    _TITLE,
    _WEAK_JOIN,
    Lexicon,
    _pairs,
    _spans,
    alternation,
    lexicon,
)
from kg.extract.resources import read_lines, read_rows
from kg.extract.sentences import split_sentences
from kg.ids import outcome_id

COOPERATION, MECHANISM, OUTCOME = "cooperates_with", "uses_mechanism", "resulted_in"
DIRECTED = ("refers_clue_to", "recommends_to")  # read by the cascade only; keep their direction
DECIDED = (COOPERATION, MECHANISM, OUTCOME, *DIRECTED)
_CLAUSE_CUT = re.compile(r"[，,：:；;]")
_LINE = re.compile(r"[^\n]+")
_PLURAL_SPAN = 3  # sentences back a plural reference (双方) may reach
_SALUTATION = re.compile(r"\s*各[^。；;！？]*[：:]")  # 各市、县人社局、总工会：the addressees of a notice
_SENTENCE_MARK = re.compile(r"[，,。：:；;！？!?]")
# paragraphs back where the organisation credited with a mechanism / an outcome may be named
PARAGRAPHS_BACK = {MECHANISM: 1, OUTCOME: 2}
ROLE_WINDOW = 5  # characters around a mention where its role word stands
NAME_LINE_MAX = 24  # longest line read as one name (or two: A/B) in a run of names
_DATE_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月")
# features an item (pair, org + mechanism, org + outcome) has when any of its instances has them
PAIR_FEATURES = frozenset({"same_list", "list_joint_cue", "partner_between", "partner_before", "joint_cue_after",
                           "joint_adverb_after", "plural_reference", "line_block", "same_clause", "in_sentence",
                           "org_opens", "first_opens", "nearest", "owner", "list_possessive", "list_object",
                           "cited", "in_title", "summary"})
ISSUER_TOP_LINES = 20  # lines from the top where a notice lists its issuers


@dataclass(frozen=True)
class Cues:
    """The feature word lists (``data/candidate_cues.csv``: family, pattern)."""

    families: dict[str, re.Pattern]

    @classmethod
    def load(cls) -> "Cues":
        words: dict[str, list[str]] = {}
        for r in read_rows("candidate_cues.csv"):
            words.setdefault(r["family"], []).append(r["word"])
        return cls({f: re.compile(alternation(w)) for f, w in words.items()})

    def found(self, text: str, start: int, end: int) -> list[str]:
        return [f for f, rx in self.families.items() if rx.search(text, start, end)]


@lru_cache(maxsize=1)
def resources() -> tuple[Lexicon, Cues, re.Pattern]:
    plural = re.compile(alternation(read_lines("candidate_plural_references.txt")))
    return lexicon(), Cues.load(), plural


@dataclass
class Candidate:
    """One possible relation instance: ends, the sentence that says it, the
    cue that proposed it and its features (name → 1.0)."""

    relation: str
    source: str
    target: str
    start: int
    end: int
    cue: str = "cooccurrence"
    features: dict[str, float] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.relation, self.source, self.target, self.start, self.end)


@dataclass
class _Place:
    """Where an org mention is: offsets, sentence and paragraph index."""

    oid: str
    start: int
    end: int
    sentence: int
    paragraph: int
    cited: bool
    opens: bool  # opens its clause (after time words and connectives)


def _bucket(n: int, cuts: tuple[int, ...], name: str) -> str:
    for c in cuts:
        if n <= c:
            return f"{name}<={c}"
    return f"{name}>{cuts[-1]}"


class CandidateReader:
    """Builds the candidates of one processed Doc; see the module docstring."""

    def __init__(self):
        self.lex, self.cues, self.plural = resources()

    def __call__(self, doc: Doc, cascade: list[tuple]) -> list[Candidate]:
        text = doc_text(doc)
        orgs = {m.org.node_id: m.org for m in doc._.orgs if m.org is not None}
        sentences = split_sentences(text)
        if not sentences or not orgs:
            return []
        context = _Context(text, sentences, orgs, self)
        context.place([m for m in doc._.orgs if m.org is not None])
        found: dict[tuple, Candidate] = {}

        def add(c: Candidate) -> None:
            old = found.get(c.key)
            if old is None:
                found[c.key] = c
            else:
                old.features.update(c.features)
                if c.cue != "cooccurrence" and old.cue == "cooccurrence":
                    old.cue = c.cue

        for c in context.cooperations(self.plural):
            add(c)
        for c in context.line_blocks():
            add(c)
        for c in context.mechanisms(doc._.mechanisms):
            add(c)
        for c in context.outcomes(doc):
            add(c)
        for rel, a, b, ss, se, rule in cascade:
            if rel not in DECIDED:
                continue
            if rel == COOPERATION:
                a, b = sorted((a, b))
            c = Candidate(rel, a, b, ss, se, rule, {f"rule:{rule}": 1.0, "rule": 1.0})
            if c.key not in found:
                c.features.update(context.base(c, context.sentence_of(ss)))
            add(c)
        counts = Counter((c.relation, c.source, c.target) for c in found.values())
        anywhere: dict[tuple, set[str]] = {}  # the pair's cues in any of its instances
        for c in found.values():
            anywhere.setdefault((c.relation, c.source, c.target), set()).update(
                k for k in c.features if k in PAIR_FEATURES or k.startswith("rule"))
        for c in found.values():
            pair = (c.relation, c.source, c.target)
            c.features.update((f"pair:{k}", 1.0) for k in anywhere[pair])
            c.features[_bucket(counts[pair], (1, 2, 4), "instances")] = 1.0
        return list(found.values())


class _Context:
    """One article's text, sentences, paragraphs (lines) and where its
    organisations are named, and the candidate generators over them."""

    def __init__(self, text: str, sentences, orgs: dict[str, Org], reader: CandidateReader):
        self.text, self.sentences, self.orgs, self.reader = text, sentences, orgs, reader
        self.s_starts = [s for s, _ in sentences]
        self.lines = [m.span() for m in _LINE.finditer(text)]
        self.l_starts = [s for s, _ in self.lines]
        self.cited = _spans(_CITED, text)
        self.c_starts = [s for s, _ in self.cited]
        self.places: list[_Place] = []
        self.by_sentence: dict[int, list[_Place]] = {}
        self.mains: dict[str, str] = {}  # org id → why it is a main actor
        self.blocks: list[tuple[int, int, list[str], dict[str, float]]] = []
        self._by_sentence_features: dict[int, dict[str, float]] = {}  # filled after place()

    def sentence_of(self, pos: int) -> int:
        return max(bisect.bisect_right(self.s_starts, pos) - 1, 0)

    def paragraph_of(self, pos: int) -> int:
        return max(bisect.bisect_right(self.l_starts, pos) - 1, 0)

    def _in_cited(self, pos: int) -> bool:
        i = bisect.bisect_right(self.c_starts, pos) - 1
        return i >= 0 and self.cited[i][0] <= pos < self.cited[i][1]

    def place(self, mentions) -> None:
        text = self.text
        for m in sorted(mentions, key=lambda m: m.start):
            k = self.sentence_of(m.start)
            ss = self.sentences[k][0]
            clause = max(text.rfind(c, ss, m.start) for c in "，,：:；;")
            head = ss if clause < 0 else clause + 1
            opens = _SUBJECT_PREFIX.fullmatch(text, head, m.start) is not None
            p = _Place(m.org.node_id, m.start, m.end, k, self.paragraph_of(m.start),
                       self._in_cited(m.start), opens)
            self.places.append(p)
            self.by_sentence.setdefault(k, []).append(p)
        self.mains = _main_actors(self.places)
        self.blocks = self._blocks()
        for _, _, ids, _ in self.blocks:
            for oid in ids:
                self.mains.setdefault(oid, "line_block")

    def _blocks(self) -> list[tuple[int, int, list[str], dict[str, float]]]:
        """Runs of lines that each hold nothing but organisation names (the
        issuers above a notice's title or under its text): (start, end, org
        ids, features of what follows the run)."""
        by_line: dict[int, list[_Place]] = {}
        for p in self.places:
            by_line.setdefault(p.paragraph, []).append(p)
        runs, run = [], []
        for i, (ls, le) in enumerate(self.lines):
            line = self.text[ls:le].strip()
            if not line:
                continue
            if len(line) <= NAME_LINE_MAX and not _SENTENCE_MARK.search(line) and not _DATE_LINE.match(line):
                run.append(i)  # a name, recognised or not (中共…, an unknown body)
                continue
            runs.append((run, i))
            run = []
        runs.append((run, len(self.lines)))
        runs = [([i for i in r if i in by_line], after) for r, after in runs]
        runs = [(r, after) for r, after in runs if len(r) > 1]
        out = []
        for run, after in runs:
            ids = list(dict.fromkeys(p.oid for i in run for p in by_line[i]))
            if len(ids) < 2:
                continue
            f = {_bucket(len(ids), (3, 6), "block"): 1.0}
            nxt = self.text[self.lines[after][0]:self.lines[after][1]].strip() if after < len(self.lines) else ""
            if _DATE_LINE.match(nxt):
                f["block_then_date"] = 1.0
            elif nxt.startswith("关于") or "通知" in nxt[:40]:
                f["block_then_title"] = 1.0
            if run[0] < ISSUER_TOP_LINES:
                f["block_at_top"] = 1.0
            out.append((self.lines[run[0]][0], self.lines[run[-1]][1], ids, f))
        return out

    def base(self, c: Candidate, k: int) -> dict[str, float]:
        """Features every candidate has: the sentence's cue families, its
        position, the organisations' types and standing in the article."""
        f = dict(self._sentence_features(k))
        for end, oid in (("src", c.source), ("dst", c.target)):
            if oid in self.orgs:
                f[f"{end}_type:{self.orgs[oid].org_type}"] = 1.0
                if oid in self.mains:
                    f[f"{end}_main:{self.mains[oid]}"] = 1.0
        return f

    def _sentence_features(self, k: int) -> dict[str, float]:
        """The part of ``base`` that depends on the sentence alone, computed
        once per sentence rather than once per pair in it."""
        if k not in self._by_sentence_features:
            ss, se = self.sentences[k]
            f = {"bias": 1.0, f"sentence:{_bucket(k, (0, 2), 'index')}": 1.0}
            if _SALUTATION.fullmatch(self.text, ss, se):
                f["salutation"] = 1.0
            f.update((f"cue:{x}", 1.0) for x in self.reader.cues.found(self.text, ss, se))
            n = len({p.oid for p in self.by_sentence.get(k, ())})
            f[_bucket(n, (1, 2, 4), "orgs")] = 1.0
            self._by_sentence_features[k] = f
        return self._by_sentence_features[k]

    def line_blocks(self) -> list[Candidate]:
        out = []
        for start, end, ids, extra in self.blocks:
            k = self.sentence_of(start)
            for a, b in _pairs(tuple(ids)):
                c = Candidate(COOPERATION, a, b, start, end, "line_block")
                c.features = {**self.base(c, k), "line_block": 1.0, **extra}
                out.append(c)
        return out

    def cooperations(self, plural: re.Pattern) -> list[Candidate]:
        out = []
        text, lex = self.text, self.reader.lex
        for k, places in self.by_sentence.items():
            ss, se = self.sentences[k]
            first: dict[str, _Place] = {}
            for p in places:
                first.setdefault(p.oid, p)
            ids = sorted(first)
            groups = _group_of(text, places)
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    pa, pb = sorted((first[a], first[b]), key=lambda p: p.start)
                    if pa.cited != pb.cited:  # 根据A《…》，B开展: what is cited is not done with B
                        continue
                    c = Candidate(COOPERATION, a, b, ss, se)
                    f = {**self.base(c, k), "in_sentence": 1.0}
                    between = text[pa.end:pb.start]
                    gap = len(between)
                    f[_bucket(gap, (1, 6, 20), "gap")] = 1.0
                    if not _CLAUSE_CUT.search(between):
                        f["same_clause"] = 1.0
                    if groups[id(pa)] == groups[id(pb)]:
                        f["same_list"] = 1.0
                        after = text[max(q.end for q in places if groups[id(q)] == groups[id(pb)]):se]
                        if lex.joint_cue.search(after):
                            f["list_joint_cue"] = 1.0
                        if after.startswith("的"):
                            f["list_possessive"] = 1.0
                        if lex.object_marker.search(text[max(ss, pa.start - 6):pa.start]):
                            f["list_object"] = 1.0
                    if lex.partner_prefix.search(text[ss:pb.start]):
                        f["partner_before"] = 1.0
                    if lex.joint_adverb.search(text, pb.end, se):
                        f["joint_adverb_after"] = 1.0
                    if pa.cited:
                        f["cited"] = 1.0
                    if pa.opens:
                        f["first_opens"] = 1.0
                    if pb.opens:
                        f["second_opens"] = 1.0
                    if self.orgs[a].org_type == self.orgs[b].org_type:
                        f["same_type"] = 1.0
                    if lex.partner_prefix.search(text, pa.end, pb.start):
                        f["partner_between"] = 1.0
                    if lex.joint_cue.match(text, pb.end, se):
                        f["joint_cue_after"] = 1.0
                    roles = [self._role(q, se) for q in (pa, pb)]
                    for role in set(roles) - {""}:
                        f[f"{'both' if roles[0] == roles[1] else 'one'}_{role}"] = 1.0
                    c.features = f
                    out.append(c)
            hit = plural.search(text, ss, se)
            if hit:
                named = self._recent(k, hit.start())
                for i, a in enumerate(named):
                    for b in named[i + 1:]:
                        a2, b2 = sorted((a, b))
                        c = Candidate(COOPERATION, a2, b2, ss, se, "plural_reference")
                        c.features = {**self.base(c, k), "plural_reference": 1.0}
                        out.append(c)
        return out

    def _role(self, p: _Place, end: int) -> str:
        """What the words around a mention make of it: an organiser (A牵头,
        B配合), an attendee (B出席), an object (向B, 督促B); '' for none."""
        fam = self.reader.cues.families
        after = self.text[p.end:min(end, p.end + ROLE_WINDOW)]
        if fam["organiser"].search(after):
            return "organiser"
        if fam["attendance"].search(after):
            return "attendee"
        if self.reader.lex.object_marker.search(self.text, max(0, p.start - ROLE_WINDOW), p.start):
            return "object"
        return ""

    def _recent(self, k: int, pos: int) -> list[str]:
        """The organisations a plural reference at ``pos`` of sentence ``k``
        stands for: those named before it in that sentence, else those of the
        nearest earlier sentence naming two or more, not cited."""
        here = [p.oid for p in self.by_sentence.get(k, ()) if p.start < pos and not p.cited]
        if len(set(here)) > 1:
            return list(dict.fromkeys(here))
        for j in range(k - 1, max(k - 1 - _PLURAL_SPAN, -1), -1):
            ids = list(dict.fromkeys(p.oid for p in self.by_sentence.get(j, ()) if not p.cited))
            if len(ids) > 1:
                return ids
        return []

    def _around(self, k: int, pos: int, relation: str) -> dict[str, dict[str, float]]:
        """The organisations that may have done what is named at ``pos`` of
        sentence ``k``: those of the sentence, of the paragraph before it,
        and the article's main actors; org id → features of where they are."""
        text = self.text
        para = self.paragraph_of(pos)
        seen: dict[str, dict[str, float]] = {}
        for j in range(k, -1, -1):
            places = self.by_sentence.get(j, ())
            if places and para - places[0].paragraph > PARAGRAPHS_BACK[relation]:
                break
            for p in places:
                if p.oid in seen or p.cited:  # 根据A《…》: A issued what is cited
                    continue
                where = ("in_sentence" if j == k else "in_paragraph" if p.paragraph == para
                         else "in_earlier_paragraph")
                f = {where: 1.0, _bucket(k - j, (0, 1, 3), "back"): 1.0}
                if j == k:
                    between = text[min(p.end, pos):max(p.end, pos)]
                    if not _CLAUSE_CUT.search(between):
                        f["same_clause"] = 1.0
                    f["org_before" if p.start < pos else "org_after"] = 1.0
                    f[_bucket(len(between), (2, 10, 30), "gap")] = 1.0
                if p.opens:
                    f["org_opens"] = 1.0
                if not seen:
                    f["nearest"] = 1.0
                seen[p.oid] = f
        for oid in self.mains:
            seen.setdefault(oid, {"main_only": 1.0})
        return seen

    def mechanisms(self, mentions) -> list[Candidate]:
        out = []
        text, lex = self.text, self.reader.lex
        for m in mentions:
            k = self.sentence_of(m.start)
            ss, se = self.sentences[k]
            owners = lex.owners.get(m.mechanism_id)
            titled = any(h.start() <= m.start < h.end() for h in _TITLE.finditer(text, ss, se))
            for org, extra in self._around(k, m.start, MECHANISM).items():
                c = Candidate(MECHANISM, org, m.node_id, ss, se)
                c.features = {**self.base(c, k), **extra}
                if owners:
                    c.features["owner" if self.orgs[org].org_type in owners else "not_owner"] = 1.0
                if titled:
                    c.features["in_title"] = 1.0
                out.append(c)
        return out

    def outcomes(self, doc: Doc) -> list[Candidate]:

        out = []
        text, lex = self.text, self.reader.lex
        art = doc._.article.id
        for m in doc._.outcomes:
            k = self.sentence_of(m.start)
            ss, se = self.sentences[k]
            summary = bool(lex.summary.match(text, ss))
            for org, extra in self._around(k, m.start, OUTCOME).items():
                c = Candidate(OUTCOME, org, outcome_id(art, m.start), ss, se)
                c.features = {**self.base(c, k), **extra}
                if summary:
                    c.features["summary"] = 1.0
                if m.core:
                    c.features["core"] = 1.0
                out.append(c)
        return out


def _group_of(text: str, places: list[_Place]) -> dict[int, int]:
    """Mentions of one sentence → the index of the list (A、B和C) they are in."""
    group, g, prev = {}, 0, None
    for p in places:
        if prev is not None and not (prev.end <= p.start and _WEAK_JOIN.fullmatch(text[prev.end:p.start])):
            g += 1
        group[id(p)] = g
        prev = p
    return group


def _main_actors(places: list[_Place]) -> dict[str, str]:
    """The article's main actors: those named in its first sentence (the
    title) and those it names most (at least twice)."""
    mains = {p.oid: "title" for p in places if p.sentence == 0 and not p.cited}
    counts = Counter(p.oid for p in places if not p.cited)
    if counts:
        top = max(counts.values())
        for oid, n in counts.items():
            if n == top and n > 1:
                mains.setdefault(oid, "most_named")
    return mains
