"""PDF newspaper pages: columns and articles are kept apart by layout, each
article's body is contiguous and in order, headlines are the titles; scanned,
encrypted and damaged PDFs are skipped with their reasons."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from pdf_support import PAGE_H, PAGE_W, Slot, Story, cid_font, newspaper

import kg
from kg.api import read_articles
from kg.cli import main
from kg.models import joined
from kg.readers.pdf import SCANNED, UNMAPPED

HEADER = "工人周报　2025年10月20日　星期一　第3版"
STORIES = (
    Story("青石县总工会开通农民工讨薪绿色通道", (
        "本报讯（记者 王晓明）近日，青石县总工会联合县人社局在汽车站设立农民工维权服务点，"
        "为返乡务工人员提供政策咨询和法律援助。",
        "服务点开通以来，共接待来访职工一百二十余人次，协调解决欠薪问题十五件，涉及金额八十六万元。"
        "工作人员表示，将继续延长服务时间。")),
    Story("柳河市推行劳动争议多元化解机制", (
        "柳河市人民法院与市总工会共同签署协议，在基层法庭设立劳动争议诉调对接工作室，由工会选派调解员常驻。",
        "今年以来，工作室成功调解劳动争议案件四十三件，平均办理时间缩短至十二天，多数职工当场拿到补偿款。")),
    Story("南岭镇建筑工地开展安全生产夜校", (
        "为提升一线工人安全意识，南岭镇总工会在三处建筑工地开办安全生产夜校，每周安排两次课程。",
        "课程由应急管理部门专家授课，内容包括高处作业防护、用电安全和事故应急处置，已有三百多名工人参加学习。")),
    Story("云溪区检察院督促落实女职工特殊保护", (
        "云溪区人民检察院在履职中发现，部分企业未按规定落实女职工孕期和哺乳期保护措施，随即向区人社局发出检察建议。",
        "区人社局收到建议后开展专项检查，督促二十六家企业完成整改，区总工会同步开展普法宣传活动。")),
)
A, B, C, D = STORIES
LAYOUTS = {
    # two columns: A over B on the left, C over D on the right
    "two-column": ([[Slot(A, 0), Slot(B, 0), Slot(C, 1), Slot(D, 1)]], 2),
    # three columns: A's headline and body over columns 1–2 beside B; then C, and D over columns 2–3
    "three-column": ([[Slot(A, 0, 2), Slot(B, 2), Slot(C, 0), Slot(D, 1, 2)]], 3),
}


def ingest(*args):
    return CliRunner().invoke(main, ["ingest", "--json", *map(str, args)])


def articles(path) -> list[dict]:
    result = ingest(path)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def body(story: Story) -> str:
    """The story's running text, its lead's byline (本报讯（记者 …）) taken off as kg does."""
    return "".join(story.paragraphs).replace(" ", "").removeprefix("本报讯（记者王晓明）")


def compact(text: str) -> str:
    return text.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_columns_are_read_article_by_article(tmp_path, layout):
    pages, columns = LAYOUTS[layout]
    path = newspaper(tmp_path / "page.pdf", pages, columns, header=HEADER)
    rows = articles(path)
    assert sorted(r["title"] for r in rows) == sorted(s.title for s in STORIES)
    found, _ = read_articles([path])
    assert {a.title: compact(a.body) for a in found} == {s.title: body(s) for s in STORIES}
    boxes = []
    for row in rows:
        assert row["source_page"] == 1 and row["date"] == "2025-10-20"
        x0, y0, x1, y1 = row["source_box"]
        assert 0 <= x0 < x1 <= PAGE_W and 0 <= y0 < y1 <= PAGE_H
        assert not any(x0 < u1 and u0 < x1 and y0 < v1 and v0 < y1 for u0, v0, u1, v1 in boxes)
        boxes.append((x0, y0, x1, y1))


def test_one_column_page_gives_the_same_articles(tmp_path):
    pages, columns = LAYOUTS["three-column"]
    three = newspaper(tmp_path / "three.pdf", pages, columns)
    one = newspaper(tmp_path / "one.pdf", [[Slot(s) for s in STORIES]], 1, font=cid_font())

    def key(path):
        return sorted((r["title"], r["byline"], r["chars"]) for r in articles(path))

    assert key(one) == key(three)


def test_each_page_is_read_on_its_own(tmp_path):
    continued = Story(A.title, (*A.paragraphs, "（下转第2版）"))
    rest = Story(A.title, ("（上接第1版）", "下一步，县总工会将在各乡镇设立服务点，让农民工就近反映诉求。"))
    path = newspaper(tmp_path / "issue.pdf", [[Slot(continued, 0), Slot(C, 1)], [Slot(B, 0), Slot(rest, 1)]], 2)
    rows = articles(path)
    assert [(r["id"], r["source_page"], r["title"]) for r in rows] == [
        ("issue.pdf#1", 1, A.title), ("issue.pdf#2", 1, C.title),
        ("issue.pdf#3", 2, B.title), ("issue.pdf#4", 2, A.title)]


def test_text_goes_through_opencc_once(tmp_path, monkeypatch):
    """A PDF's text is its regions' text joined: each region is converted to
    simplified characters once, not again as part of the document's text."""
    from kg import ingest

    seen, convert = [], ingest.to_simplified
    monkeypatch.setattr(ingest, "to_simplified", lambda text: seen.append(text) or convert(text))
    path = newspaper(tmp_path / "page.pdf", *LAYOUTS["two-column"])
    doc = ingest.read_document(ingest.InputFile(path, "page.pdf"))
    assert len(doc.regions) > 1
    assert sorted(seen) == sorted(r.text for r in doc.regions)
    assert doc.text == joined(doc.regions)


