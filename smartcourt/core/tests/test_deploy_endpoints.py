"""The deployment's endpoints and error pages (docs/deploy.md): /readyz, /metrics, the static 503 during an outage of
the database or Redis, and `manage.py nginx_config`. The whole stack behind nginx is tests/deploy/test_stack.py."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from smartcourt.core.management.commands.nginx_config import nginx_regex, render
from smartcourt.core.readiness import Probe, Reading, run_probes


def _outage(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.mark.django_db
def test_a_signed_in_visitor_gets_the_static_chinese_503_when_the_database_is_down() -> None:
    from smartcourt.courts.tests.factories import UserFactory

    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", _outage):
        response = client.get("/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "服务暂时不可用" in body and "Internal Server Error" not in body
    assert response["Retry-After"] == "30"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")  # its own, not the site's


@pytest.mark.django_db
def test_the_api_and_healthz_answer_json_503_when_the_database_is_down() -> None:
    client = Client(raise_request_exception=False)
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", _outage):
        api = client.get("/api/v1/ledger/checkpoint")
        health = client.get("/healthz")
    assert api.status_code == 503 and api.json()["code"] == "service_unavailable"
    assert health.status_code == 503 and health.json()["status"] == "unavailable"


def test_a_redis_outage_is_an_outage_too() -> None:
    from redis.exceptions import ConnectionError as RedisConnectionError

    from smartcourt.core.views import outage

    assert outage(RedisConnectionError("Error 111 connecting to 127.0.0.1:6379"))
    assert outage(OperationalError("server closed the connection unexpectedly"))
    assert not outage(ValueError("a bug"))


@pytest.mark.django_db
def test_a_bug_whose_error_page_cannot_be_drawn_gets_the_static_500() -> None:
    from smartcourt.core import views

    request = mock.Mock(path="/cases/", headers={})
    with mock.patch.object(views, "render", side_effect=RuntimeError("menu needs the database")):
        try:
            raise ValueError("a bug")
        except ValueError:
            response = views.server_error(request)
    assert response.status_code == 500 and "服务器错误" in response.content.decode()


@pytest.mark.django_db
def test_readyz_is_ready_with_a_working_database_and_cache(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert {"database", "cache", "queue", "scheduler", "ledger"} <= set(body["checks"])


@pytest.mark.django_db
def test_readyz_names_a_stalled_queue_and_a_lagging_ledger(client, settings) -> None:  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult, get_date_max

    from smartcourt.ledger.services import ledger_anchor

    settings.TASK_BACKEND = "database"
    settings.QUEUE_STALL_SECONDS = 300
    settings.LEDGER_LAG_READY_SECONDS = 600
    long_ago = timezone.now() - timedelta(hours=1)
    task = DBTaskResult.objects.create(
        status="READY", args_kwargs={"args": [], "kwargs": {}}, task_path="x.y", queue_name="ocr",
        backend_name="default", run_after=get_date_max(),
    )  # fmt: skip
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=long_ago)
    with time_machine.travel(long_ago):  # anchored an hour ago; its flush (on commit) never ran in this test
        ledger_anchor(kind="dossier.page", subject="case:1/p:1", sha256="a" * 64)
    response = client.get("/readyz", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["queue"] is False and body["checks"]["ledger"] is False and body["checks"]["database"]
    assert "ocr" in body["details"]["queue"] and "sequenced" in body["details"]["ledger"]
    # the public sees which checks fail, not why
    assert "details" not in client.get("/readyz", REMOTE_ADDR="203.0.113.9").json()

    metrics = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert re.search(r'^smartcourt_queue_depth\{queue="ocr"\} 1\.0$', metrics, re.M)
    assert re.search(r'^smartcourt_ready\{check="ledger"\} 0\.0$', metrics, re.M)
    lag = float(re.search(r"^smartcourt_ledger_lag_seconds (\S+)$", metrics, re.M).group(1))  # type: ignore[union-attr]
    assert lag >= 3600


def test_a_probe_that_raises_is_not_ready_and_the_others_still_run() -> None:
    probes = [Probe("broken", lambda: 1 / 0), Probe("fine", lambda: Reading(ok=True))]  # type: ignore[arg-type,return-value]
    with mock.patch("smartcourt.core.readiness.all_probes", return_value=probes):
        results = {r.name: r for r in run_probes()}
    assert not results["broken"].ok and "ZeroDivisionError" in results["broken"].detail
    assert results["fine"].ok


@pytest.mark.django_db
def test_metrics_answer_only_the_operators(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_ALLOWED_NETWORKS = ["10.1.0.0/16"]
    settings.METRICS_TOKEN = "s3cret-token"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # behind nginx: the client address is the forwarded one, not nginx's
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.2.3").status_code == 200
    ok = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert ok.status_code == 200 and "smartcourt_ready" in ok.content.decode()
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", REMOTE_ADDR="203.0.113.9").status_code == 404


def test_nginx_regex_from_django_routes() -> None:
    assert nginx_regex(r"dossier/cases/(?P<case_id>[0-9]+)/scan/\Z") == "^/dossier/cases/(?:[0-9]+)/scan/$"


@pytest.mark.django_db
def test_nginx_config_takes_each_upload_route_limit_from_the_code() -> None:
    from smartcourt.core.request_limits import body_limits, default_body_bytes

    text = render(
        server_name="court.example",
        https_listen="443",
        http_listen="80",
        upstream="127.0.0.1:8001",
        cert="/c.pem",
        key="/k.pem",
        static_root="/srv/static",
        metrics_allow=["10.0.0.0/8"],
    )
    assert "@@" not in text
    assert f"client_max_body_size {-(-default_body_bytes() // 1024)}k;" in text
    verify = re.search(r'location ~ "\^/ledger/verify/\$" \{  # ledger:verify\n\s+client_max_body_size (\d+)k;', text)
    assert verify and int(verify.group(1)) * 1024 >= body_limits()["ledger:verify"].body_bytes()
    assert "allow 10.0.0.0/8;" in text and "ssl_protocols TLSv1.2 TLSv1.3;" in text
    assert "proxy_request_buffering on;" in text and "error_page 502 503 504 =503 /503.html;" in text
    for name in body_limits():
        assert f"# {name}\n" in text, name
