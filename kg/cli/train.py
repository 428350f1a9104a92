"""``kg train GOLD_DIR CORPUS_DIR -o MODEL``: thin click over :mod:`kg.train`."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import progress_bar, quiet_option
from kg.errors import DataFileError
from kg.ingest import CorpusError

_dir = click.Path(path_type=Path, file_okay=False, exists=True)


@click.command()
@click.argument("gold_dir", type=_dir)
@click.argument("corpus_dir", type=_dir)
@click.option("--add", "more", type=(_dir, _dir), multiple=True, metavar="GOLD_DIR CORPUS_DIR",
              help="Another annotated set to train on. Repeatable.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the fitted weights here (JSON); without it only cross-validate.")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Cross-validation folds (by file: files sorted by name, fold = index mod N).")
@quiet_option
def train(gold_dir: Path, corpus_dir: Path, more: tuple[tuple[Path, Path], ...], output: Path | None,
          folds: int, quiet: bool) -> None:
    """Fit the relation decision to annotated articles: GOLD_DIR holds one
    gold JSON file per input file of CORPUS_DIR (see kg evaluate). Prints the
    cross-validated scores of the fitted model, the hand-set rules and the
    sentence co-occurrence baseline; use the written file with
    'kg build --model MODEL'."""
    from kg.evaluate import GoldError  # loads the pipeline's data: only when training
    from kg.train import TrainError, train as fit

    try:
        cv, _ = fit([(gold_dir, corpus_dir), *more], output, folds, progress_bar(quiet, "extract"))
    except (TrainError, GoldError, CorpusError, DataFileError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(cv.table())
    if output is not None:
        click.echo(f"wrote {output}")
