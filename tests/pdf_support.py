"""Made-up newspaper pages as PDF (reportlab), for the PDF reader's tests and
``make bench``: stories set in a column grid, each headline in a larger font
over the columns its body flows through, so that reading a page line by line
from left to right mixes the stories."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
MARGIN, GUTTER, STORY_GAP = 36.0, 14.0, 18.0
BODY, LEADING, TITLE, SUBHEAD = 10.0, 14.0, 18.0, 14.0
INDENT = 2  # characters of first-line indent


@dataclass(frozen=True)
class Story:
    title: str
    paragraphs: tuple[str, ...]  # one starting with "## " is a subheading, set a little larger
    kicker: str = ""  # 引题 above the title and 副题 below it, in the subheadings' type
    subtitle: str = ""


@dataclass(frozen=True)
class Slot:
    """A story in grid columns ``column`` … ``column + span - 1``, set below
    whatever those columns already hold on the page."""

    story: Story
    column: int = 0
    span: int = 1


@cache
def cjk_font() -> str:
    """A reportlab font name for a TrueType Chinese font that fontconfig finds
    (``make system-deps`` installs WenQuanYi Micro Hei: reportlab cannot embed
    the CFF outlines of Noto CJK)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    listing = subprocess.run(["fc-list", ":lang=zh:fontformat=TrueType", "file"],
                             capture_output=True, text=True).stdout
    paths = sorted(line.rstrip(": ") for line in listing.splitlines() if line.strip())
    if not paths:
        raise RuntimeError("no TrueType Chinese font found by fc-list; run 'make system-deps'")
    pdfmetrics.registerFont(TTFont("cjk", paths[0], subfontIndex=0))
    return "cjk"


def cid_font() -> str:
    """Adobe's STSong-Light, not embedded: text PDFs of older Chinese tools."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def wrap(text: str, font: str, size: float, width: float, indent: float = 0.0) -> list[tuple[float, str]]:
    """(x offset, text) of the lines of a paragraph set in ``width``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line, offset = [], "", indent
    for ch in text:
        if line and stringWidth(line + ch, font, size) > width - offset:
            lines.append((offset, line))
            line, offset = "", 0.0
        line += ch
    return [*lines, (offset, line)] if line else lines


def newspaper(path: Path, pages: list[list[Slot]], columns: int, header: str = "",
              font: str | None = None, size: tuple[float, float] = (PAGE_W, PAGE_H),
              **canvas_options) -> Path:
    """Write ``pages`` of slots set in ``columns`` grid columns of pages of
    ``size`` (points) to ``path``.

    Each page's lines are drawn row by row across the page, as some layout
    programs write them, so that not even the content stream keeps a story's
    lines together."""
    from reportlab.pdfgen.canvas import Canvas

    font = font or cjk_font()
    page_w, page_h = size
    canvas = Canvas(str(path), pagesize=size, **canvas_options)
    col_w = (page_w - 2 * MARGIN - (columns - 1) * GUTTER) / columns
    for slots in pages:
        drawn: list[tuple[float, float, float, str]] = []  # y from the top, x, size, text
        top = MARGIN
        if header:
            drawn.append((top + BODY, MARGIN, BODY, header))
            top += LEADING + STORY_GAP
        bottoms = [top] * columns
        for slot in slots:
            cols = range(slot.column, slot.column + slot.span)
            y = max(bottoms[c] for c in cols)
            y += STORY_GAP if y > top else 0
            x = MARGIN + slot.column * (col_w + GUTTER)
            width = slot.span * col_w + (slot.span - 1) * GUTTER
            story = slot.story
            for size, text in ((SUBHEAD, story.kicker), (TITLE, story.title), (SUBHEAD, story.subtitle)):
                for _, line in wrap(text, font, size, width):
                    y += size * 1.3
                    drawn.append((y, x, size, line))
            y += LEADING * 0.6
            lines: list[tuple[float, float, str]] = []  # size, x offset, text
            for p in slot.story.paragraphs:
                if p.startswith("## "):
                    lines.append((SUBHEAD, 0.0, p[3:]))
                else:
                    lines.extend((BODY, offset, text) for offset, text in wrap(p, font, BODY, col_w, INDENT * BODY))
            per_column = -(-len(lines) // slot.span)
            for k, (size, offset, line) in enumerate(lines):
                column, row = divmod(k, per_column)
                drawn.append((y + (row + 1) * LEADING, x + column * (col_w + GUTTER) + offset, size, line))
            if y + per_column * LEADING > page_h - MARGIN:
                raise ValueError(f"{slot.story.title} does not fit on the page")
            for c in cols:
                bottoms[c] = y + per_column * LEADING
        for y, x, size, line in sorted(drawn):
            canvas.setFont(font, size)
            canvas.drawString(x, page_h - y, line)
        canvas.showPage()
    canvas.save()
    return path
