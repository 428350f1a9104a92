"""Find organisation mentions (doc._.orgs), DESIGN §3.1.

A cascade of small grammars over the article text with whitespace removed
(OCR spaces and broken lines fall inside names: 锦 州市总, 辽\\n源市人大常委会):

* places: the division gazetteer (Aho-Corasick), townships and functional
  zones by grammar, glued into chains (山东省青岛市市北区, 江苏淮安生态文旅区);
  before a body, units missing from the gazetteer by grammar (杭州市钱塘区);
* bodies (总工会, 人民检察院, 人社局, 市委 …, ``org_bodies.csv`` and
  ``abbreviations.csv``) after a chain (``rule="unit"``), after a bare unit
  word (市检察院, 该区总工会: ``"deictic"``) or alone (检察院, 检察机关: ``"bare"``);
* named organisations: a suffix (有限公司, 大学, 协会, 工会 …) and the name
  read leftwards up to a delimiter (的, 在, 指导 …), rejected when anonymised
  (某, 涉案) or generic (运输公司, 工匠学院): ``"named"``; 该公司 / 公司工会,
  我院 / 本局 / 本会: ``"anaphor"``; development zones: ``"zone"``; national
  bodies: ``"national"``; later uses of a short form defined in parentheses
  (…人民检察院（以下简称“滨江区院”）): ``"alias"``;
* not organisations: sites, channels and link lists named after one
  (黄冈市总工会网站, 山西省委社情民意通道), a site's owner in its footer.

The recogniser only finds spans and their parts (unit, core, body); the
resolver (kg/extract/resolve.py) turns them into canonical organisations.
Users extend it the spaCy way::

    nlp.add_pipe("kg_org_recogniser", config={
        "bodies": [{"body": "残疾人联合会", "org_type": "association"}],
        "suffixes": [{"suffix": "合作社", "org_type": "enterprise"}]})
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick
import rjieba
import srsly
from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc

from kg.abbreviations import abbreviations
from kg.extract.divisions import Gazetteer, gazetteer
from kg.extract.mentions import Org, OrgMention, doc_text
from kg.extract.resources import read_lines, read_rows

CJK = re.compile(r"[\u3400-\u9fff]")
UNIT_CHARS = "省市县区州旗盟镇乡"
DEICTIC = re.compile(r"(该)?(自治区|自治州|街道|地区|[省市县区州旗盟镇乡])$")
MAX_NAME = 24  # characters read leftwards for a named organisation
MAX_ZONE_STEM = 6
GOVERNMENTS = ("人民政府", "政府")  # 宜宾市人民政府国资委: the city's 国资委
MAX_PREFIX = 4  # characters of a name before its place: 国网马鞍山…, 中国石化宜宾…
UNLISTED_SUFFIXES = ("街道", "区", "县", "市", "旗", "镇", "乡")
NOT_IN_STEMS = "个各全本该每这那些其"
BRACKETS = {"》": "《", "）": "（", ")": "("}
QUOTES = {"」": "「", "”": "“", "』": "『"}
SHORT_LINE = 40  # a line shorter than this is a heading or byline, not a paragraph
SENTENCE_END = "。！？!?：:；;”’」』）)…—-摄"  # 摄 ends a photo credit
CLASSIFIERS = "家个名所位项批"
PLURAL_UNITS = re.compile(r"各(?:地|[省市县区州盟旗]{1,2})")  # 各市, 各县区: several units
TWO_LEVELS = "两级"  # 市、区两级检察院: the bodies of both units listed
ZONE_COMMITTEES = ("管理委员会", "管委会")  # a zone's administration, written after it
NOT_AFTER_NATIONAL = "门分署位长"  # 公安部门, 财政部分, 公安部署, 财政部长: no ministry
NATIONAL_PREFIXES = ("中国", "中华", "全国", "国家")  # 中国劳动关系学院 needs no place
NOT_BEFORE_UNIT_WORDS = "各全本每多个两几数团"  # 各区总工会, 团县委 (the Youth League)
INNER_VERBS = {"enterprise": "none", "education": "all"}  # see _leading_words
ANAPHORS = ("公司", "企业")  # 该公司, 公司工会: the enterprise of the story
UNION_HOSTS = ("社区", "村", "街道", "镇", "乡", "厂", "站", "局", "中心", "医院")  # 东园社区工会
# jieba tags of words that do not start a name: verb, adverb, preposition,
# conjunction, particle, pronoun, numeral, classifier, time word.
LEADING_TAGS = set("vdpcurmqt")
# adverbs, conjunctions, prepositions: clause text a name read leftwards ran
# into (证据确实充分且…公司), wherever they stand in it
CLAUSE_TAGS = {"d", "ad", "c", "p", "zg"}
# tags of dictionary words a place name may also be read as (会同 n, 通道 v, 平安 a)
WORD_TAGS = set("nvasmt")
# 总 is 总工会 only when it does not start another word (总经理, 总站, 总量 …).
NOT_AFTER_ZONG = set("经书体量额数计值结理部站局队监裁院共指决要规厂公之务会师工人投产面收和统署行台支医成分价资而算")
NOT_AFTER_WEI = set("员托屈婉派任会常")  # 市委常委: a person's title
NOT_AFTER_YUAN = set("士长子落线内外墙校系务级所坝门")
# 政协第十届桂林市委员会: the place's CPPCC committee
CPPCC_BEFORE = re.compile(r"(?:政协|中国人民政治协商会议)(?:第[一二三四五六七八九十\d]+届)?$")
# bodies listed after one named with its unit (区人大、政法委、法院等): see _list_members
LIST_JOINS = "、和及"
# a list of bodies without a head (会同总工会、法院、人社等单位; 该县人社、法院、司法等部门):
# what may stand before each member, and what ends the list
MEMBER_UNIT = "(?:该?(?:自治区|自治州|[省市县区州旗盟]))"
MEMBER_UNIT_BEFORE = re.compile(f"{MEMBER_UNIT}{{1,3}}$")
MEMBER_JOINS = ("、", "和", "及", "以及")
# what follows a member in short form (人社、; 司法等部门), not a longer word (公安民警)
MEMBER_END = re.compile(r"$|[、和及等，,。；;：:）)共联参组在\n]|相关|有关|部门|单位")
LIST_ENDS = "、和及等，,。；;共联分"
# what one files with an institution (向法院提起诉讼): see _institution
FILING = re.compile(r"(?:依法)?(?:提起|提出|起诉|申请|申诉|控告|举报|投诉|报案)")
# （以下简称“滨江区院”）, (简称市总): a short form defined for the name before it
ALIAS_DEFINITION = re.compile(r"[（(](?:以下)?(?:简称|称)[为：:]?[“\"「『]?([^”\"」』（()）《》，,。、]{2,10}?)[”\"」』]?[）)]")
# a site, channel or account named after an organisation, then the end of the link text
MEDIA = re.compile(r"[ \t]*([\u4e00-\u9fff]{0,6}?)(?:官方|门户)?(?:网站|网|频道|专栏|通道|平台|客户端|公众号|视频号|"
                   r"小程序|微博|APP|App|app|版权所有)(?=$|[\s|｜>》”」、，,。!！:：•·©])")
# a site's owner in its footer: 主办单位：X, 版权所有：X
LINK_LIST = re.compile(r"[ \t]*[|｜]")
LINK_LIST_LEFT = re.compile(r"(?:^(?:友情链接|相关链接|网站导航)[:：]?.*|[|｜][ \t]*)$", re.M)
FOOTER = re.compile(r"ICP|备案|版权|Copyright|©|技术支持|邮编|网站地图|网站标识码")
SITE_OWNER = re.compile(r"(?:主办|承办|主管|协办|版权所有|技术支持|运营|维护)(?:单位)?[:：]?[ \t]*$")
# 本院, 该院, 我局, 本会: the procuratorate or court, bureau, union of the story
SELF_REFERENCE = re.compile(r"(本|该|我)(?:(院)(?![长士子校落内外墙线])|(局)(?![长面势部限])|(厅)(?![长堂])"
                            r"|(?<=[本该])(会)(?![议员计期场上谈]))")



@dataclass(frozen=True)
class Body:
    """A body that follows a unit: its full standard name and type."""

    full: str
    org_type: str
    template: str = "{unit}{body}"
    bare: bool = False  # may stand without a unit (检察院, 法院), resolved from context
    by_level: tuple[tuple[str, str], ...] = ()  # (level, full name there): a city's 中级人民法院

    def full_at(self, level: str) -> str:
        """The full name of this body in a unit of ``level``."""
        return dict(self.by_level).get(level, self.full)

    @property
    def ending(self) -> str:
        """How the canonical names of this body end (人民检察院 for 检察机关)."""
        return self.template.format(unit="", body=self.full).removeprefix("中共")


@dataclass(frozen=True)
class Suffix:
    """A named organisation's suffix (有限公司, 大学 …): its type, and whether
    only a name with a place in it counts (指导站, 基金会)."""

    org_type: str
    needs_place: bool = False


@dataclass(eq=False)
class Grammar:
    """The data the recogniser and the resolver share."""

    gaz: Gazetteer
    bodies: dict[str, Body]  # surface (full or abbreviated) -> Body
    national: dict[str, Org]  # surface -> a body that needs no place written (national, HK, Macau, Taiwan)
    needs_region: set[str]  # surfaces of those that count only where the text names their region (劳动部)
    suffixes: dict[str, Suffix]
    zone_suffixes: list[str]
    generic: set[str]
    not_units: set[str]
    delimiter_chars: str
    delimiter_words: list[str]
    exclusions: set[str]
    union_nouns: list[str]
    anonymous: list[str] = field(default_factory=lambda: ["某"])
    role_nouns: set[str] = field(default_factory=set)
    list_short_forms: dict[str, str] = field(default_factory=dict)  # 公安 → 公安局, in a list only
    stations: dict[str, tuple[str, set[str]]] = field(default_factory=dict)  # 派出所 → (type, parent bodies)
    branch_suffixes: list[str] = field(default_factory=list)  # 分行, 分局: a national body's branch
    staff: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 法官 → the bodies it acts for
    sectors: list[str] = field(default_factory=list)  # 教育, 轻工纺织烟草: a place's sectoral union
    body_re: re.Pattern = field(init=False)
    suffix_re: re.Pattern = field(init=False)
    tail_re: re.Pattern = field(init=False)
    zone_re: re.Pattern = field(init=False)
    role_re: re.Pattern = field(init=False)
    national_re: re.Pattern = field(init=False)
    list_short_re: re.Pattern = field(init=False)
    member_ac: ahocorasick.Automaton = field(init=False)
    station_re: re.Pattern = field(init=False)
    branch_re: re.Pattern = field(init=False)
    staff_re: re.Pattern = field(init=False)
    sector_re: re.Pattern = field(init=False)
    township_re: re.Pattern = field(init=False)
    delimiter_ac: ahocorasick.Automaton = field(init=False)

    def __post_init__(self) -> None:
        self.delimiter_ac = ahocorasick.Automaton()
        for word in self.delimiter_words:
            self.delimiter_ac.add_word(word, word)
        self.delimiter_ac.make_automaton()
        self.body_re = _alternation(self.bodies)
        self.suffix_re = _alternation(self.suffixes)
        self.tail_re = re.compile(f"(?:{self.suffix_re.pattern})$")
        self.zone_re = _alternation(self.zone_suffixes)
        self.role_re = _alternation(self.role_nouns or {"某"})
        self.national_re = _alternation(self.national)
        self.list_short_re = _alternation(self.list_short_forms) if self.list_short_forms else re.compile("(?!)")
        self.station_re = re.compile(f"[\u4e00-\u9fff]{{2,5}}?(?:{_alternation(self.stations or ['(?!)']).pattern})")
        self.branch_re = _alternation(self.branch_suffixes or ["(?!)"])
        self.staff_re = _alternation(self.staff or ["(?!)"])
        sectors = _alternation(self.sectors or ["(?!)"]).pattern
        self.sector_re = re.compile(f"({sectors}|[\u4e00-\u9fff]{{2,8}}?行业)(工会联合会|工会委员会|工会)")
        self.member_ac = ahocorasick.Automaton()
        for word in (*self.bodies, *self.list_short_forms, "工会"):
            if len(word) > 1:
                self.member_ac.add_word(word, word)
        self.member_ac.make_automaton()
        self.township_re = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道)")

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


Row = tuple[tuple[str, str], ...]  # a CSV row as hashable items


@lru_cache(maxsize=4)
def load_grammar(bodies: tuple[Row, ...] = (), suffixes: tuple[Row, ...] = (),
                 exclusions: tuple[str, ...] = (), gazetteers: tuple[str, ...] = ()) -> Grammar:
    """The packaged data plus user additions (rows with the columns of the CSV
    files; ``gazetteers``: paths of CSV files with the columns of
    ``org_national.csv``), built once per set of additions."""
    body_rows = read_rows("org_bodies.csv") + [dict(r) for r in bodies]
    full = {r["body"]: Body(r["body"], r["org_type"], r.get("name") or "{unit}{body}", r.get("bare") == "1",
                            tuple(tuple(x.split(":")) for x in (r.get("by_level") or "").split()))
            for r in body_rows}
    table = dict(full)
    listed = read_rows("org_national.csv") + [r for f in gazetteers for r in read_rows(Path(f))]
    national = _gazetteer_bodies(listed)
    for short, long in abbreviations().items():
        if long in full:
            table[short] = full[long]
        elif long in national:
            national[short] = national[long]
    delimiters = read_lines("org_left_delimiters.txt")
    return Grammar(
        gaz=gazetteer(),
        bodies=table,
        national=national,
        needs_region={s for r in listed if r.get("needs_region") == "1" for s in _surfaces(r)},
        suffixes={r["suffix"]: Suffix(r["org_type"], r.get("needs_place") == "1")
                  for r in read_rows("org_named_suffixes.csv") + [dict(r) for r in suffixes]},
        zone_suffixes=read_lines("org_zone_suffixes.txt"),
        generic=set(read_lines("org_generic.txt")),
        not_units=set(read_lines("org_not_units.txt")),
        delimiter_chars="".join(w for w in delimiters if len(w) == 1),
        delimiter_words=[w for w in delimiters if len(w) > 1],
        exclusions=set(read_lines("org_exclusions.txt")) | set(exclusions),
        union_nouns=read_lines("org_union_nouns.txt"),
        anonymous=read_lines("org_anonymous.txt"),
        role_nouns=set(read_lines("org_role_nouns.txt")),
        list_short_forms={r["short"]: r["body"] for r in read_rows("org_list_short_forms.csv")},
        stations={r["suffix"]: (r["org_type"], set(r["parents"].split("|"))) for r in read_rows("org_stations.csv")},
        branch_suffixes=read_lines("org_branch_suffixes.txt"),
        staff={r["noun"]: tuple(r["bodies"].split("|")) for r in read_rows("org_staff_nouns.csv")},
        sectors=read_lines("org_sector_unions.txt"),
    )


def _gazetteer_bodies(rows: list[dict[str, str]]) -> dict[str, Org]:
    """Surface form -> Org for bodies listed by name (org_national.csv and the
    user's files): national bodies, those of Hong Kong, Macau and Taiwan
    (level and province given), each with its other names."""
    gaz = gazetteer()
    out = {}
    for r in rows:
        province = r.get("province") or ""
        region = gaz.lookup(province)
        org = Org(r["name"], r["org_type"], r.get("level") or "national", province, r.get("city") or "", "",
                  region[0].adcode if region else "")
        for surface in _surfaces(r):
            out[surface] = org
    return out


def _surfaces(row: dict[str, str]) -> list[str]:
    """The name of a gazetteer row and its other names (``;``-separated)."""
    return [row["name"], *filter(None, (row.get("aliases") or "").split(";"))]


@dataclass(eq=False)
class Scan:
    """A text prepared once for the grammars (and shared with the resolver):
    without whitespace, so that names broken by OCR spaces or line breaks
    become whole (锦 州市总, 辽\\n源市人大常委会), with its places found."""

    text: str
    s: str  # the text without whitespace
    marks: list[int]  # squeezed offsets of characters that followed whitespace …
    removed: list[int]  # … and how much whitespace was removed before each
    barriers: set[int]  # squeezed offsets where a name read leftwards stops
    stops: set[int]  # squeezed offsets where a delimiter word ends
    pieces: dict[int, "Piece"] = field(default_factory=dict)  # by end offset
    ends: dict[int, int] = field(default_factory=dict)  # piece start -> its end
    inside: dict[int, int] = field(default_factory=dict)  # offset in a piece -> piece start

    def offset(self, k: int) -> int:
        """The offset in ``text`` of squeezed offset ``k``."""
        j = bisect_right(self.marks, k) - 1
        return k + (self.removed[j] if j >= 0 else 0)


@lru_cache(maxsize=8)
def scan(text: str, g: "Grammar") -> Scan:
    """Squeeze ``text`` and find its places. Lines that follow a heading, a
    byline or a finished sentence are barriers; a line broken mid-sentence by
    PDF extraction is not (江苏苏盐\\n门机械公司)."""
    marks, removed, barriers = [], [], {0}
    total = 0
    for m in re.finditer(r"\s+", text):
        k = m.start() - total
        total += m.end() - m.start()
        marks.append(k)
        removed.append(total)
        if "\n" in m.group():
            previous = text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip()
            if not previous or len(previous) < SHORT_LINE or previous[-1] in SENTENCE_END:
                barriers.add(k)
    s = re.sub(r"\s+", "", text)
    stops = {end + 1 for end, _ in g.delimiter_ac.iter(s)}
    out = Scan(text, s, marks, removed, barriers, stops)
    out.pieces = settle_places(s, g, find_places(s, g, stops))
    out.ends = {p.start: e for e, p in out.pieces.items()}
    out.inside = {i: p.start for p in out.pieces.values() for i in range(p.start, p.end)}
    return out


@dataclass
class Piece:
    """A place in the squeezed text: a gazetteer name, township or zone."""

    start: int
    end: int
    text: str
    kind: str  # division | township | zone


def find_places(s: str, g: Grammar, stops: set[int] = frozenset()) -> dict[int, Piece]:
    """Place pieces by end offset (leftmost-longest, non-overlapping)."""
    pieces = {e: Piece(b, e, name, "division") for b, e, name in g.gaz.find(s)
              if not _conjunction(s, b, name, g)}
    _common_districts(s, g, pieces)
    _county_stems(s, g, pieces, stops)
    for m in g.zone_re.finditer(s):
        zone = _zone(s, m.start(), m.end(), pieces, g, stops)
        if zone:
            pieces.pop(zone.end, None)
            for e in [e for e, p in pieces.items() if p.start >= zone.start and e <= zone.end]:
                del pieces[e]
            pieces[zone.end] = zone
    for end in sorted(pieces):
        m = g.township_re.match(s, end)
        if (m and m.end() not in pieces and not g.gaz.lookup(m.group())
                and not any(ch in g.delimiter_chars for ch in m.group())):  # 开发区外的乡镇
            pieces[m.end()] = Piece(end, m.end(), m.group(), "township")
    return pieces


def settle_places(s: str, g: Grammar, pieces: dict[int, Piece]) -> dict[int, Piece]:
    """The article's geography decides a place that also reads as a word
    (会同县人社局: 会同 "together with"; 响应县总工会: 应县 inside 响应): it
    stands only when another place of the article lies in its province.
    Counties only: names above them are not read as words.
    A strong word reading (glued to the word before, a function word) loses
    even in an article that names no other place; a weak one (a noun or
    verb of the dictionary: 通道, 鼓楼) loses only to the places it is far from."""
    divisions = {e: p for e, p in pieces.items() if p.kind == "division"}
    readings = {e: "" if p.start in pieces or any(d.level != "county" for d in g.gaz.lookup(p.text))
                else _word_reading(s, p)  # 湖南省会同县: a chain; 兵团, 新星市: above county level
                for e, p in divisions.items()}
    if not any(readings.values()):
        return pieces
    provinces = {e: {d.adcode[:2] for d in g.gaz.lookup(p.text)} for e, p in divisions.items()}
    plain = [provinces[e] for e, reading in readings.items() if not reading]
    for e, reading in readings.items():
        if not reading or any(provinces[e] & other for other in plain):
            continue  # 怀化市…会同县: the article's own region
        if reading == "strong" or plain:
            del pieces[e]
    return pieces


def _word_reading(s: str, piece: Piece) -> str:
    """How strongly the characters of a place piece read as an ordinary word
    where they stand: "strong" when they are glued to the word before
    (响应|县 → 响应县) or are a function word (和县, 与…); "weak" when the
    name without its unit is a dictionary word that is not a place (会同,
    通道, 鼓楼); "" otherwise."""
    stem = piece.text[:-1] if len(piece.text) > 1 and piece.text[-1] in UNIT_CHARS else piece.text
    glued = s[piece.start - 1:piece.start + 1] if piece.start > 0 else ""
    if word_tag(glued) and not _word_starts(s, piece.start):  # a dictionary word across the start
        return "strong"
    tag = word_tag(stem)
    if tag[:1] in ("c", "p", "d", "u"):
        return "strong"
    return "weak" if tag[:1] in WORD_TAGS and not tag.startswith(("ns", "nr", "nz")) else ""


def _conjunction(s: str, b: int, name: str, g: Grammar) -> bool:
    """和县 in 县总工会和县检察院: a one-character stem that is a conjunction
    after a word, not a county (安徽省和县, ，和县总工会)."""
    if not (len(name) == 2 and name[0] in g.delimiter_chars and name[1] in UNIT_CHARS
            and b > 0 and CJK.match(s[b - 1])):
        return False
    window = s[max(0, b - 8):b]
    return not any(e == len(window) for _, e, _ in g.gaz.find(window))


def _common_districts(s: str, g: Grammar, pieces: dict[int, Piece]) -> None:
    """Districts named like common words (西区, 城区): after their city
    (攀枝花市西区), and then also before a body (西区检察院) in the same text."""
    found = [m.span() for m in g.gaz.common_re.finditer(s)] if g.gaz.common_re else []
    chained = {s[b:e] for b, e in found if b in pieces and g.gaz.in_parent(s[b:e], pieces[b].text)}
    if not chained:
        return
    covered = _covered((p.start, p.end) for p in pieces.values())
    for b, e in found:
        if (s[b:e] in chained and b not in covered and e - 1 not in covered
                and (b in pieces or g.body_re.match(s, e))):
            pieces[e] = Piece(b, e, s[b:e], "division")


def _county_stems(s: str, g: Grammar, pieces: dict[int, Piece], stops: set[int]) -> None:
    """Counties written by their stem right before a body (招远法院, 耀州公安
    分局, 澜沧人社局), a city bureau's branch (市公安局耀州分局) or at the end
    of a unit read before a body; the stem must start a word (日前招远法院,
    after punctuation or a place: 烟台招远法院)."""
    hits = g.gaz.find_stems(s)
    covered = _covered((p.start, p.end) for p in pieces.values()) if hits else set()
    for b, e, stem in hits:
        if b in covered or e - 1 in covered:
            continue
        body = g.body_re.match(s, e)
        branch = s.startswith("分局", e) and s.endswith("局", 0, b)
        if not (e == len(s) or branch or (body and len(body.group()) >= 2 and body.group() != "党委"
                                          and not g.zone_re.match(body.group()))):  # 七里河经济开发区管委会: a zone
            continue
        if b == 0 or branch or b in pieces or b in stops or not CJK.match(s[b - 1]) or _word_starts(s, b):
            pieces[e] = Piece(b, e, stem, "division")


def _word_starts(s: str, i: int, window: int = 4) -> bool:
    """True when jieba starts a word at ``i`` (日前|招远, not 云上嘉|鱼)."""
    pos = max(0, i - window)
    for word in rjieba.cut(s[pos:i + 2], hmm=False):
        pos += len(word)
        if pos >= i:
            return pos == i
    return False


def _zone(s: str, start: int, end: int, pieces: dict[int, Piece], g: Grammar,
          stops: set[int]) -> Piece | None:
    """淮安生态文旅区, 锦州七里河经济开发区: a stem of at most MAX_ZONE_STEM
    characters after a place (a bare city name stays part of the zone name)."""
    for left in range(start, max(start - MAX_ZONE_STEM, 0) - 1, -1):
        before = pieces.get(left)
        if before is not None and any(word_tag(w, "x")[:1] == "v" for w in rjieba.cut(s[left:start], hmm=False)):
            break  # 会同县总工会抓好经济开发区: clause text between the place and the zone word
        if before is not None:
            if before.text not in (d.name for d in g.gaz.lookup(before.text)) or left == start:
                left = before.start  # bare stem: 淮安生态文旅区 keeps 淮安
            return Piece(left, end, s[left:end], "zone")
        if left < start and not _name_char(s, left, g):
            break
    left = _name_start(s, start, g, stops, limit=MAX_ZONE_STEM)
    left += _leading_words(s[left:start], s[left - 1:left], "all")  # 总工会抓好经济开发区: clause text
    stem = s[left:start]
    if len(stem) >= 2 and not any(ch in NOT_IN_STEMS for ch in stem) and not g.is_generic(stem):
        return Piece(left, end, s[left:end], "zone")
    return None  # 5个省级工业园区: no zone named


def _name_char(s: str, i: int, g: Grammar) -> bool:
    return bool(CJK.match(s[i])) and s[i] not in g.delimiter_chars


def _name_start(s: str, end: int, g: Grammar, stops: set[int], limit: int = MAX_NAME,
                barriers: set[int] = frozenset(), inside: dict[int, int] | None = None) -> int:
    """Read leftwards from ``end`` over name characters up to a delimiter or
    the start of a line; place names are read whole (成都, 当阳: 都 and 当
    are delimiters elsewhere), and so are nouns (华为)."""
    i = end
    while i > 0 and end - i < limit and i not in barriers and i not in stops:
        if inside and i - 1 in inside:
            i = inside[i - 1]
            continue
        ch = s[i - 1]
        if ch in BRACKETS:  # 《中国工人》杂志社, 腾讯科技（深圳）有限公司
            j = s.rfind(BRACKETS[ch], max(0, i - limit), i)
            if j < 0:
                break
            i = j
            continue
        if not CJK.match(ch) or (ch in g.delimiter_chars and not _in_noun(s, i - 1)):
            break
        i -= 1
    return i


def _in_noun(s: str, i: int) -> bool:
    """True when the character at ``i`` ends a noun (华为, 首都) or starts a
    proper noun (和达): then it is no delimiter."""
    return (i > 0 and word_tag(s[i - 1:i + 1], "x")[:1] == "n"
            or word_tag(s[i:i + 2], "x")[:2] in ("nr", "ns", "nz", "nt"))


def chain_before(end: int, pieces: dict[int, Piece]) -> list[Piece]:
    """The places written right before ``end``, first to last."""
    out = []
    while end in pieces:
        out.append(pieces[end])
        end = pieces[end].start
    return out[::-1]


def find_orgs(text: str, g: Grammar) -> list[OrgMention]:
    """All organisation mentions of ``text`` (offsets into ``text``)."""
    sc = scan(text, g)
    s, pieces = sc.s, sc.pieces
    found: list[tuple[int, int, str, str, str, str]] = []  # start, end, rule, unit, core, body
    for m in g.body_re.finditer(s):
        found.extend(_body_mention(sc, m.start(), m.end(), g))
    listed = [(m.start(), m.end(), "national", "", m.group(), "") for m in g.national_re.finditer(s)
              if s[m.end():m.end() + 1] not in NOT_AFTER_NATIONAL]  # 教育部门, 人社部门: departments in general
    inside = {i: f[1] for f in listed for i in range(f[0], f[1])}
    found = [f for f in found if inside.get(f[1] - 1, f[1]) <= f[1]] + listed  # 台湾台中市政府|劳工局
    for m in SELF_REFERENCE.finditer(s):
        found.append((m.start(), m.end(), "anaphor", "", m.group(1), m.group(m.lastindex)))
    taken = _covered(f for f in found if f[2] != "national")  # 国家移民管理局长春边防中心
    for m in g.suffix_re.finditer(s):
        if taken.intersection(range(m.start(), m.end())):
            continue
        found.extend(_named_mentions(sc, m.start(), m.end(), g, taken))
    for piece in pieces.values():
        committee = next((w for w in ZONE_COMMITTEES if s.startswith(w, piece.end)), "")
        if piece.kind == "zone" and ("开发区" in piece.text or committee):  # its administration
            end = piece.end + len(committee)
            unit = "".join(p.text for p in chain_before(piece.start, pieces))
            found.append((piece.start, end, "zone", unit, piece.text, s[piece.end:end]))
    found += _sector_unions(sc, g)
    taken = _covered(found)
    found += [(m.start(), m.end(), "staff", "", "", m.group()) for m in g.staff_re.finditer(s)
              if not taken.intersection(range(m.start(), m.end()))]  # 法官 acts for the story's court
    found = _outermost(found + _aliases(s, found))
    found = _branches(sc, _shared_units(sc, found, g), g)
    found = _list_members(sc, found, g)
    found = _member_lists(sc, found, g)
    found = [_station(s, f, g) for f in found]
    mentions = []
    for start, end, rule, unit, core, body in found:
        a, b = sc.offset(start), sc.offset(end - 1) + 1
        if s[start:end] in g.exclusions or _is_account(s, end) or _is_link(text, a, b) or _is_owner(text, a, b):
            continue
        mentions.append(OrgMention(a, b, text[a:b], rule=rule, unit=unit, core=core, body=body))
    return mentions


def _list_members(sc: Scan, found, g: Grammar) -> list:
    """区人大、政法委、法院、检察院; 县残联、公安、市场监督等: bodies listed
    after one named with its unit share that unit (same rule and unit as the
    first; a bare reading of a listed body gives way); in such a list a
    department may go by its short form (``org_list_short_forms.csv``)."""
    s = sc.s
    at = {f[0]: f for f in found}
    added, replaced = [], set()
    for head in found:
        if head[2] not in ("unit", "deictic") or _plural_scope(sc, head[0]):
            continue
        end = head[1]
        while s[end:end + 1] in LIST_JOINS and end + 1 < len(s):
            m = g.body_re.match(s, end + 1) or g.list_short_re.match(s, end + 1)
            if m is None or s[m.end():m.end() + 1] not in LIST_ENDS or m.group() == "院":
                break
            other = at.get(m.start())
            if other is not None and (other[2] != "bare" or other[1] != m.end()):
                break
            if other is not None:
                replaced.add(other)
            body = m.group() if m.group() in g.bodies else g.list_short_forms[m.group()]
            added.append((m.start(), m.end(), head[2], head[3], "", body))
            end = m.end()
    return sorted([f for f in found if f not in replaced] + added, key=lambda f: (f[0], -f[1]))


def _member_lists(sc: Scan, found, g: Grammar) -> list:
    """Lists of two or more bodies in full or short form (会同总工会、法院、
    人社等单位; 与该县人社、法院、检察院、司法等部门; 司法、人社、公安、
    信访、法院等部门): members written with a unit keep it (a place before
    the first: 宁陕县人社、法院), later members share the last unit written;
    members without one are the story's local bodies (rule ``member``, which
    the linker gives the unit of the organisation acting around them). A name
    already read at a member's place stands; a bare reading gives way; an
    unknown member (县星光协进会) ends one list and the next begins after it."""
    s = sc.s
    at = {(f[0], f[1]): f for f in found}
    covered = _covered(f for f in found if f[2] != "bare")
    added, replaced = [], set()
    for run in _member_runs(s, g):
        if _plural_scope(sc, run[0].start):  # no member is one organisation
            replaced.update(f for f in found if f[2] == "bare" and run[0].start <= f[0] < run[-1].end)
            continue
        rule, unit = "member", ""
        for m in run:
            a, b, word = m.start, m.end, m.word
            own = at.get((a, b)) or at.get((m.word_start, b))
            if own is not None and own[2] != "bare":
                rule, unit = (own[2], own[3]) if own[2] in ("unit", "deictic") else (rule, unit)
                continue
            if covered.intersection(range(a, b)):
                continue
            if m.word_start in sc.pieces and m is run[0]:  # 宁陕县人社、法院
                a = chain_before(m.word_start, sc.pieces)[0].start
                rule, unit = "unit", s[a:m.word_start]
            elif m.unit:
                rule, unit = "deictic", m.unit
            if own is not None:
                replaced.add(own)
            body = word if word in g.bodies else g.list_short_forms.get(word, "总工会")  # 工会
            added.append((a, b, rule, unit, "", body))
    return sorted([f for f in found if f not in replaced] + added, key=lambda f: (f[0], -f[1]))


@dataclass(frozen=True)
class Member:
    """A body word of a list with the unit word written before it (该县人社)."""

    start: int
    word_start: int
    end: int
    unit: str
    word: str


def _member_runs(s: str, g: Grammar) -> list[list[Member]]:
    """Runs of two or more members joined by 、/和/及; a short form counts only
    where a member ends (人社、 but not 公安民警)."""
    runs, run = [], []
    for end, word in g.member_ac.iter_long(s):
        b = end + 1
        a = b - len(word)
        unit = MEMBER_UNIT_BEFORE.search(s, max(0, a - 7), a)
        m = Member(unit.start() if unit else a, a, b, unit.group() if unit else "", word)
        if word not in g.bodies and not MEMBER_END.match(s, b) and not (
                run and s[run[-1].end:m.start] in MEMBER_JOINS and _verb_at(s, b)):
            m = None  # 公安民警: a longer word; 妇联、工会开展: the list's last member, then its verb
        if m is not None and run and s[run[-1].end:m.start] in MEMBER_JOINS:
            run.append(m)
            continue
        if len(run) > 1:
            runs.append(run)
        run = [m] if m is not None else []
    if len(run) > 1:
        runs.append(run)
    return runs


def _sector_unions(sc: Scan, g: Grammar) -> list:
    """安阳市教育工会, 安阳市纺织服装行业工会联合会: a sector's union written
    right after its place (``org_sector_unions.txt``, or a sector named with
    行业), rule ``sector``."""
    out = []
    for end, piece in sc.pieces.items():
        m = g.sector_re.match(sc.s, end) if end not in sc.ends else None  # the chain's last place
        if m is not None and m.group(1) not in g.sectors and not all(
                word_tag(w, "x")[:1] in ("n", "j", "b") or word_tag(w) == "vn" for w in rjieba.cut(m.group(1)[:-2], hmm=False)):
            continue  # 宁陕县开展行业工会建设: clause text, no sector (a sector named by a verb is listed: 快递)
        if m is not None and piece.kind == "division":
            start = chain_before(end, sc.pieces)[0].start
            out.append((start, m.end(), "sector", sc.s[start:end], m.group(1), m.group(2)))
    return out


def _verb_at(s: str, i: int) -> bool:
    """True when the word jieba reads at ``i`` is a verb (开展, 联合)."""
    words = rjieba.cut(s[i:i + 6], hmm=False)
    return bool(words) and word_tag(words[0], "x")[:1] == "v"


def _shared_units(sc: Scan, found, g: Grammar) -> list:
    """房县、郧阳区检察院; 酒泉市、肃州区两级检察院: places listed before a unit
    and its body share that body (the place alone is the mention). Without
    两级 (both levels) the places must be of one level."""
    s, out = sc.s, []
    for start, end, rule, unit, core, body in found:
        if rule != "unit" or core or not unit or (s[end:end + 1] in LIST_JOINS and (
                g.body_re.match(s, end + 1) or g.list_short_re.match(s, end + 1))):
            continue  # 满洲里市、二连浩特市人社局、党委政法委…: the bodies of several units
        levels = {d.level for d in g.gaz.lookup(sc.pieces[start + len(unit)].text)} \
            if start + len(unit) in sc.pieces else set()
        both = s.startswith(TWO_LEVELS, start + len(unit))
        at = start
        while at > 1 and s[at - 1] in "、和及与" and at - 1 in sc.pieces and sc.pieces[at - 1].kind == "division":
            chain = chain_before(at - 1, sc.pieces)
            if not (both or levels & {d.level for d in g.gaz.lookup(chain[-1].text)}):
                break
            first = chain[0].start
            if first and s[first - 1] in NOT_BEFORE_UNIT_WORDS:
                break  # 各市、县: several units
            out.append((first, at - 1, "unit", s[first:at - 1], "", body))
            at = first
    return found + out


def _branches(sc: Scan, found, g: Grammar) -> list:
    """中国人民银行江西省分行: a national body, then a place and a branch
    suffix (``org_branch_suffixes.txt``), is that body's branch there."""
    out = []
    for f in found:
        start, end, rule, *_ = f
        name = sc.s[start:end]
        pos = end
        while pos in sc.ends and sc.pieces[sc.ends[pos]].kind == "division":
            pos = sc.ends[pos]
        m = g.branch_re.match(sc.s, pos) if pos > end and name in g.national else None
        several = PLURAL_UNITS.match(sc.s, pos) if name in g.national else None
        if several and g.branch_re.match(sc.s, several.end()):
            continue  # 中国人民银行江西省各市分行: the branches of several units, no one body
        out.append((start, m.end(), "branch", sc.s[end:pos], name, m.group()) if m else f)
    return out


