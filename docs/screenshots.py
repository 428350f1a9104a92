"""Screenshots of the README: the default map, the geographic map and a
report on the sample corpus, taken in headless Chromium with the network
off. Run from the repository root: ``.venv/bin/python docs/screenshots.py``."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import kg
from kg.export import export
from kg.export import report

DOCS = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def main(corpus: str = "data") -> None:
    with tempfile.TemporaryDirectory(prefix="kg-shots-") as tmp:
        out = Path(tmp)
        g = kg.build([corpus], out=out / "out", formats=())
        pages = {
            "map.png": (export(g, "html", out / "map.html"), {"width": 1500, "height": 900}, False),
            "geo.png": (export(g, "html", out / "geo.html", layout="geo"), {"width": 1500, "height": 900}, False),
            "report.png": (report.write(g, out / "report.html", report.subject(g, org="营口市总工会")),
                           {"width": 1000, "height": 1600}, True),
        }
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, (path, viewport, is_report) in pages.items():
                page = browser.new_context(offline=True, viewport=viewport).new_page()
                page.goto(path.as_uri())
                if not is_report:
                    page.wait_for_function("window.kgReady === true", timeout=120_000)
                    page.wait_for_timeout(1000)
                page.screenshot(path=str(DOCS / name))
                print(f"wrote {DOCS / name}")
            browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
