"""Administrative divisions of China: the national list shipped in ``cpca``
(province, prefecture and county levels; their 6-digit adcodes) plus a small
supplement (the XPCC and its cities, districts newer than cpca's list, extra
aliases; codes checked against the current national list), indexed by every
name a news text uses for them (澜沧拉祜族自治县, 澜沧县; 营口市, 营口; 新疆).

We read the list ourselves rather than calling ``cpca.transform`` because its
fuzzy matching maps 镇沅县人社局 to 重庆 and 澜沧县总工会 to 沧县.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from io import StringIO

import ahocorasick

from kg.divisions import adcodes, package_text as _read

MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: provincial, city = itself
_SKIP = re.compile(r"^(?:市辖区|县|.*直辖.*)$")
_PROVINCE_SUFFIX = re.compile(
    r"(?:省|市|特别行政区|(?:壮族|回族|维吾尔)?自治区)$")
COMMON_WORD = re.compile(r"^.区$")  # 城区, 郊区, 西区: districts named like common words
LEVEL_RANK = {"provincial": 0, "city": 1, "county": 2, "township": 3}


@dataclass(frozen=True)
class Division:
    """One administrative unit; ``province``/``city`` are full names of its
    ancestors (a provincial unit has province = itself)."""

    adcode: str  # 6 digits
    name: str
    level: str  # provincial | city | county
    province: str = ""
    city: str = ""

    @property
    def county(self) -> str:
        return self.name if self.level == "county" else ""

    def within(self, other: "Division") -> bool:
        """True when ``other`` is this unit or one of its ancestors."""
        if other.level == "provincial":
            return self.adcode[:2] == other.adcode[:2]
        if other.level == "city":
            return self.adcode[:4] == other.adcode[:4]
        return self.adcode == other.adcode


class Gazetteer:
    """All divisions with an Aho-Corasick automaton over their names."""

    def __init__(self, divisions: list[Division], aliases: dict[str, list[Division]],
                 stems: dict[str, list[Division]] | None = None):
        self.divisions = {d.adcode: d for d in divisions}
        self.aliases = aliases
        # county stems (招远, 耀州): a place only right before a body, see orgs.find_places
        self.stems = stems or {}
        self._stem_ac = ahocorasick.Automaton()
        for stem in self.stems:
            self._stem_ac.add_word(stem, stem)
        if self.stems:
            self._stem_ac.make_automaton()
        # names that are common words (城区, 西区) can be looked up but are not
        # found in running text: only after their city (攀枝花市西区), see common_re
        self.common = sorted(a for a in aliases if COMMON_WORD.match(a))
        self.common_re = re.compile("|".join(self.common)) if self.common else None
        self._ac = ahocorasick.Automaton()
        for name in aliases:
            if not COMMON_WORD.match(name):
                self._ac.add_word(name, name)
        self._ac.make_automaton()

    def lookup(self, name: str) -> list[Division]:
        return self.aliases.get(name) or self.stems.get(name, [])

    def find_stems(self, text: str) -> list[tuple[int, int, str]]:
        """County stems in ``text`` (招远 of 招远市, 澜沧 of 澜沧拉祜族自治县),
        leftmost-longest: (start, end, stem)."""
        if not self.stems:
            return []
        return [(end + 1 - len(stem), end + 1, stem) for end, stem in self._stem_ac.iter_long(text)]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Leftmost-longest non-overlapping name occurrences: (start, end, name)."""
        if len(text) <= 32:  # units and names recur: 营口市, 新疆拜城县
            return list(self._find_short(text))
        return [(end + 1 - len(name), end + 1, name) for end, name in self._ac.iter_long(text)]

    def starts_with_name(self, text: str) -> bool:
        """Whether a name ``find`` knows starts ``text``: a few trie look-ups,
        several times cheaper than ``find`` when none does (most clause heads)."""
        depth = self._ac.longest_prefix(text)
        return any(self._ac.exists(text[:n]) for n in range(depth, 0, -1))

    @lru_cache(maxsize=8192)
    def _find_short(self, text: str) -> tuple[tuple[int, int, str], ...]:
        return tuple((end + 1 - len(name), end + 1, name) for end, name in self._ac.iter_long(text))

    def in_parent(self, name: str, parent: str) -> bool:
        """True when a unit called ``name`` lies in one called ``parent`` (西区, 攀枝花)."""
        return any(d.within(p) and d.adcode != p.adcode
                   for d in self.lookup(name) for p in self.lookup(parent))

    def parent(self, d: Division) -> Division | None:
        if d.level == "county":
            return self.divisions.get(d.adcode[:4] + "00") or self.divisions.get(d.adcode[:2] + "0000")
        if d.level == "city" and d.adcode[:2] not in MUNICIPALITIES:
            return self.divisions.get(d.adcode[:2] + "0000")
        return None


