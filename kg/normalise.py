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
from collections import deque
from functools import cache
from importlib.resources import files as package_files

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。、；：！？“”‘’（）《》【】「」『』…—·"
PROSE_PUNCT = "，。；！？："  # a line with one of these is running text, not a heading or byline
KEEP_FULL_WIDTH = "！（），：；？"  # Chinese punctuation NFKC would turn into ASCII
REPEAT_MIN_CHARS = 20  # shorter repeated lines (labels, names) are legitimate
REPEAT_WINDOW = 64  # overlapping columns repeat a paragraph within a few dozen lines
JOIN_MIN_CHARS = 30  # a line this long without final punctuation was cut by the layout

_TRANSLATE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in KEEP_FULL_WIDTH}
_TRANSLATE.update({0x3000: " ", 0x09: " ", 0xA0: " ", 0x200B: None, 0x200C: None, 0x200D: None,
                   0x2060: None, 0xFEFF: None, 0xAD: None})
_NEWLINES = re.compile(r"\r\n?|[\f\v\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_EMPHASIS = re.compile(r"\*\*|__")
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_ASCII_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PUNCT_NEAR_HAN = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}])[,;:?!()]|[,;:?!()](?=[{HAN}{CJK_PUNCT}])")
_SPACE_NEAR_HAN = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}]) +| +(?=[{HAN}{CJK_PUNCT}])")
_SPACES = re.compile(r" {2,}")
_SINGLE_HAN = re.compile(rf"^[{HAN}]$")


@cache
def patterns() -> dict[str, re.Pattern]:
    """The layout cues of ``kg/data/page_patterns.toml``, compiled, keyed ``section.name``."""
    data = tomllib.loads(package_files("kg").joinpath("data/page_patterns.toml").read_text(encoding="utf-8"))
    parts = data.pop("parts")

    def fill(regex: str) -> str:
        for name, value in parts.items():
            regex = regex.replace("{" + name + "}", value)
        return regex

    return {f"{section}.{name}": re.compile(fill(regex))
            for section, entries in data.items() for name, regex in entries.items()}


def normalise(text: str) -> str:
    """The page with OCR/PDF noise repaired, one paragraph per line."""
    text = _CONTROL.sub("", _NEWLINES.sub("\n", text)).translate(_TRANSLATE)
    lines = [repair_line(line) for line in _EMPHASIS.sub("", text).split("\n")]
    lines = join_broken_lines(drop_repeated_paragraphs(lines))
    return "\n".join(_limit_blank_runs(lines)).strip("\n")


def repair_line(line: str) -> str:
    """Chinese punctuation for ASCII punctuation in Chinese text, paired
    quotes, and no spaces inside Chinese running text (names in bylines keep theirs)."""
    marker, line = _split_heading_marker(line.strip())
    line = _PUNCT_NEAR_HAN.sub(lambda m: _ASCII_PUNCT[m.group()], line)
    line = _pair_quotes(line)
    if any(ch in PROSE_PUNCT for ch in line) or len(line) >= 50:
        line = _outside_protected(line, lambda part: _SPACE_NEAR_HAN.sub("", part))
    elif _is_letter_spaced(line):
        line = _SPACE_NEAR_HAN.sub("", line)
    return marker + _SPACES.sub(" ", line).strip()


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


def _outside_protected(line: str, fix) -> str:
    """Apply ``fix`` to the parts of ``line`` outside bylines and photo credits."""
    spans = sorted(m.span() for key in ("protect.byline_group", "end.credit")
                   for m in patterns()[key].finditer(line) if m.end() > m.start())
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out += [fix(line[pos:start]), line[start:end]]
        pos = end
    out.append(fix(line[pos:]))
    return "".join(out)


def drop_repeated_paragraphs(lines: list[str]) -> list[str]:
    """Drop a paragraph repeated within a few dozen lines (overlapping columns)."""
    recent: deque[str] = deque(maxlen=REPEAT_WINDOW)
    out = []
    for line in lines:
        key = line.replace(" ", "")
        if len(key) >= REPEAT_MIN_CHARS and not line.startswith("#"):
            if key in recent:
                continue
            recent.append(key)
        out.append(line)
    return out


def join_broken_lines(lines: list[str]) -> list[str]:
    """Join a paragraph cut by the layout (no final punctuation, a blank line
    between) with the running text that continues it; a wide gap separates."""
    out: list[str] = []
    blanks: list[str] = []
    for line in lines:
        if not line:
            blanks.append(line)
            continue
        if out and len(blanks) < 2 and is_cut(out[-1]) and continues(line):
            prev = out[-1]
            sep = " " if prev[-1].isascii() and line[0].isascii() else ""
            out[-1] = _pair_quotes(prev + sep + line)
        else:
            out += blanks + [line]
        blanks = []
    return out + blanks


def is_cut(line: str) -> bool:
    """A line of running text that stops mid-sentence."""
    last = line[-1]
    if line.startswith("#") or is_structural(line):
        return False
    if last in "，、":
        return True
    if not (last.isalnum() or re.match(f"[{HAN}]", last)):
        return False
    return len(line) >= JOIN_MIN_CHARS or sum(line.count(p) for p in "，、") >= 2


def continues(line: str) -> bool:
    """A line that can be the rest of a cut sentence: running text, not a heading."""
    if line.startswith("#") or is_structural(line) or patterns()["start.byline"].match(line):
        return False
    if not (line[0].isalnum() or re.match(f"[{HAN}“《（]", line[0])):
        return False
    return any(ch in PROSE_PUNCT + "、" for ch in line) or len(line) >= 40


def is_structural(line: str) -> bool:
    """Labels, bylines, credits, continuation and date lines: never part of a sentence."""
    p = patterns()
    return any(p[key].search(line) for key in (
        "line.label", "line.byline", "line.box", "line.continuation", "line.date",
        "end.credit", "end.dateline"))


def _limit_blank_runs(lines: list[str]) -> list[str]:
    """At most two blank lines in a row: two mean a wide gap between blocks."""
    out: list[str] = []
    for line in lines:
        if line or len(out) < 2 or out[-1] or out[-2]:
            out.append(line)
    return out
