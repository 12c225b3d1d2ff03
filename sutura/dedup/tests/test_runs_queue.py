"""The queue end to end through the database backend (django-tasks-db): a run started by the
service is a row of the queue once the start commits, and a worker takes it, runs it and marks
it done — in this process (the worker's own loop, `--batch`), and as the real command in a
subprocess that exits once the queue is empty. transaction=True: the worker must see commits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from sutura.core.tasks import LONG
from sutura.dedup import tasks
from sutura.dedup.models import DedupRun, Proposal, RunStatus
from sutura.dedup.services import runs
from sutura.dedup.tests.runs_support import StandInMatcher, person, reviewer
from sutura.people import matching
from tests.queue import WORKER_ID, run_queued_jobs

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]


def test_a_started_run_waits_in_the_queue_until_a_worker_runs_it(
    users_a: Any, org_a: Any, monkeypatch: Any
) -> None:
    person(org_a, "Diallo"), person(org_a, "Djallo")
    run = runs.start_run(actor=reviewer(users_a))

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "sutura.dedup.tasks.find_duplicates"
    assert queued.queue_name == LONG
    assert queued.args_kwargs == {"args": [str(run.pk)], "kwargs": {}}
    assert queued.status == "READY"

    matcher = StandInMatcher([{"Diallo", "Djallo"}])
    monkeypatch.setattr(tasks, "_matching", lambda: matcher)
    run_queued_jobs()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.worker_ids == [WORKER_ID]
    run.refresh_from_db()
    assert (run.status, run.proposals) == (RunStatus.DONE, 1)
    assert Proposal.objects.filter(run=run).count() == 1


def test_the_worker_command_runs_the_queue_and_exits(users_a: Any, org_a: Any) -> None:
    """`manage.py db_worker --batch` in a subprocess, on this test database, with the real
    duplicate model."""
    if not matching.MODEL_FILE.exists():
        pytest.skip("the duplicate model's parameters (people/data/match_model.json) are not here")
    person(org_a, "Diallo", phone="+221770000001")
    person(org_a, "Djallo", phone="+221770000001")
    run = runs.start_run(actor=reviewer(users_a))
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sutura.settings.test",
        "SUTURA_DB_NAME": connection.settings_dict["NAME"],
    }
    command = ["db_worker", "--queue-name", "*", "--batch", "--no-startup-delay", "--no-reload"]
    finished = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "manage.py", *command, "-v", "0"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
    run = DedupRun.objects.get(pk=run.pk)
    assert run.status == RunStatus.DONE, run.error
    assert run.people == 2
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
