"""A growing synthetic corpus for ``make bench``: ``copies`` × data/'s pages
whose organisations keep growing with the copies.

Copy 0 is data/ as it is. In every other copy each article is moved, as a
whole, to other places: every division it names (provinces, prefectures,
counties, in full or short form) is replaced by one of the same level drawn
from the national gazetteer, children inside their new parent (营口市 →
some city of the new province, 站前区 → a district of that city), so its
organisations (营口市总工会 → 德阳市总工会) are new nodes. Years move by a few,
other numbers and company trade names are redrawn, about half of the
sentences after the first are exchanged for sentences of other articles and
two are added at the end, so that no copy is a repost of another (kg folds bodies of Jaccard ≥ 0.8 on
character shingles into one story). Everything is drawn from a
``random.Random`` seeded by (seed, copy, article): the same call writes the
same files.

    python bench/growing.py 50 /tmp/corpus50     # 250 files, about 2,050 articles
"""
from __future__ import annotations

import random
import re
import shutil
import sys
from functools import cache
from pathlib import Path

from kg.api import read_articles
from kg.extract.divisions import Division, gazetteer
from kg.models import Article

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TRADE_CHARS = (Path(__file__).with_name("trade_name_chars.txt")
               .read_text(encoding="utf-8").split("\n", 1)[1].replace("\n", "").strip())
EXCHANGED = 0.5  # share of the sentences after the lead's first taken from other articles
ADDED = 2  # sentences of other articles added at the end: short items (captions) differ too
POOL_MIN_CHARS = 20  # sentences taken into other articles: running text, not subheadings
YEARS = (2012, 2026)  # moved years stay in this range
_SENTENCE = re.compile(r"[^。！？]*[。！？]+[”」』）]?|[^。！？]+$")
_YEAR = re.compile(r"((?:19|20)\d\d)(?=年)")
_NUMBER = re.compile(r"(?<![\d.])(\d+)(?![\d.]*年)(月|日|号)?")
# a company name: from a clause boundary or a function character to its company word
_COMPANY = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[的与和在为了由等及向对将把是从到同跟给]))"
                      r"[\u4e00-\u9fff]{2,12}?(?:有限责任公司|股份有限公司|有限公司|公司|集团)")
_NOT_TRADE = re.compile(r"^(?:中国|国家|全国|中华|省|市|县|区)")


def write_corpus(copies: int, target: Path, seed: int = 0, source: Path = DATA) -> list[Path]:
    """``copies`` copies of ``source``'s pages in ``target`` (created), as
    ``{copy:04d}_{page}``; returns the files written."""
    articles, _ = read_articles([source])
    pages: dict[str, list[Article]] = {}
    for a in articles:
        pages.setdefault(Path(a.file).name, []).append(a)
    pool = [s for a in articles for p in _paragraphs(a) for s in _sentences(p)
            if len(s) >= POOL_MIN_CHARS and s.endswith("。")]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(copies):
        for name in sorted(pages):
            path = target / f"{k:04d}_{name}"
            if k == 0:
                shutil.copyfile(source / name, path)
            else:
                blocks = (_variant(a, random.Random(f"{seed}:{k}:{a.id}"), pool) for a in pages[name])
                path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
            written.append(path)
    return written


def _paragraphs(article: Article) -> list[str]:
    return [p for p in article.body.split("\n") if p.strip()]


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE.findall(paragraph) if s.strip()]


