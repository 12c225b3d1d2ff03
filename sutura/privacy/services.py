"""Writes of the data-protection life cycle: recording a request, deciding it, carrying it out,
and the anonymisation that both a request and the retention job apply.

Anonymising keeps what the indicators count (sex, year of birth, nationality, places,
languages, vulnerability codes, case and referral types, statuses and dates, amounts) and
removes what names or describes the person (names, aliases, phones, address, identity
documents, household names and relationships, free text, planned assistance's kind, the
person's words in the shared name-search vocabulary, documents, photo). The person's row
stays, so counts over the past do not change; the `Anonymisation` mark makes a second run a
no-op.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require
from sutura.access.privacy import require_handles_requests_for
from sutura.accounts.roles import Perm
from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    CaseDocument,
    CaseNote,
    CaseTransition,
    FollowUp,
    NeedsAssessment,
    PlanDecision,
    PlannedAssistance,
    ReintegrationPlan,
    VulnerabilityScreening,
)
from sutura.core.idempotency import expired_keys, purge_expired
from sutura.core.models import VersionedModel
from sutura.core.texts import Text
from sutura.core.uploads import delete_after_commit
from sutura.meetings.models import Participant
from sutura.mentoring.models import Activity, Assignment
from sutura.people.models import (
    Consent,
    HouseholdMember,
    IdentityDocument,
    NameWord,
    Person,
    PersonNameWord,
)
from sutura.privacy.models import (
    Anonymisation,
    Cause,
    DataRequest,
    RefusalReason,
    RequestStatus,
)
from sutura.referrals.models import ACTIVE_STATUSES, Referral, ReferralTransition

ANONYMOUS = "—"

# Free text on the records of a person's cases: model, path to the case, fields to clear.
CASE_TEXT: list[tuple[Any, str, dict[str, Any]]] = [
    (FollowUp, "case", {"notes": ""}),
    (CaseNote, "case", {"text": ""}),
    (CaseTransition, "case", {"reason": ""}),
    (
        VulnerabilityScreening,
        "case",
        {
            "other_description": "",
            "individual_factors": "",
            "household_factors": "",
            "community_factors": "",
            "structural_factors": "",
        },
    ),
    (NeedsAssessment, "case", {"economic": "", "social": "", "psychosocial": "", "summary": ""}),
    (ReintegrationPlan, "case", {"objectives": ""}),
    # `kind` is free text ("sewing machine for her shop in Kayes"); `dimension` is the code
    # the indicators count, and stays.
    (PlannedAssistance, "plan__case", {"kind": ANONYMOUS, "description": "", "provider": ""}),
    (PlanDecision, "plan__case", {"comments": ""}),
    (AssistanceDelivery, "item__plan__case", {"notes": "", "reference": ""}),
    (Referral, "case", {"reason": "", "outcome_notes": "", "feedback": ""}),
    (ReferralTransition, "referral__case", {"reason": ""}),
    # The mentoring kept on the person's cases: the codes, dates and durations stay (they are
    # counted); what the mentor wrote goes.
    (Assignment, "case", {"note": ""}),
    (
        Activity,
        "case",
        {"note": "", "follow_up": "", "outcome": "", "description": "", "venue": "", "title": ""},
    ),
]


def add_case_text(*texts: tuple[Any, str, dict[str, Any]]) -> None:
    """An app above privacy adds what the anonymisation blanks on the records it keeps on a
    person's cases (model, path to the case, the blank values), in its `AppConfig.ready()`."""
    for text in texts:
        if all(known[0] is not text[0] for known in CASE_TEXT):
            CASE_TEXT.append(text)


# Free text about the person on records naming them directly: model, the fields naming the
# person (a record names them in any), the blank values. Apps above privacy add theirs.
PERSON_TEXT: list[tuple[Any, tuple[str, ...], dict[str, Any]]] = []


def add_person_text(*texts: tuple[Any, tuple[str, ...], dict[str, Any]]) -> None:
    """An app above privacy adds what the anonymisation blanks on the records it keeps about a
    person outside their cases (model, the fields that name the person, the blank values), in
    its `AppConfig.ready()`."""
    for text in texts:
        if all(known[0] is not text[0] for known in PERSON_TEXT):
            PERSON_TEXT.append(text)


def _naming(person: Person, fields: tuple[str, ...]) -> Q:
    condition = Q(pk__in=[])
    for name in fields:
        condition |= Q(**{name: person})
    return condition


