"""The one media-type table: every table is unambiguous and the derived lookups agree."""

from __future__ import annotations

import pytest
from pyoxigraph import RdfFormat

from app.media import (
    BY_EXTENSION,
    BY_MEDIA_TYPE,
    ENTITY_FORMATS,
    EXPORT_FORMATS,
    GRAPH_FORMATS,
    HTML,
    JSON_LD,
    RESULT_FORMATS,
    TURTLE,
    Format,
    best,
)


@pytest.mark.parametrize(
    "table",
    [RESULT_FORMATS, GRAPH_FORMATS, ENTITY_FORMATS, tuple(EXPORT_FORMATS.values())],
    ids=["results", "graph", "entity", "export"],
)
def test_no_media_type_or_suffix_names_two_formats_of_a_table(
    table: tuple[Format[object], ...],
) -> None:
    media = [m for f in table for m in f.media_types + f.also_accepted]
    suffixes = [s for f in table for s in f.suffixes]
    assert len(media) == len(set(media))
    assert len(suffixes) == len(set(suffixes))


def test_file_suffixes_and_body_types_come_from_the_rdf_table() -> None:
    assert BY_EXTENSION[".ttl"] is RdfFormat.TURTLE and BY_EXTENSION[".owl"] is RdfFormat.RDF_XML
    assert set(BY_MEDIA_TYPE.values()) == {f.pyoxigraph for f in GRAPH_FORMATS}
    # Accept may say application/json for JSON-LD; a request body may not.
    assert "application/json" not in BY_MEDIA_TYPE


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", TURTLE),
        ("text/html, application/xhtml+xml;q=0.9", HTML),
        ("application/json", JSON_LD),
        ("application/*", JSON_LD),
        ("image/png;q=0.9, text/*;q=0.5", TURTLE),
        ("image/png", None),
    ],
)
def test_best_entity_format_for_accept(accept: str, expected: object) -> None:
    assert best(ENTITY_FORMATS, accept) is expected


def test_export_content_types_say_their_charset_when_text() -> None:
    assert EXPORT_FORMATS["csv"].content_type == "text/csv; charset=utf-8"
    assert EXPORT_FORMATS["graphml"].content_type == "application/graphml+xml"
