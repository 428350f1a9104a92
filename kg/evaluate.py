"""``kg evaluate``: score a build against gold annotations, the way the
project's reference scorer does, so users who annotate a sample of their own
articles (gold format: one JSON file per input file, see the README) can
measure kg on their outlets.

Everything is matched per input file after light normalisation of
organisation names (province prefix dropped, 人民检察院≡检察院 …), so a score
says whether the right agency was found, not how it is spelt. Mechanisms
count as their taxonomy parent. ``outcome_orgs`` scores who achieved what:
(organisation, value + unit) pairs read from ``resulted_in`` evidence, org →
outcome directly or case → outcome joined with the case's ``involved_in``
organisations, over the outcomes the gold credits to a named organisation.
"""
from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.extract.resources import read_lines, read_rows

SCORES = ("orgs", "cooperations", "mechanisms", "org_mechanisms", "outcomes", "outcome_orgs")
_LOWER_UNIT = re.compile(r"^.{1,8}?(?:市|县|区|旗|州|盟|师)")
_STRIPPABLE = re.compile(r"^(?:新疆生产建设兵团)?.{1,8}?(?:市|州(?!市)|盟|师|地区)")
_SPACES = re.compile(r"[\s\u3000“”\"'《》]")
_AUTONOMOUS = re.compile(r"^(..)[^县区旗]{1,8}?族自治(县|旗)")  # 澜沧拉祜族自治县 -> 澜沧县
_UNION_SHORT = re.compile(r"(省|市|县|区|旗)总$")  # 市总 -> 市总工会


class GoldError(ValueError):
    """A gold directory or file that cannot be read."""


@lru_cache(maxsize=1)
def _provinces() -> tuple[str, ...]:
    return tuple(read_lines("evaluate_provinces.txt"))


@lru_cache(maxsize=1)
def _synonyms() -> tuple[tuple[str, str], ...]:
    return tuple((r["long"], r["short"]) for r in read_rows("evaluate_body_synonyms.csv"))


@lru_cache(maxsize=1)
def taxonomy_parents() -> dict[str, str]:
    """Mechanism id → the id it is scored as (its parent, else itself)."""
    return {r["id"]: r["parent"] or r["id"] for r in read_rows("mechanisms.csv")}


def _strip_higher_units(s: str) -> str:
    """Drop leading higher units while a lower unit and a body name follow."""
    for p in _provinces():
        for prefix in (p, p[:-1] if p[-1] in "省市" else p):
            rest = s[len(prefix):]
            low = _LOWER_UNIT.match(rest)
            if s.startswith(prefix) and low and len(rest) > len(low.group(0)) + 1:
                s = rest
                break
    while True:
        m = _STRIPPABLE.match(s)
        if not m:
            return s
        rest = s[m.end():]
        low = _LOWER_UNIT.match(rest)
        if not low or len(rest) <= len(low.group(0)) + 1:
            return s
        s = rest


@lru_cache(maxsize=65536)
def norm_name(name: str) -> str:
    """The form organisation names are compared in."""
    s = _SPACES.sub("", unicodedata.normalize("NFKC", name or ""))
    s = _AUTONOMOUS.sub(r"\1\2", _strip_higher_units(s))
    for long, short in _synonyms():
        s = s.replace(long, short)
    return _UNION_SHORT.sub(r"\1总工会", s)


def file_key(f: str) -> str:
    return Path(f.replace("\\", "/")).name


def outcome_key(value, unit) -> tuple[float, str] | None:
    try:
        return (round(float(value), 2), (unit or "").strip())
    except (TypeError, ValueError):
        return None


