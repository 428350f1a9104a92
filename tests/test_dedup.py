"""Reposts count once: the same story in GBK, Big5 (traditional script) and
UTF-16, with different chrome and title lines, is one story of weight 1, one
group in duplicates.csv, and every copy keeps its provenance."""
from __future__ import annotations

import csv

import pandas as pd
from click.testing import CliRunner
from corpus_support import OTHER, STORY, reposts

from kg.cli import main
from kg.dedup import Deduplicator
from kg.models import Article
from kg.pipeline import build_corpus


def rows(path):
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_three_encodings_of_one_story_weigh_one(tmp_path):
    out = tmp_path / "out"
    report = build_corpus([reposts(tmp_path / "corpus")], out, jobs=1, formats=())
    assert report.articles == 4 and report.duplicates == 2
    edges = pd.read_csv(out / "edges.csv")
    assert set(edges.weight) == {1}
    coop = edges[(edges.relation == "cooperates_with") & edges.source.str.contains("鞍山")]
    assert len(coop) >= 1
    groups = rows(out / "duplicates.csv")
    assert {r["story"] for r in groups} == {"a_site.txt#1"}
    assert sorted(r["file"] for r in groups) == ["a_site.txt", "b_big5.txt", "c_utf16.txt"]
    assert all(float(r["similarity"]) >= 0.8 for r in groups)
    # provenance: the evidence of the cooperation names every copy
    evidence = pd.read_csv(out / "evidence.csv")
    pair = coop.iloc[0]
    files = set(evidence[(evidence.source == pair.source) & (evidence.target == pair.target)
                         & (evidence.relation == "cooperates_with")].file)
    assert files == {"a_site.txt", "b_big5.txt", "c_utf16.txt"}
    # the copies' outcomes are the story's outcomes, which their mentions name
    nodes = pd.read_csv(out / "nodes.csv")
    outcomes = set(nodes[nodes.kind == "outcome"].id)
    assert outcomes and all(o.startswith("outcome:a_site.txt#1:") for o in outcomes)
    mentions = pd.read_csv(out / "mentions.csv")
    named = mentions[mentions.node_id.isin(outcomes)]
    assert set(named.file) == {"a_site.txt", "b_big5.txt", "c_utf16.txt"}
    assert set(mentions.node_id) <= set(nodes.id) and set(evidence.target) <= set(nodes.id)


def test_dedup_is_the_same_in_a_cached_rebuild(tmp_path):
    corpus = reposts(tmp_path / "corpus")
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1, formats=())
    first = {n: (out / n).read_bytes() for n in ("edges.csv", "duplicates.csv")}
    (corpus / "e_new.txt").write_text(OTHER.replace("丹东", "锦州"), encoding="utf-8")
    report = build_corpus([corpus], out, jobs=1, formats=())
    assert report.cached == 4 and report.duplicates == 2
    (corpus / "e_new.txt").unlink()
    build_corpus([corpus], out, jobs=1, formats=())
    assert {n: (out / n).read_bytes() for n in first} == first
    again = build_corpus([corpus], out, jobs=1, formats=())
    assert again.unchanged


def test_summary_and_info_count_reposts(tmp_path):
    corpus = reposts(tmp_path / "corpus")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "-q", "--jobs", "1",
                                       "--formats", ""])
    assert result.exit_code == 0, result.output
    assert "2 repost(s) of earlier stories counted once" in result.output
    info = CliRunner().invoke(main, ["info", "--graph", str(out), "--json"])
    assert '"reposts": 2' in info.output and '"stories": 2' in info.output


def article(i: int, body: str) -> Article:
    return Article(f"f{i}.txt#1", f"f{i}.txt", "标题", body, body=body)


def test_different_stories_stay_apart():
    d = Deduplicator()
    assert d.add(article(1, STORY)) == "f1.txt#1"
    assert d.add(article(2, OTHER)) == "f2.txt#1"
    # the same template with other names and figures is another story
    assert d.add(article(3, STORY.replace("鞍山", "本溪").replace("12件", "7件").replace("86名", "40名"))) == "f3.txt#1"
    assert d.groups() == []


def test_punctuation_and_spacing_do_not_split_a_story():
    d = Deduplicator()
    d.add(article(1, STORY))
    assert d.add(article(2, STORY.replace("，", ", ").replace("\n\n", "\n"))) == "f1.txt#1"


def test_a_reposts_own_outcome_stays_and_shared_ones_fold():
    from kg.dedup import Folder
    from kg.models import RenderedRecords

    def records(doc: str, outcomes: list[tuple[str, int, float]]) -> RenderedRecords:
        ids = [f"outcome:{doc}:{start}" for _, start, _ in outcomes]
        graph = {"nodes": tuple((i, "outcome") for i in ids),
                 "values": tuple(v for i, (metric, _, value) in zip(ids, outcomes)
                                 for v in ((i, "metric", metric), (i, "value", value), (i, "unit", "元"))),
                 "aliases": (), "edges": tuple(("org:甲", i, "resulted_in", doc, "") for i in ids)}
        evidence = "".join(f"resulted_in,org:甲,{i},{doc},{doc[:-2]},句子,rule,\n" for i in ids)
        return RenderedRecords(Article(doc, doc[:-2], "标题", "正文", body="正文"), "", evidence, graph)

    folder = Folder()
    first = records("a.txt#1", [("追回欠薪", 10, 150.0)])
    assert folder.fold(first, "a.txt#1") is first
    copy = folder.fold(records("b.txt#1", [("追回欠薪", 12, 150.0), ("补助", 40, 3.0)]), "a.txt#1")
    assert {n for n, _ in copy.graph["nodes"]} == {"outcome:a.txt#1:10", "outcome:b.txt#1:40"}
    assert {(e[1], e[3]) for e in copy.graph["edges"]} == {("outcome:a.txt#1:10", "a.txt#1"),
                                                          ("outcome:b.txt#1:40", "a.txt#1")}
    assert "outcome:a.txt#1:10,b.txt#1,b.txt" in copy.evidence
