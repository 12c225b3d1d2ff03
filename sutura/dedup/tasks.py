"""The background job of a duplicate run: read the registry, score pairs, group them, propose.

Queued by `services.runs.start_run` (on commit), run by a `db_worker` on the `long` queue.
Everything is read as the reviewer who started the run (`visible(starter, …)`): a run never
compares files its starter could not open, and stops (`starter_not_allowed`) if the starter lost
the right meanwhile. The duplicate model is `sutura.people.matching` (Splink on DuckDB):
`person_rows` → `predict_pairs` → `cluster`.

What the run writes:
- pairs a reviewer said are not the same person (`PairDecision`) are not proposed again while
  the decision is in force;
- a pair that already has an open proposal keeps it: its probability, reasons and group are
  the new run's (the proposal moves to the new run, so the run's groups are whole);
- open proposals of earlier runs that this run no longer proposes are superseded (a run over
  the people registered since a date supersedes only the pairs it compared: those with a
  person registered since);
- progress (`done`/`total`/`stage`) as it goes; on error a failure code, never a message.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from sutura.access import visible
from sutura.access.dedup import reviews
from sutura.core.tasks import LONG, JobFailed, Progress, failure_recorded
from sutura.dedup import selectors_runs
from sutura.dedup.models import DedupRun, Proposal, ProposalStatus, RunStatus
from sutura.dedup.services import runs
from sutura.people import matching

logger = logging.getLogger(__name__)

# The stages of a run (codes, translated on the page) and their share of the progress bar.
STAGES = (("reading", 10.0), ("scoring", 70.0), ("grouping", 5.0), ("saving", 15.0))
BATCH = 1000
UPDATE_BATCH = 100

Pair = tuple[str, str]


@task(queue_name=LONG)
def find_duplicates(run_id: str) -> dict[str, Any]:
    """The job the queue runs (its arguments are JSON: the run's id)."""
    return run_job(run_id)


def run_job(run_id: Any, *, matcher: Any = None) -> dict[str, Any]:
    """Do the run `run_id` (queued), here and now. `matcher` is the duplicate model (the
    module `sutura.people.matching` unless given: tests pass their own)."""
    run = selectors_runs.run_for_worker(run_id)
    if run is None or run.status != RunStatus.QUEUED:
        # Interrupted meanwhile (marked failed by a later start), or already taken.
        return {"run": str(run_id), "skipped": True}
    runs.begin(run)
    progress = Progress(
        lambda done, total, stage: runs.save_progress(run, done, total, stage), STAGES
    )
    with failure_recorded("Duplicate run", run.pk, partial(runs.fail, run), logger):
        counts = detect(run, matcher or _matching(), progress)
    progress.finish()
    runs.finish(run, **counts)
    return {"run": str(run.pk), **counts}


def _matching() -> Any:
    """The duplicate model (a function, so that a test may put another in its place)."""
    return matching


def detect(run: DedupRun, matcher: Any, progress: Progress) -> dict[str, int]:
    """The run's work; returns its counts (people, pairs_scored, proposals)."""
    starter = run.started_by
    if not starter.is_active or not reviews(starter, run.organisation_id):
        raise JobFailed("starter_not_allowed")
    since = run.parameters.get("since")

    progress.begin("reading")
    total = selectors_runs.count_people_for_run(starter)
    people = []
    for number, person in enumerate(selectors_runs.people_for_run(starter), 1):
        people.append(person)
        if number % BATCH == 0:
            progress(number, total)
    rows = matcher.person_rows(people, filled_from=matcher.load_params())
    del people
    new = (
        selectors_runs.registered_since(starter, datetime.date.fromisoformat(since))
        if since
        else None
    )

    progress.begin("scoring")
    pairs = [] if new is not None and not new else matcher.predict_pairs(rows, progress=progress)
    scored = len(pairs)

    progress.begin("grouping")
    decided = selectors_runs.decided_pairs(starter)
    kept = [
        (key, pair)
        for key, pair in ((_ordered(pair.id_l, pair.id_r), pair) for pair in pairs)
        if key not in decided and (new is None or key[0] in new or key[1] in new)
    ]
    groups = _numbered(matcher.cluster([pair for _key, pair in kept]), kept)

    progress.begin("saving")
    proposed = _store(run, starter, kept, groups, new, progress)
    return {"people": len(rows), "pairs_scored": scored, "proposals": proposed}


def _ordered(a: Any, b: Any) -> Pair:
    """A pair as proposals store it: first < second, by id as PostgreSQL orders uuids."""
    first, second = sorted((uuid.UUID(str(a)), uuid.UUID(str(b))))
    return str(first), str(second)


def _numbered(components: dict[str, str], kept: list[tuple[Pair, Any]]) -> dict[str, int]:
    """{person id: group number}: 1 for the group of the most probable pair, and so on."""
    numbers: dict[str, int] = {}
    by_root: dict[str, int] = {}
    for (first, _second), _pair in kept:
        root = components.get(first) or components.get(str(uuid.UUID(first)))
        if root is None:
            continue
        by_root.setdefault(root, len(by_root) + 1)
    for person, root in components.items():
        if root in by_root:
            numbers[str(uuid.UUID(str(person)))] = by_root[root]
    return numbers


def _store(
    run: DedupRun,
    starter: Any,
    kept: list[tuple[Pair, Any]],
    groups: dict[str, int],
    new: set[str] | None,
    progress: Progress,
) -> int:
    """Write the run's proposals in one transaction; returns how many pairs it proposes."""
    now = timezone.now()
    with transaction.atomic():
        # Read again inside the transaction: a reviewer may have decided a pair meanwhile.
        decided = selectors_runs.decided_pairs(starter)
        existing = selectors_runs.open_proposals(starter)
        to_create: list[Proposal] = []
        kept_open: list[Any] = []  # ids of open proposals this run makes again
        changed: list[Proposal] = []  # …whose probability, reasons or group changed
        proposed: set[Pair] = set()
        for key, pair in kept:
            if key in decided or key in proposed:
                continue
            proposed.add(key)
            values = {
                "probability": float(pair.probability),
                "reasons": list(pair.reasons),
                "group": groups.get(key[0], 0),
            }
            proposal = existing.get(key)
            if proposal is None:
                to_create.append(
                    Proposal(
                        organisation_id=run.organisation_id,
                        run=run,
                        first_id=key[0],
                        second_id=key[1],
                        **values,
                    )
                )
                continue
            kept_open.append(proposal.pk)
            if any(getattr(proposal, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(proposal, name, value)
                changed.append(proposal)
        steps = len(to_create) + len(kept_open) + len(changed) or 1
        # Bulk writes: a run's proposals are recorded in the audit log by the run's own entries
        # (start, end with its counts), not one entry per pair; a reviewer's decision on a
        # proposal is audited by the review's services.
        for done, chunk in _chunks(to_create):
            Proposal.objects.bulk_create(chunk, ignore_conflicts=True)
            progress(done, steps)
        scoped = visible(starter, Proposal)
        # A proposal made again moves to this run (so the run's groups are whole); only those
        # whose values changed are rewritten one by one (bulk_update is costly per row).
        for done, chunk in _chunks(kept_open):
            scoped.filter(pk__in=chunk).update(run=run, updated_at=now)
            progress(len(to_create) + done, steps)
        for done, chunk in _chunks(changed):
            scoped.bulk_update(chunk, ["probability", "reasons", "group"], batch_size=UPDATE_BATCH)
            progress(len(to_create) + len(kept_open) + done, steps)
        replaced = [
            proposal.pk
            for key, proposal in existing.items()
            if key not in proposed and (new is None or key[0] in new or key[1] in new)
        ]
        for _done, chunk in _chunks(replaced):
            scoped.filter(pk__in=chunk, status=ProposalStatus.OPEN).update(
                status=ProposalStatus.SUPERSEDED, updated_at=now
            )
    return len(proposed)


def _chunks(items: list[Any]) -> Iterable[tuple[int, list[Any]]]:
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        yield start + len(chunk), chunk
