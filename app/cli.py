"""The ``pactgraph`` command. Each subcommand calls the same core functions as the API."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat

from app import __version__, cli_analytics, cli_panels
from app.bundle import BUNDLE_ROOT
from app.config import PROJECT_ROOT, Settings
from app.errors import PactgraphError
from app.ingest.backup import backup, restore
from app.ingest.batch import ingest, retract
from app.ingest.bundle import bundle_files, ensure_bundle
from app.ingest.datasets import IMPORTERS, import_dataset
from app.ingest.datasets.summary import ProgressFn
from app.ingest.formats import format_for_path
from app.ingest.limits import ParseLimits
from app.ingest.writes import after_write, mark_writing, write_lock
from app.ontology import SPARQL_PREFIXES
from app.store import Store, open_store

Handler = Callable[[argparse.Namespace, Settings], int]


def _progress_printer(total: int, label: str) -> Callable[[Path], None]:
    """A per-file progress line on stderr (rich's bar when on a terminal)."""
    from rich.progress import Progress

    progress = Progress(transient=True, disable=not sys.stderr.isatty())
    task = progress.add_task(label, total=total)
    progress.start()

    def advance(path: Path) -> None:
        progress.update(task, advance=1, description=f"{label} {path.name}")
        if progress.tasks[task].completed >= total:
            progress.stop()

    return advance


def _row_progress() -> tuple[ProgressFn, Callable[[], None]]:
    """Progress bars per dataset step on stderr (only on a terminal), and their stop."""
    from rich.progress import Progress, TaskID

    progress = Progress(transient=True, disable=not sys.stderr.isatty())
    tasks: dict[str, TaskID] = {}
    progress.start()

    def update(what: str, done: int, total: int) -> None:
        if what not in tasks:
            tasks[what] = progress.add_task(what, total=total)
        progress.update(tasks[what], completed=done, total=total)

    return update, progress.stop


def _open(settings: Settings) -> Store:
    return open_store(settings)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.api import create_app
    from app.ingest.startup import prepare

    settings = settings.model_copy(
        update={"host": args.host or settings.host, "port": args.port or settings.port}
    )
    store = _open(settings)
    try:
        on_file = _progress_printer(len(bundle_files(BUNDLE_ROOT)), "loading")
        on_rows, stop = _row_progress()
        try:
            report = prepare(store, settings, on_file=on_file, on_progress=on_rows)
        finally:
            stop()
        print("\n".join(report.lines(store.triple_count())), file=sys.stderr)
        app = create_app(settings, store=store, prepared=True)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level)
    finally:
        store.close()
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    store = _open(settings)
    try:
        on_rows, stop = _row_progress()
        try:
            summary = import_dataset(store, args.dataset, args.path, on_rows)
        finally:
            stop()
        print("\n".join(summary.lines()), file=sys.stderr)
    finally:
        store.close()
    return 0


