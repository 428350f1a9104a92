"""The incremental-build cache (DESIGN §7): each article's extraction records in
an embedded SQLite file of the output directory.

A row is keyed by the hash of the article (its id, file, headings and text);
the file as a whole belongs to one pipeline :func:`fingerprint`, and is emptied
when the fingerprint changes (new taxonomy, patterns, code or config). Writes
happen in transactions, so an interrupted build leaves a consistent cache; an
unreadable file is reported and rebuilt, never fatal.
"""
from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import zlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

from kg.models import Article, ArticleRecords

CACHE_FILE = ".kg-cache.sqlite"
SCHEMA = 1
PACKAGE = Path(__file__).parent  # the installed kg package, hashed by fingerprint()
log = logging.getLogger("kg")


def fingerprint(config: dict[str, Any] | None = None) -> str:
    """A hash of everything extraction depends on, computed without loading
    the pipeline: the kg package's files (code, patterns, taxonomy,
    gazetteers), the versions of spaCy and jieba, and the component config.

    Hashing the whole package rather than guessing which modules extraction
    imports means an edit can never leave stale records behind."""
    h = hashlib.sha256(json.dumps([SCHEMA, version("spacy"), version("jieba"), config or {}],
                                  sort_keys=True, ensure_ascii=False).encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(PACKAGE).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def article_key(article: Article) -> str:
    """The cache key of one article: any change to what extraction reads changes it."""
    data = json.dumps(article.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


class Cache:
    """Per-article records of one output directory.

    >>> cache = Cache(Path("out") / CACHE_FILE, fingerprint())   # doctest: +SKIP
    >>> cache.get(article) or cache.put(article, extract(nlp, article))  # doctest: +SKIP
    """

    def __init__(self, path: str | Path, fingerprint: str):
        self.path = Path(path)
        self.fingerprint = fingerprint
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self._db.execute("CREATE TABLE IF NOT EXISTS records "
                             "(key TEXT PRIMARY KEY, file TEXT, data BLOB)")
            row = self._db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != self.fingerprint:
                self._db.execute("DELETE FROM records")
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)",
                                 (self.fingerprint,))
        self._db.execute("CREATE TEMP TABLE seen (key TEXT PRIMARY KEY)")

    def _rebuild(self, exc: sqlite3.DatabaseError) -> None:
        log.warning("kg: cache %s is unreadable (%s); rebuilding it", self.path, exc)
        if getattr(self, "_db", None) is not None:
            self._db.close()
        self.path.unlink(missing_ok=True)
        self._open()

    def get(self, article: Article) -> ArticleRecords | None:
        """The cached records of ``article``, or None if it must be extracted."""
        key = article_key(article)
        try:
            self._db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (key,))
            row = self._db.execute("SELECT data FROM records WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)
            return None
        return None if row is None else _decode(article, row[0])

    def put(self, records: list[ArticleRecords]) -> None:
        """Store the records of freshly extracted articles in one transaction."""
        rows = [(article_key(r.article), r.article.file, _encode(r)) for r in records]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", rows)
                self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?)",
                                     [row[:1] for row in rows])
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)

    def prune(self) -> None:
        """Drop the records of articles this build did not read (deleted or
        changed files), so the cache follows the corpus."""
        with self._db:
            self._db.execute("DELETE FROM records WHERE key NOT IN (SELECT key FROM seen)")

    def close(self) -> None:
        self._db.close()


def _encode(records: ArticleRecords) -> bytes:
    """The records without the article (the build has it already), as
    compressed JSON: never pickle, a cache file may come from elsewhere."""
    data = records.to_dict()
    del data["article"]
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 1)


def _decode(article: Article, blob: bytes) -> ArticleRecords:
    data = json.loads(zlib.decompress(blob))
    return ArticleRecords.from_dict({"article": article.to_dict(), **data})
