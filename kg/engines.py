"""Where extraction runs (DESIGN §7): in this process, in a local process pool
(``--jobs``) or on a Dask cluster (``--engine dask``).

The map runs per input file, whole, in the worker: :func:`process_files`
reads, decodes, segments, extracts, renders (the CSV rows and graph
observations the build writes and assembles) and signs each article for
deduplication (kg.dedup.story_key), so the client only lists files,
schedules them and collects what they became (:class:`Processed`).

An engine's ``submit(files)`` returns a handle whose ``result()`` is the list
of their :class:`Processed` (``workers`` says how many run at once,
``close()`` stops them); the build keeps a bounded number of handles in
flight and reads them in input order, so all engines write identical output.
Work is sent as file paths (absolute): Dask workers need kg installed and
the corpus at the same path (shared storage on a real cluster).
"""
from __future__ import annotations

import csv
import io
import json
import logging
import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from collections.abc import Callable
from typing import Any, Protocol

from kg.cache import fingerprint, pack
from kg.dedup import story_key
from kg.graph import observations
from kg.ingest import InputFile, read_document
from kg.models import Article, ArticleRecords, Processed, RenderedRecords, Skipped
from kg.normalise import HAN_CHAR
from kg.segment import segment

ENGINES = ("local", "dask")
# Below this many bytes of input to extract, starting worker processes (each
# loads spaCy and the pipeline) costs more than it saves.
POOL_MIN_BYTES = 750_000
LOOPBACK = "127.0.0.1"  # where a local Dask cluster listens
NO_ARTICLE = "no article text (only navigation, headings or page furniture)"

_pipelines: dict[str, Any] = {}  # one loaded pipeline per process and config


class EngineError(Exception):
    """An engine that cannot run (unknown name, unreachable scheduler …)."""


Sink = Callable[[list[RenderedRecords]], object]  # writes a batch of records (kg.store.write_part)


class Handle(Protocol):
    def result(self) -> list[Processed]: ...


class Engine(Protocol):
    workers: int

    def submit(self, files: list[InputFile], sink: Sink | None = None, keep: bool = False) -> Handle:
        """Process ``files`` (see :func:`process_files` for ``sink`` and ``keep``)."""

    def close(self) -> None: ...


def pipeline(config: dict | None = None):
    """The spaCy pipeline of this process, loaded on first use only: a build
    whose articles are all cached never pays for it."""
    key = json.dumps(config or {}, sort_keys=True)
    if key not in _pipelines:
        from kg.extract import load_pipeline

        _pipelines[key] = load_pipeline(config)
    return _pipelines[key]


def read_articles(f: InputFile) -> list[Article] | Skipped:
    """The articles of one input file, or why it was skipped (a file none of
    whose articles has a body with Chinese text holds no article)."""
    item = read_document(f)
    if isinstance(item, Skipped):
        return item
    articles = segment(item)
    return articles if any(HAN_CHAR.search(a.body) for a in articles) else Skipped(item.file, NO_ARTICLE)


def process_files(files: list[InputFile], config: dict | None = None, sink: Sink | None = None,
                  keep: bool = False) -> list[Processed]:
    """The map step of DESIGN §7 over a batch of files. Runs in any process.

    With a ``sink`` (kg.store.write_part into the build's record store) the
    records are written here and only headers and story keys go back, with
    each file's cache entry packed when ``keep``: nothing large travels to
    the client."""
    from kg.extract import extract

    done = []
    for f in files:
        articles = read_articles(f)
        if isinstance(articles, Skipped):
            done.append(Processed(articles.file, articles.reason))
            continue
        nlp = pipeline(config)
        done.append(Processed(f.rel, articles=articles, stories=[story_key(a) for a in articles],
                              records=[render(extract(nlp, a)) for a in articles]))
    if sink is None:
        return done
    records = [r for p in done for r in p.records]
    if records:
        sink(records)
    for p in done:
        p.entry = pack(p) if keep else b""
        p.articles = [Article(a.id, a.file, a.title, "") for a in p.articles]
        p.records = []
    return done


def render(records: ArticleRecords) -> RenderedRecords:
    """``records`` as the build writes and assembles them (and caches them)."""
    mentions, evidence = io.StringIO(), io.StringIO()
    csv.writer(mentions).writerows([m.node_id, m.doc_id, m.file, m.start, m.end, m.text]
                                   for m in records.mentions)
    csv.writer(evidence).writerows([e.relation, e.source, e.target, e.doc_id, e.file,
                                    e.sentence, e.rule, e.date, e.score] for e in records.evidence)
    return RenderedRecords(records.article, mentions.getvalue(), evidence.getvalue(),
                           observations(records))


