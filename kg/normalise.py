"""Repair the PDF/OCR noise of a page's text (DESIGN §1–2).

Pages copied out of PDF layouts carry spaces where a column line wrapped
(锦州 大有), letter-spaced words (维 权), sentences broken over blank lines,
full-width digits, ASCII punctuation inside Chinese and paragraphs repeated
where columns overlap. ``normalise`` fixes these line by line and keeps the
page's structure: one paragraph per line, blank lines between blocks (two in
a row for a wide gap), markdown ``#`` markers as heading hints for
:mod:`kg.segment`.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files as package_files

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。、；：！？“”‘’（）《》【】「」『』…—·"
KEEP_FULL_WIDTH = "！（），：；？"  # Chinese punctuation NFKC would turn into ASCII
REPEAT_MIN_CHARS = 20  # shorter repeated lines (labels, names) are legitimate
REPEAT_WINDOW = 64  # overlapping columns repeat a paragraph within a few dozen lines
JOIN_MIN_CHARS = 30  # a line this long without final punctuation was cut by the layout
TAIL_CHARS = 80  # end-of-line cues (credits, datelines, sources) are shorter than this
KICKER_ENDS = ("——", "—", "--", "-")  # a kicker line leads into the title below it

_REPLACEMENTS = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)
                 if chr(cp) not in KEEP_FULL_WIDTH}  # full-width letters, digits, ％＋．…
_REPLACEMENTS.update({"\u3000": " ", "\t": " ", "\xa0": " ", "\u200b": "", "\u200c": "",
                      "\u200d": "", "\u2060": "", "\ufeff": "", "\xad": ""})
_REPLACED = re.compile("[" + "".join(_REPLACEMENTS) + "]")  # re.sub beats str.translate on big pages
_NEWLINES = re.compile(r"\r\n?|[\f\v\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_EMPHASIS = re.compile(r"\*\*")
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_ASCII_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PUNCT_NEAR_HAN = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}])[,;:?!()]|[,;:?!()](?=[{HAN}{CJK_PUNCT}])")
_SPACE_NEAR_HAN = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}]) +| +(?=[{HAN}{CJK_PUNCT}])")
_SPACES = re.compile(r" {2,}")
_SINGLE_HAN = re.compile(rf"^[{HAN}]$")
HAN_CHAR = re.compile(f"[{HAN}]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# a pinyin gloss after a Han character: 會(huì), 工会（gōng huì）; at least one tone mark
_PINYIN = re.compile(rf"(?<=[{HAN}])[(（] ?(?=[a-z {_TONED}]*[{_TONED}])[a-z{_TONED}]+(?: [a-z{_TONED}]+)* ?[)）]")


@cache
def patterns() -> dict[str, re.Pattern]:
    """The layout cues of ``kg/data/page_patterns.toml``, compiled, keyed ``section.name``."""
    data = _page_patterns()
    parts = data["parts"]

    def fill(regex: str) -> str:
        for name, value in parts.items():
            regex = regex.replace("{" + name + "}", value)
        return regex

    return {f"{section}.{name}": re.compile(fill(regex))
            for section, entries in data.items() if section not in ("parts", "hints")
            for name, regex in entries.items()}


@cache
def end_hints() -> dict[str, list[str]]:
    """Words one of which an ``end.*`` pattern's match must contain."""
    return {f"end.{name}": words for name, words in _page_patterns()["hints"].items()}


