"""Exporting one case: the case team downloads the case through a mapping, the export is
audited (which mapping, which version, which format: never a value) and the mapping is marked
used, which freezes it (`models.ExportMapping`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from sutura.access.cases import require_works_on
from sutura.audit.services import record_export
from sutura.caseexport import exports
from sutura.caseexport.models import ExportMapping


@transaction.atomic
def export_case(
    *, actor: Any, case: Any, mapping: ExportMapping, fmt: str, via: str = "page"
) -> exports.CaseExport:
    """The case as the central database's record, with what the actor may read of it."""
    require_works_on(actor, case)
    if fmt not in exports.FORMATS:
        raise ValueError(fmt)
    result = exports.build(actor, case, mapping)
    if mapping.first_used_at is None:
        ExportMapping.objects.filter(pk=mapping.pk, first_used_at__isnull=True).update(
            first_used_at=timezone.now()
        )
    record_export(
        actor,
        detail=(
            f"case export {fmt} ({via}): mapping {mapping.code} v{mapping.version}"
            f"{'' if mapping.organisation_id is None else ' (organisation)'}"
            f", {len(result.withheld)} withheld"
        ),
        obj=case,
    )
    return result
