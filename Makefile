# smartcourt — `make demo` serves a demo court on http://127.0.0.1:8000 (DEMO_PORT); `make test` runs the whole suite
# against SQLite and PostgreSQL. Both install what they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
VENDOR := smartcourt/static/vendor
PG_URL ?= postgres://postgres@127.0.0.1:5432/smartcourt
PYTEST_WORKERS ?= 2
# libreoffice-writer-nogui: the court documents' .docx → PDF conversion (soffice --headless), Writer without the GUI
DEBIAN_PACKAGES := chromium fonts-noto-cjk poppler-utils libreoffice-writer-nogui
# The production stack's reverse proxy (deploy/, docs/deploy.md): the deployment test runs it, `make deploy-deps`
# installs it. Installed without starting Debian's own nginx service (the test and deploy/ run their own config).
DEPLOY_DEBIAN_PACKAGES := nginx openssl
# Only `make bench` needs Tesseract: the OCR benchmark compares our pipeline with it in the same run.
BENCH_DEBIAN_PACKAGES := tesseract-ocr tesseract-ocr-chi-sim
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Property tests without timing checks (conftest.py): a loaded machine must not fail a correct rule.
HYPOTHESIS_PROFILE ?= ci
export HYPOTHESIS_PROFILE
# `make demo` listens on DEMO_PORT (8000 unless given: `make demo DEMO_PORT=8010`).
DEMO_PORT ?= 8000
# One progress line per phase of `make demo` (issue 15): the phase's own time and the time since make started.
MAKE_T0 := $(shell date +%s%N)
PHASE_DONE = ms=$$(( ($$(date +%s%N) - t0) / 1000000 )); all=$$(( ($$(date +%s%N) - $(MAKE_T0)) / 100000000 )); \
  printf '[make demo] %s: %d.%d s (since make started: %d.%d s)\n' "$(1)" $$((ms / 1000)) $$((ms % 1000 / 100)) $$((all / 10)) $$((all % 10))

.PHONY: help demo test test-sqlite test-postgres bench lint deps dev-deps assets messages system-deps deploy-deps postgres-up redis-up migrate seed serve clean

help:
	@echo "make demo   install everything, load the demo court, serve http://127.0.0.1:8000 (DEMO_PORT=…)"
	@echo "make test   run the whole suite on SQLite and on PostgreSQL"
	@echo "make lint   ruff, import boundaries (lint-imports), mypy against its baseline, migrations check"
	@echo "make bench  benchmarks (bench/)"

# `deps` is what the site runs on (all `make demo` needs); `dev-deps` adds the dev extras (pytest, Playwright, mypy,
# Locust …) for `make lint`, `make test` and `make bench`: on a busy 2-core machine they were half of a fresh
# `make demo`'s pip time (ADR 0029). --no-compile: Python writes the .pyc of what it imports on first use
# instead of pip compiling every module of every package up front.
$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	@t0=$$(date +%s%N); set -e; set -x; \
	$(PYTHON) -m venv $(VENV); \
	$(PIP) install -q --upgrade "pip>=24"; \
	$(PIP) install -q --no-compile -c requirements.lock -e .; \
	{ set +x; } 2>/dev/null; $(call PHASE_DONE,venv + pip)
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -q -c requirements.lock -e ".[dev]"
	@touch $@

deps: $(VENV)/.installed

dev-deps: $(VENV)/.installed-dev

node_modules/.package-lock.json: package.json package-lock.json
	@t0=$$(date +%s%N); set -ex; npm ci --no-audit --no-fund --omit=optional --loglevel=error; \
	{ set +x; } 2>/dev/null; $(call PHASE_DONE,npm ci)
	@touch $@

