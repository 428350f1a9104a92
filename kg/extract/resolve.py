"""The organisation linker: the one step that decides, for every candidate
span the recogniser proposed, which canonical Org it is (DESIGN §3.3), or
none. Later components (relations, cases, credit) read only its result:
``doc._.orgs`` mentions whose ``org`` is set, the same as ``doc.spans["org"]``
spans with a ``kb_id``; none of them re-resolves a name.

Canonical name = the full name of the lowest administrative unit + the full
standard body name (营口市总 → 营口市总工会, 镇沅县人社局 → 镇沅彝族哈尼族拉祜族
自治县人力资源和社会保障局); higher units go to attributes. Mentions without
their place are resolved from the article:

* 市检察院, 区总, 该县总工会: the nearest place of that kind written before
  (its parents count: 省 after 营口市 is 辽宁省), else the first one after;
* 检察院, 法院, 检察机关: the nearest body of that type before (not a national
  one, not the author of a cited document), else the body's
  unit of the nearest organisation before it in the sentence, else the only
  such body of the article;
* 该公司, 公司工会: the nearest enterprise before; 该院, 该局, 该厅, 该会: the
  nearest such body; 我院, 本局, 本会: the body that publishes the post;
* a bare body nothing nearer decides (工会与检察院): the article's one
  organisation of its type, if it has exactly one;
* a defined short form (以下简称“滨江区院”): the name it was defined for;
* staff nouns (法官, 检察官, 劳动监察员: ``org_staff_nouns.csv``): the
  nearest body they serve, if the article names one;
* short forms of named organisations (众泰煤焦化公司, 秋田齿轮公司) resolve to
  the fullest form of the article they are a subsequence of.

What context cannot decide stays None and out of the graph.
"""
from __future__ import annotations

import re
from functools import cached_property
from bisect import bisect_left

from spacy.language import Language
from spacy.scorer import PRFScore
from spacy.tokens import Doc

from kg.extract.divisions import MUNICIPALITIES, Place, choose, gazetteer, place_of, sub_place
from kg.extract.mentions import Org, OrgMention, doc_text, org_spans
from kg.extract.orgs import (NATIONAL_PREFIXES, Grammar, Piece, Suffix, find_places, load_grammar,
                             scan, tail_suffix, word_tag)

LEVEL_OF_TYPE = {"enterprise": "none", "education": "none", "association": "none"}
# which places a bare unit word can mean
UNIT_WORDS = {
    "省": lambda p: p.level == "provincial" and p.name.endswith("省"),
    "自治区": lambda p: p.level == "provincial" and p.name.endswith("自治区"),
    "市": lambda p: p.level in ("provincial", "city", "county") and p.name.endswith("市"),
    "州": lambda p: p.level == "city" and p.name.endswith("州"),
    "自治州": lambda p: p.level == "city" and p.name.endswith("自治州"),
    "盟": lambda p: p.level == "city" and p.name.endswith("盟"),
    "地区": lambda p: p.level == "city" and p.name.endswith("地区"),
    "县": lambda p: p.level == "county" and p.name.endswith("县"),
    "区": lambda p: p.level == "county" and p.name.endswith("区"),
    "旗": lambda p: p.level == "county" and p.name.endswith("旗"),
    "镇": lambda p: p.level == "township" and p.name.endswith("镇"),
    "乡": lambda p: p.level == "township" and p.name.endswith("乡"),
    "街道": lambda p: p.level == "township" and p.name.endswith("街道"),
}
LEGAL_TYPES = ("procuratorate", "court", "justice")
# self-references (orgs.SELF_REFERENCE) by body: which organisations they can mean
SELF_BODIES = {
    "院": lambda o: o.org_type in ("procuratorate", "court"),
    "局": lambda o: o.name.endswith("局"),
    "厅": lambda o: o.name.endswith("厅"),
    "会": lambda o: o.org_type in ("union", "association"),
}
FEDERATIONS = ("总工会", "工会联合会")  # what a bare 工会 of the story can mean
PROCURATORATE_CUES = re.compile(r"检察")
COURT_CUES = re.compile(r"法官|审判|法庭|审理|判决|裁定|立案庭|诉讼服务中心")
WHITESPACE = re.compile(r"\s+")
TITLE_AFTER = re.compile(r"\s*《")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
UNLISTED_LEVELS = {"街道": "township", "镇": "township", "乡": "township",
                   "区": "county", "县": "county", "市": "county", "旗": "county"}
