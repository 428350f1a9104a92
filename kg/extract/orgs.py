"""Find organisation mentions (doc._.orgs), DESIGN §3.1.

A cascade of small grammars over the article text with whitespace removed
(OCR spaces and broken lines fall inside names: 锦 州市总, 辽\\n源市人大常委会):

* places: the division gazetteer (Aho-Corasick), townships and functional
  zones by grammar, glued into chains (山东省青岛市市北区, 江苏淮安生态文旅区);
* bodies (总工会, 人民检察院, 人社局, 市委 …, ``org_bodies.csv`` and
  ``abbreviations.csv``) after a chain (``rule="unit"``), after a bare unit
  word (市检察院, 该区总工会: ``"deictic"``) or alone (检察院, 检察机关: ``"bare"``);
* named organisations: a suffix (有限公司, 大学, 协会, 工会 …) and the name
  read leftwards up to a delimiter (的, 在, 指导 …), rejected when anonymised
  (某) or generic (运输公司, 工匠学院): ``"named"``; 该公司 / 公司工会:
  ``"anaphor"``; development zones: ``"zone"``; national bodies: ``"national"``.

The recogniser only finds spans and their parts (unit, core, body); the
resolver (kg/extract/resolve.py) turns them into canonical organisations.
Users extend it the spaCy way::

    nlp.add_pipe("kg_org_recogniser", config={
        "bodies": [{"body": "残疾人联合会", "org_type": "association"}],
        "suffixes": [{"suffix": "合作社", "org_type": "enterprise"}]})
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import jieba

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.divisions import Gazetteer, gazetteer
from kg.extract.mentions import OrgMention

DATA = resources.files("kg.extract") / "data"
CJK = re.compile(r"[\u3400-\u9fff]")
UNIT_CHARS = "省市县区州旗盟镇乡"
DEICTIC = re.compile(r"(该)?(自治区|自治州|街道|[省市县区州旗盟镇乡])$")
MAX_NAME = 24  # characters read leftwards for a named organisation
MAX_ZONE_STEM = 6
SHORT_LINE = 40  # a line shorter than this is a heading or byline, not a paragraph
SENTENCE_END = "。！？!?：:；;”’」』）)…—-摄"  # 摄 ends a photo credit
CLASSIFIERS = "家个名所位项批"
TOWNSHIP_UNITS = ("镇", "乡", "街道")
NATIONAL_PREFIXES = ("中国", "中华", "全国")  # 中国劳动关系学院 needs no place
UNION_HOSTS = ("社区", "村", "街道", "镇", "乡", "厂", "站", "局", "中心", "医院")  # 东园社区工会
# jieba tags of words that do not start a name: verb, adverb, preposition,
# conjunction, particle, pronoun, numeral, classifier, time word.
LEADING_TAGS = set("vdpcurmqt")
# 总 is 总工会 only when it does not start another word (总经理, 总站, 总量 …).
NOT_AFTER_ZONG = set("经书体量额数计值结理部站局队监裁院共指决要规厂公之务会师工")
NOT_AFTER_WEI = set("员托屈婉派任会")


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class Body:
    """A body that follows a unit: its full standard name and type."""

    full: str
    org_type: str
    template: str = "{unit}{body}"


@dataclass(frozen=True)
class Suffix:
    org_type: str
    needs_place: bool = False


@dataclass
class Grammar:
    """The data the recogniser and the resolver share."""

    gaz: Gazetteer
    bodies: dict[str, Body]  # surface (full or abbreviated) -> Body
    abbreviations: dict[str, str]
    national: dict[str, tuple[str, str]]  # surface -> (canonical name, org_type)
    suffixes: dict[str, Suffix]
    zone_suffixes: list[str]
    generic: set[str]
    not_units: set[str]
    delimiter_chars: set[str]
    delimiter_words: list[str]
    exclusions: set[str]
    body_re: re.Pattern = field(init=False)
    suffix_re: re.Pattern = field(init=False)
    zone_re: re.Pattern = field(init=False)
    national_re: re.Pattern = field(init=False)
    township_re: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        self.body_re = _alternation(self.bodies)
        self.suffix_re = _alternation(self.suffixes)
        self.zone_re = _alternation(self.zone_suffixes)
        self.national_re = _alternation(self.national)
        self.township_re = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道)(?=[\u4e00-\u9fff])")

    def is_generic(self, name: str) -> bool:
        """True when ``name`` is made only of generic words (运输, 重点工匠)."""
        ok = [True] + [False] * len(name)
        for i in range(len(name)):
            if ok[i]:
                for j in range(i + 1, min(len(name), i + 6) + 1):
                    if name[i:j] in self.generic:
                        ok[j] = True
        return ok[len(name)]


def _alternation(words) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def load_grammar(bodies: list[dict] = (), suffixes: list[dict] = (),
                 exclusions: list[str] = ()) -> Grammar:
    """The packaged data plus user additions (same columns as the CSV files)."""
    abbreviations = {r["short"]: r["full"] for r in _rows("abbreviations.csv")}
    body_rows = _rows("org_bodies.csv") + list(bodies)
    full = {r["body"]: Body(r["body"], r["org_type"], r.get("name") or "{unit}{body}") for r in body_rows}
    table = dict(full)
    national = {r["name"]: (r["name"], r["org_type"]) for r in _rows("org_national.csv")}
    for short, long in abbreviations.items():
        if long in full:
            table[short] = full[long]
        elif long in national:
            national[short] = national[long]
    delimiters = _lines("org_left_delimiters.txt")
    return Grammar(
        gaz=gazetteer(),
        bodies=table,
        abbreviations=abbreviations,
        national=national,
        suffixes={r["suffix"]: Suffix(r["org_type"], r.get("needs_place") == "1")
                  for r in _rows("org_named_suffixes.csv") + list(suffixes)},
        zone_suffixes=_lines("org_zone_suffixes.txt"),
        generic=set(_lines("org_generic.txt")),
        not_units=set(_lines("org_not_units.txt")),
        delimiter_chars={w for w in delimiters if len(w) == 1},
        delimiter_words=[w for w in delimiters if len(w) > 1],
        exclusions=set(_lines("org_exclusions.txt")) | set(exclusions),
    )


def squeeze(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and the offset in ``text`` of each kept
    character (names broken by OCR spaces or line breaks become whole)."""
    idx = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in idx), idx


