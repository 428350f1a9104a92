"""Made-up articles the build tests share (never text of real articles)."""
from __future__ import annotations

from pathlib import Path

STORY = """# 鞍山市总工会与鞍山市人民检察院联合开展欠薪治理

本报讯 近日，鞍山市总工会与鞍山市人民检察院召开联席会议，签署协作意见，共同推进根治欠薪工作。

会议指出，双方将建立线索移送机制，鞍山市总工会在工作中发现的欠薪线索及时移送鞍山市人民检察院。今年以来，双方联合办理欠薪案件12件，帮助86名农民工追回工资150万元。

鞍山市人力资源和社会保障局参加会议，并表示将与鞍山市总工会加强协作，畅通农民工维权渠道。
"""

OTHER = """# 丹东市总工会与丹东市中级人民法院建立诉调对接机制

本报讯 丹东市总工会与丹东市中级人民法院日前签署合作协议，在市总工会设立劳动争议诉调对接工作室。

工作室成立后，丹东市中级人民法院派驻法官定期指导调解员，丹东市总工会选派律师参与调解，推动劳动争议在诉前化解。
"""


def reposts(folder: Path) -> Path:
    """The same story three times: a GBK page with site navigation, a Big5
    copy in traditional script under a changed title line, a UTF-16 copy
    with an editor's line; plus one different story."""
    from opencc import OpenCC

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_site.txt").write_text("首页 > 新闻中心 > 工会动态\n\n" + STORY, encoding="gbk")
    (folder / "b_big5.txt").write_text(OpenCC("s2t").convert(STORY.replace("# ", "# 转载：")), encoding="big5")
    (folder / "c_utf16.txt").write_text(STORY + "\n责任编辑：李明\n", encoding="utf-16")
    (folder / "d_other.txt").write_text(OTHER, encoding="utf-8")
    return folder
