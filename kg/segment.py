"""Split a page into articles (DESIGN §2): title, subtitles, byline, date, body.

A newspaper page is a sequence of lines of a few shapes: headings (short, no
sentence punctuation), section labels (【主席之声】), kickers ending in ——,
bylines (本报记者 …), leads opening with 本报讯（…）, photo credits (… 摄),
datelines and running text. A run of heading lines opens a new article only
when something says so — a byline or box right under it, a label, a kicker, a
``#`` title, a wide gap or a closed article before it, or a headline that
starts with a place name; otherwise it is a subheading inside the current
article. A photo credit closes a photo article: its title is the heading just
above the caption; text after it goes back to the article it interrupted. A
web page (HTML, or text with site navigation or metadata above its text) is
one post: [navigation] headline [subtitle] [metadata: date, source, views]
body [editor, footer]; metadata dates it and names its source, navigation,
footers and link lists are dropped. Over-long articles are cut so that no
text exceeds what spaCy accepts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby

from kg.divisions import adcodes
from kg.ids import article_id
from kg.models import Article, Document, Region
from kg.normalise import KICKER_ENDS, ends_with, heading_shape, normalise, patterns

MAX_BODY_CHARS = 100_000  # spaCy refuses texts over 1,000,000 chars; smaller pieces also parallelise
PHOTO_WINDOW = 4  # lines above a credit where its caption and title can be
HEAD_BEFORE_TITLE = 3  # kickers and labels kept above a title; earlier lines are stray column text
HEAD_AFTER_TITLE = 2  # subtitles kept under a title
PLACE_HEADLINE_MIN_CHARS = 8
HEAD_KINDS = {"heading", "label", "continuation"}  # what a run of heading lines is made of
OPENING_KINDS = {"byline", "box", "lead", "date", "meta"}  # what sits right under a title
DATE_KINDS = {"date", "meta"}  # lines that may date the page
WEB_KINDS = {"meta", "nav"}  # site metadata and navigation: the page is a web post
DOCNO_WITHIN = 12  # lines from the top where an official document shows its number
CLOSING_KINDS = {"credit", "dateline", "closing"}  # what ends an article


@dataclass
class Line:
    """One paragraph of a normalised page and the part it plays."""

    text: str
    # heading label continuation byline box date meta nav keywords lead credit dateline closing body
    kind: str
    level: int = 0  # markdown heading level
    gap: int = 0  # blank lines above
    strong: bool = False  # a heading without commas: a title rather than a kicker or subheading

    @property
    def kicker(self) -> bool:
        return self.kind == "heading" and self.text.endswith(KICKER_ENDS)


@dataclass
class Span:
    """One article: its first line, heading lines and title; a photo article
    also its last line (the credit). ``lines`` are all its line numbers."""

    start: int
    head: list[int]
    title: int | None
    end: int | None = None
    lines: list[int] = field(default_factory=list)


def segment(doc: Document) -> list[Article]:
    """The articles of ``doc``, numbered in page order. A PDF's regions
    (kg.readers.pdf) are segmented one by one: each region's ``#``-marked
    headline lines are its first article's heading, and its articles keep the
    region's page and box; a page header only dates its page."""
    drafts = []
    for page in pages(doc):
        dates = (iso_date(ln.text) for _, lines in page for ln in lines if ln.kind in DATE_KINDS)
        page_date = next(filter(None, dates), "") or doc.date
        for region, lines in page:
            if region is not None and region.header:
                continue
            single = doc.format == "html" or is_web_post(lines) or is_official_document(lines)
            head = 0 if region is None else next((k for k, ln in enumerate(lines) if not ln.level), len(lines))
            for span in find_articles(lines, single=single, head=head):
                draft = build_article(lines, span, page_date)
                if draft.title or draft.body:
                    for art in split_long(draft):
                        if region is not None:
                            art.source_page, art.source_box = region.page, list(region.box)
                        drafts.append(art)
    for n, art in enumerate(drafts, 1):
        art.id, art.file = article_id(doc.file, n), doc.file
    return drafts


def pages(doc: Document) -> list[list[tuple[Region | None, list[Line]]]]:
    """The parsed lines of each page of ``doc``: its regions' (by page), or its whole text."""
    if not doc.regions:
        return [[(None, parse_lines(normalise(doc.text)))]]
    return [[(r, parse_lines(normalise(r.text))) for r in regions]
            for _, regions in groupby(doc.regions, key=lambda r: r.page)]


# -- lines ---------------------------------------------------------------------------------