def line_starts(text: str, idx: list[int]) -> set[int]:
    """Squeezed offsets of lines that follow a heading, a byline or a finished
    sentence: a name read leftwards stops there, but runs on across a line
    broken mid-sentence by PDF extraction (江苏苏盐\\n门机械公司)."""
    out = {0}
    for k in range(1, len(idx)):
        if idx[k] - idx[k - 1] > 1 and "\n" in text[idx[k - 1]:idx[k]]:
            line_start = text.rfind("\n", 0, idx[k - 1]) + 1
            previous = text[line_start:idx[k - 1] + 1].strip()
            if len(previous) < SHORT_LINE or previous[-1] in SENTENCE_END:
                out.add(k)
    return out


@dataclass
class Piece:
    """A place in the squeezed text: a gazetteer name, township or zone."""

    start: int
    end: int
    text: str
    kind: str  # division | township | zone


def find_places(s: str, g: Grammar) -> dict[int, Piece]:
    """Place pieces by end offset (leftmost-longest, non-overlapping)."""
    pieces = {e: Piece(b, e, name, "division") for b, e, name in g.gaz.find(s)}
    for m in g.zone_re.finditer(s):
        zone = _zone(s, m.start(), m.end(), pieces, g)
        if zone:
            pieces.pop(zone.end, None)
            for e in [e for e, p in pieces.items() if p.start >= zone.start and e <= zone.end]:
                del pieces[e]
            pieces[zone.end] = zone
    for end in sorted(pieces):
        m = g.township_re.match(s, end)
        if m and m.end() not in pieces and not g.gaz.lookup(m.group()):
            pieces[m.end()] = Piece(end, m.end(), m.group(), "township")
    return pieces


def _zone(s: str, start: int, end: int, pieces: dict[int, Piece], g: Grammar) -> Piece | None:
    """淮安生态文旅区, 锦州七里河经济开发区: a stem of at most MAX_ZONE_STEM
    characters after a place (a bare city name stays part of the zone name)."""
    for left in range(start, max(start - MAX_ZONE_STEM, 0) - 1, -1):
        before = pieces.get(left)
        if before is not None:
            if before.text not in (d.name for d in g.gaz.lookup(before.text)) or left == start:
                left = before.start  # bare stem: 淮安生态文旅区 keeps 淮安
            return Piece(left, end, s[left:end], "zone")
        if left < start and not _name_char(s, left, g):
            break
    left = _name_start(s, start, g, MAX_ZONE_STEM)
    if start - left >= 2:
        return Piece(left, end, s[left:end], "zone")
    return None


