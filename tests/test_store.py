"""The record store (kg.store): parts written by anyone, in any split, reduce
to the same tables; reposts fold into their story in the reduce."""
from __future__ import annotations

import pandas as pd

from kg.graph import EDGE_COLUMNS, NODE_COLUMNS
from kg.models import Article, RenderedRecords
from kg.store import Order, Reduce, write_part


def records(doc: str, outcomes: list[tuple[str, int, float]], org: str = "org:甲@210800") -> RenderedRecords:
    """An article of ``doc`` (file#n) whose org resulted in ``outcomes``
    (metric, offset, value), each with its evidence and mention."""
    ids = [f"outcome:{doc}:{start}" for _, start, _ in outcomes]
    graph = {"nodes": ((f"article:{doc}", "article"), (org, "org"), *((i, "outcome") for i in ids)),
             "values": ((f"article:{doc}", "name", "标题"), (org, "name", org[4:-7]), (org, "level", "city"),
                        *(v for i, (metric, _, value) in zip(ids, outcomes)
                          for v in ((i, "metric", metric), (i, "value", value), (i, "unit", "元")))),
             "aliases": ((org, "甲会"),),
             "edges": tuple((org, i, "resulted_in", doc, "2024-01-02") for i in ids)}
    file = doc.split("#")[0]
    evidence = "".join(f"resulted_in,{org},{i},{doc},{file},句子，有逗号,rule,2024-01-02,\r\n" for i in ids)
    mentions = "".join(f"{i},{doc},{file},{start},{start + 4},追回欠薪\r\n"
                       for i, (_, start, _) in zip(ids, outcomes))
    return RenderedRecords(Article(doc, file, "标题", "正文", body="正文"), mentions, evidence, graph)


def reduce(directory, articles: list[RenderedRecords], stories: dict[str, str], splits: list[list[int]]):
    """The tables of ``articles`` written as parts ``splits`` (indices into
    ``articles``), in input order with their ``stories``."""
    for split in splits:
        write_part([articles[i] for i in split], directory)
    order = Order(directory)
    for r in articles:
        order.add(r.article.id, stories.get(r.article.id, r.article.id))
    order.close()
    with Reduce(directory) as r:
        columns = r.assemble(NODE_COLUMNS)
        return (pd.DataFrame(list(r.rows("nodes")), columns=columns),
                pd.DataFrame(list(r.rows("edges")), columns=EDGE_COLUMNS),
                list(r.rows("mentions")), list(r.rows("evidence")), [line for (line,) in r.rows("articles")])


CORPUS = [records("a.txt#1", [("追回欠薪", 10, 150.0)]),
          records("b.txt#1", [("追回欠薪", 12, 150.0), ("补助", 40, 3.0)]),
          records("c.txt#1", [("补助", 7, 3.0)], org="org:乙@210800")]
STORIES = {"b.txt#1": "a.txt#1"}  # b reposts a's story


def test_a_reposts_shared_outcome_folds_and_its_own_stays(tmp_path):
    nodes, edges, mentions, evidence, _ = reduce(tmp_path, CORPUS, STORIES, [[0, 1, 2]])
    outcomes = set(nodes[nodes.kind == "outcome"].id)
    assert "place:营口市@210800" not in set(nodes.id)  # no province or city: no place
    assert outcomes == {"outcome:a.txt#1:10", "outcome:b.txt#1:40", "outcome:c.txt#1:7"}
    weights = {(s, t): w for s, t, w in edges[["source", "target", "weight"]].itertuples(index=False)}
    # a's outcome is told twice by one story: weight 1
    assert weights[("org:甲@210800", "outcome:a.txt#1:10")] == 1
    # the repost keeps its rows (its file), naming the story's outcome
    assert ("outcome:a.txt#1:10", "b.txt#1", "b.txt", 12, 16, "追回欠薪") in mentions
    assert any(row[2] == "outcome:a.txt#1:10" and row[3] == "b.txt#1" for row in evidence)


def test_nodes_merge_by_id_with_the_most_frequent_value(tmp_path):
    nodes, edges, *_ = reduce(tmp_path, CORPUS, {}, [[0, 1, 2]])
    org = nodes.set_index("id").loc["org:甲@210800"]
    assert (org["kind"], org["name"], org["level"], org["aliases"]) == ("org", "甲", "city", "甲会")
    outcome = nodes.set_index("id").loc["outcome:a.txt#1:10"]
    assert (outcome["metric"], outcome["value"], outcome["unit"]) == ("追回欠薪", "150.0", "元")
    assert list(edges.columns) == ["source", "target", "relation", "weight", "first_date", "last_date"]
    assert set(edges.first_date) == {"2024-01-02"}


def test_parts_reduce_alike_whoever_wrote_them_and_however_split(tmp_path):
    whole = reduce(tmp_path / "one", CORPUS, STORIES, [[0, 1, 2]])
    apart = reduce(tmp_path / "three", CORPUS, STORIES, [[2], [0], [1]])
    assert whole[0].equals(apart[0]) and whole[1].equals(apart[1])
    assert whole[2:] == apart[2:]
    assert [line[:20] for line in apart[4]] == ['{"id": "a.txt#1", "f', '{"id": "b.txt#1", "f',
                                                '{"id": "c.txt#1", "f']


def test_a_batch_written_twice_is_one_part(tmp_path):
    assert write_part(CORPUS[:2], tmp_path) == write_part(CORPUS[:2], tmp_path)
    assert len(list(tmp_path.iterdir())) == 1


def test_an_empty_build_reduces_to_empty_tables(tmp_path):
    nodes, edges, mentions, evidence, articles = reduce(tmp_path, [], {}, [])
    assert (len(nodes), len(edges), mentions, evidence, articles) == (0, 0, [], [], [])
