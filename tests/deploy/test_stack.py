"""The production stack on this machine (issue 15 item 6; docs/deploy.md): nginx with the configuration
`manage.py nginx_config` generates, TLS with a certificate made here, gunicorn with deploy/gunicorn.conf.py and
settings/prod.py, the test's PostgreSQL database, Redis (DB 5) as the cache, and a background worker — all on loopback
ports 8150–8159, all stopped at the end.

Checked through nginx: a page over TLS with its security headers, a static file nginx serves itself, 413 for an
oversize body before it reaches gunicorn (the default limit and an upload route's), 200 idle connections and three
slow uploads to the public verify page while a normal request still answers, /metrics to the operators' address only
(request latency, queue depth, ledger lag), /readyz ready once the worker ran its schedules, JSON logs; then the
outages: gunicorn down gives nginx's static Chinese 503, and a gunicorn whose database is unreachable gives the same
page to a signed-in visitor (Django's handler, no database needed) and JSON to the API.

Skipped only when nginx cannot be installed (`make deploy-deps`), and on SQLite (the stack is PostgreSQL's: it runs
in the PostgreSQL pass of `make test`).
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
PORTS = range(8150, 8160)
REDIS_URL = "redis://127.0.0.1:6379/5"
OPERATOR = "127.0.0.2"  # the only address /metrics answers in this test (nginx's allow, Django's networks)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _wait(predicate: Callable[[], object], timeout: float = 120, what: str = "") -> None:
    end = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except Exception as exc:  # not up yet
            last = exc
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what or predicate}: {last}")


def _free_ports(n: int) -> list[int]:
    free = []
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        free.append(port)
        if len(free) == n:
            return free
    pytest.fail(f"fewer than {n} free ports in 8150–8159")


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        subprocess.run(["make", "-s", "deploy-deps"], cwd=ROOT, check=False, timeout=600)
        found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        pytest.skip("nginx is not installed and `make deploy-deps` could not install it")
    return found


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost / 127.0.0.1, made now."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def _database_url(name: str | None = None, port: int | None = None) -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{port or s['PORT'] or 5432}/"
        f"{name or s['NAME']}"
    )


@dataclass
class Stack:
    https: int
    http: int
    gunicorn: int
    tmp: Path
    context: ssl.SSLContext
    procs: dict[str, subprocess.Popen]

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None, source: str = ""
    ) -> tuple[http.client.HTTPResponse, bytes]:
        conn = http.client.HTTPSConnection(
            "localhost",
            self.https,
            context=self.context,
            timeout=60,
            source_address=(source, 0) if source else None,
        )
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _environment(tmp: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartcourt.settings.prod",
        "SECRET_KEY": "deployment-test-key-not-secret-5c1d",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"deploytest{os.getpid()}",
        "TASK_BACKEND": "database",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        # the source folder, unhashed: collectstatic's minutes of compression are not what this test is about
        "STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "METRICS_ALLOWED_NETWORKS": f"{OPERATOR}/32",
        "INTAKE_VIRUS_SCAN_REQUIRED": "False",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "prometheus"),
        "GUNICORN_WORKERS": "2",
        "LOG_LEVEL": "INFO",
        **extra,
    }


def _start(name: str, args: list[str], env: dict[str, str], tmp: Path) -> subprocess.Popen:
    log = (tmp / f"{name}.log").open("w")
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    if connection.vendor != "postgresql":
        pytest.skip("the production stack runs on PostgreSQL: this test runs in the PostgreSQL pass of make test")
    nginx = _nginx()
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 (make redis-up)")
        pytest.skip("Redis is not running on 127.0.0.1:6379 (make redis-up)")
    https, plain, upstream = _free_ports(3)
    cert, key = _certificate(tmp_path)
    env = _environment(tmp_path, GUNICORN_BIND=f"127.0.0.1:{upstream}")
    procs: dict[str, subprocess.Popen] = {}
    with ExitStack() as cleanup:
        cleanup.callback(lambda: [_stop(p) for p in reversed(list(procs.values()))])
        procs["gunicorn"] = _start(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "smartcourt.wsgi:application"],
            env,
            tmp_path,
        )
        procs["worker"] = _start(
            "worker",
            [sys.executable, "manage.py", "run_worker", "--no-reload", "--interval", "0.5", "--schedule-seconds", "2"],
            env,
            tmp_path,
        )
        user = ["--user", "root"] if os.geteuid() == 0 else []  # workers must read the static folder under /root
        rendered = subprocess.run(
            [
                sys.executable, "manage.py", "nginx_config", "--server-name", "localhost",
                "--https-listen", f"127.0.0.1:{https}", "--http-listen", f"127.0.0.1:{plain}",
                "--upstream", f"127.0.0.1:{upstream}", "--cert", str(cert), "--key", str(key),
                "--static-root", str(ROOT / "smartcourt" / "static"), "--access-log", str(tmp_path / "access.log"),
                "--metrics-allow", OPERATOR, "--standalone", str(tmp_path / "nginx"), "--worker-processes", "1",
                *user,
            ],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True,
        )  # fmt: skip
        conf = tmp_path / "nginx.conf"
        conf.write_text(rendered.stdout)
        error_log = str(tmp_path / "nginx" / "error.log")
        check = subprocess.run([nginx, "-t", "-c", str(conf), "-e", error_log], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        procs["nginx"] = _start("nginx", [nginx, "-c", str(conf), "-e", error_log, "-g", "daemon off;"], env, tmp_path)
        context = ssl.create_default_context(cafile=str(cert))
        s = Stack(https, plain, upstream, tmp_path, context, procs)

        def healthy() -> bool:
            for name, proc in procs.items():
                assert proc.poll() is None, f"{name} exited: {s.log(name)[-3000:]}"
            return s.request("GET", "/healthz")[0].status == 200

        _wait(healthy, what="gunicorn behind nginx")
        yield s


def _raw_tls(stack: Stack) -> ssl.SSLSocket:
    raw = socket.create_connection(("127.0.0.1", stack.https), timeout=60)
    return stack.context.wrap_socket(raw, server_hostname="localhost")


def _status_of_upload(stack: Stack, path: str, length: int) -> tuple[int, bytes]:
    """Send only the headers of an upload of `length` bytes: nginx must refuse it from Content-Length alone."""
    with _raw_tls(stack) as tls:
        tls.sendall(
            f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {length}\r\n\r\n".encode()
        )
        response = http.client.HTTPResponse(tls)  # type: ignore[arg-type]
        response.begin()
        return response.status, response.read()


def test_the_stack_serves_through_nginx_and_keeps_answering(stack: Stack) -> None:
    from django_tasks_db.models import DBTaskResult

    # A page over TLS, with the deployment's headers.
    response, body = stack.request("GET", "/")
    assert response.status == 200
    assert "智慧法院".encode() in body
    hsts = response.getheader("Strict-Transport-Security", "")
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert len(response.headers.get_all("Strict-Transport-Security") or []) == 1
    assert response.getheader("Server") == "nginx"  # no version
    assert response.getheader("X-Correlation-ID")
    assert "default-src 'self'" in response.getheader("Content-Security-Policy", "")
    with _raw_tls(stack) as tls:
        assert tls.version() in {"TLSv1.2", "TLSv1.3"}
    # Plain HTTP only redirects to HTTPS.
    plain = http.client.HTTPConnection("127.0.0.1", stack.http, timeout=60)
    plain.request("GET", "/cases/?q=1")
    redirect = plain.getresponse()
    assert redirect.status == 301
    assert redirect.getheader("Location") == f"https://127.0.0.1:{stack.https}/cases/?q=1"
    plain.close()

    # A static file, served by nginx itself: no X-Correlation-ID, which every answer of Django's carries.
    response, body = stack.request("GET", "/static/css/app.css")
    assert response.status == 200 and body
    assert response.getheader("Cache-Control", "").startswith("max-age=")
    assert response.getheader("X-Correlation-ID") is None
    assert response.getheader("Strict-Transport-Security")

    # 413 from nginx, before a byte reaches gunicorn: the default limit, and an upload route's own (larger) one.
    status, body = _status_of_upload(stack, "/accounts/login/", 11 * 1024 * 1024)
    assert status == 413 and "提交的内容过大".encode() in body
    status, _ = _status_of_upload(stack, "/ledger/verify/", 250 * 1024 * 1024)
    assert status == 413

    # 200 idle connections and three slow 200 MB uploads to the public verify page: a normal request still answers.
    held: list[socket.socket] = []
    try:
        for _ in range(200):
            held.append(socket.create_connection(("127.0.0.1", stack.https), timeout=60))
        for _ in range(3):
            upload = _raw_tls(stack)
            upload.sendall(
                b"POST /ledger/verify/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                + f"Content-Length: {200 * 1024 * 1024}\r\n\r\n".encode()
                + b"--x\r\n"
                + b"\0" * 65536
            )
            held.append(upload)
        for _ in range(3):
            response, body = stack.request("GET", "/")
            assert response.status == 200
            response, body = stack.request("GET", "/healthz")
            assert response.status == 200
    finally:
        for sock in held:
            sock.close()

    # /metrics: refused from 127.0.0.1 (nginx allows only the operators' address here), answered from 127.0.0.2.
    response, _ = stack.request("GET", "/metrics")
    assert response.status == 403
    response, body = stack.request("GET", "/metrics", source=OPERATOR)
    assert response.status == 200, body[:500]
    text = body.decode()
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert 'smartcourt_queue_depth{queue="default"}' in text
    assert "smartcourt_ledger_lag_seconds" in text

    # The worker runs against the same database: its scheduler's first runs finish, and /readyz is ready.
    _wait(
        lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").exists(),
        what=f"a task run by the worker; worker log: {stack.log('worker')[-2000:]}",
    )
    response, body = stack.request("GET", "/readyz")
    assert response.status == 200, body
    assert json.loads(body)["status"] == "ready"

    # Logs are JSON lines.
    gunicorn_lines = [line for line in stack.log("gunicorn").splitlines() if line.startswith("{")]
    assert gunicorn_lines and all(json.loads(line)["level"] for line in gunicorn_lines)

    _database_outage(stack)

    # gunicorn down: nginx answers with the static Chinese 503 page.
    _stop(stack.procs["gunicorn"])
    response, body = stack.request("GET", "/")
    assert response.status == 503
    assert "服务暂时不可用".encode() in body
    assert response.getheader("Retry-After") == "30"


def _database_outage(stack: Stack) -> None:
    """A gunicorn whose database does not answer: a signed-in visitor (a session cookie makes Django read the
    session table first) gets the static Chinese 503, the API its JSON, /healthz a 503."""
    with socket.socket() as closed:  # a port where nothing listens: the database is "down"
        closed.bind(("127.0.0.1", 0))
        dead_port = closed.getsockname()[1]
    (port,) = [p for p in _free_ports(4) if p not in {stack.https, stack.http, stack.gunicorn}][:1]
    env = _environment(
        stack.tmp,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        DATABASE_URL=_database_url(port=dead_port),
        DATABASE_CONNECT_TIMEOUT="2",
        PROMETHEUS_MULTIPROC_DIR=str(stack.tmp / "prometheus-outage"),
    )
    proc = _start(
        "gunicorn-outage",
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "smartcourt.wsgi:application"],
        env,
        stack.tmp,
    )
    try:

        def get(path: str, **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request("GET", path, headers={"Host": "localhost", "X-Forwarded-Proto": "https", **headers})
                response = conn.getresponse()
                return response, response.read()
            finally:
                conn.close()

        _wait(lambda: get("/healthz")[0].status == 503, what=f"gunicorn: {stack.log('gunicorn-outage')[-2000:]}")
        response, body = get("/", Cookie="sessionid=abcdefghijklmnopqrstuvwxyz012345")
        assert response.status == 503, body[:300]
        assert response.getheader("Content-Type", "").startswith("text/html")
        assert "服务暂时不可用".encode() in body
        assert b"Internal Server Error" not in body
        response, body = get("/api/v1/ledger/checkpoint", Accept="application/json")
        assert response.status == 503
        assert json.loads(body)["code"] == "service_unavailable"
    finally:
        _stop(proc)