def _variant(article: Article, rng: random.Random, pool: list[str]) -> str:
    """One article moved, re-dated, renumbered and recombined, as a page block."""
    paragraphs = [_sentences(p) for p in _paragraphs(article)] or [[]]
    for i, sentences in enumerate(paragraphs):
        paragraphs[i] = [s if (i, j) == (0, 0) or rng.random() >= EXCHANGED else rng.choice(pool)
                         for j, s in enumerate(sentences)]
    paragraphs[-1] += [rng.choice(pool) for _ in range(ADDED)]
    paragraphs = ["".join(p) for p in paragraphs]
    mover = Mover(rng)
    shift = rng.randint(-6, 1)
    companies: dict[str, str] = {}

    def vary(text: str) -> str:
        text = mover.move(text)
        text = _YEAR.sub(lambda m: str(min(max(int(m[1]) + shift, YEARS[0]), YEARS[1])), text)
        text = _NUMBER.sub(lambda m: _renumber(rng, m), text)
        return _rename_companies(text, rng, companies)

    head = [f"## {vary(s)}" for s in article.subtitles] + [f"# {vary(article.title)}"]
    byline = article.byline
    body = [vary(p) for p in paragraphs]
    if byline and byline.endswith("）") and body:  # a lead: 本报讯（记者…）opens the first paragraph
        body[0] = byline + body[0]
    elif byline.endswith("摄"):  # a photo credit closes its caption
        body.append(byline)
    elif byline:
        body.insert(0, byline)
    return "\n".join(head) + "\n\n" + "\n\n".join(body)


def _renumber(rng: random.Random, m: re.Match) -> str:
    """Another day or month; another count of about the same size."""
    n, unit = int(m[1]), m[2] or ""
    if unit == "月":
        return f"{rng.randint(1, 12)}{unit}"
    if unit in ("日", "号"):
        return f"{rng.randint(1, 28)}{unit}"
    return f"{rng.randint(max(1, n // 2), max(2, n * 2))}{unit}"


def _rename_companies(text: str, rng: random.Random, names: dict[str, str]) -> str:
    """A new two-character trade name for each company: the two characters
    after its leading place names (拜城县众泰煤焦化有限公司 → 拜城县华瑞煤焦化…),
    replaced wherever the article writes them."""
    for m in _COMPANY.finditer(text):
        name = m[0]
        while (found := gazetteer().find(name)) and found[0][0] == 0:
            name = name[found[0][1]:]
        trade = name[:2]
        if len(trade) == 2 and trade not in names and not _NOT_TRADE.match(trade) and not gazetteer().lookup(trade):
            names[trade] = "".join(rng.choice(TRADE_CHARS) for _ in range(2))
    for old, new in names.items():
        text = text.replace(old, new)
    return text


class Mover:
    """One article's move: each division it names gets a stand-in of the
    same level, chosen inside the stand-in of its parent."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.moved: dict[str, Division] = {}

    def move(self, text: str) -> str:
        out, last = [], 0
        for start, end, name in gazetteer().find(text):
            division = gazetteer().lookup(name)[0]
            new = self.stand_in(division)
            out += [text[last:start], new.name if name == division.name else _short_name(new)]
            last = end
        return "".join(out) + text[last:]

    def stand_in(self, d: Division) -> Division:
        if d.adcode not in self.moved:
            parent = gazetteer().parent(d)
            within = self.stand_in(parent).adcode if parent else ""
            self.moved[d.adcode] = self.rng.choice(_units(d.level, within[: 2 if d.level == "city" else 4])
                                                   or _units(d.level, within[:2]) or _units(d.level, ""))
        return self.moved[d.adcode]


@cache
def _units(level: str, prefix: str) -> list[Division]:
    """Divisions of ``level`` whose adcode starts with ``prefix``, in code order."""
    return sorted((d for d in gazetteer().divisions.values() if d.level == level and d.adcode.startswith(prefix)),
                  key=lambda d: d.adcode)


@cache
def _short_names() -> dict[str, str]:
    """Each division's shortest other name (营口 for 营口市, 新疆 for 新疆维吾尔自治区)."""
    short: dict[str, str] = {}
    for alias, divisions in gazetteer().aliases.items():
        for d in divisions:
            if alias != d.name and len(alias) < len(short.get(d.adcode, d.name)):
                short[d.adcode] = alias
    return short


def _short_name(d: Division) -> str:
    return _short_names().get(d.adcode, d.name)


def main(argv: list[str]) -> None:
    copies, target = int(argv[0]), Path(argv[1])
    print(f"wrote {len(write_corpus(copies, target))} files in {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
