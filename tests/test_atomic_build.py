"""Atomic builds: a build writes into a staging area and replaces the previous
output only when complete, so a failed or killed build leaves it whole."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.api import load
from kg.cli import main
from kg.pipeline import STAGING, build_corpus

KG = Path(sys.executable).parent / "kg"


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".kg-cache.sqlite"
            and not p.name.startswith(".kg-cache.sqlite-")}


@pytest.fixture
def previous(tmp_path, data_dir) -> Path:
    """An output directory holding a good build of one sample page."""
    out = tmp_path / "out"
    build_corpus([data_dir / "000_d82cd269491dd9c4.txt"], out, jobs=1, formats=("graphml",))
    return out


def big_corpus(tmp_path: Path, data_dir: Path, copies: int = 6) -> Path:
    corpus = tmp_path / "corpus"
    for i in range(copies):
        shutil.copytree(data_dir, corpus / f"copy{i}")
    return corpus


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_build_killed_half_way_leaves_the_previous_output(tmp_path, data_dir, previous, sig):
    before = snapshot(previous)
    proc = subprocess.Popen([KG, "build", str(big_corpus(tmp_path, data_dir)), "-o", str(previous), "-q",
                             "--jobs", "1", "--no-cache"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any((previous / STAGING).rglob("part-*.parquet")) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before it could be killed"
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert snapshot(previous) == before
    assert len(load(previous).nodes) > 0
    if sig == signal.SIGTERM:
        assert stderr.strip().splitlines() == [f"Error: interrupted; the previous output in {previous} is unchanged"]
        assert not (previous / STAGING).exists()
    else:  # nothing can speak for a SIGKILLed build: the next one clears its staging area and says so
        report = build_corpus([data_dir / "000_d82cd269491dd9c4.txt"], previous, jobs=1, formats=("graphml",))
        assert report.recovered and "interrupted build" in report.summary()
        assert not (previous / STAGING).exists()


def test_unreachable_scheduler_leaves_the_previous_output(tmp_path, data_dir, previous):
    before = snapshot(previous)
    result = CliRunner().invoke(main, ["build", str(data_dir), "-o", str(previous), "-q", "--no-cache",
                                       "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(f"the previous output in {previous} is unchanged")
    assert snapshot(previous) == before and not (previous / STAGING).exists()
