"""The community diagnosis, recorded by the community's protection officer: migration flows,
notes by topic, socio-economic groups, services present, key-informant interviews. Every entry
carries its source and its triangulation status; an entry validated at a consultation names
that meeting of the community."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.access.community import community_standing
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    Community,
    DiagnosisNote,
    KeyInformantInterview,
    MigrationFlow,
    ServicePresence,
    SocioEconomicGroup,
    TriangulationStatus,
)
from sutura.core.concurrency import save_versioned

COMMON = ("source", "triangulation", "validated_at")
FIELDS: dict[type[Any], tuple[str, ...]] = {
    MigrationFlow: (
        *COMMON,
        "period_start",
        "period_end",
        "direction",
        "estimated_number",
        "reliability",
        "note",
    ),
    DiagnosisNote: (*COMMON, "topic", "text"),
    SocioEconomicGroup: (*COMMON, "kind", "name", "size_estimate", "description"),
    ServicePresence: (*COMMON, "service", "name", "note"),
    KeyInformantInterview: (
        *COMMON,
        "informant_role",
        "informant_name",
        "held_on",
        "notes",
        "interviewer",
    ),
}


def _require_edits(actor: Any, community: Community) -> None:
    if not community_standing(actor, community).edits:
        raise PermissionDenied


def _check(entry: Any) -> None:
    """A validated entry names the consultation of this community where it was validated; an
    entry not (yet) validated names none."""
    meeting = entry.validated_at
    if entry.triangulation == TriangulationStatus.VALIDATED:
        if meeting is None:
            raise ValidationError(
                {"validated_at": _("Choose the consultation where it was validated.")}
            )
        if meeting.context_kind != COMMUNITY_CONTEXT or meeting.context_id != entry.community_id:
            raise ValidationError({"validated_at": _("Choose a meeting of this community.")})
    elif meeting is not None:
        entry.validated_at = None
    if isinstance(entry, ServicePresence) and entry.service is not None and not entry.name:
        entry.name = entry.service.name[:200]


def _unknown(model: type[Any], data: dict[str, Any]) -> None:
    unknown = set(data) - set(FIELDS[model])
    if unknown:
        raise TypeError(f"unknown {model.__name__} fields: {sorted(unknown)}")


@transaction.atomic
def record_entry(actor: Any, community: Community, model: type[Any], **data: Any) -> Any:
    """Add an entry to the community's diagnosis (the actor edits the community)."""
    _require_edits(actor, community)
    _unknown(model, data)
    if model is KeyInformantInterview:
        data.setdefault("interviewer", actor)
    entry = model(community=community, recorded_by=actor, **data)
    _check(entry)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def update_entry(actor: Any, entry: Any, *, expected_version: int, **data: Any) -> Any:
    """Change a diagnosis entry; refused if it changed since it was opened."""
    _require_edits(actor, entry.community)
    _unknown(type(entry), data)
    for name, value in data.items():
        setattr(entry, name, value)
    _check(entry)
    entry.full_clean()
    fields = sorted({*data, "validated_at", "name"} & {f.name for f in entry._meta.fields})
    return save_versioned(entry, expected_version=expected_version, fields=fields)
