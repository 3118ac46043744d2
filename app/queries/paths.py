"""Composed relation questions: "who shares intelligence with China's allies?".

A path is relation names joined by ``/`` (``allied_with/shares_intelligence_with``); a ``^``
before a name walks that relation backwards, as in a SPARQL property path: it matters for the
directed ``pledged_to_defend`` (``^pledged_to_defend`` from KOR: the states pledged to defend
South Korea) and changes nothing for the symmetric relations.

A path is walked over the relation interval table (:mod:`app.queries.intervals`, the one as-of
rule materialised), one hop per step. The same question as **one** SPARQL query — hop ``i`` is
:func:`app.ontology.relation_pattern` between ``?s{i-1}`` and ``?s{i}`` through ``?a{i}``,
with suffix ``i`` so the hops' helper variables never clash — is returned with the answer, with
the start state and the date filled in by :func:`app.store.render`, so it can be run on
``/sparql`` as is and gives the same chains (``tests/queries/test_paths.py``).

Chains are simple: no state appears twice in one chain, so the start state is never an answer
of its own path.

An empty answer says why (:class:`EmptyStep`: the first step that reached no state, and the
states the steps before it reached), and when the path asks for allies it offers the wider
reading (:class:`WiderReading`): the same question over any formal alliance obligation,
grouped by the strongest obligation kind of the widened hop. "China's allies share intelligence
with nobody" is then answered next to "Russia, with whom China has a consultation obligation,
shares intelligence with South Korea", and neither is mistaken for the other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from app.asof import Holding
from app.errors import InvalidParameter, LimitExceeded
from app.ontology import (
    OBLIGATION_KINDS,
    RELATIONS,
    SPARQL_PREFIXES,
    BeyondCoverage,
    Relation,
    Status,
    date_literal,
    relation,
    relation_pattern,
)
from app.queries.evidence import OBSERVED_UNTIL, AgreementSummary, agreements, observed_until
from app.queries.intervals import interval_table
from app.queries.paging import Page, page
from app.queries.refs import Served, StateRef, doc
from app.queries.states import state_refs
from app.store import Store, render

#: Longest path accepted: each hop multiplies the work, and four hops reach most of the graph.
MAX_HOPS = 4


@dataclass(frozen=True)
class Step(Served):
    """One hop of a path: a relation (by name), walked forwards or (``^``) backwards."""

    relation: str
    inverse: bool = False

    @property
    def definition(self) -> Relation:
        """The relation walked: its IRI, label and direction."""
        return RELATIONS[self.relation]

    def __str__(self) -> str:
        return ("^" if self.inverse else "") + self.relation


@dataclass(frozen=True)
class Hop(Served):
    """One link of a chain, with the agreements (and their sources) that make it."""

    relation: str
    inverse: bool
    source: StateRef
    target: StateRef
    obligation_kinds: tuple[str, ...] = field(
        metadata=doc(
            "Formal alliance obligation kinds the hop's agreements carry, strongest first "
            "(empty for relations that are not alliance obligations)."
        )
    )
    agreements: tuple[AgreementSummary, ...]
    observed_until: str | None = field(default=None, metadata=OBSERVED_UNTIL)


@dataclass(frozen=True)
class Chain:
    """A way from the start state to an end state: the states passed and the hops taken."""

    states: tuple[StateRef, ...]
    hops: tuple[Hop, ...]


@dataclass
class PathResult:
    """An end state, with every chain that reaches it."""

    state: StateRef
    chains: list[Chain]


@dataclass(frozen=True)
class EmptyStep:
    """Why a path found nothing: the first step that reached no state."""

    step: int = field(metadata=doc("1-based number of the step."))
    relation: str
    reached: tuple[StateRef, ...] = field(
        metadata=doc("States the steps before it reached (for step 1: none): it started there.")
    )
    message: str


@dataclass
class WiderGroup:
    """End states reached when the widened hop's strongest obligation is ``obligation``."""

    obligation: str
    items: list[PathResult]


@dataclass
class WiderReading:
    """The same question with allies widened to any formal alliance obligation."""

    path: str
    step: int = field(metadata=doc("1-based number of the widened step."))
    groups: list[WiderGroup] = field(
        metadata=doc(
            "Grouped by the strongest obligation of the widened hop: defense > offense > "
            "neutrality > non-aggression > consultation."
        )
    )