def parse_lines(text: str) -> list[Line]:
    """The non-empty lines of a normalised page, classified, ``#`` markers taken off."""
    lines, gap = [], 0
    for raw in text.split("\n"):
        if not raw.strip():
            gap += 1
            continue
        m = re.match(r"(#{1,6}) ", raw)
        level = len(m.group(1)) if m else 0
        parts = split_kicker(classify(raw[m.end():] if m else raw, level, first=not lines))
        if lines and lines[-1].kind == "keywords" and parts[0].kind == "heading" and " " in parts[0].text:
            parts = [Line(parts[0].text, "keywords", level)]  # the words under a bare 【关键词】
        parts[0].gap, gap = gap, 0
        lines.extend(parts)
    return lines


def split_kicker(line: Line) -> list[Line]:
    """A kicker naming the actor set on the title's own line, as two lines:
    吉林省总关心关爱戍边民警 / 服务民警生活保障 解决家属就业难题; so is a
    label set on it: 【专题名】标题."""
    label = patterns()["line.label_prefix"].match(line.text) if line.kind == "heading" else None
    if label:
        return [classify(label.group(1), line.level), classify(line.text[label.end():], line.level)]
    kicker, _, title = line.text.partition(" ")
    if (line.kind != "heading" or min(len(kicker), len(title.replace(" ", ""))) < PLACE_HEADLINE_MIN_CHARS
            or not starts_with_place(kicker)):
        return [line]
    return [classify(kicker, line.level), classify(title, line.level)]


def classify(text: str, level: int = 0, first: bool = False) -> Line:
    """The part a line plays, by its shape and the cues of page_patterns.toml."""
    p = patterns()
    if "。" not in text and p["line.navigation"].search(text):
        return Line(text, "nav", level)
    for kind, key in (("keywords", "line.keywords"), ("continuation", "line.continuation"),
                      ("label", "line.label"), ("box", "line.box"), ("date", "line.date"),
                      ("meta", "line.meta"), ("byline", "line.byline"),
                      ("byline", "line.signature"), ("byline", "line.column"), ("lead", "start.byline")):
        if p[key].match(text):
            return Line(text, kind, level)
    if p["line.field"].match(text):  # a source names the post; an editor closes it; a counter is noise
        if p["line.source"].search(text):
            return Line(text, "meta", level)
        return Line(text, "closing" if ends_with(text, "end.closing") else "nav", level)
    for kind, key in (("credit", "end.credit"), ("dateline", "end.dateline"), ("closing", "end.closing")):
        if ends_with(text, key):
            return Line(text, kind, level)
    if heading_shape(text, first) or (level and not text.endswith("。")):
        return Line(text, "heading", level, strong="，" not in text and len(text) <= 40
                    and not text.endswith(KICKER_ENDS))
    return Line(text, "body", level)


# -- article boundaries ------------------------------------------------------------------

def is_web_post(lines: list[Line]) -> bool:
    """A page copied from a website: site metadata or navigation before its text."""
    return any(ln.kind in WEB_KINDS or (ln.kind == "date" and not ln.text[0].isdigit())  # 发布时间：…
               for ln in lines[:first_text(lines)])


def is_official_document(lines: list[Line]) -> bool:
    """A notice with its document number (渝人社〔2025〕526号) near the top:
    one document, whatever its heading lines (issuers, a wrapped 关于… title)."""
    return any(patterns()["line.docno"].match(ln.text) for ln in lines[:DOCNO_WITHIN])


def first_text(lines: list[Line]) -> int:
    return next((k for k, ln in enumerate(lines) if ln.kind in ("body", "lead", "box")), len(lines))


def find_articles(lines: list[Line], single: bool = False, head: int = 0) -> list[Span]:
    """Where articles start: cued heading runs and photo captions. A web page
    (``single``) is one post: the first heading run among the navigation and
    metadata above its text is the title, pictures sit inside. The first
    ``head`` lines, when given, are the first article's heading (a PDF
    region's headline), its ``#`` line the title."""
    if single:
        text = first_text(lines)
        a = next((k for k in range(text) if lines[k].kind in HEAD_KINDS), text)
        end = next((k for k in range(a, text) if lines[k].kind not in HEAD_KINDS), text)
        head = head_of(lines, a, end) if end > a else Span(0, [], None)
        return assign_lines([Span(0, head.head, head.title)], len(lines))
    spans: dict[int, Span] = {}
    i = 0
    while i < len(lines):
        if lines[i].kind not in HEAD_KINDS:
            i += 1
            continue
        end = i
        while end < len(lines) and lines[end].kind in HEAD_KINDS:
            end += 1
        if opens_article(lines, i, end, first=not spans and _only_dates_before(lines, i)):
            span = head_of(lines, i, end)
            spans[span.start] = span
        i = end
    for c, line in enumerate(lines):
        if line.kind == "credit":
            span = photo_span(lines, c)
            if span:
                for k in [k for k in spans if span.start < k <= c]:
                    del spans[k]
                spans[span.start] = span
    if head:
        for k in [k for k in spans if k < head]:
            del spans[k]
        spans[0] = Span(0, list(range(head)), next((k for k in range(head) if lines[k].level == 1), 0))
    if 0 not in spans and lines:
        spans[0] = Span(0, [], None)
    return assign_lines([spans[k] for k in sorted(spans)], len(lines))


