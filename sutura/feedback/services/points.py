"""Intake points: where the public form is reached (`/r/<code>/`) and its QR poster. The
organisation's feedback handlers and PSEA focal points keep them (`manages_intake_points`)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.access import visible
from sutura.access.feedback import manages_intake_points
from sutura.community.models import Community
from sutura.core.concurrency import save_versioned
from sutura.feedback.models import IntakeKind, IntakePoint

# Read off a poster and typed on a phone: no 0/o, 1/l/i; five characters, about 28 million.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 5
# Words of the public addresses (/r/status/…) a code must never be.
RESERVED = frozenset({"status", "new", "api", "admin"})
EDITABLE = ("kind", "name", "location", "community", "active")


def new_point_code() -> str:
    for _attempt in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in RESERVED and not IntakePoint.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free intake point code")  # pragma: no cover - 28 million codes


def _require(actor: Any) -> None:
    if not manages_intake_points(actor):
        raise PermissionDenied(_("You may not manage the intake points."))


def _check(actor: Any, fields: dict[str, Any]) -> None:
    errors = {}
    if fields.get("kind") not in IntakeKind.values:
        errors["kind"] = _("Choose the kind of intake point.")
    if not (fields.get("name") or "").strip():
        errors["name"] = _("Give the intake point a name.")
    community = fields.get("community")
    if community is not None and not visible(actor, Community).filter(pk=community.pk).exists():
        errors["community"] = _("Choose one of the communities you work with.")
    if errors:
        raise ValidationError(errors)
    fields["name"] = fields["name"].strip()


@transaction.atomic
def create_point(
    *,
    actor: Any,
    kind: str,
    name: str,
    location: Any = None,
    community: Any = None,
    active: bool = True,
) -> IntakePoint:
    """A new intake point of the actor's organisation, with a short code of its own."""
    _require(actor)
    fields = {"kind": kind, "name": name, "location": location, "community": community}
    _check(actor, fields)
    return IntakePoint.objects.create(
        organisation_id=actor.organisation_id,
        code=new_point_code(),
        active=active,
        created_by=actor,
        **fields,
    )


@transaction.atomic
def update_point(
    *, actor: Any, point: IntakePoint, expected_version: int, **fields: Any
) -> IntakePoint:
    """Change a point's kind, name, place, community or whether it is in use. Its code never
    changes: posters are printed with it."""
    _require(actor)
    if point.organisation_id != actor.organisation_id:
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    merged = {name: getattr(point, name) for name in EDITABLE} | fields
    _check(actor, merged)
    for name in EDITABLE:
        setattr(point, name, merged[name])
    return save_versioned(point, expected_version=expected_version, fields=EDITABLE)
