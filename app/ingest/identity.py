"""How a batch is identified: a content hash that is cheap for every body a client can send.

A batch's id is the start of its content hash, so posting the same content again finds the
batch instead of adding it twice. The hash needs blank nodes named the same way whatever
labels the body gave them. RDFC-1.0 (pyoxigraph's ``Dataset.canonicalize``) does that, but
its cost explodes on blank nodes that look alike (a chain of 100 takes 1.4 s, of 400 56 s;
8 blank nodes all linked to each other 9.7 s) and it holds the GIL throughout, so one such
body froze the whole server. :func:`batch_key` labels blank nodes in linear passes instead:

1. Each blank node gets RDFC-1.0's *first-degree hash* (the sorted quads it appears in, itself
   written ``_:a``, other blank nodes ``_:z``). When these are all different, which is the case
   for pactgraph's data (a citation node carries its own quote and locator), the labels are
   RDFC-1.0's own (``c14n0``, ``c14n1``… in hash order): ids are those RDFC-1.0 gives.
2. Otherwise colour refinement: each round hashes a node's colour with its neighbours'
   colours, at most :data:`REFINEMENT_ROUNDS` rounds. When all colours end different, labels
   follow the colours: still a canonical form (same content, same hash; different content,
   different hash), though not RDFC-1.0's labels.
3. When blank nodes stay indistinguishable (long chains, cycles, twin nodes), the key is the
   SHA-256 of the body's bytes and media type, written ``sha256-body:<hex>``. The trade-off:
   re-posting the *same bytes* still finds the batch, but the same content written another
   way becomes a second batch (duplicated triples, never a lost or wrongly merged one). A
   canonical form for such bodies costs what graph isomorphism costs.

The cost is a few linear passes over the triples (bounded by ``PACTGRAPH_MAX_BLANK_NODES``
and the body size) in Python, which lets other threads run between bytecodes.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pyoxigraph import BlankNode, DefaultGraph, Quad, RdfFormat, Triple

__all__ = ["ID_LENGTH", "REFINEMENT_ROUNDS", "BatchKey", "batch_key", "canonical_form"]

#: Rounds of colour refinement before blank nodes count as indistinguishable. A round tells
#: apart nodes one more step away from a distinguishing neighbour; real data needs two or three.
REFINEMENT_ROUNDS = 16

#: Hex digits of the content hash that make a batch id.
ID_LENGTH = 16

Row = tuple[str, str, str, str]  # N-Quads terms; a blank node is written "\0" + label


@dataclass(frozen=True)
class BatchKey:
    """The content hash of a batch (``sha256:<hex>`` or ``sha256-body:<hex>``) and its id."""

    content_hash: str

    @property
    def id(self) -> str:
        """The batch id: the start of the hash."""
        return self.content_hash.split(":", 1)[1][:ID_LENGTH]


def batch_key(triples: Sequence[Triple], body: bytes, fmt: RdfFormat) -> BatchKey:
    """The key of a batch: canonical when its blank nodes can be told apart, else of its bytes."""
    form = canonical_form(triples)
    if form is not None:
        return BatchKey("sha256:" + hashlib.sha256(form).hexdigest())
    digest = hashlib.sha256(fmt.media_type.encode() + b"\n" + body).hexdigest()
    return BatchKey("sha256-body:" + digest)


def canonical_form(quads: Sequence[Quad | Triple]) -> bytes | None:
    """Sorted N-Quads with blank nodes labelled canonically, or None when some cannot be told
    apart within :data:`REFINEMENT_ROUNDS` rounds (or a triple term hides blank nodes).

    Equal bytes for isomorphic data; RDFC-1.0's output when first-degree hashes differ.
    """
    rows: list[Row] = []
    for quad in quads:
        terms = (quad.subject, quad.predicate, quad.object)
        if any(isinstance(term, Triple) for term in terms):
            return None
        graph = quad.graph_name if isinstance(quad, Quad) else DefaultGraph()
        rows.append(tuple(_term(t) for t in (*terms, graph)))  # type: ignore[arg-type]
    mentions: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        for node in {t for t in row if t.startswith("\0")}:
            mentions[node].append(row)
    colours = {node: _hash(_lines(seen, node, lambda _: "_:z")) for node, seen in mentions.items()}
    for _ in range(REFINEMENT_ROUNDS):
        classes = len(set(colours.values()))
        if classes == len(colours):
            break
        colours = _refine(colours, mentions)
        if len(set(colours.values())) == classes:
            break  # stable: another round tells nothing more apart
    if len(set(colours.values())) < len(colours):
        return None
    labels = {node: f"_:c14n{i}" for i, node in enumerate(sorted(colours, key=colours.__getitem__))}
    return "".join(sorted(_line(row, labels.__getitem__) for row in rows)).encode()


def _refine(colours: dict[str, str], mentions: dict[str, list[Row]]) -> dict[str, str]:
    """One round: a node's colour with the sorted quads it is in, neighbours by colour."""
    return {
        node: _hash(colours[node] + _lines(seen, node, lambda other: "_:" + colours[other]))
        for node, seen in mentions.items()
    }


def _term(term: object) -> str:
    if isinstance(term, BlankNode):
        return "\0" + term.value
    if isinstance(term, DefaultGraph):
        return ""
    return str(term)


def _lines(rows: list[Row], node: str, other: Callable[[str], str]) -> str:
    return "".join(sorted(_line(row, lambda t: "_:a" if t == node else other(t)) for row in rows))


def _line(row: Row, blank: Callable[[str], str]) -> str:
    s, p, o, g = (blank(t) if t.startswith("\0") else t for t in row)
    return f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
