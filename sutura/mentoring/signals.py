"""What ends a mentor's assignment besides the people who manage it (cases and people do not
know about mentoring): a case that closes, and a person who withdraws or refuses their consent
to registration. The mentor then sees the returnee no more, from that moment."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from sutura.access.mentoring import open_cases_of_person
from sutura.cases.models import CaseStatus, CaseTransition
from sutura.mentoring.models import AssignmentEnd
from sutura.mentoring.services.assignments import end_for_case
from sutura.people.models import Consent, ConsentPurpose, ConsentStatus


@receiver(post_save, sender=CaseTransition, dispatch_uid="mentoring_case_closed")
def _case_closed(sender: Any, instance: CaseTransition, created: bool, **kwargs: Any) -> None:
    if created and instance.to_status == CaseStatus.CLOSED:
        end_for_case(case=instance.case, reason=AssignmentEnd.CASE_CLOSED)


@receiver(post_save, sender=Consent, dispatch_uid="mentoring_consent_withdrawn")
def _consent_decided(sender: Any, instance: Consent, created: bool, **kwargs: Any) -> None:
    if (
        created
        and instance.purpose == ConsentPurpose.REGISTRATION
        and instance.status in {ConsentStatus.WITHDRAWN, ConsentStatus.REFUSED}
    ):
        for case in open_cases_of_person(instance.person_id):
            end_for_case(case=case, reason=AssignmentEnd.CONSENT_WITHDRAWN)
