"""Duplicate runs: who may start one, one at a time, and what the job writes (with a stand-in
for the duplicate model: `runs_support.StandInMatcher`)."""

from __future__ import annotations

import datetime
import io
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.core.tasks import JobFailed
from sutura.dedup import tasks
from sutura.dedup.models import DedupRun, PairDecision, Proposal, ProposalStatus, RunStatus
from sutura.dedup.services import runs
from sutura.dedup.tasks import run_job
from sutura.dedup.tests.runs_support import StandInMatcher, person, reviewer
from tests.audit_words import said

pytestmark = pytest.mark.django_db


def _ordered(a: Any, b: Any) -> tuple[Any, Any]:
    return (a, b) if uuid.UUID(str(a.pk)) < uuid.UUID(str(b.pk)) else (b, a)


# --- starting a run ---------------------------------------------------------------------------


def test_a_reviewer_queues_a_run_once_the_start_commits(
    users_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = runs.start_run(actor=reviewer(users_a))
    assert run.status == RunStatus.QUEUED
    assert run.organisation_id == users_a[Role.PROGRAMME_MANAGER].organisation_id
    assert len(callbacks) == 1  # the job is queued on commit, not before
    entry = AuditEntry.objects.get(object_id=str(run.pk))
    assert entry.actor == reviewer(users_a)
    assert "queued" in entry.detail


def test_only_reviewers_start_runs(users_a: Any) -> None:
    for role in (Role.CASE_MANAGER, Role.ME_OFFICER, Role.SYSTEM_ADMIN):
        with pytest.raises(PermissionDenied):
            runs.start_run(actor=users_a[role])
    assert not DedupRun.objects.exists()


def test_a_second_start_while_one_is_under_way_is_refused_with_a_message(
    users_a: Any, users_b: Any
) -> None:
    first = runs.start_run(actor=reviewer(users_a))
    with pytest.raises(runs.RunAlreadyActive) as refusal, translation.override("en"):
        runs.start_run(actor=reviewer(users_a))
    assert refusal.value.run == first
    assert "already under way" in refusal.value.messages[0]
    runs.begin(first)
    with pytest.raises(runs.RunAlreadyActive):
        runs.start_run(actor=reviewer(users_a))
    # another organisation is not held back
    runs.start_run(actor=reviewer(users_b))
    assert DedupRun.objects.filter(organisation=first.organisation).count() == 1


def test_a_run_whose_worker_died_no_longer_blocks_the_next_start(
    users_a: Any, settings: Any
) -> None:
    settings.SUTURA_TASK_STALE_MINUTES = 30
    dead = runs.start_run(actor=reviewer(users_a))
    runs.begin(dead)
    DedupRun.objects.filter(pk=dead.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    fresh = runs.start_run(actor=reviewer(users_a))
    dead.refresh_from_db()
    assert (dead.status, dead.error) == (RunStatus.FAILED, "interrupted")
    assert fresh.status == RunStatus.QUEUED


def test_a_start_after_a_finished_run_is_a_new_run(users_a: Any) -> None:
    first = runs.start_run(actor=reviewer(users_a))
    runs.begin(first)
    runs.finish(first, people=0, pairs_scored=0, proposals=0)
    second = runs.start_run(actor=reviewer(users_a))
    assert second.pk != first.pk


# --- the job -----------------------------------------------------------------------------------


def test_a_run_proposes_ordered_pairs_with_reasons_and_groups(users_a: Any, org_a: Any) -> None:
    diallo, djallo, jallow = (person(org_a, n) for n in ("Diallo", "Djallo", "Jallow"))
    sow, sao = person(org_a, "Sow"), person(org_a, "Sao")
    person(org_a, "Fall")
    run = runs.start_run(actor=reviewer(users_a))
    matcher = StandInMatcher([{"Diallo", "Djallo", "Jallow"}, {"Sow", "Sao"}])

    result = run_job(run.pk, matcher=matcher)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert (run.people, run.pairs_scored, run.proposals) == (6, 4, 4)
    assert result["proposals"] == 4
    assert (run.done, run.total, run.stage) == (1000, 1000, "done")
    proposals = list(Proposal.objects.filter(run=run))
    assert len(proposals) == 4
    for proposal in proposals:
        assert uuid.UUID(str(proposal.first_id)) < uuid.UUID(str(proposal.second_id))
        assert proposal.reasons == ["same_phone"]
        assert proposal.status == ProposalStatus.OPEN
    groups = {frozenset((p.first_id, p.second_id)): p.group for p in proposals}
    family = {groups[frozenset((a.pk, b.pk))] for a, b in ((diallo, djallo), (djallo, jallow))}
    assert len(family) == 1
    assert groups[frozenset((sow.pk, sao.pk))] not in family
    assert AuditEntry.objects.filter(object_id=str(run.pk), detail__contains="finished").exists()


def test_a_run_compares_only_the_files_its_starter_may_open(
    users_a: Any, org_a: Any, org_b: Any
) -> None:
    person(org_a, "Diallo")
    person(org_b, "Djallo")  # another organisation's file
    merged_into = person(org_a, "Cissé")
    person(org_a, "Sissé", merged_into=merged_into)  # a merged file is hidden
    run = runs.start_run(actor=reviewer(users_a))
    matcher = StandInMatcher([{"Diallo", "Djallo"}, {"Cissé", "Sissé"}])
    run_job(run.pk, matcher=matcher)
    assert sorted(matcher.seen) == ["Cissé", "Diallo"]
    assert not Proposal.objects.exists()


def test_a_pair_said_not_the_same_person_is_never_proposed_again(users_a: Any, org_a: Any) -> None:
    first, second = _ordered(person(org_a, "Diallo"), person(org_a, "Djallo"))
    PairDecision.objects.create(
        organisation=org_a, first=first, second=second, decided_by=reviewer(users_a)
    )
    run = runs.start_run(actor=reviewer(users_a))
    run_job(run.pk, matcher=StandInMatcher([{"Diallo", "Djallo"}]))
    run.refresh_from_db()
    assert run.proposals == 0
    assert not Proposal.objects.exists()


def test_a_pair_already_open_keeps_its_proposal_with_the_new_probability(
    users_a: Any, org_a: Any
) -> None:
    person(org_a, "Diallo"), person(org_a, "Djallo")
    earlier = runs.start_run(actor=reviewer(users_a))
    run_job(earlier.pk, matcher=StandInMatcher([{"Diallo", "Djallo"}], probability=0.8))
    proposal = Proposal.objects.get()

    later = runs.start_run(actor=reviewer(users_a))
    run_job(later.pk, matcher=StandInMatcher([{"Diallo", "Djallo"}], probability=0.97))

    assert Proposal.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.probability == pytest.approx(0.97)
    assert proposal.run_id == later.pk
    assert proposal.status == ProposalStatus.OPEN


def test_open_proposals_a_new_run_no_longer_makes_are_superseded(users_a: Any, org_a: Any) -> None:
    person(org_a, "Diallo"), person(org_a, "Djallo"), person(org_a, "Sow"), person(org_a, "Sao")
    earlier = runs.start_run(actor=reviewer(users_a))
    run_job(earlier.pk, matcher=StandInMatcher([{"Diallo", "Djallo"}, {"Sow", "Sao"}]))
    decided = Proposal.objects.get(first__family_name__in=["Sow", "Sao"])
    decided.status = ProposalStatus.NOT_DUPLICATE  # as the review would
    decided.save()

    later = runs.start_run(actor=reviewer(users_a))
    run_job(later.pk, matcher=StandInMatcher([]))

    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert statuses == {ProposalStatus.SUPERSEDED, ProposalStatus.NOT_DUPLICATE}


def test_a_run_since_a_date_compares_the_new_people_with_everyone(users_a: Any, org_a: Any) -> None:
    old = [person(org_a, n) for n in ("Diallo", "Djallo", "Sow")]
    Proposal.objects.create(  # an open proposal between two old files: left as it is
        organisation=org_a,
        run=runs.start_run(actor=reviewer(users_a)),
        first=_ordered(old[0], old[1])[0],
        second=_ordered(old[0], old[1])[1],
        probability=0.9,
    )
    DedupRun.objects.update(status=RunStatus.DONE)
    from sutura.people.models import Person

    Person.objects.filter(pk__in=[p.pk for p in old]).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    person(org_a, "Sao")  # registered today
    run = runs.start_run(actor=reviewer(users_a), since=timezone.localdate())
    run_job(run.pk, matcher=StandInMatcher([{"Diallo", "Djallo"}, {"Sow", "Sao"}]))

    run.refresh_from_db()
    assert run.proposals == 1  # Sow ~ Sao; Diallo ~ Djallo were not compared again
    assert set(Proposal.objects.values_list("status", flat=True)) == {ProposalStatus.OPEN}
    assert Proposal.objects.count() == 2


def test_progress_moves_while_the_run_works(users_a: Any, org_a: Any, settings: Any) -> None:
    settings.SUTURA_TASK_PROGRESS_SECONDS = 0
    person(org_a, "Diallo"), person(org_a, "Djallo")
    run = runs.start_run(actor=reviewer(users_a))
    seen: list[tuple[int, str]] = []

    def look() -> None:
        row = DedupRun.objects.get(pk=run.pk)
        seen.append((row.done, row.stage))

    run_job(run.pk, matcher=StandInMatcher([{"Diallo", "Djallo"}], on_progress=look))
    assert [stage for _done, stage in seen] == ["scoring"] * 4
    done = [d for d, _stage in seen]
    assert done == sorted(done) and done[0] < done[-1]
    assert done[0] >= 100 and done[-1] <= 800  # within the scoring stage's share of the bar


def test_a_failing_run_stores_a_code_and_never_the_error_text(users_a: Any, org_a: Any) -> None:
    person(org_a, "Diallo"), person(org_a, "Djallo")
    run = runs.start_run(actor=reviewer(users_a))
    matcher = StandInMatcher([], fail_with=ValueError("Awa Diallo, +221 77 000 00 00"))
    with pytest.raises(JobFailed) as failure:
        run_job(run.pk, matcher=matcher)
    assert "Diallo" not in str(failure.value)
    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, "error")
    assert run.finished_at is not None
    entries = AuditEntry.objects.filter(object_id=str(run.pk))
    assert "Duplicate search failed: error" in [said(e) for e in entries]
    assert not any("Diallo" in said(e) for e in entries)
    assert not Proposal.objects.exists()
    # the organisation may start again
    assert runs.start_run(actor=reviewer(users_a)).status == RunStatus.QUEUED


def test_a_run_whose_starter_lost_the_right_stops(users_a: Any, org_a: Any) -> None:
    starter = reviewer(users_a)
    run = runs.start_run(actor=starter)
    starter.roles = [Role.CASE_MANAGER]
    starter.save()
    with pytest.raises(JobFailed):
        run_job(run.pk, matcher=StandInMatcher([]))
    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, "starter_not_allowed")


