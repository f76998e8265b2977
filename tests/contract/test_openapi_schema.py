"""The OpenAPI schema says what the API does: every schema name means one model (ninja silently keeps only one of
two same-named models, so the other operation is documented with the wrong body), every operation lists its error
answers with the one `{code, message}` body, and every integer it takes is bounded to what the database stores."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest
from ninja import NinjaAPI, Router, Schema
from ninja.openapi import schema as ninja_openapi

from smartcourt.api import api
from smartcourt.core.params import INT64_MAX


def _definitions_by_name(target: NinjaAPI, monkeypatch: pytest.MonkeyPatch) -> dict[str, set[str]]:
    """Every model definition ninja produces while building `target`'s schema, by component name."""
    seen: dict[str, set[str]] = defaultdict(set)
    original = ninja_openapi.OpenAPISchema.add_schema_definitions

    def recording(self: Any, definitions: dict) -> None:
        for name, definition in definitions.items():
            seen[name].add(json.dumps(definition, sort_keys=True, ensure_ascii=False))
        original(self, definitions)

    monkeypatch.setattr(ninja_openapi.OpenAPISchema, "add_schema_definitions", recording)
    target.get_openapi_schema(path_prefix="/")
    return seen


def _duplicates(seen: dict[str, set[str]]) -> list[str]:
    return sorted(name for name, variants in seen.items() if len(variants) > 1)


def test_every_component_name_is_one_model(monkeypatch):
    seen = _definitions_by_name(api, monkeypatch)
    assert _duplicates(seen) == []
    components = api.get_openapi_schema()["components"]["schemas"]
    # the three timelines that once shared the name EventOut, each documented with its own fields
    assert "summary" in components["CaseEventOut"]["properties"]
    assert "handed_to" in components["CustodyEventOut"]["properties"]
    assert "sha256" in components["ServiceEventOut"]["properties"]


def test_the_check_finds_two_models_under_one_name(monkeypatch):
    """The check above can fail: two routers each with its own `EventOut` are caught."""

    class EventOut(Schema):
        kind: str

    first = EventOut

    class EventOut(Schema):  # type: ignore[no-redef]
        sha256: str

    probe = NinjaAPI(urls_namespace="duplicate-probe")
    one, two = Router(), Router()
    one.get("/a", response=list[first])(lambda request: [])
    two.get("/b", response=list[EventOut])(lambda request: [])
    probe.add_router("/one", one)
    probe.add_router("/two", two)
    assert _duplicates(_definitions_by_name(probe, monkeypatch)) == ["EventOut"]


def _operations() -> list[tuple[str, str, dict]]:
    schema = api.get_openapi_schema()
    return [(method.upper(), path, op) for path, ops in schema["paths"].items() for method, op in ops.items()]


@pytest.mark.parametrize(("method", "path", "operation"), _operations(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_operation_documents_its_error_answers(method, path, operation):
    responses = {int(code): body for code, body in operation["responses"].items()}
    parameters = operation.get("parameters", [])
    expected = set()
    if parameters or "requestBody" in operation:
        expected.add(400)
    if operation.get("security"):
        expected |= {401, 403}
    if any(p["in"] == "path" for p in parameters):
        expected.add(404)
    assert expected <= set(responses), f"{method} {path} documents {sorted(responses)}"
    assert any(200 <= code < 300 for code in responses)
    for code, body in responses.items():
        if code >= 400:
            assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
            assert body["description"] and body["description"] != "Unknown Status Code"


def _integers(node: Any, where: str, components: dict) -> list[tuple[str, dict]]:
    """Every integer schema reachable from `node` (following $ref into components), with where it was found."""
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        if node.get("type") == "integer":
            found.append((where, node))
        ref = node.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            found += _integers(components[name], f"{where}→{name}", components)
        for key, value in node.items():
            if key != "$ref":
                found += _integers(value, f"{where}.{key}", components)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _integers(value, f"{where}[{i}]", components)
    return found


def test_every_integer_the_api_takes_fits_the_database():
    """An integer without a maximum is a Python int of any size, which the database refuses with a 500."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    unbounded = []
    for method, path, operation in _operations():
        inputs = [*operation.get("parameters", []), operation.get("requestBody", {})]
        for where, node in _integers(inputs, f"{method} {path}", components):
            if node.get("maximum", INT64_MAX + 1) > INT64_MAX or node.get("minimum", -INT64_MAX - 2) < -INT64_MAX - 1:
                unbounded.append(where)
    assert unbounded == []
