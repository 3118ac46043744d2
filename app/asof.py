"""The as-of rule materialised: what :func:`app.ontology.relation_pattern` reads of each
agreement, and each dyad's links with their agreements' status periods, so "does this relation
hold on day D?" is a lookup, not a status-period join.

One materialisation for readers and writers: :mod:`app.rules` computes the derived shortcut
relations ("holds today, in force") from it, and :mod:`app.queries.intervals` keeps one
:class:`IntervalTable` per data version for edges, paths and projections. It reads, in a
handful of single-pattern scans, what the rule reads — agreement types (with their
``skos:broader`` ancestors), parties, intermediaries, per-member obligations and the status
periods :mod:`app.rules` writes (or is handed them, when the rules have just computed them).

The two forms cannot drift apart unnoticed: ``tests/queries/test_intervals.py`` compares the
table with the SPARQL rule relation by relation, status by status, date by date, and
``tests/datasets/test_derived.py`` and ``tests/test_rules_incremental.py`` compare the
shortcuts the rules write with the SPARQL rule evaluated on the store.

Scans, not joins: a single triple pattern is an index range scan in every SPARQL store, while
the joined pattern makes pyoxigraph enumerate every agreement of a type before it looks at a
date. Built from 0.5M quads (bundle + COW + ATOP + DCAD) in about a second.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, NamedNode, Triple

from app.ontology import PG, SPARQL_PREFIXES, BeyondCoverage, Relation, Status
from app.store import Store, render
from app.store.versioned import VersionedCache

#: dyad (source, target) -> agreement -> the horizon flag of the period that makes it hold
#: (``pg:observedUntil``, ``None`` when the agreement holds within its dataset's coverage).
Holding = dict[tuple[str, str], dict[str, str | None]]


@dataclass(frozen=True)
class Period:
    """A status period of an agreement: ``status`` from ``start`` until ``end`` (exclusive).

    The same half-open ``[pg:validFrom, pg:validUntil)`` reading as
    :func:`app.ontology.status_pattern`.
    """

    #: The period's status concepts (one, unless the data says more).
    statuses: frozenset[str]
    start: dt.date
    end: dt.date | None
    observed_until: str | None

    def holds(self, day: dt.date, statuses: frozenset[str], coverage: BeyondCoverage) -> bool:
        """Whether this period gives one of ``statuses`` on ``day``.

        >>> p = Period(frozenset({"s"}), dt.date(2000, 1, 1), dt.date(2001, 1, 1), None)
        >>> [p.holds(dt.date(y, 1, 1), frozenset({"s"}), BeyondCoverage.include) for y in (
        ...     1999, 2000, 2001)]
        [False, True, False]
        """
        return (
            not self.statuses.isdisjoint(statuses)
            and self.start <= day
            and (self.end is None or day < self.end)
            and not (coverage is BeyondCoverage.exclude and self.observed_until is not None)
        )


@dataclass(frozen=True)
class _Obligation:
    concepts: frozenset[str]
    obligor: str
    beneficiary: str


@dataclass
class Agreement:
    """What the rule reads of one agreement: its type concepts (ancestors included), parties,
    intermediaries, obligations and status periods.

    States are IRIs; a party that is not an IRI keeps its N-Triples form (``_:b1``), so it is
    never mistaken for one (:func:`state_term`).
    """

    concepts: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    intermediaries: set[str] = field(default_factory=set)
    #: Whether the agreement has any ``pg:obligation`` node (complete or not): the rule reads
    #: party-hood only for agreements without one.
    obliges: bool = False
    obligations: list[_Obligation] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)


def _links(rel: Relation, agreement: Agreement) -> Iterator[tuple[str, str]]:
    """The ordered pairs ``agreement`` relates by ``rel``, whatever its status: the link part of
    :func:`app.ontology.relation_pattern`, branch for branch."""
    if rel.directed:
        concept = rel.concepts[0].value
        if agreement.obliges:
            for ob in agreement.obligations:
                if concept in ob.concepts and ob.obligor != ob.beneficiary:
                    yield ob.obligor, ob.beneficiary
        elif concept in agreement.concepts:
            yield from ((a, b) for a in agreement.parties for b in agreement.parties if a != b)
        return
    if agreement.concepts.isdisjoint(c.value for c in rel.concepts):
        return
    if not agreement.intermediaries:
        yield from ((a, b) for a in agreement.parties for b in agreement.parties if a != b)
        return
    for a in agreement.parties:
        for b in agreement.intermediaries:
            if a != b:
                yield a, b
                yield b, a


class IntervalTable:
    """Per relation, each dyad's links (agreement and its status periods) for one data version.

    Built from :func:`read_agreements` (:func:`app.queries.intervals.interval_table` keeps one
    per data version); answers on a day come from :meth:`holding`.
    """

    def __init__(self, agreements: dict[str, Agreement]) -> None:
        self._agreements = agreements
        self._by_relation: dict[Relation, dict[tuple[str, str], list[str]]] = {}
        self._days: VersionedCache[Holding] = VersionedCache(maxsize=256)
        self._lock = threading.Lock()

    def states(self, prefix: str) -> set[str]:
        """Every party or intermediary of any agreement whose IRI starts with ``prefix``."""
        return {
            s
            for agreement in self._agreements.values()
            for s in (*agreement.parties, *agreement.intermediaries)
            if s.startswith(prefix)
        }

    def patched(self, store: Store, agreements: Iterable[str]) -> IntervalTable:
        """This table with ``agreements`` read again from ``store`` (new, changed or gone)."""
        only = sorted(set(agreements))
        fresh = {**self._agreements}
        for iri in only:
            fresh.pop(iri, None)
        if only:
            fresh.update(read_agreements(store, [NamedNode(iri) for iri in only]))
        return IntervalTable(fresh)

    def links(self, rel: Relation) -> dict[tuple[str, str], list[str]]:
        """Ordered dyad -> agreements that relate it by ``rel`` at some time (any status)."""
        with self._lock:
            found = self._by_relation.get(rel)
        if found is None:
            built: dict[tuple[str, str], list[str]] = defaultdict(list)
            for iri, agreement in self._agreements.items():
                for pair in set(_links(rel, agreement)):
                    built[pair].append(iri)
            found = dict(built)
            with self._lock:
                self._by_relation[rel] = found
        return found

    def holding(
        self,
        rel: Relation,
        day: dt.date,
        statuses: Sequence[Status],
        beyond_coverage: BeyondCoverage = BeyondCoverage.include,
    ) -> Holding:
        """Every ordered dyad ``rel`` relates on ``day`` through an agreement with one of
        ``statuses``, with the agreements and their horizon flags (cached per day).

        A symmetric relation holds in both orders. ``Status.any`` counts every agreement
        whatever its history, as :func:`app.ontology.status_pattern` does.
        """
        key = (rel, day, frozenset(statuses), beyond_coverage)
        return self._days.get_or_build(
            key, lambda: self._holding(rel, day, frozenset(statuses), beyond_coverage)
        )

    def _holding(
        self, rel: Relation, day: dt.date, statuses: frozenset[Status], coverage: BeyondCoverage
    ) -> Holding:
        every = Status.any in statuses
        wanted = frozenset(s.concept.value for s in statuses if s is not Status.any)
        held: dict[str, str | None] = {}
        found: Holding = {}
        for pair, agreements in self.links(rel).items():
            for iri in agreements:
                if iri not in held:
                    held[iri] = self._flag(iri, day, wanted, coverage, every)
                flag = held[iri]
                if flag is not _NOT_HELD:
                    found.setdefault(pair, {})[iri] = flag
        return found

    def _flag(
        self,
        iri: str,
        day: dt.date,
        statuses: frozenset[str],
        coverage: BeyondCoverage,
        every: bool,
    ) -> str | None:
        """``None`` when ``iri`` holds on ``day`` within coverage, its horizon year when it holds
        only past it, :data:`_NOT_HELD` when it does not hold."""
        if every:
            return None
        flags = [
            p.observed_until
            for p in self._agreements[iri].periods
            if p.holds(day, statuses, coverage)
        ]
        if not flags:
            return _NOT_HELD
        return None if None in flags else min(f for f in flags if f is not None)


#: The marker :meth:`IntervalTable._flag` returns for an agreement that does not hold.
_NOT_HELD = "\0not held"

#: Each scan: a single triple pattern, and how it reaches its agreement ``?a`` when the read
#: is limited to some agreements (:meth:`IntervalTable.patched`).
_SCANS: dict[str, tuple[str, str]] = {
    "type": ("?a pg:agreementType ?v", ""),
    "party": ("?a pg:party ?v", ""),
    "intermediary": ("?a pg:intermediary ?v", ""),
    "obliges": ("?a pg:obligation ?o", ""),
    "obligation": (
        "?o pg:obligationType ?t ; pg:obligor ?v ; pg:beneficiary ?w",
        "?a pg:obligation ?o .",
    ),
    "period": ("?a pg:statusPeriod ?p", ""),
    "status": ("?p pg:status ?v", "?a pg:statusPeriod ?p ."),
    "from": ("?p pg:validFrom ?v", "?a pg:statusPeriod ?p ."),
    "until": ("?p pg:validUntil ?v", "?a pg:statusPeriod ?p ."),
    "observed": ("?p pg:observedUntil ?v", "?a pg:statusPeriod ?p ."),
}

_BROADER = SPARQL_PREFIXES + "SELECT ?t ?c WHERE { ?t skos:broader ?c }"


def _scan(store: Store, name: str, only: list[NamedNode] | None) -> Iterable[dict[str, str]]:
    pattern, owner = _SCANS[name]
    if only is None:
        query = SPARQL_PREFIXES + f"SELECT * WHERE {{ {pattern} }}"
    else:
        query = render(
            SPARQL_PREFIXES + f"SELECT * WHERE {{ VALUES ?a {{ $only }} {owner} {pattern} }}",
            {"only": only},
        )
    rows = store.select(query)
    states = _STATE_COLUMNS.get(name, ())
    return ({k: _state_key(v) if k in states else v.value for k, v in row.items()} for row in rows)


#: The columns of a scan that hold states.
_STATE_COLUMNS = {"party": ("v",), "intermediary": ("v",), "obligation": ("v", "w")}


def _state_key(term: object) -> str:
    """An IRI's own text; any other term's N-Triples form, which no IRI can be."""
    return term.value if isinstance(term, NamedNode) else str(term)


def state_term(key: str) -> NamedNode | BlankNode | None:
    """The term a state key of the table stands for; ``None`` for a literal (never a state).

    >>> state_term("http://example.org/s"), state_term("_:b1"), state_term('"x"')
    (<NamedNode value=http://example.org/s>, <BlankNode value=b1>, None)
    """
    if key.startswith("_:"):
        return BlankNode(key[2:])
    if key.startswith('"'):
        return None
    return NamedNode(key)


def _ancestors(store: Store, types: set[str]) -> dict[str, set[str]]:
    """Each type concept and its ``skos:broader`` ancestors (itself included): the rule's
    ``skos:broader*``, closed here over one scan of the hierarchy (Virtuoso refuses a
    transitive path whose start comes from ``VALUES``)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_BROADER):
        parents[row["t"].value].add(row["c"].value)
    closure: dict[str, set[str]] = {}
    for start in types:
        seen, todo = {start}, [start]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closure[start] = seen
    return closure


