"""A hostile probe of a running server: the rows of issue 13's table, and variations of each.

Sends every request of :func:`requests` (the issue's reproductions, their escape variants,
random hostile bodies) to a server and counts what a defender cares about: answers by status
class, 5xx, freezes (``/health`` slower than 2 s while the request runs), crashes (the server
stops answering) and connections to a loopback listener the hostile requests point at (SSRF).

Run it against a server you own (it writes with the token)::

    PACTGRAPH_STORE=memory PACTGRAPH_DATASETS= PACTGRAPH_TOKEN=t pactgraph serve --port 8123 &
    python bench/probe.py --url http://127.0.0.1:8123 --token t
"""

from __future__ import annotations

import argparse
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Probe:
    """One request: what it tries, how it is sent."""

    kind: str
    method: str
    path: str
    params: dict[str, str] | None = None
    body: bytes | None = None
    content_type: str | None = None
    token: bool = False


class Listener:
    """A loopback TCP listener counting the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


def requests(port: int, rng: random.Random) -> Iterator[Probe]:
    """The hostile requests, each row of the issue with its variants, and random bodies."""
    target = f"http://127.0.0.1:{port}/"
    escaped = "".join(f"\\u{ord(c):04X}" for c in target)
    services = [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ VALUES ?z {{ <http://x/\\u0041#> }}SERVICE<{target}>{{?a ?b ?c}} }}",
        f"SELECT * WHERE {{ SERVICE <{escaped}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?a ?b ?c }} }}",
        f"PREFIX s: <{target}> SELECT * WHERE {{ SERVICE s: {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{target}> {{ ?a ?b ?c }} }} }} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?x) SERVICE ?x {{ ?a ?b ?c }} }}",
        f"# comment\nSELECT * WHERE {{\nSERV\\u0049CE <{target}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ SERVICE <{target[:-1]}\\U0000002F> {{ ?a ?b ?c }} }}",
    ]
    for query in services:
        yield Probe("ssrf-service", "GET", "/sparql", {"query": query})
        yield Probe(
            "ssrf-service",
            "POST",
            "/sparql",
            body=query.encode(),
            content_type="application/sparql-query",
        )
    for update in (
        f"LOAD <{target}>",
        f"LOAD <http://x/\\u0041#> ;\nLOAD <{target}>",
        "LOAD <file:///etc/passwd>",
        f"LOAD SILENT <{escaped}> INTO GRAPH <urn:g>",
    ):
        yield Probe(
            "ssrf-load",
            "POST",
            "/sparql",
            body=update.encode(),
            content_type="application/sparql-update",
            token=True,
        )
    maintained = ["provenance", "derived", "audit", "meta", "bundle/graph_data/states.ttl"]
    for name in maintained:
        graph = f"https://w3id.org/pactgraph/id/graph/{name}"
        yield Probe("maintained-graph", "DELETE", "/store", {"graph": graph}, token=True)
        yield Probe(
            "maintained-graph",
            "PUT",
            "/store",
            {"graph": graph},
            b"<urn:a> <urn:b> <urn:c> .",
            "application/n-triples",
            token=True,
        )
        yield Probe(
            "maintained-graph",
            "POST",
            "/sparql",
            body=f"DROP GRAPH <{graph}>".encode(),
            content_type="application/sparql-update",
            token=True,
        )
    for update in (
        "DROP ALL",
        "CLEAR NAMED",
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    ):
        yield Probe(
            "maintained-graph",
            "POST",
            "/sparql",
            body=update.encode(),
            content_type="application/sparql-update",
            token=True,
        )
    chain = "".join(f"_:b{i} <http://x/p> _:b{i + 1} .\n" for i in range(400)).encode()
    yield Probe(
        "blank-node-chain",
        "POST",
        "/api/v1/ingest",
        body=chain,
        content_type="application/n-triples",
        token=True,
    )
    for depth in (1500, 5000):
        nested = ('{"http://x/p":' * depth + '"v"' + "}" * depth).encode()
        yield Probe(
            "nested-jsonld",
            "POST",
            "/api/v1/ingest",
            body=nested,
            content_type="application/ld+json",
            token=True,
        )
    yield Probe(
        "nested-update",
        "POST",
        "/sparql",
        body=("{" * 20000 + "}" * 20000).encode(),
        content_type="application/sparql-update",
        token=True,
    )
    entities = (
        '<!DOCTYPE r [<!ENTITY a "'
        + "a" * 100
        + '">'
        + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8))
        + ']><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&i;</rdf:RDF>'
    )
    yield Probe(
        "xml-entities",
        "POST",
        "/api/v1/ingest",
        body=entities.encode(),
        content_type="application/rdf+xml",
        token=True,
    )
    xss = (
        "@prefix pg: <https://w3id.org/pactgraph/ontology#> . "
        "@prefix st: <https://w3id.org/pactgraph/id/state/> . "
        "<javascript:alert(1)//> a pg:Agreement ; pg:party st:KOR, st:JPN ."
    )
    yield Probe(
        "stored-xss",
        "POST",
        "/api/v1/ingest",
        body=xss.encode(),
        content_type="text/turtle",
        token=True,
    )
    for path, params in [
        ("/api/v1/analytics/partners", {"state": "https://w3id.org/pactgraph/id/state/KOR>"}),
        ("/api/v1/analytics/partners", {"state": "ZZZ"}),
        ("/api/v1/export", {"format": "csv", "table": "both"}),
        ("/api/v1/states/%00", None),
        ("/api/v1/query/path", {"from": "CHN", "path": "/" * 50}),
        ("/api/v1/relations", {"as_of": "99999-99-99"}),
        ("/sparqlx", None),
    ]:
        yield Probe("low", "GET", path, params)
    yield Probe("low", "HEAD", "/store")
    yield Probe("low", "POST", "/sparql", body=b"query=ASK{}")
    alphabet = "{}[]()<>\"'\\:_.;,@#^?$ \n\tabc0123456789"
    types = [
        "text/turtle",
        "application/ld+json",
        "application/rdf+xml",
        "application/n-triples",
        "application/trig",
    ]
    for _ in range(200):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3000)))
        yield Probe(
            "random-body",
            "POST",
            "/api/v1/ingest",
            body=body.encode(),
            content_type=rng.choice(types),
            token=True,
        )
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 500)))
        yield Probe("random-query", "GET", "/sparql", {"query": query})


def main() -> None:
    """Run the probe and print its counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", default="t")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    listener = Listener()
    client = httpx.Client(base_url=args.url, timeout=60)
    statuses: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    freezes = crashes = sent = 0
    for probe in requests(listener.port, random.Random(args.seed)):
        headers = {"Authorization": f"Bearer {args.token}"} if probe.token else {}
        if probe.content_type:
            headers["Content-Type"] = probe.content_type
        slow: list[float] = []

        def watch(done: threading.Event, slow: list[float] = slow) -> None:
            while not done.is_set():
                started = time.monotonic()
                try:
                    httpx.get(f"{args.url}/health", timeout=5)
                except httpx.HTTPError:
                    slow.append(99.0)
                slow.append(time.monotonic() - started)
                done.wait(0.2)

        done = threading.Event()
        watcher = threading.Thread(target=watch, args=(done,))
        watcher.start()
        try:
            response = client.request(
                probe.method, probe.path, params=probe.params, content=probe.body, headers=headers
            )
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        done.set()
        watcher.join()
        sent += 1
        statuses[status[0] + "xx" if status.isdigit() else status] += 1
        by_kind[(probe.kind, status)] += 1
        if slow and max(slow) > 2.0:
            freezes += 1
        try:
            httpx.get(f"{args.url}/health", timeout=5).raise_for_status()
        except httpx.HTTPError:
            crashes += 1
            break
    print(
        f"requests {sent}, SSRF connections {listener.connections}, freezes {freezes}, "
        f"crashes {crashes}"
    )
    print("| answers | count |\n|---|---:|")
    for status, count in sorted(statuses.items()):
        print(f"| {status} | {count} |")
    print("| kind | status | count |\n|---|---|---:|")
    for (kind, status), count in sorted(by_kind.items()):
        print(f"| {kind} | {status} | {count} |")


if __name__ == "__main__":
    main()
