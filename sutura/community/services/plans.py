"""The community action plan: its recommendations (drafted from the risk analysis), their
status and progress, and the plan's validation at a consultation of the community.

How a validated plan changes (decision): validation records a `meetings.Decision` on the
consultation whose text lists the recommendations as validated (the frozen version, kept with
the meeting's minutes), and links the plan to that meeting and decision. From then on:
- the recommendations validated (added before the decision) keep their content: action,
  risks, responsible, partners, resources, cost and timeline are refused with a message;
  their status and progress updates go on (that is the plan being carried out);
- a recommendation added after the validation is shown as "added since the validation" until
  the plan is validated again at a later consultation (a new decision), which freezes it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sutura.access.community import community_standing
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    ActionPlan,
    Community,
    PlanStatus,
    ProgressUpdate,
    Recommendation,
    RecommendationStatus,
)
from sutura.core.concurrency import save_versioned
from sutura.core.dates import date_format
from sutura.core.locking import locked
from sutura.meetings import services as meetings

CONTENT_FIELDS = (
    "action",
    "responsible_organisation",
    "responsible_text",
    "partners",
    "resources",
    "estimated_cost",
    "currency",
    "starts_on",
    "ends_on",
    "order",
)
CLOSED = (RecommendationStatus.DONE, RecommendationStatus.DROPPED)


def _require_edits(actor: Any, community: Community) -> None:
    if not community_standing(actor, community).edits:
        raise PermissionDenied


def is_validated(recommendation: Recommendation, plan: ActionPlan | None = None) -> bool:
    """Was this recommendation part of the version validated at the consultation?"""
    plan = plan or recommendation.plan
    if plan.decision is None:
        return False
    return recommendation.created_at <= plan.decision.created_at


def is_overdue(recommendation: Recommendation, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        recommendation.ends_on is not None
        and recommendation.ends_on < today
        and recommendation.status not in CLOSED
    )


@transaction.atomic
def plan_of(*, actor: Any, community: Community) -> ActionPlan:
    """The community's action plan, opened as a draft the first time."""
    _require_edits(actor, community)
    plan, _created = ActionPlan.objects.get_or_create(community=community)
    return plan


def _check_risks(plan: ActionPlan, risks: Iterable[Any]) -> list[Any]:
    chosen = list(risks)
    if any(risk.analysis.community_id != plan.community_id for risk in chosen):
        raise ValidationError({"risks": _("Choose risks of this community.")})
    return chosen


def _check_content(data: dict[str, Any]) -> None:
    unknown = set(data) - set(CONTENT_FIELDS) - {"status"}
    if unknown:
        raise TypeError(f"unknown recommendation fields: {sorted(unknown)}")


@transaction.atomic
def add_recommendation(
    *, actor: Any, community: Community, risks: Iterable[Any] = (), **data: Any
) -> Recommendation:
    """Add a recommendation to the community's action plan (opened if needed)."""
    _require_edits(actor, community)
    _check_content(data)
    plan = locked(plan_of(actor=actor, community=community))
    chosen = _check_risks(plan, risks)
    if "order" not in data:
        data["order"] = (plan.recommendations.count() + 1) * 10
    recommendation = Recommendation(plan=plan, **data)
    recommendation.full_clean()
    recommendation.save()
    recommendation.risks.set(chosen)
    return recommendation


@transaction.atomic
def update_recommendation(
    *,
    actor: Any,
    recommendation: Recommendation,
    expected_version: int,
    risks: Iterable[Any] | None = None,
    **data: Any,
) -> Recommendation:
    """Change a recommendation. Once validated at a consultation its content is frozen: only
    its status changes (with a progress update)."""
    plan = recommendation.plan
    _require_edits(actor, plan.community)
    _check_content(data)
    if is_validated(recommendation, plan):
        changed = {
            name for name, value in data.items() if getattr(recommendation, name) != value
        } - {"status"}
        if risks is not None and {r.pk for r in risks} != {
            r.pk for r in recommendation.risks.all()
        }:
            changed.add("risks")
        if changed:
            raise ValidationError(
                _(
                    "This recommendation was validated at a consultation: its content is "
                    "frozen. Record its progress, or add a new recommendation to validate at "
                    "the next consultation."
                )
            )
    for name, value in data.items():
        setattr(recommendation, name, value)
    recommendation.full_clean()
    recommendation = save_versioned(
        recommendation, expected_version=expected_version, fields=list(data)
    )
    if risks is not None and not is_validated(recommendation, plan):
        recommendation.risks.set(_check_risks(plan, risks))
    return recommendation