def read_agreements(
    store: Store,
    only: list[NamedNode] | None = None,
    period_triples: Iterable[Triple] | None = None,
) -> dict[str, Agreement]:
    """What the rule reads of every agreement (``only``: of these agreements).

    ``period_triples``: the status-period triples :mod:`app.rules` just computed, read instead
    of the store's (five scans fewer, and no need to write them first). They are joined as the
    store's would be, so two periods that share a node (several values of a date) read as the
    one node the store will hold.
    """
    agreements: dict[str, Agreement] = defaultdict(Agreement)
    direct_types: dict[str, set[str]] = defaultdict(set)
    for row in _scan(store, "type", only):
        direct_types[row["a"]].add(row["v"])
    for row in _scan(store, "party", only):
        agreements[row["a"]].parties.add(row["v"])
    for row in _scan(store, "intermediary", only):
        agreements[row["a"]].intermediaries.add(row["v"])
    nodes: dict[str, set[str]] = defaultdict(set)
    for row in _scan(store, "obliges", only):
        agreements[row["a"]].obliges = True
        nodes[row["o"]].add(row["a"])
    obligations = {
        (a, r["t"], r["v"], r["w"])
        for r in _scan(store, "obligation", only)
        for a in nodes.get(r["o"], ())
    }
    closure = _ancestors(
        store, {t for ts in direct_types.values() for t in ts} | {t for _, t, _, _ in obligations}
    )
    for iri, types in direct_types.items():
        agreements[iri].concepts.update(c for t in types for c in closure[t])
    for iri, obligation_type, obligor, beneficiary in sorted(obligations):
        ob = _Obligation(frozenset(closure[obligation_type]), obligor, beneficiary)
        if ob not in agreements[iri].obligations:
            agreements[iri].obligations.append(ob)
    if period_triples is None:
        _add_periods(store, agreements, only)
    else:
        _join_periods(agreements, *_period_columns(period_triples))
    return dict(agreements)


