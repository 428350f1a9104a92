"""HTML export: one self-contained file, checked in headless Chromium with
the network off — no console error, no request outside the file, nodes on
screen, names and sentences shown as text (never run as markup). The map
opens on the cooperation network of organisations; the other kinds are
layers, filters and counts work in the page."""
from __future__ import annotations

import re

import pytest
import json

from click.testing import CliRunner
from export_support import IMG_NAME, PROCURATORATE, SCRIPT_NAME, UNION, specimen_kg

from kg.cli import main
from kg.export import export
from kg.export.html import MapOptions, map_data

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


def _data(path) -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(html.split('<script type="application/json" id="kg-data">')[1].split("</script>")[0])


def test_default_map_holds_organisations_and_cooperation_with_other_kinds_as_layers(tmp_path):
    data = _data(export(specimen_kg(), "html", tmp_path / "map.html"))
    assert {n["kind"] for n in data["nodes"]} == {"org"}
    assert {e["relation"] for e in data["edges"]} == {"cooperates_with"}
    assert {"mechanism", "case", "outcome"} <= set(data["layers"])
    assert not any(layer["on"] for layer in data["layers"].values())
    union = next(n for n in data["nodes"] if n["label"] == UNION)
    assert union["partners"] == 1 and union["central"]
    coop = next(e for e in data["edges"] if {e["from"], e["to"]} == {union["id"], _id(data, PROCURATORATE)})
    assert coop["weight"] == 3 and coop["evidence"][0]["file"] == "000.txt"
    asked = _data(export(specimen_kg(), "html", tmp_path / "layers.html", kind=["org", "mechanism"]))
    assert asked["layers"]["mechanism"]["on"] and set(asked["layers"]) == {"mechanism", "links"}


def _id(data: dict, label: str) -> str:
    return next(n["id"] for n in data["nodes"] if n["label"] == label)


def test_map_renders_offline_without_errors_or_requests(tmp_path, open_map):
    path = export(specimen_kg(), "html", tmp_path / "map.html", title="营口 <b>&</b> 合作网络")
    page, requests, errors = open_map(path)
    assert errors == []
    assert requests == [path.as_uri()]
    assert page.title() == "营口 <b>&</b> 合作网络"
    assert page.evaluate("window.kg.nodes.length") == 4  # the organisations that cooperate
    assert page.evaluate("window.kg.edges.length") == 2
    assert page.text_content("#kg-counts").startswith("4 个机构 organisations · 2 条合作")
    assert page.evaluate("window.kgPwned") is None
    assert "工会 union" in page.inner_text("#kg-types") and "市级 city" in page.inner_text("#kg-levels")
    page.get_by_label("机制 mechanism (2)").check()
    # both mechanisms, and the organisation that only uses one of them
    assert page.evaluate("window.kg.nodes.length") == 4 + 2 + 1
    assert page.text_content("#kg-counts").startswith("5 个机构 organisations · 2 条合作 cooperation links · 2 个其他节点")
    shot = tmp_path / "map.png"
    page.screenshot(path=str(shot))
    _assert_nodes_drawn(page, shot)


def test_search_and_details_show_partners_and_evidence_as_text(tmp_path, open_map):
    page, _, errors = open_map(export(specimen_kg(), "html", tmp_path / "map.html"))
    page.fill("#kg-query", "营口市总")
    page.press("#kg-query", "Enter")
    assert page.text_content("#kg-details h3") == UNION
    details = page.text_content("#kg-details")
    assert "合作伙伴 Partners (1)" in details and PROCURATORATE in details and "3 篇报道" in details
    assert "</script><script>window.kgPwned=1</script>" in details and "000.txt" in details
    assert "一函两书" in details  # its mechanism, although the layer is off
    page.fill("#kg-query", "onerror")
    page.press("#kg-query", "Enter")
    assert page.text_content("#kg-details h3") == IMG_NAME
    assert page.evaluate("document.querySelectorAll('#kg-details img, #kg-details script').length") == 0
    options = page.eval_on_selector_all("#kg-names option", "os => os.map(o => o.value)")
    assert SCRIPT_NAME.replace("\x01", "") in options
    assert page.evaluate("window.kgPwned") is None and errors == []


def test_ambiguous_search_lists_every_match(tmp_path, open_map):
    page, _, errors = open_map(export(specimen_kg(), "html", tmp_path / "map.html"))
    page.fill("#kg-query", "总工会")
    page.press("#kg-query", "Enter")
    assert page.text_content("#kg-details h3").startswith("2 个匹配")
    assert page.eval_on_selector_all("#kg-details .matches button", "bs => bs.map(b => b.textContent)") == \
        [UNION, IMG_NAME]
    page.click(f"#kg-details .matches button:text-is('{UNION}')")
    assert page.text_content("#kg-details h3") == UNION and errors == []