@dataclass(frozen=True, kw_only=True)
class PathAnswer(Page[PathResult], Served):
    """End states of a path from a start state (one page of them), every chain reaching each
    with its evidence, and the SPARQL that found them.

    ``note`` and ``wider`` are set only on an empty answer: why it is empty, and (for a path
    through allies) the answer over any formal alliance obligation.
    """

    #: Declared again with its type: pydantic does not carry ``T`` into a subclass of a
    #: parametrised stdlib dataclass, so the OpenAPI document would lose the item schema.
    items: list[PathResult]
    start: StateRef
    path: str = field(metadata=doc("The path as asked, in normal form."))
    steps: list[Step]
    as_of: dt.date
    status: Status
    sparql: str = field(metadata=doc("The query that found the answer; POST it to /sparql."))
    note: EmptyStep | None = field(
        default=None,
        metadata=doc(
            "Set on an empty answer: the first step that reached no state, and the states "
            "reached before it."
        ),
    )
    wider: WiderReading | None = field(
        default=None,
        metadata=doc(
            "Set on an empty answer through allies (allied_with, pledged_to_defend): the same "
            "question over any formal alliance obligation (has_alliance_with), grouped by the "
            "strongest obligation of the widened hop."
        ),
    )


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
            steps.append(Step(relation(name).name, inverse))
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
            step.definition, a, b, f"?a{i}", [status], str(i), beyond_coverage=beyond_coverage
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


#: Relations that mean "allies"; an empty path through one of them is widened to
#: :data:`WIDER_RELATION`.
_ALLY_RELATIONS = frozenset({"allied_with", "pledged_to_defend"})
WIDER_RELATION = "has_alliance_with"
_STRENGTH = list(OBLIGATION_KINDS.values())

#: chain of states -> agreements of each hop, per end state
_Found = dict[str, dict[tuple[str, ...], list[set[str]]]]


#: Most chains one path may walk: a four-hop path over a dense relation has billions of simple
#: chains, and no answer that long is read by anyone; the client is asked to narrow it instead.
MAX_CHAINS = 200_000


def _search(
    store: Store,
    start: NamedNode,
    steps: Sequence[Step],
    as_of: dt.date,
    status: Status,
    beyond_coverage: BeyondCoverage,
) -> tuple[_Found, str]:
    """The chains of ``steps`` from ``start``, walked over the relation interval table, and
    the SPARQL query that asks the same in one go (returned with the answer).

    Hop ``i`` links the state hop ``i - 1`` reached to each neighbour by the step's relation
    on ``as_of`` (backwards for ``^``) that the chain has not passed yet.

    :raises LimitExceeded: the walk passes :data:`MAX_CHAINS` chains.
    """
    sparql = render(
        path_query(steps, status, beyond_coverage), {"from": start, "as_of": date_literal(as_of)}
    )
    table = interval_table(store)
    moves = [
        _moves(table.holding(s.definition, as_of, [status], beyond_coverage), s) for s in steps
    ]
    found: _Found = defaultdict(dict)
    walked = 0

    def walk(chain: tuple[str, ...], hops: list[set[str]]) -> None:
        nonlocal walked
        if len(chain) > len(steps):
            found[chain[-1]][chain] = hops
            return
        for state, tie in moves[len(chain) - 1].get(chain[-1], {}).items():
            if state not in chain:
                walked += 1
                if walked > MAX_CHAINS:
                    raise LimitExceeded(
                        f"the path {'/'.join(map(str, steps))} walks more than {MAX_CHAINS:,} "
                        "chains; ask fewer steps or narrower relations",
                        parameter="path",
                        limit=MAX_CHAINS,
                    )
                walk((*chain, state), [*hops, set(tie)])

    walk((start.value,), [])
    return found, sparql


def _moves(holding: Holding, step: Step) -> dict[str, dict[str, list[str]]]:
    """state -> the states one ``step`` reaches from it -> the agreements of that hop."""
    moves: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for (source, target), flags in holding.items():
        here, there = (target, source) if step.inverse else (source, target)
        moves[here][there] = list(flags)
    return moves


