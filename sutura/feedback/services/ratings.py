"""Feedback on services: the person's opinion of a service they received (a completed
referral, an assistance delivered), recorded by the caseworker or left by the person
themselves on the public page with the referral's **feedback reference**.

The reference is the referral's number and four check letters derived from the referral by an
HMAC with the site's secret (`REF-2026-000042-K7QM`): referral numbers follow each other, the
check letters do not, so nobody can rate referrals they were not given the reference of.
Ratings only, no text and no name; one answer per referral (or delivery) and source, which the
database holds too.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from sutura.access.cases import works_on
from sutura.access.feedback import referral_for_feedback_reference
from sutura.feedback.models import FeedbackSource, Satisfaction, ServiceFeedback
from sutura.feedback.services.intake import TRACKING_ALPHABET
from sutura.referrals.models import ReferralStatus

# The salt of the reference's HMAC: changing it changes every reference given out.
REFERENCE_SALT = "sutura.feedback.referral-feedback-reference"
CHECK_LETTERS = 4  # 27^4 = 531,441 possibilities per referral, behind a limit per address
_TYPED = re.compile(rf"^(?:REF)?(\d{{4}})(\d{{6}})([A-Z0-9]{{{CHECK_LETTERS}}})$")


def _check_letters(referral_pk: Any) -> str:
    number = int.from_bytes(salted_hmac(REFERENCE_SALT, str(referral_pk)).digest()[:8], "big")
    letters = []
    for _position in range(CHECK_LETTERS):
        number, index = divmod(number, len(TRACKING_ALPHABET))
        letters.append(TRACKING_ALPHABET[index])
    return "".join(letters)


def feedback_reference(referral: Any) -> str:
    """What the caseworker gives the person so they can rate the service themselves."""
    return f"{referral.number}-{_check_letters(referral.pk)}"


def split_reference(typed: str) -> tuple[str, str]:
    """What someone typed ("ref 2026 000042 k7qm", "REF-2026-000042-K7QM") as the referral's
    number and the check letters; ("", "") when it cannot be one."""
    letters = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    found = _TYPED.match(letters)
    if found is None:
        return "", ""
    year, serial, check = found.groups()
    return f"REF-{year}-{serial}", check


def _answers(
    satisfaction: str, timely: bool | None, respectful: bool | None, would_recommend: bool | None
) -> dict[str, Any]:
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Say whether the person was satisfied.")})
    return {
        "satisfaction": satisfaction,
        "timely": timely,
        "respectful": respectful,
        "would_recommend": would_recommend,
    }


def _create(refusal: ValidationError, **fields: Any) -> ServiceFeedback:
    """One answer per referral (or delivery) and source: a second one is refused with a
    message, even when two arrive at once (the database's unique constraint decides)."""
    try:
        with transaction.atomic():
            return ServiceFeedback.objects.create(**fields)
    except IntegrityError as error:
        raise refusal from error


def _recorded() -> ValidationError:
    return ValidationError(_("This feedback has already been recorded."))


@transaction.atomic
def record_service_feedback(
    *,
    actor: Any,
    referral: Any = None,
    delivery: Any = None,
    satisfaction: str,
    timely: bool | None = None,
    respectful: bool | None = None,
    would_recommend: bool | None = None,
) -> ServiceFeedback:
    """The caseworker records what the person said of a service they received: after a
    completed referral (rated for the referral's service, given by its provider) or an
    assistance delivered (given by the case's organisation). Whoever works on the case may."""
    if (referral is None) == (delivery is None):
        raise ValueError("feedback is about a referral or a delivery, one of them")
    answers = _answers(satisfaction, timely, respectful, would_recommend)
    source = FeedbackSource.CASEWORKER
    if referral is not None:
        if not works_on(actor, referral.case):
            raise PermissionDenied(_("Only the case team records feedback on this referral."))
        if referral.status != ReferralStatus.COMPLETED:
            raise ValidationError(_("Feedback is recorded once the referral is completed."))
        service = referral.service
        given_by = service.provider_id if service is not None else referral.to_organisation_id
        return _create(
            _recorded(),
            service=service,
            referral=referral,
            organisation_id=given_by,
            source=source,
            recorded_by=actor,
            **answers,
        )
    case = delivery.item.plan.case
    if not works_on(actor, case):
        raise PermissionDenied(_("Only the case team records feedback on this assistance."))
    return _create(
        _recorded(),
        delivery=delivery,
        organisation_id=case.organisation_id,
        source=source,
        recorded_by=actor,
        **answers,
    )


@transaction.atomic
def submit_public_service_feedback(
    *,
    reference: str,
    satisfaction: str,
    timely: bool | None = None,
    respectful: bool | None = None,
    would_recommend: bool | None = None,
) -> ServiceFeedback:
    """The person rates the service themselves, without an account, with the feedback
    reference their caseworker gave them: accepted once, for a completed referral. A wrong
    reference and a referral that is not completed answer the same, so the page tells nobody
    which references exist."""
    number, check = split_reference(reference)
    referral = referral_for_feedback_reference(number)
    unknown = ValidationError(
        {"reference": _("This reference is not known, or the service is not finished yet.")}
    )
    if (
        referral is None
        or not constant_time_compare(check, _check_letters(referral.pk))
        or referral.status != ReferralStatus.COMPLETED
    ):
        raise unknown
    answers = _answers(satisfaction, timely, respectful, would_recommend)
    source = FeedbackSource.PUBLIC
    provider_id = referral.service.provider_id if referral.service_id else None
    return _create(
        ValidationError({"reference": _("The service was already rated with this reference.")}),
        service_id=referral.service_id,
        referral=referral,
        organisation_id=provider_id or referral.to_organisation_id,
        source=source,
        recorded_by=None,
        **answers,
    )
