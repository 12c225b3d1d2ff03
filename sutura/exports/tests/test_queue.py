"""The database queue end to end: an asked-for export is a row of the queue once its start
commits — holding the export's id only, never a key or a password — and a worker takes it and
writes the file. transaction=True: the worker must see commits."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from sutura.accounts.roles import Role
from sutura.core.tasks import LONG
from sutura.exports import services
from sutura.exports.models import ExportStatus
from sutura.exports.tests.test_exports import open_case
from tests.queue import run_queued_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_export_waits_in_the_queue_until_a_worker_writes_it(users_a: Any) -> None:
    manager = users_a[Role.CASE_MANAGER]
    open_case(manager)
    export, key = services.start_export(actor=manager, list_code="cases", format="xlsx")

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "sutura.exports.tasks.write_export"
    assert queued.queue_name == LONG
    assert queued.args_kwargs == {"args": [str(export.pk)], "kwargs": {}}
    assert key not in str(queued.args_kwargs)

    run_queued_jobs()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    export.refresh_from_db()
    assert export.status == ExportStatus.READY and export.rows == 1 and export.password_waiting
    assert export.done == export.total == 1000
