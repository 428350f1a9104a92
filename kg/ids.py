"""Stable node ids: derived from kind, canonical name and admin code only
(DESIGN §4), never from a counter or a hash seed, so ids agree across runs,
machines and worker processes."""
from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\s\x00-\x1f]+")


def node_id(kind: str, name: str, code: str = "") -> str:
    """``org:营口市总工会@210800`` — the admin code keeps same-named units
    (朝阳区 in Beijing and in Changchun) apart."""
    name = _UNSAFE.sub(" ", name).strip()
    return f"{kind}:{name}@{code}" if code else f"{kind}:{name}"


def article_id(file: str, index: int) -> str:
    """``data/page.txt#3`` — the 1-based position of the article in its file."""
    return f"{file}#{index}"


def outcome_id(doc_id: str, start: int) -> str:
    """Outcomes are facts of one article: the id is the article and offset."""
    return node_id("outcome", f"{doc_id}:{start}")
