"""``kg train``: fit the relation decision (kg.extract.decide) to annotated
articles, and measure it honestly — k-fold cross-validation by file, never
training and testing on the same article — next to the hand-set ``rules``
and the sentence co-occurrence baseline.

Extraction runs once per article up to the decision; every strategy and
fold then only re-decides the stored candidates and rebuilds the cases, so
cross-validation costs little more than one build. Fitting uses
scikit-learn's logistic regression (the ``kg[train]`` extra); the result is
a plain JSON weights file that kg reads without scikit-learn.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.evaluate import Gold, Predicted, file_key, norm_name, outcome_key, score, taxonomy_parents
from kg.extract.candidates import COOPERATION, MECHANISM, OUTCOME, Candidate
from kg.extract.decide import Decider, Linear, write_weights
from kg.models import ArticleRecords

LEARNED = (COOPERATION, MECHANISM, OUTCOME)
SCORED = {COOPERATION: "cooperations", MECHANISM: "org_mechanisms", OUTCOME: "outcome_orgs"}
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(13))  # 0.2 … 0.8
REGULARISATION = 0.5  # C of the logistic regression: strong, for a few hundred articles


class TrainError(ValueError):
    """Nothing to train on: no gold file matches an input file, or no
    positive example of a relation."""


@dataclass
class Sample:
    """One article extracted up to the decision, with what the replay needs."""

    file: str
    doc: object  # the spaCy Doc, its components run up to the relations
    kept: list  # relations the decision does not touch (documents, places)
    nodes: dict
    node_mentions: list
    labels: list[int | None] = field(default_factory=list)  # per candidate; None: not scored
    groups: list[tuple] = field(default_factory=list)  # per candidate: the scored item it counts as


def extract_samples(corpus: Iterable[str | Path], progress: Callable = lambda it: it) -> list[Sample]:
    """Run the pipeline on every article of ``corpus`` up to the decision."""
    from kg.extract import load_pipeline, make_doc
    from kg.ingest import iter_documents
    from kg.models import Skipped
    from kg.segment import segment

    nlp = load_pipeline()
    stop = nlp.pipe_names.index("kg_relation_extractor")
    samples = []
    for item in progress(iter_documents(list(corpus))):
        if isinstance(item, Skipped):
            continue
        for article in segment(item):
            doc = make_doc(nlp, article)
            for _, proc in nlp.pipeline[:stop + 1]:
                doc = proc(doc)
            kept = [r for r in doc._.relations if len(r) < 7]
            samples.append(Sample(file_key(article.file), doc, kept, dict(doc._.nodes),
                                  list(doc._.node_mentions)))
    return samples


def label(samples: list[Sample], golds: dict[str, Gold]) -> None:
    """Each candidate's label from the gold of its file: 1 when the item it
    stands for (a pair of names, name + mechanism, name + outcome) is gold,
    0 when not, None when the scorer ignores it (optional names, outcomes
    the gold credits to nobody, mechanisms outside the taxonomy)."""
    from kg.ids import outcome_id

    top = taxonomy_parents()
    for s in samples:
        g = golds.get(s.file)
        doc = s.doc
        names = {m.org.node_id: norm_name(m.org.name) for m in doc._.orgs if m.org is not None}
        mechs = {m.node_id: top.get(m.mechanism_id, m.mechanism_id) for m in doc._.mechanisms}
        outs = {outcome_id(doc._.article.id, m.start): outcome_key(m.value, m.unit) for m in doc._.outcomes}
        s.labels, s.groups = [], []
        for c in doc._.candidates:
            item = _item(c, names, mechs, outs)
            s.groups.append((s.file, *item) if item else None)
            s.labels.append(_gold_label(item, c.relation, g) if g and item else None)


def _item(c: Candidate, names, mechs, outs) -> tuple | None:
    a = names.get(c.source)
    if a is None:
        return None
    if c.relation == COOPERATION:
        b = names.get(c.target)
        return (c.relation, frozenset((a, b))) if b and b != a else None
    if c.relation == MECHANISM:
        m = mechs.get(c.target)
        return (c.relation, (a, m)) if m else None
    if c.relation == OUTCOME:
        o = outs.get(c.target)
        return (c.relation, (a, o)) if o else None
    return None


def _gold_label(item: tuple, relation: str, g: Gold) -> int | None:
    rel, key = item
    if rel == COOPERATION:
        return None if key & g.optional else int(key in g.cooperations)
    if rel == MECHANISM:
        return None if key[0] in g.optional else int(key in g.org_mechanisms)
    if key[1] not in g.attributed or key[0] in g.optional:
        return None
    return int(key in g.outcome_orgs)


def _rows(samples: list[Sample], relation: str):
    """(features, label, group) of the labelled candidates of a relation."""
    for s in samples:
        for c, y, grp in zip(s.doc._.candidates, s.labels, s.groups):
            if c.relation == relation and y is not None:
                yield c.features, y, grp


def fit(samples: list[Sample], inner_folds: int = 4) -> dict[str, Linear]:
    """Logistic regression per learned relation; the threshold that gives
    the best item-level F1 on inner cross-validation folds by file."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise TrainError("kg train needs scikit-learn: pip install 'kg[train]'") from None

    def learn(rows) -> Linear:
        feats, ys = [r[0] for r in rows], [r[1] for r in rows]
        if len(set(ys)) < 2:
            return Linear({}, 4.0 if ys and ys[0] else -4.0)
        vec = DictVectorizer(sparse=False)
        x = vec.fit_transform(feats)
        lr = LogisticRegression(C=REGULARISATION, solver="liblinear", max_iter=1000)
        lr.fit(x, ys)
        return Linear({n: float(w) for n, w in zip(vec.get_feature_names_out(), lr.coef_[0]) if w},
                      float(lr.intercept_[0]))

    files = sorted({s.file for s in samples})
    out = {}
    for rel in LEARNED:
        rows = list(_rows(samples, rel))
        if not any(y for _, y, _ in rows):
            raise TrainError(f"no annotated {rel} among the candidates: nothing to learn")
        scored = []  # out-of-fold (score, label, group)
        for k in range(inner_folds):
            held = {f for i, f in enumerate(files) if i % inner_folds == k}
            w = learn([r for r in rows if r[2][0] not in held])
            scored.extend((w.score(f), y, g) for f, y, g in rows if g[0] in held)
        best = max(THRESHOLDS, key=lambda t: (_item_f1(scored, t), -abs(t - 0.5)))
        w = learn(rows)
        out[rel] = Linear(w.weights, w.bias, best)
    return out