def _station(s: str, f, g: Grammar):
    """宁陕县公安局城关派出所: a station named after its parent body is the
    mention, its name and suffix the ``core`` (org_stations.csv)."""
    start, end, rule, unit, core, body = f
    if rule not in ("unit", "deictic") or core:
        return f
    full = g.bodies[body].full if body in g.bodies else ""
    m = g.station_re.match(s, end)
    if m is None or not any(m.group().endswith(x) and full in parents for x, (_, parents) in g.stations.items()):
        return f
    return (start, m.end(), rule, unit, m.group(), body)


def _plural_scope(sc: Scan, start: int) -> bool:
    """各盟市人社局、党委政法委…; 满洲里市、二连浩特市人社局、…; 各市、县、
    自治县党委政法委…: a list of the bodies of several units, none of them
    one organisation."""
    s = sc.s
    unit = re.match(f"{MEMBER_UNIT}+", s[start:])
    head = start + (unit.end() if unit else 0)
    chain = chain_before(head, sc.pieces)
    first = chain[0].start if chain else start
    before = s[first - 1:first]
    return (before in NOT_BEFORE_UNIT_WORDS + "、" if before else False) or (
        unit is not None and not chain and not _word_starts(s, start))


def _aliases(s: str, found) -> list:
    """杭州市滨江区人民检察院（以下简称滨江区院）: the later uses of a short
    form defined right after a name (rule ``alias``, core = the name)."""
    out = []
    for start, end, *_ in found:
        m = ALIAS_DEFINITION.match(s, end)
        if m is None or m.group(1)[0] in "两双三四各诸":  # 两院: more than the name before
            continue
        alias, i = m.group(1), s.find(m.group(1), m.end())
        while i >= 0:
            out.append((i, i + len(alias), "alias", "", s[start:end], alias))
            i = s.find(alias, i + len(alias))
    return out


