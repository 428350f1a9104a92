"""Assemble the cases an article reports (DESIGN §3.1 ``case``) from what
the earlier components found.

The parties are the organisations the relation extractor saw acting (jointly,
with results, addressing or referring to one another); parties linked that
way form one case, so a round-up of actions gives several. Parties report a
concrete case when the paragraphs where they act use case words (本案,
督促整改, 追回, 调解成功 …), or report core outcomes of theirs together with a
named labour-rights problem or a weaker case word (案件, 诉讼); an article
that only announces a mechanism has no case. The name is place + group +
issues + 案 (营口市女职工未缴工伤保险、职场性骚扰等案: the first two issues as the
report names them), so two reports of one case merge.
Relations: ``involved_in`` (org → case), ``applies`` (case → mechanism),
``concerns`` (case → issue / group), ``resulted_in`` (case → core outcome).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter

import networkx as nx
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.relations import Vocabulary, alternation, unique
from kg.extract.resources import read_lines
from kg.extract.sentences import split_sentences
from kg.hierarchy import place_code
from kg.ids import node_id, outcome_id
from kg.models import Node

# Relations whose source organisation is a party to the action reported;
# for the pairwise ones the target is a party too, of the same case.
_ACTING = ("cooperates_with", "recommends_to", "refers_clue_to", "resulted_in")
_PAIRWISE = _ACTING[:3]
_LINE = re.compile(r"[^\n]+")
_AUTONOMOUS = re.compile(r"^(..)\S*?族自治(县|旗)$")


def short_place(name: str) -> str:
    """澜沧拉祜族自治县 → 澜沧县: the form a case name uses."""
    return _AUTONOMOUS.sub(r"\1\2", name)


class CaseBuilder:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.cues = re.compile(alternation(read_lines("relation_case_cues.txt")))
        self.weak_cues = re.compile(alternation(read_lines("relation_case_weak_cues.txt")))
        self.backrefs = re.compile(alternation(read_lines("relation_case_backrefs.txt")))
        self.issues = Vocabulary.load("issues.csv")
        self.groups = Vocabulary.load("groups.csv")

    def __call__(self, doc: Doc) -> Doc:
        orgs = {m.org.node_id: m.org for m in doc._.orgs if m.org is not None}
        parties = _parties(doc._.relations, orgs)
        if not parties:
            return doc

        art = doc._.article
        text = art.text
        spans = split_sentences(text)
        starts = [s for s, _ in spans]
        lines = [m.span() for m in _LINE.finditer(text)]
        line_starts = [s for s, _ in lines]

        def sentence(offset: int) -> tuple[int, int]:
            return spans[max(bisect.bisect_right(starts, offset) - 1, 0)]

        def paragraph(offset: int) -> tuple[int, int]:
            return lines[max(bisect.bisect_right(line_starts, offset) - 1, 0)]

        core = {outcome_id(art.id, m.start): m for m in doc._.outcomes if m.core}
        credited: dict[str, set[str]] = {}  # outcome → orgs the text credits …
        named: dict[str, set[str]] = {}  # … in the clause itself, not as a summary's guess
        for r in doc._.relations:
            if r[0] == "resulted_in" and r[2] in core:
                credited.setdefault(r[2], set()).add(r[1])
                if not r[5].endswith("summary_main_actors"):
                    named.setdefault(r[2], set()).add(r[1])
        terms = {"issue": self.issues.find(text), "group": self.groups.find(text)}
        mentioned: set[tuple[str, int]] = set()
        parties_of: dict[str, set[str]] = {}  # case → its parties, over clusters of one name
        rels = doc._.relations
        for members in _clusters(parties, rels):
            paras = sorted({paragraph(pos) for p in members for pos in parties[p]})
            cues = [m for s, e in paras for m in self.cues.finditer(text, s, e)]
            outcomes = self._outcomes(text, members, rels, core, credited, paragraph)
            issues, groups = ([h for h in terms[kind] if paragraph(h[1]) in paras]
                              for kind in ("issue", "group"))
            weak = any(self.weak_cues.search(text, s, e) for s, e in paras)
            if not (cues or (outcomes and (issues or weak))):
                continue
            place, adcode = _common_place([orgs[p] for p in members])
            issue = _about(issues) or "劳动权益"
            group = _most_common(groups)
            name = "".join((place, "" if group in issue else group, issue, "案"))
            cid = node_id("case", name, adcode)
            parties_of.setdefault(cid, set()).update(members)
            doc._.nodes[cid] = Node(cid, "case", name, {"date": art.date, "place": place})
            doc._.node_mentions.extend((cid, m.start(), m.end()) for m in cues)
            anchor = sentence(cues[0].start() if cues else paras[0][0])
            rels.extend(("involved_in", p, cid, *anchor, "case_party") for p in members)
            for kind, hits in (("issue", issues), ("group", groups)):
                for label, a, b in hits:
                    nid = node_id(kind, label)
                    doc._.nodes.setdefault(nid, Node(nid, kind, label))
                    if (nid, a) not in mentioned:
                        mentioned.add((nid, a))
                        doc._.node_mentions.append((nid, a, b))
                    rels.append(("concerns", cid, nid, *sentence(a), f"{kind}_term"))
            rels.extend(("applies", cid, r[2], r[3], r[4], "party_mechanism")
                        for r in list(rels) if r[0] == "uses_mechanism" and r[1] in members)
            rels.extend(("resulted_in", cid, oid, *sentence(core[oid].start), "case_outcome")
                        for oid in outcomes)
        doc._.relations = unique([r for r in rels if not _foreign(r, parties_of, named)])
        return doc

    def _outcomes(self, text, members, rels, core, credited, paragraph) -> list[str]:
        """A lone party's case has the outcomes credited to it; a joint case
        those reported from the first paragraph where the parties act jointly
        (or one addresses the other) to the last one that does, or that refers back to the case (本案, 此案),
        unless the text credits them to others only."""
        if len(members) == 1:
            return [oid for oid in core if credited.get(oid, set()) & set(members)]
        joint = [paragraph(r[3]) for r in rels if r[0] in _PAIRWISE and r[1] in members]
        first = min(s for s, _ in joint)
        last = max([e for _, e in joint]
                   + [paragraph(m.start())[1] for m in self.backrefs.finditer(text, first)])
        return [oid for oid, m in core.items() if first <= m.start < last
                and credited.get(oid, set(members)) & set(members)]


def _foreign(r, parties_of, credited) -> bool:
    """A case → outcome link that would credit the outcome to a party the
    clause reporting it does not name: a partner of a mechanism set up with
    others (A与B、C建立…机制。…调解成功9件 is A's), or two unlinked clusters
    named alike (a procuratorate's and an agency's 就业性别歧视案) that share
    one case node."""
    if r[0] != "resulted_in" or r[1] not in parties_of:
        return False
    by = credited.get(r[2])
    return by is not None and not parties_of[r[1]] <= by


def _parties(relations, orgs) -> dict[str, list[int]]:
    """Organisations acting in the article, with the sentence offsets where they act."""
    parties: dict[str, list[int]] = {}
    for r in relations:
        if r[0] in _ACTING:
            ends = (r[1], r[2]) if r[0] in _PAIRWISE else (r[1],)
            for p in ends:
                if p in orgs:
                    parties.setdefault(p, []).append(r[3])
    return parties


def _clusters(parties, relations) -> list[list[str]]:
    """Parties that act jointly, or address or refer to one another, form
    one case, the others one each: a round-up of actions gives several cases."""
    links = nx.Graph()
    links.add_nodes_from(parties)
    links.add_edges_from((r[1], r[2]) for r in relations
                         if r[0] in _PAIRWISE and r[1] in parties and r[2] in parties)
    component = {p: i for i, members in enumerate(nx.connected_components(links)) for p in members}
    clusters: dict[int, list[str]] = {}
    for p in parties:  # in the order parties first act, as they are listed
        clusters.setdefault(component[p], []).append(p)
    return list(clusters.values())


def _most_common(hits: list[tuple[str, int, int]]) -> str:
    """The label named most often, the earliest on ties; '' for none."""
    counts = Counter(label for label, _, _ in hits)
    return max(counts, key=lambda k: (counts[k], -next(s for x, s, _ in hits if x == k)),
               default="")


def _about(issues: list[tuple[str, int, int]], most: int = 2) -> str:
    """What a case is about: its issues in the order the report names them
    (the lead first), at most two and 等 for more, so a case about unpaid
    insurance and discriminatory job ads is not named after one of them."""
    labels = list(dict.fromkeys(label for label, _, _ in sorted(issues, key=lambda h: h[1])))
    return "、".join(labels[:most]) + ("等" if len(labels) > most else "")


def _common_place(orgs) -> tuple[str, str]:
    """The lowest admin unit all parties share (name, adcode)."""
    for attr, level, width in (("county", "county", 6), ("city", "city", 4),
                               ("province", "provincial", 2)):
        names = {getattr(o, attr) for o in orgs}
        if len(names) == 1 and "" not in names:
            name, code = names.pop(), next((o.adcode for o in orgs if len(o.adcode) == 6), "")
            adcode = code[:width] + "0" * (6 - width) if code else place_code(name, level)
            return short_place(name), adcode
    return "", ""


@Language.factory("kg_case_builder")
def make_cases(nlp: Language, name: str) -> CaseBuilder:
    return CaseBuilder(nlp, name)
