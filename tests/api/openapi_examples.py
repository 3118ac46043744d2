"""Running the OpenAPI examples of :mod:`app.api.examples`, and recording their answers.

``python -m tests.api.openapi_examples`` serves the bundled graph, runs every example in order
and writes the answers to ``app/api/examples.json``: run it when the curated graph changes and
``tests/api/test_examples.py`` says an example no longer matches.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.api import create_app
from app.api.examples import EXAMPLES, RECORDED, RequestExample
from app.config import PROJECT_ROOT, Settings

TOKEN = "example-token"
#: Items kept of every list, and lines of every text answer, in a recorded answer.
KEEP_ITEMS = 3
KEEP_LINES = 8
#: An object with more members than this is a map (by state IRI, say), cut to KEEP_ITEMS.
MAP_SIZE = 30
#: Longer lines of text answers are cut, ending with this mark.
LINE_CHARS = 240
CUT = "…"


@contextmanager
def example_client() -> Iterator[TestClient]:
    """The bundled graph in memory, writes allowed with :data:`TOKEN`."""
    settings = Settings(store="memory", token=SecretStr(TOKEN))
    with TestClient(create_app(settings)) as client:
        yield client


def run(client: TestClient, key: str, example: RequestExample) -> httpx.Response:
    """Send the example's request for operation ``key`` (``"METHOD /path/{param}"``)."""
    method, template = key.split(" ", 1)
    path, query = template, {}
    for name, value in example.params.items():
        if "{" + name + "}" in path:
            path = path.replace("{" + name + "}", value)
        else:
            query[name] = value
    headers = {}
    if example.token:
        headers["Authorization"] = f"Bearer {TOKEN}"
    if example.content_type is not None:
        headers["Content-Type"] = example.content_type
    return client.request(
        method,
        path,
        params=query,
        headers=headers,
        content=None if example.body is None else example.body.encode(),
    )


def media_type(response: httpx.Response) -> str | None:
    """The response's media type without parameters; None for an empty answer."""
    if not response.content:
        return None
    return response.headers["content-type"].split(";")[0].strip()


def trimmed(value: Any) -> Any:
    """``value`` with every list (and every map) cut to its first :data:`KEEP_ITEMS` items."""
    if isinstance(value, list):
        return [trimmed(v) for v in value[:KEEP_ITEMS]]
    if isinstance(value, dict):
        items = list(value.items())
        kept = items[:KEEP_ITEMS] if len(items) > MAP_SIZE else items
        return {k: trimmed(v) for k, v in kept}
    return value


def excerpt(text: str) -> str:
    """The first lines of a text answer, long lines cut."""
    lines = text.splitlines()[:KEEP_LINES]
    return "\n".join(line if len(line) <= LINE_CHARS else line[:LINE_CHARS] + CUT for line in lines)


def record(response: httpx.Response) -> dict[str, Any]:
    """The answer as :mod:`app.api.examples` shows it."""
    kind = media_type(response)
    body: Any = None
    if kind is not None:
        body = trimmed(response.json()) if kind.endswith("json") else excerpt(response.text)
    return {"status": response.status_code, "media_type": kind, "body": body}


def main() -> None:
    answers = {}
    with example_client() as client:
        for key, example in EXAMPLES.items():
            response = run(client, key, example)
            assert response.status_code == example.status, (key, response.text[:500])
            answers[key] = record(response)
    target = PROJECT_ROOT / "app" / "api" / RECORDED
    target.write_text(json.dumps(answers, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(answers)} answers recorded in {target}")


if __name__ == "__main__":
    main()