def _covered(found) -> set[int]:
    return {i for f in found for i in range(f[0], f[1])}


def _outermost(found):
    """Drop mentions inside a longer one (国家移民管理局 in 国家移民管理局长春边防中心),
    except an organisation inside an organisation: the enterprise of an
    enterprise union (rule ``named_inner``), a development zone."""
    out, reach = [], -1
    for f in sorted(set(found), key=lambda f: (f[0], -f[1], f[2] != "alias", f)):  # a defined short form first
        if f[1] > reach:
            out.append(f)
            reach = f[1]
        elif f[2] in ("named_inner", "zone"):
            out.append(f)
    return [(*f[:2], "named" if f[2] == "named_inner" else f[2], *f[3:]) for f in out]


def _is_account(s: str, end: int) -> bool:
    """“镇海工会”微信公众号: a name in quotes before an account word."""
    return bool(re.match(r"[”\"」』]?(?:微信)?(?:公众号|视频号|APP|小程序|抖音号)", s[end:end + 6]))


def _is_link(text: str, start: int, end: int) -> bool:
    """黄冈市总工会网站, 山西省委社情民意通道: a site, channel or column named
    after the organisation (headers, footers, navigation), right after it or,
    on a short line of its own, after a few words; names in a list of links
    (友情链接：最高人民检察院 | 中华全国总工会)."""
    line_start = text.rfind("\n", 0, start) + 1
    if LINK_LIST.match(text, end) or LINK_LIST_LEFT.search(text, line_start, start):
        return True
    m = MEDIA.match(text, end)
    if m is None or not m.group(1):
        return m is not None
    tags = [word_tag(w, "x") for w in rjieba.cut(m.group(1), hmm=False)]
    if any(t == "v" or t[:1] in "dpcu" for t in tags):
        return False  # 法院建立快速通道: a clause, not a link title
    line_end = text.find("\n", end)
    return len(text[line_start:line_end if line_end >= 0 else len(text)].strip()) < SHORT_LINE // 2


