"""`pip install kg` stays lean: Dask is the `kg[dask]` extra, named in a
one-line error when it is missing; the HTML map carries its own vis-network."""
from __future__ import annotations

import sys

from click.testing import CliRunner

from kg.cli import main
from kg.export import html


def test_engine_dask_without_the_extra_is_one_line(data_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    result = CliRunner().invoke(main, ["build", str(data_dir), "-o", str(tmp_path / "out"), "-q",
                                       "--engine", "dask", "--formats", ""])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        "Error: --engine dask needs the dask extra: pip install 'kg[dask]'"]
    assert not (tmp_path / "out").exists()


def test_the_map_ships_vis_network(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyvis", None)
    js = html._vis("vis-network.min.js")
    assert "@version 9.1.2" in js and "MIT" in js
    assert ".vis-network" in html._vis("vis-network.css")
