"""Family tracing and reunification in the demo (step 220, after the children's 210), through
the services:

- on the AIM-SN case of the child Fatou Diouf (the children's demo registers her: skipped with a
  message when she is absent), a tracing request for her aunt, found through a referral to a
  family tracing service of the directory (directly, by the organisation, when the directory
  has none or the referral cannot be made), the aunt's family assessed (suitable), the
  reunification two months ago (its best-interests determination is the children's demo's) and
  its follow-up visits: the first done, the second overdue, the third still ahead;
- a tracing request still open on another AIM-SN case.

Idempotent: a case that already has a tracing request is left as it is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sutura.audit.context import acting_as
from sutura.cases.models import Case, CaseStatus, CaseType
from sutura.core.registry import DemoContext
from sutura.directory.models import Service
from sutura.tracing import services
from sutura.tracing.models import ReunificationVisit, TracingRequest

ORGANISATION = "AIM-SN"
AUNT = "Ndèye Diouf"


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _worker(case: Case) -> Any:
    if case.case_manager is not None and case.case_manager.is_active:
        return case.case_manager
    from sutura.accounts.models import User

    return User.objects.get(username="casemanager")


def _through_referral(actor: Any, case: Case) -> dict[str, Any]:
    """A referral of the case to a family tracing service of the directory, sent, when one
    exists and the referral can be made (the person's consent…); otherwise nothing."""
    service = (
        Service.objects.filter(category="family_tracing", is_active=True)
        .exclude(provider=case.organisation)
        .order_by("name_fr")
        .first()
    )
    if service is None:
        return {}
    from sutura.referrals.services import referring

    try:
        with transaction.atomic():
            referral = referring.create_referral(
                actor=actor,
                case=case,
                service=service,
                category="family_tracing",
                reason="Recherche de la tante paternelle, dernière adresse connue à Kaolack.",
                shared_sections=["identity", "contact"],
                send=True,
            )
    except (ValidationError, PermissionDenied):
        return {}
    return {"referral": referral}


def _fatou(made: list[str]) -> None:
    case = (
        Case.objects.filter(
            organisation__acronym=ORGANISATION,
            case_type=CaseType.UASC,  # the child, not an adult of the same name
            person__given_names="Fatou",
            person__family_name="Diouf",
        )
        .select_related("person", "case_manager", "organisation")
        .order_by("opened_on")
        .first()
    )
    if case is None:
        made.append("no child's case for Fatou Diouf (children's demo): her reunification skipped")
        return
    if TracingRequest.objects.filter(case=case).exists():
        return
    actor = _worker(case)
    opened = max(case.opened_on, _days_ago(120))
    found_on, assessed_on = max(opened, _days_ago(90)), max(opened, _days_ago(75))
    reunified_on = max(assessed_on, _days_ago(60))
    with acting_as(actor):
        request = services.open_request(
            actor=actor,
            case=case,
            sought_name=AUNT,
            relationship="aunt_uncle",
            sex="female",
            age=44,
            last_known_place=case.person.place_of_origin,
            last_known_place_details="Quartier Médina Baye, près de la grande mosquée",
            sources=["phone", "community_leaders", "rcrc_family_links"],
            opened_on=opened,
            **_through_referral(actor, case),
        )
        request = services.record_outcome(
            actor=actor,
            request=request,
            status="found",
            outcome_on=found_on,
            outcome_notes="Tante retrouvée par le service de rétablissement des liens familiaux.",
        )
        assessment = services.assess_family(
            actor=actor,
            request=request,
            assessed_on=assessed_on,
            findings=(
                "Logement sûr, la tante accueille déjà deux enfants scolarisés ; elle souhaite "
                "accueillir Fatou et l'inscrire à l'école du quartier."
            ),
            recommendation="suitable",
        )
        try:
            reunification = services.record_reunification(
                actor=actor,
                assessment=assessment,
                reunified_on=reunified_on,
                place=case.person.place_of_origin,
                place_details="Chez la tante, Médina Baye",
            )
        except (ValidationError, ImportError) as refused:
            made.append(f"Fatou Diouf's reunification not recorded ({refused})")
            return
        first = (
            ReunificationVisit.objects.filter(reunification=reunification)
            .order_by("due_on")
            .first()
        )
        if first is not None and first.due_on <= timezone.localdate():
            services.record_visit(
                actor=actor,
                visit=first,
                done_on=first.due_on,
                well_being="good",
                placement="stable",
                observations="Fatou va à l'école, elle dit se sentir bien chez sa tante.",
            )
    made.append(f"Fatou Diouf ({case.number}) reunified with her aunt on {reunified_on}")


def _still_open(made: list[str]) -> None:
    others = (
        Case.objects.filter(organisation__acronym=ORGANISATION)
        .exclude(person__given_names="Fatou", person__family_name="Diouf", case_type=CaseType.UASC)
        .select_related("case_manager")
    )
    if TracingRequest.objects.filter(case__in=others).exists():
        return
    case = others.exclude(status=CaseStatus.CLOSED).order_by("opened_on", "number").first()
    if case is None:
        return
    actor = _worker(case)
    with acting_as(actor):
        services.open_request(
            actor=actor,
            case=case,
            sought_name="Moussa Sarr",
            relationship="sibling",
            sex="male",
            age=19,
            last_known_place_details="Parti vers Agadez en 2024",
            sources=["phone", "social_media"],
            through="other_organisation",
            organisation_name="Croix-Rouge sénégalaise",
            opened_on=max(case.opened_on, _days_ago(20)),
        )
    made.append(f"a tracing request still open on {case.number}")


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    made: list[str] = []
    _fatou(made)
    _still_open(made)
    return "; ".join(made)
