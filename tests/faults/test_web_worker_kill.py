"""A web worker killed (SIGKILL) mid-request (issue 15, "Bad input and faults"), against a real gunicorn:

- killed in the middle of a multi-row write — a dossier upload, stopped after its document, pages, stored-blob rows,
  ledger queue rows and case event were written — it leaves no half record: none of those rows exists, the bytes
  already in the file store are an orphan the intake sweeper deletes, the master starts a new worker, the site
  answers again (recovery time printed) and the same upload then goes through whole;
- killed while an upload is being received, it leaves Django's temp file behind: the hourly sweep deletes it.
Runs on the suite's database (SQLite or PostgreSQL)."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from smartcourt.cases.models import CaseEvent
from smartcourt.core.intake.models import StoredBlob
from smartcourt.core.intake.services import blobs_sweep
from smartcourt.courts.roles import Role
from smartcourt.dossier.models import DossierDocument, DossierPage
from smartcourt.dossier.tests import samples
from smartcourt.ledger.models import LedgerRecord
from smartcourt.ops.tempfiles import upload_temp_sweep
from tests.conftest import _isolated

from .servers import Gunicorn, database_url, multipart, server_env, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _rows(case_id: int) -> dict[str, int]:
    return {
        "documents": DossierDocument.objects.filter(case_id=case_id).count(),
        "pages": DossierPage.objects.filter(document__case_id=case_id).count(),
        "events": CaseEvent.objects.filter(case_id=case_id).count(),
        "stored_blobs": StoredBlob.objects.count(),
        "ledger_records": LedgerRecord.objects.count(),
    }


def test_a_worker_killed_mid_write_leaves_no_half_record(tmp_path, capsys) -> None:
    from tests.world import build_world

    with _isolated(tmp_path):
        world = build_world(with_files=False)
    case_id = world.case.pk
    marker = tmp_path / "stalled.pid"
    env = server_env(DATABASE_URL=database_url(), MEDIA_ROOT=str(tmp_path / "media"),
                     LEDGER_KEY_FILE=str(tmp_path / "ledger-signing.key"), FAULT_STALL_MARKER=str(marker))  # fmt: skip
    server = Gunicorn("tests.faults.stall_wsgi:application", env=env, log=tmp_path / "gunicorn.log")
    try:
        before = _rows(case_id)
        content = samples.text_pdf("补充证据", ["借条复印件一份。", "转账记录三页。"])
        body, content_type = multipart({"source": "upload"}, {"files": ("evidence.pdf", content, "application/pdf")})
        headers = {"Authorization": f"Bearer {world.token(Role.CLERK)}", "Content-Type": content_type}
        answers: list[object] = []

        def upload() -> None:
            try:
                answers.append(server.request("POST", f"/api/v1/dossier/cases/{case_id}/documents", body=body,
                                              headers=headers, timeout=300))  # fmt: skip
            except (OSError, http_errors()) as exc:
                answers.append(exc)

        thread = threading.Thread(target=upload)
        thread.start()
        assert wait_for(marker.exists), f"the upload never reached its write: {server.log.read_text()[-3000:]}"
        worker = int(marker.read_text())
        assert worker in server.workers()
        os.kill(worker, signal.SIGKILL)
        killed_at = time.monotonic()
        thread.join(timeout=120)
        assert answers and not (isinstance(answers[0], tuple) and answers[0][0] < 300), answers  # no success

        assert _rows(case_id) == before  # no document, page, blob row, ledger row or case event of the killed write
        with override_settings(MEDIA_ROOT=str(tmp_path / "media")):
            orphans = blobs_sweep(now=timezone.now() + timedelta(days=2), grace=timedelta(hours=1))
        assert orphans.deleted, "the killed write's stored bytes are an orphan for the sweeper"

        assert wait_for(lambda: server.status("/healthz") == 200)
        recovery = time.monotonic() - killed_at
        status, reply = server.request("POST", f"/api/v1/dossier/cases/{case_id}/documents", body=body,
                                       headers=headers, timeout=300)  # fmt: skip
        assert status == 201, reply[:500]
        after = _rows(case_id)
        assert after["documents"] == before["documents"] + 1 and after["pages"] > before["pages"]
        assert after["events"] > before["events"]
        with capsys.disabled():
            print(f"\n[faults] web worker killed mid-write: no half record; site answering again after "
                  f"{recovery:.1f} s, the same upload then stored whole")  # fmt: skip
    finally:
        server.stop()


def http_errors() -> type[Exception]:
    import http.client

    return http.client.HTTPException


def test_a_worker_killed_during_an_upload_leaves_a_temp_file_that_is_swept(tmp_path, capsys) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    env = server_env(DATABASE_URL=database_url(), MEDIA_ROOT=str(tmp_path / "media"), FILE_UPLOAD_TEMP_DIR=str(uploads))
    server = Gunicorn("smartcourt.wsgi:application", env=env, log=tmp_path / "gunicorn.log")
    try:
        # 6 MB: above Django's 2.5 MB in memory, so it is spooled to a temp file; below the 10 MB body limit.
        body, content_type = multipart({}, {"scan": ("scan.pdf", b"%PDF-1.4\n" + os.urandom(6 * 1024 * 1024),
                                                     "application/pdf")})  # fmt: skip
        head = (f"POST /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\nCookie: csrftoken={'a' * 32}\r\n\r\n").encode()  # fmt: skip
        client = socket.create_connection(("127.0.0.1", server.port), timeout=60)
        try:
            client.sendall(head + body[: 4 * 1024 * 1024])  # the rest never comes: the worker waits, mid-upload
            assert wait_for(lambda: any(uploads.iterdir())), f"no temp file: {server.log.read_text()[-3000:]}"
            (worker,) = server.workers()
            os.kill(worker, signal.SIGKILL)
            assert wait_for(lambda: worker not in server.workers())
        finally:
            client.close()
        left = [p.name for p in uploads.iterdir()]
        assert left, "the killed worker's temp file stays (nothing of it ran)"
        with override_settings(FILE_UPLOAD_TEMP_DIR=str(uploads)):
            assert upload_temp_sweep().deleted == []  # young: it could be a request still running
            report = upload_temp_sweep(now=timezone.now() + timedelta(hours=7))
        assert sorted(report.deleted) == sorted(left) and not any(uploads.iterdir())
        assert wait_for(lambda: server.status("/healthz") == 200)
        with capsys.disabled():
            print(f"\n[faults] worker killed mid-upload left {len(left)} temp file(s); the sweep removed them")
    finally:
        server.stop()
