"""Assemble the case an article reports (DESIGN §3.1 ``case``) from what the
earlier components found.

An article reports a concrete case when it uses case words (本案, 督促整改,
追回, 调解成功 …) or reports core outcomes of an action against a named
labour-rights problem; an article that only announces a mechanism has no
case. The case's parties are the organisations the relation extractor saw
acting (jointly, with results, addressing or transferring); its name is
place + group + issue + 案 (营口市女职工未缴工伤保险案), so that two reports of
one case in the same place merge. Relations: ``involved_in`` (org → case),
``applies`` (case → mechanism), ``concerns`` (case → issue / group) and
``resulted_in`` (case → core outcome).
"""
from __future__ import annotations

import bisect
import csv
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.sentences import split_sentences
from kg.ids import node_id
from kg.models import Node

DATA = resources.files("kg.extract") / "data"
# Relations whose source organisation is a party to the action reported.
_ACTING = ("cooperates_with", "resulted_in", "recommends_to", "refers_clue_to")
_LINE = re.compile(r"[^\n]+")
_AUTONOMOUS = re.compile(r"^(..)\S*?族自治(县|旗)$")


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class Vocabulary:
    """Named patterns (issues.csv, groups.csv) as one regex with a group per name."""

    pattern: re.Pattern
    names: tuple[str, ...]

    @classmethod
    def load(cls, file: str) -> "Vocabulary":
        with (DATA / file).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        alternatives = "|".join(f"(?P<g{i}>{r['patterns']})" for i, r in enumerate(rows))
        return cls(re.compile(alternatives), tuple(r["name"] for r in rows))

    def find(self, text: str) -> list[tuple[str, int, int]]:
        return [(self.names[int(m.lastgroup[1:])], m.start(), m.end())
                for m in self.pattern.finditer(text)]


def short_place(name: str) -> str:
    """澜沧拉祜族自治县 → 澜沧县: the form a case name uses."""
    return _AUTONOMOUS.sub(r"\1\2", name)