@cache
def _page_patterns() -> dict:
    path = package_files("kg").joinpath("data/page_patterns.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


@dataclass
class Paragraph:
    text: str
    gap: int  # blank lines above: 0, 1, or 2 for a gap wider than the page's usual one


def normalise(text: str) -> str:
    """The page with OCR/PDF noise repaired, one paragraph per line."""
    text = _CONTROL.sub("", _NEWLINES.sub("\n", text))
    text = _REPLACED.sub(lambda m: _REPLACEMENTS[m.group()], text)
    text = _PINYIN.sub("", text)  # glosses split the words they follow (會(huì)商)
    paragraphs = paragraphs_of([repair_line(line) for line in _EMPHASIS.sub("", text).split("\n")])
    paragraphs = join_broken_lines(drop_repeated_paragraphs(paragraphs))
    return "".join("\n" * (p.gap + 1) + p.text for p in paragraphs).lstrip("\n")


def paragraphs_of(lines: list[str]) -> list[Paragraph]:
    """Non-empty lines with the blank lines above them, relative to the page's
    usual spacing: some pages put one blank line between paragraphs, some
    none, some two; only a gap wider than usual separates blocks."""
    paragraphs, blanks = [], 0
    for line in lines:
        if line:
            paragraphs.append(Paragraph(line, blanks))
            blanks = 0
        else:
            blanks += 1
    gaps = Counter(p.gap for p in paragraphs[1:])
    usual = gaps.most_common(1)[0][0] if gaps else 0
    for p in paragraphs:
        p.gap = 0 if p.gap == 0 else 1 if p.gap <= usual else 2
    return paragraphs


def repair_line(line: str) -> str:
    """Chinese punctuation for ASCII punctuation in Chinese text, paired
    quotes, and no spaces inside Chinese running text; headings and bylines
    keep the spaces that separate their parts and names."""
    marker, line = _split_heading_marker(line.strip())
    if any(ch in _ASCII_PUNCT for ch in line):
        line = _PUNCT_NEAR_HAN.sub(lambda m: _ASCII_PUNCT[m.group()], line)
    line = _pair_quotes(line)
    if " " not in line:
        return marker + line
    if not heading_shape(line):
        line = _outside_protected(line, lambda part: _SPACE_NEAR_HAN.sub("", part))
    elif _is_letter_spaced(line):
        line = _SPACE_NEAR_HAN.sub("", line)
    return marker + _SPACES.sub(" ", line).strip()


def heading_shape(text: str, first: bool = False) -> bool:
    """Short, no sentence inside, no final punctuation but ！/？ on a short line.

    Lines with commas are kickers, subtitles or subheadings: short unless they
    end in ——; the first line of a file may be a long web-post title."""
    chars = text.replace(" ", "")
    commas = chars.count("，")
    if not 2 <= len(chars) <= 80 or "。" in chars or "；" in chars or chars[-1] in "，、：…":
        return False
    if len(HAN_CHAR.findall(chars)) * 5 < len(chars) * 2:
        return False
    if first:
        return commas <= 3
    if chars[-1] in "！？":
        return commas == 0 and len(chars) <= 25
    if chars.endswith(KICKER_ENDS):
        return len(chars) <= 70 and commas <= 3
    return len(chars) <= (30 if commas else 50) and commas <= 2


def _split_heading_marker(line: str) -> tuple[str, str]:
    m = _MD_HEADING.match(line)
    return (m.group(1) + " ", line[m.end():]) if m else ("", line)


def _pair_quotes(line: str) -> str:
    """ASCII double quotes in Chinese text become “…” when they pair up."""
    if '"' not in line or line.count('"') % 2 or not re.search(f"[{HAN}]", line):
        return line
    quotes = iter("“”" * (line.count('"') // 2))
    return re.sub('"', lambda _: next(quotes), line)


def _is_letter_spaced(line: str) -> bool:
    """维 权 服 务: most space-separated Chinese tokens are single characters."""
    tokens = [t for t in line.split(" ") if re.search(f"[{HAN}]", t)]
    singles = sum(bool(_SINGLE_HAN.match(t)) for t in tokens)
    return singles >= 2 and singles * 2 >= len(tokens)


def _outside_protected(line: str, fix: Callable[[str], str]) -> str:
    """Apply ``fix`` to the parts of ``line`` outside bylines and photo credits."""
    credit = ends_with(line, "end.credit")
    spans = sorted([m.span() for m in patterns()["protect.byline_group"].finditer(line)]
                   + ([credit.span()] if credit else []))
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out += [fix(line[pos:start]), line[start:end]]
        pos = end
    out.append(fix(line[pos:]))
    return "".join(out)


def drop_repeated_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Drop a paragraph repeated within a few dozen lines (overlapping columns);
    the gap above it stays with the next one."""
    recent: deque[str] = deque(maxlen=REPEAT_WINDOW)
    out: list[Paragraph] = []
    gap = 0
    for p in paragraphs:
        key = p.text.replace(" ", "")
        if len(key) >= REPEAT_MIN_CHARS and not p.text.startswith("#"):
            if key in recent:
                gap = max(gap, p.gap)
                continue
            recent.append(key)
        out.append(Paragraph(p.text, max(gap, p.gap)))
        gap = 0
    return out


def join_broken_lines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Join a paragraph cut by the layout (no final punctuation) with the
    running text that continues it; a wide gap separates, and so does a blank
    line after a title-shaped first line (a web post's long headline)."""
    out: list[Paragraph] = []
    for p in paragraphs:
        title = len(out) == 1 and p.gap > 0 and heading_shape(out[0].text, first=True)
        if out and p.gap < 2 and not title and is_cut(out[-1].text) and continues(p.text):
            prev = out[-1].text
            sep = " " if prev[-1].isascii() and p.text[0].isascii() else ""
            out[-1].text = _pair_quotes(prev + sep + p.text)
        else:
            out.append(p)
    return out


def is_cut(line: str) -> bool:
    """A line of running text that stops mid-sentence."""
    last = line[-1]
    if not (last in "，、" or last.isalnum()) or line.startswith("#"):
        return False
    if last not in "，、" and len(line) < JOIN_MIN_CHARS and sum(line.count(p) for p in "，、") < 2:
        return False
    return not is_structural(line)


def continues(line: str) -> bool:
    """A line that can be the rest of a cut sentence: running text, not a heading."""
    if not (line[0].isalnum() or line[0] in "“《（") or line.startswith("#"):
        return False
    if len(line) < JOIN_MIN_CHARS and not any(ch in "。；！？" for ch in line):
        return False  # short and no sentence end: a heading or subheading
    return not (is_structural(line) or patterns()["start.byline"].match(line))


def is_structural(line: str) -> bool:
    """Labels, bylines, credits, continuation, date lines and a web page's
    metadata and navigation: never part of a sentence."""
    p = patterns()
    return (any(p[key].match(line) for key in (
        "line.label", "line.byline", "line.box", "line.continuation", "line.date", "line.meta", "line.field"))
        or any(ends_with(line, key) for key in ("end.credit", "end.dateline"))
        or ("。" not in line and bool(p["line.navigation"].search(line))))


def ends_with(line: str, key: str) -> re.Match | None:
    """Search an end-of-line pattern in the tail of ``line`` only, and only
    when the tail holds one of the pattern's hint words: these patterns are
    slow and most lines of a page end in plain text."""
    tail = max(0, len(line) - TAIL_CHARS)
    if not any(word in line[tail:] for word in end_hints()[key]):
        return None
    return patterns()[key].search(line, tail)
