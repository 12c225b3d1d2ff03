"""Reads of feedback on services, always through `sutura.access`.

Row by row, an answer is read by the team of the case it is about (and whoever recorded it):
the caseworker's answers only — what the person left themselves on the public page is counted
in the ratings and shown to nobody one by one, so that they may say what they think of a
service their caseworker chose. Per service, counts only (`ratings_counted_for`), shown once a
service has `MIN_ANSWERS` answers, so that nobody can tell who answered what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.cases import works_on
from sutura.access.feedback import ratings_counted_for, reads_service_ratings
from sutura.accounts.models import Organisation
from sutura.audit.services import record_read
from sutura.cases.models import AssistanceDelivery, Case
from sutura.core.templatetags.typography import percent_text
from sutura.directory.models import Service
from sutura.feedback.models import FeedbackSource, Satisfaction, ServiceFeedback
from sutura.feedback.services.ratings import feedback_reference
from sutura.referrals.models import Referral, ReferralStatus

MIN_ANSWERS = 5  # fewer answers than this: no figure, so nobody learns who answered what


# --- one referral, one delivery ------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralFeedback:
    """What the referral page's section shows the case team."""

    referral: Referral
    recorded: ServiceFeedback | None  # the caseworker's answer, once recorded
    rated_by_person: bool  # the person used the reference (their answers are not shown)
    reference: str  # for the person to rate the service themselves


def feedback_of_referral(user: Any, referral: Referral) -> ReferralFeedback | None:
    """For the case team, on a completed referral: the answer recorded, or the means to record
    one; nothing for anyone else (the provider reads counts, never one person's answer)."""
    if referral.status != ReferralStatus.COMPLETED or not works_on(user, referral.case):
        return None
    rows = list(
        visible(user, ServiceFeedback).filter(referral=referral).select_related("recorded_by")
    )
    recorded = next((r for r in rows if r.source == FeedbackSource.CASEWORKER), None)
    return ReferralFeedback(
        referral=referral,
        recorded=recorded,
        rated_by_person=any(r.source == FeedbackSource.PUBLIC for r in rows),
        reference=feedback_reference(referral),
    )


def _with_feedback_flag(user: Any, deliveries: models.QuerySet[Any]) -> models.QuerySet[Any]:
    answered = visible(user, ServiceFeedback).filter(
        delivery=OuterRef("pk"), source=FeedbackSource.CASEWORKER
    )
    return deliveries.annotate(has_feedback=Exists(answered))


def deliveries_of_case(user: Any, case: Case) -> list[AssistanceDelivery]:
    """The case page's section: the assistance delivered on the case, each marked with whether
    the person's opinion of it was recorded (for the case team only)."""
    if not works_on(user, case):
        return []
    deliveries = (
        visible(user, AssistanceDelivery)
        .filter(item__plan__case=case)
        .select_related("item")
        .order_by("-delivered_on", "-created_at")
    )
    return list(_with_feedback_flag(user, deliveries))


def delivery_for(user: Any, pk: Any, *, audit: bool = True) -> AssistanceDelivery:
    """One assistance delivered, for the case team (404 otherwise); the read is audited."""
    deliveries = _with_feedback_flag(
        user, visible(user, AssistanceDelivery).select_related("item__plan__case")
    )
    delivery = get_visible_or_404(user, deliveries, pk=pk)
    if audit:
        record_read(user, delivery, detail=gettext_noop("feedback on assistance delivered"))
    return delivery


def recorded_feedback_for(user: Any) -> models.QuerySet[ServiceFeedback]:
    """The caseworkers' answers the user sees one by one (the API's list)."""
    return (
        visible(user, ServiceFeedback)
        .filter(source=FeedbackSource.CASEWORKER)
        .select_related("service", "organisation")
        .order_by("-created_at")
    )


# --- ratings: counts per service ---------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    yes: int
    asked: int

    @property
    def shown(self) -> bool:
        return self.asked >= MIN_ANSWERS

    @property
    def percent(self) -> str:
        if not self.shown:
            return "—"
        return percent_text(round(100 * self.yes / self.asked))


@dataclass(frozen=True)
class Rating:
    """The answers about one service (or one organisation's assistance delivered): counts
    only, and none at all under `MIN_ANSWERS` answers."""

    kind: str  # "service", "assistance" (delivered on a plan) or "internal" (no service)
    service: Service | None
    organisation: Organisation
    answers: int
    satisfied: int
    partly: int
    not_satisfied: int
    timely: Share
    respectful: Share
    would_recommend: Share

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS

    @property
    def label(self) -> str:
        if self.service is not None:
            return str(self.service.name)
        if self.kind == "assistance":
            return _("Assistance delivered on reintegration plans")
        return _("Internal referrals")

    def percent(self, count: int) -> str:
        return percent_text(round(100 * count / self.answers)) if self.answers else "—"

    @property
    def satisfied_percent(self) -> str:
        return self.percent(self.satisfied)


def _kind() -> models.Case:
    return models.Case(
        models.When(delivery__isnull=False, then=Value("assistance")),
        models.When(service__isnull=False, then=Value("service")),
        default=Value("internal"),
        output_field=models.CharField(),
    )


def _ratings(rows: models.QuerySet[ServiceFeedback]) -> list[Rating]:
    def count(**lookup: Any) -> Count:
        return Count("pk", filter=Q(**lookup))

    grouped = (
        rows.order_by()
        .annotate(kind=_kind())
        .values("kind", "service_id", "organisation_id")
        .annotate(
            answers=Count("pk"),
            satisfied=count(satisfaction=Satisfaction.SATISFIED),
            partly=count(satisfaction=Satisfaction.PARTLY),
            not_satisfied=count(satisfaction=Satisfaction.NOT_SATISFIED),
            timely_asked=count(timely__isnull=False),
            timely_yes=count(timely=True),
            respectful_asked=count(respectful__isnull=False),
            respectful_yes=count(respectful=True),
            recommend_asked=count(would_recommend__isnull=False),
            recommend_yes=count(would_recommend=True),
        )
    )
    rows_found = list(grouped)
    services = Service.objects.in_bulk({g["service_id"] for g in rows_found if g["service_id"]})
    organisations = Organisation.objects.in_bulk({g["organisation_id"] for g in rows_found})
    found = [
        Rating(
            kind=g["kind"],
            service=services.get(g["service_id"]),
            organisation=organisations[g["organisation_id"]],
            answers=g["answers"],
            satisfied=g["satisfied"],
            partly=g["partly"],
            not_satisfied=g["not_satisfied"],
            timely=Share(g["timely_yes"], g["timely_asked"]),
            respectful=Share(g["respectful_yes"], g["respectful_asked"]),
            would_recommend=Share(g["recommend_yes"], g["recommend_asked"]),
        )
        for g in rows_found
    ]
    # Those with figures first, then by who gave the service.
    return sorted(
        found, key=lambda r: (not r.shown, r.organisation.name, r.kind != "service", r.label)
    )


def ratings_for(user: Any) -> list[Rating]:
    """Per service (and per organisation for assistance delivered): the NRM coordinator reads
    every service's, a provider's staff their own organisation's."""
    return _ratings(ratings_counted_for(user))


def rating_of_service(user: Any, service: Service) -> Rating | None:
    """The directory's service page: the service's rating, for those who may read it (the
    coordinator, the provider's staff); None for everyone else."""
    if not reads_service_ratings(user, service.provider_id):
        return None
    found = _ratings(ratings_counted_for(user).filter(service=service))
    if found:
        return found[0]
    empty = Share(0, 0)
    return Rating("service", service, service.provider, 0, 0, 0, 0, empty, empty, empty)
