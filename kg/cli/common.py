"""What several ``kg`` commands share: options, the progress bar, loading a
built graph. The command modules and the ``kg`` group import it (never each
other)."""
from __future__ import annotations

import sys
from pathlib import Path

import click


def progress_bar(quiet: bool, desc: str):
    """A tqdm wrapper on stderr, off when stderr is not a TTY or with --quiet."""
    from tqdm import tqdm

    disable = quiet or not sys.stderr.isatty()
    return lambda items: tqdm(items, desc=desc, unit="file", disable=disable, file=sys.stderr)


corpus_argument = click.argument("corpus", nargs=-1, required=True, type=click.Path(path_type=Path))
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")


def load_graph(directory: Path):
    """The KnowledgeGraph in ``directory``, or a one-line error."""
    from kg.api import load

    try:
        return load(directory)
    except (OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
