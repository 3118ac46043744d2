"""Derivations run after every change of data: status periods, then shortcut relations.

Rules (documented in README, "Derived data"):

1. **Status periods.** Each agreement's history becomes half-open intervals
   ``[pg:validFrom, pg:validUntil)`` of ``xsd:date``, each with one ``pg:status``. The history
   is the sorted list of status changes taken from its lifecycle events (:data:`EVENT_STATUS`)
   and from its dates: ``pg:signed`` starts *signed* when a ``pg:inForceFrom`` is known and
   *in force* otherwise; ``pg:inForceFrom`` starts *in force*; ``pg:inForceUntil`` starts
   *ended*; ``pg:inForceBy`` (concluded by then, signature undated) starts *in force* when
   neither of the first two is known. A partial date counts from the end of its month or year
   (:func:`app.ontology.period_end`), or from the first later stage of the lifecycle dated
   inside that month or year when there is one. On one day, the later stage wins.
   **Coverage horizons.** An agreement known from a dataset that was still running when the
   dataset ends carries ``pg:censoredAt "Y"`` and no end. Its open period is split at the
   horizon: up to the end of Y as the dataset says, then from Y+1-01-01 an open period with
   the same status carrying ``pg:observedUntil "Y"`` ("in force at last observation"), which
   answers flag and ``beyond_coverage=exclude`` leaves out. Curated agreements have no
   ``pg:censoredAt``, so their periods are never flagged.
2. **Shortcut relations.** For every relation of :data:`app.ontology.RELATIONS`, the pairs of
   states matched by :func:`app.ontology.relation_pattern` through an agreement in force today
   become ``?x pg:<relation> ?y`` (both directions for symmetric relations; obligor to
   beneficiary for directed ones). They are computed by :mod:`app.asof`, the rule materialised
   in Python (the same the readers' relation interval table is), from the status periods just
   computed: one rule for the shortcuts and every as-of answer, and tests compare both with
   the SPARQL pattern evaluated on the store.

Both land in the named graph :data:`DERIVED_GRAPH`, replacing the old derived data in one
update request, so readers never see them half built. As-of questions never read the
shortcuts: they go through agreement nodes and status periods.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from app import asof
from app.graphs import DERIVED_GRAPH
from app.ontology import (
    ID_NS,
    PG,
    RELATIONS,
    SPARQL_PREFIXES,
    Status,
    date_literal,
    period_bounds,
)
from app.store import Store, render, sparql_term
from app.vocab import RDF, SKOS, XSD

#: Status an agreement enters with each lifecycle event type; absent: no change of status.
EVENT_STATUS: dict[str, Status] = {
    PG.ProposedEvent.value: Status.proposed,
    PG.NegotiatingEvent.value: Status.negotiating,
    PG.SignedEvent.value: Status.signed,
    PG.EnteredIntoForceEvent.value: Status.in_force,
    PG.RenewedEvent.value: Status.in_force,
    PG.TerminationSuspendedEvent.value: Status.in_force,
    PG.SuspendedEvent.value: Status.suspended,
    PG.TerminatedEvent.value: Status.ended,
    PG.WithdrawnEvent.value: Status.ended,
    PG.RejectedEvent.value: Status.rejected,
}
# Order of the lifecycle, to settle several changes on one day.
_STAGE = {
    Status.proposed: 0,
    Status.negotiating: 1,
    Status.signed: 2,
    Status.in_force: 3,
    Status.suspended: 4,
    Status.rejected: 5,
    Status.ended: 6,
}

_DATES = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?signed ?from ?until ?by ?censored WHERE {
  %s ?a a pg:Agreement .
  OPTIONAL { ?a pg:censoredAt ?censored }
  OPTIONAL { ?a pg:signed ?signed }
  OPTIONAL { ?a pg:inForceBy ?by }
  OPTIONAL { ?a pg:inForceFrom ?from }
  OPTIONAL { ?a pg:inForceUntil ?until }
}"""
)
_EVENTS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?type ?date WHERE { %s ?a pg:event ?e . ?e pg:eventType ?type ; pg:date ?date . }"""
)

Period = tuple[dt.date, dt.date | None, Status]
#: Statuses a dataset's silence cannot change: nothing after them to carry forward.
_FINAL = frozenset({Status.ended, Status.rejected})


@dataclass(frozen=True, order=True)
class Change:
    """One status change of an agreement."""

    day: dt.date
    stage: int
    status: Status


def history(
    signed: str | None,
    in_force_from: str | None,
    in_force_until: str | None,
    events: list[tuple[str, str]],
    in_force_by: str | None = None,
) -> list[Change]:
    """Sorted status changes of one agreement from its dates and (event type, date) pairs.

    ``in_force_by`` (``pg:inForceBy``: a source reports the agreement concluded by then) counts
    only when neither signature nor entry into force is dated: it is a bound, not a start.
    """
    signing_status = Status.signed if in_force_from is not None else Status.in_force
    dated: list[tuple[str, Status]] = []
    if in_force_by is not None and signed is None and in_force_from is None:
        dated.append((in_force_by, Status.in_force))
    if signed is not None:
        dated.append((signed, signing_status))
    if in_force_from is not None:
        dated.append((in_force_from, Status.in_force))
    if in_force_until is not None:
        dated.append((in_force_until, Status.ended))
    for event_type, date in events:
        status = EVENT_STATUS.get(event_type)
        # A signing event means "in force" unless a separate entry into force is known.
        if status is Status.signed:
            status = signing_status
        if status is not None:
            dated.append((date, status))
    spans: list[tuple[dt.date, dt.date, Status]] = []
    for lexical, status in dated:
        try:
            first, last = period_bounds(lexical)
        except ValueError:
            continue  # SHACL reports malformed dates; the rule skips them rather than guess
        spans.append((first, last, status))
    changes = []
    for first, last, status in spans:
        # A partial date counts from the end of its period, unless a later stage of the
        # lifecycle falls inside that period: talks "in 2016" came before a signing on
        # 2016-11-23, so they cannot start a "negotiating" period after it.
        later = [
            other_last
            for _, other_last, other in spans
            if _STAGE[other] > _STAGE[status] and first <= other_last < last
        ]
        changes.append(Change(min([last, *later]), _STAGE[status], status))
    return sorted(changes)


def periods(changes: list[Change]) -> list[Period]:
    """Half-open periods from sorted changes; the last change of a day wins, equal runs merge."""
    last_of_day: dict[dt.date, Status] = {c.day: c.status for c in changes}
    result: list[Period] = []
    for day, status in sorted(last_of_day.items()):
        if result and result[-1][2] is status:
            continue
        if result:
            result[-1] = (result[-1][0], day, result[-1][2])
        result.append((day, None, status))
    return result


def split_at_horizon(items: list[Period], horizon: int) -> tuple[list[Period], bool]:
    """Split the open last period at the end of ``horizon``; say whether one lies beyond it.

    Returns the periods and whether the last one lies past the horizon (it is then the one
    to flag with ``pg:observedUntil``). A history that ended (or a rejection) is left as it
    is: the dataset saw its end. A period opening after the horizon (a date the dataset
    reports beyond its own coverage) lies past it whole.

    Examples
    --------
    >>> items, beyond = split_at_horizon([(dt.date(2001, 5, 1), None, Status.in_force)], 2010)
    >>> [(str(start), str(end), status.value) for start, end, status in items], beyond
    ([('2001-05-01', '2011-01-01', 'in_force'), ('2011-01-01', 'None', 'in_force')], True)
    >>> split_at_horizon([(dt.date(2001, 5, 1), dt.date(2004, 1, 1), Status.in_force)], 2010)[1]
    False
    """
    if not items or items[-1][1] is not None or items[-1][2] in _FINAL:
        return items, False
    start, _, status = items[-1]
    beyond = dt.date(horizon + 1, 1, 1)
    if start >= beyond:
        return items, True
    return [*items[:-1], (start, beyond, status), (beyond, None, status)], True


def _period_triples(
    agreement: NamedNode, items: list[Period], observed_until: Literal | None = None
) -> list[Triple]:
    """Triples of the periods; ``observed_until`` flags the last one (past the horizon)."""
    triples: list[Triple] = []
    for index, (start, end, status) in enumerate(items):
        key = hashlib.sha1(f"{agreement.value}#{index}".encode()).hexdigest()[:20]
        node = NamedNode(f"{ID_NS}status-period/{key}")
        triples += [
            Triple(agreement, PG.statusPeriod, node),
            Triple(node, RDF.type, PG.StatusPeriod),
            Triple(node, PG.status, status.concept),
            Triple(node, PG.validFrom, date_literal(start)),
        ]
        if end is not None:
            triples.append(Triple(node, PG.validUntil, date_literal(end)))
        if observed_until is not None and index == len(items) - 1:
            triples.append(Triple(node, PG.observedUntil, observed_until))
    return triples


def refresh(store: Store, today: dt.date | None = None) -> int:
    """Recompute the whole derived graph from the current data; returns its number of triples.

    The full rebuild (``pactgraph rebuild``, start-up repair, dataset and bundle imports).
    The shortcut relations come from the status periods just computed, handed to
    :mod:`app.asof` with one read of the agreements' link facts: no second "in force on a
    date" rule, and no need to write the periods before reading them back. Periods and
    shortcuts are replaced in one transaction, and only the difference with the derived graph
    there is written (:func:`_replace`): a day's rebuild changes a few triples of the 190k the
    datasets give, and rewriting them all in one transaction takes RocksDB tens of seconds.
    """
    today = today or dt.date.today()
    old = set(store.construct(render(_DERIVED_CONTENT, {"g": DERIVED_GRAPH})))
    periods_triples = _status_periods(store, None)
    table = asof.IntervalTable(asof.read_agreements(store, period_triples=periods_triples))
    derived = periods_triples + _shortcuts(table, today, None)
    _replace(store, old, derived)
    return len(set(derived))


_DERIVED_CONTENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $g { ?s ?p ?o } }"


def _replace(store: Store, old: set[Triple], new: list[Triple]) -> None:
    """Make ``new`` take the place of ``old`` in the derived graph, in one transaction.

    Only the difference is written: what is in both stays untouched.
    """
    graph = sparql_term(DERIVED_GRAPH)
    wanted = set(new)
    gone, added = old - wanted, wanted - old
    if not gone:
        # Nothing to delete (a first build): quads straight in, one transaction too, without
        # writing and parsing the text of an update (160k triples on the datasets' store).
        if added:
            store.add_quads(Quad(t.subject, t.predicate, t.object, DERIVED_GRAPH) for t in added)
        return
    # Empty parts left out: Virtuoso refuses `DELETE DATA { GRAPH <g> { } }`.
    parts = [
        f"{verb} DATA {{ GRAPH {graph} {{ {_ntriples(triples)} }} }}"
        for verb, triples in (("DELETE", gone), ("INSERT", added))
        if triples
    ]
    if parts:
        store.update(" ; ".join(parts))


def touched_terms(triples: Iterable[Triple | Quad]) -> frozenset[NamedNode] | None:
    """The IRIs a write's triples name as subject or object; None: only a full rebuild will do.

    A change of the concept hierarchy (``skos:broader``) changes which agreements count for
    a relation across the whole store, so it asks for the full rebuild. Blank nodes are left
    out: one is reached only through a triple of the same write, whose subject is kept.
    """
    terms: set[NamedNode] = set()
    for triple in triples:
        if triple.predicate == SKOS.broader:
            return None
        for term in (triple.subject, triple.object):
            if isinstance(term, NamedNode):
                terms.add(term)
    return frozenset(terms)


def refresh_touched(
    store: Store, touched: Collection[NamedNode], today: dt.date | None = None
) -> list[NamedNode]:
    """Recompute derived data for what a write touched only; returns the agreements recomputed
    (readers that keep per-agreement data, :mod:`app.queries.intervals`, re-read just those).

    Derived data of an agreement depends on its own triples only (dates, events, type,
    parties, intermediaries, obligations), and a shortcut of a pair on the agreements that
    link that pair. So the agreements recomputed are the touched IRIs that are agreements (or
    have status periods: a removed agreement leaves them behind) and the agreements whose
    events or obligation nodes were touched; their periods are replaced in one update. The
    states recomputed are those the agreements link now, plus the touched IRIs holding a
    shortcut (a party removed by the write); every shortcut between two of them is replaced in
    a second update, computed by :mod:`app.asof` from the agreements linking two of them (no
    other agreement can relate such a pair), read with the periods just written.
    The result equals :func:`refresh` on the same data and day (``tests/test_rules_incremental``).
    """
    today = today or dt.date.today()
    graph = sparql_term(DERIVED_GRAPH)
    agreements = _touched_agreements(store, touched)
    periods_triples = _status_periods(store, agreements)
    if agreements:
        delete = (
            f"DELETE {{ GRAPH {graph} {{ ?a pg:statusPeriod ?sp . ?sp ?p ?o }} }} "
            f"WHERE {{ VALUES ?a {{ {_values(agreements)} }} "
            f"GRAPH {graph} {{ ?a pg:statusPeriod ?sp . ?sp ?p ?o }} }} ; "
        )
        _write(store, graph, periods_triples, SPARQL_PREFIXES + delete)
    states = _touched_states(store, agreements, touched)
    linking = _linking_pairs(store, states)
    table = asof.IntervalTable(asof.read_agreements(store, linking) if linking else {})
    shortcuts = _shortcuts(table, today, {state.value for state in states})
    if states:
        props = " ".join(sparql_term(rel.property) for rel in RELATIONS.values())
        values = _values(states)
        delete = (
            f"DELETE {{ GRAPH {graph} {{ ?x ?p ?y }} }} WHERE {{ VALUES ?p {{ {props} }} "
            f"VALUES ?x {{ {values} }} VALUES ?y {{ {values} }} GRAPH {graph} {{ ?x ?p ?y }} }} ; "
        )
        _write(store, graph, shortcuts, delete)
    return agreements


_LINKED_AGREEMENTS = (
    SPARQL_PREFIXES
    + "SELECT DISTINCT ?a WHERE { VALUES ?t { %s } "
    + "{ ?a pg:event ?t } UNION { ?a pg:obligation ?t } }"
)
_AGREEMENTS_AMONG = (
    SPARQL_PREFIXES
    + "SELECT DISTINCT ?a WHERE { VALUES ?a { %s } "
    + "{ ?a a pg:Agreement } UNION { GRAPH %s { ?a pg:statusPeriod ?_sp } } }"
)
# How relation_pattern links an agreement ?a to a state ?x, with the VALUES clause ``%(values)s``
# repeated in each branch: pyoxigraph does not push one outside a UNION into it (17x slower).
_STATE_LINK = (
    "{ %(values)s ?a pg:party ?x } UNION { %(values)s ?a pg:intermediary ?x } UNION "
    "{ %(values)s ?a pg:obligation/(pg:obligor|pg:beneficiary) ?x }"
)
_LINKED_STATES = SPARQL_PREFIXES + "SELECT DISTINCT ?x WHERE { " + _STATE_LINK + " }"
_LINKING_AGREEMENTS = SPARQL_PREFIXES + "SELECT DISTINCT ?a ?x WHERE { " + _STATE_LINK + " }"
# FILTER IN, not a VALUES of the properties: pyoxigraph hash-joins a VALUES of more than a
# few dozen rows against a scan of every shortcut (30x slower on the datasets' store).
_SHORTCUT_HOLDERS = (
    "SELECT DISTINCT ?x WHERE { { %(values)s GRAPH %(graph)s { ?x ?_p ?_y } %(filter)s } "
    "UNION { %(values)s GRAPH %(graph)s { ?_y ?_p ?x } %(filter)s } }"
)


def _touched_agreements(store: Store, touched: Collection[NamedNode]) -> list[NamedNode]:
    if not touched:
        return []
    candidates = set(touched)
    for row in store.select(_LINKED_AGREEMENTS % _values(touched)):
        candidates.add(row["a"])  # type: ignore[arg-type]
    query = _AGREEMENTS_AMONG % (_values(candidates), sparql_term(DERIVED_GRAPH))
    return sorted({row["a"] for row in store.select(query)}, key=str)  # type: ignore[misc]


def _touched_states(
    store: Store, agreements: list[NamedNode], touched: Collection[NamedNode]
) -> list[NamedNode]:
    states: set[NamedNode] = set()
    if agreements:
        for row in store.select(
            _LINKED_STATES % {"values": f"VALUES ?a {{ {_values(agreements)} }}"}
        ):
            if isinstance(row["x"], NamedNode):
                states.add(row["x"])
    if touched:
        props = ", ".join(sparql_term(rel.property) for rel in RELATIONS.values())
        query = _SHORTCUT_HOLDERS % {
            "values": f"VALUES ?x {{ {_values(touched)} }}",
            "graph": sparql_term(DERIVED_GRAPH),
            "filter": f"FILTER(?_p IN ({props}))",
        }
        states.update(row["x"] for row in store.select(query))  # type: ignore[misc]
    return sorted(states, key=str)


def _linking_pairs(store: Store, states: list[NamedNode]) -> list[NamedNode]:
    """The agreements linking two or more of ``states``: the only ones that can relate a pair."""
    if not states:
        return []
    linked: dict[NamedNode, set[object]] = defaultdict(set)
    for row in store.select(_LINKING_AGREEMENTS % {"values": f"VALUES ?x {{ {_values(states)} }}"}):
        # A blank-node agreement has no status periods (:func:`_status_periods`): never in force.
        if isinstance(row["a"], NamedNode):
            linked[row["a"]].add(row["x"])
    return sorted((a for a, xs in linked.items() if len(xs) > 1), key=str)


def _status_periods(store: Store, agreements: list[NamedNode] | None) -> list[Triple]:
    """Status-period triples of ``agreements`` (None: of every agreement)."""
    if agreements is not None and not agreements:
        return []
    only = "" if agreements is None else f"VALUES ?a {{ {_values(agreements)} }}"
    events: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.select(_EVENTS % only):
        events[row["a"].value].append((row["type"].value, row["date"].value))
    triples: list[Triple] = []
    for row in store.select(_DATES % only):
        agreement = row["a"]
        if not isinstance(agreement, NamedNode):
            continue
        changes = history(
            _lexical(row.get("signed")),
            _lexical(row.get("from")),
            _lexical(row.get("until")),
            events.get(agreement.value, []),
            _lexical(row.get("by")),
        )
        items = periods(changes)
        flag = None
        censored = _horizon(row.get("censored"))
        if censored is not None:
            items, beyond = split_at_horizon(items, censored)
            flag = Literal(f"{censored:04d}", datatype=XSD.gYear) if beyond else None
        triples += _period_triples(agreement, items, flag)
    return triples


def _shortcuts(table: asof.IntervalTable, today: dt.date, states: set[str] | None) -> list[Triple]:
    """Shortcut triples in force ``today`` (``states``: only pairs of two of them).

    A literal in a party's place is never a state: it gets no shortcut (in SPARQL the rule
    would match it, and a literal cannot be a triple's subject).
    """
    shortcuts: list[Triple] = []
    for rel in RELATIONS.values():
        for x, y in table.holding(rel, today, [Status.in_force]):
            if states is not None and not (x in states and y in states):
                continue
            source, target = asof.state_term(x), asof.state_term(y)
            if source is not None and target is not None:
                shortcuts.append(Triple(source, rel.property, target))
    return shortcuts


def _values(terms: Iterable[NamedNode]) -> str:
    return " ".join(sparql_term(term) for term in terms)


def _write(store: Store, graph: str, triples: list[Triple], before: str) -> None:
    """Run the updates ``before`` (ending in ``;``) and insert ``triples`` into ``graph``, in one
    request; an empty insert is left out (Virtuoso 7 refuses ``INSERT DATA { GRAPH <g> { } }``).
    """
    update = before.rstrip().removesuffix(";")
    if triples:
        update += f" ; INSERT DATA {{ GRAPH {graph} {{ {_ntriples(triples)} }} }}"
    store.update(update)


def _ntriples(triples: Iterable[Triple]) -> str:
    return (serialize(triples, format=RdfFormat.N_TRIPLES) or b"").decode()


def _lexical(term: object) -> str | None:
    return term.value if isinstance(term, Literal) else None


def _horizon(term: object) -> int | None:
    """The year of a ``pg:censoredAt`` value (a gYear, or a date whose year is meant)."""
    lexical = _lexical(term)
    if lexical is None:
        return None
    try:
        return period_bounds(lexical)[1].year
    except ValueError:
        return None  # SHACL reports malformed dates; the rule does not guess
