"""A composed question drawn as tiers: "Who shares intelligence with China's allies?".

:func:`path_tiers` answers a path (:func:`app.queries.paths.find_paths`) and lays the answer
out as the tiers an analyst reads, each hop named by its relation's exact words and the
obligation kinds its agreements carry:

* ``answer``: the chains that answer the question as asked (allies = defense or offense
  obligations);
* ``reached``: when the answer is empty, how far it got: the chains of the steps before the
  one that reached nothing (China → North Korea, defense), with the note saying which step
  came back empty;
* ``wider``: for a path through allies, the same question over any formal alliance
  obligation, one group per strongest obligation kind of the widened hop (consultation:
  China → Russia → South Korea).

:func:`path_graph` draws the same tiers as a network (the page's picture and its panel are
one record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
from pyoxigraph import NamedNode

from app.ontology import RELATIONS, BeyondCoverage, Status
from app.queries.evidence import observed_until
from app.queries.paths import Chain, PathAnswer, find_paths, parse_path
from app.queries.refs import local_id
from app.queries.states import resolve_state
from app.store import Store
from app.views.network import describe_nodes

__all__ = ["PathTiers", "Tier", "TierGroup", "TierHop", "path_graph", "path_tiers"]


@dataclass(frozen=True)
class TierHop:
    """One hop, named for a reader: relation label, obligation kinds, agreements' names."""

    source: str
    source_label: str
    target: str
    target_label: str
    relation: str
    relation_label: str
    inverse: bool
    obligation_kinds: tuple[str, ...]
    agreements: tuple[str, ...]
    #: The distinct names of those agreements (the treaty's name where it has one).
    agreement_labels: tuple[str, ...]
    observed_until: str | None


@dataclass(frozen=True)
class TierGroup:
    """Chains of one tier; in the wider tier, those whose widened hop's strongest obligation
    is ``obligation``."""

    obligation: str | None
    chains: tuple[tuple[TierHop, ...], ...]


@dataclass(frozen=True)
class Tier:
    """``answer``, ``reached`` or ``wider`` (see the module docstring)."""

    name: str
    title: str
    path: str
    groups: tuple[TierGroup, ...]
    note: str | None = None


@dataclass(frozen=True)
class PathTiers:
    """A path question from ``start`` on ``as_of``, answered as tiers."""

    start: str
    start_label: str
    path: str
    as_of: dt.date
    tiers: tuple[Tier, ...]
    #: The SPARQL query of the question as asked (runnable on /sparql).
    sparql: str
    labels: dict[str, str] = field(default_factory=dict)


def _path_words(path: str) -> str:
    return " / ".join(
        ("inverse of " if s.inverse else "") + s.definition.label for s in parse_path(path)
    )


def _hops(chain: Chain) -> tuple[TierHop, ...]:
    return tuple(
        TierHop(
            source=hop.source.iri,
            source_label=hop.source.label,
            target=hop.target.iri,
            target_label=hop.target.label,
            relation=hop.relation,
            relation_label=RELATIONS[hop.relation].label,
            inverse=hop.inverse,
            obligation_kinds=hop.obligation_kinds,
            agreements=tuple(a.iri for a in hop.agreements),
            # One name per treaty: its COW, ATOP and curated records share it.
            agreement_labels=tuple(
                dict.fromkeys(a.treaty or a.label or local_id(a.iri) for a in hop.agreements)
            ),
            observed_until=hop.observed_until,
        )
        for hop in chain.hops
    )


def _chains(chains: Iterable[Chain]) -> tuple[tuple[TierHop, ...], ...]:
    return tuple(_hops(c) for c in chains)


def _labels(answer: PathAnswer) -> dict[str, str]:
    """The label of every state the answer names, for the page's state list."""
    chains = [c for r in answer.items for c in r.chains]
    chains += [
        c for g in (answer.wider.groups if answer.wider else []) for r in g.items for c in r.chains
    ]
    refs = {answer.start, *(s for c in chains for s in c.states)}
    return {r.iri: r.label for r in refs}


def path_tiers(
    store: Store,
    start: str,
    path: str,
    as_of: dt.date,
    status: Status = Status.in_force,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> PathTiers:
    """The path ``path`` from ``start`` (a code or name) on ``as_of``, as tiers.

    :raises InvalidParameter: an unknown state or relation, or too many steps.
    """
    steps = parse_path(path)
    record = resolve_state(store, start, "from")
    node = NamedNode(record.iri)
    answer = find_paths(
        store, node, steps, as_of, status, limit=1000, beyond_coverage=beyond_coverage
    )
    asked = "/".join(str(s) for s in steps)
    tiers = [
        Tier(
            "answer",
            f"{record.label}: {_path_words(asked)}",
            asked,
            (TierGroup(None, _chains(c for r in answer.items for c in r.chains)),),
            answer.note.message if answer.note else None,
        )
    ]
    labels = _labels(answer)
    if answer.note and answer.note.step > 1:
        prefix = steps[: answer.note.step - 1]
        before = find_paths(
            store, node, prefix, as_of, status, limit=1000, beyond_coverage=beyond_coverage
        )
        labels.update(_labels(before))
        reached_path = "/".join(str(s) for s in prefix)
        tiers.append(
            Tier(
                "reached",
                f"{record.label}: {_path_words(reached_path)}",
                reached_path,
                (TierGroup(None, _chains(c for r in before.items for c in r.chains)),),
            )
        )
    if answer.wider:
        tiers.append(
            Tier(
                "wider",
                f"{record.label}: {_path_words(answer.wider.path)}",
                answer.wider.path,
                tuple(
                    TierGroup(g.obligation, _chains(c for r in g.items for c in r.chains))
                    for g in answer.wider.groups
                ),
            )
        )
    return PathTiers(
        start=record.iri,
        start_label=record.label,
        path=asked,
        as_of=as_of,
        tiers=tuple(tiers),
        sparql=answer.sparql,
        labels=labels,
    )


def path_graph(store: Store, tiers: PathTiers) -> nx.MultiGraph:
    """Every hop of every tier as a network (one edge per pair and relation), the start
    state as focus; edges carry ``obligation_kinds`` (written on them) and ``tiers``."""
    graph = nx.MultiGraph()
    graph.add_node(tiers.start)
    for tier in tiers.tiers:
        for group in tier.groups:
            for chain in group.chains:
                for hop in chain:
                    a, b = sorted((hop.source, hop.target))
                    held = graph.get_edge_data(a, b, hop.relation, {})
                    directions = set(held.get("directions", ()))
                    if RELATIONS[hop.relation].directed:
                        directions.add(
                            (hop.target, hop.source) if hop.inverse else (hop.source, hop.target)
                        )
                    flags = [hop.observed_until, *([held["observed_until"]] if held else [])]
                    graph.add_edge(
                        a,
                        b,
                        key=hop.relation,
                        relation=hop.relation,
                        agreements=tuple(sorted({*held.get("agreements", ()), *hop.agreements})),
                        obligation_kinds=hop.obligation_kinds,
                        directions=frozenset(directions),
                        observed_until=observed_until(flags),
                        tiers=tuple(sorted({*held.get("tiers", ()), tier.name})),
                    )
    describe_nodes(store, graph, [tiers.start])
    return graph
