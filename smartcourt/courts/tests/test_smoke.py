import pytest


@pytest.mark.django_db
def test_login_page_renders_in_chinese(client):
    response = client.get("/accounts/login/", follow=True)  # the old address leads to the staff entrance
    assert response.status_code == 200
    assert response.redirect_chain == [("/staff/login/", 302)]
    assert "法院工作人员登录" in response.content.decode()


@pytest.mark.django_db
def test_openapi_schema_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "smartcourt API"
