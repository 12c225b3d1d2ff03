"""Reads of the data-protection pages, through the access layer (`access.privacy`)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404

from sutura.access import get_visible_or_404, visible
from sutura.access.privacy import handles_requests_for, persons_handled_by
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
from sutura.meetings.models import Participant
from sutura.mentoring.models import Activity, Assignment
from sutura.people.models import Consent, HouseholdMember, IdentityDocument, Person
from sutura.privacy.models import DataRequest
from sutura.referrals.models import Referral, ReferralTransition


def requests_for(user: Any) -> models.QuerySet[DataRequest]:
    return visible(user, DataRequest).select_related("person")


def request_for(user: Any, pk: Any) -> DataRequest:
    return get_visible_or_404(user, DataRequest.objects.select_related("person"), pk=pk)


def requests_for_person(user: Any, person: Person) -> dict[str, Any] | None:
    """The person page's data-protection section: None for those who do not handle it."""
    if not handles_requests_for(user, person):
        return None
    return {"requests": list(requests_for(user).filter(person=person))}


def person_for(user: Any, pk: Any) -> Person:
    """A person whose requests the user handles, or 404."""
    person = persons_handled_by(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


# Every kind of record held on a person, and how it reaches them. A new model that holds a
# person's data is added here (the export test walks the models and fails otherwise).
PERSON_RECORDS: list[tuple[type[models.Model], str]] = [
    (IdentityDocument, "person"),
    (HouseholdMember, "person"),
    (Consent, "person"),
    (Case, "person"),
    (CaseTransition, "case__person"),
    (VulnerabilityScreening, "case__person"),
    (NeedsAssessment, "case__person"),
    (ReintegrationPlan, "case__person"),
    (PlannedAssistance, "plan__case__person"),
    (PlanDecision, "plan__case__person"),
    (AssistanceDelivery, "item__plan__case__person"),
    (FollowUp, "case__person"),
    (CaseNote, "case__person"),
    (CaseDocument, "case__person"),
    (Referral, "case__person"),
    (ReferralTransition, "referral__case__person"),
    (Participant, "person"),  # meetings and trainings the person attended
    (Assignment, "case__person"),  # the mentor who supported them, for what and when
    (Activity, "case__person"),  # the mentor's sessions and accompaniments with them
]


def add_person_records(*records: tuple[type[models.Model], str]) -> None:
    """An app above privacy adds the records it keeps on a person (model, path to the person),
    in its `AppConfig.ready()`: they join the subject-access export and its test."""
    for record in records:
        if record not in PERSON_RECORDS:
            PERSON_RECORDS.append(record)


def person_file(person: Person) -> list[tuple[type[models.Model], list[models.Model]]]:
    """Everything held on one person, for their subject-access export. The caller has checked
    that the user handles this person's requests (`access.privacy.handles_requests_for`)."""
    return [
        (model, list(model._default_manager.filter(**{path: person}).order_by("pk")))
        for model, path in PERSON_RECORDS
    ]


def outcome_lines(outcome: dict[str, Any]) -> list[tuple[str, int]]:
    """What an anonymisation did, for people to read: each kind of record by its translated
    name (the stored outcome holds model labels and counts)."""
    from sutura.privacy.export import model_label

    models_: list[type[models.Model]] = [Person, *(m for m, _ in PERSON_RECORDS)]
    kinds = {m._meta.label: m for m in models_}
    records = outcome.get("records") or {}
    return [
        (model_label(kinds[label]) if label in kinds else label, count)
        for label, count in records.items()
    ]
