"""gunicorn's configuration for smartcourt behind nginx (docs/deploy.md). Every knob comes from the environment
(/etc/smartcourt/smartcourt.env under systemd): `gunicorn -c deploy/gunicorn.conf.py smartcourt.wsgi:application`.

nginx in front buffers whole requests and responses (slow clients, idle keep-alive connections and large uploads never
hold a worker), so gunicorn only sees complete requests from 127.0.0.1.

The worker model is a knob, not a choice made here: GUNICORN_WORKER_CLASS (sync, gthread …) with GUNICORN_WORKERS
and GUNICORN_THREADS. The measurement that picks it for this project is ADR 0025 (page performance).
"""

import multiprocessing
import os
import shutil
import tempfile


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").split(",")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
# A request taking longer than this is killed with its worker (the transaction rolls back); nginx's
# proxy_read_timeout is a little longer, so nginx answers with the 503 page rather than an empty reply.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Workers are replaced after this many requests (a slow leak cannot grow forever); jitter so they do not all restart
# together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Only nginx on this host may say which scheme and client it proxied for (Django reads X-Forwarded-* from it).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
limit_request_line = 8190
limit_request_fields = 100
# Uploads spool to disk in this directory (Django's FILE_UPLOAD_TEMP_DIR is separate); /dev/shm for the heartbeat
# files so a slow disk cannot make the arbiter think workers hang.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else None)
proc_name = "smartcourt"
# gunicorn's control socket defaults to one per user ($HOME/.gunicorn): off unless a path is given, so two gunicorns
# of one user (a second site, the deployment test) do not take each other's.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or "gunicorn.ctl"
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
pidfile = os.environ.get("GUNICORN_PIDFILE") or None

# Logs: gunicorn's own messages as JSON lines on stderr like Django's (settings/prod.py). nginx writes the access log
# (JSON); GUNICORN_ACCESS_LOG=- adds gunicorn's own.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
            "json_ensure_ascii": False,
        }
    },
    "handlers": {
        "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error_console"], "propagate": False},
        # nginx writes the access log; GUNICORN_ACCESS_LOG (any value) adds gunicorn's own
        "gunicorn.access": {"level": "INFO" if accesslog else "WARNING", "handlers": ["console"], "propagate": False},
    },
}

# Prometheus (django-prometheus, core.metrics): every worker writes its samples into one directory, which a scrape
# adds up. Set before any worker imports prometheus_client; emptied when the arbiter starts.
os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(), f"smartcourt-prometheus-{os.getuid()}")
)


def on_starting(server):  # type: ignore[no-untyped-def]
    path = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path, exist_ok=True)


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
