"""``/id/...``: every entity IRI dereferences, as RDF or as an HTML page.

``https://w3id.org/pactgraph/id/state/KOR`` is served at ``/id/state/KOR``: Turtle, JSON-LD or
N-Triples by ``Accept`` or by suffix (``/id/state/KOR.ttl``), HTML for browsers: the pages of
:mod:`app.views.pages` for states, agreements and sources, a plain page for the rest.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse

from app.api.deps import StoreDep
from app.api.problems import problem_responses
from app.errors import NotAcceptable
from app.queries.entities import describe, entity_iri
from app.queries.states import state_labels
from app.views.entity import FORMATS, negotiate, render_html, serialize_rdf
from app.views.pages import entity_page

router = APIRouter(tags=["linked data"])

_CONTENT = {f.media_type: {"schema": {"type": "string"}} for f in FORMATS.values()}


@router.get(
    "/id/{path:path}",
    response_class=Response,
    responses={
        200: {"description": "The entity's description.", "content": _CONTENT},
        **problem_responses(404, 406),
    },
)
def entity(
    path: Annotated[str, Path(description="The IRI after .../id/, optionally with a suffix.")],
    request: Request,
    store: StoreDep,
) -> Response:
    """The entity's triples and the blank nodes they reach (a Concise Bounded Description)."""
    base, dot, suffix = path.rpartition(".")
    if dot and suffix in FORMATS:
        fmt, path = FORMATS[suffix], base
    else:
        found = negotiate(request.headers.get("accept"))
        if found is None:
            raise NotAcceptable(
                "none of the formats in Accept is served; ask for "
                + ", ".join(f.media_type for f in FORMATS.values()),
                valid=[f.media_type for f in FORMATS.values()],
            )
        fmt = found
    node = entity_iri(path)
    triples = describe(store, node)
    if fmt.pyoxigraph is None:
        page = entity_page(store, node)
        if page is None:
            page = render_html(node, triples, state_labels(store, [node.value])[node.value])
        return HTMLResponse(page)
    return Response(serialize_rdf(triples, fmt.pyoxigraph), media_type=fmt.media_type)
