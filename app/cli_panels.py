"""``pactgraph panel dyad-year|state-year`` and ``pactgraph cite``: panels on the command line.

The options are those of ``/api/v1/panels/...``; both call :func:`app.panels.build` and write
the file through :func:`app.panels.files.chunks`, so the CLI file and the REST stream are the
same bytes. With ``-o FILE`` the codebook goes beside it as ``<FILE stem>.datapackage.json``.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import Any

from app.config import Settings
from app.errors import InvalidParameter
from app.panels import FIRST_YEAR, Kind, PanelRequest, Universe, bibtex, build, parse_sources
from app.panels.files import Format, chunks, datapackage, write
from app.store import open_store


def codebook_path(output: Path) -> Path:
    """Where the codebook of a panel file goes: ``panel.csv`` → ``panel.datapackage.json``."""
    return output.with_name(f"{output.stem}.datapackage.json")


def cmd_panel(args: argparse.Namespace, settings: Settings) -> int:
    fmt = Format(args.format)
    if args.output is None and fmt is not Format.csv:
        raise InvalidParameter(f"--format {fmt.value} needs -o FILE", parameter="output")
    years = {"start": args.start} | ({"end": args.end} if args.end is not None else {})
    request = PanelRequest(
        Kind(args.kind),
        tuple(parse_sources(args.sources)),
        directed=getattr(args, "directed", False),
        universe=Universe(getattr(args, "universe", Universe.system.value)),
        **years,
    ).check()
    store = open_store(settings)
    try:
        panel = build(store, request)
    finally:
        store.close()
    if args.output is None:
        for block in chunks(panel, fmt):
            sys.stdout.buffer.write(block)
        return 0
    output: Path = args.output
    write(panel, fmt, output)
    command = shlex.join(["pactgraph", *sys.argv[1:]])
    book = datapackage(panel.layout, fmt, output.name, command)
    codebook_path(output).write_text(json.dumps(book, indent=2) + "\n", encoding="utf-8")
    print(
        f"{panel.table.num_rows} rows written to {output}; codebook {codebook_path(output)}",
        file=sys.stderr,
    )
    return 0


def cmd_cite(args: argparse.Namespace, settings: Settings) -> int:
    print(bibtex(parse_sources(args.sources)), end="")
    return 0


def add_commands(sub: Any) -> None:
    """Register ``panel`` (``dyad-year``, ``state-year``) and ``cite``."""
    panel = sub.add_parser(
        "panel", help="regression-ready panels (dyad-year, state-year) with a codebook"
    )
    kinds = panel.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind, text in (
        (Kind.dyad_year, "one row per pair of COW system members and year"),
        (Kind.state_year, "one row per COW system member and year: partners per tie"),
    ):
        parser: argparse.ArgumentParser = kinds.add_parser(kind.value, help=text)
        parser.add_argument("--start", type=int, default=FIRST_YEAR, help="first year (1816)")
        parser.add_argument("--end", type=int, help="last year (default: last year)")
        parser.add_argument(
            "--sources",
            default="atop,cow,dcad,curated",
            help="comma-separated: atop, cow, dcad, curated (default: all)",
        )
        parser.add_argument("--format", choices=[f.value for f in Format], default="csv")
        parser.add_argument(
            "-o", "--output", type=Path, help="file to write (default: CSV on standard output)"
        )
        if kind is Kind.dyad_year:
            parser.add_argument(
                "--directed",
                action="store_true",
                help="ordered pairs: ccode1's obligations towards ccode2",
            )
            parser.add_argument(
                "--universe",
                choices=[u.value for u in Universe],
                default=Universe.system.value,
                help="system: every pair of system members; related: pairs with any tie",
            )
        parser.set_defaults(handler=cmd_panel)

    cite = sub.add_parser("cite", help="BibTeX for the sources of a panel")
    cite.add_argument(
        "--sources",
        default="atop,cow,dcad,curated",
        help="comma-separated: atop, cow, dcad, curated (default: all)",
    )
    cite.set_defaults(handler=cmd_cite)
