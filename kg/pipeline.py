"""``kg build``: ingest → segment → extract (a map over files) → assemble (a
reduce) → write the output contract of DESIGN §4.

Files are read, extracted and written as a stream: each article's records go
to the record store (kg.store: Parquet parts in the staging directory) as they
come, and the tables are the store's reduce, a DuckDB query that spills to
disk, so memory follows neither the corpus nor the graph. Extraction runs on
an engine (kg.engines) and is skipped for articles whose records are in the
cache (kg.cache). Reposts of one story count once in edge weights (kg.dedup
finds the stories, the reduce folds them).

A build writes into a staging directory inside OUT and moves its files into
OUT only when all are complete, so a failed or interrupted build leaves the
previous output whole; a manifest in OUT records what the build wrote, so
that the next build removes its own outputs that it no longer writes and
never a file it did not write.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.cache import CACHE_FILE, Cache, CacheError, fingerprint
from kg.dedup import DUPLICATE_COLUMNS, Deduplicator
from kg.engines import POOL_MIN_CHARS, Engine, EngineError, Handle, make_engine
from kg.errors import BuildError, DataFileError, OutputError
from kg.graph import EVIDENCE_COLUMNS, MENTION_COLUMNS, NODE_COLUMNS, frame, observations, with_hierarchy
from kg.ingest import CorpusError, iter_documents, list_files
from kg.knowledge import TABLE_FILES, KnowledgeGraph
from kg.models import Article, ArticleRecords, RenderedRecords, Skipped
from kg.normalise import HAN_CHAR
from kg.segment import segment
from kg.store import Order, Reduce, StoreError, write_part

DEFAULT_FORMATS = ("graphml", "html")
BATCH_CHARS = 32_000  # characters per extraction task
PART_CHARS = 1_000_000  # characters of articles whose records the client writes as one part
RECORDS = "records"  # the record store's parts, in the staging directory
MANIFEST = ".kg-manifest.json"  # what the last build wrote into OUT
STAGING = ".kg-staging"  # where a build writes until it is complete
NO_ARTICLE = "no article text (only navigation, headings or page furniture)"


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
    """Consecutive articles to extract together: one task for an engine."""

    articles: list[Article] = field(default_factory=list)
    handle: Handle | None = None

    @property
    def chars(self) -> int:
        return sum(len(a.text) for a in self.articles)


class RecordStream:
    """The map of DESIGN §7 as a bounded stream: each article's rendered
    records, in input order, from the cache or from the engine.

    Consecutive articles to extract are grouped into batches of about
    ``BATCH_CHARS``; a bounded number of characters is in flight, so memory
    does not grow with the corpus. Engines start work lazily: a fully cached
    build never loads the pipeline or starts workers."""

    def __init__(self, engine: Engine, cache: Cache | None):
        self.engine = engine
        self.cache = cache
        self.cached = 0

    def __call__(self, articles: Iterable[Article]) -> Iterator[RenderedRecords]:
        pending: deque[RenderedRecords | Batch] = deque()
        open_batch, chars = Batch(), 0
        for article in articles:
            records = self.cache.get(article) if self.cache else None
            if records is None:
                if not open_batch.articles:
                    pending.append(open_batch)
                open_batch.articles.append(article)
            else:
                self.cached += 1
                pending.append(records)
            # a batch holds consecutive articles only: a cached one closes it
            if open_batch.articles and (records is not None or open_batch.chars >= BATCH_CHARS):
                self._submit(open_batch)
                open_batch = Batch()
            chars += len(article.text)
            while chars > self._limit():
                chars -= yield from self._emit(pending.popleft())
        if open_batch.articles:
            self._submit(open_batch)
        while pending:
            yield from self._emit(pending.popleft())

    def _limit(self) -> int:
        return POOL_MIN_CHARS + 2 * self.engine.workers * BATCH_CHARS

    def _submit(self, batch: Batch) -> None:
        batch.handle = self.engine.submit(batch.articles)

    def _emit(self, item: RenderedRecords | Batch) -> Generator[RenderedRecords, None, int]:
        """Yield the records of ``item``; return how many characters it held."""
        if isinstance(item, RenderedRecords):
            yield item
            return len(item.article.text)
        fresh = [render(records) for records in item.handle.result()]
        if self.cache:
            self.cache.put(fresh)
        yield from fresh
        return item.chars


def render(records: ArticleRecords) -> RenderedRecords:
    """``records`` as the build writes and assembles them (and caches them)."""
    mentions, evidence = io.StringIO(), io.StringIO()
    csv.writer(mentions).writerows([m.node_id, m.doc_id, m.file, m.start, m.end, m.text]
                                   for m in records.mentions)
    csv.writer(evidence).writerows([e.relation, e.source, e.target, e.doc_id, e.file,
                                    e.sentence, e.rule, e.date, e.score] for e in records.evidence)
    return RenderedRecords(records.article, mentions.getvalue(), evidence.getvalue(),
                           observations(records))


def write_csv(path: Path, columns: list[str], rows: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, columns)
        w.writeheader()
        w.writerows(rows)


def read_corpus(paths: list[str | Path], cache: Cache | None = None,
                progress: Callable[[Iterable], Iterable] = lambda it: it) -> Iterator[list[Article] | Skipped]:
    """The one read path of ``kg ingest`` and ``kg build``: for each input
    file in order, its articles or why it was skipped (a file none of whose
    articles has a body with Chinese text holds no article).
    Unchanged documents' articles come from ``cache``.

    Raises CorpusError at once for a missing path."""
    documents = iter_documents(paths)
    for item in progress(documents):
        if isinstance(item, Skipped):
            yield item
            continue
        articles = cache.articles(item) if cache else None
        if articles is None:
            articles = segment(item)
            if cache:
                cache.put_articles(item, articles)
        yield articles if any(HAN_CHAR.search(a.body) for a in articles) else Skipped(item.file, NO_ARTICLE)


def iter_articles(paths: list[str | Path], report: BuildReport, cache: Cache | None,
                  progress: Callable[[Iterable], Iterable]) -> Iterator[Article]:
    """The articles of :func:`read_corpus`, counting files and skips into ``report``."""
    for item in read_corpus(paths, cache, progress):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            report.files += 1
            yield from item


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
    BuildError, before anything is written, when an input file would be skipped.

    The new outputs replace the old ones only once all are complete: when the
    build fails (BuildError saying so) or is interrupted, ``out`` keeps the
    previous build whole."""
    out, formats = Path(out), list(formats)
    _check_request(out, formats)
    if not list_files(paths):
        raise CorpusError(f"no input file found in {', '.join(map(str, paths))}")
    runner = make_engine(engine, jobs, config, scheduler)  # bad options fail before any write
    try:
        if strict:
            _check_strict(paths)
        recovered = _clear_staging(out)
        store = Cache(out / CACHE_FILE, fingerprint(config)) if cache else None
        try:
            inputs = input_digest(paths) if store else ""
            report = unchanged_build(store, out, inputs, formats) if store else None
            if report is None:
                report = _staged_build(paths, out, formats, progress, runner, store)
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


