"""`kg build --engine dask`: the same map on a Dask cluster, identical output
(DESIGN §7)."""
from __future__ import annotations

import importlib

import pytest
from click.testing import CliRunner

from build_support import read_outputs, fresh_build
from kg.pipeline import build_corpus
from kg.cli import main

@pytest.fixture(scope="module")
def local(data_dir, tmp_path_factory) -> dict[str, bytes]:
    return fresh_build(data_dir, tmp_path_factory.mktemp("local"))


@pytest.fixture(scope="module")
def scheduler():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster:
        yield cluster.scheduler_address


def test_dask_scheduler_gives_identical_output(data_dir, tmp_path, local, scheduler):
    result = CliRunner().invoke(main, ["build", str(data_dir), "-o", str(tmp_path), "-q",
                                       "--engine", "dask", "--scheduler", scheduler,
                                       "--formats", ""])
    assert result.exit_code == 0, result.output
    assert read_outputs(tmp_path) == local


def test_dask_reuses_the_cache_without_a_cluster(data_dir, tmp_path, local, scheduler, monkeypatch):
    # the cache key's fingerprint, pinned: the package may be edited meanwhile
    monkeypatch.setattr(importlib.import_module("kg.pipeline"), "fingerprint", lambda config=None: "t")
    first = build_corpus([data_dir], tmp_path, engine="dask", scheduler=scheduler, formats=())
    # every article is cached now: no scheduler is contacted, even a wrong one
    again = build_corpus([data_dir], tmp_path, engine="dask", scheduler="tcp://127.0.0.1:9",
                         formats=())
    assert first.cached == 0 and again.cached == again.articles == first.articles
    assert read_outputs(tmp_path) == local


def test_dask_local_cluster_by_default(data_dir, tmp_path, local):
    build_corpus([data_dir], tmp_path, engine="dask", jobs=1, cache=False, formats=())
    assert read_outputs(tmp_path) == local


def test_scheduler_without_dask_engine_is_one_line_error(data_dir, tmp_path):
    result = CliRunner().invoke(main, ["build", str(data_dir), "-o", str(tmp_path / "o"),
                                       "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code != 0
    assert result.output.strip() == "Error: --scheduler needs --engine dask"
    assert not (tmp_path / "o").exists()


def test_local_cluster_listens_on_loopback_only(data_dir, tmp_path):
    """Scheduler, workers and their HTTP ports bind 127.0.0.1, never an
    interface other machines reach."""
    from kg.engines import make_engine
    from kg.ingest import list_files

    before = listening()  # this process may hold other clusters (a fixture's)
    engine = make_engine("dask", jobs=2)
    try:
        engine.submit(list_files([data_dir])[:1]).result()
        opened = listening() - before
    finally:
        engine.close()
    assert len(opened) >= 3  # the scheduler and two workers at least
    assert {address.ip for _, address in opened} == {"127.0.0.1"}


def listening() -> set:
    """(pid, address) of the sockets this process and its children listen on."""
    import psutil

    me = psutil.Process()
    pids = {me.pid} | {p.pid for p in me.children(recursive=True)}
    return {(c.pid, c.laddr) for c in psutil.net_connections("inet")
            if c.status == psutil.CONN_LISTEN and c.pid in pids}
