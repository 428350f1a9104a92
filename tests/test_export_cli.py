"""``kg export FORMAT`` and the filters every format shares."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from export_support import HRSS, IMG_NAME, PROCURATORATE, UNION, specimen_kg

from kg.cli import main
from kg.export import FORMATS, ExportError, export
from kg.export.filters import Filters, apply


def names(g) -> set[str]:
    return {d["name"] for d in g.nodes.values()}


@pytest.fixture(scope="module")
def graph():
    return specimen_kg().graph


def test_kind_relation_and_weight_filters(graph):
    assert {d["kind"] for d in apply(graph, Filters.of(kind="org")).nodes.values()} == {"org"}
    coop = apply(graph, Filters.of(relation=["cooperates_with"]))
    assert coop.number_of_nodes() == graph.number_of_nodes()
    assert {k for *_, k in coop.edges(keys=True)} == {"cooperates_with"}
    heavy = apply(graph, Filters.of(min_weight=2))
    assert sorted(d["weight"] for *_, d in heavy.edges(data=True)) == [2, 2, 3]


def test_org_type_and_province_keep_what_the_organisations_link_to(graph):
    unions = apply(graph, Filters.of(org_type=["union"]))
    assert {UNION, IMG_NAME, "一函两书", "营口市", "《关于加强劳动法律监督的意见》"} == names(unions)
    liaoning = apply(graph, Filters.of(province=["辽宁"]))
    assert {UNION, PROCURATORATE} <= names(liaoning) and HRSS not in names(liaoning)
    assert "义安区就业性别歧视案" in names(liaoning)  # the procuratorate is involved in it


def test_ego_by_alias_with_depth_and_top(graph):
    one = apply(graph, Filters.of(ego="营口市总", depth=1))  # an alias of 营口市总工会
    assert UNION in names(one) and PROCURATORATE in names(one) and "女职工" not in names(one)
    two = apply(graph, Filters.of(ego="营口市总工会", depth=2))
    assert "义安区就业性别歧视案" in names(two) and "女职工" not in names(two)
    top = apply(graph, Filters.of(top=2))
    assert names(top) == {UNION, "义安区就业性别歧视案"}


def test_unknown_or_ambiguous_ego_is_an_error(graph, tmp_path):
    with pytest.raises(ExportError, match="no node called"):
        export(specimen_kg(), "graphml", tmp_path / "g.graphml", ego="北京市总工会")
    with pytest.raises(ExportError, match="could be any of 2 nodes"):
        export(specimen_kg(), "graphml", tmp_path / "g.graphml", ego="总工会")
    assert not (tmp_path / "g.graphml").exists()


def test_filters_that_keep_nothing_are_an_error(tmp_path):
    with pytest.raises(ExportError, match=r"keep no node of the graph \(its kinds: article, case"):
        export(specimen_kg(), "html", tmp_path / "map.html", kind=["orgs"])
    assert not (tmp_path / "map.html").exists()


def test_exports_get_the_usual_permissions(tmp_path):
    """Atomic writes go through private temporary files; the result must not stay private."""
    import os

    mask = os.umask(0o022)
    try:
        assert export(specimen_kg(), "json", tmp_path / "g.json").stat().st_mode & 0o777 == 0o644
        assert export(specimen_kg(), "csv", tmp_path / "tables").stat().st_mode & 0o777 == 0o755
    finally:
        os.umask(mask)


def test_failed_export_keeps_the_previous_file(tmp_path):
    from bench.synthetic import synthetic_kg

    path = tmp_path / "map.png"
    path.write_bytes(b"previous map")
    with pytest.raises(ExportError, match="kamada-kawai is limited to 1000 nodes"):
        export(synthetic_kg(5000), "png", path, layout="kamada-kawai")  # 2000 organisations
    assert path.read_bytes() == b"previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_cli_exports_the_real_build(built, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(main, ["export", fmt, "--graph", str(built), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"wrote {out}"
    assert out.exists() and (out.is_dir() or out.stat().st_size > 200)


def test_cli_filters_and_errors(built, tmp_path):
    runner = CliRunner()
    out = tmp_path / "orgs.json"
    result = runner.invoke(main, ["export", "json", "--graph", str(built), "-o", str(out),
                                  "--kind", "org,mechanism", "--min-weight", "1", "--top", "30"])
    assert result.exit_code == 0, result.output
    bad = runner.invoke(main, ["export", "png", "--graph", str(built), "-o", str(tmp_path / "x.png"),
                               "--ego", "没有这个单位"])
    assert bad.exit_code == 1 and bad.output.startswith("Error: no node called") and "Traceback" not in bad.output
    missing = runner.invoke(main, ["export", "html", "--graph", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and len(missing.output.strip().splitlines()) == 1
    unknown = runner.invoke(main, ["export", "pdf", "--graph", str(built)])
    assert unknown.exit_code == 2 and "'pdf' is not one of" in unknown.output
