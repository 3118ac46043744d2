"""Property-based run of the whole OpenAPI schema, in process (ASGI).

Schemathesis generates requests from ``/openapi.json`` (valid and invalid parameters, odd
strings in paths) and checks every response: no 5xx, a documented status code and content
type, and a body that matches the documented schema. The bundled graph and the miniature
fixture are both loaded, so lookups hit real states, agreements and sources.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.api import create_app
from app.config import Settings
from app.ingest.formats import BY_MEDIA_TYPE
from app.store import EmbeddedStore
from tests.queries.conftest import load_mini

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@schemathesis.serializer(
    "application/sparql-query", "application/sparql-update", *sorted(BY_MEDIA_TYPE)
)
def as_text(ctx: object, value: object) -> bytes:
    """SPARQL and RDF bodies are text (the examples' bodies, and generated strings)."""
    return value.encode() if isinstance(value, str) else str(value).encode()


# Built at collection (schemathesis.pytest.from_fixture fails on pytest 9): an in-memory store,
# cheap to fill. Loading the schema runs the app's lifespan, which adds the bundle on top.
schema = schemathesis.openapi.from_asgi(
    "/openapi.json",
    create_app(Settings(store="memory"), store=load_mini(EmbeddedStore(None))),
)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_answers_within_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
