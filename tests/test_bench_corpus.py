"""The bench's growing corpus (bench/growing.py): copies of data/ moved to
other places that are neither reposts of each other nor repeats of the
same organisations, and the same files on every run."""
from pathlib import Path

from bench.growing import write_corpus
from kg.api import read_articles
from kg.dedup import Deduplicator
from kg.extract.divisions import gazetteer

DATA = Path(__file__).resolve().parent.parent / "data"


def test_copy_zero_is_data_and_every_copy_has_its_articles(tmp_path):
    files = write_corpus(3, tmp_path)
    assert len(files) == 3 * len(list(DATA.iterdir()))
    for page in DATA.iterdir():
        assert (tmp_path / f"0000_{page.name}").read_bytes() == page.read_bytes()
    articles, _ = read_articles([tmp_path])
    source, _ = read_articles([DATA])
    assert len(articles) == 3 * len(source)  # each moved article is still read as one article


def test_copies_are_not_reposts(tmp_path):
    write_corpus(4, tmp_path)
    articles, _ = read_articles([tmp_path])
    dedup = Deduplicator()
    stories = {dedup.add(a) for a in articles}
    assert len(stories) >= 0.95 * len(articles)


def test_copies_name_other_places(tmp_path):
    write_corpus(3, tmp_path)

    def places(prefix: str) -> set[str]:
        text = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob(f"{prefix}_*"))
        return {gazetteer().lookup(name)[0].adcode for _, _, name in gazetteer().find(text)}

    first, second, third = places("0000"), places("0001"), places("0002")
    assert len(second - first) > len(second) / 2
    assert len(third - first - second) > len(third) / 2


def test_the_same_seed_writes_the_same_files(tmp_path):
    one = write_corpus(2, tmp_path / "a", seed=3)
    two = write_corpus(2, tmp_path / "b", seed=3)
    other = write_corpus(2, tmp_path / "c", seed=4)
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]
    assert [p.read_bytes() for p in one] != [p.read_bytes() for p in other]
