"""Real worker processes and throwaway servers for the background-task fault tests.

The fault tests never touch the machine's shared PostgreSQL or Redis: a database outage is made on a PostgreSQL
cluster of our own (initdb/pg_ctl in a temporary directory, loopback port), a Redis outage on a redis-server of our
own. Ports come from 8110–8119 (the first free one); a test skips with the reason when the binaries are missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
PORTS = range(8110, 8120)


def database_url() -> str:
    """The URL of the test database this pytest process uses (worker processes share it)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def manage_env(backend: str, database: str, extra: dict | None = None) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartcourt.settings.test",
        "DATABASE_URL": database,
        "TASK_BACKEND": backend,
        "TEST_DB_NAME": "",
        **(extra or {}),
    }


def worker(backend: str, *args: str, log: Path, database: str | None = None, extra_env: dict | None = None):
    """`manage.py run_worker` in its own process group; its output goes to `log` (a pipe could fill and block it)."""
    out = log.open("ab")
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--schedule-seconds",
            "0",
            *args,
        ],
        cwd=ROOT,
        env=manage_env(backend, database or database_url(), extra_env),
        start_new_session=True,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def manage(*args: str, env: dict[str, str], timeout: float = 600) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the worker's whole process group."""
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def wait_for(predicate: Callable[[], bool], timeout: float = 180, step: float = 0.1) -> bool:
    """Poll; generous by default: a loaded shared machine starts Django processes slowly."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


def count(log: Path, word: str) -> int:
    return log.read_text(errors="replace").count(word) if log.exists() else 0


def tail(log: Path, chars: int = 4000) -> str:
    return log.read_text(errors="replace")[-chars:] if log.exists() else "(no output)"


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _scratch_dir(prefix: str, owner: str | None = None) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if owner:
        shutil.chown(path, user=owner, group=None)
    return path


# ------------------------------------------------------------------------------------------------ PostgreSQL
def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


class PostgresCluster:
    """A PostgreSQL cluster of our own: initdb'd in a temporary directory, trust auth, loopback only."""

    def __init__(self) -> None:
        initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        if not initdb or not pg_ctl:
            pytest.skip("initdb/pg_ctl not found (Debian: apt-get install postgresql): no throwaway cluster")
        self.as_user: list[str] = []
        owner = None
        if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
            import pwd

            try:
                pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no postgres user to own a throwaway cluster")
            runuser = shutil.which("runuser")
            if not runuser:
                pytest.skip("running as root without runuser: cannot start a throwaway cluster")
            self.as_user, owner = [runuser, "-u", "postgres", "--"], "postgres"
        self.pg_ctl = pg_ctl
        self.dir = _scratch_dir("sc-workers-pg-", owner)
        self.data = self.dir / "data"
        self.port = next((p for p in PORTS if port_free(p)), None)
        if self.port is None:
            pytest.skip("no free port in 8110-8119 for a throwaway PostgreSQL")
        self._run([initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])

    def _run(self, cmd: list[str], timeout: float = 300) -> None:
        done = subprocess.run([*self.as_user, *cmd], capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"{cmd[0]} failed: {done.stdout[-2000:]} {done.stderr[-2000:]}"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/sc_workers_outage"

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.dir / "server.log"
        self._run([self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(log), "-w", "-t", "300", "start"])

    def stop(self, mode: str = "fast") -> None:
        self._run([self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "-t", "300", "stop"])

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute("CREATE DATABASE sc_workers_outage")

    def close(self) -> None:
        with suppress(AssertionError, subprocess.TimeoutExpired):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.start()
        cluster.create_database()
        yield cluster
    finally:
        cluster.close()


# ------------------------------------------------------------------------------------------------ Redis
class RedisServer:
    """A redis-server of our own on a loopback port, no persistence."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        if not self.binary:
            pytest.skip("redis-server not found (Debian: apt-get install redis-server): no throwaway Redis")
        self.dir = _scratch_dir("sc-workers-redis-")
        self.port = next((p for p in reversed(PORTS) if port_free(p)), None)
        if self.port is None:
            pytest.skip("no free port in 8110-8119 for a throwaway Redis")
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.binary
        cmd = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(
            [*cmd, "--dir", str(self.dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        assert wait_for(lambda: port_open(self.port), timeout=60), "redis-server did not start"

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=30)
            self.proc = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    try:
        server.start()
        yield server
    finally:
        server.close()
