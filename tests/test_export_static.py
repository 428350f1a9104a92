"""PNG/SVG maps: CJK labels in a font that has their glyphs, legend and
title, three layouts (geo from the divisions' coordinates)."""
from __future__ import annotations

import pytest
from export_support import HRSS, UNION, specimen_kg
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from matplotlib.image import imread

from kg.export import export
from kg.export.common import display_name
from kg.export.layout import coordinates, layout
from kg.export.static import cjk_font, draw


def test_labels_use_a_font_with_every_glyph():
    """No tofu: the chosen font maps every character of every label."""
    g = specimen_kg().graph
    font = FT2Font(font_manager.findfont(font_manager.FontProperties(family=cjk_font()), fallback_to_default=False))
    chars = {c for n, d in g.nodes(data=True) for c in display_name(n, d) if not c.isascii()}
    assert chars and all(font.get_char_index(ord(c)) for c in chars)


def test_figure_has_title_legend_and_top_labels():
    g = specimen_kg().graph
    fig = draw(g, layout(g, "spring"), title="合作网络", font=cjk_font())
    ax = fig.axes[0]
    assert ax.get_title() == "合作网络"
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {"合作 cooperates with", "工会 union", "检察院 procuratorate", "机制 mechanism", "案件 case"} <= legend
    labels = {t.get_text() for t in ax.texts}
    assert UNION in labels and all(t.get_fontfamily()[0] == cjk_font() for t in ax.texts)


def test_labels_never_overlap():
    from bench.synthetic import synthetic_kg

    g = synthetic_kg(400).graph
    fig = draw(g, layout(g, "spring"), title="t", font=cjk_font())
    boxes = [t.get_window_extent() for t in fig.axes[0].texts]
    assert 5 <= len(boxes) <= 25
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


@pytest.mark.parametrize("layout_name", ["spring", "kamada-kawai", "geo"])
def test_png_is_drawn_with_each_layout(tmp_path, layout_name):
    path = export(specimen_kg(), "png", tmp_path / "map.png", layout=layout_name)
    pixels = imread(path)
    assert pixels.shape[0] > 800 and pixels.shape[1] > 1000
    union_colour = ((abs(pixels[..., :3] * 255 - (213, 94, 0)).sum(axis=-1)) < 30).sum()
    assert union_colour > 100


def test_svg_holds_title_and_paths(tmp_path):
    svg = export(specimen_kg(), "svg", tmp_path / "map.svg", title="营口 & 义安").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<dc:title>营口 &amp; 义安</dc:title>" in svg
    assert svg.count("<path") > 50


def test_geo_places_organisations_by_longitude_and_latitude():
    g = specimen_kg().graph
    pos = layout(g, "geo")
    ids = {d["name"]: n for n, d in g.nodes(data=True)}
    lon, lat = coordinates(g.nodes[ids[UNION]])
    assert (round(lon), round(lat)) == (122, 41)  # 营口市
    assert abs(pos[ids[UNION]][0] - 122.2) < 0.5 and pos[ids[HRSS]][0] < pos[ids[UNION]][0]
    case = ids["义安区就业性别歧视案"]  # no coordinates: placed near its organisations
    assert 110 < pos[case][0] < 125 and 25 < pos[case][1] < 45



def test_svg_keeps_labels_as_text_in_the_cjk_font(tmp_path):
    svg = export(specimen_kg(), "svg", tmp_path / "map.svg", title="营口合作").read_text(encoding="utf-8")
    assert "<text" in svg and UNION in svg and cjk_font() in svg


def test_labels_title_dpi_and_size_are_set_by_the_caller(tmp_path):
    from bench.synthetic import synthetic_kg

    kg = synthetic_kg(400)
    small = export(kg, "png", tmp_path / "small.png", size=(9, 6), dpi=50, labels=3, title="三个标签")
    assert imread(small).shape[1] <= 9 * 50 + 20
    svg = export(kg, "svg", tmp_path / "map.svg", labels=3, title="三个标签").read_text(encoding="utf-8")
    labels = {display_name(n, d) for n, d in kg.graph.nodes(data=True)}
    assert sum(f">{label}<" in svg for label in labels) == 3 and "三个标签" in svg
