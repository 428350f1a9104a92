"""Small typed records passed between pipeline stages (DESIGN §2).

ingest -> Document | Skipped ; segment -> Article ; extract -> ArticleRecords
(made of Node, Mention, Evidence) ; the build renders them (RenderedRecords)
and graph assembles their node and edge observations.
Every record converts to and from plain dicts so it can be cached in SQLite,
shipped to worker processes or Dask, and written as CSV/JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Region(NamedTuple):
    """One article's place on a PDF page, found by layout: its text starts
    with its ``#``-marked headline lines (``# `` the title, ``## `` kicker or
    subtitle), then its paragraphs. A page header (masthead, date, page
    number) dates the page and holds no article. A tuple, so that a Document
    stays plain data."""

    page: int  # 1-based
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in points from the page's top left
    text: str
    header: bool = False


def joined(regions: tuple[Region, ...] | list[Region]) -> str:
    """The text of a document read as regions (a PDF's articles): theirs, in
    order, two blank lines apart."""
    return "\n\n\n".join(r.text for r in regions)


@dataclass(frozen=True)
class Document:
    """One decoded input file."""

    file: str  # path relative to the corpus root given on the command line
    text: str  # decoded and converted to simplified characters
    original: str = ""  # decoded text before traditional→simplified conversion
    encoding: str = "utf-8"
    format: str = "txt"  # txt | md | html | pdf | docx
    date: str = ""  # ISO publication date from the file's metadata (HTML), if any
    regions: tuple[Region, ...] = ()  # a PDF's articles by layout; segmented one by one


@dataclass(frozen=True)
class Skipped:
    """An input file that was not processed, with a one-line reason."""

    file: str
    reason: str


@dataclass
class Article:
    """One article of a page; ``text`` is what mention offsets index into.

    ``text`` holds the article's heading lines (subtitles and title, in page
    order) followed by its normalised body, so that names read in a headline
    have offsets too. ``body`` is the body alone.
    """

    id: str
    file: str
    title: str
    text: str
    body: str = ""
    subtitles: list[str] = field(default_factory=list)
    byline: str = ""
    date: str = ""
    source_page: int | None = None  # where a PDF shows the article (Region.page, Region.box)
    source_box: list[float] | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass(frozen=True)
class Node:
    """A graph node as one article sees it; ``attrs`` holds kind-specific fields
    (org_type, level, province, city, county, adcode, aliases, mechanism_id,
    category, value, unit, metric, text, date, place …)."""

    id: str
    kind: str
    name: str
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Mention:
    """A span of ``Article.text`` that names a node."""

    node_id: str
    doc_id: str
    file: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """One relation instance with its provenance (DESIGN §3.2)."""

    relation: str
    source: str
    target: str
    doc_id: str
    file: str
    sentence: str
    rule: str  # the strategy and cue that kept it (model:joint_subject)
    date: str = ""
    score: float | None = None  # the decision's score of a decided relation


@dataclass
class ArticleRecords:
    """Everything extraction found in one article: the unit of map/reduce."""

    article: Article
    nodes: list[Node] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class RenderedRecords:
    """An article's records as the build consumes them and the cache stores
    them: its rows of mentions.csv and evidence.csv as CSV text and its node and
    edge observations as plain tuples (see kg.graph.observations), so a cached
    article is written and assembled without rebuilding any record."""

    article: Article
    mentions: str
    evidence: str
    graph: dict[str, tuple[tuple, ...]] = field(default_factory=dict)  # kg.graph.observations


@dataclass(frozen=True)
class StoryKey:
    """What repost grouping (kg.dedup) reads of an article: the digest of its
    story text and, unless that is shorter than a shingle, its MinHash
    signature (a serialised datasketch LeanMinHash: plain bytes to send and cache)."""

    digest: str
    signature: bytes | None = None


@dataclass
class Processed:
    """One input file as the map (kg.engines) leaves it: why it was skipped,
    or its articles with their story keys, in order, and their rendered
    records unless the map wrote them to the record store itself (then
    ``articles`` are headers: id, file and title, no text)."""

    file: str
    skipped: str = ""  # the reason, for a file that holds no article
    articles: list[Article] = field(default_factory=list)
    stories: list[StoryKey] = field(default_factory=list)
    records: list[RenderedRecords] = field(default_factory=list)
    entry: bytes = b""  # the file's cache entry, packed where it was made (kg.cache.pack)
