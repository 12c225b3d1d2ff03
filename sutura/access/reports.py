"""Programme reports (sutura.reports): who reads, writes and submits a programme's reports.

- A programme's reports are its **running organisation's**: read by its programme managers
  (`Perm.MANAGE_PROGRAMMES`) and M&E officers (`Perm.VIEW_INDICATORS` with
  `Perm.EXPORT_AGGREGATES`: those who prepare figures for donors). Everyone else — another
  organisation, an implementing partner, a protection officer who follows figures — gets 404.
- The same people draft one and edit its narrative; only a programme manager **submits** it
  (it then freezes, `services.submit`).
- A report holds aggregates and narrative, never a person's data: its reads are not audited.

Two forms of one rule: the scopes below for querysets, `reads_reports(user, organisation_id)`
and `submits_reports(...)` for a record already loaded.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.reports.models import ProgrammeReport, ReportFile


def reporter(user: Any) -> bool:
    """May this user work on programme reports at all (role only)?"""
    return user.organisation_id is not None and (
        can(user, Perm.MANAGE_PROGRAMMES)
        or (can(user, Perm.VIEW_INDICATORS) and can(user, Perm.EXPORT_AGGREGATES))
    )


def reads_reports(user: Any, organisation_id: Any) -> bool:
    return reporter(user) and user.organisation_id == organisation_id


def submits_reports(user: Any, organisation_id: Any) -> bool:
    return can(user, Perm.MANAGE_PROGRAMMES) and reads_reports(user, organisation_id)


@register_scope(ProgrammeReport)
def _reports(
    user: Any, queryset: models.QuerySet[ProgrammeReport]
) -> models.QuerySet[ProgrammeReport]:
    if not reporter(user):
        return queryset.none()
    return queryset.filter(organisation_id=user.organisation_id)


@register_scope(ReportFile)
def _files(user: Any, queryset: models.QuerySet[ReportFile]) -> models.QuerySet[ReportFile]:
    if not reporter(user):
        return queryset.none()
    return queryset.filter(report__organisation_id=user.organisation_id)
