"""The export of one case for the agency's central case database (`sutura/caseexport/`).

- **Who exports a case**: its team only (`access.cases.works_on`: case managers on the cases
  they may work on, programme managers); a mentor, a provider that received a referral,
  another organisation get 404 on the export as on the case. What each field holds is then
  read by each group through the access layer (`sutura.core.case_export`), so a field the
  user may not read is withheld, never guessed.
- **Mappings** (`ExportMapping`, configuration, no personal data): a user of an organisation
  sees the platform's defaults and their own organisation's mappings (`mapping_filter`); the
  organisation's system administrators keep their own in the administration
  (`keeps_mappings`), the platform's defaults are read-only there (a new version comes by
  migration).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from sutura.access.cases import works_on
from sutura.access.permissions import can, signed_in
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.caseexport.models import ExportMapping


def exports_case(user: Any, case: Any) -> bool:
    """May the user export this case? Its team only (the same rule as the case's records)."""
    return works_on(user, case)


def mapping_filter(user: Any) -> Q | None:
    if not signed_in(user) or user.organisation_id is None:
        return None
    return Q(organisation__isnull=True) | Q(organisation_id=user.organisation_id)


def sees_mapping(user: Any, mapping: ExportMapping) -> bool:
    """The same rule as `mapping_filter`, on one mapping."""
    if not signed_in(user) or user.organisation_id is None:
        return False
    return mapping.organisation_id is None or mapping.organisation_id == user.organisation_id


def keeps_mappings(user: Any) -> bool:
    """Edits their organisation's mappings in the administration (a system administrator)."""
    return (
        signed_in(user)
        and user.organisation_id is not None
        and can(user, Perm.MANAGE_REFERENCE_DATA)
    )


def keeps_mapping(user: Any, mapping: ExportMapping) -> bool:
    """May change this mapping: their own organisation's (never the platform's default)."""
    if getattr(user, "is_superuser", False) and mapping.organisation_id is not None:
        return True
    return keeps_mappings(user) and mapping.organisation_id == user.organisation_id


@register_scope(ExportMapping)
def _mappings(user: Any, queryset: models.QuerySet[ExportMapping]) -> models.QuerySet[Any]:
    condition = mapping_filter(user)
    return queryset.none() if condition is None else queryset.filter(condition)
