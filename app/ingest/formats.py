"""Which RDF syntax a file or request body is in (the tables are :mod:`app.media`'s)."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat

from app.errors import UnsupportedMediaType
from app.media import BY_EXTENSION, BY_MEDIA_TYPE

__all__ = ["BY_EXTENSION", "BY_MEDIA_TYPE", "format_for_media_type", "format_for_path"]


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
