"""``kg evaluate OUT GOLD_DIR``: thin click over :mod:`kg.evaluate`."""
from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@click.argument("gold_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--details", is_flag=True, help="Also list the missed and spurious items of each file.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(out: Path, gold_dir: Path, details: bool, as_json: bool) -> None:
    """Score the build in OUT against the gold annotations in GOLD_DIR (one
    JSON file per input file): precision, recall and F1 for organisations,
    cooperation pairs, mechanisms, organisation–mechanism pairs, outcomes and
    outcome credit."""
    from kg.evaluate import GoldError, evaluate as score_build, table  # imports spaCy: only when scoring

    try:
        result = score_build(out, gold_dir)
    except GoldError as exc:
        raise click.ClickException(str(exc)) from None
    per_file = result.pop("details")
    if details:
        result["details"] = per_file
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if details:
        click.echo(json.dumps(per_file, ensure_ascii=False, indent=2))
    click.echo(table(result))
