"""Starting a duplicate run, and what the background job writes on its run as it goes.

A reviewer starts a run (`start_run`); the job (`sutura.dedup.tasks.find_duplicates`) does the
work in a worker and reports through the functions below. One run at a time per organisation:
a second start while one is queued or running is refused with a message (the organisation's
row is locked, so two reviewers clicking at once get one run). A run whose worker died
(nothing written for `SUTURA_TASK_STALE_MINUTES`) no longer blocks: the next start marks it
interrupted.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.core.locking import locked
from sutura.core.tasks import enqueue_on_commit, is_stale
from sutura.core.texts import Text, moment
from sutura.dedup import selectors_runs
from sutura.dedup.models import DedupRun, RunStatus

# The transitions of a run, in one place (nothing else assigns `status`).
TRANSITIONS: dict[str, set[str]] = {
    RunStatus.QUEUED: {RunStatus.RUNNING, RunStatus.FAILED},
    RunStatus.RUNNING: {RunStatus.DONE, RunStatus.FAILED},
    RunStatus.DONE: set(),
    RunStatus.FAILED: set(),
}


class RunAlreadyActive(ValidationError):
    """A run of the organisation is queued or running: it is the one to follow."""

    def __init__(self, run: DedupRun) -> None:
        super().__init__(
            _(
                "A duplicate search is already under way for your organisation (started "
                "%(when)s): follow it, or wait until it ends to start another."
            )
            % {"when": timezone.localtime(run.created_at).strftime("%d/%m/%Y %H:%M")},
            code="run_active",
        )
        self.run = run


def start_run(*, actor: Any, since: datetime.date | None = None) -> DedupRun:
    """Look for duplicate files among the people of the reviewer's organisation (all of them,
    or those registered since `since` compared with everyone): queued now, run in the
    background; the run's page follows it."""
    require(actor, Perm.REVIEW_DUPLICATES)
    if since is not None and since > timezone.localdate():
        raise ValidationError(
            {"since": _("The date cannot be in the future.")}, code="since_future"
        )
    with transaction.atomic():
        locked(actor.organisation)  # one start at a time per organisation
        active = selectors_runs.active_run(actor)
        if active is not None and is_stale(active.updated_at):
            # its worker died (or none ever took it): it no longer holds the organisation back
            code = "interrupted" if active.status == RunStatus.RUNNING else "not_started"
            _finish(active, RunStatus.FAILED, error=code, actor=active.started_by)
            active = None
        if active is not None:
            raise RunAlreadyActive(active)
        parameters = {"since": since.isoformat()} if since else {}
        run = DedupRun.objects.create(
            organisation_id=actor.organisation_id, started_by=actor, parameters=parameters
        )
        record(
            Action.CREATE,
            actor=actor,
            obj=run,
            detail=Text(
                gettext_noop("Duplicate search queued (registered since %(since)s)"),
                since=moment(since),
            )
            if since
            else Text(gettext_noop("duplicate search queued")),
        )
        from sutura.dedup.tasks import find_duplicates  # the job imports these services

        enqueue_on_commit(find_duplicates, str(run.pk))
    return run


def _move(run: DedupRun, status: str) -> None:
    if status not in TRANSITIONS[run.status]:
        raise ValueError(f"a run cannot go from {run.status} to {status}")
    run.status = status


def begin(run: DedupRun) -> None:
    """The worker took the run."""
    _move(run, RunStatus.RUNNING)
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at", "updated_at"])


def save_progress(run: DedupRun, done: int, total: int, stage: str) -> None:
    """The progress bar's row (not audited: it says how far, not what was found)."""
    run.done, run.total, run.stage = done, total, stage
    run.save(update_fields=["done", "total", "stage", "updated_at"])


def finish(run: DedupRun, *, people: int, pairs_scored: int, proposals: int) -> None:
    """The run ended: its counts, and the audit entry of its end."""
    run.people, run.pairs_scored = people, pairs_scored
    # (setattr: the access guard takes `run.proposals` for the related manager of that name)
    setattr(run, "proposals", proposals)  # noqa: B010
    _finish(
        run,
        RunStatus.DONE,
        actor=run.started_by,
        fields=["people", "pairs_scored", "proposals"],
        detail=Text(
            gettext_noop("Duplicate search finished: %(people)s people, %(pairs)s pairs proposed"),
            people=people,
            pairs=proposals,
        ),
    )


def fail(run: DedupRun, code: str) -> None:
    """The run stopped: a code (never a person's data), and the audit entry."""
    _finish(run, RunStatus.FAILED, error=code[:200], actor=run.started_by)


def _finish(
    run: DedupRun,
    status: str,
    *,
    actor: Any,
    error: str = "",
    fields: list[str] | None = None,
    detail: str | Text = "",
) -> None:
    _move(run, status)
    run.error = error
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at", "updated_at", *(fields or [])])
    record(
        Action.UPDATE,
        actor=actor,
        obj=run,
        detail=detail or Text(gettext_noop("Duplicate search failed: %(error)s"), error=error),
    )
