"""Reads for duplicate runs (sutura.dedup.tasks, services.runs, views.runs): every one through
the access layer, as the reviewer who asks or the reviewer who started the run; the worker's
one exception, `run_for_worker`, says why."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from sutura.access import get_visible_or_404, visible
from sutura.dedup.models import DedupRun, PairDecision, Proposal, ProposalStatus, RunStatus
from sutura.people import matching
from sutura.people.models import IdentityDocument, Person

ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)


def runs_for(user: Any) -> QuerySet[DedupRun]:
    """The duplicate runs of the user's organisation, newest first (reviewers only)."""
    return visible(user, DedupRun).select_related("started_by").order_by("-created_at")


def run_for(user: Any, pk: Any) -> DedupRun:
    """One run of the user's organisation, or 404."""
    return get_visible_or_404(user, DedupRun.objects.select_related("started_by"), pk=pk)


def active_run(user: Any) -> DedupRun | None:
    """The run of the organisation that is queued or running, if any."""
    return runs_for(user).filter(status__in=ACTIVE).first()


def last_finished_run(user: Any) -> DedupRun | None:
    return runs_for(user).filter(status=RunStatus.DONE).first()


def run_for_worker(run_id: Any) -> DedupRun | None:
    """The run a worker was given (by id, in the job's arguments), with its starter. The
    service that queued the job checked that the starter reviews this organisation; the job
    then reads people only as the starter (`people_for_run`), and checks again that the
    starter still may."""
    return DedupRun.objects.select_related("started_by", "organisation").filter(pk=run_id).first()


def people_for_run(starter: Any, *, batch_size: int = 5000) -> Iterator[dict[str, Any]]:
    """The people the starter may see (merged files left out by the access layer), as the
    dicts `matching.person_rows` reads, each with its identity documents as (type, number)."""
    documents: dict[Any, list[tuple[str, str]]] = {}
    for person_id, kind, number in visible(starter, IdentityDocument).values_list(
        "person_id", "type", "number"
    ):
        documents.setdefault(person_id, []).append((kind, number))
    people = visible(starter, Person).order_by().values(*matching.PERSON_FIELDS)
    for row in people.iterator(chunk_size=batch_size):
        row["pk"] = row["id"]
        row["documents"] = documents.get(row["id"], [])
        yield row


def count_people_for_run(starter: Any) -> int:
    return visible(starter, Person).count()


def registered_since(starter: Any, since: datetime.date) -> set[str]:
    """Ids of the people the starter may see registered on or after `since` (a run after an
    import compares them with the whole registry)."""
    return {
        str(pk)
        for pk in visible(starter, Person)
        .filter(created_at__date__gte=since)
        .values_list("pk", flat=True)
    }


def decided_pairs(starter: Any) -> set[tuple[str, str]]:
    """The pairs a reviewer said are not the same person (decisions in force): not proposed
    again."""
    return {
        (str(first), str(second))
        for first, second in visible(starter, PairDecision)
        .filter(withdrawn_at__isnull=True)
        .values_list("first_id", "second_id")
    }


def open_proposals(starter: Any) -> dict[tuple[str, str], Proposal]:
    """The open proposals among the people the starter may see, by pair."""
    found = visible(starter, Proposal).filter(status=ProposalStatus.OPEN)
    return {(str(p.first_id), str(p.second_id)): p for p in found.iterator(chunk_size=2000)}


def proposals_of_run(user: Any, run: DedupRun) -> QuerySet[Proposal]:
    return visible(user, Proposal).filter(run=run)
