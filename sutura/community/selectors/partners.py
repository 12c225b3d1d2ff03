"""Reads of partners' workplans (achieved against target at a glance) and of field monitoring
visits (checklist answers, recommendations, follow-ups overdue), through the access layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from sutura.access import get_visible_or_404, visible
from sutura.access.accounts import colleagues, members
from sutura.access.community import (
    PARTNER_VISITOR_ROLES,
    VISITOR_ROLES,
    edits_visit,
    follows_up_visit,
    seen_communities,
    visit_visitors,
    workplan_standing,
)
from sutura.accounts.models import Organisation, OrganisationType
from sutura.community.models import (
    ActivityProgress,
    ChecklistAnswer,
    ChecklistItem,
    Community,
    CommunityPartner,
    FollowUpStatus,
    MonitoringVisit,
    PlannedActivity,
    ProgressParticipantCount,
    SafeSpace,
    VisitRecommendation,
    Workplan,
)

OPEN_FOLLOW_UP = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)


def has_communities(user: Any) -> bool:
    """Whether the user sees any community (their organisation's, or one they partner on)."""
    return visible(user, Community).exists()


def workplans_for(user: Any, *, programme: Any = None) -> QuerySet[Workplan]:
    found = visible(user, Workplan).select_related("organisation", "partner")
    if programme is not None:
        found = found.filter(programmes=programme)
    return found.prefetch_related("programmes").order_by("-starts_on", "title")


def workplan_for(user: Any, pk: Any) -> Workplan:
    return get_visible_or_404(
        user, Workplan.objects.select_related("organisation", "partner"), pk=pk
    )


def activity_for(user: Any, pk: Any) -> PlannedActivity:
    return get_visible_or_404(
        user, PlannedActivity.objects.select_related("workplan", "community"), pk=pk
    )


@dataclass
class ActivityRow:
    activity: PlannedActivity
    achieved: int

    @property
    def percent(self) -> int:
        if not self.activity.target:
            return 0
        return round(100 * self.achieved / self.activity.target)

    @property
    def bar(self) -> int:
        """The progress bar's width, in tenths (the CSP allows no inline style)."""
        return min(10, self.percent // 10)


def activity_rows(user: Any, workplan: Workplan) -> list[ActivityRow]:
    """Each planned activity with what was achieved against its target so far."""
    activities = (
        visible(user, PlannedActivity)
        .filter(workplan=workplan)
        .select_related("community")
        .annotate(done=Sum("progress__achieved"))
        .order_by("order", "created_at")
    )
    return [ActivityRow(activity, activity.done or 0) for activity in activities]


def workplan_progress(user: Any, workplan: Workplan) -> tuple[int, int]:
    """(achieved, target) over the workplan's activities: its progress at a glance."""
    rows = activity_rows(user, workplan)
    return sum(min(r.achieved, r.activity.target) for r in rows), sum(
        r.activity.target for r in rows
    )


def progress_of(user: Any, activity: PlannedActivity) -> QuerySet[ActivityProgress]:
    return (
        visible(user, ActivityProgress)
        .filter(activity=activity)
        .select_related("reported_by")
        .prefetch_related("participant_counts")
        .order_by("-period_start", "-created_at")
    )


def progress_for(user: Any, pk: Any) -> ActivityProgress:
    return get_visible_or_404(
        user, ActivityProgress.objects.select_related("activity__workplan"), pk=pk
    )


def participant_counts_of(user: Any, progress: ActivityProgress) -> QuerySet[Any]:
    return visible(user, ProgressParticipantCount).filter(progress=progress)


# The kinds of organisation that run community work with an officer: NGOs and CBOs.
PARTNER_TYPES = (
    OrganisationType.CBO,
    OrganisationType.NATIONAL_NGO,
    OrganisationType.INTERNATIONAL_NGO,
)


def partner_organisations(user: Any, current: Any = None) -> QuerySet[Organisation]:
    """Organisations an officer may name as a partner (of a workplan, an initiative, a safe
    space, a report): active, not the officer's own, and either an NGO or CBO of the officer's
    country or already a partner on one of the officer's organisation's communities (whatever
    its kind); plus `current` (the one already chosen on the record being edited). Ordered by
    kind then name, for the grouped select (`forms.partners.PartnerChoiceField`)."""
    if user.organisation_id is None:
        return Organisation.objects.none()
    own = user.organisation_id
    already = (
        Q(pk__in=visible(user, CommunityPartner).values("organisation_id"))
        | Q(pk__in=visible(user, Workplan).values("partner_id"))
        | Q(pk__in=visible(user, SafeSpace).values("managing_partner_id"))
    )
    fitting = Q(type__in=PARTNER_TYPES, country_id=user.organisation.country_id) | already
    found = visible(user, Organisation).filter(is_active=True).filter(fitting).exclude(pk=own)
    if current is not None:
        found = visible(user, Organisation).filter(
            Q(pk__in=found.values("pk")) | Q(pk=getattr(current, "pk", current))
        )
    return found.order_by("type", "name")


def communities_to_plan(user: Any, workplan: Workplan) -> QuerySet[Community]:
    """The communities an activity of the workplan may take place in: the owner's."""
    seen = seen_communities(user)
    if seen is None:
        return Community.objects.none()
    return seen.filter(organisation_id=workplan.organisation_id).order_by("name")


def can_edit(user: Any, workplan: Workplan) -> bool:
    return workplan_standing(user, workplan).edits


def can_report(user: Any, workplan: Workplan) -> bool:
    return workplan_standing(user, workplan).records_progress


# --- monitoring visits --------------------------------------------------------------------------


def visits_for(
    user: Any, *, community: Any = None, workplan: Any = None
) -> QuerySet[MonitoringVisit]:
    found = visible(user, MonitoringVisit).select_related("community", "workplan")
    if community is not None:
        found = found.filter(community=community)
    if workplan is not None:
        found = found.filter(workplan=workplan)
    return found.order_by("-visited_on", "-created_at")


def visit_for(user: Any, pk: Any) -> MonitoringVisit:
    return get_visible_or_404(
        user,
        MonitoringVisit.objects.select_related(
            "community", "workplan", "checklist_version__checklist", "recorded_by"
        ),
        pk=pk,
    )


def recommendation_for(user: Any, pk: Any) -> VisitRecommendation:
    return get_visible_or_404(
        user,
        VisitRecommendation.objects.select_related("visit__community", "visit__workplan"),
        pk=pk,
    )


@dataclass
class AnswerRow:
    item: ChecklistItem
    answer: ChecklistAnswer | None


def answers_of(user: Any, visit: MonitoringVisit) -> list[AnswerRow]:
    """Every item of the visit's checklist, with its answer when given."""
    given = {row.item_id: row for row in visible(user, ChecklistAnswer).filter(visit=visit)}
    items = ChecklistItem.objects.filter(checklist_version_id=visit.checklist_version_id)
    return [AnswerRow(item, given.get(item.pk)) for item in items.order_by("order")]


def recommendations_of(user: Any, visit: MonitoringVisit) -> QuerySet[VisitRecommendation]:
    return visible(user, VisitRecommendation).filter(visit=visit).order_by("created_at")


def visitors_of(user: Any, visit: MonitoringVisit) -> list[Any]:
    """The colleagues who went on the visit (names only), for who sees it."""
    return visit_visitors(user, visit)


def follow_ups_due(user: Any) -> QuerySet[VisitRecommendation]:
    """Recommendations still to follow up, overdue first (due date passed)."""
    return (
        visible(user, VisitRecommendation)
        .filter(follow_up_status__in=OPEN_FOLLOW_UP)
        .select_related("visit__community", "visit__workplan")
        .order_by("due_on", "created_at")
    )


def overdue(recommendation: VisitRecommendation) -> bool:
    return (
        recommendation.follow_up_status in OPEN_FOLLOW_UP
        and recommendation.due_on is not None
        and recommendation.due_on < timezone.localdate()
    )


def overdue_follow_ups(user: Any) -> QuerySet[VisitRecommendation]:
    return follow_ups_due(user).filter(due_on__lt=timezone.localdate())


def can_edit_visit(user: Any, visit: MonitoringVisit) -> bool:
    return edits_visit(user, visit)


def can_follow_up(user: Any, visit: MonitoringVisit) -> bool:
    return follows_up_visit(user, visit)


def editable_communities(user: Any) -> QuerySet[Community]:
    """Communities the user may record a visit to (those they edit)."""
    from sutura.access.community import edited_communities

    found = edited_communities(user)
    return Community.objects.none() if found is None else found.order_by("name")


def visitors_to_choose(user: Any) -> QuerySet[Any]:
    """People who may be named as having gone on a visit: the officer's own staff and the
    staff of the partners of the officer's workplans, by organisation then name."""
    if user.organisation_id is None:
        return members(None).none()
    partners = editable_workplans_queryset(user).values("partner_id")
    return (
        members(None)
        .filter(
            Q(pk__in=colleagues(user, *VISITOR_ROLES).values("pk"))
            | Q(
                organisation_id__in=partners,
                roles__overlap=[str(role) for role in PARTNER_VISITOR_ROLES],
            )
        )
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )


def editable_workplans_queryset(user: Any) -> QuerySet[Workplan]:
    """Workplans a visit may follow: those of the user's organisation (an officer edits them)."""
    found = visible(user, Workplan)
    return (
        found.none()
        if user.organisation_id is None
        else found.filter(organisation_id=user.organisation_id)
    )