DEICTIC_UNIT = re.compile(r"该?(?:自治区|自治州|地区|[省市县区州旗盟])")
# a national body as the source of a policy: 落实/按照 X (、Y) 的要求/关于/决策部署 …
POLICY_BEFORE = re.compile(r"(?:根据|按照|依据|依照|遵照|落实|贯彻|享受)(?:[^，,。；;：:、]{1,12}、)?$")
POLICY_AFTER = re.compile(r"(?:[、和][^，,。；;：:、]{2,12}?)?(?:关于|的(?:要求|决策|部署|精神|号召|指示)|决策部署|政府特殊津贴)")
PARENT_GROUP = re.compile(r"^.{2,6}?集团(?!有限|股份)(?=.{4,})")  # 陕煤集团黄陵矿业公司…: the group is a parent


class Context:
    """The places of one article in text order, for context look-ups."""

    def __init__(self, text: str, g: Grammar):
        self.g = g
        sc = scan(text, g)
        self.text = sc.s
        pieces = sc.pieces
        zones = [p.text for p in pieces.values() if p.kind == "zone"]
        # 沟帮子经济开发区 is the 锦州沟帮子经济开发区 written in full elsewhere
        self.zone_names = _zone_names(zones, g)
        self.events: list[tuple[int, Place]] = []
        last_end, last = -1, None
        for end in sorted(pieces):
            piece = pieces[end]
            place = self.place(piece, last if piece.start == last_end else None)
            if place is not None:
                self.events.append((sc.offset(piece.start), place))
                last_end, last = end, place
        self.starts = [pos for pos, _ in self.events]

    def stem_place(self, fits) -> Place | None:
        """When no place named in full fits a unit word, the one county the
        text names by a proper-noun stem (莱西模式, 云上嘉鱼: a model or the
        local media named after it) that fits it and lies in the provinces
        of the article's places, if it names any."""
        found = {place for place in self._stem_places if fits(place)}
        return found.pop() if len(found) == 1 else None

    @cached_property
    def _stem_places(self) -> frozenset[Place]:
        """The counties the text names by a proper-noun stem, in the provinces
        of the article's places if it names any: read once per article."""
        provinces = {p.adcode[:2] for _, p in self.events if p.adcode}
        return frozenset(place_of(d) for _, _, stem in self.g.gaz.find_stems(self.text)
                         if word_tag(stem, "ns")[:2] in ("ns", "nr", "nz")
                         for d in self.g.gaz.lookup(stem)
                         if not provinces or d.adcode[:2] in provinces)

    def before(self, pos: int) -> list[Place]:
        """Places written before ``pos``, nearest first."""
        k = bisect_left(self.starts, pos)
        return [p for _, p in reversed(self.events[:k])]

    def after(self, pos: int) -> list[Place]:
        k = bisect_left(self.starts, pos)
        return [p for _, p in self.events[k:]]

    def place(self, piece: Piece, prev: Place | None) -> Place | None:
        """Resolve one place piece after ``prev`` (the piece written right
        before it), else in the light of the places read so far."""
        gaz = self.g.gaz
        if piece.kind == "division":
            context = [prev] if prev else [p for _, p in reversed(self.events[-3:])]
            d = choose(gaz.lookup(piece.text), [p.division for p in context if p.division])
            return place_of(d) if d else None
        if piece.kind == "zone":
            inner = [f for f in gaz.find(piece.text) if f[0] == 0]
            parent = place_of(gaz.lookup(inner[0][2])[0]) if inner else prev
            return sub_place(self.zone_names.get(piece.text, piece.text), "county", parent)
        return sub_place(piece.text, "township", prev)