def _item_f1(scored: list[tuple[float, int, tuple]], t: float) -> float:
    """F1 over items (a kept item: any of its candidates at or above ``t``)."""
    best: dict[tuple, tuple[float, int]] = {}
    for s, y, g in scored:
        old = best.get(g)
        best[g] = (max(s, old[0]) if old else s, y)
    tp = sum(1 for s, y in best.values() if s >= t and y)
    pred = sum(1 for s, _ in best.values() if s >= t)
    gold = sum(1 for _, y in best.values() if y)
    return 2 * tp / (pred + gold) if pred + gold else 0.0


def replay(sample: Sample, decider: Decider) -> ArticleRecords:
    """The article's records as a build with ``decider`` would write them."""
    from kg.extract import records_from_doc

    doc = sample.doc
    doc._.relations = list(sample.kept) + decider.decide(doc._.candidates)
    doc._.nodes = dict(sample.nodes)
    doc._.node_mentions = list(sample.node_mentions)
    return records_from_doc(_case_builder()(doc))


@lru_cache(maxsize=1)
def _case_builder():
    from kg.extract.cases import CaseBuilder

    return CaseBuilder(None, "kg_case_builder")


def predicted(records: Iterable[ArticleRecords]) -> Predicted:
    """What :func:`kg.evaluate.score` reads, from records in memory."""
    nodes, mentions, evidence = {}, [], []
    for r in records:
        for n in r.nodes:
            nodes.setdefault(n.id, {"kind": n.kind, "name": n.name, **{
                k: v for k, v in n.attrs.items() if k in ("mechanism_id", "value", "unit")}})
        mentions.extend({"node_id": m.node_id, "file": m.file} for m in r.mentions)
        evidence.extend({"relation": e.relation, "source": e.source, "target": e.target, "file": e.file}
                        for e in r.evidence)
    return Predicted.from_rows(nodes, mentions, evidence)


@dataclass
class CrossValidation:
    """Pooled out-of-fold scores of each strategy (name → kg.evaluate result)."""

    folds: int
    files: int
    results: dict[str, dict]

    def table(self) -> str:
        head = f"{'strategy':14}" + "".join(f"{SCORED[r]:>16}" for r in LEARNED)
        lines = [f"{self.folds}-fold cross-validation by file ({self.files} files), F1 (P/R)", head]
        for name, res in self.results.items():
            cells = "".join(f"{res[SCORED[r]]['f1']:>6.3f} ({res[SCORED[r]]['precision']:.2f}/"
                            f"{res[SCORED[r]]['recall']:.2f})" for r in LEARNED)
            lines.append(f"{name:14}{cells}")
        return "\n".join(lines)


def cross_validate(samples: list[Sample], golds: dict[str, Gold], folds: int = 5) -> CrossValidation:
    """Model (trained on the other folds), rules and co-occurrence, each
    scored on every fold's files with what the others taught; files sorted
    by name, fold = index mod ``folds``."""
    files = sorted(f for f in golds if any(s.file == f for s in samples))
    fold_of = {f: i % folds for i, f in enumerate(files)}
    scored = [s for s in samples if s.file in fold_of]
    records: dict[str, list[ArticleRecords]] = defaultdict(list)
    for k in range(folds):
        train = [s for s in scored if fold_of[s.file] != k]
        model = Decider("model", fit(train))
        records["model"].extend(replay(s, model) for s in scored if fold_of[s.file] == k)
    for name in ("rules", "cooccurrence"):
        decider = Decider.load(name)
        records[name] = [replay(s, decider) for s in scored]
    gold_list = [golds[f] for f in files]
    return CrossValidation(folds, len(files), {
        name: score(predicted(recs), gold_list) for name, recs in records.items()})


def train(gold_corpus: list[tuple[Path, Path]], out: Path | None, folds: int = 5,
          progress: Callable = lambda it: it) -> tuple[CrossValidation, dict[str, Linear]]:
    """Cross-validate on (gold dir, corpus dir) pairs and, when ``out`` is
    given, fit on all of them and write the weights file there."""
    from kg.evaluate import load_gold

    golds: dict[str, Gold] = {}
    corpus = []
    for gold_dir, corpus_dir in gold_corpus:
        golds.update((g.file, g) for g in load_gold(gold_dir))
        corpus.append(corpus_dir)
    samples = extract_samples(corpus, progress)
    if not any(s.file in golds for s in samples):
        raise TrainError("no gold file matches an input file (gold files are named after them)")
    label(samples, golds)
    cv = cross_validate(samples, golds, folds)
    weights = fit([s for s in samples if s.file in golds])
    if out is not None:
        write_weights(out, "model", weights, {
            "files": len({s.file for s in samples if s.file in golds}),
            "sets": [Path(g).name for g, _ in gold_corpus],
            "cross_validation": {name: {SCORED[r]: res[SCORED[r]]["f1"] for r in LEARNED}
                                 for name, res in cv.results.items()}})
    return cv, weights

