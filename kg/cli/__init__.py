"""The ``kg`` command: thin click over the library (kg.api, kg.pipeline …).

Errors become one-line ``click.ClickException`` messages with a non-zero exit.
"""
from __future__ import annotations

import json
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from kg import __version__
from kg.cache import CacheError
from kg.cli.common import corpus_argument, progress_bar, quiet_option
from kg.engines import ENGINES, EngineError
from kg.errors import BuildError, DataFileError, OutputError
from kg.ingest import CorpusError


class OneLineErrors(click.Group):
    """The ``kg`` group: every user error, usage errors too, is one line on
    stderr and a non-zero exit (click prints usage errors over four)."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:  # plain "kg": the help, as click shows it
            click.echo(exc.format_message(), err=True)
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
            click.echo(f"Error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except (click.Abort, EOFError, KeyboardInterrupt):
            click.echo("Error: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg turns Chinese labour-rights news into a case–mechanism knowledge graph:
    which agencies cooperate, through which mechanisms, in which cases, with
    what outcomes.

    \b
    Typical use:
      kg build data -o out          # build the graph of a corpus
      kg info --graph out           # what is in it
      kg query partners 营口市总     # who works with the Yingkou union
      kg export png -o map.png      # a static map for a report
    """


@main.command()
@corpus_argument
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of articles.")
@quiet_option
def ingest(corpus: tuple[Path, ...], as_json: bool, quiet: bool) -> None:
    """Read CORPUS (files or directories of .txt/.md/.html in any encoding, .pdf, .docx) and
    list the articles found: file, title and length, or JSON with --json."""
    from kg.api import read_articles

    try:
        articles, skipped = read_articles(list(corpus), progress=progress_bar(quiet, "ingest"))
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        rows = [{"id": a.id, "file": a.file, "title": a.title, "subtitles": a.subtitles,
                 "byline": a.byline, "date": a.date, "chars": len(a.body),
                 "source_page": a.source_page, "source_box": a.source_box} for a in articles]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for a in articles:
            click.echo(f"{a.file}\t{a.title}\t{len(a.body)}")
    for s in skipped:
        click.echo(f"skipped {s.file}: {s.reason}", err=True)
    files = len({a.file for a in articles})
    if articles:
        click.echo(f"processed {files} files, {len(articles)} articles"
                   + (f"; skipped {len(skipped)}" if skipped else ""), err=True)
    else:
        where = ", ".join(map(str, corpus))
        raise click.ClickException(f"no readable file in {where} ({len(skipped)} skipped)" if skipped
                                   else f"no input file found in {where}")


@main.command()
@corpus_argument
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Output directory (DESIGN §4 files).")
@click.option("--formats", default="graphml,html", show_default=True,
              help="Comma-separated exports to write beside the tables.")
@click.option("--strict", is_flag=True, help="Fail, without writing any output, if any input file would be skipped.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction (default: all cores).")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Run extraction locally or on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler to use with --engine dask (default: a local cluster).")
@click.option("--no-cache", is_flag=True,
              help="Extract every article again, ignoring OUT/.kg-cache.sqlite.")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON (for scripts).")
@click.option("--model", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Decide relations with this weights file (from kg train).")
@quiet_option
def build(corpus: tuple[Path, ...], out: Path, formats: str, strict: bool, jobs: int | None,
          engine: str, scheduler: str | None, no_cache: bool, as_json: bool, model: Path | None,
          quiet: bool) -> None:
    """Build the knowledge graph of CORPUS into OUT: nodes.csv, edges.csv,
    mentions.csv, evidence.csv, articles.jsonl, skipped.csv, duplicates.csv,
    graph.graphml and graph.html. Every input file ends either in
    articles.jsonl or skipped.csv; reposts of one story (duplicates.csv) count
    once in edge weights. The new files replace the old ones only when all
    are complete; old outputs no longer written are removed, other files in
    OUT are never touched.

    Re-runs reuse the cached records of unchanged articles, and write nothing
    at all when inputs, pipeline, formats and outputs are as the last build
    left them ("up to date")."""
    from kg.pipeline import build_corpus

    fmts = [f.strip() for f in formats.split(",") if f.strip()]
    try:
        config = None
        if model:  # spaCy loads only when there is work
            from kg.extract.decide import model_config
            config = model_config(model)
        with interruptible():
            report = build_corpus(list(corpus), out, formats=fmts, progress=progress_bar(quiet, "build"),
                                  jobs=jobs, engine=engine, scheduler=scheduler, cache=not no_cache,
                                  config=config, strict=strict)
    except (CorpusError, EngineError, CacheError, DataFileError, BuildError, OutputError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo(f"Error: interrupted; the previous output in {out} is unchanged", err=True)
        sys.exit(130)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(report.summary())
        click.echo(f"{'kept' if report.unchanged else 'wrote'} {', '.join(report.written)} in {out} "
                   f"({report.nodes} nodes, {report.edges} edges)")
    if report.files == 0:
        raise click.ClickException("no input file could be processed")


@contextmanager
def interruptible():
    """SIGTERM (kill, a stopped job) interrupts like Ctrl-C, so that the
    build cleans up and says what it left."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (an embedding app): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


from kg.cli.evaluate import evaluate  # noqa: E402
from kg.cli.export import export, report  # noqa: E402
from kg.cli.train import train  # noqa: E402
from kg.cli.query import info, query  # noqa: E402

main.add_command(query)
main.add_command(info)
main.add_command(export)
main.add_command(report)
main.add_command(evaluate)
main.add_command(train)
