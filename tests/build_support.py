"""What the build tests share: the tables a build must write identically
whatever the engine, worker count or cache."""
from __future__ import annotations

from pathlib import Path

from kg.pipeline import build_corpus

OUTPUTS = ("nodes.csv", "edges.csv", "mentions.csv", "evidence.csv", "articles.jsonl")


def read_outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def fresh_build(corpus: Path, out: Path) -> dict[str, bytes]:
    """The tables of a one-process build without cache."""
    build_corpus([corpus], out, jobs=1, cache=False, formats=())
    return read_outputs(out)
