"""``kg build``: ingest → segment → extract (a map over files) → assemble (a
reduce) → write the output contract of DESIGN §4.

Files are read, extracted and written as a stream: articles, mentions and
evidence go to disk as they come, only the graph (nodes and aggregated edges)
is held in memory. Extraction runs on an engine (kg.engines) and is skipped
for articles whose records are in the cache (kg.cache).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.cache import CACHE_FILE, Cache, fingerprint
from kg.engines import POOL_MIN_CHARS, Engine, Handle, make_engine
from kg.graph import EVIDENCE_COLUMNS, MENTION_COLUMNS, GraphAssembler, observations
from kg.ingest import iter_documents, list_files
from kg.models import Article, ArticleRecords, RenderedRecords, Skipped
from kg.segment import segment

DEFAULT_FORMATS = ("graphml", "html")
BATCH_CHARS = 32_000  # characters per extraction task


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
    unchanged: bool = False  # inputs, pipeline and outputs as the last build left them

    def to_dict(self) -> dict:
        """The report as plain JSON-ready data (``kg build --json``)."""
        return {**vars(self), "out": str(self.out), "skipped": [vars(s) for s in self.skipped]}

    def summary(self) -> str:
        if self.unchanged:
            return (f"up to date: {self.files} files, {self.articles} articles unchanged "
                    f"since the last build into {self.out}")
        line = f"processed {self.files} files, {self.articles} articles"
        if self.cached:
            line += f" ({self.cached} from cache)"
        if self.skipped:
            line += f"; skipped {len(self.skipped)} (see {self.out / 'skipped.csv'})"
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


class OutputWriter:
    """Streams articles.jsonl, mentions.csv and evidence.csv into ``out``."""

    def __init__(self, out: Path):
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self._articles = (out / "articles.jsonl").open("w", encoding="utf-8")
        self._mentions = (out / "mentions.csv").open("w", encoding="utf-8", newline="")
        self._evidence = (out / "evidence.csv").open("w", encoding="utf-8", newline="")
        csv.writer(self._mentions).writerow(MENTION_COLUMNS)
        csv.writer(self._evidence).writerow(EVIDENCE_COLUMNS)

    def write(self, records: RenderedRecords) -> None:
        a = records.article
        row = {"id": a.id, "file": a.file, "title": a.title, "subtitles": a.subtitles,
               "byline": a.byline, "date": a.date, "text": a.text,
               "source_page": a.source_page, "source_box": a.source_box}
        self._articles.write(json.dumps(row, ensure_ascii=False) + "\n")
        self._mentions.write(records.mentions)
        self._evidence.write(records.evidence)

    def close(self) -> None:
        for fh in (self._articles, self._mentions, self._evidence):
            fh.close()


def write_skipped(out: Path, skipped: Iterable[Skipped]) -> None:
    with (out / "skipped.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "reason"])
        for s in skipped:
            w.writerow([s.file, s.reason])


def iter_articles(paths: list[str | Path], report: BuildReport, cache: Cache | None,
                  progress: Callable[[Iterable], Iterable]) -> Iterator[Article]:
    """Ingest and segment lazily (unchanged documents' articles come from the
    cache), counting files and skips into ``report``."""
    for item in progress(iter_documents(paths)):
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        report.files += 1
        articles = cache.articles(item) if cache else None
        if articles is None:
            articles = segment(item)
            if cache:
                cache.put_articles(item, articles)
        yield from articles


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
) -> BuildReport:
    """Build the graph of ``paths`` into ``out``; see :func:`kg.build`.

    ``jobs`` worker processes (default: all cores) or the ``"dask"`` engine
    (a local cluster, or the one whose scheduler is at ``scheduler``) run the
    extraction; ``cache`` reuses the records of unchanged articles from
    ``out/.kg-cache.sqlite``, and a build whose inputs, pipeline, formats and
    outputs are all as the last one left them writes nothing (``unchanged``);
    ``config`` is the pipeline's component config."""
    runner = make_engine(engine, jobs, config, scheduler)  # bad options fail before any write
    out, formats = Path(out), list(formats)
    store = Cache(out / CACHE_FILE, fingerprint(config)) if cache else None
    try:
        inputs = input_digest(paths) if store else ""
        report = unchanged_build(store, out, inputs, formats) if store else None
        if report is None:
            report = _build(paths, out, formats, progress, runner, store)
            if store:
                store.record_build({"inputs": inputs, "formats": formats,
                                    "outputs": output_stamps(out, report.written),
                                    "report": report.to_dict()})
        return report
    finally:
        runner.close()
        if store:
            store.close()


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
    from kg.api import KnowledgeGraph
    from kg.export import export

    report = BuildReport(out)
    writer = OutputWriter(out)
    assembler = GraphAssembler()
    stream = RecordStream(runner, store)
    try:
        for records in stream(iter_articles(paths, report, store, progress)):
            writer.write(records)
            assembler.add(**records.graph)
            report.articles += 1
        if store:
            store.prune()
    finally:
        writer.close()
        runner.close()  # workers go before the exports run
    report.cached = stream.cached
    nodes, edges = assembler.node_table(), assembler.edge_table()
    nodes.to_csv(out / "nodes.csv", index=False)
    edges.to_csv(out / "edges.csv", index=False)
    write_skipped(out, report.skipped)
    report.nodes, report.edges = len(nodes), len(edges)
    report.written = ["articles.jsonl", "nodes.csv", "edges.csv", "mentions.csv",
                      "evidence.csv", "skipped.csv"]
    if formats:
        kg = KnowledgeGraph.load(out)
        for fmt in formats:
            name = export(kg, fmt, out / f"graph.{fmt}")
            report.written.append(Path(name).name)
    return report