def _results(
    steps: Sequence[Step],
    found: _Found,
    ends: Sequence[str],
    evidence: dict[str, AgreementSummary],
    named: dict[str, StateRef],
) -> list[PathResult]:
    def hop(i: int, chain: tuple[StateRef, ...], agreements: set[str]) -> Hop:
        summaries = tuple(evidence[a] for a in sorted(agreements))
        kinds = {k for s in summaries for k in s.obligation_kinds}
        return Hop(
            relation=steps[i].relation,
            inverse=steps[i].inverse,
            source=chain[i],
            target=chain[i + 1],
            obligation_kinds=tuple(k for k in _STRENGTH if k in kinds),
            agreements=summaries,
            observed_until=observed_until(s.observed_until for s in summaries),
        )

    return [
        PathResult(
            named[end],
            [
                Chain(refs, tuple(hop(i, refs, a) for i, a in enumerate(hops)))
                for chain, hops in sorted(found[end].items())
                for refs in [tuple(named[s] for s in chain)]
            ],
        )
        for end in ends
    ]


def _agreements_of(found: _Found, ends: Sequence[str]) -> set[str]:
    return {a for end in ends for hops in found[end].values() for hop in hops for a in hop}


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
    """Follow ``steps`` from ``start`` on ``as_of``; end states are ordered by label.

    An empty answer carries its :class:`EmptyStep` note and, when a step asks for allies,
    the :class:`WiderReading` (all of it, not paged: it explains an empty page).
    """
    found, sparql = _search(store, start, steps, as_of, status, beyond_coverage)
    note = wider = None
    widened: int | None = None
    wider_found: _Found = {}
    wider_steps = list(steps)
    if not found:
        note = _empty_step(store, start, steps, as_of, status, beyond_coverage)
        widened = next((i for i, s in enumerate(steps) if s.relation in _ALLY_RELATIONS), None)
        if widened is not None:
            wider_steps[widened] = Step(WIDER_RELATION, steps[widened].inverse)
            wider_found, _ = _search(store, start, wider_steps, as_of, status, beyond_coverage)
    named = state_refs(
        store,
        {s for f in (found, wider_found) for chains in f.values() for c in chains for s in c}
        | {start.value},
    )
    ordered = sorted(found, key=lambda s: (named[s].label.lower(), s))
    chosen = page(ordered, limit, offset)
    wider_ends = sorted(wider_found, key=lambda s: (named[s].label.lower(), s))
    evidence = agreements(
        store,
        _agreements_of(found, chosen.items) | _agreements_of(wider_found, wider_ends),
        as_of,
    )
    if wider_found and widened is not None:
        wider = _group(wider_steps, widened, wider_found, wider_ends, evidence, named)
    return PathAnswer(
        items=_results(steps, found, chosen.items, evidence, named),
        total=chosen.total,
        limit=limit,
        offset=offset,
        start=named[start.value],
        path="/".join(str(s) for s in steps),
        steps=list(steps),
        as_of=as_of,
        status=status,
        sparql=sparql,
        note=note,
        wider=wider,
    )


def _empty_step(
    store: Store,
    start: NamedNode,
    steps: Sequence[Step],
    as_of: dt.date,
    status: Status,
    beyond_coverage: BeyondCoverage,
) -> EmptyStep:
    """The first step of an empty path that reached nothing, found by trying shorter paths."""
    reached: tuple[StateRef, ...] = ()
    empty = 0
    for k in range(len(steps) - 1, 0, -1):
        prefix, _ = _search(store, start, steps[:k], as_of, status, beyond_coverage)
        if prefix:
            reached, empty = tuple(sorted(state_refs(store, prefix).values())), k
            break
    step = steps[empty]
    if empty == 0:
        message = f"step 1 ({step}) reached no state from the start state"
    else:
        message = (
            f"step {empty + 1} ({step}) reached no state from the {len(reached)} "
            f"state(s) step {empty} reached"
        )
    return EmptyStep(empty + 1, step.relation, reached, message)


def _group(
    steps: Sequence[Step],
    widened: int,
    found: _Found,
    ends: Sequence[str],
    evidence: dict[str, AgreementSummary],
    named: dict[str, StateRef],
) -> WiderReading:
    """Chains of the widened path grouped by the strongest obligation of the widened hop."""
    groups: dict[str, list[PathResult]] = defaultdict(list)
    for result in _results(steps, found, ends, evidence, named):
        by_kind: dict[str, list[Chain]] = defaultdict(list)
        for chain in result.chains:
            kinds = chain.hops[widened].obligation_kinds
            by_kind[kinds[0] if kinds else "unknown"].append(chain)
        for kind, chains in by_kind.items():
            groups[kind].append(PathResult(result.state, chains))
    order = [*_STRENGTH, "unknown"]
    return WiderReading(
        "/".join(str(s) for s in steps),
        widened + 1,
        [WiderGroup(kind, groups[kind]) for kind in order if kind in groups],
    )