def _name_char(s: str, i: int, g: Grammar) -> bool:
    return bool(CJK.match(s[i])) and s[i] not in g.delimiter_chars


def _name_start(s: str, end: int, g: Grammar, limit: int = MAX_NAME,
                barriers: set[int] = frozenset()) -> int:
    """Read leftwards from ``end`` over name characters up to a delimiter or
    the start of a line."""
    i = end
    while i > 0 and end - i < limit and i not in barriers:
        ch = s[i - 1]
        if ch == "》":
            j = s.rfind("《", max(0, i - limit), i)
            if j < 0:
                break
            i = j
            continue
        if not CJK.match(ch) or ch in g.delimiter_chars:
            break
        if any(s.endswith(w, 0, i) for w in g.delimiter_words):
            break
        i -= 1
    return i


def chain_before(end: int, pieces: dict[int, Piece]) -> list[Piece]:
    """The places written right before ``end``, first to last."""
    out = []
    while end in pieces:
        out.append(pieces[end])
        end = pieces[end].start
    return out[::-1]


def find_orgs(text: str, g: Grammar) -> list[OrgMention]:
    """All organisation mentions of ``text`` (offsets into ``text``)."""
    s, idx = squeeze(text)
    barriers = line_starts(text, idx)
    pieces = find_places(s, g)
    found: list[tuple[int, int, str, str, str, str]] = []  # start, end, rule, unit, core, body
    for m in g.body_re.finditer(s):
        found.extend(_body_mention(s, m.start(), m.end(), pieces, g))
    for m in g.national_re.finditer(s):
        found.append((m.start(), m.end(), "national", "", m.group(), ""))
    taken = _covered(found)
    for m in g.suffix_re.finditer(s):
        if taken.intersection(range(m.start(), m.end())):
            continue
        found.extend(_named_mentions(s, m.start(), m.end(), pieces, g, barriers, taken))
    taken = _covered(found)
    for piece in pieces.values():
        if piece.kind == "zone" and "开发区" in piece.text and not taken.intersection(range(piece.start, piece.end)):
            end = piece.end + 3 if s.startswith("管委会", piece.end) else piece.end
            unit = "".join(p.text for p in chain_before(piece.start, pieces))
            found.append((piece.start, end, "zone", unit, piece.text, s[piece.end:end]))
    mentions = []
    for start, end, rule, unit, core, body in _outermost(found):
        if s[start:end] in g.exclusions or _is_account(s, end):
            continue
        a, b = idx[start], idx[end - 1] + 1
        mentions.append(OrgMention(a, b, text[a:b], rule=rule, unit=unit, core=core, body=body))
    return mentions


def _covered(found) -> set[int]:
    return {i for f in found for i in range(f[0], f[1])}


def _outermost(found):
    """Drop mentions inside a longer one (国家移民管理局 in 国家移民管理局长春边防中心),
    except the enterprise inside an enterprise union (rule ``named_inner``)."""
    out, reach = [], -1
    for f in sorted(set(found), key=lambda f: (f[0], -f[1])):
        if f[1] > reach:
            out.append(f)
            reach = f[1]
        elif f[2] == "named_inner":
            out.append((*f[:2], "named", *f[3:]))
    return out


def _is_account(s: str, end: int) -> bool:
    """“镇海工会”微信公众号: a name in quotes before an account word."""
    return bool(re.match(r"[”\"」』]?(?:微信)?(?:公众号|视频号|APP|小程序|抖音号)", s[end:end + 6]))


def _body_mention(s, b0, b1, pieces, g):
    body = s[b0:b1]
    nxt = s[b1:b1 + 1]
    if body == "总" and (nxt in NOT_AFTER_ZONG or not s[b0 - 1:b0] or s[b0 - 1] not in UNIT_CHARS):
        return []
    if body in ("委", "党委") and nxt in NOT_AFTER_WEI:
        return []
    chain = chain_before(b0, pieces)
    if chain and not (body in ("委", "总") and chain[-1].text[-1] not in UNIT_CHARS + "师"):
        start = chain[0].start
        return [(start, b1, "unit", s[start:b0], "", body)]
    m = DEICTIC.search(s, max(0, b0 - 4), b0)
    if m and m.end() == b0:
        unit_start = m.start(2)
        word = s[unit_start - 1:unit_start + 1]
        prev = s[m.start() - 1:m.start()]
        if word not in g.not_units and not (prev and prev in "各全本每多个两几数"):
            return [(m.start(), b1, "deictic", m.group(), "", body)]
        return []
    if body in ("检察院", "人民检察院", "法院", "人民法院", "检察机关"):
        prev = s[b0 - 1:b0]
        if not prev or not CJK.match(prev) or prev in g.delimiter_chars or prev in "驻":
            return [(b0, b1, "bare", "", "", body)]
    return []