def _local_user() -> str:
    """The author the CLI records on batches: the login name of whoever runs it."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    with closing(_open(settings)) as store:
        # The checks of a batch read the states and concepts of the bundled graph.
        ensure_bundle(store, BUNDLE_ROOT)
        for path in args.files:
            result = ingest(
                store,
                path.read_bytes(),
                format_for_path(path),
                _local_user(),
                source=NamedNode(path.resolve().as_uri()),
                label=path.name,
                limits=ParseLimits.of(settings),
            )
            state = "new" if result.created else "already in the store"
            batch = result.batch
            print(f"{path}: batch {batch.id} ({batch.triples} triples, {state})", file=sys.stderr)
        print(f"{store.triple_count()} triples in the store", file=sys.stderr)
    return 0


def cmd_retract(args: argparse.Namespace, settings: Settings) -> int:
    with closing(_open(settings)) as store:
        done = retract(store, args.batch, _local_user())
    print(f"retracted batch {done.batch.id} ({done.batch.triples} triples)", file=sys.stderr)
    return 0


def cmd_rebuild(args: argparse.Namespace, settings: Settings) -> int:
    with closing(_open(settings)) as store, write_lock(store):
        mark_writing(store)
        version = after_write(store)
    print(f"derived data rebuilt in full (data version {version})", file=sys.stderr)
    return 0


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    with closing(_open(settings)) as store, open(args.file, "wb") as out:
        count = backup(store, out)
    print(f"{count} quads written to {args.file}", file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    with closing(_open(settings)) as store, open(args.file, "rb") as source:
        count = restore(store, source)
    print(f"{count} quads restored from {args.file}", file=sys.stderr)
    return 0


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    store = _open(settings)
    try:
        rows = store.select(SPARQL_PREFIXES + args.sparql)
    finally:
        store.close()
    variables = list(dict.fromkeys(name for row in rows for name in row))
    table = [{v: row[v].value if v in row else "" for v in variables} for row in rows]
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    if fmt == "json":
        json.dump(table, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=variables)
        writer.writeheader()
        writer.writerows(table)
    else:
        from rich.console import Console
        from rich.table import Table

        out = Table(*variables)
        for record in table:
            out.add_row(*record.values())
        Console().print(out)
        print(f"{len(table)} rows", file=sys.stderr)
    return 0


def cmd_dump(args: argparse.Namespace, settings: Settings) -> int:
    fmt = RdfFormat.TRIG if args.format == "trig" else RdfFormat.N_QUADS
    store = _open(settings)
    try:
        if args.output in (None, "-"):
            store.dump(sys.stdout.buffer, fmt)
        else:
            with open(args.output, "wb") as out:
                store.dump(out, fmt)
    finally:
        store.close()
    return 0


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    from app.ingest.validate import parse_files, validate

    bundle = bundle_files(BUNDLE_ROOT)
    if args.files:
        given = {path.resolve() for path in args.files}
        data = parse_files(args.files)
        # The bundle is the context: a file may cite states and sources defined there.
        context = parse_files(path for path in bundle if path.resolve() not in given)
        violations = validate(data, context)
    else:
        violations = validate(parse_files(bundle))
    for violation in violations:
        print(violation)
    checked = ", ".join(str(p) for p in args.files) or "ontology/ and graph_data/"
    print(f"{len(violations)} violations in {checked}", file=sys.stderr)
    return 1 if violations else 0


def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    from app.ontology_docs import update_docs

    stale = update_docs(PROJECT_ROOT, check=args.check)
    for path in stale:
        verb = "is stale" if args.check else "rewritten"
        print(f"{path.relative_to(PROJECT_ROOT)} {verb}", file=sys.stderr)
    return 1 if stale and args.check else 0


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from app.extract import extract_article

    with closing(_open(settings)) as store:
        # The lexicons are the bundled graph's state names and SKOS labels.
        ensure_bundle(store, BUNDLE_ROOT)
        for path in args.files:
            found = extract_article(store, path.read_text(encoding="utf-8"), args.published)
            candidates = [dataclasses.asdict(c) for c in found.candidates]
            if args.format == "json":
                print(json.dumps({"file": str(path), "candidates": candidates}, ensure_ascii=False))
                continue
            print(f"{path}: {len(candidates)} candidate(s)")
            for c in found.candidates:
                line = (
                    f"  {c.event_type:<26} {'-'.join(c.parties):<11} {c.agreement_type:<22} "
                    f"{c.date:<10} {c.confidence:.2f}  {c.quote[:70]}"
                )
                print(line.rstrip())
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the docs test to list every subcommand)."""
    parser = argparse.ArgumentParser(
        prog="pactgraph",
        description="A knowledge graph of military pacts. Settings come from PACTGRAPH_* "
        "environment variables (see README).",
    )
    parser.add_argument("--version", action="version", version=f"pactgraph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser(
        "serve",
        help="serve REST, SPARQL and the explorer (loads the bundled graph on first start)",
    )
    serve.add_argument("--host", help="interface to bind (default: PACTGRAPH_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: PACTGRAPH_PORT, 8000)")
    serve.set_defaults(handler=cmd_serve)

    load = sub.add_parser(
        "load",
        help="add RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML by extension) "
        "as ingest batches, validated like POST /api/v1/ingest; the same content twice "
        "changes nothing",
    )
    load.add_argument("files", nargs="+", type=Path, metavar="FILE")
    load.set_defaults(handler=cmd_load)

    retract_cmd = sub.add_parser(
        "retract", help="remove an ingest batch (its description moves to the audit graph)"
    )
    retract_cmd.add_argument("batch", metavar="BATCH", help="batch id (see GET /api/v1/ingest)")
    retract_cmd.set_defaults(handler=cmd_retract)

    rebuild_cmd = sub.add_parser(
        "rebuild",
        help="recompute all derived data (status periods, shortcuts) from the data, in full",
    )
    rebuild_cmd.set_defaults(handler=cmd_rebuild)

    backup_cmd = sub.add_parser(
        "backup", help="write every named graph, bookkeeping included, to FILE as N-Quads"
    )
    backup_cmd.add_argument("file", type=Path, metavar="FILE")
    backup_cmd.set_defaults(handler=cmd_backup)

    restore_cmd = sub.add_parser(
        "restore", help="load a backup FILE into an empty store (refuses a store with data)"
    )
    restore_cmd.add_argument("file", type=Path, metavar="FILE")
    restore_cmd.set_defaults(handler=cmd_restore)

    imp = sub.add_parser(
        "import",
        help="import a dataset into its own named graph, replacing an earlier import of it: "
        "cow-alliances DIR, atop FILE, dcad FILE, cow-states DIR",
    )
    imp.add_argument("dataset", choices=list(IMPORTERS), help="which dataset")
    imp.add_argument("path", type=Path, metavar="PATH", help="its directory or file")
    imp.set_defaults(handler=cmd_import)

    query = sub.add_parser(
        "query", help="run a SPARQL SELECT query (the pg:, skos:, prov:, ... prefixes are set)"
    )
    query.add_argument("sparql", metavar="SPARQL")
    query.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        help="output format (default: table on a terminal, CSV otherwise)",
    )
    query.set_defaults(handler=cmd_query)

    check = sub.add_parser(
        "validate",
        help="check RDF files against the SHACL shapes (ontology/shapes.ttl), reading them "
        "with the bundled graph as context; no FILE: the whole bundle. Exit 1 on violations",
    )
    check.add_argument("files", nargs="*", type=Path, metavar="FILE")
    check.set_defaults(handler=cmd_validate)

    docs = sub.add_parser(
        "docs",
        help="regenerate docs/ontology.md and README's ontology section from "
        "ontology/pactgraph.ttl (--check: exit 1 if they are stale, write nothing)",
    )
    docs.add_argument("--check", action="store_true")
    docs.set_defaults(handler=cmd_docs)

    dump = sub.add_parser("dump", help="write every quad as N-Quads or TriG")
    dump.add_argument("--format", choices=["nquads", "trig"], default="nquads")
    dump.add_argument("-o", "--output", help="file to write (default: standard output)")
    dump.set_defaults(handler=cmd_dump)

    extract_cmd = sub.add_parser(
        "extract",
        help="propose the lifecycle events articles report (text or HTML files), offline; "
        'prints {"candidates": [...]} per file',
    )
    extract_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE")
    extract_cmd.add_argument(
        "--published", help="publication date, YYYY-MM-DD, YYYY-MM or YYYY ('on Monday' resolves)"
    )
    extract_cmd.add_argument("--format", choices=["json", "table"], default="json")
    extract_cmd.set_defaults(handler=cmd_extract)

    cli_analytics.add_commands(sub)
    cli_panels.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pactgraph`` console script."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args, Settings())
    except PactgraphError as exc:
        print(f"pactgraph: {exc.title}: {exc.detail}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"pactgraph: no such file: {exc.filename}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"pactgraph: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