def test_a_run_already_taken_or_interrupted_is_not_run_twice(users_a: Any, org_a: Any) -> None:
    run = runs.start_run(actor=reviewer(users_a))
    run_job(run.pk, matcher=StandInMatcher([]))
    again = run_job(run.pk, matcher=StandInMatcher([], fail_with=AssertionError()))
    assert again["skipped"] is True


# --- the operators' command --------------------------------------------------------------------


def test_the_command_queues_a_run_as_the_organisations_reviewer(users_a: Any, org_a: Any) -> None:
    out = io.StringIO()
    call_command("find_duplicates", "--organisation", org_a.acronym.lower(), stdout=out)
    run = DedupRun.objects.get()
    assert run.started_by == reviewer(users_a)
    assert run.status == RunStatus.QUEUED
    assert str(run.pk) in out.getvalue()


def test_the_command_runs_now_since_a_date(users_a: Any, org_a: Any, monkeypatch: Any) -> None:
    person(org_a, "Diallo"), person(org_a, "Djallo")
    monkeypatch.setattr(tasks, "_matching", lambda: StandInMatcher([{"Diallo", "Djallo"}]))
    call_command(
        "find_duplicates",
        "--organisation",
        org_a.name,
        "--since",
        timezone.localdate().isoformat(),
        "--as",
        reviewer(users_a).username,
        "--now",
        stdout=io.StringIO(),
    )
    run = DedupRun.objects.get()
    assert run.parameters == {"since": timezone.localdate().isoformat()}
    assert (run.status, run.proposals) == (RunStatus.DONE, 1)


def test_the_command_refuses_a_user_who_does_not_review(users_a: Any, org_a: Any) -> None:
    with pytest.raises(CommandError):
        call_command("find_duplicates", "--organisation", org_a.acronym, "--as", "a-case_manager")
    with pytest.raises(CommandError):
        call_command("find_duplicates", "--organisation", "nowhere")
    assert not DedupRun.objects.exists()


def test_a_worker_stopped_mid_run_marks_the_run_interrupted(users_a: Any, org_a: Any) -> None:
    """Ctrl-C or a deployment's SIGTERM while a job runs: the worker raises SystemExit in the
    job; the run says interrupted and the worker still stops."""
    person(org_a, "Diallo"), person(org_a, "Djallo")
    run = runs.start_run(actor=reviewer(users_a))
    with pytest.raises(SystemExit):
        run_job(run.pk, matcher=StandInMatcher([], fail_with=SystemExit(1)))
    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, "interrupted")