def assign_lines(spans: list[Span], n: int) -> list[Span]:
    """Give each span its lines; text after a photo credit that opens nothing
    goes back to the article the photo interrupted (pictures sit inside articles)."""
    by_start = {s.start: s for s in spans}
    current = interrupted = None
    for i in range(n):
        if i in by_start:
            if by_start[i].end is not None and current is not None and current.end is None:
                interrupted = current
            elif by_start[i].end is None:
                interrupted = None
            current = by_start[i]
        current.lines.append(i)
        if i == current.end and interrupted is not None:
            current = interrupted
    return spans


def _only_dates_before(lines: list[Line], i: int) -> bool:
    return all(ln.kind in DATE_KINDS | WEB_KINDS for ln in lines[:i])


def opens_article(lines: list[Line], a: int, b: int, first: bool) -> bool:
    """Does the heading run ``lines[a:b]`` open a new article?"""
    block = lines[a:b]
    after = lines[b] if b < len(lines) else None
    before = lines[a - 1] if a else None
    return (
        first
        or (after is not None and after.kind in OPENING_KINDS
            and (after.kind != "date" or b + 1 < len(lines)))  # a signed date ends a notice
        or any(ln.kind == "continuation" or ln.kicker or ln.level == 1 for ln in block)
        or any(ln.kind == "label" and any(h.kind == "heading" for h in block[k + 1:])
               for k, ln in enumerate(block))  # 【主席之声】 over a title; 【基本案情】 over text is a section
        or (any(ln.strong for ln in block)
            and (block[0].gap >= 2 or (before is not None and before.kind in CLOSING_KINDS)))
        or any(ln.strong and starts_with_place(ln.text) for ln in block)
    )


def head_of(lines: list[Line], a: int, b: int) -> Span:
    """The title of the run ``lines[a:b]`` with the kickers above and subtitles below it;
    run lines outside that stay where they are (stray column text, subheadings)."""
    block = range(a, b)
    if b - a > 1 and is_name(lines[b - 1]):
        block = range(a, b - 1)  # an author's name under the title, a byline
    candidates = [i for rule in (lambda ln: ln.level == 1, lambda ln: ln.strong,
                                 lambda ln: ln.kind == "heading")
                  for i in reversed(block) if rule(lines[i])]
    title = candidates[0] if candidates else b - 1
    start = title
    while (start > a and title - start < HEAD_BEFORE_TITLE and lines[start].kind != "label"
           and (lines[start - 1].kind in ("label", "continuation") or lines[start - 1].kicker
                or lines[start - 1].strong)):
        start -= 1
    stop = title + 1
    while (stop < block.stop and stop - title <= HEAD_AFTER_TITLE and lines[stop].kind == "heading"
           and not lines[stop].strong and not lines[stop].level):
        stop += 1
    return Span(start, list(range(start, stop)), title)


def is_name(line: Line) -> bool:
    return line.kind == "heading" and not line.level and bool(patterns()["line.name"].match(line.text))


def photo_span(lines: list[Line], c: int) -> Span | None:
    """The photo article closed by the credit at ``c``: the nearest heading above
    it is the title; a caption sits between them, or above the title when the
    credit line is a credit alone."""
    low = c
    while low > 0 and c - low < PHOTO_WINDOW and lines[low - 1].kind not in CLOSING_KINDS:
        low -= 1
    title = next((i for i in range(c - 1, low - 1, -1) if lines[i].strong), None)
    if title is None:
        return None
    start = title
    credit_only = ends_with(lines[c].text, "end.credit").start() == 0
    if title == c - 1 and credit_only:
        caption = next((j for j in range(title - 1, low - 1, -1) if _block_starts(lines, j)), None)
        if caption is not None and all(ln.kind in ("body", "heading") for ln in lines[caption:title]):
            start = caption
    captions = c - title - 1 + (not credit_only)
    if captions > 1 and not _block_starts(lines, start):
        return None  # a subheading, text and a picture inside an article, not a photo story
    return Span(start, [title], title, end=c)


