"""``kg build``: ingest → segment → extract (a map over files) → assemble (a
reduce) → write the output contract of DESIGN §4.

The corpus is listed once; each input file goes to an engine (kg.engines)
whose workers read, decode, segment, extract and render it, unless the cache
(kg.cache) holds what the map made of the same bytes. Each article's records
go to the record store (kg.store: Parquet parts in the staging directory) as
they come, and the tables are the store's reduce, a DuckDB query that spills
to disk, so memory follows neither the corpus nor the graph. Reposts of one
story count once in edge weights (kg.dedup groups them over the story keys the
workers computed, the reduce folds them).

A build writes into a staging directory inside OUT and moves its files into
OUT only when all are complete, so a failed or interrupted build leaves the
previous output whole; a manifest in OUT records what the build wrote, so
that the next build removes its own outputs that it no longer writes and
never a file it did not write.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg.cache import CACHE_FILE, Cache, CacheError, file_key, fingerprint
from kg.dedup import DUPLICATE_COLUMNS, Deduplicator
from kg.engines import POOL_MIN_BYTES, Engine, EngineError, Handle, Sink, file_size, make_engine, read_articles
from kg.errors import BuildError, DataFileError, OutputError
from kg.graph import EDGE_COLUMNS, EVIDENCE_COLUMNS, MENTION_COLUMNS, NODE_COLUMNS
from kg.ingest import CorpusError, InputFile, list_files
from kg.knowledge import TABLE_FILES, KnowledgeGraph
from kg.models import Article, Processed, RenderedRecords, Skipped
from kg.store import Order, Reduce, StoreError, jsonl_to_parquet, write_part

DEFAULT_FORMATS = ("graphml", "html")
BATCH_BYTES = 96_000  # input bytes per map task (about 32,000 characters of UTF-8 Chinese)
PART_CHARS = 1_000_000  # characters of articles whose records the client writes as one part
RECORDS = "records"  # the record store's parts, in the staging directory
MANIFEST = ".kg-manifest.json"  # what the last build wrote into OUT
STAGING = ".kg-staging"  # where a build writes until it is complete


@dataclass
class BuildReport:
    out: Path
    files: int = 0
    articles: int = 0
    cached: int = 0  # articles whose records came from the cache
    nodes: int = 0
    edges: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # outputs of the last build not written again
    duplicates: int = 0  # articles that repeat an earlier article's story (duplicates.csv)
    recovered: bool = False  # an interrupted build's staging area was cleared
    unchanged: bool = False  # inputs, pipeline and outputs as the last build left them

    def to_dict(self) -> dict:
        """The report as plain JSON-ready data (``kg build --json``)."""
        return {**vars(self), "out": str(self.out), "skipped": [vars(s) for s in self.skipped]}

    def summary(self) -> str:
        if self.unchanged:
            line = (f"up to date: {self.files} files, {self.articles} articles unchanged "
                    f"since the last build into {self.out}")
        else:
            line = f"processed {self.files} files, {self.articles} articles" + self._details()
        if self.recovered:
            line += "; cleared the unfinished output of an interrupted build"
        return line

    def _details(self) -> str:
        line = ""
        if self.cached:
            line += f" ({self.cached} from cache)"
        if self.duplicates:
            line += (f"; {self.duplicates} repost(s) of earlier stories counted once "
                     f"(see {self.out / 'duplicates.csv'})")
        if self.skipped:
            line += f"; skipped {len(self.skipped)} (see {self.out / 'skipped.csv'})"
        if self.removed:
            line += f"; removed old {', '.join(self.removed)}"
        return line


@dataclass
class Batch:
    """Consecutive input files to process together: one task for an engine,
    with their cache keys (None: not cached)."""

    files: list[InputFile] = field(default_factory=list)
    keys: list[str | None] = field(default_factory=list)
    size: int = 0  # bytes
    handle: Handle | None = None


@dataclass
class Cached:
    processed: Processed
    size: int


class RecordStream:
    """The map of DESIGN §7 as a bounded stream: what became of each input
    file, in input order, from the cache or from the engine.

    Consecutive files to process are grouped into batches of about
    ``BATCH_BYTES``; a bounded number of bytes is in flight, so memory does
    not grow with the corpus. Engines start work lazily: a fully cached
    build never loads the pipeline or starts workers."""

    def __init__(self, engine: Engine, cache: Cache | None, sink: Sink | None = None):
        self.engine = engine
        self.cache = cache
        self.sink = sink  # where workers write the records (the records then stay out of the stream)
        self.cached = 0  # articles whose records came from the cache

    def __call__(self, files: Iterable[tuple[InputFile, str | None]]) -> Iterator[Processed]:
        """``files`` with their cache keys (None: look nothing up)."""
        pending: deque[Cached | Batch] = deque()
        open_batch, size = Batch(), 0
        for f, key in files:
            done = self.cache.get(key) if self.cache and key else None
            nbytes = file_size(f)
            if done is None:
                if not open_batch.files:
                    pending.append(open_batch)
                # absolute: a Dask worker may run elsewhere (with the corpus on shared storage)
                open_batch.files.append(InputFile(f.path.absolute(), f.rel))
                open_batch.keys.append(key)
                open_batch.size += nbytes
            else:
                self.cached += len(done.records)
                pending.append(Cached(done, nbytes))
            # a batch holds consecutive files only: a cached one closes it
            if open_batch.files and (done is not None or open_batch.size >= BATCH_BYTES):
                self._submit(open_batch)
                open_batch = Batch()
            size += nbytes
            while size > self._limit():
                size -= yield from self._emit(pending.popleft())
        if open_batch.files:
            self._submit(open_batch)
        while pending:
            yield from self._emit(pending.popleft())

    def _submit(self, batch: Batch) -> None:
        batch.handle = self.engine.submit(batch.files, self.sink, keep=self.cache is not None)

    def _limit(self) -> int:
        return POOL_MIN_BYTES + 2 * self.engine.workers * BATCH_BYTES

    def _emit(self, item: Cached | Batch) -> Generator[Processed, None, int]:
        """Yield what ``item`` holds; return how many input bytes it stood for."""
        if isinstance(item, Cached):
            yield item.processed
            return item.size
        fresh = item.handle.result()
        if self.cache:
            self.cache.put([(key, p) for key, p in zip(item.keys, fresh) if key])
        yield from fresh
        return item.size


def write_csv(path: Path, columns: list[str], rows: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, columns)
        w.writeheader()
        w.writerows(rows)


def read_corpus(paths: list[str | Path],
                progress: Callable[[Iterable], Iterable] = lambda it: it) -> Iterator[list[Article] | Skipped]:
    """What ``kg ingest`` reads: for each input file in order, its articles or
    why it was skipped, exactly as the workers of ``kg build`` read it
    (kg.engines.read_articles).

    Raises CorpusError for a missing path."""
    return map(read_articles, progress(list_files(paths)))


def build_corpus(
    paths: list[str | Path],
    out: str | Path,
    *,
    formats: Iterable[str] = DEFAULT_FORMATS,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    cache: bool = True,
    config: dict | None = None,
    strict: bool = False,
) -> BuildReport:
    """Build the graph of ``paths`` into ``out``; see :func:`kg.build`.

    ``jobs`` worker processes (default: all cores) or the ``"dask"`` engine
    (a local cluster, or the one whose scheduler is at ``scheduler``) run the
    extraction; ``cache`` reuses the records of unchanged articles from
    ``out/.kg-cache.sqlite``, and a build whose inputs, pipeline, formats and
    outputs are all as the last one left them writes nothing (``unchanged``);
    ``config`` is the pipeline's component config; ``strict`` raises
    BuildError, before any output is written, when an input file was skipped.

    The new outputs replace the old ones only once all are complete: when the
    build fails (BuildError saying so) or is interrupted, ``out`` keeps the
    previous build whole."""
    out, formats = Path(out), list(formats)
    _check_request(out, formats)
    files = list_files(paths)  # the one listing of the corpus
    if not files:
        raise CorpusError(f"no input file found in {', '.join(map(str, paths))}")
    runner = make_engine(engine, jobs, config, scheduler)  # bad options fail before any write
    try:
        recovered = _clear_staging(out)
        store = Cache(out / CACHE_FILE, fingerprint(config)) if cache else None
        try:
            keys = file_keys(files) if store else [None] * len(files)
            inputs = input_digest(keys)
            report = unchanged_build(store, out, inputs, formats) if store else None
            if report is not None and strict:
                _check_strict(report.skipped)
            if report is None:
                report = _staged_build(zip(files, keys), out, formats, progress, runner, store, strict)
                if store:
                    store.record_build({"inputs": inputs, "formats": formats,
                                        "outputs": output_stamps(out, report.written),
                                        "report": {**report.to_dict(), "removed": [], "recovered": False}})
            report.recovered = recovered
            return report
        finally:
            if store:
                store.close()
    finally:
        runner.close()


def _check_request(out: Path, formats: list[str]) -> None:
    """Refuse, before anything runs, what the build could not write."""
    from kg.export import FORMATS

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise BuildError(f"unknown format {unknown[0]!r} in --formats (choose from {', '.join(FORMATS)})")
    existing = next(p for p in (out, *out.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise OutputError(f"{existing} is a file; the build writes a directory of files: choose another -o")
    owned = read_manifest(out)
    for name in [*TABLE_FILES, *(f"graph.{f}" for f in formats)]:
        path = out / name
        if path.is_dir() and output_stamps(out, [name])[name] != owned.get(name):
            raise OutputError(f"{path} is a directory kg did not write (or changed since); "
                              "move it or choose another -o")


def _check_strict(skipped: list[Skipped]) -> None:
    """Under ``--strict``, after the map and before the reduce writes any output."""
    if skipped:
        first = skipped[0]
        raise BuildError(f"--strict: {len(skipped)} file(s) would be skipped ({first.file}: {first.reason}"
                         f"{' …' if len(skipped) > 1 else ''}); no output was written")


def _clear_staging(out: Path) -> bool:
    """Remove the staging area an interrupted build left; True if there was one."""
    stage = out / STAGING
    if not stage.is_dir():
        return False
    shutil.rmtree(stage)
    return True


def _staged_build(files: Iterable[tuple[InputFile, str | None]], out: Path, formats: list[str],
                  progress: Callable[[Iterable], Iterable], runner: Engine, store: Cache | None,
                  strict: bool) -> BuildReport:
    """Build into ``out/.kg-staging``, then move the outputs into ``out``."""
    stage = out / STAGING
    stage.mkdir(parents=True)
    try:
        report = _build(files, stage, formats, progress, runner, store, strict)
        report.out = out
        report.removed = _commit(stage, out, report.written)
    except (EngineError, CacheError, StoreError, DataFileError, OSError) as exc:
        raise BuildError(f"{exc}; the previous output in {out} is unchanged") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return report


def _commit(stage: Path, out: Path, written: list[str]) -> list[str]:
    """Move the staged outputs into ``out``; remove the outputs the last build
    wrote and this one did not, unless changed since (then they are someone
    else's). Returns the names removed."""
    old = read_manifest(out)
    for name in written:
        target = out / name
        if target.is_dir() and not target.is_symlink():  # a directory export of the last build
            os.replace(target, stage / f".old-{name}")
        os.replace(stage / name, target)
    stamps = output_stamps(out, written)
    removed = []
    for name, stamp in sorted(old.items()):
        if name not in stamps and stamp and output_stamps(out, [name])[name] == stamp:
            path = out / name
            shutil.rmtree(path) if path.is_dir() else path.unlink()
            removed.append(name)
    tmp = stage / MANIFEST
    tmp.write_text(json.dumps({"files": stamps}, indent=1), encoding="utf-8")
    os.replace(tmp, out / MANIFEST)
    return removed


def read_manifest(out: Path) -> dict[str, list[int]]:
    """{output name: [size, mtime]} of what the last build wrote into ``out``."""
    try:
        return dict(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def file_keys(files: list[InputFile]) -> list[str | None]:
    """The cache key of each input file (None for one that cannot be read:
    the map says why): one read of each file in the client, no decoding."""
    keys = []
    for f in files:
        try:
            keys.append(file_key(f.rel, f.path.read_bytes()))
        except OSError:
            keys.append(None)
    return keys


def input_digest(keys: list[str | None]) -> str:
    """A hash of the input files' keys (names and bytes): what a build reads."""
    return hashlib.sha256(json.dumps(keys).encode()).hexdigest()


def output_stamps(out: Path, names: list[str]) -> dict[str, list[int]]:
    """(size, modification time) of each output file; [] for a missing one."""
    stamps = {}
    for name in names:
        try:
            st = (out / name).stat()
            stamps[name] = [st.st_size, st.st_mtime_ns]
        except OSError:
            stamps[name] = []
    return stamps


def unchanged_build(store: Cache, out: Path, inputs: str, formats: list[str]) -> BuildReport | None:
    """The report of the last build when nothing it depends on has changed
    since (inputs, pipeline, formats, its output files): like make, nothing
    to do. None when a build is needed."""
    last = store.last_build()
    if (last is None or last["inputs"] != inputs or last["formats"] != formats
            or output_stamps(out, list(last["outputs"])) != last["outputs"]):
        return None
    fields = {**last["report"], "out": out, "skipped": [Skipped(**s) for s in last["report"]["skipped"]]}
    return BuildReport(**{**fields, "cached": fields["articles"], "unchanged": True})


def _build(files: Iterable[tuple[InputFile, str | None]], out: Path, formats: list[str],
           progress: Callable[[Iterable], Iterable], runner: Engine, store: Cache | None,
           strict: bool) -> BuildReport:
    from kg.export import export, outputs

    report = BuildReport(out)
    parts = out / RECORDS
    order = Order(parts)
    stories = Deduplicator()
    # workers write their records into the store themselves (with Dask: OUT on storage they share)
    stream = RecordStream(runner, store, partial(write_part, directory=str(parts.absolute())))
    batch: list[RenderedRecords] = []  # records from the cache, which this process writes
    chars = 0
    try:
        for done in progress(stream(files)):
            if done.skipped:
                report.skipped.append(Skipped(done.file, done.skipped))
                continue
            report.files += 1
            for article, key in zip(done.articles, done.stories):
                order.add(article.id, stories.add(article, key))
                report.articles += 1
            batch.extend(done.records)
            chars += sum(len(r.article.text) for r in done.records)
            if chars >= PART_CHARS:
                write_part(batch, parts)
                batch, chars = [], 0
        if batch:
            write_part(batch, parts)
        if store:
            store.prune()
    finally:
        order.close()
        runner.close()  # workers go before the exports run
    if strict:
        _check_strict(report.skipped)
    report.cached = stream.cached
    with Reduce(parts) as reduce:
        report.nodes, report.edges = write_tables(reduce, out)
    write_csv(out / "skipped.csv", ["file", "reason"], map(vars, report.skipped))
    duplicates = stories.rows()
    write_csv(out / "duplicates.csv", DUPLICATE_COLUMNS, duplicates)
    report.duplicates = len(duplicates) - len(stories.groups())
    report.written = list(TABLE_FILES)
    if formats:
        built = KnowledgeGraph.load(out)
        for fmt in formats:
            export(built, fmt, out / f"graph.{fmt}")
            report.written += [path.name for path in outputs(fmt, out / f"graph.{fmt}")]
    return report


def write_tables(reduce: Reduce, out: Path) -> tuple[int, int]:
    """The tables of DESIGN §4 from the record store, streamed: articles.jsonl,
    nodes.csv, edges.csv, mentions.csv, evidence.csv, and the same tables as
    Parquet (what queries read); returns the number of nodes and edges."""
    with (out / "articles.jsonl").open("w", encoding="utf-8") as fh:
        fh.writelines(line + "\n" for (line,) in reduce.rows("articles"))
    jsonl_to_parquet(out / "articles.jsonl", out / "articles.parquet")
    node_columns = reduce.assemble(NODE_COLUMNS)
    for name, columns, ending in (("nodes", node_columns, "\n"), ("edges", EDGE_COLUMNS, "\n"),
                                  ("mentions", MENTION_COLUMNS, "\r\n"), ("evidence", EVIDENCE_COLUMNS, "\r\n")):
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator=ending)  # as pandas and the csv module wrote them
            writer.writerow(columns)
            writer.writerows(reduce.rows(name))
    reduce.write_parquet(out)
    return reduce.size("nodes"), reduce.size("edges")
