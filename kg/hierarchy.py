"""The administrative hierarchy of the graph (DESIGN §3.2 ``located_in``,
``part_of``), derived in graph assembly from the organisations' attributes
rather than read from sentences: an organisation lies in its lowest unit,
each unit in the one above, and a union is part of the next higher union of
its area when the graph holds one (区总工会 → 市总工会), whichever articles
named them.

These edges are facts of the node attributes, not relation instances read
from a text, so they carry no evidence rows and weigh 1."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from kg.divisions import adcodes
from kg.ids import node_id
from kg.models import Node

LOCATED_IN, PART_OF = "located_in", "part_of"
# the levels a union's parent may sit at, nearest first
_HIGHER = {"county": ("city", "provincial"), "city": ("provincial",),
           "grassroots": ("county", "city", "provincial"),
           "township": ("county", "city", "provincial"), "provincial": ("national",)}


@dataclass(frozen=True)
class Hierarchy:
    """Place nodes and the ``(source, target, relation)`` edges between them and the orgs."""

    places: tuple[Node, ...]
    edges: tuple[tuple[str, str, str], ...]


def hierarchy(orgs: Iterable[Mapping]) -> Hierarchy:
    """The places and hierarchy edges of organisation nodes given as attribute
    mappings (``id``, ``org_type``, ``level``, ``province``, ``city``,
    ``county``, ``adcode``); sorted, so the result does not depend on the order."""
    orgs = sorted(orgs, key=lambda o: o["id"])
    places: dict[str, Node] = {}
    edges: set[tuple[str, str, str]] = set()
    unions: dict[tuple[str, str, str, str], str] = {}
    for o in orgs:
        if o.get("org_type") == "union":
            unions.setdefault(_area(o, o.get("level") or ""), o["id"])
    for o in orgs:
        chain = _places(o)
        places.update((p.id, p) for p in chain)
        if chain:
            edges.add((o["id"], chain[0].id, LOCATED_IN))
        edges.update((a.id, b.id, LOCATED_IN) for a, b in zip(chain, chain[1:]))
        if o.get("org_type") == "union":
            parent = next((unions[k] for k in (_area(o, level) for level in _HIGHER.get(o.get("level"), ()))
                           if k in unions), None)
            if parent and parent != o["id"]:
                edges.add((o["id"], parent, PART_OF))
    return Hierarchy(tuple(places[k] for k in sorted(places)), tuple(sorted(edges)))


def _area(o: Mapping, level: str) -> tuple[str, str, str, str]:
    """The key of the union of ``o``'s area at ``level``."""
    province, city, county = (o.get(k) or "" for k in ("province", "city", "county"))
    return {"county": (level, province, city, county), "city": (level, province, city, ""),
            "provincial": (level, province, "", ""), "national": (level, "", "", "")}.get(
        level, (level, province, city, county))


def _places(o: Mapping) -> list[Node]:
    """The org's county, city and province as place nodes, lowest first;
    adcodes follow the national scheme (province ..0000, city ....00) or,
    for an org without one, the national list when it knows the name unambiguously."""
    code = str(o.get("adcode") or "")
    code = code if len(code) == 6 and code.isdigit() else ""
    province, city, county = (o.get(k) or "" for k in ("province", "city", "county"))
    city = city if city != province else ""  # 北京市: a province, not a city
    levels = (
        ("county", county, code if county else ""),
        ("city", city, (code[:4] + "00") if code and city else ""),
        ("provincial", province, (code[:2] + "0000") if code else ""),
    )
    seen: set[str] = set()
    out: list[Node] = []
    for level, name, adcode in levels:
        if name and name not in seen:
            seen.add(name)
            adcode = adcode or place_code(name, level)
            nid = node_id("place", name, adcode)
            out.append(Node(nid, "place", name, {"level": level, "adcode": adcode}))
    return out


def place_code(name: str, level: str) -> str:
    """The adcode of the one division of the national list with this name at
    this level ('' when none or several: 朝阳区 is in Beijing and in Changchun)."""
    found = _codes().get((name, level), ())
    return found[0] if len(found) == 1 else ""


@cache
def _codes() -> dict[tuple[str, str], tuple[str, ...]]:
    out: dict[tuple[str, str], list[str]] = {}
    for row in adcodes():
        code = row.adcode
        level = "provincial" if code.endswith("0000") else "city" if code.endswith("00") else "county"
        found = out.setdefault((row.name, level), [])
        if code not in found:
            found.append(code)
    return {k: tuple(v) for k, v in out.items()}