def _named_mentions(s, x0, x1, pieces, g, barriers, taken):
    suffix = s[x0:x1]
    spec = g.suffixes[suffix]
    start = _name_start(s, x0, g, barriers=barriers)
    start = max([start] + [i + 1 for i in range(start, x0) if i in taken])
    start += _leading_words(s[start:x0], s[start - 1:start])
    if s[start - 1:start] == "该" and s[start:x0] in ("", "公司", "企业"):
        start -= 1
    name = s[start:x0]
    if "某" in name or name in g.not_units:
        return []
    deictic = DEICTIC.fullmatch(name)
    if suffix == "工会" and deictic and deictic.group(2) in TOWNSHIP_UNITS:
        return [(start, x1, "deictic", name, "", suffix)]  # 镇工会
    if name.startswith("该") and name[1:] in ("", "公司", "企业") and spec.org_type in ("enterprise", "union"):
        return [(start, x1, "anaphor", "", name, suffix)]
    if suffix == "工会" and name == "公司":
        return [(start, x1, "anaphor", "", name, suffix)]
    starts = {p.start: p for p in pieces.values() if start <= p.start and p.end <= x0}
    chain, pos = [], start
    while pos in starts:  # the unit is the chain of places the name starts with
        chain.append(starts[pos])
        pos = starts[pos].end
    unit, core = s[start:pos], s[pos:x0]
    national = name.startswith(NATIONAL_PREFIXES)
    if spec.needs_place and not (chain or national):
        return []
    distinct = name
    for p in starts.values():
        distinct = distinct.replace(p.text, "")
    tail = _tail_suffix(core, g)
    if suffix == "工会":
        if not (tail or core.endswith(UNION_HOSTS) or (chain and chain[-1].kind == "township" and not core)):
            return []
    elif not ((starts or national) and (distinct or spec.org_type in ("education", "association"))):
        if len(distinct) < 2 or g.is_generic(distinct):
            return []
    out = [(start, x1, "named", unit, core, suffix)]
    if suffix == "工会" and tail and g.suffixes[tail].org_type == "enterprise":
        out.append((start, x0, "named_inner", unit, core[: -len(tail)], tail))
    return out


def _leading_words(name: str, before: str) -> int:
    """Length of the words a name read leftwards picked up before its start:
    verbs, adverbs, numerals … (激起公司, 推进工匠学院, 22家…), and anything up
    to the last verb inside it (试点建起企业民主管理指导站)."""
    skip = 1 if before.isdigit() and name[:1] in CLASSIFIERS else 0
    words = jieba.lcut(name[skip:], HMM=False)
    tags = _tags()
    cut = 0
    for i, word in enumerate(words):
        tag = tags.get(word, "x")
        if (i == cut and tag[:1] in LEADING_TAGS) or (tag == "v" and len(word) > 1):
            cut = i + 1
    return skip + sum(len(w) for w in words[:cut])


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech tags (a lookup, no tagging run)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def _tail_suffix(name: str, g: Grammar) -> str:
    return next((sfx for sfx in sorted(g.suffixes, key=len, reverse=True) if name.endswith(sfx)), "")


class OrgRecogniser:
    """spaCy component: fills ``doc._.orgs`` with unresolved mentions."""

    def __init__(self, nlp: Language, name: str, bodies: list[dict], suffixes: list[dict],
                 exclusions: list[str]):
        self.name = name
        self.grammar = load_grammar(bodies, suffixes, exclusions)

    def __call__(self, doc: Doc) -> Doc:
        doc._.orgs = find_orgs(doc.text, self.grammar)
        return doc


@Language.factory(
    "kg_org_recogniser",
    default_config={"bodies": [], "suffixes": [], "exclusions": []},
)
def make_orgs(nlp: Language, name: str, bodies: list[dict], suffixes: list[dict],
              exclusions: list[str]) -> OrgRecogniser:
    return OrgRecogniser(nlp, name, bodies, suffixes, exclusions)