def _is_owner(text: str, a: int, b: int) -> bool:
    """主办单位：X (a site's footer, with its ICP number or copyright near)."""
    return bool(SITE_OWNER.search(text, max(0, a - 12), a) and FOOTER.search(text, max(0, a - 80), b + 80))


def _body_mention(sc: Scan, b0: int, b1: int, g: Grammar):
    """The mention ending in the body at [b0, b1), and for a city bureau's
    branch (市公安局达川区分局, rule ``bureau_branch``) the branch, named
    as written."""
    found = _unit_body(sc, b0, b1, g)
    branch = sc.ends.get(b1) if found and sc.s.endswith("局", b0, b1) else None
    if branch is not None and sc.s.startswith("分局", branch) and found[0][2] in ("unit", "deictic"):
        start, _, rule, unit, *_ = found[0]  # 达州市公安局达川区分局
        return [(start, branch + 2, "bureau_branch", unit if rule == "unit" else sc.s[start:b0],
                 sc.s[b1:branch], sc.s[b0:b1])]
    return found


def _unit_body(sc: Scan, b0: int, b1: int, g: Grammar):
    """The mention ending in the body at [b0, b1): after a chain of places,
    after a unit missing from the gazetteer, after a unit word, or alone;
    after the unit's government, the body of that unit (市人民政府国资委)."""
    government = next((w for w in GOVERNMENTS if sc.s.endswith(w, 0, b0)), "")
    if government and not g.bodies[sc.s[b0:b1]].bare:
        outer = _unit_body(sc, b0 - len(government), b0, g)
        if outer and outer[0][2] in ("unit", "deictic"):
            return [(outer[0][0], b1, outer[0][2], outer[0][3], "", sc.s[b0:b1])]
    s, pieces = sc.s, sc.pieces
    body = s[b0:b1]
    nxt = s[b1:b1 + 1]
    if body == "总" and (nxt in NOT_AFTER_ZONG or not s[b0 - 1:b0] or s[b0 - 1] not in UNIT_CHARS):
        return []
    if body in ("委", "党委") and nxt in NOT_AFTER_WEI:
        return []
    if body == "人大" and s.startswith(("代表", "主任", "副主任", "会议"), b1):
        return []  # 区人大代表: persons; 人大会议: a session
    if body == "院" and (nxt in NOT_AFTER_YUAN or not s[b0 - 1:b0] or s[b0 - 1] not in UNIT_CHARS):
        return []  # 区院, 市院 (procuratorates' own short form), not 医院, 院士
    levels = len(TWO_LEVELS) if s.endswith(TWO_LEVELS, 0, b0) and b0 - len(TWO_LEVELS) in pieces else 0
    chain = chain_before(b0 - levels, pieces)  # 肃州区两级检察院: the district's (and the one listed before)
    if chain and not ((body == "总" or body.startswith("委")) and chain[-1].text[-1] not in UNIT_CHARS + "师"):
        start = chain[0].start
        prefix, body = _prefixed_body(s, start, body)
        return [(start - prefix, b1, "unit", s[start:b0 - levels], "", body)]
    start = _unlisted_unit(sc, b0, g)
    if start is not None:
        start = chain_before(start, pieces)[0].start if start in pieces else start
        return [(start, b1, "unit", s[start:b0], "", body)]
    m = DEICTIC.search(s, max(0, b0 - 4), b0)
    if m and m.end() == b0:
        unit_start = m.start(2)
        word = s[unit_start - 1:unit_start + 1]
        prev = s[m.start() - 1:m.start()]
        if word not in g.not_units and not (prev and prev in NOT_BEFORE_UNIT_WORDS):
            return [(m.start(), b1, "deictic", m.group(), "", body)]
        prefix, other = _prefixed_body(s, m.start(), body)
        return [(m.start() - prefix, b1, "deictic", m.group(), "", other)] if prefix else []  # 团市委
    if g.bodies[body].bare and body != "院" and _boundary(sc, b0, g) and not _institution(s, b0, b1):
        return [(b0, b1, "bare", "", "", body)]
    return []