def test_selecting_a_node_fades_all_but_its_neighbours(tmp_path, open_map):
    page, _, errors = open_map(export(specimen_kg(), "html", tmp_path / "map.html"))
    colours = page.evaluate("""() => {
        const ids = window.kg.nodes.getIds(), union = ids.find(i => i.includes("营口市总工会"));
        window.kg.select(union);
        const body = window.kg.network.body.nodes;
        return Object.fromEntries(ids.map(i => [i, body[i].options.color.background]));
    }""")
    faded = {i for i, c in colours.items() if c == "#e4e4e4"}
    assert len(faded) == 2 and not any("营口" in i for i in faded) and errors == []


def test_tooltip_lists_attributes_as_text(tmp_path, open_map):
    page, _, errors = open_map(export(specimen_kg(), "html", tmp_path / "map.html"))
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


def test_filters_by_type_level_province_and_stories_update_the_counts(tmp_path, open_map):
    page, _, errors = open_map(export(specimen_kg(), "html", tmp_path / "map.html"))
    nodes = "window.kg.nodes.length"
    page.get_by_label("工会 union", exact=True).uncheck()
    assert page.evaluate(nodes) == 0  # no cooperation left
    assert page.is_visible("#kg-empty") and "没有可显示的关系" in page.text_content("#kg-empty")
    assert page.text_content("#kg-counts").startswith("0 个机构")
    page.get_by_label("工会 union", exact=True).check()
    assert not page.is_visible("#kg-empty")
    page.fill("#kg-weight", "2")
    assert page.evaluate(nodes) == 2 and page.evaluate("window.kg.edges.length") == 1
    page.fill("#kg-weight", "1")
    page.get_by_label("市级 city", exact=True).uncheck()
    assert page.evaluate(nodes) == 2  # the county union and the enterprise
    page.get_by_label("市级 city", exact=True).check()
    page.select_option("#kg-province", "辽宁省")
    assert page.evaluate(nodes) == 2 and page.text_content("#kg-counts").startswith("2 个机构")
    assert errors == []


def test_large_graph_shows_the_best_connected_and_says_how_to_narrow(tmp_path, open_map):
    from bench.synthetic import synthetic_kg

    kg = synthetic_kg(6000)  # 2400 organisations
    orgs = int((kg.nodes.kind == "org").sum())
    data = map_data(kg.graph, kg, options=MapOptions(max_orgs=300))
    assert len(data["nodes"]) <= 300 and data["hidden_orgs"] == orgs - 300
    assert all(flag in data["hidden_note"] for flag in ("--top", "--province", "--since"))
    page, requests, errors = open_map(export(kg, "html", tmp_path / "big.html"))
    assert errors == [] and len(requests) == 1
    assert page.evaluate("window.kg.network.physics.options.enabled") is False
    assert page.is_visible("#kg-hidden") and "--top" in page.text_content("#kg-hidden")
    _assert_nodes_drawn(page, tmp_path / "big.png")


def _assert_nodes_drawn(page, shot):
    """The canvas shows many pixels of the union colour, not a blank page."""
    from matplotlib.image import imread

    page.locator("#kg-network").screenshot(path=str(shot))
    pixels = (imread(shot)[..., :3] * 255).round().astype(int)
    union = ((abs(pixels - (213, 94, 0)).sum(axis=-1)) < 30).sum()
    assert union > 50


def test_a_filter_that_leaves_no_edge_says_so(tmp_path):
    specimen_kg().save(tmp_path / "out")
    result = CliRunner().invoke(main, ["export", "html", "--graph", str(tmp_path / "out"),
                                       "-o", str(tmp_path / "map.html"), "--min-weight", "9"])
    assert result.exit_code == 0, result.output
    assert "leave no edge" in result.output and "--min-weight" in result.output


def test_maps_leave_out_nodes_without_edges_unless_asked(tmp_path):
    kg = specimen_kg()
    lonely = {n for n in kg.graph if not kg.graph.degree(n)}
    assert lonely
    html = export(kg, "html", tmp_path / "map.html").read_text(encoding="utf-8")
    assert not any(f'"{n}"' in html for n in lonely)
    data = _data(export(kg, "html", tmp_path / "all.html", isolated=True))
    assert data["isolated"] and {n["id"] for n in data["nodes"]} == {
        n for n, d in kg.graph.nodes(data=True) if d["kind"] == "org"}
