"""Writes of family tracing and reunification. Each takes the acting user first, checks that
they work on the case (`access.cases.require_works_on`), refuses with a translated message what
the rules forbid, and writes in one transaction.

The path: a tracing request is opened (directly, or through another organisation, a referral
to a family tracing service of the directory among them) → its outcome (found, not found,
closed) → when found, the family is assessed → when the assessment recommends it (and, for an
unaccompanied or separated child, a best-interests determination decided reunification), the
reunification is recorded; it answers every open request for that family member as found and
schedules the follow-up visits (`SUTURA_REUNIFICATION_VISITS`) → each visit is recorded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.access.accounts import colleague
from sutura.access.cases import require_works_on
from sutura.accounts.roles import Perm
from sutura.cases.models import Case, CaseType, Vulnerability
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.tracing import schedule, selectors
from sutura.tracing.models import (
    FamilyAssessment,
    RequestStatus,
    Reunification,
    ReunificationVisit,
    Through,
    TracingRequest,
)

# The outcome of a request: from open to one of these, once.
TRANSITIONS: dict[str, set[str]] = {
    RequestStatus.OPEN: {RequestStatus.FOUND, RequestStatus.NOT_FOUND, RequestStatus.CLOSED},
}


def _check(actor: Any, case: Case) -> None:
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)


def _not_future(field: str, day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def open_request(
    *,
    actor: Any,
    case: Case,
    sought_name: str,
    relationship: str,
    opened_on: date | None = None,
    sex: str = "",
    age: int | None = None,
    last_known_place: Any = None,
    last_known_place_details: str = "",
    sources: list[str] | None = None,
    through: str = Through.OWN,
    organisation_name: str = "",
    referral: Any = None,
) -> TracingRequest:
    """Start looking for someone the person of the case has lost."""
    _check(actor, case)
    opened_on = opened_on or timezone.localdate()
    _not_future("opened_on", opened_on)
    if opened_on < case.opened_on:
        raise ValidationError({"opened_on": _("The case was not open on that date.")})
    if not " ".join(sought_name.split()):
        raise ValidationError({"sought_name": _("Say whom the person is looking for.")})
    if referral is not None:
        if referral.case_id != case.pk or referral.category != selectors.FAMILY_TRACING:
            raise ValidationError(
                {"referral": _("Choose a referral of this case to a family tracing service.")}
            )
        through = Through.OTHER_ORGANISATION
    if through == Through.OTHER_ORGANISATION and referral is None and not organisation_name:
        raise ValidationError(
            {
                "organisation_name": _(
                    "Name the organisation that traces, or choose the referral of this case "
                    "to its family tracing service."
                )
            }
        )
    if through == Through.OWN:
        organisation_name = ""
    return TracingRequest.objects.create(
        case=case,
        sought_name=" ".join(sought_name.split()),
        relationship=relationship,
        sex=sex,
        age=age,
        last_known_place=last_known_place,
        last_known_place_details=last_known_place_details,
        sources=sorted(set(sources or [])),
        through=through,
        organisation_name=organisation_name,
        referral=referral,
        opened_on=opened_on,
        opened_by=actor,
    )


@transaction.atomic
def record_outcome(
    *,
    actor: Any,
    request: TracingRequest,
    status: str,
    outcome_on: date,
    outcome_notes: str = "",
    expected_version: int | None = None,
) -> TracingRequest:
    """Say how a tracing request ended: the person sought was found, was not found, or the
    request was closed. A found person's family may then be assessed."""
    _check(actor, request.case)
    request = locked(request, "case")
    if status not in TRANSITIONS.get(request.status, set()):
        raise ValidationError(
            {
                "status": _("This request already has its outcome (%(status)s).")
                % {"status": request.get_status_display()}
            }
        )
    _not_future("outcome_on", outcome_on)
    if outcome_on < request.opened_on:
        raise ValidationError(
            {"outcome_on": _("The outcome cannot come before the request was opened.")}
        )
    request.status, request.outcome_on, request.outcome_notes = status, outcome_on, outcome_notes
    version = request.version if expected_version is None else expected_version
    return save_versioned(
        request, expected_version=version, fields=["status", "outcome_on", "outcome_notes"]
    )


