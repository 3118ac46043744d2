"""The project's exceptions, each carrying the HTTP status it maps to.

::

    PactgraphError (500)
    ├── BadRequest (400)
    │   ├── InvalidParameter (400)      a query parameter or path value is malformed
    │   ├── SparqlSyntaxError (400)     the SPARQL parser rejected a query or update
    │   └── RdfSyntaxError (400)        an RDF payload did not parse
    ├── Unauthorized (401)
    ├── Forbidden (403)
    ├── NotFound (404)
    ├── MethodNotAllowed (405)
    ├── Conflict (409)                  the store's state forbids the operation (restore)
    ├── NotAcceptable (406)             no representation matches the Accept header
    ├── PayloadTooLarge (413)
    ├── UnsupportedMediaType (415)
    ├── ValidationFailed (422)          SHACL violations or unknown referents
    ├── LimitExceeded (422)             a body passes a parsing limit (depth, blank nodes, DTD)
    ├── TooManyRequests (429)           a client has too many requests running (Retry-After)
    ├── StoreUnavailable (503)          the store cannot be reached
    └── QueryTimeout (503)              a query ran past the configured limit

Nothing here imports FastAPI: the API layer renders these as RFC 9457 problem+json in one
place (``app.api.problems``); the CLI prints ``title: detail`` and exits non-zero.
"""

from __future__ import annotations

from typing import Any, ClassVar


class PactgraphError(Exception):
    """Base class: ``status`` is the HTTP status, ``title`` a short, stable summary."""

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"
    slug: ClassVar[str] = "internal-error"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        #: Extra members of the problem document (e.g. ``parameter``, ``valid``, ``errors``).
        self.extensions = extensions


class BadRequest(PactgraphError):
    status = 400
    title = "Bad request"
    slug = "bad-request"


class InvalidParameter(BadRequest):
    title = "Invalid parameter"
    slug = "invalid-parameter"


class SparqlSyntaxError(BadRequest):
    title = "SPARQL syntax error"
    slug = "sparql-syntax-error"


class RdfSyntaxError(BadRequest):
    title = "RDF syntax error"
    slug = "rdf-syntax-error"


class Unauthorized(PactgraphError):
    status = 401
    title = "Authentication required"
    slug = "unauthorized"


class Forbidden(PactgraphError):
    status = 403
    title = "Forbidden"
    slug = "forbidden"


class NotFound(PactgraphError):
    status = 404
    title = "Not found"
    slug = "not-found"


class MethodNotAllowed(PactgraphError):
    status = 405
    title = "Method not allowed"
    slug = "method-not-allowed"


class Conflict(PactgraphError):
    status = 409
    title = "Conflict"
    slug = "conflict"


class NotAcceptable(PactgraphError):
    status = 406
    title = "Not acceptable"
    slug = "not-acceptable"


class PayloadTooLarge(PactgraphError):
    status = 413
    title = "Payload too large"
    slug = "payload-too-large"


class UnsupportedMediaType(PactgraphError):
    status = 415
    title = "Unsupported media type"
    slug = "unsupported-media-type"


class ValidationFailed(PactgraphError):
    status = 422
    title = "Validation failed"
    slug = "validation-failed"


class LimitExceeded(PactgraphError):
    """A body is refused before it is parsed or hashed; ``limit`` and ``setting`` name why."""

    status = 422
    title = "Limit exceeded"
    slug = "limit-exceeded"


class TooManyRequests(PactgraphError):
    """Carries ``retry_after`` (seconds), sent as the ``Retry-After`` header too."""

    status = 429
    title = "Too many requests"
    slug = "too-many-requests"


class StoreUnavailable(PactgraphError):
    status = 503
    title = "Store unavailable"
    slug = "store-unavailable"


class QueryTimeout(PactgraphError):
    status = 503
    title = "Query timeout"
    slug = "query-timeout"
