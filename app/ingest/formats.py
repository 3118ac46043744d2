"""RDF serialisations accepted by pactgraph, by file extension and by media type."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat

from app.errors import UnsupportedMediaType
from app.sparql.formats import GRAPH_FORMATS

#: File extensions the CLI and the bundle loader understand.
BY_EXTENSION: dict[str, RdfFormat] = {
    ".ttl": RdfFormat.TURTLE,
    ".trig": RdfFormat.TRIG,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".jsonld": RdfFormat.JSON_LD,
    ".json": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
}

#: Media types accepted on write endpoints (parameters such as charset are ignored): the
#: media types of the one RDF format table (:data:`app.sparql.formats.GRAPH_FORMATS`).
BY_MEDIA_TYPE: dict[str, RdfFormat] = {
    media_type: fmt.pyoxigraph
    for fmt in GRAPH_FORMATS
    if isinstance(fmt.pyoxigraph, RdfFormat)
    for media_type in fmt.media_types
}


def format_for_path(path: Path) -> RdfFormat:
    """The RDF format of a file, from its extension."""
    fmt = BY_EXTENSION.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedMediaType(
            f"cannot tell the RDF format of {path.name}: use one of "
            f"{', '.join(sorted(BY_EXTENSION))}",
            file=str(path),
        )
    return fmt


def format_for_media_type(content_type: str | None) -> RdfFormat:
    """The RDF format of a request body, from its Content-Type header."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    fmt = BY_MEDIA_TYPE.get(media_type)
    if fmt is None:
        raise UnsupportedMediaType(
            f"Content-Type {media_type or '(none)'!r} is not an RDF format; send one of "
            f"{', '.join(sorted(BY_MEDIA_TYPE))}",
            valid=sorted(BY_MEDIA_TYPE),
        )
    return fmt