def _zone_names(zones: list[str], g: Grammar) -> dict[str, str]:
    """Full names of the development zones of an article, which carry their
    city's name: 沟帮子经济开发区 is the 锦州沟帮子经济开发区 written elsewhere,
    or named like its siblings (锦州七里河…, 锦州庞河…)."""
    zones = [z for z in zones if "开发区" in z]
    stems = {z[:e] for z in zones for b, e, _ in g.gaz.find(z)[:1] if b == 0 and e < len(z)}
    out = {}
    for z in zones:
        full = max((y for y in zones if y.endswith(z)), key=len)
        if full == z and len(stems) == 1 and not z.startswith(tuple(stems)):
            full = next(iter(stems)) + z
        out[z] = full
    return out


class OrgResolver:
    """spaCy component: sets ``OrgMention.org`` on ``doc._.orgs`` and writes
    ``doc.spans["org"]`` (``kb_id`` = the node id). Its data is the
    recogniser's grammar (with the user's additions), else the packaged one."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.nlp = nlp
        self._grammar: Grammar | None = None

    @property
    def grammar(self) -> Grammar:
        if self._grammar is None:
            self.initialize(nlp=self.nlp)
        return self._grammar

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        nlp = nlp or self.nlp
        recogniser = nlp.get_pipe("kg_org_recogniser") if "kg_org_recogniser" in nlp.pipe_names else None
        self._grammar = recogniser.grammar if recogniser is not None else load_grammar()

    def __call__(self, doc: Doc) -> Doc:
        resolve_mentions(doc_text(doc), doc._.orgs, self.grammar)
        doc.spans["org"] = org_spans(doc, doc._.orgs)
        return doc

    def score(self, examples, **kwargs) -> dict:
        """Precision, recall and F1 of the linked spans (``org_link_p``, ``_r``,
        ``_f``): a span counts when its offsets and ``kb_id`` match the
        reference's."""
        score = PRFScore()
        for eg in examples:
            gold = {(s.start_char, s.end_char, s.kb_id_) for s in eg.reference.spans.get("org", []) if s.kb_id_}
            pred = {(s.start_char, s.end_char, s.kb_id_) for s in eg.predicted.spans.get("org", []) if s.kb_id_}
            score.tp += len(gold & pred)
            score.fp += len(pred - gold)
            score.fn += len(gold - pred)
        return {"org_link_p": score.precision, "org_link_r": score.recall, "org_link_f": score.fscore}


