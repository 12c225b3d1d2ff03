"""Partners' workplans: the organisation's protection officer opens a workplan for a partner
organisation and a period (tagged by programme, i.e. donor), plans its activities (a community
of the organisation, a target and a unit), and the partner's staff — or the officer — report
what was achieved against each activity, with the participants counted by sex × age group."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.access.community import community_standing, workplan_standing
from sutura.accounts.roles import Perm
from sutura.community.models import (
    ActivityProgress,
    Community,
    PlannedActivity,
    ProgressParticipantCount,
    Workplan,
)
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked

WORKPLAN_FIELDS = ("title", "starts_on", "ends_on")
ACTIVITY_FIELDS = ("description", "target", "unit", "order")


def _programmes_of(organisation_id: Any, programmes: Iterable[Any]) -> list[Any]:
    chosen = list(programmes)
    if any(programme.organisation_id != organisation_id for programme in chosen):
        raise ValidationError({"programmes": _("Choose programmes of your organisation.")})
    return chosen


def _require_edits(actor: Any, workplan: Workplan) -> None:
    if not workplan_standing(actor, workplan).edits:
        raise PermissionDenied


@transaction.atomic
def create_workplan(
    *,
    actor: Any,
    partner: Any,
    title: str,
    starts_on: date,
    ends_on: date,
    programmes: Iterable[Any] = (),
) -> Workplan:
    """Open a partner organisation's workplan for a period, under the actor's organisation."""
    require(actor, Perm.MANAGE_COMMUNITIES)
    if actor.organisation_id is None:
        raise PermissionDenied
    if partner.pk == actor.organisation_id:
        raise ValidationError({"partner": _("Choose another organisation as the partner.")})
    chosen = _programmes_of(actor.organisation_id, programmes)
    _check_period(starts_on, ends_on)
    workplan = Workplan(
        organisation_id=actor.organisation_id,
        partner=partner,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    workplan.full_clean()
    workplan.save()
    if chosen:
        workplan.programmes.set(chosen)
    return workplan


def _check_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period cannot end before it starts.")})


@transaction.atomic
def update_workplan(
    *,
    actor: Any,
    workplan: Workplan,
    expected_version: int,
    programmes: Iterable[Any] | None = None,
    **data: Any,
) -> Workplan:
    """Change a workplan's title or period; refused if it changed since it was opened."""
    _require_edits(actor, workplan)
    unknown = set(data) - set(WORKPLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown workplan fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(workplan, name, value)
    _check_period(workplan.starts_on, workplan.ends_on)
    workplan.full_clean()
    workplan = save_versioned(workplan, expected_version=expected_version, fields=list(data))
    if programmes is not None:
        workplan.programmes.set(_programmes_of(workplan.organisation_id, programmes))
    return workplan


@transaction.atomic
def add_activity(
    *,
    actor: Any,
    workplan: Workplan,
    community: Community,
    description: str,
    target: int,
    unit: str,
    order: int | None = None,
) -> PlannedActivity:
    """Plan an activity of the workplan in one of the organisation's communities, with its
    target and unit (the partner's staff then see that community)."""
    _require_edits(actor, workplan)
    # Only a community the organisation owns: an activity opens the community to the partner.
    if (
        community.organisation_id != workplan.organisation_id
        or not community_standing(actor, community).edits
    ):
        raise ValidationError({"community": _("Choose a community of your organisation.")})
    if order is None:
        order = (workplan.activities.count() + 1) * 10
    activity = PlannedActivity(
        workplan=workplan,
        community=community,
        description=description,
        target=target,
        unit=unit,
        order=order,
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def update_activity(
    *, actor: Any, activity: PlannedActivity, expected_version: int, **data: Any
) -> PlannedActivity:
    """Change an activity's description, target, unit or order."""
    _require_edits(actor, activity.workplan)
    unknown = set(data) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(activity, name, value)
    activity.full_clean()
    return save_versioned(activity, expected_version=expected_version, fields=list(data))


@transaction.atomic
def report_progress(
    *,
    actor: Any,
    activity: PlannedActivity,
    period_start: date,
    period_end: date,
    achieved: int,
    note: str = "",
    participants: Mapping[tuple[str, str], int] | None = None,
    id: uuid.UUID | None = None,  # the id a client working offline chose
) -> ActivityProgress:
    """Report what was achieved against a planned activity over a period, with the
    participants counted by (sex, age group). A client may choose the record's id: sending the
    same id again gives back the first report instead of a second one."""
    workplan = activity.workplan
    if not workplan_standing(actor, workplan).records_progress:
        raise PermissionDenied
    if id is not None:
        found = ActivityProgress.objects.filter(pk=id).first()
        if found is not None:
            if found.activity_id != activity.pk:
                raise ValidationError({"id": _("This id is already used by another report.")})
            return found
    # Reports of one activity wait for each other (the achieved total is read from them).
    locked(activity)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    if period_start < workplan.starts_on or period_end > workplan.ends_on:
        raise ValidationError(
            {"period_start": _("Report within the workplan's period.")},
        )
    progress = ActivityProgress(
        activity=activity,
        period_start=period_start,
        period_end=period_end,
        achieved=achieved,
        note=note,
        reported_by=actor,
    )
    if id is not None:
        progress.pk = id
    progress.full_clean(validate_unique=False)
    progress.save(force_insert=True)
    for (sex, age_group), count in (participants or {}).items():
        if count:
            row = ProgressParticipantCount(
                progress=progress, sex=sex, age_group=age_group, count=count
            )
            row.full_clean()
            row.save()
    return progress