def _check_strict(paths: list[str | Path]) -> None:
    skipped = [item for item in read_corpus(paths) if isinstance(item, Skipped)]
    if skipped:
        first = skipped[0]
        raise BuildError(f"--strict: {len(skipped)} file(s) would be skipped ({first.file}: {first.reason}"
                         f"{' …' if len(skipped) > 1 else ''}); nothing was written")


def _clear_staging(out: Path) -> bool:
    """Remove the staging area an interrupted build left; True if there was one."""
    stage = out / STAGING
    if not stage.is_dir():
        return False
    shutil.rmtree(stage)
    return True


def _staged_build(paths: list[str | Path], out: Path, formats: list[str],
                  progress: Callable[[Iterable], Iterable], runner: Engine, store: Cache | None) -> BuildReport:
    """Build into ``out/.kg-staging``, then move the outputs into ``out``."""
    stage = out / STAGING
    stage.mkdir(parents=True)
    try:
        report = _build(paths, stage, formats, progress, runner, store)
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


def input_digest(paths: list[str | Path]) -> str:
    """A hash of the names and bytes of the input files: what a build reads."""
    h = hashlib.sha256()
    for f in list_files(paths):
        h.update(f.rel.encode() + b"\0")
        try:
            h.update(hashlib.sha256(f.path.read_bytes()).digest())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


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


def _build(paths: list[str | Path], out: Path, formats: list[str], progress: Callable[[Iterable], Iterable],
           runner: Engine, store: Cache | None) -> BuildReport:
    from kg.export import export

    report = BuildReport(out)
    parts = out / RECORDS
    order = Order(parts)
    stories = Deduplicator()
    stream = RecordStream(runner, store)
    batch: list[RenderedRecords] = []
    chars = 0
    try:
        for records in stream(iter_articles(paths, report, store, progress)):
            order.add(records.article.id, stories.add(records.article))
            batch.append(records)
            chars += len(records.article.text)
            if chars >= PART_CHARS:
                write_part(batch, parts)
                batch, chars = [], 0
            report.articles += 1
        if batch:
            write_part(batch, parts)
        if store:
            store.prune()
    finally:
        order.close()
        runner.close()  # workers go before the exports run
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
            name = export(built, fmt, out / f"graph.{fmt}")
            report.written.append(Path(name).name)
    return report


def write_tables(reduce: Reduce, out: Path) -> tuple[int, int]:
    """The tables of DESIGN §4 from the record store: articles.jsonl,
    nodes.csv, edges.csv, mentions.csv, evidence.csv, and the same tables as
    Parquet (what queries read); returns the number of nodes and edges."""
    with (out / "articles.jsonl").open("w", encoding="utf-8") as fh:
        fh.writelines(line + "\n" for (line,) in reduce.rows("articles"))
    for name, columns in (("mentions", MENTION_COLUMNS), ("evidence", EVIDENCE_COLUMNS)):
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            writer.writerows(reduce.rows(name))
    nodes, edges = with_hierarchy(frame(reduce.nodes(), NODE_COLUMNS), reduce.edges())
    nodes.to_csv(out / "nodes.csv", index=False)
    edges.to_csv(out / "edges.csv", index=False)
    reduce.write_parquet(out, nodes, edges)
    return len(nodes), len(edges)
