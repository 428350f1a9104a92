"""Reposts counted once: groups of articles that tell the same story.

Chinese news is syndicated, so one story reaches a corpus as several files in
several encodings and scripts, with different site chrome and title lines.
Articles are compared on their body after ingest has decoded and converted it
to simplified characters, with spacing and punctuation removed: identical
bodies are one story at once, near-identical ones are found with MinHash LSH
(datasketch) over character shingles and kept when their estimated Jaccard
similarity reaches ``THRESHOLD``.

Grouping is greedy in input order (files sorted by name): an article joins the
story of the earliest earlier article it matches, otherwise it starts a story.
The decision depends only on the articles and their order, so a cached,
incremental or parallel build groups exactly as a fresh one does. The costly
part, an article's :class:`StoryKey` (text digest and signature), is computed
where the article is extracted (a worker) and cached with its records; the
grouping itself reads keys only.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field

from kg.models import Article, StoryKey

THRESHOLD = 0.8  # estimated Jaccard of shingle sets: reposts ≥ 0.9, related stories well below
SHINGLE = 5  # characters per shingle: long enough that boilerplate phrases do not match stories
NUM_PERM = 128
SEED = 1  # fixed: the same text always has the same signature
DUPLICATE_COLUMNS = ["story", "doc_id", "file", "title", "similarity"]

_NOISE = re.compile(r"[\s\W_]+")  # spacing and punctuation (ASCII and CJK) carry no story


@dataclass
class Story:
    """One story and the articles that tell it, the first one's id naming it."""

    id: str
    members: list[tuple[Article, float]] = field(default_factory=list)  # (article, similarity)


def story_text(article: Article) -> str:
    """What two copies of a story share: the body without spacing or punctuation."""
    return _NOISE.sub("", article.body or article.text)


def story_key(article: Article) -> StoryKey:
    text = story_text(article)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return StoryKey(digest, _signature(text) if len(text) >= SHINGLE else None)


class Deduplicator:
    """Assigns each article, in input order, the id of the story it tells."""

    def __init__(self, threshold: float = THRESHOLD):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._exact: dict[str, Story] = {}
        self._stories: dict[str, Story] = {}
        self._signatures: dict[str, object] = {}
        self._rank: dict[str, int] = {}  # story id → its place in input order

    def add(self, article: Article, key: StoryKey | None = None) -> str:
        """The story id of ``article`` (its own id when it is a new story);
        ``key`` is its :func:`story_key`, computed here when not given."""
        from datasketch import LeanMinHash

        key = key or story_key(article)
        story = self._exact.get(key.digest)
        similarity = 1.0
        if story is None and key.signature is not None:
            signature = LeanMinHash.deserialize(key.signature)
            story, similarity = self._nearest(signature)
            if story is None:
                similarity = 1.0
                self._lsh.insert(article.id, signature)
                self._signatures[article.id] = signature
        if story is None:
            story = self._stories[article.id] = Story(article.id)
            self._rank[article.id] = len(self._rank)
        self._exact.setdefault(key.digest, story)
        # the article without its text: a story's members are kept to the end of the build
        story.members.append((Article(article.id, article.file, article.title, ""), similarity))
        return story.id

    def _nearest(self, signature) -> tuple[Story | None, float]:
        """The earliest story whose first article is similar enough, and how similar."""
        for key in sorted(self._lsh.query(signature), key=self._rank.__getitem__):
            similarity = signature.jaccard(self._signatures[key])
            if similarity >= self.threshold:
                return self._stories[key], round(similarity, 3)
        return None, 0.0

    def groups(self) -> list[Story]:
        """Stories told by more than one article, in input order."""
        return [s for s in self._stories.values() if len(s.members) > 1]

    def rows(self) -> list[dict]:
        """duplicates.csv: one row per article of a repeated story."""
        return [{"story": s.id, "doc_id": a.id, "file": a.file, "title": a.title, "similarity": sim}
                for s in self.groups() for a, sim in s.members]


def _signature(text: str) -> bytes:
    from datasketch import LeanMinHash, MinHash

    shingles = {text[i:i + SHINGLE].encode() for i in range(len(text) - SHINGLE + 1)}
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)  # C speed, stable across processes
    m.update_batch(sorted(shingles))
    lean = LeanMinHash(m)
    data = bytearray(lean.bytesize())
    lean.serialize(data)
    return bytes(data)
