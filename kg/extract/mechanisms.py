"""Find taxonomy and newly named mechanisms (doc._.mechanisms), DESIGN §3.4.

Surface forms (taxonomy names and synonyms in one Aho-Corasick automaton, plus
regex variants from ``data/mechanism_variants.csv``) are matched on the text
with whitespace, pinyin glosses 会(huì) and quote marks removed, so that OCR
spaces or quotes inside words (“调裁审”衔接) do not hide a mechanism, and kept
within one sentence. A synonym ``A…B`` allows a short gap (联合发布…典型案例,
一站式…中心) whose own names still count. A match only counts where
the text reports the mechanism: not inside the title of a law (《…条例》), not
as a job title (调解员, 法律援助律师), not negated (从未安排…), not in a
【关键词】 list, and generic words or forms with a cue (调解, 帮扶, 专项检查 …,
``data/mechanism_generic.csv``, the ``cue`` of a variant) only with that cue
in the sentence (``data/mechanism_negative.csv`` holds the other rules, some
for one mechanism: 司法救助 is no union hardship relief). A phrase can report
two mechanisms (诉前检察建议: ``data/mechanism_implications.csv``).
Names the taxonomy does not know are surfaced with an empty ``mechanism_id``
for review (``data/mechanism_discovery.csv``): quoted ones ending in
机制/模式/制度/工作法, and unquoted …机制/…模式 right after 建立/构建/推行 … when
more than generic words (``data/mechanism_generic_words.txt``) make the name.

Users add surface forms the spaCy way::

    nlp.add_pipe("kg_mechanism_matcher", config={
        "patterns": [{"id": "joint_meeting", "pattern": "联合例会"}]})
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.mentions import MechanismMention, doc_text
from kg.extract.resources import DATA, read_rows
from kg.extract.sentences import split_sentences



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
    loose: bool = False  # a multi-part form (A…B): what sits in its gap is matched too



def read_taxonomy(path) -> tuple[dict[str, Mechanism], list[tuple[str, str]]]:
    """Taxonomy entries and their literal (id, surface) forms: name + synonyms."""
    mechanisms, surfaces = {}, []
    for row in read_rows(path):
        mech = Mechanism(row["id"], row["name"], row["category"], row["parent"])
        mechanisms[mech.id] = mech
        surfaces.extend((mech.id, s) for s in sorted({row["name"], *row["synonyms"].split("|")}) if s)
    return mechanisms, surfaces


# Noise inside words: whitespace (OCR/PDF) and inline pinyin glosses 會(huì).
NOISE = r"\s+|(?<=[\u4e00-\u9fff])[(（][a-z\u00e0-\u00fc\u0101-\u01dc]{1,7}[)）]"
# Quote marks, which may sit inside a name (“调裁审”衔接).
QUOTES = "[“”‘’「」『』\"]+"
_DROP = {False: re.compile(NOISE), True: re.compile(f"{NOISE}|{QUOTES}")}
# A gap inside a clause in a multi-part form of a data file: … up to 16
# characters (提供…线索), …… up to 24 (发布……典型案例: long descriptors).
GAP = "[^，。；：！？、,;:!?《》()（）]{{0,{}}}?"
GAPS = {"…": GAP.format(16), "……": GAP.format(24)}


def compact(text: str, quotes: bool = False) -> tuple[str, tuple[int, ...]]:
    """``text`` without whitespace and pinyin glosses (and quote marks when
    ``quotes``), and the offset in ``text`` of each kept char."""
    return _compact(text, quotes)  # one cache key however ``quotes`` is passed


@lru_cache(maxsize=4)  # the mechanism and outcome components compact the same article
def _compact(text: str, quotes: bool) -> tuple[str, tuple[int, ...]]:
    chars: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _DROP[quotes].finditer(text):
        chars.append(text[pos:m.start()])
        index.extend(range(pos, m.start()))
        pos = m.end()
    chars.append(text[pos:])
    index.extend(range(pos, len(text)))
    return "".join(chars), tuple(index)


def gapped(surface: str) -> str:
    """The regex of a multi-part surface form ``A…B`` (a short gap between parts)."""
    return "".join(GAPS.get(part) or re.escape(part) for part in re.split("(…+)", surface))


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
        generic = {r["surface"]: r["cue"] for r in read_rows(DATA / "mechanism_generic.csv")}
        # Matched on text without quote marks, so known without them too.
        literal = [(i, re.sub(QUOTES, "", s)) for i, s in literal]
        self.forms = [
            SurfaceForm(i, gapped(s), generic.get(s, ""), regex=True, loose=True) if "…" in s
            else SurfaceForm(i, s, generic.get(s, "")) for i, s in literal]
        # (where, mechanism id or '' for all, regex); ``title`` is checked on its own.
        negative = read_rows(DATA / "mechanism_negative.csv")
        self.negative = [(r["where"], r["id"], re.compile(r["pattern"])) for r in negative if r["where"] != "block"]
        # Blocks of the raw text that list rather than report (【关键词】 lines).
        self.blocks = re.compile("|".join(r["pattern"] for r in negative if r["where"] == "block") or "(?!)")
        self.implies = [(re.compile(r["pattern"]), r["implies"])
                        for r in read_rows(DATA / "mechanism_implications.csv") if r["implies"] in self.mechanisms]
        self.discovery = [(r["kind"], re.compile(r["pattern"])) for r in read_rows(DATA / "mechanism_discovery.csv")]
        words = (DATA / "mechanism_generic_words.txt").read_text(encoding="utf-8")
        self.generic_words = re.compile("|".join(
            w for line in words.splitlines() if not line.startswith("#") for w in line.split()))
        # Packaged variants only for ids the (possibly user-supplied) taxonomy has.
        self.add_patterns([r for r in read_rows(DATA / "mechanism_variants.csv") if r["id"] in self.mechanisms])
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
        found: list[MechanismMention] = []
        spans = split_sentences(text)

        def view(quotes: bool):
            """The compacted text, its offsets and its sentence bounds."""
            flat, index = compact(text, quotes)
            sents = [(bisect_left(index, s), bisect_left(index, e)) for s, e in spans]
            return flat, index, sents, [s for s, _ in sents]

        def mention(index: tuple[int, ...], a: int, b: int, mech_name: str, mech: Mechanism | None = None) -> None:
            start, end = index[a], index[b - 1] + 1
            found.append(MechanismMention(
                start, end, text[start:end], mech_name,
                mech.id if mech else "", mech.category if mech else ""))

        # Known forms are matched with quote marks removed (“调裁审”衔接) …
        flat, index, sents, starts = view(quotes=True)
        blocks = [m.span() for m in self.blocks.finditer(text)]
        for a, b, forms in self._matches(flat):
            s, e = sents[bisect_right(starts, a) - 1]
            if b > e or any(x <= index[a] < y for x, y in blocks):
                continue  # runs over a sentence end, or in a keyword list
            # A closing quote ends the word: what follows it is no job title (“联席会议”“专家…”).
            quoted = b < len(index) and bool(re.search(QUOTES, text[index[b - 1] + 1:index[b]]))
            ids = {self.forms[i].mechanism_id for i in forms if self._reported(flat[s:e], a - s, b - s, i, quoted)}
            if ids:  # one phrase can report two mechanisms (诉前检察建议)
                ids.update(implied for regex, implied in self.implies if regex.search(flat[a:b]))
            for mech_id in sorted(ids):
                mention(index, a, b, self.mechanisms[mech_id].name, self.mechanisms[mech_id])
        # … new ones by their quotes.
        if self.discover and flat:
            flat, index, sents, starts = view(quotes=False)
            for kind, regex in self.discovery:
                for m in regex.finditer(flat):
                    a = m.start() if kind == "quoted" else m.start("name")
                    s, e = sents[bisect_right(starts, a) - 1]
                    name = self._new_name(kind, m)
                    if name and m.end() <= e:
                        mention(index, a, m.end(), name)
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
        loose: list[tuple[int, int, list[int]]] = []
        for (a, b), forms in sorted(spans.items(), key=lambda x: (x[0][0], -x[0][1])):
            if parts := [i for i in forms if self.forms[i].loose]:
                loose.append((a, b, parts))
            if (forms := [i for i in forms if not self.forms[i].loose]) and (not kept or a >= kept[-1][1]):
                kept.append((a, b, forms))
        # A multi-part form neither hides the names in its gap nor counts
        # inside a longer name or where an overlapping name says the same.
        starts, ends = [a for a, _, _ in kept], [b for _, b, _ in kept]
        for a, b, forms in loose:
            k = bisect_right(starts, a) - 1
            if k >= 0 and ends[k] >= b:
                continue
            near = {self.forms[i].mechanism_id
                    for _, _, other in kept[bisect_right(ends, a):bisect_left(starts, b)] for i in other}
            forms = [i for i in forms if self.forms[i].mechanism_id not in near]
            if forms:
                kept.append((a, b, forms))
        return sorted(kept, key=lambda x: (x[0], x[1]))

    def _reported(self, sent: str, a: int, b: int, form: int, quoted: bool) -> bool:
        """Whether the match at ``sent[a:b]`` reports the mechanism itself;
        ``quoted``: a closing quote follows it."""
        mech_id = self.forms[form].mechanism_id
        context = {"self": sent[a:b], "after": "" if quoted else sent[b:b + 4], "before": sent[max(0, a - 10):a],
                   "sentence": sent, "title": _enclosing_title(sent, a, b)}
        for where, only, regex in self.negative:
            if (not only or only == mech_id) and context[where] and regex.search(context[where]):
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