def resolve_mentions(text: str, mentions: list[OrgMention], g: Grammar) -> None:
    """Resolve ``mentions`` of ``text`` in place, in passes that each use what
    the earlier found: written units, then unit words (市检察院), anaphors
    (该公司) and bare bodies (检察院)."""
    art = Context(text, g)
    groups = _enterprise_groups([m for m in mentions if m.rule == "named"], g)
    places: dict[Org, Place] = {}  # the unit of each resolved body
    # zones whose administration the article names in full: all their mentions are it
    committees = {art.zone_names.get(m.core, m.core) for m in mentions if m.rule == "zone" and m.body == "管理委员会"}
    for m in mentions:
        if m.rule == "unit":
            place = _chain_place(m.unit, art, m.start)
            m.org = _body_org(m, place, g)
            if m.org is not None:
                places[m.org] = place
        elif m.rule == "national":
            m.org = _listed_org(m, text, g)
        elif m.rule == "branch":
            m.org = _branch_org(m, _chain_place(m.unit, art, m.start), g)
        elif m.rule == "sector":  # 安阳市教育工会
            place = _chain_place(m.unit, art, m.start)
            m.org = None if place is None else Org(place.name + m.core + m.body, "union", place.level, place.province,
                                                   place.city, place.county, place.adcode)
        elif m.rule == "bureau_branch":
            m.org = _bureau_branch_org(m, art, g)
        elif m.rule == "zone":
            place = _chain_place(m.unit + m.core, art, m.start)
            if place is not None:
                name = place.name + ("管理委员会" if place.name in committees else "")
                m.org = Org(name, "agency", "county", place.province, place.city, place.county)
    _drop_policy_sources(text, mentions)
    owners = [(m.start, places[m.org]) for m in mentions if m.org in places]
    for m in mentions:
        if m.rule == "named":
            m.org = _named_org(m, art, g, groups, owners)
        elif m.rule == "deictic":
            place = _unit_word_place(m, art, owners)
            m.org = _body_org(m, place, g)
            if m.org is not None:
                places.setdefault(m.org, place)
    cited = _citations(text, mentions)
    actors = [o for o in mentions if id(o) not in cited]  # for bare bodies
    for m in mentions:
        if m.rule == "alias":
            m.org = next((o.org for o in reversed(mentions) if o.start < m.start and o.rule != "alias"
                          and o.org is not None and WHITESPACE.sub("", o.text) == m.core), None)
        elif m.rule == "anaphor" and m.body in SELF_BODIES:
            m.org = _self_reference(m, text, mentions)
        elif m.rule == "anaphor":
            host = _nearest(mentions, m.start, lambda o: o.org_type == "enterprise")
            if host is not None:
                m.org = host if m.body != "工会" else _union_of(host)
        elif m.rule == "staff":  # 法官, 检察官: the nearest body they serve, if the article names one
            m.org = _nearest(mentions, m.start, lambda o: o.name.endswith(g.staff[m.body]), or_first_after=True)
        elif m.rule == "member":
            m.org = _body_org(m, _local_place(m, mentions, places, _sentence(text, m.start)), g)
        elif m.rule == "bare" and m.body in g.bodies:
            m.org = _bare_org(m, actors, places, _sentence(text, m.start), g)
    for m in mentions:
        if m.rule == "bare" and m.org is None:
            m.org = _only_of_type(m, actors, g)
    branches = {m.org.county: m.org for m in mentions if m.rule == "bureau_branch" and m.org is not None}
    for m in mentions:  # 区公安分局 after 达州市公安局达川区分局: that branch
        if m.org is not None and m.org.county in branches and m.org.name in (
                m.org.county + "公安局", m.org.county + "公安分局"):
            m.org = branches[m.org.county]


def _listed_org(m: OrgMention, text: str, g: Grammar) -> Org | None:
    """A body of the name gazetteer; one whose name a mainland body had too
    (劳动部 of Taiwan) only in an article that names its region."""
    org = g.national[m.core]
    region = {org.province[:2], org.city[:2]} - {""}
    if m.core in g.needs_region and not any(r in text for r in region):
        return None
    return org


def _drop_policy_sources(text: str, mentions: list[OrgMention]) -> None:
    """党中央、国务院 in 「落实党中央、国务院关于…」, 《中共中央 国务院关于…》:
    national bodies named only as the source of a policy the story follows
    are not organisations of the story (a ministry issuing a document
    number, 人社部发〔…〕, or acting in it stays)."""
    sources: dict[Org, list[bool]] = {}
    for m in mentions:
        if m.rule == "national" and m.org is not None and m.org.level == "national":
            title = text.rfind("《", 0, m.start) > text.rfind("》", 0, m.start)
            sources.setdefault(m.org, []).append(
                title or POLICY_BEFORE.search(text, max(0, m.start - 6), m.start) is not None
                or POLICY_AFTER.match(text, m.end) is not None)
    for m in mentions:
        if m.rule == "national" and m.org is not None and all(sources.get(m.org, [False])):
            m.org = None


def _branch_org(m: OrgMention, place: Place | None, g: Grammar) -> Org | None:
    """中国人民银行江西省分行: the national body's branch in the place written."""
    if place is None:
        return None
    return Org(m.core + place.name + m.body, g.national[m.core].org_type, place.level, place.province,
               place.city, place.county, place.adcode)


