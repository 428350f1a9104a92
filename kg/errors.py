"""Errors the CLI turns into one-line messages, in a module light enough for
the CLI to import before it decides whether to load the pipeline."""


class DataFileError(ValueError):
    """A data file that does not parse (a regex with an unquoted comma …)."""