def _bumped(model: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The update, plus a new version for an editable record (a stale form is then refused)."""
    return {**values, "version": F("version") + 1} if issubclass(model, VersionedModel) else values


def under_way(person: Person) -> bool:
    """An open case or a referral under way: the person is being helped, the data is needed."""
    open_case = Case.objects.filter(person=person).exclude(status="closed").exists()
    return (
        open_case
        or Referral.objects.filter(case__person=person, status__in=ACTIVE_STATUSES).exists()
    )


@transaction.atomic
def anonymise_person(
    person: Person, *, cause: str, request: DataRequest | None = None, actor: Any = None
) -> dict[str, Any]:
    """Remove what identifies `person`, keep what is counted. Idempotent: a person already
    anonymised is left alone (returns {})."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if Anonymisation.objects.filter(person=person).exists():
        return {}
    counts: dict[str, int] = {"people.Person": 1}  # names, contacts, address, photo
    cases = Case.objects.filter(person=person)
    for model, path, blank in CASE_TEXT:
        rows = model.objects.filter(**{f"{path}__in": cases})
        counts[model._meta.label] = rows.update(**_bumped(model, blank))
    for model, fields, blank in PERSON_TEXT:
        rows = model.objects.filter(_naming(person, fields))
        counts[model._meta.label] = rows.update(**_bumped(model, blank))
    documents = list(CaseDocument.objects.filter(case__in=cases))
    for document in documents:
        delete_after_commit(document.file)
    counts["cases.CaseDocument"] = CaseDocument.objects.filter(case__in=cases).delete()[0]
    counts["people.IdentityDocument"] = IdentityDocument.objects.filter(person=person).delete()[0]
    counts["people.HouseholdMember"] = HouseholdMember.objects.filter(person=person).update(
        name=ANONYMOUS, relationship=ANONYMOUS
    )
    counts["people.Consent"] = Consent.objects.filter(person=person).update(
        guardian_name="", childs_views=""
    )
    # Meetings attended stay counted (sex, age group, category), without a way to reach them.
    counts["meetings.Participant"] = Participant.objects.filter(person=person).update(
        name="", phone="", email="", function="", version=F("version") + 1
    )
    files = len(documents)
    if person.photo:
        delete_after_commit(person.photo)
        files += 1
    person.given_names = ANONYMOUS
    person.family_name = ANONYMOUS
    person.aliases = []
    person.phone = ""
    person.other_phones = []
    person.current_address = ""
    person.photo = ""
    if person.birth_date is not None:  # the age band stays: the year only
        person.birth_date = datetime.date(person.birth_date.year, 1, 1)
        person.birth_date_estimated = True
    former_words = list(person.name_words.values_list("word", flat=True))
    person.save()  # re-indexes the person's name words (PersonNameWord) from the blank names
    # Not counted in the outcome: how many words left the shared vocabulary would tell whether
    # another organisation carries the name.
    _forget_name_words(former_words)
    # A form opened before the anonymisation must not write the old values back.
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1)
    outcome = {"records": {k: v for k, v in counts.items() if v}, "files": files}
    Anonymisation.objects.create(person=person, cause=cause, request=request, outcome=outcome)
    # The files merged into this one (sutura.dedup) are the same person: their own rows keep
    # the names and phones they were registered under, and an undo of the merge would bring
    # them back. Each is anonymised too (its records moved to this file already).
    for merged in Person.objects.filter(merged_into=person).order_by("pk"):
        anonymise_person(merged, cause=cause, request=request, actor=actor)
    record(
        Action.UPDATE,
        actor=actor,
        obj=person,
        changes={"anonymised": cause, **outcome},
        detail=Text(gettext_noop("Anonymised (%(cause)s)"), cause=cause),
    )
    return outcome


def _forget_name_words(words: list[str]) -> None:
    """Remove from the shared search vocabulary (`NameWord`) the words of an anonymised
    person that nobody else's name uses: a rare name left in it would say that someone of that
    name was registered. The table lock makes a registration indexing one of these words at this
    moment either finish first (its word is then seen as used) or wait, and add it back."""
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {NameWord._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    still_used = PersonNameWord.objects.filter(word__in=words).values("word")
    NameWord.objects.filter(word__in=words).exclude(word__in=still_used).delete()


# --- requests --------------------------------------------------------------------------------


@transaction.atomic
def record_request(*, actor: Any, person: Person, **data: Any) -> DataRequest:
    """Record that someone asked for the person's data to be erased or anonymised."""
    require(actor, Perm.HANDLE_DATA_REQUESTS)
    require_handles_requests_for(actor, person)
    if data["received_on"] > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    return DataRequest.objects.create(
        person=person, organisation_id=person.organisation_id, recorded_by=actor, **data
    )


@transaction.atomic
def decide(
    *, actor: Any, request: DataRequest, approve: bool, refusal_reason: str = ""
) -> DataRequest:
    """Approve or refuse a pending request. A person whose help is under way (open case,
    active referral) cannot be anonymised: the request is refused with that reason, or waits."""
    require(actor, Perm.HANDLE_DATA_REQUESTS)
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    require_handles_requests_for(actor, request.person)
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if approve and under_way(request.person):
        raise ValidationError(
            _("The person has an open case or a referral under way: close them first.")
        )
    if not approve and refusal_reason not in RefusalReason.values:
        raise ValidationError({"refusal_reason": _("Say why the request is refused.")})
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    request.refusal_reason = "" if approve else refusal_reason
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save()
    return request


@transaction.atomic
def carry_out(*, actor: Any, request: DataRequest) -> DataRequest:
    """Anonymise the person of an approved request. Erasure is carried out as anonymisation:
    the rows stay so that the mechanism's counts and the audit log's references hold, but
    nothing in them identifies the person any more (see docs/privacy.md)."""
    require(actor, Perm.HANDLE_DATA_REQUESTS)
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    require_handles_requests_for(actor, request.person)
    if request.status != RequestStatus.APPROVED:
        raise ValidationError(_("Only an approved request can be carried out."))
    if under_way(request.person):
        raise ValidationError(
            _("The person has an open case or a referral under way: close them first.")
        )
    request.outcome = anonymise_person(
        request.person, cause=Cause.REQUEST, request=request, actor=actor
    )
    request.status = RequestStatus.CARRIED_OUT
    request.carried_out_by = actor
    request.carried_out_at = timezone.now()
    request.save()
    return request


# --- retention -------------------------------------------------------------------------------


def persons_past_retention(today: datetime.date, closed_case_days: int) -> Any:
    """People not yet anonymised who have cases, all closed before the cut-off, and no
    referral under way. (A person without a case is left alone: registration without a case
    is rare and a human should look at it.)"""
    cutoff = today - datetime.timedelta(days=closed_case_days)
    recent_or_open = Case.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=cutoff) | ~Q(status="closed")
    ).values("person_id")
    active = Referral.objects.filter(status__in=ACTIVE_STATUSES).values("case__person_id")
    return (
        Person.objects.filter(cases__isnull=False, anonymisation__isnull=True)
        .exclude(pk__in=recent_or_open)
        .exclude(pk__in=active)
        .distinct()
    )