@dataclass
class Predicted:
    """What a build says, per input file, in the compared forms."""

    orgs: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    mechanisms: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    outcomes: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    cooperations: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    org_mechanisms: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    outcome_orgs: dict[str, set] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_rows(cls, nodes: dict[str, dict], mentions: Iterable[dict],
                  evidence: Iterable[dict]) -> "Predicted":
        """From rows of nodes.csv (by id), mentions.csv and evidence.csv."""
        top = taxonomy_parents()
        p = cls()
        for m in mentions:
            n = nodes.get(m["node_id"])
            if not n:
                continue
            f = file_key(m["file"])
            if n["kind"] == "org":
                p.orgs[f].add(norm_name(n["name"]))
            elif n["kind"] == "mechanism" and n.get("mechanism_id"):
                p.mechanisms[f].add(top.get(n["mechanism_id"], n["mechanism_id"]))
            elif n["kind"] == "outcome":
                key = outcome_key(n.get("value"), n.get("unit"))
                if key is not None:
                    p.outcomes[f].add(key)
        case_orgs, case_outs = defaultdict(set), defaultdict(set)
        for e in evidence:
            a, b = nodes.get(e["source"]), nodes.get(e["target"])
            if not a or not b:
                continue
            f, rel = file_key(e["file"]), e["relation"]
            if rel == "cooperates_with" and a["kind"] == b["kind"] == "org":
                pair = frozenset((norm_name(a["name"]), norm_name(b["name"])))
                if len(pair) == 2:
                    p.cooperations[f].add(pair)
            elif (rel == "uses_mechanism" and a["kind"] == "org" and b["kind"] == "mechanism"
                  and b.get("mechanism_id")):
                p.org_mechanisms[f].add((norm_name(a["name"]), top.get(b["mechanism_id"], b["mechanism_id"])))
            elif rel == "involved_in" and a["kind"] == "org" and b["kind"] == "case":
                case_orgs[(f, e["target"])].add(norm_name(a["name"]))
            elif rel == "resulted_in" and b["kind"] == "outcome":
                key = outcome_key(b.get("value"), b.get("unit"))
                if key is None:
                    continue
                if a["kind"] == "org":
                    p.outcome_orgs[f].add((norm_name(a["name"]), key))
                elif a["kind"] == "case":
                    case_outs[(f, e["source"])].add(key)
        for (f, case), outs in case_outs.items():
            p.outcome_orgs[f].update((o, out) for o in case_orgs.get((f, case), ()) for out in outs)
        return p

    @classmethod
    def from_build(cls, out: Path) -> "Predicted":
        nodes = {r["id"]: r for r in _read_csv(out / "nodes.csv")}
        return cls.from_rows(nodes, _read_csv(out / "mentions.csv"), _read_csv(out / "evidence.csv"))


def _read_csv(path: Path) -> list[dict]:
    if not path.exists():
        raise GoldError(f"missing {path}: not the output of kg build")
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class Gold:
    """One annotated input file in the compared forms (README: gold format)."""

    file: str
    orgs: frozenset
    optional: frozenset  # optional names that are not also gold names
    cooperations: frozenset
    mechanisms: frozenset
    org_mechanisms: frozenset
    core_outcomes: frozenset
    every_outcome: frozenset
    outcome_orgs: frozenset
    attributed: frozenset  # outcomes the gold credits to someone (the others are not scored for credit)

    @classmethod
    def from_dict(cls, g: dict) -> "Gold":
        top = taxonomy_parents()
        orgs = frozenset(norm_name(o["name"]) for o in g.get("orgs", []))
        outs = g.get("outcomes", [])

        def key(o):
            return (round(float(o["value"]), 2), o["unit"].strip())

        credit = frozenset((norm_name(o), key(x)) for x in outs if x.get("core") for o in x.get("orgs", []))
        return cls(
            file=file_key(g["file"]),
            orgs=orgs,
            optional=frozenset(norm_name(x) for x in g.get("optional_orgs", [])) - orgs,
            cooperations=frozenset(frozenset((norm_name(a), norm_name(b)))
                                   for a, b in g.get("cooperations", [])),
            mechanisms=frozenset(top.get(x, x) for x in g.get("mechanisms", [])),
            org_mechanisms=frozenset((norm_name(o), top.get(x, x)) for o, x in g.get("org_mechanisms", [])),
            core_outcomes=frozenset(key(o) for o in outs if o.get("core")),
            every_outcome=frozenset(key(o) for o in outs),
            outcome_orgs=credit,
            attributed=frozenset(out for _, out in credit),
        )


