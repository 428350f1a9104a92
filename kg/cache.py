"""The incremental-build cache (DESIGN §7): what the map made of each input
file (kg.engines.Processed: its articles' rendered records and story keys, or
why it was skipped), in an embedded SQLite file of the output directory.

A row is keyed by the input file's name and the hash of its bytes
(:func:`file_key`), so the client decides what to send to workers with a
cheap look-up, without decoding anything; the file as a whole belongs to one
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

from kg.models import Article, Processed, RenderedRecords, StoryKey

CACHE_FILE = ".kg-cache.sqlite"
SCHEMA = 3
# Dependencies whose code or bundled data (dictionaries, admin divisions,
# conversion tables, MinHash permutations) shape segmentation, extraction
# and story keys.
DEPENDENCIES = ("spacy", "rjieba", "cpca", "cn2an", "opencc", "datasketch")
PACKAGE = Path(__file__).parent  # the installed kg package, hashed by fingerprint()
# The parts of it that cached results depend on (files and folders, data
# included): the map of kg.engines (reading, segmenting, extracting, rendering
# records with graph.observations, story keys of kg.dedup) and this file's
# format. Exports, queries, the reduce and the CLI are not among them: editing
# a map's CSS or a help text keeps the cache.
EXTRACTION_SOURCES = ("extract", "readers", "data", "models.py", "ids.py", "divisions.py", "errors.py",
                      "abbreviations.py", "ingest.py", "normalise.py", "segment.py", "engines.py", "graph.py",
                      "hierarchy.py", "dedup.py", "cache.py")
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


def file_key(rel: str, data: bytes) -> str:
    """The key of an input file: its name (records carry it) and its bytes."""
    return hashlib.sha256(rel.encode() + b"\0" + hashlib.sha256(data).digest()).hexdigest()[:32]


class Cache:
    """What the map made of each input file, for one output directory.

    >>> cache = Cache(Path("out") / CACHE_FILE, fingerprint())   # doctest: +SKIP
    >>> cache.get(key) or cache.put(key, process_files([f])[0])  # doctest: +SKIP
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

    def get(self, key: str) -> Processed | None:
        """What the map made of the file under ``key`` before (marked as used
        by this build), or None if it must be processed."""
        with self._guard():
            self._db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (key,))
            row = self._db.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        # arrays come back as tuples: observations are hashable, as fresh ones
        file, skipped, records, stories = msgpack.unpackb(zlib.decompress(row[0]), use_list=False)
        records = [RenderedRecords(_article(a), *rest) for a, *rest in records]
        return Processed(file, skipped, [r.article for r in records], [StoryKey(*s) for s in stories], records)

    def put(self, entries: list[tuple[str, Processed]]) -> None:
        """Store (key, what the map made of a file) pairs in one transaction;
        an entry packed by a worker goes in as it is."""
        rows = [(key, p.file, p.entry or pack(p)) for key, p in entries]
        with self._guard(), self._db:
            self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
            self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?)", [row[:1] for row in rows])

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


def _article(fields: dict) -> Article:
    """An Article from its cached fields (lists came back as tuples)."""
    article = Article.from_dict(fields)
    article.subtitles = list(article.subtitles)
    if article.source_box is not None:
        article.source_box = list(article.source_box)
    return article


def pack(processed: Processed) -> bytes:
    """The cache entry of a file: what :meth:`Cache.get` gives back (full records)."""
    p = processed
    return _pack([p.file, p.skipped, [[r.article, r.mentions, r.evidence, r.graph] for r in p.records],
                  [[s.digest, s.signature] for s in p.stories]])


def _pack(data: Any) -> bytes:
    """Compressed MessagePack, never pickle (a cache file may come from
    elsewhere); records go in as their fields (``vars``), without ``asdict``'s
    deep copy."""
    return zlib.compress(msgpack.packb(data, default=vars), 1)