@transaction.atomic
def assess_family(
    *,
    actor: Any,
    request: TracingRequest,
    assessed_on: date,
    findings: str,
    recommendation: str,
    family_member: str = "",
    assessor: Any = None,
) -> FamilyAssessment:
    """Assess the family found: is it a safe and suitable place for the person to return to?"""
    _check(actor, request.case)
    if request.status != RequestStatus.FOUND:
        raise ValidationError(
            _("A family is assessed once the tracing request has found the person sought.")
        )
    _not_future("assessed_on", assessed_on)
    if request.outcome_on and assessed_on < request.outcome_on:
        raise ValidationError(
            {"assessed_on": _("The assessment cannot come before the family was found.")}
        )
    if assessor is not None:
        assessor = colleague(getattr(assessor, "pk", assessor), actor.organisation_id)
        if assessor is None:
            raise ValidationError({"assessor": _("Choose a colleague of your organisation.")})
    return FamilyAssessment.objects.create(
        case=request.case,
        tracing_request=request,
        family_member=" ".join(family_member.split()) or request.sought_name,
        assessed_on=assessed_on,
        assessor=assessor or actor,
        findings=findings,
        recommendation=recommendation,
    )


def _decided_bid(case: Case) -> bool:
    """Has a best-interests determination decided reunification for this child? (The children
    app keeps them; it sits below this one, imported when asked.) Without that app's answer,
    no: a child is never reunified on a guess."""
    try:
        from sutura.children.selectors import (  # type: ignore[import-not-found,unused-ignore]
            has_decided_bid,
        )
    except ImportError:
        return False
    return bool(has_decided_bid(case, question="reunification"))


def _is_child(case: Case, on: date) -> bool:
    """An unaccompanied or separated child's case (type or screening flag), or a person under
    18 on the day: a returned child's reintegration case is one, screened or not."""
    age = case.person.age(on)
    uasc = case.case_type == CaseType.UASC or Vulnerability.UASC in (case.flags or [])
    return uasc or (age is not None and age < 18)


@transaction.atomic
def record_reunification(
    *,
    actor: Any,
    assessment: FamilyAssessment,
    reunified_on: date,
    place: Any = None,
    place_details: str = "",
) -> Reunification:
    """The person rejoined the family member assessed. Refused unless the assessment recommends
    it and, for an unaccompanied or separated child, a best-interests determination decided
    reunification. Every open request for that family member is answered as found, and the
    follow-up visits are scheduled."""
    case = assessment.case
    _check(actor, case)
    if not assessment.recommends_reunification:
        raise ValidationError(
            _(
                "The family assessment does not recommend reunification: assess the family "
                "again, or look for another solution."
            )
        )
    is_child = _is_child(case, reunified_on)
    if is_child and not _decided_bid(case):
        raise ValidationError(
            _(
                "A child is reunified only under a best-interests determination (BID) that "
                "decided reunification: record the determination first."
            )
        )
    _not_future("reunified_on", reunified_on)
    if reunified_on < assessment.assessed_on:
        raise ValidationError(
            {"reunified_on": _("The reunification cannot come before the family assessment.")}
        )
    case = locked(case)
    if selectors.is_reunified(actor, assessment):
        raise ValidationError(_("This reunification is already recorded."))
    reunification = Reunification.objects.create(
        case=case,
        assessment=assessment,
        reunified_on=reunified_on,
        place=place,
        place_details=place_details,
        bid_checked=is_child,
        recorded_by=actor,
    )
    sought = assessment.tracing_request
    for request in selectors.open_requests_for_member(
        actor, case, assessment.family_member, sought.relationship
    ):
        request = locked(request)
        request.status = RequestStatus.FOUND
        request.outcome_on = max(reunified_on, request.opened_on)
        save_versioned(request, expected_version=request.version, fields=["status", "outcome_on"])
    for due in schedule.due_dates(reunified_on):  # one by one: each create is in the audit log
        ReunificationVisit.objects.create(case=case, reunification=reunification, due_on=due)
    return reunification


@transaction.atomic
def record_visit(
    *,
    actor: Any,
    visit: ReunificationVisit,
    done_on: date,
    well_being: str,
    placement: str,
    observations: str = "",
    expected_version: int | None = None,
) -> ReunificationVisit:
    """Record a follow-up visit after the reunification: how the child is, how the placement
    holds."""
    _check(actor, visit.case)
    visit = locked(visit, "reunification", "case")
    _not_future("done_on", done_on)
    if done_on < visit.reunification.reunified_on:
        raise ValidationError(
            {"done_on": _("A follow-up visit cannot come before the reunification.")}
        )
    visit.done_on, visit.done_by = done_on, actor
    visit.well_being, visit.placement = well_being, placement
    visit.observations = observations
    version = visit.version if expected_version is None else expected_version
    return save_versioned(
        visit,
        expected_version=version,
        fields=["done_on", "done_by", "well_being", "placement", "observations"],
    )
