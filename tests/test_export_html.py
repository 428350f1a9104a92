"""HTML export: one self-contained file, checked in headless Chromium with
the network off — no console error, no request outside the file, nodes on
screen, names and sentences shown as text (never run as markup)."""
from __future__ import annotations

import re

import pytest
from export_support import IMG_NAME, SCRIPT_NAME, UNION, specimen_kg

from kg.export import export

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def open_map(browser):
    """Open an exported file offline; returns (page, requests, errors)."""
    contexts = []

    def _open(path):
        context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function("window.kgReady === true", timeout=60_000)
        return page, requests, errors

    yield _open
    for c in contexts:
        c.close()


def test_self_contained_file_with_safe_embedded_data(tmp_path):
    path = export(specimen_kg(), "html", tmp_path / "map.html")
    html = path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # nothing written beside it
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    data = html.split('<script type="application/json" id="kg-data">')[1].split("</script>")[0]
    assert "<" not in data  # a name holding </script> cannot close the data block
    assert "vis.Network" in html and "vis-network" in html


def test_map_renders_offline_without_errors_or_requests(tmp_path, open_map):
    path = export(specimen_kg(), "html", tmp_path / "map.html", title="营口 <b>&</b> 合作网络",
                  isolated=True)
    page, requests, errors = open_map(path)
    assert errors == []
    assert requests == [path.as_uri()]
    assert page.title() == "营口 <b>&</b> 合作网络"
    assert page.evaluate("window.kg.nodes.length") == 14
    assert page.evaluate("window.kgPwned") is None
    legend = page.inner_text("#kg-legend")
    assert "工会 union" in legend and "合作 cooperates with" in legend
    assert "机制 mechanism" in page.inner_text("#kg-kinds")
    shot = tmp_path / "map.png"
    page.screenshot(path=str(shot))
    _assert_nodes_drawn(page, shot)


def test_search_and_details_show_names_and_evidence_as_text(tmp_path, open_map):
    page, _, errors = open_map(export(specimen_kg(), "html", tmp_path / "map.html", isolated=True))
    page.fill("#kg-query", "营口市总")
    page.press("#kg-query", "Enter")
    assert page.text_content("#kg-details h3") == UNION
    details = page.text_content("#kg-details")
    assert "cooperates_with" in details and "</script><script>window.kgPwned=1</script>" in details
    page.fill("#kg-query", "onerror")
    page.press("#kg-query", "Enter")
    assert page.text_content("#kg-details h3") == IMG_NAME
    assert page.evaluate("document.querySelectorAll('#kg-details img, #kg-details script').length") == 0
    options = page.eval_on_selector_all("#kg-names option", "os => os.map(o => o.value)")
    assert SCRIPT_NAME.replace("\x01", "") in options
    assert page.evaluate("window.kgPwned") is None and errors == []


def test_tooltip_lists_attributes_as_text(tmp_path, open_map):
    page, _, errors = open_map(export(specimen_kg(), "html", tmp_path / "map.html", isolated=True))
    x, y = page.evaluate("""() => {
        const net = window.kg.network, box = document.getElementById("kg-network").getBoundingClientRect();
        const id = window.kg.nodes.getIds().find(i => i.includes("onerror"));
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        return [p.x + box.left, p.y + box.top]; }""")
    page.mouse.move(x, y)
    tip = page.wait_for_selector(".vis-tooltip .kg-tip", state="visible")
    assert tip.query_selector("h4").text_content() == IMG_NAME
    assert "org_type" in tip.text_content() and "浙江省" in tip.text_content()
    assert page.evaluate("document.querySelectorAll('.vis-tooltip img').length") == 0 and errors == []


def test_filters_hide_kinds_relations_and_light_edges(tmp_path, open_map):
    page, _, errors = open_map(export(specimen_kg(), "html", tmp_path / "map.html", isolated=True))
    edges = page.evaluate("window.kg.edges.length")
    page.get_by_label("组织 organisation", exact=True).uncheck()
    assert page.evaluate("window.kg.nodes.length") == 9
    page.get_by_label("组织 organisation", exact=True).check()
    page.get_by_label("涉及 concerns", exact=True).uncheck()
    assert page.evaluate("window.kg.edges.length") == edges - 2
    page.fill("#kg-weight", "2")
    assert page.evaluate("window.kg.edges.length") == 3  # weights 3, 2 and 2
    page.select_option("#kg-province", "辽宁省")
    # its two organisations, and the place, mechanism, document and case linked to them
    assert page.evaluate("window.kg.nodes.length") == 2 + 4
    assert errors == []


def test_large_graph_opens_with_a_precomputed_layout(tmp_path, open_map):
    from kg.export.bench import synthetic_kg

    kg = synthetic_kg(5000)
    page, requests, errors = open_map(export(kg, "html", tmp_path / "big.html", isolated=True))
    assert errors == [] and len(requests) == 1
    assert page.evaluate("window.kg.nodes.length") == kg.graph.number_of_nodes()
    assert page.evaluate("window.kg.network.physics.options.enabled") is False
    _assert_nodes_drawn(page, tmp_path / "big.png")


def _assert_nodes_drawn(page, shot):
    """The canvas shows many pixels of node colours, not a blank page."""
    from matplotlib.image import imread

    page.locator("#kg-network").screenshot(path=str(shot))
    pixels = (imread(shot)[..., :3] * 255).round().astype(int)
    union_red = ((abs(pixels - (214, 39, 40)).sum(axis=-1)) < 30).sum()
    assert union_red > 50


def test_maps_leave_out_nodes_without_edges_unless_asked(tmp_path):
    kg = specimen_kg()
    lonely = {n for n in kg.graph if not kg.graph.degree(n)}
    assert lonely
    html = export(kg, "html", tmp_path / "map.html").read_text(encoding="utf-8")
    assert not any(f'"{n}"' in html for n in lonely)
    assert all(kg.graph.nodes[n]["name"] in export(kg, "html", tmp_path / "all.html", isolated=True)
               .read_text(encoding="utf-8") for n in lonely)
