"""What the side panel of /explore shows: a state's partners and agreements, or the agreements
behind one edge, each agreement with its sources and quotes.

Both read relations through :func:`app.queries.relations.edges` and evidence through
:func:`app.queries.evidence.agreements`, restricted to the relation types, date and statuses
of the current view, so the panel never disagrees with the picture.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from pyoxigraph import NamedNode

from app.ontology import RELATIONS
from app.queries.evidence import AgreementSummary, agreements
from app.queries.refs import local_id
from app.queries.relations import Edge, edges
from app.queries.states import state_labels, state_refs
from app.store import Store
from app.views.links import local_href
from app.views.network import View
from app.views.regions import region_of
from app.views.styles import RELATION_STYLES

__all__ = ["edge_details", "node_details"]


def _year(lexical: str | None) -> int | None:
    return int(lexical[:4]) if lexical and lexical[:4].isdigit() else None


def _agreement_json(summary: AgreementSummary) -> dict[str, Any]:
    data = dataclasses.asdict(summary)
    start = summary.in_force_from or summary.signed
    data.update(
        page=local_href(summary.iri),
        label=summary.label or local_id(summary.iri),
        party_labels=[p.label for p in summary.parties],
        start_year=_year(start),
        end_year=_year(summary.in_force_until),
    )
    for source in data["sources"]:
        source["page"] = local_href(source["iri"])
    return data


def _evidence(store: Store, iris: Iterable[str], view: View) -> list[dict[str, Any]]:
    found = agreements(store, iris, view.as_of)
    items = [_agreement_json(s) for s in found.values()]
    return sorted(items, key=lambda a: (a["start_year"] or 9999, a["label"]))


def _around(store: Store, iri: str, view: View) -> list[Edge]:
    node = [NamedNode(iri)]
    return [
        e
        for name in view.types
        for e in edges(
            store,
            RELATIONS[name],
            view.as_of,
            view.statuses,
            node,
            beyond_coverage=view.beyond_coverage,
        )
    ]


def node_details(store: Store, iri: str, view: View) -> dict[str, Any]:
    """A state's partners (per relation of the view) and its agreements with their sources."""
    found = _around(store, iri, view)
    state = state_refs(store, [iri])[iri]
    return {
        "iri": iri,
        "code": state.id,
        "label": state.label,
        "region": region_of(state.id),
        "page": local_href(iri),
        "partners": [
            {
                "relation": e.relation,
                "relation_label": RELATION_STYLES[e.relation].label,
                "iri": e.target.iri,
                "code": e.target.id,
                "label": e.target.label,
                "agreements": list(e.agreements),
            }
            for e in sorted(found, key=lambda e: (e.relation, e.target.label))
        ],
        "agreements": _evidence(store, {a for e in found for a in e.agreements}, view),
    }


def edge_details(store: Store, a: str, b: str, view: View) -> dict[str, Any]:
    """The agreements relating ``a`` and ``b`` in the view, per relation, with sources."""
    found = [e for e in _around(store, a, view) if e.target.iri == b]
    labels = state_labels(store, [a, b])
    return {
        "a": {"iri": a, "label": labels[a], "page": local_href(a)},
        "b": {"iri": b, "label": labels[b], "page": local_href(b)},
        "relations": [
            {
                "relation": e.relation,
                "relation_label": RELATION_STYLES[e.relation].label,
                "agreements": _evidence(store, e.agreements, view),
            }
            for e in found
        ],
    }
