"""The API's error contract: JSON {code, message} in Chinese with the right 4xx, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()  # a court intranet has no internet


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/no-such-thing", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found" and body["message"]


def test_protected_endpoint_without_credentials_is_json_401(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "登录" in response.json()["message"]


def test_token_auth_and_malformed_json(client):
    from smartcourt.courts.services import api_token_create
    from smartcourt.courts.tests.factories import UserFactory

    user = UserFactory()
    _token, raw = api_token_create(user=user, name="test")
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200 and me.json()["username"] == user.username
    bad = client.post(
        "/api/v1/me/tokens", data="{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_input" and "JSON" in bad.json()["message"]
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
