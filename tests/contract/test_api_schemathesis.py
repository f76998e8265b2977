"""The whole API against its own OpenAPI schema (schemathesis, in-process): for every operation, generated valid
and invalid requests, sent anonymously and with the token of every role, never answer 5xx, answer only statuses
the schema documents, answer bodies that match the documented schema, refuse what the schema forbids, and accept
what it allows — unless the operation says in its schema why it refuses some of that (`refuses(…)`: a statute
rule, a combination of fields, the record's state). A bounded, derandomised run so the suite stays fast; a failure
prints the request to reproduce it."""

from __future__ import annotations

import itertools
import logging
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from smartcourt.api import api
from smartcourt.core.api_errors import REFUSES_KEY
from smartcourt.courts.roles import Role

pytestmark = pytest.mark.django_db

IDENTITIES: list[Role | None] = [None, *Role]  # anonymous, then a token of every role
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


class InProcessWSGI:
    """Django's WSGI handler run the way the test client runs it: the end of a request must not close the database
    connection, which holds the test's transaction."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()  # sends request_finished, as a WSGI server does
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261213,
        "generation": {"mode": "all", "deterministic": True, "with-security-parameters": False, "allow-x00": False},
        "phases": {"coverage": {"unexpected-methods": []}},
    }
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = InProcessWSGI()


def _with_real_ids(case: schemathesis.Case, ids: dict[str, object]) -> bool:
    """Point a valid case's path at the world's records, so the answer is a record, not only 404."""
    if case.meta is None or not case.meta.generation.mode.is_positive or not case.path_parameters:
        return False
    real = {name: ids[name] for name in case.path_parameters if name in ids}
    if not real:
        return False
    case.path_parameters = {**case.path_parameters, **real}
    return True


@pytest.fixture
def quiet_request_log():  # type: ignore[no-untyped-def]
    """Thousands of refused requests are the point here; Django's per-request warning lines are not."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security.csrf")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def identities():  # type: ignore[no-untyped-def]
    """Who sends the next generated request (anonymous, then each role in turn) and who already read the world's
    own records through this operation."""
    return {"turn": itertools.cycle(IDENTITIES), "saw_records": set()}


def _call(case: schemathesis.Case, world, role: Role | None, note: str) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {world.token(role)}"} if role is not None else {}
    says_why = REFUSES_KEY in case.operation.definition.raw
    try:
        case.call_and_validate(headers=headers, checks=CHECKS if says_why else [*CHECKS, positive_data_acceptance])
    except Exception as exc:
        exc.add_note(f"as {role or 'anonymous'}{note}")
        raise


@schema.parametrize()
@settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
def test_every_operation_keeps_its_contract_for_every_role(
    case: schemathesis.Case, module_world, db, identities, quiet_request_log
) -> None:
    # Each generated request goes out as the next identity in turn; the first valid one naming records is then
    # replayed against the world's own records as every identity, so each role also meets real answers.
    _call(case, module_world, next(identities["turn"]), "")
    if identities["saw_records"] or not _with_real_ids(case, module_world.ids):
        return
    for role in IDENTITIES:
        identities["saw_records"].add(role)
        _call(case, module_world, role, " (with the records of the world)")
