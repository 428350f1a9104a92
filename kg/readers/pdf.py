"""Read PDF pages by layout, so that a newspaper page's columns and articles
stay apart (DESIGN §1–2).

A PDF's content stream need not follow reading order, and text tools that
read a page line by line from left to right interleave its columns, which no
later repair can undo. So each page is rebuilt from character positions
(PDFium via pypdfium2): characters on one baseline form a row, a row is cut
where a gap no neighbouring row of the same size bridges (a gutter), and
lines stacked closely in one column form blocks. A block set clearly larger
than the page's body text is a headline; stacked headline blocks (kicker,
title, subtitle) are one group, and every other block belongs to the nearest
group above it that reaches over it (a column's head under none continues
the article on its left). A group and its blocks are an article: a Region
for :mod:`kg.segment`, its largest headline line the title hint, its blocks
read column by column (recursive XY-cut), paragraphs rejoined from indents
and short lines. Text under no headline makes regions of its own; above
every headline and short, it is the page header, which only dates the page.
"""
from __future__ import annotations

import ctypes
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.models import Document, Region, Skipped, joined

EOF_WINDOW = 1024  # readers accept %%EOF anywhere in the last KiB of the file
BASELINE_TOLERANCE = 0.25  # × character height: characters on one row
ROW_GAP = 0.8  # × height: a wider gap in a row may be a gutter
NEIGHBOUR_ROWS = 2.5  # × height: rows that can show a gap is bridged
SAME_SIZE = 1.18  # height ratio within one row piece, line or block
LINE_GAP = 0.9  # × height: at most this much space between the lines of a block
BLOCK_OVERLAP = 0.8  # share of a line's width that must lie over the block it joins
MAX_INDENT = 2.5  # × height: a block's first line may be indented this far
HEADLINE = 1.3  # × body text height: a headline line (title, kicker or subtitle)
TITLE = 1.5  # × body text height: the title of a headline group; smaller ones are subheadings
HEAD_GAP = 1.2  # × height: at most this much space between the lines of one headline group
HEADER_LINES = 3  # text above every headline, this short, is the page header (masthead, date, page)
INDENT = 0.8  # × height: a paragraph's first line starts this far right of its column
SHORT_LINE = 1.5  # × height: a line ending this far left of its column ends a paragraph
WORD_SPACE = 0.15  # × height: a gap between Latin letters or digits that is a space
SPACE = 0.22  # × height: any wider gap is a space (kg.normalise drops those inside running text)
SCANNED = "no text layer (scanned image; OCR it first)"
UNMAPPED = "text layer without Unicode (its fonts map no characters; OCR it first)"
UNMAPPED_SHARE = 0.2  # of a file's characters: a few unmapped symbols are ornaments, more is a font without a map
LOAD_ERRORS = {  # PDFium's FPDF_ERR_* codes
    3: "not a readable PDF (damaged, or not a PDF)",
    4: "encrypted (a password is needed to open it)",
    5: "encrypted with an unsupported security handler",
}


@dataclass(slots=True)
class Char:
    ch: str
    x0: float
    x1: float
    top: float  # from the page's top edge, like every y below
    bottom: float
    base: float
    space_after: bool = False  # the PDF draws a space next: a word break in a byline or Latin text

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Line:
    """A piece of a row: the text of one column on one baseline."""

    chars: list[Char]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0

    def __post_init__(self) -> None:
        self.x0, self.x1 = self.chars[0].x0, max(c.x1 for c in self.chars)
        self.top, self.bottom = min(c.top for c in self.chars), max(c.bottom for c in self.chars)
        self.size = statistics.median(c.height for c in self.chars)

    @property
    def text(self) -> str:
        out = [self.chars[0].ch]
        for prev, ch in zip(self.chars, self.chars[1:]):
            gap = ch.x0 - prev.x1
            latin = prev.ch.isascii() and ch.ch.isascii() and prev.ch.isalnum() and ch.ch.isalnum()
            if prev.space_after or gap > (WORD_SPACE if latin else SPACE) * self.size:
                out.append(" ")
            out.append(ch.ch)
        return "".join(out)


class Block:
    """Lines stacked in one column, of one size."""

    def __init__(self, line: Line):
        self.lines = [line]
        self.x0, self.x1, self.top, self.bottom = line.x0, line.x1, line.top, line.bottom
        self.size = line.size  # the median of its lines'
        self.head = False
        self.left = line.x0  # its column's left edge, which its paragraphs' first lines are indented from

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.x0, self.x1 = min(self.x0, line.x0), max(self.x1, line.x1)
        self.bottom = max(self.bottom, line.bottom)
        self.size = statistics.median(ln.size for ln in self.lines)


