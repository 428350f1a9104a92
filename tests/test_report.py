"""kg report: a self-contained printable Chinese page on an organisation, a
province or a mechanism, with the evidence sentence, its article's title and
file under every statement; rendered in headless Chromium offline."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from click.testing import CliRunner
from export_support import PROCURATORATE, UNION, specimen_kg

from kg.cli import main

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture
def built(tmp_path):
    kg = specimen_kg()
    kg.articles = pd.DataFrame([{"id": "000.txt#1", "file": "000.txt", "title": "营口市总与检察院协同监督",
                                 "subtitles": [], "byline": "", "date": "", "text": "……"}])
    kg.save(tmp_path / "out")
    return tmp_path / "out"


def _report(built, tmp_path, *args) -> str:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--graph", str(built), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_org_report_has_figures_partners_mechanisms_cases_and_evidence(built, tmp_path):
    page = _report(built, tmp_path, "--org", "营口市总")
    assert f"<h1>{UNION} 合作报告</h1>" in page
    assert "合作伙伴" in page and PROCURATORATE in page and '<td class="num">3</td>' in page
    assert "一函两书" in page and "《关于加强劳动法律监督的意见》" not in page.split("运用的机制")[1][:200]
    assert "《营口市总与检察院协同监督》" in page and "000.txt" in page
    # the sentences are escaped text: their markup never runs
    assert "&lt;/script&gt;&lt;script&gt;window.kgPwned=1" in page and "<script" not in page
    assert "<svg" in page and "<text" in page  # the map, labels as text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)


def test_province_and_mechanism_reports(built, tmp_path):
    province = _report(built, tmp_path, "--province", "安徽")
    assert "安徽 劳动权益协作报告" in province and "义安区就业性别歧视案" in province
    mechanism = _report(built, tmp_path, "--mechanism", "一函两书")
    assert "机制报告：一函两书" in mechanism and UNION in mechanism and "义安区就业性别歧视案" in mechanism
    assert "追回欠薪117.5万余元" in mechanism  # the case's outcome


def test_unknown_or_missing_subject_is_a_one_line_error(built, tmp_path):
    for args in (["--org", "不存在的机构"], []):
        result = CliRunner().invoke(main, ["report", "--graph", str(built), *args])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert result.output.startswith("Error:")


def test_report_renders_and_prints_offline_in_chromium(built, tmp_path):
    from playwright.sync_api import sync_playwright

    _report(built, tmp_path, "--org", UNION)
    path = tmp_path / "report.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_context(offline=True).new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(path.as_uri())
        assert requests == [path.as_uri()] and errors == []
        assert page.locator(".figure").count() == 5 and "合作伙伴" in page.inner_text("main")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4")
        browser.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
