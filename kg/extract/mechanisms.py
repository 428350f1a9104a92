"""Find taxonomy and newly named mechanisms (doc._.mechanisms), DESIGN §3.4.

Surface forms (taxonomy names and synonyms in one Aho-Corasick automaton, plus
regex variants from ``data/mechanism_variants.csv``) are matched on the text
with whitespace removed, so that OCR spaces inside words do not hide a
mechanism, and kept within one sentence. A match only counts where
the text reports the mechanism: not inside the title of a law (《…条例》), not
as a job title (调解员, 法律援助律师), not negated (从未安排…), and generic words
(调解, 帮扶, 会商 …, ``data/mechanism_generic.csv``) only with a cue of their
own in the sentence (``data/mechanism_negative.csv`` holds the other rules).
Names the taxonomy does not know are surfaced with an empty ``mechanism_id``
for review (``data/mechanism_discovery.csv``): quoted ones ending in
机制/模式/制度/工作法, and unquoted …机制/…模式 right after 建立/构建/推行 … when
more than generic words (``data/mechanism_generic_words.txt``) make the name.

Users add surface forms the spaCy way::

    nlp.add_pipe("kg_mechanism_matcher", config={
        "patterns": [{"id": "joint_meeting", "pattern": "联合例会"}]})
"""
from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import ahocorasick
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.mentions import MechanismMention
from kg.extract.sentences import split_sentences

DATA = resources.files("kg.extract") / "data"


@dataclass(frozen=True)
class Mechanism:
    """One taxonomy entry."""

    id: str
    name: str
    category: str
    parent: str = ""


@dataclass(frozen=True)
class SurfaceForm:
    """A literal or regex that names a mechanism; ``cue`` (a regex) must also
    occur in the sentence when the form is a generic word."""

    mechanism_id: str
    pattern: str
    cue: str = ""
    regex: bool = False


def _rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_taxonomy(path) -> tuple[dict[str, Mechanism], list[tuple[str, str]]]:
    """Taxonomy entries and their literal (id, surface) forms: name + synonyms."""
    mechanisms, surfaces = {}, []
    for row in _rows(path):
        mech = Mechanism(row["id"], row["name"], row["category"], row["parent"])
        mechanisms[mech.id] = mech
        surfaces.extend((mech.id, s) for s in sorted({row["name"], *row["synonyms"].split("|")}) if s)
    return mechanisms, surfaces


def doc_text(doc: Doc) -> str:
    """The article text the offsets index into; ``doc.text`` (spaCy rebuilds
    it from tokens on each access) only for Docs made without an article."""
    return doc._.article.text if doc._.article is not None else doc.text


