"""Every operation of the OpenAPI document carries a realistic example, and every example runs.

The examples of :mod:`app.api.examples` run in order (writes first, as one session) against the
bundled graph; each answer must have the example's status and media type, validate against the
operation's response schema, and still hold every fact the recorded example shows (numbers and
timestamps may move; ids, names, dates and quotes may not). When the curated graph changes,
``python -m tests.api.openapi_examples`` records the answers again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.openapi.utils import get_openapi
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from app.api.examples import BEARER, EXAMPLES, add_examples, recorded_answers
from tests.api.openapi_examples import CUT, example_client, media_type, run

#: Members whose values change with every store or every run.
VOLATILE = {"generated_at", "retracted_at", "rejected_at", "data_version", "bundle_hash"}


@pytest.fixture(scope="module")
def session() -> Iterator[tuple[TestClient, dict[str, Any], dict[str, httpx.Response]]]:
    """One app on the bundled graph, its OpenAPI document, and the answer of every example."""
    with example_client() as client:
        document = client.get("/openapi.json").json()
        answers = {key: run(client, key, example) for key, example in EXAMPLES.items()}
        yield client, document, answers


def operation(document: dict[str, Any], key: str) -> dict[str, Any]:
    method, path = key.split(" ", 1)
    found: dict[str, Any] = document["paths"][path][method.lower()]
    return found


def strings(value: Any) -> set[str]:
    """The string leaves of a JSON value, but for :data:`VOLATILE` members."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return set().union(*(strings(v) for v in value))
    if isinstance(value, dict):
        return set().union(*(strings(v) for k, v in value.items() if k not in VOLATILE))
    return set()


def blank_nodes_named_alike(text: str) -> str:
    """``text`` with every blank node label the same (they differ from store to store)."""
    return re.sub(r"_:[A-Za-z0-9]+", "_:b", text)


def test_every_operation_has_an_example_and_a_recorded_answer(session: Any) -> None:
    client, document, _ = session
    operations = {f"{m.upper()} {p}" for p, ops in document["paths"].items() for m in ops}
    assert operations == set(EXAMPLES) == set(recorded_answers())
    assert len(operations) >= 41
    fresh = get_openapi(title="pactgraph", version="test", routes=client.app.routes)
    assert add_examples(fresh) == []


@pytest.mark.parametrize("key", list(EXAMPLES))
def test_the_document_shows_the_example(session: Any, key: str) -> None:
    _, document, _ = session
    example, recorded = EXAMPLES[key], recorded_answers()[key]
    found = operation(document, key)
    for parameter in found.get("parameters", []):
        if parameter["required"]:
            assert parameter["example"] == example.params[parameter["name"]]
    if example.body is not None:
        body = found["requestBody"]["content"][example.content_type]["examples"]["example"]
        assert body["value"] == example.body
    if recorded["media_type"] is not None:
        response = found["responses"][str(recorded["status"])]["content"]
        assert response[recorded["media_type"]]["examples"]["example"]["value"] == recorded["body"]
    if example.token:
        assert found["security"] == [{BEARER: []}]


@pytest.mark.parametrize("key", list(EXAMPLES))
def test_the_example_runs_and_its_answer_is_the_recorded_one(session: Any, key: str) -> None:
    _, document, answers = session
    example, recorded, response = EXAMPLES[key], recorded_answers()[key], answers[key]
    assert response.status_code == example.status == recorded["status"], response.text[:300]
    assert media_type(response) == recorded["media_type"]
    if recorded["media_type"] is None:
        return
    described = operation(document, key)["responses"][str(example.status)]["content"]
    schema = described[recorded["media_type"]].get("schema", {})
    if recorded["media_type"].endswith("json"):
        validator = Draft202012Validator({**schema, "components": document["components"]})
        validator.validate(response.json())
        validator.validate(recorded["body"])
        assert strings(recorded["body"]) - strings(response.json()) == set()
    else:
        assert schema.get("type", "string") == "string"
        live = blank_nodes_named_alike(response.text)
        for line in blank_nodes_named_alike(recorded["body"]).splitlines():
            assert line.removesuffix(CUT) in live


@pytest.mark.parametrize("key", [k for k, e in EXAMPLES.items() if e.token])
def test_a_write_example_without_its_token_is_refused(session: Any, key: str) -> None:
    client, _, _ = session
    example = EXAMPLES[key]
    method, path = key.split(" ", 1)
    path = path.format(**example.params) if "{" in path else path
    response = client.request(method, path, content=(example.body or "").encode())
    assert response.status_code == 401
