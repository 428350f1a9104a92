"""Read input files into Documents (DESIGN §1–2).

Files are found deterministically, decoded by sniffing (BOM, strict UTF-8,
charset-normalizer's guesses, then the usual Chinese legacy codecs), and a
decoding is only accepted when the result looks like Chinese text: legacy
codecs decode each other's bytes without error (Big5 read as GBK is valid
garbage), so "no error" proves nothing. Traditional characters become
simplified (OpenCC), HTML keeps only its visible article text. Anything
unreadable becomes a ``Skipped`` with a one-line reason, never an exception,
so no input file is lost silently.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files as package_files
from pathlib import Path

from kg.models import Document, Skipped, joined
from kg.normalise import HAN_CHAR
from kg.readers import READERS, read_binary

SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
LEGACY_CODECS = ("gb18030", "big5", "utf_16_le", "utf_16_be")
BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf_32"), (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16"),
)
SUPERSETS = {"gb2312": "gbk"}  # pages labelled GB2312 are written in GBK (as browsers assume)
SAMPLE_BYTES = 256 * 1024  # enough to judge a codec; whole files are decoded once, at the end
MAX_CONTROL_SHARE = 0.1  # stray NULs are damage to a text file; more is binary
MAX_REPLACEMENT_SHARE = 0.01  # (+3) a few cut characters are damage, more is a wrong codec
MIN_HAN_SHARE = 0.1  # of non-space characters, for a legacy (non-Unicode) decoding
MIN_COMMON_SHARE = 0.7  # of Han characters: real text ~0.99, a wrong legacy codec ~0.3

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s")


class CorpusError(Exception):
    """A corpus argument that cannot be read at all (missing path …)."""


class Undecodable(Exception):
    """File bytes that are not text in any encoding we can recognise."""


@dataclass(frozen=True)
class InputFile:
    path: Path
    rel: str  # relative to the corpus argument (base name for a single file)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def list_files(paths: list[str | Path]) -> list[InputFile]:
    """Every file under ``paths``, sorted, each once; hidden files and
    directories are ignored."""
    if not paths:
        raise CorpusError("no corpus given")
    found: dict[Path, InputFile] = {}
    for root in map(Path, paths):
        if not root.exists():
            raise CorpusError(f"no such file or directory: {root}")
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                rel = path.relative_to(root)
                if path.is_file() and not any(part.startswith(".") for part in rel.parts):
                    found.setdefault(path.resolve(), InputFile(path, rel.as_posix()))
        else:
            found.setdefault(root.resolve(), InputFile(root, root.name))
    return list(found.values())


def iter_documents(paths: list[str | Path]) -> Iterator[Document | Skipped]:
    """Every input file under ``paths`` as a Document, or Skipped with a reason.

    Raises CorpusError at once (not on first iteration) for a missing path."""
    return map(read_document, list_files(paths))


def read_document(f: InputFile) -> Document | Skipped:
    """The Document of one input file, or Skipped with a reason: a file in no
    known format, unreadable, or without any Chinese text."""
    if f.path.suffix.lower() in READERS:  # PDF and Word: kg.readers
        item = read_binary(f.path, f.rel)
        item = item if isinstance(item, Skipped) else simplified(item)
    else:
        item = _read_text(f)
    if isinstance(item, Document) and not HAN_CHAR.search(item.text):
        return Skipped(f.rel, "no Chinese text")
    return item


def _read_text(f: InputFile) -> Document | Skipped:
    fmt = SUFFIXES.get(f.path.suffix.lower())
    if fmt is None:
        return Skipped(f.rel, f"unsupported file type {f.path.suffix or '(no extension)'}")
    try:
        data = f.path.read_bytes()
    except OSError as exc:
        return Skipped(f.rel, f"cannot read: {exc.strerror or exc}")
    try:
        decoded = decode(data, declared=_declared_encoding(data) if fmt == "html" else None)
    except Undecodable as exc:
        return Skipped(f.rel, str(exc))
    text, date = TEXT_READERS[fmt](decoded.text)
    if not text.strip():
        return Skipped(f.rel, "no visible text" if fmt == "html" else "only whitespace")
    return Document(f.rel, to_simplified(text), text, decoded.encoding, fmt, date)


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``, trying a declared charset first; raise Undecodable."""
    if not data.strip():
        raise Undecodable("only whitespace" if data else "empty file")
    for bom, codec in BOMS:
        if data.startswith(bom):
            return Decoded(_clean(data.decode(codec, errors="replace")), codec)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _control_share(text[:SAMPLE_BYTES]) <= MAX_CONTROL_SHARE:
            return Decoded(_clean(text), "utf_8")
    best: tuple[float, str] | None = None
    for codec in _candidates(data, declared):
        score = _plausibility(data[:SAMPLE_BYTES].decode(codec, errors="replace"))
        if score is not None and (best is None or score > best[0]):
            best = (score, codec)
    if best is None:
        binary = _control_share(data[:SAMPLE_BYTES].decode("latin-1")) > MAX_CONTROL_SHARE
        raise Undecodable("binary content" if binary else "not Chinese text in any known encoding")
    return Decoded(_clean(data.decode(best[1], errors="replace")), best[1])


