"""The decision component: which candidate relations (kg.extract.candidates)
to keep. One interface, three strategies, all a weighted sum of a
candidate's features squashed to a score in [0, 1] and kept from 0.5 (or the
file's threshold) up, so every kept relation carries its score:

* ``rules`` — hand-set weights (``data/decision_rules.json``): keep what the
  cue cascade read; deterministic and explainable;
* ``model`` — weights learned from annotated articles by ``kg train``
  (logistic regression), shipped as ``data/decision_model.json``;
* ``cooccurrence`` — the baseline: every candidate of one sentence.

Weight files are plain JSON (format, version, per relation: feature names,
weights, bias, threshold); loading one runs no code. A relation the file
does not cover is decided by the rules.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from importlib.abc import Traversable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import DataFileError
from kg.extract.candidates import DECIDED, Candidate, CandidateReader
from kg.extract.relations import RelationExtractor
from kg.extract.resources import DATA

FORMAT = "kg-decision-weights"
VERSION = 1
STRATEGIES = {"rules": "decision_rules.json", "model": "decision_model.json",
              "cooccurrence": "decision_cooccurrence.json"}


class ModelError(DataFileError):
    """A weights file that is not one this kg reads."""


@dataclass(frozen=True)
class Linear:
    """Weights of one relation: score = sigmoid(bias + Σ weight·feature)."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.5

    def score(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict:
        names = sorted(self.weights)
        return {"features": names, "weights": [round(self.weights[n], 6) for n in names],
                "bias": round(self.bias, 6), "threshold": self.threshold}


def read_weights(source: Path | Traversable) -> tuple[str, dict[str, Linear], dict]:
    """(strategy, relation → weights, metadata) of a weights file; a
    ModelError (one line) for a file of another format or version."""
    name = getattr(source, "name", str(source))
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{name}: not a kg weights file ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(f"{name}: not a kg weights file (no format {FORMAT!r})")
    if data.get("version") != VERSION:
        raise ModelError(f"{name}: weights file version {data.get('version')!r}; this kg reads "
                         f"version {VERSION} (retrain with kg train)")
    try:
        relations = {rel: Linear(dict(zip(w["features"], map(float, w["weights"]), strict=True)),
                                 float(w["bias"]), float(w.get("threshold", 0.5)))
                     for rel, w in data["relations"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(f"{name}: malformed weights ({exc.__class__.__name__}: {exc})") from None
    return str(data.get("strategy", "model")), relations, data.get("trained_on", {})


def write_weights(path: Path, strategy: str, relations: dict[str, Linear], trained_on: dict) -> None:
    """Write a weights file atomically (a temporary file renamed into place)."""
    data = {"format": FORMAT, "version": VERSION, "strategy": strategy, "trained_on": trained_on,
            "relations": {rel: w.to_dict() for rel, w in sorted(relations.items())}}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


class Decider:
    """Scores candidates and keeps those at or above the threshold."""

    def __init__(self, strategy: str, weights: dict[str, Linear]):
        self.strategy = strategy
        _, rules, _ = read_weights(DATA / STRATEGIES["rules"])
        self.weights = {**rules, **weights}

    @classmethod
    def load(cls, strategy: str = "rules", model: str | Path | None = None) -> "Decider":
        """The shipped weights of ``strategy``, or those of a ``model`` file."""
        if model:
            return cls(*read_weights(Path(model))[:2])
        if strategy not in STRATEGIES:
            raise ModelError(f"unknown decision strategy {strategy!r} (one of {', '.join(STRATEGIES)})")
        return cls(*read_weights(DATA / STRATEGIES[strategy])[:2])

    def score(self, c: Candidate) -> float:
        w = self.weights.get(c.relation)
        return w.score(c.features) if w else 0.0

    def decide(self, candidates: list[Candidate]) -> list[tuple]:
        """The kept candidates as relations (…, rule, score); rule names the
        strategy and the cue that proposed the candidate."""
        out = []
        for c in candidates:
            w = self.weights.get(c.relation)
            if w is None:
                continue
            s = w.score(c.features)
            if s >= w.threshold:
                out.append((c.relation, c.source, c.target, c.start, c.end,
                            f"{self.strategy}:{c.cue}", round(s, 3)))
        return out


if not Doc.has_extension("candidates"):
    Doc.set_extension("candidates", default=None)  # list[Candidate], for kg train


class RelationComponent:
    """The cue cascade's reading, the candidates around it and the decision:
    ``doc._.relations`` gets the kept relations (and the cascade's others:
    documents, places), ``doc._.candidates`` every candidate."""

    def __init__(self, nlp: Language, name: str, strategy: str, model: str, digest: str):
        if model and digest and _digest(Path(model)) != digest:
            raise ModelError(f"{model}: changed since the build started")
        self.name = name
        self.cascade = RelationExtractor(nlp, name)
        self.reader = CandidateReader()
        self.decider = Decider.load(strategy, model or None)

    def __call__(self, doc: Doc) -> Doc:
        doc = self.cascade(doc)
        read = doc._.relations
        doc._.candidates = self.reader(doc, [r for r in read if r[0] in DECIDED])
        doc._.relations = [r for r in read if r[0] not in DECIDED] + self.decider.decide(doc._.candidates)
        return doc


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def model_config(model: Path) -> dict:
    """The pipeline config that decides with the weights file ``model``
    (checked here, so a bad file is a one-line error before any work); its
    digest is part of the config, so cached records of another model are
    not reused."""
    read_weights(model)
    return {"kg_relation_extractor": {"strategy": "model", "model": str(model.resolve()),
                                      "digest": _digest(model)}}


@Language.factory("kg_relation_extractor", default_config={"strategy": "model", "model": "", "digest": ""})
def make_relations(nlp: Language, name: str, strategy: str, model: str, digest: str) -> RelationComponent:
    return RelationComponent(nlp, name, strategy, model, digest)