$(VENDOR)/.installed: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx $(VENDOR)/echarts $(VENDOR)/pdfjs $(VENDOR)/livekit
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	cp node_modules/pdfjs-dist/build/pdf.min.mjs node_modules/pdfjs-dist/build/pdf.worker.min.mjs $(VENDOR)/pdfjs/
	cp node_modules/livekit-client/dist/livekit-client.umd.js $(VENDOR)/livekit/  # the LiveKit backend's page (ADR 0031)
	cp -r node_modules/pdfjs-dist/cmaps node_modules/pdfjs-dist/standard_fonts $(VENDOR)/pdfjs/  # CJK (CID) fonts in PDFs
	@touch $@

assets: $(VENDOR)/.installed

# Message catalogues (smartcourt/locale): the compiled .mo files are committed beside their .po, so nothing needs
# gettext at install time; after editing a .po, `make messages` recompiles (a test fails while one is stale).
messages: deps
	DJANGO_SETTINGS_MODULE=smartcourt.settings.dev $(PY) manage.py compilemessages --locale zh_Hans -v 0

# Debian packages the project needs: headless Chromium for browser tests and screenshots, CJK fonts, pdftoppm,
# LibreOffice Writer (headless) for court documents.
system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES) $(EXTRA_DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

deploy-deps:
	@missing=""; for p in $(DEPLOY_DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  own_policy=""; if [ ! -e /usr/sbin/policy-rc.d ]; then \
	    printf '#!/bin/sh\nexit 101\n' | $$SUDO tee /usr/sbin/policy-rc.d >/dev/null; $$SUDO chmod +x /usr/sbin/policy-rc.d; own_policy=1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; rc=$$?; \
	  [ -z "$$own_policy" ] || $$SUDO rm -f /usr/sbin/policy-rc.d; exit $$rc; \
	fi

postgres-up:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -1) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='smartcourt'" | grep -q 1 || \
	  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE smartcourt"

redis-up:
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  echo "starting Redis"; mkdir -p /var/lib/redis /var/log/redis; \
	  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
	    --dir /var/lib/redis --logfile /var/log/redis/ci.log; sleep 1; }

migrate: deps
	mkdir -p var
	@t0=$$(date +%s%N); set -ex; DJANGO_SETTINGS_MODULE=smartcourt.settings.dev $(PY) manage.py migrate --noinput -v 0; \
	{ set +x; } 2>/dev/null; $(call PHASE_DONE,migrate)

seed: migrate
	@t0=$$(date +%s%N); set -ex; \
	DJANGO_SETTINGS_MODULE=smartcourt.settings.dev $(PY) manage.py seed_demo --scale small --seed 2025; \
	{ set +x; } 2>/dev/null; $(call PHASE_DONE,seed)

# A WSGI-only server's workers (no hearing room): 3 processes × 4 threads, the project imported once before the fork,
# idle connections kept 5 s (longer than a pause between clicks) — ADR 0025; `make demo` runs DEMO_ASGI_MODEL below.
GUNICORN_MODEL := --workers 3 --worker-class gthread --threads 4 --preload --keep-alive 5

# The demo serves HTTP and the online hearing room's websockets on one port (ADR 0031): gunicorn with one uvicorn
# worker running smartcourt.asgi — HTTP through the WSGI handler on a pool of WEB_THREADS threads, websockets through
# Channels with the in-memory channel layer, which needs the room's browsers in one process. With Redis as the
# channel layer (CHANNEL_LAYER_URL=redis://127.0.0.1:6379/2) the demo runs 3 workers like GUNICORN_MODEL.
DEMO_WORKERS := $(if $(CHANNEL_LAYER_URL),3,1)
DEMO_ASGI_MODEL := --workers $(DEMO_WORKERS) --worker-class uvicorn_worker.UvicornWorker --preload --keep-alive 5

