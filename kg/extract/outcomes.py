"""Find quantified outcomes (doc._.outcomes), DESIGN §3.5.

A quantity is a number (Arabic, Chinese or 百分之…) with an optional
multiplier (万, 亿, 千), approximators (余, 多, 近, 约 …) and a counting unit
from ``data/outcome_units.csv``; without a unit it is not an outcome, which
already rules out dates, ages, years and phone numbers. Context rules
(``data/outcome_negative.csv``) drop ordinals, thresholds (20人以上企业), list
counts (等8项工作机制), set phrases (三位一体) and conditional clauses
(若利润增长超10%), rates (每月补助700元), ranges and bare 一/两 (一场集体协商);
numbers inside quotes are names. ``core`` marks rights-protection results
by cue words in the clause (``data/outcome_core_cues.txt``).

>>> parse_number("117.5", "万")
1175000.0
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

import cn2an
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.mechanisms import compact
from kg.extract.mentions import OutcomeMention, doc_text
from kg.extract.resources import read_lines, read_rows

MULTIPLIERS = {"千": 1e3, "万": 1e4, "亿": 1e8}
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_NUMBER = (
    r"(?P<percent>百分之(?P<pct>[零〇一二两三四五六七八九十百点]+))"
    r"|(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|[" + _CN_DIGITS + r"]+)"
    r"(?P<approx1>余|多|来|几)?(?P<mult>[千万亿])?(?P<approx2>余|多)?(?P<unit>{units})"
)
_NUMERALS = re.compile(r"[\d" + _CN_DIGITS + r"]+")
_CLAUSE_END = re.compile(r"[，,；;：:。！？!?]")
_SENTENCE_END = re.compile(r"[；;。！？!?]")
_PUNCT = "，,；;：:。！？!?、 "
_NAME_MAX = 24  # longest quoted name whose numbers are not counts



@lru_cache(maxsize=4096)
def parse_number(num: str, mult: str = "") -> float | None:
    """The value of an Arabic or Chinese numeral times a 千/万/亿 multiplier;
    None when ``num`` is not a numeral (a stray 万 in a word)."""
    num = num.replace(",", "")
    try:
        if num[0] in "百千万亿":
            num = "一" + num  # 百万元, 近千名
        value = float(num) if num[0].isdigit() else float(cn2an.cn2an(num, "smart"))
    except (ValueError, KeyError, IndexError):
        return None
    return value * MULTIPLIERS.get(mult, 1)


class OutcomeExtractor:
    def __init__(self, nlp: Language, name: str, units: dict[str, str] | None = None):
        self.name = name
        self.units = {r["surface"]: r["unit"] for r in read_rows("outcome_units.csv")}
        self.units.update(units or {})
        alternation = "|".join(map(re.escape, sorted(self.units, key=len, reverse=True)))
        self.regex = re.compile(_NUMBER.replace("{units}", alternation))
        # One alternation per context the rules look at: before | after |
        # around (before|unit|after) | clause | lead (sentence up to it) | numeral.
        rules: dict[str, list[str]] = {}
        for r in read_rows("outcome_negative.csv"):
            rules.setdefault(r["where"], []).append(f"(?:{r['pattern']})")
        self.rules = {where: re.compile("|".join(p)) for where, p in rules.items()}
        self.core = re.compile("|".join(read_lines("outcome_core_cues.txt")))
        trim = {r["side"]: re.compile(r["pattern"]) for r in read_rows("outcome_metric_trim.csv")}
        self.trim_start, self.trim_end, self.marks = trim["start"], trim["end"], trim["marks"]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        flat, index = compact(text)
        matches = self._scan(flat)
        # Line ends (headlines, paragraphs) end sentences too.
        lines = [bisect_left(index, m.start()) for m in re.finditer("\n", text)]
        sentences = sorted(lines + [m.end() for m in _SENTENCE_END.finditer(flat)])
        clauses = sorted(sentences + [m.end() for m in _CLAUSE_END.finditer(flat)])
        found = []
        for k, m in enumerate(matches):
            value = self._value(m)
            start, end = index[m.start()], index[m.end() - 1] + 1
            if value is None or "\n" in text[start:end]:
                continue  # not a numeral, or a number and a unit on two lines
            c0, c1 = _enclosing(clauses, m.start(), len(flat))
            s0 = _enclosing(sentences, m.start(), len(flat))[0]
            if not self._counts(flat, m, c0, c1, s0):
                continue
            next_start = matches[k + 1].start() if k + 1 < len(matches) else c1
            metric = self._metric(flat[c0:m.start()], flat[m.end():min(c1, next_start)])
            unit = self.units[m.group("unit")] if m.group("unit") else "%"
            found.append(OutcomeMention(
                start, end, text[start:end], value, unit,
                metric, bool(self.core.search(flat[c0:c1]))))
        doc._.outcomes = found
        return doc

    def _scan(self, flat: str) -> list[re.Match]:
        """Quantity matches, tried only where a run of numerals starts: a
        character-class search is many times faster than the full pattern."""
        matches, pos = [], 0
        for run in _NUMERALS.finditer(flat):
            if run.start() < pos:
                continue
            m = self.regex.match(flat, run.start())
            if m:
                matches.append(m)
                pos = m.end()
        return matches

    def _value(self, m: re.Match) -> float | None:
        if m.group("percent"):
            return parse_number(m.group("pct"))
        return parse_number(m.group("num"), m.group("mult") or "")

    def _counts(self, flat: str, m: re.Match, c0: int, c1: int, s0: int) -> bool:
        """Whether the quantity is reported, not an ordinal, name or condition."""
        before, after = flat[max(0, m.start() - 8):m.start()], flat[m.end():m.end() + 8]
        context = {
            "before": before,
            "after": after,
            "around": "|".join((before, m.group("unit") or "", after)),
            "clause": flat[c0:c1],
            "lead": flat[s0:m.start()],
            "numeral": flat[max(0, m.start() - 1):m.start()] + (m.group("num") or ""),
        }
        if any(regex.search(context[where]) for where, regex in self.rules.items()):
            return False
        return not _quoted(flat, m.start(), s0)

    def _metric(self, before: str, after: str) -> str:
        """A short phrase of the clause saying what is counted: the words
        before the number (other quantities of an enumeration dropped) and
        the counted noun after it."""
        before = self.regex.sub("", before).strip("、").rsplit("、", 1)
        if len(before) > 1 and len(before[1]) < 2:
            before = ["、".join(before)]
        before = self.trim_start.sub("", self.marks.sub("", before[-1])[-12:])
        after = self.trim_end.sub("", self.marks.sub("", after.split("、", 1)[0])[:14])
        return (self.trim_end.sub("", before) + after).strip(_PUNCT)


def _enclosing(cuts: list[int], pos: int, size: int) -> tuple[int, int]:
    """The (start, end) of the clause or sentence around ``pos``, given the
    offsets where clauses or sentences start."""
    k = bisect_right(cuts, pos)
    return (cuts[k - 1] if k else 0), (cuts[k] if k < len(cuts) else size)


def _quoted(flat: str, pos: int, s0: int) -> bool:
    """Whether ``pos`` lies inside a short quoted name (“三位一体”, “学习积分占40%”)
    opened in the same sentence; quoted speech is text like any other."""
    left, right = flat.rfind("“", s0, pos), flat.find("”", pos)
    if left < 0 or "”" in flat[left:pos]:  # not inside “…”: try straight quotes
        if flat.count('"', s0, pos) % 2 == 0:
            return False
        left, right = flat.rfind('"', s0, pos), flat.find('"', pos)
    name = flat[left + 1:right]
    return right >= 0 and len(name) <= _NAME_MAX and not _CLAUSE_END.search(name)


@Language.factory("kg_outcome_extractor", default_config={"units": {}})
def make_outcomes(nlp: Language, name: str, units: dict[str, str]) -> OutcomeExtractor:
    return OutcomeExtractor(nlp, name, units)
