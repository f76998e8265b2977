"""Every page and every API operation asks the one permission table — or says why it need not.

The table's entry points (`visible_q`, `allows`, `permits`, `grant_courts`, `roles_with` …) note what they are
asked inside `permission_trace()`. This test calls every URL pattern of the site and every operation of the API
once, signed in as a person holding every role, with the ids of real records, and fails for any view that answered
without asking the table unless the view is marked `@public(reason)` (or is one of the few third-party views listed
below with their reason). A new page that checks access on its own, or not at all, fails here.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from smartcourt.api import api
from smartcourt.courts.permissions import permission_trace
from smartcourt.courts.tests.factories import login_verified

pytestmark = pytest.mark.django_db

# Views that are not ours, so cannot carry @public: each with why the table does not govern it.
THIRD_PARTY_PUBLIC = {
    "accounts:logout": "Django's sign-out: ends the person's own session",
    "set_language": "Django's language switch: a cookie for the person's own browser",
    "portal:outbox": "a redirect to courts:outbox, which asks the table itself",
    "service:outbox": "a redirect to courts:outbox, which asks the table itself",
    "api-v1:openapi-json": "the API's own description, the same for everyone",
    "api-v1:openapi-view": "the API's documentation page, the same for everyone",
}
URL_VALUES = {"step": "basics", "year": "2026", "token": "not-a-link", "reference": "F0000"}
# Query strings some pages need to reach their record (a typed label code, a hash to verify).
QUERIES = {"paper_files:lookup": {"code": "label_code"}, "ledger:bundle": {"hash": "hash"}}


def _value(name: str, converter: str, ids: dict[str, Any]) -> str:
    if name in ids:
        return str(ids[name])
    if name in URL_VALUES:
        return URL_VALUES[name]
    return "1" if converter == "int" else "x"


def _patterns() -> list[tuple[str, str, Any]]:
    """(route, name, callback) of every URL pattern outside the API (the API is walked by operation)."""
    found: list[tuple[str, str, Any]] = []

    def walk(patterns: list, prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "api-v1":
                    continue
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
                found.append((prefix + str(p.pattern), name, p.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


def _page_cases() -> list[tuple[str, str]]:
    out = []
    for route, name, _callback in _patterns():
        if route.startswith("admin/") and route not in ("admin/", "admin/cases/case/"):
            continue  # every admin page passes through the same admin_view check; two stand for all
        if route.startswith("^") or "(?P" in route:
            continue
        out.append((route, name))
    return out


def _path(route: str, ids: dict[str, Any]) -> str:
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: _value(m.group(2), m.group(1) or "str", ids), route)


def _public_reason(callback: Any) -> str | None:
    for holder in (callback, getattr(callback, "view_class", None), getattr(callback, "__wrapped__", None)):
        reason = getattr(holder, "permission_public", None)
        if reason:
            return str(reason)
    return None


@pytest.fixture
def everyone(module_world, client):  # type: ignore[no-untyped-def]
    """A client signed in (with the second factor) as a person holding every role in the world's court."""
    login_verified(client, module_world.everyone)
    return client


@pytest.mark.parametrize(("route", "name"), _page_cases(), ids=lambda v: v)
def test_every_page_asks_the_table_or_says_why_not(everyone, module_world, db, route, name):
    path = _path(route, module_world.ids)
    match = resolve(path)
    reason = _public_reason(match.func) or THIRD_PARTY_PUBLIC.get(name)
    query = {key: module_world.ids[name] for key, name in QUERIES.get(name, {}).items()}
    with permission_trace() as asked:
        response = everyone.get(path, query)
        if response.status_code == 405:
            response = everyone.post(path, {})
    assert response.status_code < 500
    assert asked or reason, f"{path} ({name}) answered {response.status_code} without asking the permission table"


def _operations() -> list[tuple[str, str, Any]]:
    out = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    full = f"/api/v1/{prefix.strip('/')}/{path.lstrip('/')}"
                    # a route declared with its trailing slash (/documents/{id}/) is called with it
                    out.append(
                        (method, full if path.strip("/") and path.endswith("/") else full.rstrip("/"), operation)
                    )
    return out


def _body(schema: dict, components: dict, ids: dict[str, Any]) -> Any:
    """A minimal body the schema allows: required fields only, ids of the world's records where named."""
    if "$ref" in schema:
        return _body(components[schema["$ref"].rsplit("/", 1)[-1]], components, ids)
    if "anyOf" in schema:
        return _body(schema["anyOf"][0], components, ids)
    kind = schema.get("type")
    if kind == "object":
        required = schema.get("required", [])
        return {
            name: ids[name] if name in ids else _body(prop, components, ids)
            for name, prop in schema.get("properties", {}).items()
            if name in required
        }
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if schema.get("format") == "date":
        return "2030-01-02"
    if schema.get("format") == "date-time":
        return "2030-01-02T09:00:00+08:00"
    return "x"


@pytest.mark.parametrize(("method", "path", "operation"), _operations(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_api_operation_asks_the_table_or_says_why_not(client, module_world, db, method, path, operation):
    reason = _public_reason(operation.view_func)
    url = re.sub(r"{(\w+)}", lambda m: _value(m.group(1), "int", module_world.ids), path)
    schema = api.get_openapi_schema()
    spec = schema["paths"].get(re.sub(r"{(\w+)}", r"{\1}", path), {}).get(method.lower(), {})
    auth = {"HTTP_AUTHORIZATION": f"Bearer {module_world.everyone_token}"}
    query = {
        p["name"]: _value(p["name"], "int", module_world.ids)
        for p in spec.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    with permission_trace() as asked:
        if method == "GET":
            response = client.get(url, query, **auth)
        else:
            content = spec.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = _body(content["application/json"]["schema"], schema["components"]["schemas"], module_world.ids)
                response = client.post(url, body, content_type="application/json", **auth)
            elif "multipart/form-data" in content:
                upload = SimpleUploadedFile("scan.pdf", module_world.sample_pdf, content_type="application/pdf")
                response = client.post(url, {"files": [upload], "source": "upload"}, **auth)
            else:
                response = client.post(url, {}, **auth)
    assert response.status_code < 500
    assert response.status_code != 400 or asked or reason, (
        f"{method} {path}: could not call it ({response.content[:200]!r})"
    )
    assert asked or reason, f"{method} {path} answered {response.status_code} without asking the permission table"
