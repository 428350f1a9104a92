"""`kg build --jobs N`: extraction in worker processes, streamed, with output
identical to a single process (DESIGN §7)."""
from __future__ import annotations

import itertools
import os

import pytest
from click.testing import CliRunner

from build_support import read_outputs, fresh_build

import kg.engines
import kg.extract
from kg.pipeline import RecordStream, build_corpus
from kg.cli import main
from kg.models import Article, ArticleRecords

@pytest.fixture(scope="module")
def serial(data_dir, tmp_path_factory) -> dict[str, bytes]:
    return fresh_build(data_dir, tmp_path_factory.mktemp("serial"))


def test_worker_processes_give_identical_output(data_dir, tmp_path, serial, monkeypatch):
    monkeypatch.setattr(kg.engines, "POOL_MIN_CHARS", 0)  # the sample is small: force the pool
    pids = tmp_path / "pids"
    extract = kg.extract.extract

    def extract_noting_pid(nlp, article):  # forked workers inherit this patch
        with pids.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        return extract(nlp, article)

    monkeypatch.setattr(kg.extract, "extract", extract_noting_pid)
    build_corpus([data_dir], tmp_path / "out", jobs=2, cache=False, formats=())
    workers = set(pids.read_text().split())
    assert str(os.getpid()) not in workers, "extraction ran in this process, not in workers"
    assert read_outputs(tmp_path / "out") == serial


def test_small_corpus_runs_in_process(data_dir, tmp_path, serial, monkeypatch):
    monkeypatch.setattr(kg.engines, "_pipelines", {})
    build_corpus([data_dir], tmp_path, jobs=2, cache=False, formats=())
    assert len(kg.engines._pipelines) == 1, "a pool was started for a tiny corpus"
    assert read_outputs(tmp_path) == serial


class CountingEngine:
    """Extracts nothing; records which articles were submitted."""

    workers = 1

    def __init__(self):
        self.submitted = 0

    def submit(self, articles):
        self.submitted += len(articles)
        return FinishedBatch([ArticleRecords(a) for a in articles])

    def close(self):
        pass


class FinishedBatch(list):
    def result(self):
        return list(self)


def test_records_stream_with_bounded_work_in_flight():
    read = []

    def articles():
        for n in itertools.count():  # an endless corpus
            read.append(n)
            yield Article(f"f{n}#1", f"f{n}", "t", "工会" * 5_000)

    engine = CountingEngine()
    stream = RecordStream(engine, cache=None)(articles())
    first = [next(stream).article.id for _ in range(3)]
    assert first == ["f0#1", "f1#1", "f2#1"]
    assert len(read) < 100 and engine.submitted <= len(read)


def test_cli_jobs_option(data_dir, tmp_path, serial):
    result = CliRunner().invoke(main, ["build", str(data_dir), "-o", str(tmp_path), "-q",
                                       "-j", "2", "--no-cache", "--formats", ""])
    assert result.exit_code == 0, result.output
    assert read_outputs(tmp_path) == serial


def test_cli_rejects_zero_jobs(data_dir, tmp_path):
    result = CliRunner().invoke(main, ["build", str(data_dir), "-o", str(tmp_path), "-j", "0"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "--jobs" in result.output
