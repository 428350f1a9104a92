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