def _institution(s: str, b0: int, b1: int) -> bool:
    """向法院提起诉讼, 向检察机关申请监督: the institution anyone turns to,
    not an organisation of the story."""
    return s.endswith("向", 0, b0) and FILING.match(s, b1) is not None


def _prefixed_body(s: str, start: int, body: str) -> tuple[int, str]:
    """(length, body) of a prefix before the unit that makes the body
    another's committee: 共青团宜宾市委, 团市委 (the Youth League's), 政协第十届桂林市委员会
    (the CPPCC's); (0, body) when there is none."""
    if body == "委":
        league = next((p for p in ("共青团", "团") if s.endswith(p, 0, start)), "")
        return (len(league), "团委") if league else (0, body)
    m = CPPCC_BEFORE.search(s, max(0, start - 16), start) if body == "委员会" else None
    return (len(m.group()), "政协") if m else (0, body)


def _unlisted_unit(sc: Scan, end: int, g: Grammar) -> int | None:
    """Where a unit missing from the gazetteer starts, if one ends at ``end``:
    a short stem and a county or township suffix (钱塘区, 新华街道) after
    a delimiter or a listed place (杭州市钱塘区)."""
    s = sc.s
    for suffix in UNLISTED_SUFFIXES:
        if not s.endswith(suffix, 0, end):
            continue
        stem_end = end - len(suffix)
        if s[stem_end - 1:stem_end + 1] in g.not_units or stem_end in sc.stops:
            return None  # 辖区, 联合县检察院
        for n in (2, 3):
            start = stem_end - n
            stem = s[start:stem_end]
            if start < 0 or not all(CJK.match(ch) and ch not in NOT_IN_STEMS + g.delimiter_chars for ch in stem):
                return None
            if (word_tag(stem, "n")[:1] in LEADING_TAGS or word_tag(stem[0])[:1] in ("f", "p", "c", "d")
                    or (not word_tag(stem) and any(word_tag(w) == "v" for w in rjieba.cut(stem, hmm=False)))):
                return None  # 协助县法院, 建立驻市法院: a verb before a unit word; 后经县人社局: 后 is no name
            if start in sc.pieces or (start not in sc.inside and _boundary(sc, start, g)):
                return start
    return None


