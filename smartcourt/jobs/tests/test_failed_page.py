"""The failed-task page: only system administrators; shows failures with their attempt; retry enqueues again."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, login_verified, user_with_role
from smartcourt.jobs.tests.tasks import flaky_task

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_only_administrators_see_the_page(client):
    court = CourtFactory()
    login_verified(client, user_with_role(Role.JUDGE, court))
    assert client.get("/jobs/failed/").status_code == 403
    client.logout()
    assert client.get("/jobs/failed/").status_code == 302  # anonymous: to the login page
    login_verified(client, user_with_role(Role.SYSTEM_ADMIN, court))
    assert client.get("/jobs/failed/").status_code == 200


@override_settings(TASKS=DB_TASKS)
def test_a_failed_task_is_listed_and_can_be_retried(client, tmp_path):
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory())
    login_verified(client, admin)
    log = tmp_path / "calls.log"
    first = flaky_task.enqueue(str(log), fail_times=10)
    row = DBTaskResult.objects.get(pk=first.id)
    with pytest.raises(RuntimeError):  # run it as the worker does; it fails and schedules attempt 2
        row.task.call(*row.task_result.args, **row.task_result.kwargs)
    row.set_failed(RuntimeError("故意失败 1"))
    page = client.get("/jobs/failed/").content.decode()
    assert "flaky_task" in page and "故意失败" in page
    before = DBTaskResult.objects.count()
    response = client.post(f"/jobs/failed/{row.pk}/retry/", follow=True)
    assert "已重新排队" in response.content.decode()
    assert DBTaskResult.objects.count() == before + 1
    assert AuditLog.objects.filter(action="task.retried", actor=admin).exists()
    missing = client.post("/jobs/failed/00000000-0000-0000-0000-000000000000/retry/", follow=True)
    assert "不存在" in missing.content.decode()


def test_the_page_lists_the_schedules(client):
    login_verified(client, user_with_role(Role.SYSTEM_ADMIN, CourtFactory()))
    page = client.get("/jobs/failed/").content.decode()
    assert 'data-testid="schedules"' in page
    assert "service.tick" in page and "每 15 分钟" in page and "每天 08:00" in page


@override_settings(TASKS=DB_TASKS)
def test_task_states_and_the_backend_are_shown_in_chinese(client, tmp_path):
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory())
    login_verified(client, admin)
    flaky_task.enqueue(str(tmp_path / "calls.log"), fail_times=0)  # one READY task
    page = client.get("/jobs/failed/").content.decode()
    start = page.index('data-testid="task-counts"')
    counts = page[start : page.index("</div>\n</div>", start)]
    assert "待执行" in counts and "已完成" in counts
    for raw in ("READY", "RUNNING", "SUCCESSFUL", "FAILED"):
        assert raw not in counts
    assert "后端：database" not in page