def test_kicker_and_subtitle_go_with_their_title(tmp_path):
    headed = Story(C.title, C.paragraphs, kicker="夜校开进工地", subtitle="三处工地每周两次课程")
    path = newspaper(tmp_path / "page.pdf", [[Slot(A, 0), Slot(B, 0), Slot(headed, 1), Slot(D, 1)]], 2)
    found, _ = read_articles([path])
    assert sorted(a.title for a in found) == sorted(s.title for s in STORIES)
    (c,) = [a for a in found if a.title == C.title]
    assert c.subtitles == ["夜校开进工地", "三处工地每周两次课程"]
    assert compact(c.body) == body(C)


def test_a_subheading_in_larger_type_stays_inside_its_article(tmp_path):
    sectioned = Story(D.title, (D.paragraphs[0], "## 专项检查覆盖全区", D.paragraphs[1]))
    path = newspaper(tmp_path / "page.pdf", [[Slot(A, 0), Slot(B, 0), Slot(C, 1), Slot(sectioned, 1)]], 2)
    found, _ = read_articles([path])
    assert sorted(a.title for a in found) == sorted(s.title for s in STORIES)
    (d,) = [a for a in found if a.title == D.title]
    assert d.body.splitlines() == [D.paragraphs[0], "专项检查覆盖全区", D.paragraphs[1]]


def test_build_keeps_page_and_box_in_articles_jsonl(tmp_path):
    pages, columns = LAYOUTS["two-column"]
    (tmp_path / "in").mkdir()
    newspaper(tmp_path / "in" / "page.pdf", pages, columns)
    (tmp_path / "in" / "note.txt").write_text(f"{B.title}\n\n{B.paragraphs[0]}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                       "--formats", "", "-q"])
    assert result.exit_code == 0, result.output

    def rows(directory):
        return [json.loads(line) for line in (directory / "articles.jsonl").open(encoding="utf-8")]

    built = rows(tmp_path / "out")
    assert [(r["file"], r["source_page"], len(r["source_box"] or [])) for r in built] == [
        ("note.txt", None, 0), *[("page.pdf", 1, 4)] * 4]
    assert rows(kg.load(tmp_path / "out").save(tmp_path / "copy")) == built


def scanned_pdf(path):
    """An image-only page, as a scanner writes it."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    image = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(image).rectangle((40, 40, 360, 80), fill=0)
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    canvas.drawImage(ImageReader(image), 36, 400, width=400, height=300)
    canvas.showPage()
    canvas.save()


def test_scanned_encrypted_and_damaged_pdfs_are_skipped_with_their_reasons(tmp_path):
    pages, columns = LAYOUTS["two-column"]
    good = newspaper(tmp_path / "good.pdf", pages, columns)
    scanned_pdf(tmp_path / "scan.pdf")
    newspaper(tmp_path / "locked.pdf", pages, columns, encrypt="secret")
    data = good.read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    (tmp_path / "fake.pdf").write_bytes(b"<html>not a pdf</html>\n%%EOF\n")
    (tmp_path / "nomap.pdf").write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))  # the fonts' maps gone
    result = ingest(tmp_path)
    assert result.exit_code == 0, result.output
    assert {r["file"] for r in json.loads(result.stdout)} == {"good.pdf"}
    skipped = dict(line.removeprefix("skipped ").split(": ", 1)
                   for line in result.stderr.splitlines() if line.startswith("skipped "))
    assert skipped == {
        "scan.pdf": SCANNED,
        "locked.pdf": "encrypted (a password is needed to open it)",
        "cut.pdf": "truncated PDF (no end-of-file marker)",
        "fake.pdf": "not a readable PDF (damaged, or not a PDF)",
        "nomap.pdf": UNMAPPED,
    }
    assert result.stderr.splitlines()[-1] == "processed 1 files, 4 articles; skipped 5"
