#!/bin/sh
# Start one smartcourt process with the deployment's environment: deploy/run.sh web|ws|worker|scheduler
# (supervisord calls it; systemd units read the environment file themselves). SMARTCOURT_ENV names the file.
set -eu
cd "$(dirname "$0")/.."
ENV_FILE="${SMARTCOURT_ENV:-/etc/smartcourt/smartcourt.env}"
if [ -f "$ENV_FILE" ]; then set -a; . "$ENV_FILE"; set +a; fi
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-smartcourt.settings.prod}"
PY="${SMARTCOURT_VENV:-.venv}/bin/python"
case "${1:-}" in
  web) exec "$PY" -m gunicorn -c deploy/gunicorn.conf.py smartcourt.wsgi:application ;;
  # the online hearing room's websockets (ADR 0031): the same config, uvicorn workers, the ASGI app
  ws) GUNICORN_BIND="${GUNICORN_WS_BIND:-127.0.0.1:8002}" GUNICORN_WORKERS="${GUNICORN_WS_WORKERS:-2}" \
        GUNICORN_WORKER_CLASS=uvicorn_worker.UvicornWorker \
        exec "$PY" -m gunicorn -c deploy/gunicorn.conf.py smartcourt.asgi:application ;;
  worker) exec "$PY" manage.py run_worker --no-reload --queue-name '*' --schedule-seconds 0 ;;
  scheduler) exec "$PY" manage.py run_scheduler --seconds 30 ;;
  *) echo "usage: $0 web|ws|worker|scheduler" >&2; exit 2 ;;
esac