# No collectstatic: dev settings serve static files from the app folders (WHITENOISE_USE_FINDERS). The site is
# served once the organisation, the logins and the sample cases exist (`seed_demo --stage first`); every context's
# history (dossiers, hearings, mediation, enforcement …) is written meanwhile in the background (`--stage rest`,
# var/demo-seed.log; the pages say so while it runs), started once the first page is served and the logins are
# printed; when it ends the logins are printed again, now with the hearing room and the kiosk. The worker reads the
# demo's scanned pages (OCR) while the site already serves (ADR 0029).
DEMO_SEED := DJANGO_SETTINGS_MODULE=smartcourt.settings.dev $(PY) manage.py seed_demo --scale small --seed 2025
DEMO_LOGINS := DJANGO_SETTINGS_MODULE=smartcourt.settings.dev $(PY) manage.py demo_logins --url http://127.0.0.1:$(DEMO_PORT)
demo: deps assets system-deps migrate
	@t0=$$(date +%s%N); set -ex; $(DEMO_SEED) --stage first; \
	{ set +x; } 2>/dev/null; $(call PHASE_DONE,seed first stage (organisation + logins + sample cases))
	@trap 'kill 0' INT TERM EXIT; t0=$$(date +%s%N); \
	  ( for i in $$(seq 1 1200); do curl -fsS -o /dev/null http://127.0.0.1:$(DEMO_PORT)/ 2>/dev/null && break; \
	      sleep 0.25; done; $(call PHASE_DONE,first page served); $(DEMO_LOGINS); \
	    echo "后台任务 worker 与网站已启动；其余演示数据在后台生成（进度见 var/demo-seed.log，页面顶部也会提示）。按 Ctrl+C 停止。"; \
	    if $(DEMO_SEED) --stage rest --progress-file var/demo-seed-progress.txt >var/demo-seed.log 2>&1; then \
	      $(call PHASE_DONE,seed second stage in the background (history of every context)); $(DEMO_LOGINS); \
	    else echo "后台生成演示数据失败，见 var/demo-seed.log"; fi ) & \
	  DJANGO_SETTINGS_MODULE=smartcourt.settings.dev $(PY) manage.py run_worker --queue-name '*' >var/worker.log 2>&1 & \
	  DJANGO_SETTINGS_MODULE=smartcourt.settings.dev WEB_THREADS=12 $(VENV)/bin/gunicorn smartcourt.asgi:application \
	    --bind 127.0.0.1:$(DEMO_PORT) $(DEMO_ASGI_MODEL) --access-logfile - --env DJANGO_SETTINGS_MODULE=smartcourt.settings.dev

# The gates before the tests (style.md §8); .pre-commit-config.yaml runs the same commands on commit.
LINT_PATHS := smartcourt bench tests scripts conftest.py
lint: dev-deps
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/lint-imports
	$(PY) scripts/mypy_baseline.py
	DJANGO_SETTINGS_MODULE=smartcourt.settings.test $(PY) manage.py makemigrations --check --dry-run -v 0

# Pytest's exit code 5 (no test collected) is a failure like any other non-zero code.
test-sqlite: dev-deps assets system-deps deploy-deps
	mkdir -p var
	DATABASE_URL=sqlite:///var/test.sqlite3 $(VENV)/bin/pytest -n $(PYTEST_WORKERS) -q

test-postgres: dev-deps assets system-deps deploy-deps postgres-up redis-up
	mkdir -p var
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -n $(PYTEST_WORKERS) -q

test: lint
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres

BENCH_URL ?= postgres://postgres@127.0.0.1:5432/smartcourt_bench
bench: dev-deps postgres-up redis-up
	@$(MAKE) --no-print-directory system-deps EXTRA_DEBIAN_PACKAGES="$(BENCH_DEBIAN_PACKAGES)"
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='smartcourt_bench'" | grep -q 1 || \
	  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE smartcourt_bench"
	DATABASE_URL=$(BENCH_URL) DJANGO_SETTINGS_MODULE=smartcourt.settings.dev $(PY) -m bench $(BENCH)

clean:
	rm -rf var/test.sqlite3* var/mypy_cache $(VENDOR)
