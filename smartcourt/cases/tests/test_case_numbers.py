"""Case numbers: format, parser, and allocation that stays unique and gap-free under concurrent filing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from smartcourt.cases.models import CaseNumberSequence
from smartcourt.cases.rules.case_numbers import InvalidCaseNumber, format_case_number, parse_case_number
from smartcourt.cases.services import case_number_allocate
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.tests.factories import CourtFactory


def test_format_uses_full_width_parentheses():
    assert format_case_number(year=2025, court_code="苏0508", type_code="民初", seq=123) == "（2025）苏0508民初123号"


@pytest.mark.parametrize(
    "text",
    [
        "（2025）苏0508民初123号",
        "(2025)苏0508民初123号",
        "（2024）浙0102执456号",
        "（2023）最高法民终7号",
        "（2025）苏05破申2号",
        "（2025）苏诉前调18号",
    ],
)
def test_parser_accepts_real_numbers(text):
    parsed = parse_case_number(text)
    assert str(parsed) == text.replace("(", "（").replace(")", "）")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "不能为空"),
        ("2025苏0508民初123号", "全角括号"),
        ("（2025）苏0508民初123", "号"),
        ("（2025）苏0508民X123号", "不是有效的案号"),
        ("（2025）苏0508民初0号", "不是有效的案号"),
        ("（1800）苏0508民初1号", "年度"),
    ],
)
def test_parser_refuses_with_a_reason(text, fragment):
    with pytest.raises(InvalidCaseNumber) as info:
        parse_case_number(text)
    assert fragment in str(info.value)


@pytest.mark.django_db
def test_sequence_restarts_per_year_court_and_type():
    a, b = CourtFactory(code="苏0508"), CourtFactory(code="苏0591")
    with transaction.atomic():
        assert case_number_allocate(court=a, type_code="民初", year=2025)[1] == "（2025）苏0508民初1号"
        assert case_number_allocate(court=a, type_code="民初", year=2025)[1] == "（2025）苏0508民初2号"
        assert case_number_allocate(court=a, type_code="执", year=2025)[1] == "（2025）苏0508执1号"
        assert case_number_allocate(court=b, type_code="民初", year=2025)[1] == "（2025）苏0591民初1号"
        assert case_number_allocate(court=a, type_code="民初", year=2026)[1] == "（2026）苏0508民初1号"


@pytest.mark.django_db
def test_a_failed_registration_does_not_consume_a_number():
    from smartcourt.cases.services import CaseInputError, PartyIn, case_register

    court = CourtFactory(code="苏0508")
    make_case(court=court)
    with pytest.raises(CaseInputError):
        case_register(
            court=court,
            type_code="民初",
            actor=SYSTEM,
            parties=[PartyIn(role="plaintiff", kind="natural", name="张三")],
        )  # no defendant
    assert make_case(court=court).number.endswith("民初2号")
    assert CaseNumberSequence.objects.get(court=court).last == 2


WORKER = r"""
import json, os, sys
import django
django.setup()
from django.db import transaction
from smartcourt.cases.services import case_number_allocate
from smartcourt.courts.models import Court
court = Court.objects.get(pk=int(sys.argv[1]))
out = []
for _ in range(int(sys.argv[2])):
    with transaction.atomic():
        out.append(case_number_allocate(court=court, type_code="民初", year=2025)[0])
print(json.dumps(out))
"""


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_eight_processes_allocate_2000_numbers_without_duplicate_or_gap():
    court = CourtFactory(code="苏0508")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartcourt.settings.test",
        "DATABASE_URL": _database_url(),
        "TEST_DB_NAME": "",
    }
    root = Path(settings.BASE_DIR)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(court.pk), "250"],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    numbers: list[int] = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        numbers += json.loads(out.strip().splitlines()[-1])
    assert len(numbers) == 2000
    assert sorted(numbers) == list(range(1, 2001))  # no duplicate, no gap
    assert CaseNumberSequence.objects.get(court=court, type_code="民初", year=2025).last == 2000
