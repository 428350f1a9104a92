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
import kg.pipeline
from kg.pipeline import RecordStream, build_corpus
from kg.cli import main
from kg.ingest import InputFile
from kg.models import Processed

@pytest.fixture(scope="module")
def serial(data_dir, tmp_path_factory) -> dict[str, bytes]:
    return fresh_build(data_dir, tmp_path_factory.mktemp("serial"))


def test_worker_processes_give_identical_output(data_dir, tmp_path, serial, monkeypatch):
    monkeypatch.setattr(kg.engines, "POOL_MIN_BYTES", 0)  # the sample is small: force the pool
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


def write_noting_pid(records, directory):
    """kg.store.write_part noting its process (a module function: the sink is pickled)."""
    from kg.store import write_part

    with open(os.environ["KG_TEST_WRITERS"], "a") as fh:
        fh.write(f"{os.getpid()}\n")
    return write_part(records, directory)


def test_workers_write_their_records_into_the_store(data_dir, tmp_path, serial, monkeypatch):
    monkeypatch.setattr(kg.engines, "POOL_MIN_BYTES", 0)
    writers = tmp_path / "writers"
    monkeypatch.setenv("KG_TEST_WRITERS", str(writers))
    monkeypatch.setattr(kg.pipeline, "write_part", write_noting_pid)
    build_corpus([data_dir], tmp_path / "out", jobs=2, cache=False, formats=())
    pids = writers.read_text().split()
    assert pids and str(os.getpid()) not in pids, "the client wrote records, not the workers"
    assert read_outputs(tmp_path / "out") == serial


def test_small_corpus_runs_in_process(data_dir, tmp_path, serial, monkeypatch):
    monkeypatch.setattr(kg.engines, "_pipelines", {})
    build_corpus([data_dir], tmp_path, jobs=2, cache=False, formats=())
    assert len(kg.engines._pipelines) == 1, "a pool was started for a tiny corpus"
    assert read_outputs(tmp_path) == serial


class CountingEngine:
    """Processes nothing; records which files were submitted."""

    workers = 1

    def __init__(self):
        self.submitted = 0

    def submit(self, files, sink=None, keep=False):
        self.submitted += len(files)
        return FinishedBatch([Processed(f.rel) for f in files])

    def close(self):
        pass


class FinishedBatch(list):
    def result(self):
        return list(self)


def test_records_stream_with_bounded_work_in_flight(tmp_path):
    read = []

    def files():
        for n in itertools.count():  # an endless corpus
            read.append(n)
            path = tmp_path / f"f{n}.txt"
            path.write_text("工会" * 5_000, encoding="utf-8")
            yield InputFile(path, path.name), None

    engine = CountingEngine()
    stream = RecordStream(engine, cache=None)(files())
    first = [next(stream).file for _ in range(3)]
    assert first == ["f0.txt", "f1.txt", "f2.txt"]
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