def _candidates(data: bytes, declared: str | None) -> list[str]:
    """Codec names to try, most likely first, without duplicates."""
    from charset_normalizer import from_bytes

    guesses = [m.encoding for m in from_bytes(data[:SAMPLE_BYTES])]
    names: list[str] = []
    for name in [declared, "utf_8", *guesses, *LEGACY_CODECS]:
        try:
            codec = codecs.lookup(name).name if name else None
        except LookupError:
            continue
        codec = SUPERSETS.get(codec, codec)
        if codec and codec not in names:
            names.append(codec)
    return names


def _plausibility(text: str) -> float | None:
    """Share of common characters among the Han ones, or None when ``text``
    is not plausible Chinese (replacement or control characters, few Han)."""
    if not text or text.count("\ufffd") > MAX_REPLACEMENT_SHARE * len(text) + 3:
        return None
    if _control_share(text) > MAX_CONTROL_SHARE:
        return None
    han = HAN_CHAR.findall(text)
    visible = len(text) - len(_SPACE.findall(text))
    if not han or len(han) < MIN_HAN_SHARE * visible:
        return None
    common = common_hanzi()
    share = sum(ch in common for ch in han) / len(han)
    return share if share >= MIN_COMMON_SHARE else None


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _clean(text: str) -> str:
    """Drop control characters (NUL bytes of a damaged file …), keep line structure."""
    return _CONTROL.sub("", text)


def _declared_encoding(data: bytes) -> str | None:
    from bs4.dammit import EncodingDetector

    return EncodingDetector.find_declared_encoding(data[:4096], is_html=True)


@cache
def common_hanzi() -> frozenset[str]:
    text = package_files("kg").joinpath("data/common_hanzi.txt").read_text(encoding="utf-8")
    return frozenset("".join(line for line in text.splitlines() if not line.startswith("#")))


@cache
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified; simplified text passes through unchanged."""
    return _t2s().convert(text)


def simplified(doc: Document) -> Document:
    """A reader's Document in simplified characters, each character converted
    once: a PDF's regions one by one (its text is theirs joined), else its text."""
    if not doc.regions:
        return replace(doc, text=to_simplified(doc.text))
    regions = tuple(r._replace(text=to_simplified(r.text)) for r in doc.regions)
    return replace(doc, text=joined(regions), regions=regions)


def html_text(html: str) -> tuple[str, str]:
    """(visible article text, publication date) of an HTML page.

    trafilatura finds the main text (markdown, so headings stay structure
    hints); pages too small for it fall back to BeautifulSoup minus
    script/style/navigation. The page title becomes a ``#`` heading."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    try:
        body = trafilatura.extract(html, output_format="markdown", favor_recall=True,
                                   include_comments=False) or ""
        meta = extract_metadata(html)
    except Exception:  # noqa: BLE001 — trafilatura may choke on odd markup; fall back below
        body, meta = "", None
    if not body.strip():
        body = _soup_text(html)
    title = (meta.title or "").strip() if meta else ""
    if title and body.strip() and not body.lstrip("# ").startswith(title):
        body = f"# {title}\n\n{body}"
    return body, (meta.date or "") if meta and body.strip() else ""


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
_FRONT_FIELD = re.compile(r"^(title|date)\s*:\s*[\"']?(.*?)[\"']?\s*$", re.M)


def markdown_text(text: str) -> tuple[str, str]:
    """(text, date) of a markdown file; a YAML front matter's title becomes a ``#`` heading."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return text, ""
    fields = dict(_FRONT_FIELD.findall(m.group(1)))
    body = text[m.end():]
    title = fields.get("title", "")
    date = fields.get("date", "")[:10]
    return (f"# {title}\n\n{body}" if title else body), date if _ISO_DATE.match(date) else ""


def _plain(text: str) -> tuple[str, str]:
    return text, ""


#: text format → (decoded text → (article text, date)); a new text format adds its reader here
TEXT_READERS = {"txt": _plain, "md": markdown_text, "html": html_text}


def _soup_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template", "nav", "header", "footer",
                     "aside", "form", "iframe", "svg", "head"]):
        tag.decompose()
    return soup.get_text("\n", strip=True)
