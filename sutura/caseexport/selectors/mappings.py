"""Which mappings a user may export with: the platform's defaults and their organisation's
(`access.caseexport.mapping_filter`), active ones, the latest version of each code; an
organisation's own mapping with the code of a platform default takes its place."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from sutura.access import visible
from sutura.caseexport.models import ExportMapping


def mappings_for(user: Any) -> list[ExportMapping]:
    """One mapping per code, the latest active version; the organisation's own first."""
    chosen: dict[str, ExportMapping] = {}
    rows = visible(user, ExportMapping).filter(active=True).order_by("code", "-version")
    for mapping in rows:
        current = chosen.get(mapping.code)
        if current is None or (current.organisation_id is None and mapping.organisation_id):
            chosen[mapping.code] = mapping
    return sorted(chosen.values(), key=lambda m: (m.organisation_id is None, m.name))


def mapping_for(user: Any, code: str, version: int | None = None) -> ExportMapping:
    """The mapping a user asks for by code (and version): 404 when none is offered to them."""
    if version is None:
        for mapping in mappings_for(user):
            if mapping.code == code:
                return mapping
        raise Http404
    rows = visible(user, ExportMapping).filter(active=True, code=code, version=version)
    found = sorted(rows, key=lambda m: m.organisation_id is None)
    if not found:
        raise Http404
    return found[0]
