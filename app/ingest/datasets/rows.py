"""CSV rows as the datasets write them: typed access to fields, with the row number kept for
the quote every imported fact carries.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One CSV row: its line number (header is line 1), the line as written, and its fields."""

    file: str
    line: int
    raw: str
    values: dict[str, str]

    @property
    def ref(self) -> str:
        """``<file> row <line>``, as skips and quotes name it."""
        return f"{self.file} row {self.line}"

    @property
    def quote(self) -> str:
        """The row as written in the file, for ``pg:quote``."""
        return f"{self.ref}: {self.raw}"

    def int(self, column: str) -> int | None:
        """A whole number; empty cells and negative missing-value codes give ``None``.

        Negative numbers are codebook sentinels in these datasets (DCAD's -88, -77, -66,
        -99, -56, -57, -58, -44, -55), never quantities.
        """
        text = self.values[column].strip()
        if not text:
            return None
        value = int(float(text))
        return None if value < 0 else value


def read_rows(path: Path) -> list[Row]:
    """Every data row of a CSV file, whatever its line endings.

    ``str.splitlines`` ends lines at LF, CRLF and bare CR alike: COW's country-code file uses
    classic-Mac CR only, ATOP and the COW state files CRLF, the rest LF.
    """
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = next(csv.reader(lines[:1]))
    rows = []
    for index, (raw, fields) in enumerate(zip(lines[1:], csv.reader(lines[1:]), strict=True)):
        if not raw.strip():
            continue
        rows.append(Row(path.name, index + 2, raw, dict(zip(header, fields, strict=True))))
    return rows