def _boundary(sc: Scan, i: int, g: Grammar) -> bool:
    """True when a name may start at ``i`` (after punctuation or a delimiter)."""
    return (i == 0 or not CJK.match(sc.s[i - 1]) or sc.s[i - 1] in g.delimiter_chars + "驻"
            or i in sc.stops)


def _named_mentions(sc: Scan, x0: int, x1: int, g: Grammar, taken: set[int]):
    """The named organisation ending in the suffix at [x0, x1), if any, and
    for an enterprise union (…有限公司工会) the enterprise inside it too."""
    s = sc.s
    suffix = s[x0:x1]
    spec = g.suffixes[suffix]
    union = suffix == "工会"
    start = _name_start(s, x0, g, sc.stops, barriers=sc.barriers, inside=sc.inside)
    start = max([start] + [i + 1 for i in range(start, x0) if i in taken])
    read = start  # where reading leftwards stopped, before words are trimmed
    if (union and start == x0 and _boundary(sc, x0, g) and not s.startswith(tuple(g.union_nouns), x1)
            and s[x0 - 1:x0] != "《" and s[x1:x1 + 1] != "法"):  # 《工会法》: a law
        return [(x0, x1, "bare", "", "", suffix)]  # ，工会与检察院…: the story's union, if it has one
    if union and not (s.endswith(UNION_HOSTS + ANAPHORS, start, x0) or DEICTIC.fullmatch(s[start:x0])
                      or tail_suffix(s[start:x0], g) or x0 in sc.pieces):
        return []  # 涵盖工会, 全省工会: no host named before 工会
    quoted = _quoted_start(s, x0, x1)
    if quoted is not None and not union:  # 承办商「魄毅清洁及工程公司」: the quotes hold the name
        start = quoted
    else:
        start += _leading_words(s[start:x0], s[start - 1:start], INNER_VERBS.get(spec.org_type, "inner"))
        start = _place_start(sc, start, x0, g)
        start = _role_start(sc, start, x0, g)
    if s[start - 1:start] == "该" and s[start:x0] in ("", *ANAPHORS):
        start -= 1
    name = s[start:x0]
    before = s[max(read, start - MAX_PREFIX):start]  # 某通用|航空有限公司, but not 案涉公司|陕西华达…
    before = "" if tail_suffix(before, g) else before
    if any(w in name or w in before for w in g.anonymous) or name in g.not_units:
        return []  # 某公司, 涉案公司(银行)
    if (name.removeprefix("该") in ("", *ANAPHORS) and spec.org_type in ("enterprise", "union")
            and (suffix in ("工会", *ANAPHORS) or not name.removeprefix("该"))):
        # 该公司, 该公司工会, 公司工会 (but not a bare 公司 or 企业工会)
        return [(start, x1, "anaphor", "", name, suffix)] if name not in ("", "企业") else []
    deictic = DEICTIC.fullmatch(name)
    if union and deictic:  # 镇工会: the township's union; 区工会: the district's federation
        before = s[start - 1:start]
        return [(start, x1, "deictic", name, "", suffix)] if before not in NOT_BEFORE_UNIT_WORDS else []
    if (union and _bare_place(name, sc, start, g) and not s.startswith(tuple(g.union_nouns), x1)
            and s[start - 1:start] != "《"):  # 《安徽省工会劳动法律监督条例》: the unions of a place
        return [(start, x1, "unit", name, "", suffix)]  # 汕头工会: the city's federation
    places = {i: sc.pieces[sc.ends[i]] for i in range(start, x0)
              if i in sc.ends and sc.ends[i] <= x0}
    pos = start
    while pos in places:  # the unit is the chain of places the name starts with
        pos = places[pos].end
    unit, core = s[start:pos], s[pos:x0]
    tail = tail_suffix(core, g) if union else ""
    host, host_spec = (core[: -len(tail)], g.suffixes[tail]) if tail else (core, spec)
    national = name.startswith(NATIONAL_PREFIXES)
    if host_spec.needs_place and not (places or national):
        return []
    if union and not tail:
        township = pos > start and places[_last_start(places, pos)].kind == "township"
        if not (core.endswith(UNION_HOSTS) or (township and not core)):
            return []
    elif not _distinctive(unit + host, places, national, host_spec, g):
        return []
    out = [(start, x1, "named", unit, core, suffix)]
    if tail:  # 南昌大学工会 names 南昌大学 too
        out.append((start, x0, "named_inner", unit, host, tail))
    return out