@transaction.atomic
def record_progress(
    *,
    actor: Any,
    recommendation: Recommendation,
    status: str,
    text: str,
    noted_on: date | None = None,
) -> ProgressUpdate:
    """Note progress on a recommendation; its status becomes the one given."""
    _require_edits(actor, recommendation.plan.community)
    recommendation = locked(recommendation)
    update = ProgressUpdate(
        recommendation=recommendation,
        status=status,
        text=text,
        noted_on=noted_on or timezone.localdate(),
        author=actor,
    )
    update.full_clean()
    if update.noted_on > timezone.localdate():
        raise ValidationError({"noted_on": _("The date cannot be in the future.")})
    update.save()
    if recommendation.status != status:
        recommendation.status = status
        recommendation.version += 1
        recommendation.save(update_fields=["status", "version", "updated_at"])
    return update


DECISION_MAX = 4000


def decision_draft(community: Community, recommendations: list[Recommendation]) -> str:
    """A starting point for the decision's text, in the language active now: the validation
    form shows it for the minute-taker to put in the consultation's own words. Only what they
    submit is stored (user content, like any decision typed at a meeting)."""
    count = len(recommendations)
    lines = [
        ngettext(
            "The community action plan of %(community)s is validated, with %(count)d "
            "recommendation:",
            "The community action plan of %(community)s is validated, with %(count)d "
            "recommendations:",
            count,
        )
        % {"community": community.name, "count": count}
    ]
    for number, recommendation in enumerate(recommendations, start=1):
        who = recommendation.responsible_text or str(recommendation.responsible_organisation)
        lines.append(
            _("%(number)d. %(action)s (%(who)s%(when)s)")
            % {
                "number": number,
                "action": recommendation.action,
                "who": who,
                "when": _timeline(recommendation.starts_on, recommendation.ends_on),
            }
        )
    return "\n".join(lines)[:DECISION_MAX]


def _timeline(starts_on: date | None, ends_on: date | None) -> str:
    """ ", from 1 December 2026 to 31 March 2027" in the reader's language, or "" without dates."""
    if starts_on and ends_on:
        return _(", from %(start)s to %(end)s") % {
            "start": date_format(starts_on),
            "end": date_format(ends_on),
        }
    if starts_on:
        return _(", from %(start)s") % {"start": date_format(starts_on)}
    if ends_on:
        return _(", by %(end)s") % {"end": date_format(ends_on)}
    return ""


def _check_meeting_held(meeting: Any) -> None:
    """A plan is validated at a consultation already held: the decision is its record. Its
    status does not count (a meeting held but still marked planned is fine), its date does."""
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            {
                "meeting": _(
                    "“%(meeting)s” takes place on %(date)s, still to come: record the "
                    "plan's validation once the consultation has been held."
                )
                % {
                    "meeting": meeting.title,
                    "date": date_format(timezone.localtime(meeting.starts_at).date()),
                }
            }
        )


def _checked_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the decision as the consultation took it.")})
    if len(text) > DECISION_MAX:
        raise ValidationError(
            {"text": _("Keep the decision under %(max)d characters.") % {"max": DECISION_MAX}}
        )
    return text


@transaction.atomic
def validate_plan(*, actor: Any, community: Community, meeting: Any, text: str) -> ActionPlan:
    """Record that the community validated its action plan at a consultation: a decision of
    that meeting, in the minute-taker's words (`text`, which the form prefills with
    `decision_draft` in the user's language), and the content of the recommendations validated
    is frozen."""
    _require_edits(actor, community)
    text = _checked_text(text)
    if meeting.context_kind != COMMUNITY_CONTEXT or meeting.context_id != community.pk:
        raise ValidationError({"meeting": _("Choose a meeting of this community.")})
    _check_meeting_held(meeting)
    plan = locked(plan_of(actor=actor, community=community))
    recommendations = list(
        plan.recommendations.select_related("responsible_organisation").order_by("order")
    )
    if not recommendations:
        raise ValidationError(_("Add the plan's recommendations before its validation."))
    decision = meetings.add_decision(actor, meeting, text=text)
    plan.status = PlanStatus.VALIDATED
    plan.validated_at = meeting
    plan.decision = decision
    plan.version += 1
    plan.full_clean()
    plan.save(update_fields=["status", "validated_at", "decision", "version", "updated_at"])
    return plan
