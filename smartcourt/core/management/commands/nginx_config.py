"""python manage.py nginx_config — the nginx configuration for this deployment, from deploy/nginx/smartcourt.conf.in.

The upload routes and their body limits are read from the running code (core.request_limits: the same numbers
Django refuses a body with), so nginx and Django never disagree about which route takes how much. Without
`--standalone` it prints the http-context text for Debian's /etc/nginx/sites-available/; with `--standalone DIR` a
whole nginx.conf whose pid, logs and temp files live under DIR (the deployment test runs nginx so; docs/deploy.md).
"""

from __future__ import annotations

import re
from argparse import ArgumentParser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import URLPattern, URLResolver, get_resolver

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "smartcourt.conf.in"
ERROR_PAGES = Path(settings.BASE_DIR) / "smartcourt" / "templates" / "errors"


def _routes(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(namespaced URL name, full regex of its path without the leading slash) for every route."""
    for p in patterns:
        regex = p.pattern.regex.pattern.removeprefix("^")
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _routes(p.url_patterns, prefix + regex, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", prefix + regex


def nginx_regex(django_regex: str) -> str:
    """A Django route's regex as an nginx location regex (PCRE): anchored at "/", no named groups."""
    body = re.sub(r"\(\?P<\w+>", "(?:", django_regex)
    body = body.removesuffix(r"\Z").removesuffix("$")
    return f"^/{body}$"


def _size(n: int) -> str:
    return f"{-(-n // 1024)}k"  # nginx sizes: whole kilobytes, rounded up


def upload_locations(uploads_per_address: int) -> str:
    from smartcourt.core.request_limits import body_limits

    limits = body_limits()
    seen: set[str] = set()
    blocks = []
    for name, regex in _routes(get_resolver().url_patterns):
        limit = limits.get(name)
        if limit is None:
            continue
        location = nginx_regex(regex)
        if location in seen:
            continue
        seen.add(location)
        blocks.append(
            f'  location ~ "{location}" {{  # {name}\n'
            f"    client_max_body_size {_size(limit.body_bytes())};\n"
            f"    limit_conn smartcourt_uploads {uploads_per_address};\n"
            f"    proxy_pass http://smartcourt_app;\n"
            f"  }}\n"
        )
    return "".join(blocks)


def render(
    *,
    server_name: str,
    https_listen: str,
    http_listen: str,
    upstream: str,
    cert: str,
    key: str,
    static_root: str,
    metrics_allow: list[str],
    uploads_per_address: int = 4,
    access_log: str = "/var/log/nginx/smartcourt.access.log",
    proxy_read_timeout: str = "75s",
    ws_upstream: str = "127.0.0.1:8002",
) -> str:
    from smartcourt.core.request_limits import default_body_bytes

    https_port = https_listen.rsplit(":", 1)[-1].split()[0]
    redirect_host = "$host" if https_port == "443" else f"$host:{https_port}"
    http_server = ""
    if http_listen:
        http_server = (
            "# Plain HTTP only redirects (and answers ACME challenges for the certificate).\n"
            "server {\n"
            f"  listen {http_listen};\n"
            f"  server_name {server_name};\n"
            "  server_tokens off;\n"
            "  location /.well-known/acme-challenge/ { root /var/www/html; }\n"
            f"  location / {{ return 301 https://{redirect_host}$request_uri; }}\n"
            "}\n"
        )
    values = {
        "SERVER_NAME": server_name,
        "HTTPS_LISTEN": https_listen,
        "HTTP_SERVER": http_server,
        "UPSTREAM": upstream,
        "WS_UPSTREAM": ws_upstream,
        "CERT": cert,
        "KEY": key,
        "STATIC_ROOT": str(static_root).rstrip("/"),
        "ERROR_PAGES": str(ERROR_PAGES),
        "DEFAULT_BODY": _size(default_body_bytes()),
        "METRICS_ALLOW": "\n".join(f"    allow {network};" for network in metrics_allow),
        "UPLOADS_PER_ADDRESS": str(uploads_per_address),
        "UPLOAD_LOCATIONS": upload_locations(uploads_per_address),
        "ACCESS_LOG": access_log,
        "PROXY_READ_TIMEOUT": proxy_read_timeout,
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    left = re.findall(r"@@\w+@@", text)
    if left:
        raise CommandError(f"template placeholders without a value: {left}")
    return text


def standalone(site: str, *, prefix: Path, user: str = "", worker_processes: str = "auto") -> str:
    """A whole nginx.conf around `site`, everything it writes under `prefix` (for tests, or hosts without Debian's
    nginx.conf). Debian's own nginx.conf is the production one (docs/deploy.md raises its worker_connections)."""
    temp = {name: prefix / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    user_line = f"user {user};\n" if user else ""
    mime = Path("/etc/nginx/mime.types")
    mime_line = f"  include {mime};\n" if mime.exists() else ""
    indented = "".join(f"  {line}" if line.strip() else line for line in site.splitlines(keepends=True))
    return (
        f"{user_line}worker_processes {worker_processes};\n"
        f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n"
        f"{mime_line}"
        "  default_type application/octet-stream;\n"
        "  sendfile on;\n"
        "  tcp_nopush on;\n"
        "  gzip on;\n"
        "  gzip_types text/css application/javascript application/json image/svg+xml text/plain;\n"
        f"  client_body_temp_path {temp['client_body']};\n"
        f"  proxy_temp_path {temp['proxy']};\n"
        f"  fastcgi_temp_path {temp['fastcgi']};\n"
        f"  uwsgi_temp_path {temp['uwsgi']};\n"
        f"  scgi_temp_path {temp['scgi']};\n"
        f"{indented}"
        "}\n"
    )


class Command(BaseCommand):
    help = "输出本部署的 nginx 配置（上传路由及其请求体上限取自代码中的 core.request_limits）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--server-name", default="_", help="the site's host name(s)")
        parser.add_argument("--https-listen", default="443", help="listen address of the HTTPS server")
        parser.add_argument("--http-listen", default="80", help="HTTP (redirect) server; '' for none")
        parser.add_argument("--upstream", default="127.0.0.1:8001", help="gunicorn's address (GUNICORN_BIND)")
        parser.add_argument(
            "--ws-upstream", default="127.0.0.1:8002", help="the websocket server's address (GUNICORN_WS_BIND)"
        )
        parser.add_argument("--cert", default="/etc/smartcourt/tls/fullchain.pem")
        parser.add_argument("--key", default="/etc/smartcourt/tls/privkey.pem")
        parser.add_argument("--static-root", default=str(settings.STATIC_ROOT))
        parser.add_argument(
            "--metrics-allow",
            action="append",
            default=None,
            help="network that may read /metrics (repeat; default: METRICS_ALLOWED_NETWORKS or loopback)",
        )
        parser.add_argument("--uploads-per-address", type=int, default=4)
        parser.add_argument("--access-log", default="/var/log/nginx/smartcourt.access.log")
        parser.add_argument("--standalone", default="", help="write a whole nginx.conf; temp files under this dir")
        parser.add_argument("--user", default="", help="with --standalone: the user nginx's workers run as")
        parser.add_argument("--worker-processes", default="auto")

    def handle(self, *args: Any, **o: Any) -> None:
        allow = o["metrics_allow"] or list(getattr(settings, "METRICS_ALLOWED_NETWORKS", ["127.0.0.1", "::1"]))
        site = render(
            server_name=o["server_name"],
            https_listen=o["https_listen"],
            http_listen=o["http_listen"],
            upstream=o["upstream"],
            ws_upstream=o["ws_upstream"],
            cert=o["cert"],
            key=o["key"],
            static_root=o["static_root"],
            metrics_allow=allow,
            uploads_per_address=o["uploads_per_address"],
            access_log=o["access_log"],
        )
        if o["standalone"]:
            site = standalone(
                site, prefix=Path(o["standalone"]), user=o["user"], worker_processes=o["worker_processes"]
            )
        self.stdout.write(site, ending="")