def _bureau_branch_org(m: OrgMention, art: Context, g: Grammar) -> Org | None:
    """达州市公安局达川区分局: the city bureau's branch, named as written, with
    the district's attributes."""
    unit = m.unit if m.unit.endswith(tuple(UNIT_WORDS)) and not DEICTIC_UNIT.fullmatch(m.unit) else ""
    city = _chain_place(unit, art, m.start) if unit else _unit_word_place(
        OrgMention(m.start, m.end, m.text, unit=m.unit), art, [])
    parent = _parent_body_org(OrgMention(m.start, m.end, m.text, rule="unit", body=m.body), city, g)
    if parent is None:
        return None
    district = _chain_place(city.name + m.core, art, m.start) or city
    return Org(parent.name + m.core + "分局", parent.org_type, "county", district.province, district.city,
               district.county, district.adcode)


def _local_place(m: OrgMention, mentions: list[OrgMention], places: dict[Org, Place],
                 sentence: tuple[int, int]) -> Place | None:
    """The unit of a body listed without one (会同总工会、法院、人社等单位):
    that of the organisation nearest before it in the sentence, else the
    nearest before it in the article, else the first after."""
    before = [places[o.org] for o in mentions if o.start < m.start and o.org in places
              and o.org.level != "national"]
    near = [places[o.org] for o in mentions if sentence[0] <= o.start < m.start and o.org in places]
    after = [places[o.org] for o in mentions if o.start > m.end and o.org in places]
    if near or before:
        return (near or before)[-1]
    return after[0] if after else None


def _only_of_type(m: OrgMention, actors: list[OrgMention], g: Grammar) -> Org | None:
    """A bare body nothing nearer decides (工会与检察院, 检察院 far from its
    name): the article's one organisation of its type named with its own
    name (not an anaphor, not a national body, not a cited author)."""
    body = g.bodies.get(m.body)
    want = (lambda o: o.name.endswith(FEDERATIONS)) if body is None else (lambda o: o.org_type == body.org_type)
    found = {o.org for o in actors if o.org is not None and o.rule in ("unit", "deictic", "named", "zone")
             and o.org.level != "national" and want(o.org)}
    return found.pop() if len(found) == 1 else None


def _self_reference(m: OrgMention, text: str, mentions: list[OrgMention]) -> Org | None:
    """该院, 该局: the nearest such body before (else, for 院, the first after);
    opening a paragraph, the first such body of the article (its protagonist).
    我院, 本局, 本会: the body that publishes the post, i.e. the first such body
    named in it (title, byline or lead); for 院 the procuratorate or the court,
    whichever the post speaks of more (检察官 … or 法官, 审判 …)."""
    want = SELF_BODIES[m.body]
    if m.core == "该":
        if not text[text.rfind("\n", 0, m.start) + 1:m.start].strip():  # a paragraph opens on the story's own body
            first = next((o.org for o in mentions if o.start < m.start and o.org is not None and want(o.org)), None)
            if first is not None:
                return first
        return _nearest(mentions, m.start, want, or_first_after=m.body == "院")
    if m.body == "院":
        kind = "procuratorate" if len(PROCURATORATE_CUES.findall(text)) >= len(COURT_CUES.findall(text)) \
            else "court"
        first = next((o.org for o in mentions if o.org is not None and o.org.org_type == kind), None)
        if first is not None:
            return first
    return next((o.org for o in mentions if o.org is not None and want(o.org)), None)


def _sentence(text: str, pos: int) -> tuple[int, int]:
    """The bounds of the sentence around ``pos``."""
    m = SENTENCE_END.search(text, pos)
    start = max(text.rfind(ch, 0, pos) for ch in "。！？!?；;\n") + 1
    return start, m.end() if m else len(text)