class Deferred:
    """Work kept in this process until its result is needed, unless a pool
    takes it over first (its ``future`` is then set)."""

    def __init__(self, files: list[InputFile], config: dict | None, *options):
        self.files, self.config, self.options = files, config, options
        self.future: Future | None = None

    def start(self, pool: ProcessPoolExecutor) -> None:
        self.future = pool.submit(process_files, self.files, self.config, *self.options)

    def result(self) -> list[Processed]:
        if self.future is None:
            self.future = Future()
            self.future.set_result(process_files(self.files, self.config, *self.options))
        return self.future.result()


class LocalEngine:
    """The map in this process, moving to ``jobs`` worker processes once
    ``POOL_MIN_BYTES`` of input have been submitted: a small corpus never
    pays for starting the pool."""

    def __init__(self, jobs: int = 1, config: dict | None = None):
        self.workers = jobs
        self.config = config
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: list[Deferred] = []
        self._bytes = 0

    def submit(self, files: list[InputFile], sink: Sink | None = None, keep: bool = False) -> Handle:
        handle = Deferred(files, self.config, sink, keep)
        if self.workers == 1:
            return handle
        self._bytes += sum(file_size(f) for f in files)
        if self._pool is None:
            self._waiting.append(handle)
            if self._bytes >= POOL_MIN_BYTES:
                self._start_pool()
        else:
            handle.start(self._pool)
        return handle

    def _start_pool(self) -> None:
        if sys.platform == "linux":
            # fork: the workers inherit the pipeline loaded here once
            # (copy-on-write) instead of each loading its own.
            pipeline(self.config)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"))
        else:  # the platform's safe default: each worker loads the pipeline
            self._pool = ProcessPoolExecutor(self.workers, initializer=pipeline, initargs=(self.config,))
        for handle in self._waiting:
            if handle.future is None:
                handle.start(self._pool)
        self._waiting = []

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


class DaskEngine:
    """Extraction as Dask tasks over batches of articles, on a new
    ``distributed.LocalCluster`` of ``jobs`` workers or on the scheduler at
    ``address``; connects on the first batch, so a fully cached build needs
    no cluster."""

    def __init__(self, jobs: int = 1, config: dict | None = None, address: str | None = None):
        self.workers = jobs
        self.config = config
        self.address = address
        self._cluster = None
        self._client = None

    def _connect(self):
        from distributed import Client, LocalCluster

        try:
            if self.address is None:
                # on the loopback interface only (scheduler, workers and their
                # HTTP ports): no other machine can reach it; no dashboard
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                             processes=True, host=LOOPBACK,
                                             dashboard_address=f"{LOOPBACK}:0",
                                             worker_dashboard_address=f"{LOOPBACK}:0",
                                             scheduler_kwargs={"dashboard": False},
                                             silence_logs=logging.ERROR)
            self._client = Client(self.address or self._cluster, timeout="10s")
        except (OSError, TimeoutError) as exc:
            self.close()
            raise EngineError(f"cannot start Dask ({exc})") from None
        self.workers = max(1, sum(self._client.nthreads().values()))
        self._check_workers()
        return self._client

    def _check_workers(self) -> None:
        """Workers must run the same kg, or engines would disagree."""
        expected = fingerprint(self.config)
        try:
            found = self._client.run(fingerprint, self.config)
        except Exception as exc:  # noqa: BLE001 - anything a worker raises
            self.close()
            raise EngineError(f"Dask workers cannot run kg ({exc}); "
                              "install kg on every worker") from None
        for worker, value in found.items():
            if value != expected:
                self.close()
                raise EngineError(f"Dask worker {worker} runs a different kg build "
                                  f"({value} != {expected}); install the same kg on every worker")

    def submit(self, files: list[InputFile], sink: Sink | None = None, keep: bool = False) -> Handle:
        client = self._client or self._connect()
        return client.submit(process_files, files, self.config, sink, keep, pure=False)

    def close(self) -> None:
        for part in (self._client, self._cluster):
            if part is not None:
                part.close()
        self._client = self._cluster = None


def make_engine(engine: str = "local", jobs: int | None = None, config: dict | None = None,
                scheduler: str | None = None) -> Engine:
    """The engine called ``engine``; ``jobs`` defaults to all cores."""
    jobs = jobs or default_jobs()
    if scheduler is not None and engine != "dask":
        raise EngineError("--scheduler needs --engine dask")
    if engine == "local":
        return LocalEngine(jobs, config)
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise EngineError("--engine dask needs the dask extra: pip install 'kg[dask]'") from None
        return DaskEngine(jobs, config, scheduler)
    raise EngineError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def file_size(f: InputFile) -> int:
    """Bytes of an input file (0 if it cannot be read: the map says why)."""
    try:
        return f.path.stat().st_size
    except OSError:
        return 0


def default_jobs() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
