"""Part-of-speech tags of dictionary words come from jieba-rs (the tokenizer's
library), the same tags as jieba's own table, so jieba is not a second
segmenter at run time."""
from __future__ import annotations

import subprocess
import sys

import rjieba

from kg.extract.orgs import word_tag


def test_tags_are_jiebas_dictionary_tags():
    """Every word jieba-rs cuts in two when alone (rare words), and a sample
    of the rest, gets its tag from jieba's table."""
    import jieba.posseg

    table = jieba.posseg.dt.word_tag_tab
    rare = [w for w in table if len(rjieba.cut(w, hmm=False)) > 1 and all("\u4e00" <= c <= "\u9fff" for c in w)]
    assert len(rare) > 1000
    sample = rare + list(table)[::50]
    assert [word_tag(w) for w in sample] == [table[w] for w in sample]


def test_words_outside_the_dictionary_get_the_default():
    assert word_tag("营口市总工会") == ""
    assert word_tag("营口市总工会", "x") == "x"
    assert (word_tag("开展"), word_tag("日前"), word_tag("北京")) == ("v", "t", "ns")


def test_looking_up_rare_words_leaves_the_tokenizer_alone():
    before = rjieba.cut("一上午一个家", hmm=False)
    assert word_tag("一上") == "s" and word_tag("一个家") == "m"
    assert rjieba.cut("一上午一个家", hmm=False) == before


def test_extraction_does_not_import_jieba():
    code = ("import sys; from kg.extract import load_pipeline; nlp = load_pipeline(); "
            "nlp('营口市总工会与营口市人民检察院开展线索移送。'); print('jieba' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