def _unit_word_place(m: OrgMention, art: Context, owners: list[tuple[int, Place]]) -> Place | None:
    """The place a unit word (市, 该县) means: the nearest fitting one before,
    else after, first among the units of organisations written in full, then
    among all places of the article (泗洪县某建设工地 is no unit of the story)."""
    fits = UNIT_WORDS.get(m.unit.removeprefix("该"))
    if fits is None:
        return None
    k = bisect_left([pos for pos, _ in owners], m.start)
    tiers = (
        [p for _, p in reversed(owners[:k])], [p for _, p in owners[k:]],
        art.before(m.start), art.after(m.end),
    )
    for candidates in tiers:
        for place in candidates:
            for p in place.ancestry():
                if fits(p):
                    return p
    return art.stem_place(fits)


def _chain_place(unit: str, art: Context, pos: int) -> Place | None:
    """The lowest place of a written chain (山东省青岛市市北区 → 市北区); a unit
    missing from the gazetteer at its end (杭州市钱塘区) hangs under the place
    before it or, failing that, under the nearest fitting place of the article."""
    pieces = find_places(unit, art.g)
    place = None
    context = art.before(pos)
    end = 0
    for end in sorted(pieces):
        piece = pieces[end]
        if piece.kind == "division":
            ctx = [place.division] if place else [p.division for p in context[:3]]
            d = choose(art.g.gaz.lookup(piece.text), [c for c in ctx if c])
            place = place_of(d) if d else place
        else:
            place = art.place(piece, place)
            if place is not None and place.parent is None and context:
                place = sub_place(place.name, place.level, _parent_from(context, place.level))
    rest = unit[end:]
    known = _common_district(rest, place, context)
    if known is not None:
        return known
    if rest and rest.endswith(tuple(UNLISTED_LEVELS)):
        level = next(v for k, v in UNLISTED_LEVELS.items() if rest.endswith(k))
        place = sub_place(rest, level, place or _parent_from(context, level))
    return place


def _common_district(name: str, place: Place | None, context: list[Place]) -> Place | None:
    """A district named like a common word (西区) inside the place written
    before it or the nearest place of the article that holds one."""
    candidates = gazetteer().lookup(name) if name else []
    for ctx in ([place] if place else context) if candidates else []:
        for cand in candidates:
            if ctx.division and cand.within(ctx.division) and cand.adcode != ctx.division.adcode:
                return place_of(cand)
    return None


def _parent_from(context: list[Place], level: str) -> Place | None:
    """The nearest place before that can hold a zone (a city) or a township (a county)."""
    want = "city" if level == "county" else "county"
    for place in context:
        for p in place.ancestry():
            if p.level == want:
                return p
    return None


def _body_org(m: OrgMention, place: Place | None, g: Grammar) -> Org | None:
    """The body of ``m`` in ``place``; for a station written after it
    (公安局城关派出所, ``m.core``) that station."""
    parent = _parent_body_org(m, place, g)
    if parent is None or not m.core or m.rule not in ("unit", "deictic"):
        return parent
    org_type = next(t for x, (t, _) in g.stations.items() if m.core.endswith(x))
    return Org(parent.name + m.core, org_type, "grassroots", parent.province, parent.city, parent.county,
               parent.adcode)


def _parent_body_org(m: OrgMention, place: Place | None, g: Grammar) -> Org | None:
    if place is None or not place.name:
        return None
    body = g.bodies.get(m.body)
    if body is None:  # 镇工会: the township's union; 汕头工会: the city's federation
        name = place.name + ("工会" if place.level == "township" else "总工会")
        return Org(name, "union", place.level, place.province, place.city, place.county, place.adcode)
    full = body.full_at(place.level)
    if (place.level == "provincial" and place.adcode[:2] not in MUNICIPALITIES and full.endswith("局")
            and full[:-1] + "厅" in g.bodies):
        full = full[:-1] + "厅"  # 司法 of a province: its 司法厅 (天津市审计局 stays)
    name = body.template.format(unit=place.name, body=full)
    return Org(name, body.org_type, place.level, place.province, place.city,
               place.county, place.adcode)


