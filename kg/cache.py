"""The incremental-build cache (DESIGN §7): each article's extraction records,
and each input document's articles, in an embedded SQLite file of the output
directory.

A row is keyed by the hash of the article (its id, file, headings and text)
or of the document (its file and text); the file as a whole belongs to one
pipeline :func:`fingerprint` and is emptied when that changes (new taxonomy,
patterns, code, config or dependency versions). Writes happen in
transactions, so an interrupted build leaves a consistent cache; a damaged
file is reported and rebuilt, never fatal.
"""
from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

import msgpack

from kg.models import Article, Document, RenderedRecords

CACHE_FILE = ".kg-cache.sqlite"
SCHEMA = 2
# Dependencies whose code or bundled data (dictionaries, admin divisions,
# conversion tables) shape segmentation and extraction.
DEPENDENCIES = ("spacy", "jieba", "rjieba", "cpca", "cn2an", "opencc")
PACKAGE = Path(__file__).parent  # the installed kg package, hashed by fingerprint()
# The parts of it that cached articles and records depend on (files and folders,
# data included): reading, segmenting, extracting, and rendering records
# (pipeline.render, graph.observations). Exports, queries and the CLI are not
# among them: editing a map's CSS or a help text keeps the cache.
EXTRACTION_SOURCES = ("extract", "readers", "data", "models.py", "ids.py", "divisions.py", "errors.py",
                      "abbreviations.py", "ingest.py", "normalise.py", "segment.py", "engines.py", "graph.py",
                      "hierarchy.py", "pipeline.py", "cache.py")
log = logging.getLogger("kg")


class CacheError(Exception):
    """The cache file cannot be used (locked by another build, unwritable)."""


def fingerprint(config: dict[str, Any] | None = None) -> str:
    """A hash of everything extraction depends on, computed without loading
    the pipeline: the package's ``EXTRACTION_SOURCES`` (code, patterns,
    taxonomy, gazetteers), the versions of its ``DEPENDENCIES`` and the
    component config. A test checks that every module extraction imports is
    among the sources, so an edit can never leave stale records behind."""
    versions = [version(name) for name in DEPENDENCIES]
    h = hashlib.sha256(json.dumps([SCHEMA, versions, config or {}], sort_keys=True,
                                  ensure_ascii=False).encode())
    roots = [PACKAGE / name for name in EXTRACTION_SOURCES]
    files = (p for root in roots for p in (root.rglob("*") if root.is_dir() else [root])
             if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(files):
        h.update(path.relative_to(PACKAGE).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def key_of(item: Article | Document) -> str:
    """The cache key of an article or input document: any change to what
    segmentation or extraction reads changes it."""
    data = json.dumps([type(item).__name__, vars(item)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


class Cache:
    """The articles of each input document and the records of each article,
    for one output directory.

    >>> cache = Cache(Path("out") / CACHE_FILE, fingerprint())   # doctest: +SKIP
    >>> cache.get(article) or cache.put([render(extract(nlp, article))])  # doctest: +SKIP
    """

    def __init__(self, path: str | Path, fingerprint: str):
        self.path = Path(path)
        self.fingerprint = fingerprint
        self._db: sqlite3.Connection | None = None
        with self._guard():
            self._open()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """A damaged file is rebuilt; a busy or unwritable one (a locked
        database, a full disk) is an error, never deleted."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            raise CacheError(f"cannot use the cache {self.path} ({exc}); "
                             "build with --no-cache or into another directory") from None
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        # WAL: a commit per document stays cheap, and a crash never corrupts
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self._db.execute("CREATE TABLE IF NOT EXISTS entries "
                             "(key TEXT PRIMARY KEY, file TEXT, data BLOB)")
            row = self._db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != self.fingerprint:
                self._db.execute("DELETE FROM entries")
                self._db.execute("DELETE FROM meta WHERE key = 'build'")
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)",
                                 (self.fingerprint,))
        self._db.execute("CREATE TEMP TABLE seen (key TEXT PRIMARY KEY)")

    def _rebuild(self, exc: sqlite3.DatabaseError) -> None:
        log.warning("kg: cache %s is unreadable (%s); rebuilding it", self.path, exc)
        if self._db is not None:
            self._db.close()
        for suffix in ("", "-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        self._open()

    def _load(self, key: str, use_list: bool = False) -> Any:
        """The entry under ``key`` (None if absent), marked as used by this
        build; arrays come back as tuples unless ``use_list``."""
        row = None
        with self._guard():
            self._db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (key,))
            row = self._db.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
        return None if row is None else msgpack.unpackb(zlib.decompress(row[0]), use_list=use_list)

    def _store(self, entries: list[tuple[str, str, Any]]) -> None:
        """(key, file, data) rows in one transaction."""
        rows = [(key, file, _pack(data)) for key, file, data in entries]
        with self._guard(), self._db:
            self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
            self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?)", [row[:1] for row in rows])

    def articles(self, doc: Document) -> list[Article] | None:
        """The articles segmented from ``doc`` before, or None."""
        data = self._load(key_of(doc), use_list=True)
        return None if data is None else [Article.from_dict(a) for a in data]

    def put_articles(self, doc: Document, articles: list[Article]) -> None:
        self._store([(key_of(doc), doc.file, articles)])

    def get(self, article: Article) -> RenderedRecords | None:
        """The cached records of ``article``, or None if it must be extracted."""
        data = self._load(key_of(article))
        return None if data is None else RenderedRecords(article, *data)

    def put(self, records: list[RenderedRecords]) -> None:
        """Store the records of freshly extracted articles, without the
        article itself (the build has it already)."""
        self._store([(key_of(r.article), r.article.file, [r.mentions, r.evidence, r.graph])
                     for r in records])

    def last_build(self) -> dict | None:
        """What the last complete build into this directory recorded, or None."""
        with self._guard():
            row = self._db.execute("SELECT value FROM meta WHERE key = 'build'").fetchone()
        return None if row is None else json.loads(row[0])

    def record_build(self, state: dict) -> None:
        with self._guard(), self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('build', ?)",
                             (json.dumps(state, ensure_ascii=False),))

    def prune(self) -> None:
        """Drop the entries this build did not use (deleted or changed files),
        so the cache follows the corpus."""
        with self._guard(), self._db:
            self._db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM seen)")

    def close(self) -> None:
        self._db.close()


def _pack(data: Any) -> bytes:
    """Compressed MessagePack, never pickle (a cache file may come from
    elsewhere); records go in as their fields (``vars``), without ``asdict``'s
    deep copy."""
    return zlib.compress(msgpack.packb(data, default=vars), 1)
