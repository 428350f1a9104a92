"""Queries read the build's store (Parquet look-ups) instead of loading every
table, with the answers of the loaded graph; an output directory of an older
build (CSV only) still answers."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

import kg
from kg import query as q
from kg.cli import main

ASKS = [
    (q.partners, ("营口市总",)),
    (q.evidence, ("营口市总", "营口市检察院")),
    (q.cases, ()),
    (q.centrality, ()),
    (q.communities, ()),
    (q.matrix, ()),
    (q.paths, ("营口市总", "营口市检察院")),
]


@pytest.fixture(scope="module")
def loaded(built):
    """Every table in memory and the networkx graph built: what queries read before the store."""
    g = kg.load(built).load_all()
    assert g.graph.number_of_nodes()
    return g


@pytest.mark.parametrize("ask, args", ASKS, ids=[f.__name__ for f, _ in ASKS])
def test_the_store_answers_as_the_loaded_graph(built, loaded, ask, args):
    stored = kg.load(built)
    answer = ask(stored, *args)
    assert not stored._tables, "a query loaded a whole table"
    pd.testing.assert_frame_equal(answer, ask(loaded, *args))


def test_cases_of_an_org_read_only_its_cases(built, loaded):
    stored = kg.load(built)
    org = q.find_node(stored, "营口市总")
    assert org == q.find_node(loaded, "营口市总")
    answer = q.cases(stored, org=org)
    assert len(answer) and not stored._tables
    pd.testing.assert_frame_equal(answer, q.cases(loaded, org=org))


def test_names_resolve_from_the_store_alike(built, loaded):
    stored = kg.load(built)
    for name, kind in [("营口市总", "org"), ("营口市检察院", "org"), ("营口", "org"),
                       ("工会+检察", ("mechanism",)), ("不存在的单位", "org")]:
        try:
            expected = q.find_node(loaded, name, kind)
        except q.NameLookupError as exc:
            with pytest.raises(type(exc), match=str(exc)[:12]):
                q.find_node(stored, name, kind)
        else:
            assert q.find_node(stored, name, kind) == expected


def test_an_older_build_without_the_store_still_answers(built, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(built, old)
    for path in old.glob("*.parquet"):
        path.unlink()
    result = CliRunner().invoke(main, ["query", "partners", "营口市总", "--graph", str(old), "--json"])
    assert result.exit_code == 0, result.output
    fresh = CliRunner().invoke(main, ["query", "partners", "营口市总", "--graph", str(built), "--json"])
    assert result.output == fresh.output
