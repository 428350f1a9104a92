"""Sentence boundaries for evidence and context rules."""
from __future__ import annotations

import re
from functools import lru_cache

_END = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|\n|$)")


@lru_cache(maxsize=4)  # several components split the same article
def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of the sentences of ``text``; blank ones dropped."""
    spans = []
    for m in _END.finditer(text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return tuple(spans)


def sentence_at(spans: tuple[tuple[int, int], ...], offset: int) -> tuple[int, int]:
    """The sentence span containing ``offset`` (or the nearest one before it)."""
    best = spans[0] if spans else (0, 0)
    for s, e in spans:
        if s <= offset:
            best = (s, e)
        else:
            break
    return best