def _block_starts(lines: list[Line], j: int) -> bool:
    """Is ``lines[j]`` the first of a block: after a wide gap or a closed article?"""
    return j == 0 or lines[j].gap >= 2 or lines[j - 1].kind in CLOSING_KINDS


@cache
def place_names() -> frozenset[str]:
    """Province and prefecture names, full and short (天津, 辽源市), and full county names."""
    names: set[str] = set()
    for row in adcodes():
        code, name = row.adcode, row.name
        if "辖" in name or len(name) < 2:
            continue
        names.add(name)
        if code[4:6] == "00":  # province or prefecture: also the short form
            short = re.sub(r"^(.{2,}?)(?:(?:[\u4e00-\u9fff]{1,3}族)+|维吾尔|蒙古|柯尔克孜|哈萨克)?"
                           r"(?:自治州|自治区|特别行政区|地区|省|市|盟)$", r"\1", name)
            names.add(short)
    return frozenset(n for n in names if len(n) >= 2)


def starts_with_place(text: str) -> bool:
    """A headline names its place first (天津深入推进…, 辽源市总走访…); a
    signature (天津市总工会办公室) is no headline."""
    if len(text) < PLACE_HEADLINE_MIN_CHARS or patterns()["line.organisation"].search(text):
        return False
    names = place_names()
    return any(text[:k] in names for k in range(2, min(len(text), 10)))


# -- articles ------------------------------------------------------------------------------

def build_article(lines: list[Line], span: Span, page_date: str) -> Article:
    p = patterns()
    head = [lines[i].text for i in span.head]
    title = lines[span.title].text if span.title is not None else ""
    byline, source, date, body = "", "", "", []
    last_byline = -2
    for i in span.lines:
        line, text = lines[i], lines[i].text
        if i in span.head:
            continue
        if line.kind == "byline" or (span.head and i == span.head[-1] + 1 and is_name(line)):
            if not byline or last_byline == i - 1:
                signed = re.fullmatch(r"[（(](.+)[）)]", text)  # （通讯员：张三）
                byline, last_byline = f"{byline} {signed.group(1) if signed else text}".strip(), i
            continue
        if line.kind in ("date", "meta"):
            date = date or iso_date(text)
            named = p["line.source"].search(text)
            source = source or (named.group() if named else "")
            continue
        if line.kind == "nav" or (line.kind == "closing" and p["line.field"].match(text)):
            continue
        if line.kind == "lead" and not byline:
            m = p["start.byline"].match(text)
            byline, text = m.group().strip(), text[m.end():].strip()
            date = date or iso_date(byline)
        elif line.kind in ("credit", "dateline"):
            m = ends_with(text, "end.credit" if line.kind == "credit" else "end.dateline")
            byline = byline or m.group().strip(" （）()")
            date = date or iso_date(m.group())
            text = text[:m.start()].strip()
        if text:
            body.append(text)
    subtitles = [t for i, t in zip(span.head, head) if i != span.title]
    text = "\n".join(head + ["\n".join(body)]) if head else "\n".join(body)
    return Article("", "", title, text, "\n".join(body), subtitles, byline or source, date or page_date)


def iso_date(text: str) -> str:
    """``2025-10-20`` or ``2025-10`` from a date or metadata line or a dated byline, else ""."""
    p = patterns()
    m = p["line.date"].search(text) or p["line.meta"].search(text) or re.search(
        r"(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?", text)
    if not m or not 1 <= int(m.group("m")) <= 12:
        return ""
    month, day = f"{m.group('y')}-{int(m.group('m')):02d}", m.group("d")
    return f"{month}-{int(day):02d}" if day and 1 <= int(day) <= 31 else month


def split_long(art: Article) -> list[Article]:
    """An article whose body exceeds MAX_BODY_CHARS as several, titled ``title (2)`` …"""
    if len(art.body) <= MAX_BODY_CHARS:
        return [art]
    pieces = list(_cut(art.body, MAX_BODY_CHARS))
    heading = art.text[: len(art.text) - len(art.body)]
    out = []
    for k, piece in enumerate(pieces, 1):
        title = art.title if k == 1 else f"{art.title} ({k})".strip()
        head = heading.replace(art.title, title, 1) if art.title else heading
        out.append(Article("", "", title, head + piece, piece, art.subtitles, art.byline, art.date))
    return out


def _cut(body: str, limit: int):
    """Pieces of at most ``limit`` chars, cut after a line, else after a sentence."""
    start = 0
    while len(body) - start > limit:
        end = start + limit
        cut = body.rfind("\n", start, end) + 1 or body.rfind("。", start, end) + 1 or end
        yield body[start:cut].strip("\n")
        start = cut
    if body[start:].strip():
        yield body[start:].strip("\n")