def load_gold(gold_dir: Path) -> list[Gold]:
    """The gold files of a directory, in name order."""
    paths = sorted(Path(gold_dir).glob("*.json"))
    if not paths:
        raise GoldError(f"no gold *.json file in {gold_dir}")
    golds = []
    for path in paths:
        try:
            golds.append(Gold.from_dict(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise GoldError(f"{path}: not a gold file ({exc})") from None
    return golds


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def _listed(items: set) -> list[str]:
    """Items as the reference scorer prints them; a pair's names sorted, so
    that the listing does not change with Python's string hashing."""
    def show(x) -> str:
        if isinstance(x, frozenset):
            return "frozenset({%s})" % ", ".join(map(repr, sorted(x)))
        return str(x)
    return sorted(map(show, items))


def score(pred: Predicted, golds: Iterable[Gold]) -> dict:
    """P/R/F1 per score over the gold files, and ``details`` (missed and
    spurious items per file). Outcomes: recall on core results, precision
    against every listed quantity."""
    tot = defaultdict(lambda: [0, 0, 0])
    details = {}
    for g in golds:
        f, drop = g.file, g.optional
        rows = {
            "orgs": (pred.orgs[f] - drop, g.orgs),
            "cooperations": ({c for c in pred.cooperations[f] if not c & drop}, g.cooperations),
            "mechanisms": (pred.mechanisms[f], g.mechanisms),
            "org_mechanisms": ({c for c in pred.org_mechanisms[f] if c[0] not in drop}, g.org_mechanisms),
            "outcome_orgs": ({c for c in pred.outcome_orgs[f] if c[1] in g.attributed and c[0] not in drop},
                             g.outcome_orgs),
        }
        det = {}
        for k, (p, gset) in rows.items():
            tot[k][0] += len(p & gset)
            tot[k][1] += len(p)
            tot[k][2] += len(gset)
            det[k] = {"missed": _listed(gset - p), "spurious": _listed(p - gset)}
        outs = pred.outcomes[f]
        tot["outcomes"][0] += len(outs & g.core_outcomes)
        tot["outcomes"][2] += len(g.core_outcomes)
        tot["outcomes_precision"][0] += len(outs & g.every_outcome)
        tot["outcomes_precision"][1] += len(outs)
        det["outcomes"] = {"missed": _listed(g.core_outcomes - outs),
                           "spurious": _listed(outs - g.every_outcome)}
        details[f] = det
    result = {k: _prf(*v) for k, v in tot.items() if k not in ("outcomes", "outcomes_precision")}
    o_tp, _, o_gold = tot["outcomes"]
    po_tp, po_pred, _ = tot["outcomes_precision"]
    p = po_tp / po_pred if po_pred else 0.0
    r = o_tp / o_gold if o_gold else 1.0
    result["outcomes"] = {"precision": round(p, 4), "recall": round(r, 4),
                          "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                          "tp": o_tp, "predicted": po_pred, "gold": o_gold}
    result["details"] = details
    return result


def evaluate(out: Path, gold_dir: Path) -> dict:
    """Score the build in ``out`` against the gold files in ``gold_dir``."""
    return score(Predicted.from_build(Path(out)), load_gold(gold_dir))


def table(result: dict) -> str:
    """The scores as a text table (the reference scorer's layout)."""
    lines = [f"{'':16}{'P':>8}{'R':>8}{'F1':>8}{'pred':>7}{'gold':>7}"]
    for k in SCORES:
        v = result[k]
        lines.append(f"{k:16}{v['precision']:8.3f}{v['recall']:8.3f}{v['f1']:8.3f}"
                     f"{v['predicted']:7}{v['gold']:7}")
    return "\n".join(lines)