def _quoted_start(s: str, x0: int, x1: int) -> int | None:
    """Where a name held whole by quotes starts (「魄毅清洁及工程公司」), if the
    suffix at [x0, x1) closes a quotation of name characters."""
    close = s[x1:x1 + 1]
    if close not in QUOTES:
        return None
    j = s.rfind(QUOTES[close], max(0, x0 - MAX_NAME), x0)
    inner = s[j + 1:x0]
    return j + 1 if j >= 0 and len(inner) >= 2 and all(CJK.match(ch) or ch.isalnum() for ch in inner) else None


def _place_start(sc: Scan, start: int, x0: int, g: Grammar) -> int:
    """Where a name that holds a place starts: at that place when the words
    before it are a role (欠薪企业宜宾市兴达商贸有限公司, 总承包单位…) or clause
    text (主动联系宜宾天原集团…), else at ``start`` (国网马鞍山供电公司)."""
    first = next((i for i in range(start + 1, x0) if i in sc.ends and sc.ends[i] <= x0), None)
    prefix = sc.s[start:first]
    if first is not None and any(w in prefix for w in g.anonymous):
        return first  # 调取案涉公司陕西华达…: the anonymised party is another one
    if (first is None or start in sc.inside or prefix.startswith(NATIONAL_PREFIXES)
            or not all(CJK.match(ch) for ch in prefix) or tail_suffix(prefix, g) or prefix.endswith("局")):
        return start  # 腾讯科技（深圳）有限公司, 国家移民管理局长春边防中心, 中铁二十局集团宜宾分公司
    words = rjieba.cut(prefix, hmm=False)
    if (first - start > MAX_PREFIX or words[-1] in g.role_nouns
            or any(word_tag(w, "x") in ("v", *CLAUSE_TAGS) for w in words)):
        return first
    return start


