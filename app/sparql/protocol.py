"""The SPARQL 1.1 Protocol's request rules, as a plain function over method, params and body.

One request carries exactly one operation:

* query: ``GET ?query=``, ``POST`` form with ``query=``, or ``POST`` with
  ``Content-Type: application/sparql-query`` (the body is the query);
* update: ``POST`` form with ``update=`` or ``Content-Type: application/sparql-update``.

``default-graph-uri`` / ``named-graph-uri`` (queries) and ``using-graph-uri`` /
``using-named-graph-uri`` (updates) come from the URL or the form. Two operations in one request,
an update by GET, a body of another media type or another charset than UTF-8 are refused, as the
protocol's test suite expects. No operation at all means "describe the service".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

from app.errors import BadRequest, InvalidParameter, UnsupportedMediaType
from app.store import iri

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class QueryOperation:
    """A query and its protocol dataset (empty: the union default graph, all named graphs)."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class UpdateOperation:
    """An update and the protocol's USING / USING NAMED graphs."""

    text: str
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()


Operation = QueryOperation | UpdateOperation


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    """``(media type, charset)`` of a Content-Type header, lower case."""
    if not content_type:
        return "", None
    media_type, *params = (p.strip() for p in content_type.split(";"))
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.lower(), charset


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(
            f"the {what} is not valid UTF-8 (byte {exc.start}); SPARQL requests are UTF-8"
        ) from exc


def _graphs(params: Sequence[tuple[str, str]], name: str) -> tuple[str, ...]:
    found = []
    for key, value in params:
        if key == name:
            try:
                found.append(iri(value).value)
            except InvalidParameter as exc:
                raise InvalidParameter(exc.detail, parameter=name) from exc
    return tuple(found)


def _single(params: Sequence[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in params if key == name]
    if len(values) > 1:
        raise BadRequest(
            f"the request carries {len(values)} `{name}` parameters; send one {name} per request",
            parameter=name,
        )
    return values[0] if values else None


def parse_operation(
    method: str,
    url_params: Sequence[tuple[str, str]],
    content_type: str | None,
    body: bytes,
) -> Operation | None:
    """The operation a request to the SPARQL endpoint carries; ``None`` when it has none.

    :raises BadRequest: two operations, an update by GET, a body that is not UTF-8.
    :raises UnsupportedMediaType: a POST body of another media type or charset.
    """
    params = list(url_params)
    direct: Operation | None = None
    if method == "POST":
        media_type, charset = _media_type(content_type)
        if charset not in (None, "utf-8", "utf8"):
            raise UnsupportedMediaType(
                f"charset={charset} is not supported: SPARQL requests are UTF-8"
            )
        if media_type == FORM:
            params += parse_qsl(_decode(body, "form body"), keep_blank_values=True)
        elif media_type == QUERY:
            direct = QueryOperation(_decode(body, "query"))
        elif media_type == UPDATE:
            direct = UpdateOperation(_decode(body, "update"))
        else:
            raise UnsupportedMediaType(
                f"Content-Type {media_type or '(none)'!r} is not a SPARQL request; send "
                f"{FORM} (query= or update=), {QUERY} or {UPDATE}",
                valid=[FORM, QUERY, UPDATE],
            )
    query = _single(params, "query")
    update = _single(params, "update")
    given = [op for op in (direct is not None, query is not None, update is not None) if op]
    if len(given) > 1:
        raise BadRequest("the request carries more than one operation; send one per request")
    if update is not None and method != "POST":
        raise BadRequest(
            "SPARQL Update must be sent by POST (form `update=` or application/sparql-update)",
            parameter="update",
        )
    if query is not None:
        direct = QueryOperation(query)
    elif update is not None:
        direct = UpdateOperation(update)
    if isinstance(direct, QueryOperation):
        return QueryOperation(
            direct.text, _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri")
        )
    if isinstance(direct, UpdateOperation):
        return UpdateOperation(
            direct.text,
            _graphs(params, "using-graph-uri"),
            _graphs(params, "using-named-graph-uri"),
        )
    return None
