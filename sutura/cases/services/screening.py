"""Vulnerability screening and needs assessment."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require
from sutura.access.accounts import members
from sutura.access.cases import require_works_on
from sutura.accounts.roles import Perm, Role
from sutura.cases.models import (
    Case,
    CaseStatus,
    NeedsAssessment,
    Priority,
    RiskLevel,
    TransitionCause,
    Vulnerability,
    VulnerabilityScreening,
)
from sutura.cases.models.screening import ALERT_CATEGORIES
from sutura.cases.services.lifecycle import move_case
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.notifications.messages import Text
from sutura.notifications.services import notify


def responsible_focal_points(case: Case) -> list[Any]:
    """Who is alerted about a presumed trafficking victim or an unaccompanied child: the
    organisation's focal points and programme managers (supervisors of the case manager)."""
    return list(members(case.organisation_id, Role.MHPSS_FOCAL_POINT, Role.PROGRAMME_MANAGER))


@transaction.atomic
def record_screening(
    *,
    actor: Any,
    case: Case,
    categories: list[str],
    screened_on: date | None = None,
    other_description: str = "",
    individual_factors: str = "",
    household_factors: str = "",
    community_factors: str = "",
    structural_factors: str = "",
) -> VulnerabilityScreening:
    """Record the screening. A presumed trafficking victim or a child without a caregiver makes
    the case urgent and alerts the responsible focal points at once."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    screened_on = screened_on or timezone.localdate()
    if screened_on > timezone.localdate():
        raise ValidationError({"screened_on": _("The date cannot be in the future.")})
    if Vulnerability.OTHER in categories and not other_description.strip():
        raise ValidationError({"other_description": _("Describe the other vulnerability.")})
    # The screening changes the case's flags: screenings (and follow-ups) on one case wait for
    # the case's row lock in turn instead of refusing each other as conflicts.
    case = locked(case)
    screening = VulnerabilityScreening.objects.create(
        case=case,
        categories=sorted(set(categories)),
        screened_on=screened_on,
        other_description=other_description,
        individual_factors=individual_factors,
        household_factors=household_factors,
        community_factors=community_factors,
        structural_factors=structural_factors,
        screened_by=actor,
    )
    alerts = sorted(ALERT_CATEGORIES.intersection(categories))
    flags = sorted(set(case.flags) | set(categories))
    fields: dict[str, Any] = {"flags": flags}
    if alerts:
        fields |= {"priority": Priority.URGENT, "risk_level": RiskLevel.HIGH}
    for name, value in fields.items():
        setattr(case, name, value)
    save_versioned(case, expected_version=case.version, fields=list(fields))
    if case.status == CaseStatus.REGISTERED:
        case = move_case(
            actor=actor, case=case, to_status=CaseStatus.SCREENING, cause=TransitionCause.SCREENING
        )
    if alerts:
        # The case number only: what was found stays in the case, not in an e-mail.
        notify(
            responsible_focal_points(case),
            Text(gettext_noop("Urgent case %(number)s"), number=case.number),
            Text(gettext_noop("A screening made case %(number)s urgent."), number=case.number),
            link=reverse("cases:detail", args=[case.pk]),
        )
    return screening


@transaction.atomic
def flag_case(*, actor: Any, case: Case, categories: list[str], record_flags: bool = True) -> Case:
    """Add vulnerability flags to a case outside a screening (an app above cases found them:
    an identified victim of trafficking…). An alert category makes the case urgent and high
    risk and tells the responsible focal points, as a screening does; flags already there
    change nothing and tell no one again. `record_flags=False`: the finding is restricted (the
    whole case team would read the flag): the case only becomes urgent and high risk."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    case = locked(case)
    new = set(categories) - set(case.flags)
    if not new:
        return case
    fields: dict[str, Any] = {"flags": sorted(set(case.flags) | new)} if record_flags else {}
    alerts = ALERT_CATEGORIES.intersection(new)
    if alerts:
        fields |= {"priority": Priority.URGENT, "risk_level": RiskLevel.HIGH}
    if not record_flags and all(getattr(case, name) == value for name, value in fields.items()):
        return case  # already urgent: nothing changes, no one is told again
    for name, value in fields.items():
        setattr(case, name, value)
    save_versioned(case, expected_version=case.version, fields=list(fields))
    if alerts:
        notify(
            responsible_focal_points(case),
            Text(gettext_noop("Urgent case %(number)s"), number=case.number),
            Text(gettext_noop("Case %(number)s was made urgent."), number=case.number),
            link=reverse("cases:detail", args=[case.pk]),
        )
    return case


@transaction.atomic
def record_assessment(
    *,
    actor: Any,
    case: Case,
    economic: str = "",
    social: str = "",
    psychosocial: str = "",
    summary: str = "",
    assessed_on: date | None = None,
) -> NeedsAssessment:
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("The date cannot be in the future.")})
    if not any(text.strip() for text in (economic, social, psychosocial)):
        raise ValidationError(_("Describe the needs in at least one dimension."))
    return NeedsAssessment.objects.create(
        case=case,
        economic=economic,
        social=social,
        psychosocial=psychosocial,
        summary=summary,
        assessed_on=assessed_on,
        assessed_by=actor,
    )