def _strip_higher(unit: str, g: Grammar) -> str:
    """Drop the units above the lowest one written (新疆拜城县… → 拜城县…)."""
    pieces = find_places(unit, g)
    ends = sorted(pieces)
    if len(ends) < 2:
        return unit
    return unit[pieces[ends[-1]].start:]


def _named_text(m: OrgMention, g: Grammar) -> str:
    name = _strip_higher(m.unit, g) + m.core + m.body
    return _without_parent(name, g) if m.body != "集团" else name


def _without_parent(name: str, g: Grammar) -> str:
    """陕煤集团黄陵矿业公司 → 黄陵矿业公司 (the group is a parent), unless
    what remains is a place and a suffix (中铁二十局集团宜宾分公司)."""
    rest = PARENT_GROUP.sub("", name)
    core = rest
    for _, end, place in sorted(g.gaz.find(rest), reverse=True):
        core = core[:end - len(place)] + core[end:]
    core = core[: len(core) - len(tail_suffix(core, g))]
    return rest if len(core) >= 2 and not g.is_generic(core) else name


def _enterprise_groups(named: list[OrgMention], g: Grammar) -> dict[str, str]:
    """Written name → fullest form of the article it abbreviates: the longest
    name it is a subsequence of, sharing its first distinctive characters."""
    names = {_named_text(m, g) for m in named if m.body != "工会"}
    names |= {_host_text(m, g) for m in named if m.body == "工会" and _host_text(m, g)}
    out = {}
    for short in names:
        core = short
        for _, end, place in sorted(g.gaz.find(short), reverse=True):
            core = core[:end - len(place)] + core[end:]
        key = core[:2]  # 深圳职业技术大学 (a place and a suffix) abbreviates nothing
        if key in ("", *g.suffixes) or g.suffix_re.match(core):
            out[short] = short
            continue
        fuller = [n for n in names if n != short and _subsequence(short, n) and key in n]
        out[short] = max(fuller, key=lambda n: (len(n), n)) if fuller else short
    return out


def _host_text(m: OrgMention, g: Grammar) -> str:
    """The enterprise named in an enterprise union (…有限公司工会), if any."""
    tail = tail_suffix(m.core, g)
    if not tail or g.suffixes[tail].org_type != "enterprise":
        return ""
    return _without_parent(_strip_higher(m.unit, g) + m.core, g)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _named_org(m: OrgMention, art: Context, g: Grammar, groups: dict[str, str],
               owners: list[tuple[int, Place]]) -> Org | None:
    spec = g.suffixes[m.body]
    place = _chain_place(m.unit, art, m.start) if m.unit else None
    if place is None:
        inner = find_places(m.core, g)
        if inner:
            place = _chain_place(m.core[inner[min(inner)].start:min(inner)], art, m.start)
    if not m.core.startswith(NATIONAL_PREFIXES):
        place = _home(place, m.start, owners)
    province, city, county = (place.province, place.city, place.county) if place else ("", "", "")
    if m.body == "工会":
        host = _host_text(m, g)
        if host:
            return _union_of(Org(groups.get(host, host), "enterprise", "none", province, city, county))
        name = _strip_higher(m.unit, g) + m.core
        level = "township" if place is not None and place.level == "township" and not m.core else "grassroots"
        return Org(name + "工会", "union", level, province, city, county)
    name = _named_text(m, g)
    zone = next((z for z in art.zone_names if name.startswith(z)), "")
    name = art.zone_names[zone] + name[len(zone):] if zone else name
    name = groups.get(name, name)
    return Org(name, spec.org_type, _named_level(spec, place, name), province, city, county)


