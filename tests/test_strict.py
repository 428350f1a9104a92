"""``kg build --strict`` fails without writing any output when a file would be skipped."""
from __future__ import annotations

from click.testing import CliRunner

from kg.cli import main

GOOD = "# 盘锦市总工会开展普法宣传\n\n盘锦市总工会与盘锦市司法局联合开展劳动法律宣传活动，为职工提供法律咨询。\n"


def outputs(out) -> dict[str, bytes]:
    """The files of ``out`` but the cache (which keeps the work of a failed build)."""
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".kg-cache")}


def test_strict_fails_before_writing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "english.txt").write_text("Only English words here.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "-q", "--strict",
                                                       "--jobs", "1"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: --strict: 1 file(s) would be skipped (english.txt: no Chinese text); no output was written"]
    assert outputs(out) == {}


def test_strict_keeps_the_previous_output(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "-q", "--formats", "",
                                     "--jobs", "1"]).exit_code == 0
    before = outputs(out)
    (corpus / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "-q", "--strict", "--formats", ""])
    assert result.exit_code == 1 and "empty.txt: empty file" in result.output
    assert outputs(out) == before
