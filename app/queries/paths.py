"""Composed relation questions: "who shares intelligence with China's allies?".

A path is relation names joined by ``/`` (``has_alliance_with/shares_intelligence_with``); a
``^`` before a name walks that relation backwards. Every relation of
:data:`app.ontology.RELATIONS` is symmetric, so ``^x`` answers the same as ``x`` today; the
syntax is kept (and parsed strictly) so the meaning stays that of a SPARQL property path should
a directed relation be added.

The whole path is **one** SPARQL query: hop ``i`` is :func:`app.ontology.relation_pattern`
between ``?s{i-1}`` and ``?s{i}`` through ``?a{i}``, with suffix ``i`` so the hops' helper
variables never clash. The query text, with the start state and the date filled in by
:func:`app.store.render`, is returned with the answer, so it can be run on ``/sparql`` as is.

Chains are simple: no state appears twice in one chain, so the start state is never an answer
of its own path.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode

from app.errors import InvalidParameter
from app.ontology import (
    RELATIONS,
    SPARQL_PREFIXES,
    BeyondCoverage,
    Relation,
    Status,
    date_literal,
    relation,
    relation_pattern,
)
from app.queries.evidence import AgreementSummary, agreements
from app.queries.paging import Page, page
from app.queries.states import state_labels
from app.store import Store, render

#: Longest path accepted: each hop multiplies the work, and four hops reach most of the graph.
MAX_HOPS = 4


@dataclass(frozen=True)
class Step:
    """One hop of a path: a relation, walked forwards or (``^``) backwards."""

    relation: Relation
    inverse: bool = False

    def __str__(self) -> str:
        return ("^" if self.inverse else "") + self.relation.name


@dataclass(frozen=True)
class Hop:
    """One link of a chain and the agreements that make it."""

    step: Step
    source: str
    target: str
    agreements: tuple[str, ...]


@dataclass(frozen=True)
class Chain:
    """A way from the start state to an end state: the states passed and the hops taken."""

    states: tuple[str, ...]
    hops: tuple[Hop, ...]


@dataclass
class PathResult:
    """An end state and every chain that reaches it."""

    state: str
    chains: list[Chain]


@dataclass
class PathAnswer:
    """End states (one page of them), the evidence behind them and the query that found them."""

    start: str
    steps: list[Step]
    as_of: dt.date
    status: Status
    results: Page[PathResult]
    agreements: dict[str, AgreementSummary]
    labels: dict[str, str]
    sparql: str


def parse_path(text: str) -> list[Step]:
    """Parse ``name/^name/...`` into steps.

    :raises InvalidParameter: an empty step, an unknown relation (the valid ones are listed)
        or more than :data:`MAX_HOPS` steps.
    """
    parts = text.split("/")
    if len(parts) > MAX_HOPS:
        raise InvalidParameter(
            f"path {text!r} has {len(parts)} steps; at most {MAX_HOPS} are allowed",
            parameter="path",
        )
    steps = []
    for part in parts:
        name = part.strip()
        inverse = name.startswith("^")
        name = name.removeprefix("^").strip()
        if not name:
            raise InvalidParameter(
                f"path {text!r} has an empty step; write relation names joined by '/', "
                f"for example has_alliance_with/shares_intelligence_with. "
                f"Valid relations: {', '.join(RELATIONS)}",
                parameter="path",
                valid=list(RELATIONS),
            )
        try:
            steps.append(Step(relation(name), inverse))
        except InvalidParameter as exc:
            raise InvalidParameter(exc.detail, parameter="path", valid=list(RELATIONS)) from exc
    return steps


def path_query(
    steps: Sequence[Step],
    status: Status,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> str:
    """The SPARQL query of a path, with ``$from`` (the start state) and ``$as_of`` to bind.

    Each hop starts from the state the previous hop reached, so the engine walks outwards from
    the bound start state instead of enumerating every pair of related states.
    """
    n = len(steps)
    lines = ["  VALUES ?s0 { $from }"]
    for i, step in enumerate(steps, start=1):
        a, b = f"?s{i - 1}", f"?s{i}"
        if step.inverse:
            a, b = b, a
        pattern = relation_pattern(
            step.relation, a, b, f"?a{i}", [status], str(i), beyond_coverage=beyond_coverage
        )
        lines.append("  " + pattern)
        if i >= 2:
            earlier = ", ".join(f"?s{j}" for j in range(i - 1))
            lines.append(f"  FILTER(?s{i} NOT IN ({earlier}))")
    variables = " ".join(f"?s{i} ?a{i}" if i else "?s0" for i in range(n + 1))
    return (
        SPARQL_PREFIXES
        + f"SELECT DISTINCT {variables} WHERE {{\n"
        + "\n".join(lines)
        + f"\n}}\nORDER BY ?s{n}"
    )


def find_paths(
    store: Store,
    start: NamedNode,
    steps: Sequence[Step],
    as_of: dt.date,
    status: Status = Status.in_force,
    limit: int = 100,
    offset: int = 0,
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> PathAnswer:
    """Follow ``steps`` from ``start`` on ``as_of``; end states are ordered by label."""
    query = path_query(steps, status, beyond_coverage)
    sparql = render(query, {"from": start, "as_of": date_literal(as_of)})
    n = len(steps)
    # end state -> chain of states -> agreements of each hop
    found: dict[str, dict[tuple[str, ...], list[set[str]]]] = defaultdict(dict)
    for row in store.select(sparql):
        states = tuple(row[f"s{i}"].value for i in range(n + 1))
        hops = found[states[-1]].setdefault(states, [set() for _ in steps])
        for i in range(n):
            hops[i].add(row[f"a{i + 1}"].value)
    labels = state_labels(
        store, {s for chains in found.values() for chain in chains for s in chain} | {start.value}
    )
    ordered = sorted(found, key=lambda s: (labels[s].lower(), s))
    chosen = page(ordered, limit, offset)
    results = [
        PathResult(
            end,
            [
                Chain(
                    chain,
                    tuple(
                        Hop(steps[i], chain[i], chain[i + 1], tuple(sorted(hop_agreements)))
                        for i, hop_agreements in enumerate(hops)
                    ),
                )
                for chain, hops in sorted(found[end].items())
            ],
        )
        for end in chosen.items
    ]
    used = {a for r in results for c in r.chains for h in c.hops for a in h.agreements}
    return PathAnswer(
        start=start.value,
        steps=list(steps),
        as_of=as_of,
        status=status,
        results=Page(results, chosen.total, limit, offset),
        agreements=agreements(store, used, as_of),
        labels=labels,
        sparql=sparql,
    )
