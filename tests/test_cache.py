"""Incremental builds: what the map made of each input file cached in
OUT/.kg-cache.sqlite (DESIGN §7)."""
from __future__ import annotations

import importlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_support import OUTPUTS, read_outputs, fresh_build

import kg.cache
import kg.engines
from kg.pipeline import build_corpus
from kg.cache import CACHE_FILE, Cache, file_key, fingerprint
from kg.cli import main
from kg.engines import render
from kg.models import Article, ArticleRecords, Mention, Node, Processed, StoryKey


def cache_entries(out) -> int:
    """Rows of a sound cache: one per input file."""
    with sqlite3.connect(out / CACHE_FILE) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return db.execute("SELECT count(*) FROM entries").fetchone()[0]


def articles_of(out, file: str) -> int:
    rows = [json.loads(line) for line in (out / "articles.jsonl").open(encoding="utf-8")]
    return sum(row["file"] == file for row in rows)


@pytest.fixture(autouse=True)
def stable_fingerprint(monkeypatch):
    """Pin the pipeline fingerprint: it hashes the kg package, which may be
    edited while the tests run; test_fingerprint_* checks the real one."""
    monkeypatch.setattr(importlib.import_module("kg.pipeline"), "fingerprint", lambda config=None: "t")


@pytest.fixture
def corpus(data_dir, tmp_path):
    """A writable copy of the sample pages."""
    return shutil.copytree(data_dir, tmp_path / "corpus")


@pytest.fixture
def out(corpus, tmp_path):
    """An output directory with a warm cache of ``corpus``."""
    out = tmp_path / "out"
    report = build_corpus([corpus], out, jobs=1, formats=())
    assert report.cached == 0 and cache_entries(out) == report.files + len(report.skipped)
    return out


def segmented_files(monkeypatch) -> list[str]:
    """The files the build segments from now on (others come from the cache)."""
    files, segment = [], kg.engines.segment
    monkeypatch.setattr(kg.engines, "segment", lambda doc: files.append(doc.file) or segment(doc))
    return files


def test_nothing_changed_writes_nothing_and_loads_no_pipeline(corpus, out, monkeypatch):
    monkeypatch.setattr(kg.engines, "_pipelines", {})
    segmented = segmented_files(monkeypatch)
    stamps = {name: (out / name).stat().st_mtime_ns for name in OUTPUTS}
    report = build_corpus([corpus], out, jobs=1, formats=())
    assert report.unchanged and report.cached == report.articles > 0
    assert kg.engines._pipelines == {} and segmented == []
    assert {name: (out / name).stat().st_mtime_ns for name in OUTPUTS} == stamps
    assert "up to date" in report.summary()


def test_a_missing_output_is_rebuilt_from_the_cache_alone(corpus, out, tmp_path, monkeypatch):
    (out / "nodes.csv").unlink()
    monkeypatch.setattr(kg.engines, "_pipelines", {})
    segmented = segmented_files(monkeypatch)
    report = build_corpus([corpus], out, jobs=1, formats=())
    assert not report.unchanged and report.cached == report.articles > 0
    assert kg.engines._pipelines == {} and segmented == []
    assert read_outputs(out) == fresh_build(corpus, tmp_path / "fresh")


def test_other_formats_are_a_change(corpus, out):
    report = build_corpus([corpus], out, jobs=1, formats=("graphml",))
    assert not report.unchanged and (out / "graph.graphml").is_file()
    assert build_corpus([corpus], out, jobs=1, formats=("graphml",)).unchanged


def test_changed_and_new_files_alone_are_extracted(corpus, out, tmp_path, monkeypatch):
    before = len((out / "articles.jsonl").read_text(encoding="utf-8").splitlines())
    changed, copied = sorted(corpus.iterdir())[:2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("工会", "总工会", 1),
                       encoding="utf-8")
    shutil.copy(copied, corpus / "new.txt")
    segmented = segmented_files(monkeypatch)
    report = build_corpus([corpus], out, jobs=1, formats=())
    assert segmented == [changed.name, "new.txt"]
    assert report.articles == before + articles_of(out, "new.txt")
    # the changed file is processed again, whole
    assert report.cached == before - articles_of(out, changed.name)
    assert read_outputs(out) == fresh_build(corpus, tmp_path / "fresh")


