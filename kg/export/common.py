"""Helpers every export shares: atomic writes, text that any format can
carry, and the display name of a node."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from importlib import resources
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import OutputError
from kg.graph import blank

# Characters XML 1.0 cannot hold at all (C0 controls but tab/newline/CR, lone
# surrogates, U+FFFE/U+FFFF); other formats drop them too so that every
# export of one graph carries the same text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NAME_KEYS = ("name", "title", "text")


class FontError(RuntimeError):
    """No installed font can draw the labels of a static map."""


def clean_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def plain(value):
    """A value every format can type: str, int, float or bool, text cleaned."""
    if isinstance(value, bool | int | float):
        return value
    if hasattr(value, "item"):  # numpy scalars from pandas
        return value.item()
    if isinstance(value, list | tuple | set):
        return "|".join(map(str, value))
    return clean_text(str(value))


def plain_attrs(attrs: dict) -> dict:
    """Attributes without blanks (None, '', NaN), values made plain and typed:
    yes/no attributes as booleans, counts as integers (the tables hold them
    as text)."""
    return {k: typed(k, plain(v)) for k, v in attrs.items() if not blank(v)}


BOOLEANS = frozenset({"core"})  # yes/no attributes: an outcome is a core result or not
COUNTS = frozenset({"weight"})  # an edge's weight counts distinct stories


def typed(key: str, value):
    """``value`` of attribute ``key`` in its type (bool for BOOLEANS, int for COUNTS)."""
    if key in BOOLEANS and isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    if key in COUNTS and isinstance(value, float | str) and float(value).is_integer():
        return int(float(value))
    return value


def display_name(node: str, attrs: dict) -> str:
    for key in NAME_KEYS:
        if not blank(attrs.get(key)):
            return clean_text(str(attrs[key]))
    return clean_text(node)


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only if
    the block succeeds, so readers never see a half-written export."""
    if path.is_dir():
        raise OutputError(f"{path} is a directory; this format writes one file: give a file name with -o")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; exports are for sharing
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def atomic_dir(path: Path, signature: Callable[[str], str], force: bool = False) -> Iterator[Path]:
    """Yield a temporary directory for an export made of several files; once
    the block succeeds each of its files replaces its namesake in ``path``
    (created if missing), atomically, and nothing else in ``path`` is touched.

    A file already there must be one this export writes: its first line
    starts with ``signature(name)`` (a CSV header, a comment), else the export
    is refused before anything moves, unless ``force``."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path} is a file; this format writes a directory of files: give a directory with -o")
    path.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".kg-export-", suffix=".tmp", dir=path))
    try:
        yield tmp
        names = sorted(p.name for p in tmp.iterdir())
        for name in names:
            target = path / name
            if target.is_dir():
                raise OutputError(f"{target} is a directory; move it or choose another -o")
            if target.exists() and not force and not _first_line(target).startswith(signature(name)):
                raise OutputError(f"{target} exists and was not written by kg; move it, choose another -o "
                                  "or use --force to replace it")
        for name in names:
            os.chmod(tmp / name, 0o666 & ~_umask())
            os.replace(tmp / name, path / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _first_line(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            return fh.readline()
    except OSError:
        return ""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def asset(name: str) -> str:
    """A file of the export package's ``assets/`` (templates, CSS, scripts)."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def article_titles(kg) -> dict[str, str]:
    """Article id → title, for naming the source of an evidence sentence."""
    if kg is None or kg.articles.empty or "title" not in kg.articles:
        return {}
    return dict(zip(kg.articles["id"].astype(str), kg.articles["title"].fillna("").astype(str)))
