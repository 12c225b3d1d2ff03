"""Feedback on services and the figures in the URL × role matrix (records:
`tests/world_parts/feedback_ratings.py`).

- recording the person's opinion of a referral: 404 unless the user deals with the referral,
  403 unless they work on its case (the service then refuses a referral not completed, or one
  already rated: the page says why);
- of an assistance delivered: the case team only (404 for everyone else, as the delivery);
- the public page: everyone, signed in or not;
- the ratings: every member of an organisation (their own organisation's services; the NRM
  coordinator every service); the figures: whoever counts feedback (403 otherwise).
"""

from __future__ import annotations

from typing import Any

from sutura.access import can
from sutura.access.cases import works_on
from sutura.access.feedback import counts_feedback, reads_ratings
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Route,
    api,
    api_post,
    gate,
    in_view,
    of_world,
    page,
    per_side,
    post,
    row_then_gate,
    sees_referral,
    signed_in,
)
from sutura.accounts.roles import Perm
from sutura.cases.models import AssistanceDelivery
from sutura.referrals.models import Referral
from tests.worlds import World

REFERRALS = of_world("pk", "completed_ab", "referral_ab", "referral_ba", "internal_a")
DELIVERIES = per_side("pk", "delivery")
ANSWERS = {
    "rating-satisfaction": "satisfied",
    "rating-timely": "yes",
    "rating-respectful": "yes",
    "rating-would_recommend": "not_asked",
}


def _team_of_referral(user: Any, referral: Referral) -> bool:
    return works_on(user, referral.case)


def _subjects(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    """What the API is asked to rate: referrals (completed or not) and deliveries."""
    found: dict[str, tuple[dict[str, Any], Any]] = {
        label: ({}, record) for label, (_kw, record) in REFERRALS(world).items()
    }
    for label, (_kw, record) in DELIVERIES(world).items():
        found[label] = ({}, record)
    return found


def _api_rates(user: Any, world: World, record: Any) -> str:
    """The role (403), the referral or delivery (404), then the case team (403)."""
    if not can(user, Perm.MANAGE_CASES):
        return FORBIDDEN
    if isinstance(record, Referral):
        if not sees_referral(user, record):
            return MISSING
        return OK if works_on(user, record.case) else FORBIDDEN
    return OK if in_view(AssistanceDelivery)(user, record) else MISSING


def _answers_about(world: World, record: Any) -> dict[str, Any]:
    subject = "referral" if isinstance(record, Referral) else "delivery"
    return {subject: str(record.pk), "satisfaction": "satisfied", "timely": True}


def _reads_ratings(user: Any, world: World, record: Any) -> str:
    return OK if reads_ratings(user) else FORBIDDEN


def _counts(user: Any, world: World, record: Any) -> str:
    return OK if counts_feedback(user) else FORBIDDEN


SEES_DELIVERY = gate(row=in_view(AssistanceDelivery))

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "feedback_ratings:referral": post(
        row_then_gate(sees_referral, _team_of_referral), REFERRALS, data=ANSWERS
    ),
    "feedback_ratings:delivery": (
        page(SEES_DELIVERY, DELIVERIES),
        post(SEES_DELIVERY, DELIVERIES, audited=False),
    ),
    "feedback_ratings:public_rate": (
        page(signed_in, public=True, audited=False),
        post(signed_in, public=True, data={"reference": "REF-2026-000001-AAAA"}),
    ),
    "feedback_ratings:ratings": page(_reads_ratings, audited=False),
    "feedback:figures": page(_counts, audited=False),
    "feedback:figures_xlsx": page(_counts),
    "api-feedback-service-feedback-list": (
        api(signed_in),
        api_post(_api_rates, _subjects, data=_answers_about),
    ),
    "api-feedback-rating-list": api(_reads_ratings, audited=False),
    "api-feedback-figures": api(_counts, audited=False),
}
