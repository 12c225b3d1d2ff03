"""Exporting one case: the case team downloads the case through a mapping, the export is
audited (which mapping, which version, which format: never a value) and the mapping is marked
used, which freezes it (`models.ExportMapping`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from sutura.access.cases import require_works_on
from sutura.audit.services import record_export
from sutura.caseexport import exports
from sutura.caseexport.models import ExportMapping
from sutura.core.texts import Text


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
        detail=Text(
            gettext_noop(
                "Case export %(format)s (%(via)s): mapping %(mapping)s v%(version)s, "
                "%(withheld)s withheld"
            )
            if mapping.organisation_id is None
            else gettext_noop(
                "Case export %(format)s (%(via)s): mapping %(mapping)s v%(version)s "
                "(organisation), %(withheld)s withheld"
            ),
            format=fmt,
            via=via,
            mapping=mapping.code,
            version=mapping.version,
            withheld=len(result.withheld),
        ),
        obj=case,
    )
    return result
