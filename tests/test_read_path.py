"""Every file accounted for: ``kg ingest`` and ``kg build`` read the corpus
through one path, and a file with no Chinese article text is skipped with its
reason — in ``kg ingest`` and in the build's skipped.csv alike."""
from __future__ import annotations

import csv
import json

from click.testing import CliRunner

from kg.cli import main

GOOD = "# 本溪市总工会举办职工法律讲座\n\n本溪市总工会邀请律师为职工讲解劳动合同法，并发放维权手册三百份。\n"
NAV = "首页\n新闻中心\n工会动态\n联系我们\n"
ENGLISH = "# Union news\n\nThe city federation of trade unions held a legal lecture for workers.\n"


def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "nav.txt").write_text(NAV, encoding="utf-8")
    (folder / "english.md").write_text(ENGLISH, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_ingest_and_build_account_for_every_file_alike(tmp_path):
    folder = corpus(tmp_path)
    ingest = CliRunner().invoke(main, ["ingest", str(folder), "-q"])
    assert ingest.exit_code == 0, ingest.stderr
    ingest_skipped = {line.split(":")[0].removeprefix("skipped "): line.split(": ", 1)[1]
                      for line in ingest.stderr.splitlines() if line.startswith("skipped ")}
    out = tmp_path / "out"
    build = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-q", "--formats", "", "--jobs", "1"])
    assert build.exit_code == 0, build.output
    with (out / "skipped.csv").open(encoding="utf-8") as fh:
        build_skipped = {r["file"]: r["reason"] for r in csv.DictReader(fh)}
    articles = {json.loads(line)["file"] for line in (out / "articles.jsonl").open(encoding="utf-8")}
    assert build_skipped == ingest_skipped
    assert articles == {"good.txt"}
    assert set(build_skipped) | articles == {"good.txt", "nav.txt", "english.md", "empty.txt"}
    assert build_skipped["english.md"] == "no Chinese text"
    assert build_skipped["nav.txt"].startswith("no article text")
