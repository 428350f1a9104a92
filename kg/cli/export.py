"""``kg export FORMAT`` (placeholder until the export issue lands)."""
from __future__ import annotations

import click


@click.group()
def export() -> None:
    """Write the built graph as html, graphml, gexf, png, svg, csv, json or neo4j."""
