"""Run the database queue's jobs in a test, as `manage.py db_worker` would: every queue, until
none is left (`batch`), under the worker id "test-worker"."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker

WORKER_ID = "test-worker"


def run_queued_jobs() -> None:
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    ).run()
