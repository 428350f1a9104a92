"""``kg query …`` and ``kg info`` (placeholder until the query issue lands)."""
from __future__ import annotations

import click


@click.group()
def query() -> None:
    """Ask the built graph who works with whom, how, and with what result."""