def ended_referrals_past_retention(today: datetime.date, days: int) -> Any:
    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time())
    )
    return (
        Referral.objects.filter(ended_at__lt=cutoff)
        .exclude(status__in=ACTIVE_STATUSES)
        .exclude(reason="", outcome_notes="", feedback="")
    )


def old_notifications(today: datetime.date, days: int) -> Any:
    from sutura.notifications.models import Notification

    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time())
    )
    return Notification.objects.filter(created_at__lt=cutoff)


@dataclass(frozen=True)
class RetentionStep:
    """What an app above privacy clears when it passes its retention period (registered in the
    app's `ready()` with `add_retention_step`): `rows(today, days)` the rows past their period,
    `clear(rows)` clears them; `period` is the key of `SUTURA_RETENTION_DAYS`, `key` the
    summary's."""

    key: str
    period: str
    rows: Callable[[datetime.date, int], Any]
    clear: Callable[[Any], None]


_RETENTION_STEPS: list[RetentionStep] = []


def _default_period(key: str) -> int:
    from django.conf import settings

    return int(settings.SUTURA_RETENTION_DAYS[key])


def add_retention_step(step: RetentionStep) -> None:
    if all(known.key != step.key for known in _RETENTION_STEPS):
        _RETENTION_STEPS.append(step)


def apply_retention(
    *, today: datetime.date, periods: dict[str, int], dry_run: bool = False
) -> dict[str, int]:
    """What passed its retention period, anonymised (or only counted, with `dry_run`)."""
    persons = persons_past_retention(today, periods["closed_case_days"])
    referrals = ended_referrals_past_retention(today, periods["ended_referral_days"])
    notifications = old_notifications(today, periods["notification_days"])
    summary = {
        "persons": persons.count(),
        "referrals": referrals.count(),
        "notifications": notifications.count(),
        "idempotency_keys": expired_keys().count(),  # every user's (a system job)
    }
    registered = [
        (step, step.rows(today, periods.get(step.period, _default_period(step.period))))
        for step in _RETENTION_STEPS
    ]
    summary.update({step.key: rows.count() for step, rows in registered})
    if dry_run:
        return summary
    for person in persons.iterator():
        anonymise_person(person, cause=Cause.RETENTION)
    with transaction.atomic():
        referral_ids = list(referrals.values_list("pk", flat=True))
        Referral.objects.filter(pk__in=referral_ids).update(
            **_bumped(Referral, {"reason": "", "outcome_notes": "", "feedback": ""})
        )
        ReferralTransition.objects.filter(referral_id__in=referral_ids).update(reason="")
        notifications.delete()
        purge_expired()
        for step, rows in registered:
            step.clear(rows)
        record(
            Action.UPDATE,
            detail=gettext_noop("retention applied"),
            changes={"retention": summary, "today": today.isoformat()},
        )
    return summary


# --- after a restore -------------------------------------------------------------------------


def anonymised_list() -> list[dict[str, str]]:
    """Who has been anonymised, and why: person ids (no names), for the list kept outside the
    backups (`manage.py reapply_erasures --export`)."""
    rows = Anonymisation.objects.order_by("created_at").values_list("person_id", "cause")
    return [{"person": str(person), "cause": cause} for person, cause in rows]


def reapply_anonymisations(entries: list[dict[str, str]]) -> int:
    """Anonymise again, after a restore from an older backup, everyone of `entries` (from
    `anonymised_list`) the restored database still holds un-anonymised. Returns how many."""
    done = 0
    for entry in entries:
        cause = entry.get("cause", Cause.REQUEST)
        person = Person.objects.filter(pk=entry["person"], anonymisation__isnull=True).first()
        if person is not None and cause in Cause.values:
            anonymise_person(person, cause=cause)
            done += 1
    return done