def compact(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and the offset in ``text`` of each kept char."""
    chars: list[str] = []
    index: list[int] = []
    for m in re.finditer(r"\S+", text):
        chars.append(m.group())
        index.extend(range(m.start(), m.end()))
    return "".join(chars), index


class MechanismMatcher:
    def __init__(
        self,
        nlp: Language,
        name: str,
        taxonomy: str | None = None,
        patterns: list[dict[str, str]] | None = None,
        discover: bool = True,
    ):
        self.name = name
        self.discover = discover
        self.mechanisms, literal = read_taxonomy(
            Path(taxonomy) if taxonomy else DATA / "mechanisms.csv")
        generic = {r["surface"]: r["cue"] for r in _rows(DATA / "mechanism_generic.csv")}
        self.forms = [SurfaceForm(i, s, generic.get(s, "")) for i, s in literal]
        self.negative = {
            r["where"]: re.compile(r["pattern"]) for r in _rows(DATA / "mechanism_negative.csv")}
        self.discovery = [(r["kind"], re.compile(r["pattern"])) for r in _rows(DATA / "mechanism_discovery.csv")]
        words = (DATA / "mechanism_generic_words.txt").read_text(encoding="utf-8")
        self.generic_words = re.compile("|".join(
            w for line in words.splitlines() if not line.startswith("#") for w in line.split()))
        # Packaged variants only for ids the (possibly user-supplied) taxonomy has.
        self.add_patterns([r for r in _rows(DATA / "mechanism_variants.csv") if r["id"] in self.mechanisms])
        self.add_patterns(patterns or [])

    def add_patterns(self, patterns: list[dict[str, str]]) -> None:
        """Add ``{"id", "pattern", "cue"?}`` regex surface forms (EntityRuler style)."""
        for p in patterns:
            if p["id"] not in self.mechanisms:
                raise ValueError(f"unknown mechanism id {p['id']!r} in pattern {p['pattern']!r}")
            self.forms.append(SurfaceForm(p["id"], p["pattern"], p.get("cue", ""), regex=True))
        # Literals go into one Aho-Corasick automaton, regexes are scanned one by one.
        self.automaton = ahocorasick.Automaton()
        for i, f in enumerate(self.forms):
            if not f.regex:
                hit = self.automaton.get(f.pattern, (len(f.pattern), []))
                hit[1].append(i)
                self.automaton.add_word(f.pattern, hit)
        self.automaton.make_automaton()
        self.variants = [(re.compile(f.pattern), i) for i, f in enumerate(self.forms) if f.regex]
        self.cues = {i: re.compile(f.cue) for i, f in enumerate(self.forms) if f.cue}

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        flat, index = compact(text)
        if not flat:
            doc._.mechanisms = []
            return doc
        sents = [(bisect_left(index, s), bisect_left(index, e)) for s, e in split_sentences(text)]
        starts = [s for s, _ in sents]
        found: list[MechanismMention] = []

        def mention(a: int, b: int, mech_name: str, mech: Mechanism | None = None) -> None:
            start, end = index[a], index[b - 1] + 1
            found.append(MechanismMention(
                start, end, text[start:end], mech_name,
                mech.id if mech else "", mech.category if mech else ""))

        for a, b, forms in self._matches(flat):
            s, e = sents[bisect_right(starts, a) - 1]
            if b > e:
                continue  # runs over a sentence end
            ids = {self.forms[i].mechanism_id for i in forms if self._reported(flat[s:e], a - s, b - s, i)}
            for mech_id in sorted(ids):
                mention(a, b, self.mechanisms[mech_id].name, self.mechanisms[mech_id])
        if self.discover:
            for kind, regex in self.discovery:
                for m in regex.finditer(flat):
                    a = m.start() if kind == "quoted" else m.start("name")
                    s, e = sents[bisect_right(starts, a) - 1]
                    name = self._new_name(kind, m)
                    if name and m.end() <= e:
                        mention(a, m.end(), name)
        found.sort(key=lambda m: (m.start, m.end))
        doc._.mechanisms = found
        return doc

    def _matches(self, flat: str) -> list[tuple[int, int, list[int]]]:
        """Leftmost-longest non-overlapping form matches; forms matching the
        same span all count (one surface can name two mechanisms)."""
        spans: dict[tuple[int, int], list[int]] = {}
        for last, (length, forms) in self.automaton.iter(flat):
            spans.setdefault((last + 1 - length, last + 1), []).extend(forms)
        for regex, i in self.variants:
            for m in regex.finditer(flat):
                if m.end() > m.start():
                    spans.setdefault(m.span(), []).append(i)
        kept: list[tuple[int, int, list[int]]] = []
        for (a, b), forms in sorted(spans.items(), key=lambda x: (x[0][0], -x[0][1])):
            if not kept or a >= kept[-1][1]:
                kept.append((a, b, forms))
        return kept

    def _reported(self, sent: str, a: int, b: int, form: int) -> bool:
        """Whether the match at ``sent[a:b]`` reports the mechanism itself."""
        neg = self.negative
        if (neg["self"].search(sent[a:b]) or neg["after"].search(sent[b:b + 4])
                or neg["before"].search(sent[max(0, a - 10):a])):
            return False
        title = _enclosing_title(sent, a, b)
        if title and neg["title"].search(title):
            return False
        cue = self.cues.get(form)
        return cue is None or bool(cue.search(sent[:a] + sent[b:]))

    def _is_form(self, surface: str) -> bool:
        return surface in self.automaton or any(r.fullmatch(surface) for r, _ in self.variants)

    def _new_name(self, kind: str, m: re.Match) -> str:
        """The name of a newly named mechanism, or '' when the taxonomy knows
        it or (unquoted) it is a description rather than a name."""
        name, head = m.group("name"), m.group("head")
        if kind == "quoted":
            named = m.group("qualifier").removeprefix("的") + head
            return "" if self._is_form(name) or self._is_form(named) else name + named
        known = next(self.automaton.iter(name), None) or any(r.search(name) for r, _ in self.variants)
        if known or re.search(r"[并和与及等的、一二两三四五六七八九十\d]", name):
            return ""
        return name + head if len(self.generic_words.sub("", name)) >= 4 else ""


def _enclosing_title(sent: str, a: int, b: int) -> str:
    """The 《…》 title around ``sent[a:b]``, or ''."""
    left = sent.rfind("《", 0, a)
    if left < 0 or sent.rfind("》", 0, a) > left:
        return ""
    right = sent.find("》", b)
    return sent[left + 1:right] if right >= 0 else ""


@Language.factory(
    "kg_mechanism_matcher",
    default_config={"taxonomy": None, "patterns": [], "discover": True},
)
def make_mechanisms(
    nlp: Language, name: str, taxonomy: str | None, patterns: list[dict[str, str]], discover: bool
) -> MechanismMatcher:
    return MechanismMatcher(nlp, name, taxonomy, patterns, discover)
