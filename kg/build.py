"""``kg build``: ingest → segment → extract (a map over files) → assemble (a
reduce) → write the output contract of DESIGN §4.

Articles, mentions and evidence are streamed to disk as they come; only the
graph (nodes and aggregated edges) is held in memory.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.graph import EVIDENCE_COLUMNS, MENTION_COLUMNS, GraphAssembler
from kg.ingest import iter_documents
from kg.models import ArticleRecords, Document, Skipped

DEFAULT_FORMATS = ("graphml", "html")


@dataclass
class BuildReport:
    out: Path
    files: int = 0
    articles: int = 0
    nodes: int = 0
    edges: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    def summary(self) -> str:
        line = f"processed {self.files} files, {self.articles} articles"
        if self.skipped:
            line += f"; skipped {len(self.skipped)} (see {self.out / 'skipped.csv'})"
        return line


class Extractor:
    """Segment and extract one document; the spaCy pipeline is loaded once."""

    def __init__(self, config: dict | None = None):
        from kg.extract import load_pipeline

        self.nlp = load_pipeline(config)

    def __call__(self, doc: Document) -> list[ArticleRecords]:
        from kg.extract import extract
        from kg.segment import segment

        return [extract(self.nlp, art) for art in segment(doc)]


class OutputWriter:
    """Streams articles.jsonl, mentions.csv and evidence.csv into ``out``."""

    def __init__(self, out: Path):
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self._articles = (out / "articles.jsonl").open("w", encoding="utf-8")
        self._mentions_fh = (out / "mentions.csv").open("w", encoding="utf-8", newline="")
        self._evidence_fh = (out / "evidence.csv").open("w", encoding="utf-8", newline="")
        self._mentions = csv.writer(self._mentions_fh)
        self._evidence = csv.writer(self._evidence_fh)
        self._mentions.writerow(MENTION_COLUMNS)
        self._evidence.writerow(EVIDENCE_COLUMNS)

    def write(self, records: ArticleRecords) -> None:
        a = records.article
        row = {"id": a.id, "file": a.file, "title": a.title, "subtitles": a.subtitles,
               "byline": a.byline, "date": a.date, "text": a.text}
        self._articles.write(json.dumps(row, ensure_ascii=False) + "\n")
        for m in records.mentions:
            self._mentions.writerow([m.node_id, m.doc_id, m.file, m.start, m.end, m.text])
        for e in records.evidence:
            self._evidence.writerow([e.relation, e.source, e.target, e.doc_id, e.file,
                                     e.sentence, e.rule, e.date])

    def close(self) -> None:
        for fh in (self._articles, self._mentions_fh, self._evidence_fh):
            fh.close()


def write_skipped(out: Path, skipped: Iterable[Skipped]) -> None:
    with (out / "skipped.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "reason"])
        for s in skipped:
            w.writerow([s.file, s.reason])


def map_documents(documents: Iterable[Document], extractor: Callable) -> Iterator[ArticleRecords]:
    for doc in documents:
        yield from extractor(doc)


def build_corpus(
    paths: list[str | Path],
    out: str | Path,
    *,
    formats: Iterable[str] = DEFAULT_FORMATS,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
) -> BuildReport:
    """Build the graph of ``paths`` into ``out``; see :func:`kg.build`."""
    from kg.api import KnowledgeGraph
    from kg.export import export

    out = Path(out)
    report = BuildReport(out)
    documents: list[Document] = []
    for item in iter_documents(paths):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            documents.append(item)
    writer = OutputWriter(out)
    assembler = GraphAssembler()
    extractor = Extractor()
    try:
        for records in map_documents(progress(documents), extractor):
            writer.write(records)
            assembler.add(records)
            report.articles += 1
    finally:
        writer.close()
    report.files = len(documents)
    nodes, edges = assembler.node_table(), assembler.edge_table()
    nodes.to_csv(out / "nodes.csv", index=False)
    edges.to_csv(out / "edges.csv", index=False)
    write_skipped(out, report.skipped)
    report.nodes, report.edges = len(nodes), len(edges)
    report.written = ["articles.jsonl", "nodes.csv", "edges.csv", "mentions.csv",
                      "evidence.csv", "skipped.csv"]
    kg = KnowledgeGraph.load(out)
    for fmt in formats:
        name = export(kg, fmt, out / f"graph.{fmt}")
        report.written.append(Path(name).name)
    return report