def short_names(name: str, level: str, autonomous: re.Pattern) -> list[str]:
    """The other names a text uses for a unit: 澜沧县 and 澜沧 for 澜沧拉祜族自治县,
    新疆 for 新疆维吾尔自治区, 营口 for 营口市 (bare stems only above county level,
    where they are distinctive)."""
    out = []
    m = autonomous.match(name)
    if m:
        stem, suffix = m.groups()
        out.append(stem + suffix)
        if level != "county":
            out.append(stem)
    elif level == "provincial":
        out.append(_PROVINCE_SUFFIX.sub("", name))
    elif level == "city":
        for suffix in ("市", "地区", "盟"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.append(name[: -len(suffix)])
    return [s for s in out if len(s) >= 2 and s != name]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer (built once per process, ~0.1 s)."""
    nations = "|".join(
        re.escape(n.strip().removesuffix("族")) + "族"
        for n in _read("cpca", "resources", "56_nations.csv").split() if n.strip())
    autonomous = re.compile(rf"^(.{{2,}}?)(?:{nations})+自治(县|旗|州)$")
    rows = [(a.adcode, a.name) for a in adcodes()]
    supplement = list(csv.DictReader(StringIO(_read("kg.extract", "data", "divisions_supplement.csv"))))
    known = {code for code, _ in rows}
    rows += [(r["adcode"], r["name"]) for r in supplement if r["adcode"] not in known]
    names = {code: name for code, name in rows if not _SKIP.match(name)}

    def level(code: str) -> str:
        if code.endswith("0000"):
            return "provincial"
        if code.endswith("00") or code.startswith("6590"):
            return "city"
        return "county"

    divisions = []
    for code, name in sorted(names.items()):
        lv = level(code)
        prov = names.get(code[:2] + "0000", "")
        if lv == "provincial":
            city = name if code[:2] in MUNICIPALITIES else ""
        elif lv == "city":
            city = name
        else:
            city = prov if code[:2] in MUNICIPALITIES else names.get(code[:4] + "00", "")
        divisions.append(Division(code, name, lv, prov, city))
    aliases: dict[str, list[Division]] = {}
    extra = {r["adcode"]: [a for a in r["aliases"].split(";") if a] for r in supplement}
    for d in divisions:
        for alias in [d.name, *short_names(d.name, d.level, autonomous), *extra.get(d.adcode, [])]:
            aliases.setdefault(alias, []).append(d)
    for alias, cands in aliases.items():
        cands.sort(key=lambda d: (d.name != alias, LEVEL_RANK[d.level], d.adcode))
    return Gazetteer(divisions, aliases, county_stems(divisions, aliases, autonomous))


def county_stems(divisions: list[Division], aliases: dict[str, list[Division]],
                 autonomous: re.Pattern) -> dict[str, list[Division]]:
    """Counties by their bare stem (招远市 → 招远, 澜沧拉祜族自治县 → 澜沧), as
    local news names their bodies (招远法院, 耀州公安分局): only stems of two
    or more characters that name one county and no other unit, and do not
    start with a unit word (市中区 → 市中 would read 市中院)."""
    found: dict[str, list[Division]] = {}
    for d in divisions:
        if d.level != "county":
            continue
        m = autonomous.match(d.name)
        stem = m.group(1) if m else re.sub(r"(?:县|区|市|旗)$", "", d.name)
        if stem != d.name and len(stem) >= 2 and stem not in aliases and stem[0] not in "省市县区州旗盟镇乡":
            found.setdefault(stem, []).append(d)
    return {stem: ds for stem, ds in found.items() if len(ds) == 1}


def choose(candidates: list[Division], context: list[Division]) -> Division | None:
    """Pick among same-named units (朝阳区 in Beijing or Changchun) the one
    inside the most recent context unit; without context, the first (full
    names before short forms, higher levels first)."""
    if not candidates:
        return None
    for ctx in context:
        inside = [c for c in candidates if c.within(ctx) and c.adcode != ctx.adcode]
        if inside:
            return inside[0]
        if any(c.adcode == ctx.adcode for c in candidates):
            return next(c for c in candidates if c.adcode == ctx.adcode)
    return candidates[0]


@dataclass(frozen=True)
class Place:
    """A resolved place of any level, with its parent: a division of the
    gazetteer, or a township / functional zone accepted by grammar."""

    name: str
    level: str  # provincial | city | county | township
    province: str = ""
    city: str = ""
    county: str = ""
    adcode: str = ""
    parent: "Place | None" = None

    def ancestry(self):
        """This place and its parents, lowest first."""
        place = self
        while place is not None:
            yield place
            place = place.parent

    @property
    def division(self) -> Division | None:
        """The lowest gazetteer division at or above this place."""
        for p in self.ancestry():
            if p.adcode:
                return gazetteer().divisions.get(p.adcode)
        return None


@lru_cache(maxsize=None)
def place_of(d: Division) -> Place:
    """The Place of a gazetteer division, with its parents."""
    parent = gazetteer().parent(d)
    return Place(d.name, d.level, d.province, d.city, d.county, d.adcode,
                 place_of(parent) if parent else None)


def sub_place(name: str, level: str, parent: Place | None) -> Place:
    """A township or functional zone under ``parent`` (which may be unknown)."""
    p = parent or Place("", "")
    county = name if level == "county" else p.county
    return Place(name, level, p.province, p.city, county, "", parent)
