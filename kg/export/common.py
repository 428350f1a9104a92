"""Helpers every export shares: atomic writes, text that any format can
carry, and the display name of a node."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Characters XML 1.0 cannot hold at all (C0 controls but tab/newline/CR, lone
# surrogates, U+FFFE/U+FFFF); other formats drop them too so that every
# export of one graph carries the same text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NAME_KEYS = ("name", "title", "text")


class FontError(RuntimeError):
    """No installed font can draw the labels of a static map."""


def clean_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


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
    """Attributes without blanks (None, '', NaN), values made plain."""
    return {k: plain(v) for k, v in attrs.items() if not blank(v)}


def display_name(node: str, attrs: dict) -> str:
    for key in NAME_KEYS:
        if not blank(attrs.get(key)):
            return clean_text(str(attrs[key]))
    return clean_text(node)


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only if
    the block succeeds, so readers never see a half-written export."""
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
def atomic_dir(path: Path) -> Iterator[Path]:
    """Like :func:`atomic_file` for exports that are a directory of files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    old = path.with_name(f".{path.name}.old")
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if path.is_file():
            path.unlink()
        if path.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
        os.replace(tmp, path)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
