"""``pactgraph analytics <question>`` and ``pactgraph export``: the analytics on the command line.

Each subcommand parses the same scope options as the REST routes (``--type``, ``--as-of``,
``--status``), calls the same :mod:`app.analytics` function and prints its result as JSON
(the partners series can also be written as an SVG chart, exports as files).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.analytics import alignment, change, communities, export, measures, overlay, paths
from app.analytics.projection import Scope, project
from app.config import Settings
from app.ontology import BeyondCoverage, Status, parse_as_of
from app.store import Store, open_store
from app.views.charts import partners_chart

Question = Callable[[Store, argparse.Namespace], Any]


def _scope(args: argparse.Namespace) -> dict[str, Any]:
    return Scope.parse(
        args.type,
        parse_as_of(args.as_of),
        Status(args.status),
        BeyondCoverage(args.beyond_coverage),
    ).kwargs()


def _centrality(store: Store, args: argparse.Namespace) -> Any:
    return measures.hubs(store, measure=args.measure, limit=args.limit, **_scope(args))


def _communities(store: Store, args: argparse.Namespace) -> Any:
    return communities.blocs(project(store, **_scope(args)), args.brokers)


def _path(store: Store, args: argparse.Namespace) -> Any:
    return paths.connection(store, args.source, args.target, limit=args.limit, **_scope(args))


def _ego(store: Store, args: argparse.Namespace) -> Any:
    return paths.ego_network(store, args.state, args.k, **_scope(args))


def _alignment(store: Store, args: argparse.Namespace) -> Any:
    return alignment.alignment(store, args.first, args.second, **_scope(args))


def _similar(store: Store, args: argparse.Namespace) -> Any:
    return alignment.most_similar(
        store, args.state, metric=args.metric, limit=args.limit, **_scope(args)
    )


def _partners(store: Store, args: argparse.Namespace) -> Any:
    scope = _scope(args)
    series = change.partners_by_year(
        store,
        args.state,
        scope["relations"],
        args.start,
        args.end,
        scope["statuses"],
        beyond_coverage=scope["beyond_coverage"],
    )
    if args.svg:
        args.svg.write_text(partners_chart(series))
    return series


def _diff(store: Store, args: argparse.Namespace) -> Any:
    scope = _scope(args)
    return change.diff(
        store,
        parse_as_of(args.before),
        parse_as_of(args.after),
        scope["relations"],
        scope["statuses"],
        beyond_coverage=scope["beyond_coverage"],
    )


def _overlay(store: Store, args: argparse.Namespace) -> Any:
    return overlay.overlay(store, args.measure, limit=args.limit, **_scope(args))


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def cmd_analytics(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one analytics question and print it as JSON."""
    question: Question = args.question
    store = open_store(settings)
    try:
        result = question(store, args)
    finally:
        store.close()
    json.dump(result, sys.stdout, default=_jsonable, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write the projected network as GraphML, GEXF, CSV or node-link JSON."""
    store = open_store(settings)
    try:
        result = export.export(store, args.format, table=args.table, **_scope(args))
    finally:
        store.close()
    if args.output in (None, "-"):
        sys.stdout.buffer.write(result.content)
    else:
        Path(args.output).write_bytes(result.content)
        print(f"wrote {args.output} ({len(result.content)} bytes)", file=sys.stderr)
    return 0


def _scope_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--type",
        action="append",
        metavar="RELATION",
        help="relation type (repeat or separate by commas; default: all)",
    )
    parser.add_argument("--as-of", help="YYYY-MM-DD, YYYY-MM or YYYY (default: today)")
    parser.add_argument(
        "--status",
        choices=[s.value for s in Status],
        default=Status.in_force.value,
        help="agreement status on the date (default: in_force; any: whatever the status)",
    )
    parser.add_argument(
        "--beyond-coverage",
        choices=[c.value for c in BeyondCoverage],
        default=BeyondCoverage.include.value,
        help="agreements past the last year of the dataset they are known from: include "
        "them, flagged observed_until (default), or exclude them",
    )


def add_commands(sub: Any) -> None:
    """Register ``analytics`` (with one subcommand per question) and ``export``."""
    analytics = sub.add_parser(
        "analytics", help="network analytics: centrality, blocs, paths, alignment, change"
    )
    questions = analytics.add_subparsers(dest="question_name", required=True, metavar="QUESTION")

    def question(name: str, handler: Question, help: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = questions.add_parser(name, help=help)
        _scope_options(parser)
        parser.set_defaults(handler=cmd_analytics, question=handler)
        return parser

    centrality = question("centrality", _centrality, "states ranked by a centrality measure")
    centrality.add_argument("--measure", choices=measures.MEASURES, default="degree")
    centrality.add_argument("--limit", type=int, default=10)

    blocs = question("communities", _communities, "Louvain blocs and the brokers between them")
    blocs.add_argument("--brokers", type=int, default=10, help="how many brokers to list")

    path = question("path", _path, "shortest chains between two states, with evidence")
    path.add_argument("source", metavar="FROM", help="ISO alpha-3 code, e.g. THA")
    path.add_argument("target", metavar="TO", help="ISO alpha-3 code, e.g. JPN")
    path.add_argument("--limit", type=int, default=5)

    ego = question("ego", _ego, "a state's neighbourhood to k hops (node-link JSON)")
    ego.add_argument("state", metavar="STATE")
    ego.add_argument("-k", type=int, default=1, help="hops (default 1)")

    align = question("alignment", _alignment, "S-score and Jaccard of two states' portfolios")
    align.add_argument("first", metavar="STATE")
    align.add_argument("second", metavar="OTHER")

    similar = question("similar", _similar, "states whose portfolios are most alike")
    similar.add_argument("state", metavar="STATE")
    similar.add_argument("--metric", choices=alignment.METRICS, default="s_score")
    similar.add_argument("--limit", type=int, default=10)

    partners = question("partners", _partners, "partners per relation type per year")
    partners.add_argument("--state", help="ISO alpha-3 code (default: the whole graph)")
    partners.add_argument("--start", type=int, help="first year (default: 20 years ago)")
    partners.add_argument("--end", type=int, help="last year (default: this year)")
    partners.add_argument("--svg", type=Path, help="also write the series as an SVG chart")

    diff = question("diff", _diff, "ties added and removed between two dates, with events")
    diff.add_argument("before", metavar="FROM", help="first date")
    diff.add_argument("after", metavar="TO", help="second date")

    paint = question("overlay", _overlay, "community and score of every state (for /explore)")
    paint.add_argument("--measure", choices=measures.MEASURES, default="degree")
    paint.add_argument("--limit", type=int, default=10)

    exporter = sub.add_parser(
        "export", help="write the projected network as GraphML, GEXF, CSV or node-link JSON"
    )
    _scope_options(exporter)
    exporter.add_argument("--format", choices=export.FORMATS, default="graphml")
    exporter.add_argument("--table", choices=export.TABLES, default="edges", help="CSV only")
    exporter.add_argument("-o", "--output", help="file to write (default: standard output)")
    exporter.set_defaults(handler=cmd_export)
