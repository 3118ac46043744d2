"""A panel as a file (CSV, Parquet, Stata) and its codebook (a Frictionless data package).

:func:`chunks` is the one writer: the CLI writes its chunks to a file and the REST route
streams the same chunks, so the two give the same bytes. Missing cells are empty in CSV, null
in Parquet and ``.`` in Stata.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pyreadstat

from app import __version__, media
from app.media import PANEL_FORMATS
from app.panels.build import KEYS, Kind, Layout, Panel, Universe

__all__ = ["Format", "chunks", "datapackage", "write"]


class Format(StrEnum):
    """File formats of a panel (their media types are in :data:`app.media.PANEL_FORMATS`)."""

    csv = "csv"
    parquet = "parquet"
    dta = "dta"

    @property
    def media(self) -> media.Format[None]:
        """The format's entry in the media-type table."""
        return PANEL_FORMATS[self.value]


_BATCH_ROWS = 65_536
_FILE_CHUNK = 1 << 20


def chunks(panel: Panel, fmt: Format) -> Iterator[bytes]:
    """The panel file in ``fmt``, as a sequence of byte chunks.

    CSV is produced batch by batch (nothing but one batch is held as text); Parquet and Stata
    need the whole table, so they are written to a temporary file first and read back.
    """
    if fmt is Format.csv:
        yield from _csv_chunks(panel.table)
        return
    handle, name = tempfile.mkstemp(suffix=f".{fmt.value}")
    os.close(handle)
    path = Path(name)
    try:
        if fmt is Format.parquet:
            pq.write_table(panel.table, path)
        else:
            _write_stata(panel.table, path)
        with path.open("rb") as stream:
            while block := stream.read(_FILE_CHUNK):
                yield block
    finally:
        path.unlink(missing_ok=True)


def _csv_chunks(table: pa.Table) -> Iterator[bytes]:
    # The header is written here because pyarrow quotes every header name; the names are
    # plain identifiers, written bare as the codebook lists them.
    yield (",".join(table.column_names) + "\n").encode()
    options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
    for batch in table.to_batches(max_chunksize=_BATCH_ROWS):
        sink = io.BytesIO()
        pa_csv.write_csv(batch, sink, options)
        yield sink.getvalue()


def _write_stata(table: pa.Table, path: Path) -> None:
    """Stata 14+ (.dta 118) through pyreadstat: integer columns with nulls arrive as NaN and are
    written as ``.``.

    pandas' own ``to_stata`` took over 3.5 GB and half a minute for the full directed panel;
    pyreadstat writes from the same frame in C without growing the peak (bench/panels.py).
    """
    frame = table.to_pandas()
    for field_ in table.schema:
        if pa.types.is_string(field_.type):
            frame[field_.name] = frame[field_.name].fillna("")
    pyreadstat.write_dta(frame, str(path), version=14)


def write(panel: Panel, fmt: Format, path: Path) -> None:
    """Write the panel file to ``path``."""
    with path.open("wb") as out:
        for block in chunks(panel, fmt):
            out.write(block)


def datapackage(plan: Layout, fmt: Format, path: str, command: str) -> dict[str, Any]:
    """The codebook of the panel file at ``path`` (relative to the codebook): a Frictionless
    tabular data package with every column, the sources with version, citation and coverage,
    and the command that made it."""
    request = plan.request
    keys = [c.name for c in KEYS[request.kind]][: 3 if request.kind is Kind.dyad_year else 2]
    fields = [{"name": c.name, "type": c.type, "description": c.description} for c in plan.columns]
    universe = (
        "every ordered pair" if request.directed else "every unordered pair (ccode1 < ccode2)"
    )
    if request.universe is Universe.related:
        universe += " with a non-zero cell in some year of the panel"
    sources = []
    for source in request.sources:
        cover = plan.coverage[source.key]
        entry: dict[str, Any] = {"title": source.title, "name": source.key}
        if source.dataset is not None:
            entry.update(
                path=source.dataset.url,
                version=cover.version,
                citation=cover.citation,
                temporalCoverage=f"{cover.start}/{cover.end}",
            )
        else:
            entry["description"] = (
                "pactgraph's relations from every agreement in the graph; no coverage horizon"
            )
        sources.append(entry)
    return {
        "profile": "tabular-data-package",
        "name": f"pactgraph-{request.kind.value}",
        "title": f"pactgraph {request.kind.value} panel, {request.start}-{request.end}",
        "description": (
            f"Rows: {universe} of Correlates of War state-system members in each year"
            if request.kind is Kind.dyad_year
            else "Rows: every Correlates of War state-system member in each year; cells count "
            "the partners the state holds each tie with (its own obligations for ATOP)"
        )
        + ". Cells of a source are missing (empty, null, '.') outside its coverage, not 0.",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pactgraph": {
            "version": __version__,
            "command": command,
            "directed": request.directed,
            "universe": request.universe.value,
        },
        "sources": [
            {
                "title": "COW State System Membership (the universe)",
                "name": "cow-states",
                "path": "https://correlatesofwar.org/",
            },
            *sources,
        ],
        "resources": [
            {
                "name": request.kind.value,
                "path": path,
                "format": fmt.value,
                "mediatype": fmt.media.media_type,
                "profile": "tabular-data-resource",
                "schema": {
                    "fields": fields,
                    "primaryKey": keys,
                    "missingValues": [""] if fmt is Format.csv else [],
                },
            }
        ],
    }