def test_deleted_file_leaves_graph_and_cache(corpus, out, tmp_path):
    gone = sorted(corpus.iterdir())[0]
    gone.unlink()
    report = build_corpus([corpus], out, jobs=1, formats=())
    assert report.cached == report.articles > 0
    assert gone.name.encode() not in b"".join(read_outputs(out).values())
    assert read_outputs(out) == fresh_build(corpus, tmp_path / "fresh")
    assert cache_entries(out) == report.files + len(report.skipped)


def test_no_cache_neither_reads_nor_writes_it(corpus, out):
    before = (out / CACHE_FILE).read_bytes()
    report = build_corpus([corpus], out, jobs=1, formats=(), cache=False)
    assert report.cached == 0
    assert (out / CACHE_FILE).read_bytes() == before


def test_pipeline_change_invalidates(tmp_path, monkeypatch):
    article = Article("a.txt#1", "a.txt", "标题", "营口市总工会")
    records = ArticleRecords(article, [Node("org:营口市总工会", "org", "营口市总工会")],
                             [Mention("org:营口市总工会", "a.txt#1", "a.txt", 0, 6, "营口市总工会")])
    done = Processed("a.txt", articles=[article], stories=[StoryKey("d", b"s")], records=[render(records)])
    key = file_key("a.txt", "营口市总工会".encode())
    cache = Cache(tmp_path / CACHE_FILE, "v1")
    cache.put([(key, done)])
    assert cache.get(key) == done
    cache.close()
    assert Cache(tmp_path / CACHE_FILE, "v2").get(key) is None


def test_fingerprint_follows_package_files_and_config(tmp_path, monkeypatch):
    package = shutil.copytree(kg.cache.PACKAGE, tmp_path / "kg",
                              ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kg.cache, "PACKAGE", package)
    before = fingerprint()
    assert fingerprint() == before and fingerprint({"kg_org_resolver": {"x": 1}}) != before
    patterns = package / "extract" / "data" / "my_patterns.csv"
    patterns.parent.mkdir(exist_ok=True)
    patterns.write_text("name\n新机制\n", encoding="utf-8")
    assert fingerprint() != before


def test_interrupted_build_leaves_a_consistent_cache(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    process = kg.engines.process_files
    articles = []

    def fail_on_second_batch(files, *options):
        if articles:
            raise KeyboardInterrupt
        done = process(files, *options)
        articles.append(sum(len(p.articles) for p in done))
        return done

    monkeypatch.setattr(importlib.import_module("kg.pipeline"), "BATCH_BYTES", 1)  # one file per batch
    monkeypatch.setattr(kg.engines, "process_files", fail_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        build_corpus([corpus], out, jobs=1, formats=())
    assert cache_entries(out) == 1
    monkeypatch.setattr(kg.engines, "process_files", process)
    report = build_corpus([corpus], out, jobs=1, formats=())
    assert report.cached == articles[0] > 0
    assert read_outputs(out) == fresh_build(corpus, tmp_path / "fresh")


def test_corrupt_cache_is_reported_and_rebuilt(corpus, out):
    (out / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    kg_command = Path(sys.executable).parent / "kg"
    result = subprocess.run([kg_command, "build", str(corpus), "-o", str(out),
                             "-q", "--jobs", "1", "--formats", ""],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1 and "cache" in result.stderr
    assert "rebuilding" in result.stderr and "Traceback" not in result.stderr
    assert cache_entries(out) == len(list(corpus.iterdir()))


def test_unusable_cache_is_one_line_error_and_kept(corpus, tmp_path):
    out = tmp_path / "out"
    (out / CACHE_FILE).mkdir(parents=True)  # not a file sqlite can open
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "-q"])
    assert result.exit_code != 0
    assert result.output.startswith("Error: cannot use the cache") and "--no-cache" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert (out / CACHE_FILE).is_dir()
    no_cache = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "-q", "--no-cache"])
    assert no_cache.exit_code == 0, no_cache.output