class CaseBuilder:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.cues = re.compile("|".join(map(re.escape, _lines("relation_case_cues.txt"))))
        self.backrefs = re.compile("|".join(map(re.escape, _lines("relation_case_backrefs.txt"))))
        self.issues = Vocabulary.load("issues.csv")
        self.groups = Vocabulary.load("groups.csv")

    def __call__(self, doc: Doc) -> Doc:
        orgs = {m.org.node_id: m.org for m in doc._.orgs if m.org is not None}
        parties = _parties(doc._.relations, orgs)
        if not parties:
            return doc
        from kg.extract import outcome_id  # circular at import time

        text, art = doc.text, doc._.article
        spans = split_sentences(text)
        starts = [s for s, _ in spans]
        lines = [m.span() for m in _LINE.finditer(text)]
        line_starts = [s for s, _ in lines]

        def sentence(offset: int) -> tuple[int, int]:
            return spans[max(bisect.bisect_right(starts, offset) - 1, 0)]

        def paragraph(offset: int) -> tuple[int, int]:
            return lines[max(bisect.bisect_right(line_starts, offset) - 1, 0)]

        article_issues = self.issues.find(text)
        core = {outcome_id(art.id, m.start): m for m in doc._.outcomes if m.core}
        rels = doc._.relations
        for members in _clusters(parties, rels):
            paras = sorted({paragraph(pos) for p in members for pos in parties[p]})
            cues = [m for s, e in paras for m in self.cues.finditer(text, s, e)]
            outcomes = self._outcomes(text, members, rels, core, paragraph)
            if not (cues or (outcomes and article_issues)):
                continue
            issues = [h for s, e in paras for h in self.issues.find(text[s:e])] or article_issues
            groups = [h for s, e in paras for h in self.groups.find(text[s:e])]
            place, adcode = _common_place([orgs[p] for p in members])
            name = "".join((place, _most_common(groups), _most_common(issues) or "劳动权益", "案"))
            cid = node_id("case", name, adcode)
            doc._.nodes[cid] = Node(cid, "case", name, {"date": art.date, "place": place})
            doc._.node_mentions.extend((cid, m.start(), m.end()) for m in cues)
            anchor = sentence(cues[0].start() if cues else paras[0][0])
            rels.extend(("involved_in", p, cid, *anchor, "case_party") for p in members)
            for kind, vocabulary in (("issue", self.issues), ("group", self.groups)):
                for s, e in paras:
                    for label, a, b in vocabulary.find(text[s:e]):
                        nid = node_id(kind, label)
                        doc._.nodes.setdefault(nid, Node(nid, kind, label))
                        doc._.node_mentions.append((nid, s + a, s + b))
                        rels.append(("concerns", cid, nid, *sentence(s + a), f"{kind}_term"))
            rels.extend(("applies", cid, r[2], r[3], r[4], "party_mechanism")
                        for r in list(rels) if r[0] == "uses_mechanism" and r[1] in members)
            rels.extend(("resulted_in", cid, oid, *sentence(core[oid].start), "case_outcome")
                        for oid in outcomes)
        return doc

    def _outcomes(self, text, members, rels, core, paragraph) -> list[str]:
        """A lone party's case has the outcomes credited to it; a joint case
        the outcomes reported where the parties act jointly, and after that
        where the text refers back to the case (本案, 此案)."""
        if len(members) == 1:
            return list(dict.fromkeys(r[2] for r in rels if r[0] == "resulted_in"
                                      and r[1] in members and r[2] in core))
        joint = {paragraph(r[3]) for r in rels
                 if r[0] == "cooperates_with" and r[1] in members}
        first = min(s for s, _ in joint)
        joint |= {paragraph(m.start()) for m in self.backrefs.finditer(text, first)}
        return [oid for oid, m in core.items() if paragraph(m.start) in joint]


def _parties(relations, orgs) -> dict[str, list[int]]:
    """Organisations acting in the article, with the sentence offsets where they act."""
    parties: dict[str, list[int]] = {}
    for r in relations:
        if r[0] in _ACTING:
            ends = (r[1], r[2]) if r[0] == "cooperates_with" else (r[1],)
            for p in ends:
                if p in orgs:
                    parties.setdefault(p, []).append(r[3])
    return parties


def _clusters(parties, relations) -> list[list[str]]:
    """Parties that act jointly form one case, the others one each: a
    round-up of several actions gives several cases."""
    root = {p: p for p in parties}

    def find(p: str) -> str:
        while root[p] != p:
            root[p] = root[root[p]]
            p = root[p]
        return p

    for r in relations:
        if r[0] == "cooperates_with" and r[1] in root and r[2] in root:
            root[find(r[1])] = find(r[2])
    clusters: dict[str, list[str]] = {}
    for p in parties:
        clusters.setdefault(find(p), []).append(p)
    return list(clusters.values())


def _most_common(hits: list[tuple[str, int, int]]) -> str:
    """The label named most often, the earliest on ties; '' for none."""
    counts = Counter(label for label, _, _ in hits)
    return max(counts, key=lambda k: (counts[k], -next(s for x, s, _ in hits if x == k)),
               default="")


def _common_place(orgs) -> tuple[str, str]:
    """The lowest admin unit all parties share (name, adcode)."""
    for attr, width in (("county", 6), ("city", 4), ("province", 2)):
        names = {getattr(o, attr) for o in orgs}
        if len(names) == 1 and "" not in names:
            code = orgs[0].adcode
            adcode = (code[:width] + "0" * (6 - width)) if len(code) == 6 else ""
            return short_place(names.pop()), adcode
    return "", ""


@Language.factory("kg_case_builder")
def make_cases(nlp: Language, name: str) -> CaseBuilder:
    return CaseBuilder(nlp, name)
