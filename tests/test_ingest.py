"""Ingest: files found deterministically, any encoding decoded by sniffing,
traditional characters simplified, HTML reduced to its visible article text."""
from __future__ import annotations

import pytest

from kg.ingest import CorpusError, decode, iter_documents, list_files
from kg.models import Document, Skipped
from kg.segment import segment

# real sentences of data/000_d82cd269491dd9c4.txt
LEAD = ("营口市总工会与市检察院协同发力，通过行政公益诉讼诉前程序成功督促相关行政机关履职，"
        "保障女职工的合法权益，并探索建立“工会+检察”常态化协作机制，为女职工撑起一片法治晴空。")
TITLE = "“工会+检察”为女职工撑起一片法治晴空"
PAGE = f"{TITLE}\n\n本报讯（记者刘旭 通讯员宋昕泽）{LEAD}\n"
TRADITIONAL_TITLE = "工會驛站裡的溫馨生日會"
TRADITIONAL_LEAD = "營口市總工會與市檢察院協同發力，通過行政公益訴訟訴前程序成功督促相關行政機關履職，保障女職工的合法權益。"


def read_one(path) -> Document | Skipped:
    (item,) = list(iter_documents([path]))
    return item


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-be"])
def test_simplified_page_decodes_in_every_encoding(tmp_path, codec):
    path = tmp_path / "page.txt"
    data = PAGE.encode(codec)
    if codec == "utf-16-be":  # with its BOM, as editors write it
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == PAGE
    assert doc.original == PAGE


@pytest.mark.parametrize("text", [f"{TRADITIONAL_TITLE}\n\n{TRADITIONAL_LEAD}", TRADITIONAL_TITLE],
                         ids=["page", "title"])
def test_big5_traditional_text_comes_out_simplified(tmp_path, text):
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    doc = read_one(path)
    assert doc.encoding == "big5"
    assert doc.original == text
    assert doc.text.startswith("工会驿站里的温馨生日会")
    if "營口" in text:
        assert "营口市总工会与市检察院协同发力" in doc.text


def test_gbk_bytes_are_not_mistaken_for_big5(tmp_path):
    """Each legacy codec decodes the other's bytes without error; only the
    characters tell them apart."""
    path = tmp_path / "short.txt"
    path.write_bytes(TITLE.encode("gbk"))
    assert read_one(path).text == TITLE


def test_traditional_utf8_text_is_simplified_and_kept(tmp_path):
    path = tmp_path / "trad.md"
    path.write_text(f"# {TRADITIONAL_TITLE}\n\n{TRADITIONAL_LEAD}\n", encoding="utf-8")
    doc = read_one(path)
    assert doc.format == "md"
    assert TRADITIONAL_LEAD in doc.original
    (article,) = segment(doc)
    assert article.title == "工会驿站里的温馨生日会"
    assert article.body.startswith("营口市总工会与市检察院协同发力")


def test_directory_is_walked_sorted_with_paths_relative_to_it(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    for rel in ["z.txt", "b/c/y.md", "b/a.htm", ".hidden.txt", ".git/config.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(PAGE, encoding="utf-8")
    assert [f.rel for f in list_files([tmp_path])] == ["b/a.htm", "b/c/y.md", "z.txt"]
    assert [f.rel for f in list_files([tmp_path / "b" / "c" / "y.md"])] == ["y.md"]
    assert [f.rel for f in list_files([tmp_path / "z.txt", tmp_path])] == ["z.txt", "b/a.htm", "b/c/y.md"]


def test_missing_path_raises_at_once(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        iter_documents([tmp_path / "nope"])


def test_decode_reports_the_codec_it_chose():
    assert decode(PAGE.encode("gb18030")).encoding == "gb18030"
    assert decode(PAGE.encode("utf-8")).encoding == "utf_8"


HTML = f"""<!DOCTYPE html><html><head><meta charset="gbk">
<title>{TITLE}_工人日报</title>
<meta property="article:published_time" content="2025-08-20T09:30:00+08:00">
<style>.nav {{ color: red }}</style><script>var tracker = "广告脚本内容";</script></head>
<body><nav><a href="/">首页</a><a href="/news">要闻</a><a href="/union">工会</a></nav>
<article><h1>{TITLE}</h1>
<p>本报讯（记者刘旭 通讯员宋昕泽）{LEAD}</p>
<p>近年来，女职工在求职、履职过程中面临的权益保障问题日益引发社会关注。为回应这一关切，
2025年3月，营口市总与市检察院启动协同监督，以工会提供的用工名单为基础，运用大数据法律监督模型，
对辖区内用人单位的女职工工伤保险缴纳情况进行精准筛查。</p>
<h2>协同监督</h2>
<p>针对发现的问题，营口市检察院于5月16日依法向相关行政机关发出了行政公益诉讼检察建议。</p>
<p><img src="meeting.jpg"></p><p>图为圆桌会议现场。（记者 刘旭 摄）</p>
<p>营口市总与市检察院于8月14日召开圆桌会议，就进一步加强沟通互联、线索移送达成共识。</p>
</article><footer>版权所有 工人日报社 京ICP备</footer>
<script>document.write("页面脚本")</script></body></html>"""


def test_html_keeps_the_visible_article_only(tmp_path):
    path = tmp_path / "post.html"
    path.write_bytes(HTML.encode("gbk"))
    doc = read_one(path)
    assert doc.encoding == "gbk"
    assert doc.format == "html"
    assert doc.date == "2025-08-20"
    for hidden in ("广告脚本内容", "页面脚本", "color: red", "首页", "京ICP备"):
        assert hidden not in doc.text
    (article,) = segment(doc)  # a web page is one post: subheadings and pictures stay inside
    assert article.title == TITLE
    assert article.byline == "本报讯（记者刘旭 通讯员宋昕泽）"
    assert article.body.startswith("营口市总工会与市检察院协同发力")
    assert "\n协同监督\n" in article.body
    assert article.body.endswith("线索移送达成共识。")
    assert article.date == "2025-08-20"


def test_tiny_html_falls_back_to_its_visible_text(tmp_path):
    path = tmp_path / "tiny.htm"
    path.write_text(f"<html><body><script>var x=1;</script><p>{TITLE}</p></body></html>",
                    encoding="utf-8")
    doc = read_one(path)
    assert doc.text.strip() == TITLE


def test_markdown_front_matter_gives_title_and_date(tmp_path):
    path = tmp_path / "post.md"
    path.write_text(f'---\ntitle: "{TITLE}"\ndate: 2025-08-20 09:30\ntags: [工会]\n---\n\n{LEAD}\n',
                    encoding="utf-8")
    doc = read_one(path)
    assert doc.date == "2025-08-20"
    (article,) = segment(doc)
    assert article.title == TITLE
    assert article.body == LEAD
    assert article.date == "2025-08-20"