#: period node -> the agreements owning it; column name -> period node -> its values.
_Owners = dict[str, set[str]]
_Columns = dict[str, dict[str, set[str]]]
_PERIOD_PREDICATES = {
    PG.status: "status",
    PG.validFrom: "from",
    PG.validUntil: "until",
    PG.observedUntil: "observed",
}


def _add_periods(
    store: Store, agreements: dict[str, Agreement], only: list[NamedNode] | None
) -> None:
    """Attach the status periods :mod:`app.rules` derived, read as five scans joined here."""
    owners: _Owners = defaultdict(set)
    for row in _scan(store, "period", only):
        owners[row["p"]].add(row["a"])
    columns: _Columns = {}
    for name in _PERIOD_PREDICATES.values():
        column = columns[name] = defaultdict(set)
        for row in _scan(store, name, only):
            column[row["p"]].add(row["v"])
    _join_periods(agreements, owners, columns)


def _period_columns(triples: Iterable[Triple]) -> tuple[_Owners, _Columns]:
    """The owners and columns the five scans would read once ``triples`` are in the store."""
    owners: _Owners = defaultdict(set)
    columns: _Columns = {name: defaultdict(set) for name in _PERIOD_PREDICATES.values()}
    for t in triples:
        if isinstance(t.subject, Triple) or isinstance(t.object, Triple):
            continue  # the rules write no quoted triples
        if t.predicate == PG.statusPeriod:
            owners[t.object.value].add(t.subject.value)
        elif (name := _PERIOD_PREDICATES.get(t.predicate)) is not None:
            columns[name][t.subject.value].add(t.object.value)
    return owners, columns


def _join_periods(agreements: dict[str, Agreement], owners: _Owners, columns: _Columns) -> None:
    """Each period node's values joined into the periods of the agreements owning it."""
    for period, owned_by in owners.items():
        statuses, starts = columns["status"].get(period), columns["from"].get(period)
        # Several values read as the rule reads them: any start on or before the day counts,
        # any end on or before it ends the period; the horizon shown is the earliest.
        begins = min(filter(None, map(_date, starts or ())), default=None)
        if not statuses or begins is None:
            continue  # the rule's `validFrom <= as_of` never holds
        ends = min(filter(None, map(_date, columns["until"].get(period, ()))), default=None)
        observed = min(columns["observed"].get(period, ()), default=None)
        for iri in owned_by & agreements.keys():
            agreements[iri].periods.append(Period(frozenset(statuses), begins, ends, observed))


def _date(lexical: str | None) -> dt.date | None:
    """An ``xsd:date``'s day; ``None`` for anything else, which the rule's date comparisons
    never satisfy (a period without a comparable end stays open, as in the rule)."""
    try:
        return None if lexical is None else dt.date.fromisoformat(lexical)
    except ValueError:
        return None
