"""Errors the CLI turns into one-line messages, in a module light enough for
the CLI to import before it decides whether to load the pipeline."""


class DataFileError(ValueError):
    """A data file that does not parse (a regex with an unquoted comma …)."""


class OutputError(ValueError):
    """An output that cannot be written without harming what is there: a file
    where a directory is needed (or the reverse), or a file kg did not write."""


class BuildError(ValueError):
    """A build that cannot run as asked (unknown format, --strict with skipped
    files) or that failed; the message says what happened to the output."""
