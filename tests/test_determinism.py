"""The same corpus gives byte-identical tables whatever the order of the input
files (DESIGN §4: ids never come from a counter or a hash seed)."""
from __future__ import annotations

import random

import kg

TABLES = ("nodes.csv", "edges.csv")


def test_file_order_does_not_change_nodes_and_edges(data_dir, tmp_path):
    files = sorted(data_dir.glob("*.txt"))
    shuffled = files[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != files
    kg.build(files, out=tmp_path / "sorted", formats=())
    kg.build(shuffled[::-1], out=tmp_path / "shuffled", formats=())
    for name in TABLES:
        first = (tmp_path / "sorted" / name).read_bytes()
        second = (tmp_path / "shuffled" / name).read_bytes()
        assert first == second, name
    for name in ("mentions.csv", "evidence.csv"):  # same rows, in file order
        first = (tmp_path / "sorted" / name).read_text(encoding="utf-8").splitlines()
        second = (tmp_path / "shuffled" / name).read_text(encoding="utf-8").splitlines()
        assert sorted(first) == sorted(second), name


def test_directory_and_file_list_give_the_same_graph(data_dir, built, tmp_path):
    """``kg build data`` and the same files listed one by one name files alike."""
    files = sorted(data_dir.glob("*.txt"), reverse=True)
    kg.build(files, out=tmp_path / "listed", formats=())
    for name in TABLES:
        assert (tmp_path / "listed" / name).read_bytes() == (built / name).read_bytes(), name