def read_pdf(path: Path, rel: str) -> Document | Skipped:
    """The text pages of a PDF as one Document whose regions are its articles'
    blocks in reading order, or Skipped (scanned, encrypted, damaged)."""
    import pypdfium2 as pdfium

    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(rel, f"cannot read: {exc.strerror or exc}")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        return Skipped(rel, "truncated PDF (no end-of-file marker)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        return Skipped(rel, LOAD_ERRORS.get(exc.err_code, str(exc)))
    regions: list[Region] = []
    images, mapped, unmapped = False, 0, 0
    try:
        for number, page in enumerate(pdf, 1):
            chars, lost = page_chars(page)
            mapped, unmapped = mapped + len(chars), unmapped + lost
            if chars:
                regions.extend(page_regions(chars, number))
            else:
                images = images or has_images(page)
    except pdfium.PdfiumError as exc:
        return Skipped(rel, f"damaged PDF ({exc})")
    finally:
        pdf.close()
    if unmapped > UNMAPPED_SHARE * (mapped + unmapped):  # the rest is read through a guessed encoding: noise
        return Skipped(rel, UNMAPPED)
    if not regions:
        return Skipped(rel, SCANNED if images else "no text on any page")
    text = joined(regions)
    return Document(rel, text, text, "", "pdf", regions=tuple(regions))


def page_chars(page) -> tuple[list[Char], int]:
    """The visible characters of ``page`` with their boxes (PDFium's loose
    boxes: the font's ascent to descent, so a row's characters align), and
    the number of characters whose font maps them to no Unicode text."""
    import pypdfium2.raw as raw

    left, _, right, top = page.get_bbox()
    textpage = page.get_textpage()
    rect, x, y = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    chars, unmapped = [], 0
    try:
        handle = textpage.raw
        for i in range(raw.FPDFText_CountChars(handle)):
            if raw.FPDFText_IsGenerated(handle, i) == 1:
                continue
            code = raw.FPDFText_GetUnicode(handle, i)
            if code < 32 or code in (0xFFFE, 0xFFFF) or raw.FPDFText_HasUnicodeMapError(handle, i) == 1:
                unmapped += 1
                continue
            if chr(code).isspace():
                if chars:
                    chars[-1].space_after = True
                continue
            if not (raw.FPDFText_GetLooseCharBox(handle, i, rect)
                    and raw.FPDFText_GetCharOrigin(handle, i, x, y)):
                continue
            if rect.top - rect.bottom <= 0 or not left <= (rect.left + rect.right) / 2 <= right:
                continue
            chars.append(Char(chr(code), rect.left - left, rect.right - left, top - rect.top, top - rect.bottom,
                              top - y.value))
    finally:
        textpage.close()
    return chars, unmapped


def has_images(page) -> bool:
    import pypdfium2.raw as raw

    return any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))


# -- rows and lines ------------------------------------------------------------------------

