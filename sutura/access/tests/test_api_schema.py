"""Schemathesis against /api/schema/, signed in as each role: no answer is a server error, and
every answer is one the schema describes (status code, content type, headers, body).

Each operation gets a few generated requests (`EXAMPLES`), each in a transaction rolled back
afterwards, through the Django WSGI application. A longer run: bench/README.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sutura.accounts.roles import Role
from sutura.accounts.tokens import create_token

EXAMPLES = 1  # per operation and role, to keep the suite short (longer runs: bench/README.md)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def one_connection() -> Iterator[None]:
    """Requests made through the WSGI application keep the test's connection (and so its
    transaction) open, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(django_db_blocker: Any) -> Any:
    """The schema, generated and read once for every role: it is the same for all (whoever
    asks, /api/schema/ describes every operation), and drf-spectacular takes a while."""
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_operation_answers_as_its_schema_says(
    role: Role, users_a: dict[Role, Any], one_connection: None, api_schema: Any
) -> None:
    schema = api_schema
    _token, secret = create_token(actor=users_a[role], name="schemathesis")
    headers = {"Authorization": f"Token {secret}"}
    failures: list[str] = []
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):  # a part of the schema Schemathesis cannot read
            failures.append(f"invalid schema: {result.err()}")
            continue
        failures.extend(run(result.ok(), headers))
    assert not failures, "\n".join(sorted(set(failures)))


def run(operation: Any, headers: dict[str, str]) -> list[str]:
    """A few generated requests to one operation: what did not answer as described."""
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy())
    def answers_as_described(case: Any) -> None:
        with transaction.atomic():
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=CHECKS)
            except (AssertionError, BaseExceptionGroup) as error:  # the failed checks
                found = getattr(error, "exceptions", [error])
                failures.extend(
                    f"{operation.label}: {' '.join(str(f).split())[:300]}" for f in found
                )
            transaction.set_rollback(True)

    answers_as_described()
    return failures
