"""`seeded_demo`: the demo (DEMO_PERSONS people), seeded once per test module and rolled back at
its end, for tests that check what the demo contains. Loaded as a plugin by the root conftest.

A test about seeding itself (idempotence, scaling up) runs `seed_demo` once more on top of it,
inside its own transaction. Browser tests cannot use it: their live server reads only what is
committed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

DEMO_PERSONS = 200


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            call_command("seed_demo", persons=DEMO_PERSONS, quiet_logins=True)
            yield
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