def _named_level(spec: Suffix, place: Place | None, name: str) -> str:
    """Enterprises, schools and associations have no level; an agency has its
    place's (阿克苏边境管理支队: city); stations are grassroots; a national name
    without a place is national (中国劳动关系学院)."""
    if place is None and spec.org_type != "enterprise" and name.startswith(NATIONAL_PREFIXES):
        return "national"
    if spec.org_type == "agency":
        return place.level if place else "none"
    return LEVEL_OF_TYPE.get(spec.org_type, "grassroots" if spec.needs_place else "none")


def _home(place: Place | None, pos: int, owners: list[tuple[int, Place]]) -> Place | None:
    """Where a named organisation is: its own place, made precise by the unit
    of the story (the nearest organisation written with its unit) when that
    lies inside it (江苏恒升物业公司 in an article about 滨海县总工会)."""
    k = bisect_left([p for p, _ in owners], pos)
    for _, unit in [*reversed(owners[:k]), *owners[k:]][:1]:
        if place is None or (unit.level != place.level and place in unit.ancestry()):
            return unit
    return place


def _union_of(host: Org) -> Org:
    return Org(host.name + "工会", "union", "grassroots", host.province, host.city, host.county)


def _nearest(mentions: list[OrgMention], pos: int, want, or_first_after: bool = False) -> Org | None:
    """The resolved organisation nearest before ``pos`` that ``want``s, else
    (本院 in a lead before the procuratorate is named) the first one after."""
    before = [m.org for m in mentions if m.start < pos and m.org is not None and want(m.org)]
    if before:
        return before[-1]
    after = [m.org for m in mentions if m.start > pos and m.org is not None and want(m.org)]
    return after[0] if after and or_first_after else None


def _bare_org(m: OrgMention, mentions, places: dict[Org, Place], sentence, g: Grammar) -> Org | None:
    """检察院, 法院, 党建办: the nearest such body before; else the body of the
    unit of an organisation earlier in the sentence (检察院与法院建立 …; for
    legal bodies only a legal partner counts); else the article's only such
    body. 检察机关: only the article's only one. National bodies (最高检) and
    the authors of a cited document (山西省检察院、省总工会《…》) are not
    what a bare 检察院 of the story means (``mentions`` come without the latter)."""
    body = g.bodies[m.body]
    actors = [o for o in mentions if o.org is not None and o.org.level != "national"]
    found = {o.org for o in actors if o.org.name.endswith(body.ending)}
    if m.body.endswith("机关"):  # 检察机关 names one body only when the article has one
        return found.pop() if len(found) == 1 else None
    same = _nearest(actors, m.start, lambda o: o.name.endswith(body.ending))
    if same is not None:
        return same
    partners = [places[o.org] for o in mentions  # 检察院与法院: legal bodies of one unit
                if sentence[0] <= o.start < m.start and o.org in places
                and (o.org.org_type in LEGAL_TYPES or body.org_type not in LEGAL_TYPES)]
    if partners:
        return _body_org(m, partners[-1], g)
    if len(found) == 1:
        return found.pop()
    units = {places[o.org] for o in actors if o.org in places and o.org.level in ("county", "city")}
    return _body_org(m, units.pop(), g) if len(units) == 1 and not found else None  # the story's one place


def _citations(text: str, mentions: list[OrgMention]) -> set[int]:
    """ids of the mentions that only name the authors of a cited document:
    written right before its title, alone or in a list (X、Y《…》, X和Y《…》)."""
    out: set[int] = set()
    following = None
    for o in reversed(mentions):
        gap = text[o.end:following.start].strip() if following else ""
        if TITLE_AFTER.match(text, o.end) or (following is not None and id(following) in out
                                              and gap in ("", "、", "和", "与", "及", "，")):
            out.add(id(o))
        following = o
    return out


@Language.factory("kg_org_resolver", requires=["doc._.orgs"], assigns=["doc._.orgs", "doc.spans"],
                  default_score_weights={"org_link_f": 0.5, "org_link_p": 0.0, "org_link_r": 0.0})
def make_resolve(nlp: Language, name: str) -> OrgResolver:
    return OrgResolver(nlp, name)