def rows_of(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped by baseline, top to bottom, each row left to right."""
    rows: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: (c.base, c.x0)):
        if rows and c.base - rows[-1][0].base <= BASELINE_TOLERANCE * rows[-1][0].height:
            rows[-1].append(c)
        else:
            rows.append([c])
    for row in rows:
        row.sort(key=lambda c: c.x0)
    return rows


def row_pieces(row: list[Char], body: float) -> list[Line]:
    """A row cut at every wide gap and change of size; fake-bold doubles
    dropped. Gutters are as wide for headlines as for body text, so a gap
    counts as wide by the body's size, unless the PDF drew a space in it."""
    pieces: list[list[Char]] = [[row[0]]]
    for c in row[1:]:
        prev = pieces[-1][-1]
        if c.ch == prev.ch and abs(c.x0 - prev.x0) < 0.3 * c.height:
            continue  # the same glyph drawn twice, a little offset
        wide = c.x0 - prev.x1 > ROW_GAP * (c.height if prev.space_after else min(c.height, body))
        if wide or max(c.height, prev.height) > SAME_SIZE * min(c.height, prev.height):
            pieces.append([c])
        else:
            pieces[-1].append(c)
    return [Line(p) for p in pieces]


def lines_of(chars: list[Char], body: float) -> list[Line]:
    """Row pieces rejoined across gaps that text of the same size in a
    neighbouring row bridges (a byline's spacing); unbridged gaps are gutters."""
    rows = [row_pieces(row, body) for row in rows_of(chars)]
    lines = []
    for k, pieces in enumerate(rows):
        merged = [pieces[0]]
        for piece in pieces[1:]:
            prev = merged[-1]
            if similar(prev.size, piece.size) and bridged(rows, k, prev, piece):
                merged[-1] = Line(prev.chars + piece.chars)
            else:
                merged.append(piece)
        lines.extend(merged)
    return lines


def bridged(rows: list[list[Line]], k: int, left: Line, right: Line) -> bool:
    reach = NEIGHBOUR_ROWS * left.size
    for near in (range(k - 1, -1, -1), range(k + 1, len(rows))):
        for j in near:
            if abs(rows[j][0].top - left.top) > reach:
                break
            if any(similar(p.size, left.size) and p.x0 <= left.x1 and p.x1 >= right.x0 for p in rows[j]):
                return True
    return False


def similar(a: float, b: float) -> bool:
    return max(a, b) <= SAME_SIZE * min(a, b)


# -- blocks and reading order --------------------------------------------------------------

def blocks_of(lines: list[Line]) -> list[Block]:
    """Lines stacked closely in one column, of one size, as blocks."""
    blocks: list[Block] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        best, best_overlap = None, 0.0
        for block in blocks:
            last = block.lines[-1]
            overlap = min(line.x1, block.x1) - max(line.x0, block.x0 - MAX_INDENT * line.size)
            if (-0.2 * line.size <= line.top - last.bottom <= LINE_GAP * line.size
                    and similar(line.size, last.size)
                    and overlap >= BLOCK_OVERLAP * (line.x1 - line.x0) and overlap > best_overlap):
                best, best_overlap = block, overlap
        if best is None:
            blocks.append(Block(line))
        else:
            best.add(line)
    return blocks


def reading_order(blocks: list[Block]) -> list[Block]:
    """Recursive XY-cut: columns first, then the bands between stacked blocks."""
    if len(blocks) < 2:
        return blocks
    for axis in (0, 1):
        parts = _cut(blocks, axis)
        if len(parts) > 1:
            return [b for part in parts for b in reading_order(part)]
    return sorted(blocks, key=lambda b: (b.top, b.x0))


def _cut(blocks: list[Block], axis: int) -> list[list[Block]]:
    """``blocks`` split at every empty band across them along ``axis`` (0: x)."""
    def span(b: Block) -> tuple[float, float]:
        if axis == 0:
            return b.x0, b.x1
        shrink = 0.1 * b.size  # the loose boxes of close lines touch
        return b.top + shrink, b.bottom - shrink

    parts: list[list[Block]] = []
    end = None
    for b in sorted(blocks, key=lambda b: span(b)[0]):
        start, stop = span(b)
        if end is None or start > end:
            parts.append([])
        parts[-1].append(b)
        end = stop if end is None else max(end, stop)
    return parts


# -- articles ------------------------------------------------------------------------------

def page_regions(chars: list[Char], page: int) -> list[Region]:
    """The page's articles, each a headline group with the body blocks under
    it, and the text under no headline, in page order."""
    body = body_size(chars)
    blocks = blocks_of(lines_of(chars, body))
    for b in blocks:
        b.head = b.size >= HEADLINE * body
        b.left = min(a.x0 for a in blocks if similar(a.size, b.size)
                     and _overlap(a, b.x0, b.x1) >= 0.5 * min(a.x1 - a.x0, b.x1 - b.x0))
    groups = []
    for g in headline_groups(blocks):
        if max(b.size for b in g) >= TITLE * body:
            groups.append(g)
        else:  # a subheading, or a brief's small title: kg.segment judges it as a line of text
            for b in g:
                b.head = False
    owners = {id(b): owner(b, groups) for b in blocks if not b.head}
    for b in blocks:  # a column's head under no headline continues the article on its left
        if not b.head and owners[id(b)] is None:
            left = [a for a in blocks if not a.head and owners[id(a)] is not None
                    and a.x1 <= b.x0 and a.top < b.bottom and b.top < a.bottom]
            if left:
                owners[id(b)] = owners[id(max(left, key=lambda a: a.x1))]
    regions = [region(g, reading_order([b for b in blocks if owners.get(id(b)) == k]), page)
               for k, g in enumerate(groups)]
    first_headline = min((g[0].top for g in groups), default=None)
    for run in runs(reading_order([b for b in blocks if not b.head and owners[id(b)] is None])):
        header = (first_headline is not None and max(b.bottom for b in run) <= first_headline
                  and len({round(ln.top) for b in run for ln in b.lines}) <= HEADER_LINES)
        regions.append(region([], run, page, header))
    return sorted(regions, key=lambda r: (r.box[1], r.box[0]))


def body_size(chars: list[Char]) -> float:
    """The height of most characters: the body text's."""
    return Counter(round(c.height * 2) / 2 for c in chars).most_common(1)[0][0]


def headline_groups(blocks: list[Block]) -> list[list[Block]]:
    """Headline blocks stacked closely (kicker, title, subtitle), top to bottom."""
    groups: list[list[Block]] = []
    for b in sorted((b for b in blocks if b.head), key=lambda b: b.top):
        near = [g for g in groups if 0 <= b.top - g[-1].bottom <= HEAD_GAP * max(b.size, g[-1].size)
                and _overlap(b, *_extent(g)) > 0]
        if near:
            near[0].append(b)
        else:
            groups.append([b])
    return groups


def owner(block: Block, groups: list[list[Block]]) -> int | None:
    """The headline group a body block sits under: the nearest one above
    it that reaches over it."""
    best, best_bottom = None, 0.0
    for k, g in enumerate(groups):
        x0, x1 = _extent(g)
        bottom = g[-1].bottom
        if bottom <= block.top + 0.5 * block.size and _overlap(block, x0, x1) > 0 and (
                best is None or bottom > best_bottom):
            best, best_bottom = k, bottom
    return best


def _extent(blocks: list[Block]) -> tuple[float, float]:
    return min(b.x0 for b in blocks), max(b.x1 for b in blocks)


def _overlap(block: Block, x0: float, x1: float) -> float:
    return min(block.x1, x1) - max(block.x0, x0)


def runs(blocks: list[Block]) -> list[list[Block]]:
    """Blocks under no headline, in reading order, cut where one neither
    continues the column above nor sits on the row beside the block before."""
    out: list[list[Block]] = []
    for b in blocks:
        prev = out[-1][-1] if out else None
        if prev and (_overlap(b, prev.x0, prev.x1) > 0 or (b.top < prev.bottom and prev.top < b.bottom)):
            out[-1].append(b)
        else:
            out.append([b])
    return out


def region(heads: list[Block], blocks: list[Block], page: int, header: bool = False) -> Region:
    """A region's text: its headline lines ``#``-marked (the largest as ``# ``),
    then its paragraphs, one per line."""
    title = max(heads, key=lambda b: b.size) if heads else None
    lines = [("# " if b is title else "## ") + join_lines([ln.text for ln in b.lines]) for b in heads]
    paragraphs = paragraphs_of(blocks)
    text = "\n".join(lines) + ("\n\n" if lines and paragraphs else "") + "\n".join(paragraphs)
    every = heads + blocks
    box = (min(b.x0 for b in every), min(b.top for b in every),
           max(b.x1 for b in every), max(b.bottom for b in every))
    return Region(page, tuple(round(v, 1) for v in box), text, header)


def paragraphs_of(blocks: list[Block]) -> list[str]:
    """Lines rejoined into paragraphs: a line indented from its column, or
    after a line that stops short of its column's end, opens a paragraph; a
    paragraph runs on from the foot of one column to the head of the next."""
    paragraphs: list[list[str]] = []
    prev, prev_short, prev_width = None, True, 0.0
    for block in blocks:
        x0, x1 = block.left, block.x1
        for k, line in enumerate(block.lines):
            indented = line.x0 - x0 >= INDENT * line.size
            beside = prev is not None and line.top < prev.bottom and prev.top < line.bottom
            other_column = k == 0 and (beside or abs(x1 - x0 - prev_width) > line.size)
            if prev_short or indented or other_column:
                paragraphs.append([])
            paragraphs[-1].append(line.text)
            prev, prev_short = line, x1 - line.x1 >= SHORT_LINE * line.size
        prev_width = x1 - x0
    return [join_lines(p) for p in paragraphs]


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one: Chinese joins directly, Latin words with a space."""
    out = lines[0]
    for line in lines[1:]:
        out += (" " if out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum()
                else "") + line
    return out
