"""Background work, shared by every app: how a job is queued, reports progress and fails.

**The queue.** Django's tasks API (`django_tasks` until Django 6 ships `django.tasks`) on the
database backend of `django-tasks-db` (settings: `TASKS`): a queued job is a row of the app's
own PostgreSQL, so the embedded default needs no new server, and `manage.py db_worker` runs the
jobs (`make demo` starts one beside the web server). In production any number of `db_worker`
processes, on any number of machines, share one database: each claims a row with
`SELECT … FOR UPDATE SKIP LOCKED`, so a job runs once. docs/architecture.md, "Background work".

**Writing a job** (`sutura/dedup/tasks.py` is the first):

- the job is a module-level function decorated with `@task(queue_name=…)`; it takes ids and
  plain values (JSON), never model instances, and loads its rows itself;
- the service that starts it checks permission, writes the job's own row (what the page shows:
  status, progress, the outcome) and the audit entry in one transaction, and queues the job
  with `enqueue_on_commit` — a job never starts for a write that rolled back, and never before
  its row is visible to the worker;
- a job reads people's data as the user who started it (`visible(starter, Model)`): it sees no
  more than its starter could open;
- progress goes through `Progress` (throttled writes of done/total/stage on the job's row); the
  page polls the row;
- on error the job stores a *code* (`failure_code`), never a message: an exception's text may
  hold a person's name. The worker logs the job as failed with a traceback free of values
  (`with failure_recorded(what, pk, record, logger):` around the work does all three);
- a job whose worker died (killed, out of memory, machine restarted) leaves its row marked
  running; `is_stale` says when to stop waiting for it (`SUTURA_TASK_STALE_MINUTES`).

Queues: `DEFAULT` for short jobs; `LONG` for jobs that may take minutes to hours (duplicate
detection over a registry, large exports), so a deployment can give them their own workers
and short jobs never wait behind them.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

DEFAULT = "default"
LONG = "long"


def enqueue_on_commit(job: Any, *args: Any, **kwargs: Any) -> None:
    """Queue `job` once the current transaction commits (at once outside a transaction).

    The worker runs in another process: queued before the commit, it could start before the
    row it works on exists for it, or for a write that is then rolled back."""
    transaction.on_commit(lambda: job.enqueue(*args, **kwargs))


def is_stale(last_moved: datetime | None, now: datetime | None = None) -> bool:
    """Has a job marked running not written anything for `SUTURA_TASK_STALE_MINUTES`?"""
    if last_moved is None:
        return False
    minutes = int(getattr(settings, "SUTURA_TASK_STALE_MINUTES", 30))
    return (now or timezone.now()) - last_moved > timedelta(minutes=minutes)


def failure_code(error: BaseException) -> str:
    """What a job stores when it fails: a code the page translates, never the error's text."""
    if isinstance(error, KeyboardInterrupt | SystemExit):
        return "interrupted"  # the worker was stopped (Ctrl-C, a deployment's restart)
    if isinstance(error, MemoryError):
        return "out_of_memory"
    if isinstance(error, DatabaseError):
        return "database_error"
    if isinstance(error, JobFailed):
        return error.code
    return "error"


class JobFailed(Exception):
    """A job stops for a reason it can name: `code` is stored, translated on the page."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@contextmanager
def failure_recorded(
    what: str, pk: Any, record: Callable[[str], Any], logger: logging.Logger
) -> Iterator[None]:
    """Around a job's work: on any error, `record(code)` stores the failure code on the job's
    row, the worker's log gets the frames only (file, line, code: an exception's message may
    hold a person's data), and the job fails as `JobFailed(code)`; a worker being stopped
    (Ctrl-C, SystemExit) is let stop."""
    try:
        yield
    except BaseException as error:
        code = failure_code(error)
        record(code)
        logger.error(
            "%s %s failed (%s, %s):\n%s",
            what,
            pk,
            code,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        raise JobFailed(code) from None


class Progress:
    """A job's progress through stages, written to its row for the page's progress bar.

    `stages` are (code, share) pairs: each stage fills its share of one bar that only moves
    forward (reading 10 %, scoring 75 %…), whatever the counts of each stage. `save(done,
    total, stage)` writes the row; it is called when the stage changes, at the end, and
    otherwise at most every `SUTURA_TASK_PROGRESS_SECONDS` (a million steps must not make a
    million writes). `done`/`total` are in thousandths of the whole job.
    """

    SCALE = 1000

    def __init__(
        self,
        save: Callable[[int, int, str], None],
        stages: Sequence[tuple[str, float]],
        *,
        min_interval: float | None = None,
    ) -> None:
        self._save = save
        whole = sum(share for _code, share in stages) or 1.0
        self._starts: dict[str, float] = {}
        self._shares: dict[str, float] = {}
        start = 0.0
        for code, share in stages:
            self._starts[code] = start / whole
            self._shares[code] = share / whole
            start += share
        self._interval = (
            float(getattr(settings, "SUTURA_TASK_PROGRESS_SECONDS", 1.0))
            if min_interval is None
            else min_interval
        )
        self.stage = ""
        self.done = 0
        self._written_at = 0.0

    def begin(self, stage: str) -> None:
        """A new stage starts (always written: the page says what is being done)."""
        self.stage = stage
        self._write(self._at(stage, 0.0), force=True)

    def __call__(self, done: float, total: float) -> None:
        """`done` of `total` steps of the current stage (the callback a long step is given)."""
        fraction = min(max(done / total, 0.0), 1.0) if total else 1.0
        self._write(self._at(self.stage, fraction))

    def finish(self) -> None:
        self.stage = "done"
        self._write(self.SCALE, force=True)

    def _at(self, stage: str, fraction: float) -> int:
        start, share = self._starts.get(stage, 0.0), self._shares.get(stage, 0.0)
        return int((start + share * fraction) * self.SCALE)

    def _write(self, done: int, *, force: bool = False) -> None:
        done = max(done, self.done)  # the bar never moves back
        now = time.monotonic()
        if not force and (done == self.done or now - self._written_at < self._interval):
            return
        self.done, self._written_at = done, now
        self._save(done, self.SCALE, self.stage)
