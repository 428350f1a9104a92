"""What the organisation tests share: recognise and link a made-up text."""
from __future__ import annotations

from kg.extract.orgs import find_orgs, load_grammar
from kg.extract.resolve import resolve_mentions


def names(text: str) -> list[tuple[str, str | None]]:
    """(surface, canonical name or None) of every candidate of ``text``."""
    g = load_grammar()
    mentions = find_orgs(text, g)
    resolve_mentions(text, mentions, g)
    return [(m.text, m.org.name if m.org else None) for m in mentions]