def _role_start(sc: Scan, start: int, x0: int, g: Grammar) -> int:
    """After a role written before the name (总承包单位中建三局集团有限公司),
    not after one inside a name that starts with its place (宜宾市建设单位…)."""
    if not g.role_re.search(sc.s, start, x0):
        return start
    words = rjieba.cut(sc.s[start:x0], hmm=False)
    pos = cut = start
    for word in words[:-1]:
        pos += len(word)
        if word in g.role_nouns and x0 - pos >= 2 and not any(i in sc.ends for i in range(start, pos)):
            cut = pos
    return cut


def _bare_place(name: str, sc: Scan, start: int, g: Grammar) -> bool:
    """True when ``name`` is one place written alone: above county level
    bare or in full (汕头, 广东, 宜宾市), a county in full (宁县, 滨江区)."""
    piece = sc.pieces.get(start + len(name))
    return (piece is not None and piece.start == start and piece.kind == "division"
            and any(d.level in ("provincial", "city") or d.name == name for d in g.gaz.lookup(name)))


def _last_start(places: dict[int, "Piece"], end: int) -> int:
    return next(i for i, p in places.items() if p.end == end)


def _distinctive(name: str, places: dict[int, "Piece"], national: bool, spec: Suffix,
                 g: Grammar) -> bool:
    """A name is distinctive with a place in it (深圳职业技术大学, 广州数字科技集团
    有限公司) or with words of its own (双乐公司), not with generic words only
    (运输公司, 重点工匠学院)."""
    rest = name
    for p in places.values():
        rest = rest.replace(p.text, "")
    if (places or national) and (rest or spec.org_type in ("education", "association")):
        return True
    return len(rest) >= 2 and not g.is_generic(rest)


def _leading_words(name: str, before: str, inner_verbs: str) -> int:
    """Length of the words a name read leftwards picked up before its start:
    verbs, adverbs, numerals … (激起公司, 推进工匠学院, 22家…). With
    ``inner_verbs`` "all", anything up to the last verb inside it goes too
    (孩子考上大学); with "inner", up to a verb that does not end the name
    (试点建起企业民主管理指导站, but 职工帮扶基金会); registered names keep
    theirs (辽宁锦渤机辆装备制造有限公司)."""
    skip = 1 if before.isdigit() and name[:1] in CLASSIFIERS else 0
    words = rjieba.cut(name[skip:], hmm=False)
    cut = 0
    for i, word in enumerate(words):
        tag = word_tag(word, "x")
        leading = tag[:1] in LEADING_TAGS and not word.endswith("号")  # 一号煤矿
        inner = tag == "v" and len(word) > 1 and (inner_verbs == "all" or
                                                  (inner_verbs == "inner" and i < len(words) - 1))
        inner = inner or (tag in CLAUSE_TAGS and (len(word) > 1 or word in "且并及"))
        if (i == cut and leading) or inner:
            cut = i + 1
    return skip + sum(len(w) for w in words[:cut])


@lru_cache(maxsize=1)
def _tagger() -> rjieba.Jieba:
    """A jieba-rs of its own (the tokenizer's dictionary) for tag look-ups, so
    that re-weighting a word there never changes the tokenizer's cuts."""
    return rjieba.Jieba()


@lru_cache(maxsize=1 << 17)
def word_tag(word: str, default: str = "") -> str:
    """jieba's dictionary part-of-speech tag of ``word`` (a look-up, no
    tagging run), ``default`` when it is no dictionary word."""
    tagger = _tagger()
    if not tagger.has_word(word):
        return default
    tags = tagger.tag(word, hmm=False)
    if len(tags) > 1:  # a rare word jieba cuts in two when alone: weighted to stay whole
        tagger.add_word(word, None, None)
        tags = tagger.tag(word, hmm=False)
    return tags[0][1] if len(tags) == 1 else default


def tail_suffix(name: str, g: Grammar) -> str:
    """The named-organisation suffix ``name`` ends with (有限公司 …), or ""."""
    m = g.tail_re.search(name)
    return m.group() if m else ""


class OrgRecogniser:
    """spaCy component: fills ``doc._.orgs`` (and, after the linker,
    ``doc.spans["org"]``) with candidate mentions. Its data (the packaged word
    lists and gazetteers plus the user's ``bodies``, ``suffixes``,
    ``exclusions`` and ``gazetteers`` files from the config) is loaded in
    :meth:`initialize` — ``nlp.initialize()``, or on the first document when
    nobody called it — and built once per set of additions."""

    def __init__(self, nlp: Language, name: str, bodies: list[dict], suffixes: list[dict],
                 exclusions: list[str], gazetteers: list[str]):
        self.name = name
        self.cfg = {"bodies": [dict(r) for r in bodies], "suffixes": [dict(r) for r in suffixes],
                    "exclusions": list(exclusions), "gazetteers": [str(f) for f in gazetteers]}
        self._grammar: Grammar | None = None

    @property
    def grammar(self) -> Grammar:
        if self._grammar is None:
            self.initialize()
        return self._grammar

    def initialize(self, get_examples=None, *, nlp: Language | None = None,
                   gazetteers: list[str] | None = None) -> None:
        """Load the data; ``gazetteers`` (files with the columns of
        ``org_national.csv``) replaces the configured ones, the spaCy way
        (``[initialize.components.kg_org_recogniser]``)."""
        if gazetteers is not None:
            self.cfg["gazetteers"] = [str(f) for f in gazetteers]
        cfg = self.cfg
        self._grammar = load_grammar(tuple(tuple(sorted(r.items())) for r in cfg["bodies"]),
                                     tuple(tuple(sorted(r.items())) for r in cfg["suffixes"]),
                                     tuple(cfg["exclusions"]), tuple(cfg["gazetteers"]))

    def __call__(self, doc: Doc) -> Doc:
        doc._.orgs = find_orgs(doc_text(doc), self.grammar)
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        """The settings as JSON and copies of the user's gazetteer files, so a
        saved pipeline does not depend on where they were."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        copies = []
        for i, f in enumerate(self.cfg["gazetteers"]):
            copy = path / f"gazetteer{i}.csv"
            copy.write_bytes(Path(f).read_bytes())
            copies.append(copy.name)
        srsly.write_json(path / "cfg.json", {**self.cfg, "gazetteers": copies})

    def from_disk(self, path, *, exclude=()) -> "OrgRecogniser":
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json")
        self.cfg = {**cfg, "gazetteers": [str(path / f) for f in cfg["gazetteers"]]}
        self._grammar = None
        return self

    def score(self, examples, **kwargs) -> dict:
        """Precision, recall and F1 of the candidate spans (``org_p``, ``org_r``,
        ``org_f``) against the reference docs' ``doc.spans["org"]``."""
        return Scorer.score_spans(examples, "org", getter=lambda doc, key: doc.spans.get(key, []),
                                  labeled=False, allow_overlap=True, **kwargs)


@Language.factory(
    "kg_org_recogniser",
    assigns=["doc._.orgs"],
    default_config={"bodies": [], "suffixes": [], "exclusions": [], "gazetteers": []},
    default_score_weights={"org_f": 0.5, "org_p": 0.0, "org_r": 0.0},
)
def make_orgs(nlp: Language, name: str, bodies: list[dict], suffixes: list[dict],
              exclusions: list[str], gazetteers: list[str]) -> OrgRecogniser:
    return OrgRecogniser(nlp, name, bodies, suffixes, exclusions, gazetteers)
