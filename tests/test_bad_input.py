"""Bad input never crashes kg and never costs a good file: every input file
ends as articles or as a skipped row with a one-line reason."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import zlib

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.ingest import iter_documents
from kg.models import Document, Skipped

GOOD = ("“工会+检察”为女职工撑起一片法治晴空\n\n本报讯（记者刘旭 通讯员宋昕泽）营口市总工会与市检察院协同发力，"
        "通过行政公益诉讼诉前程序成功督促相关行政机关履职，保障女职工的合法权益。\n")


def png() -> bytes:
    """A real (1×1 pixel) PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", bytes.fromhex("00000001 00000001 08 02 00 00 00"))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


BAD = {
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"  \n\n\t \r\n", "only whitespace"),
    "image.txt": (png(), "binary"),
    "noise.txt": (bytes(range(256)) * 8, "binary"),
    "scripts.html": (b"<html><head><script>var a = 1;</script></head><body><script>track()</script>"
                     b"<style>p{}</style></body></html>", "no visible text"),
    "scan.pdf": (b"%PDF-1.7\n", "truncated PDF"),
    "photo.tiff": (b"II*\x00", "unsupported file type .tiff"),
}


def ingest(*args):
    return CliRunner().invoke(main, ["ingest", *map(str, args)])


def test_each_bad_file_is_skipped_with_its_reason_and_the_good_one_is_kept(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, (data, _) in BAD.items():
        (tmp_path / name).write_bytes(data)
    result = ingest(tmp_path, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["file"], r["title"]) for r in rows] == [("good.txt", "“工会+检察”为女职工撑起一片法治晴空")]
    for name, (_, reason) in BAD.items():
        (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith(f"skipped {name}:")]
        assert reason in line
    assert result.stderr.splitlines()[-1] == f"processed 1 files, 1 articles; skipped {len(BAD)}"


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_corpus_of_only_bad_files_fails_with_one_line(tmp_path, name):
    (tmp_path / name).write_bytes(BAD[name][0])
    result = ingest(tmp_path)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == f"Error: no readable file in {tmp_path} (1 skipped)"


def test_missing_path_and_empty_directory_are_one_line_errors(tmp_path):
    result = ingest(tmp_path / "missing")
    assert result.exit_code != 0
    assert result.stderr.strip() == f"Error: no such file or directory: {tmp_path / 'missing'}"
    (tmp_path / "empty").mkdir()
    result = ingest(tmp_path / "empty")
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines()[-1] == f"Error: no input file found in {tmp_path / 'empty'}"
    assert "Traceback" not in result.output


def test_truncated_gbk_file_is_read_with_the_cut_character_replaced(tmp_path):
    data = GOOD.strip().encode("gbk")
    (tmp_path / "cut.txt").write_bytes(data[:-1])  # the final "。" loses its second byte
    (doc,) = iter_documents([tmp_path / "cut.txt"])
    assert isinstance(doc, Document)
    assert doc.encoding == "gb18030"
    assert doc.text == GOOD.strip()[:-1] + "\ufffd"


def test_nul_bytes_are_dropped_not_the_file(tmp_path):
    data = GOOD.encode("utf-8").replace("，".encode(), "，".encode() + b"\x00\x00")
    (tmp_path / "nul.txt").write_bytes(b"\x00" + data)
    (doc,) = iter_documents([tmp_path / "nul.txt"])
    assert isinstance(doc, Document)
    assert doc.text == GOOD


def test_random_bytes_are_skipped(tmp_path):
    noise = bytes((i * 7919 + 13) % 251 for i in range(5000))  # no text encoding makes sense of it
    (tmp_path / "noise.txt").write_bytes(noise)
    (item,) = iter_documents([tmp_path / "noise.txt"])
    assert isinstance(item, Skipped)


def test_fifty_megabytes_of_text_are_ingested_in_bounded_memory(tmp_path):
    paragraph = ("营口市总工会与市检察院于8月14日召开圆桌会议，就进一步加强沟通互联、线索移送、协同监督和"
                 "工作配合等议题进行深入研讨并达成共识，为构建常态化协作机制奠定基础。")
    block = "".join(f"{i}、{paragraph}\n\n" for i in range(4000)).encode("utf-8")
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.write("工会+检察协同监督资料汇编\n\n".encode("utf-8"))
        for _ in range(50 * 2**20 // len(block) + 1):
            fh.write(block)
    assert path.stat().st_size >= 50 * 2**20
    probe = ("import resource, sys\nfrom kg.cli import main\n"
             "try:\n    main(['ingest', sys.argv[1], '--json', '-q'])\n"
             "except SystemExit as exc:\n    code = exc.code\n"
             "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")
    run = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True)
    code, max_kib = run.stderr.split()[-2:]
    rows = json.loads(run.stdout)
    assert code in ("0", "None")
    assert int(max_kib) < 1_500_000  # well under the size of a spaCy model load, for 50 MB of text
    assert len(rows) > 50 and all(r["chars"] <= 100_000 for r in rows)
    assert rows[1]["title"] == "工会+检察协同监督资料汇编 (2)"


def test_build_records_skipped_files_and_strict_fails(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "image.txt").write_bytes(png())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--formats", "", "-q"])
    assert result.exit_code == 0, result.output
    assert f"processed 1 files, 1 articles; skipped 1 (see {out / 'skipped.csv'})" in result.output
    with (out / "skipped.csv").open(encoding="utf-8") as fh:
        assert [row["file"] for row in csv.DictReader(fh)] == ["image.txt"]
    strict = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--formats", "", "-q",
                                       "--strict"])
    assert strict.exit_code != 0
    assert "Traceback" not in strict.output


def test_a_broken_data_file_is_a_one_line_error(tmp_path, monkeypatch):
    from kg import pipeline
    from kg.errors import DataFileError

    def broken(*args, **kwargs):
        raise DataFileError("mechanism_variants.csv, line 92: more fields than the header")
    monkeypatch.setattr(pipeline, "build_corpus", broken)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: mechanism_variants.csv, line 92: more fields than the header"
