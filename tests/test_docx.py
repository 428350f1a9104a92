"""Word documents: .docx paragraphs, heading styles as titles and tables as
text rows; .doc and broken files are skipped with their reasons."""
from __future__ import annotations

import json

import docx
from click.testing import CliRunner

from kg.api import read_articles
from kg.cli import main

FIRST = ("宁川市总工会发布上半年职工维权报告",
         "报告显示，上半年全市各级工会共受理职工来信来访二百一十件，办结率达到百分之九十六。",
         "其中，涉及工资支付的诉求占四成，市总工会会同市人社局逐件督办。")
SECOND = ("西桥区推进新就业形态劳动者入会",
          "西桥区总工会在快递网点和外卖站点设立流动服务站，今年新发展会员一千二百人。")
TABLE = [("单位", "受理件数", "办结件数"), ("宁川市总工会", "120", "118"), ("西桥区总工会", "90", "84")]


def write_docx(path):
    document = docx.Document()
    document.add_heading("工会工作简报", level=0)
    for title, *paragraphs in (FIRST, SECOND):
        document.add_heading(title, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
        if title == FIRST[0]:
            document.add_heading("受理情况", level=2)
            table = document.add_table(rows=0, cols=3)
            for row in TABLE:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
    document.save(path)
    return path


def test_headings_open_articles_and_tables_are_rows_of_text(tmp_path):
    write_docx(tmp_path / "brief.docx")
    articles, skipped = read_articles([tmp_path])
    assert not skipped
    assert [a.title for a in articles] == [FIRST[0], SECOND[0]]
    first = articles[0]
    assert first.subtitles == ["工会工作简报"]  # the Title style, above the first heading
    assert first.body.splitlines()[:2] == list(FIRST[1:])
    assert "受理情况" in first.text
    assert "宁川市总工会；120；118" in first.body.splitlines()
    assert articles[1].body == SECOND[1]
    assert all(a.source_page is None and a.source_box is None for a in articles)


def test_doc_and_broken_docx_are_skipped_with_their_reasons(tmp_path):
    write_docx(tmp_path / "good.docx")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (tmp_path / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (tmp_path / "cut.docx").write_bytes((tmp_path / "good.docx").read_bytes()[:300])
    result = CliRunner().invoke(main, ["ingest", "--json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert {r["file"] for r in json.loads(result.stdout)} == {"good.docx"}
    skipped = dict(line.removeprefix("skipped ").split(": ", 1)
                   for line in result.stderr.splitlines() if line.startswith("skipped "))
    assert skipped == {
        "old.doc": "Word 97–2003 .doc is not read (save it as .docx)",
        "locked.docx": "password-protected or Word 97–2003 file, not .docx (save it as .docx)",
        "cut.docx": "not a readable .docx (damaged, or not a Word file)",
    }
