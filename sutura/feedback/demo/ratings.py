"""The demo's feedback on services, through the services acting as the demo users:

- the caseworker who made each completed referral records what the person said of the
  service; on most of them the person also rated it themselves with the referral's feedback
  reference (the public page's service);
- Jamra Santé mentale (`provider`) completes referrals it had accepted until its individual
  consultations and its psychiatry have three completed each, so that both pass the five
  answers a rating needs to show (the others read "fewer than 5 answers so far");
- AIM-SN's case manager records the person's opinion of six assistance deliveries.

Skipped when the demo already has service feedback.
"""

from __future__ import annotations

import random
from typing import Any

from django.db.models import F

from sutura.access.cases import works_on
from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.cases.models import AssistanceDelivery
from sutura.directory.demo import demo_services
from sutura.feedback.models import ServiceFeedback
from sutura.feedback.services import ratings
from sutura.referrals.models import Referral, ReferralStatus
from sutura.referrals.services import workflow

# The services whose ratings show in the demo (keys of the demo directory).
RATED = ("jsm-counselling", "jsm-psychiatry")
ANSWERS = [
    # satisfaction, on time, respected, would recommend (None: not asked)
    ("satisfied", True, True, True),
    ("satisfied", True, True, True),
    ("partly", False, True, True),
    ("satisfied", True, True, None),
    ("not_satisfied", False, False, False),
    ("satisfied", None, True, True),
    ("partly", True, True, False),
]


def _complete_enough(users: dict[str, User]) -> None:
    """JSM completes referrals it had accepted or started until each rated service has three
    completed (each then gets two answers: the caseworker's and the person's own); a case
    without a mentor first, so that no mentor's story changes."""
    provider = users.get("provider")
    services = demo_services()
    if provider is None:
        return
    for key in RATED:
        service = services.get(key)
        if service is None:
            continue
        referrals = Referral.objects.filter(service=service)
        missing = 3 - referrals.filter(status=ReferralStatus.COMPLETED).count()
        under_way = referrals.filter(
            status__in=[ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS]
        ).order_by(F("case__mentor").asc(nulls_first=True), "sent_at")
        for referral in list(under_way)[: max(missing, 0)]:
            with acting_as(provider):
                workflow.complete(
                    actor=provider,
                    referral=referral,
                    outcome="provided",
                    feedback="Suivi terminé ; contrôle dans trois mois au centre.",
                )


def seed_ratings(users: dict[str, User]) -> tuple[int, int]:
    """(answers on referrals, answers on deliveries)."""
    if ServiceFeedback.objects.exists():
        return 0, 0
    _complete_enough(users)
    pick = random.Random(17)
    rated = {s.pk for key, s in demo_services().items() if key in RATED}
    completed = (
        Referral.objects.filter(status=ReferralStatus.COMPLETED)
        .select_related("case", "service", "referred_by")
        .order_by("number")
    )
    on_referrals = 0
    for referral in completed:
        caseworker = referral.referred_by
        answer: dict[str, Any] = dict(zip(_FIELDS, pick.choice(ANSWERS), strict=True))
        if caseworker is not None and works_on(caseworker, referral.case):
            with acting_as(caseworker):
                ratings.record_service_feedback(actor=caseworker, referral=referral, **answer)
            on_referrals += 1
        # The person rates the rated services themselves; a few others too.
        if referral.service_id in rated or pick.random() < 0.3:
            own: dict[str, Any] = dict(zip(_FIELDS, pick.choice(ANSWERS), strict=True))
            ratings.submit_public_service_feedback(
                reference=ratings.feedback_reference(referral), **own
            )
            on_referrals += 1
    return on_referrals, _on_deliveries(users, pick)


_FIELDS = ("satisfaction", "timely", "respectful", "would_recommend")


def _on_deliveries(users: dict[str, User], pick: Any) -> int:
    caseworker = users.get("casemanager")
    if caseworker is None:
        return 0
    deliveries = (
        AssistanceDelivery.objects.filter(item__plan__case__organisation=caseworker.organisation)
        .select_related("item__plan__case")
        .order_by("delivered_on", "pk")
    )
    done = 0
    for delivery in deliveries:
        if done == 6:
            break
        if not works_on(caseworker, delivery.item.plan.case):
            continue
        answer: dict[str, Any] = dict(zip(_FIELDS, pick.choice(ANSWERS), strict=True))
        with acting_as(caseworker):
            ratings.record_service_feedback(actor=caseworker, delivery=delivery, **answer)
        done += 1
    return done
