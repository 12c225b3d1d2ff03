"""Community and asset mapping: recording the strengths, resources and allies of a community
(leaders, associations, CBOs, safe places, services) with their kind and place on the map."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.access.community import community_standing
from sutura.community.models import Asset, Community
from sutura.core.concurrency import save_versioned

ASSET_FIELDS = ("kind", "name", "description", "location", "latitude", "longitude", "service")


def _require_edits(actor: Any, community: Community) -> None:
    if not community_standing(actor, community).edits:
        raise PermissionDenied


def _check(data: dict[str, Any]) -> None:
    unknown = set(data) - set(ASSET_FIELDS)
    if unknown:
        raise TypeError(f"unknown asset fields: {sorted(unknown)}")
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if (latitude is None) != (longitude is None):
        field = "longitude" if longitude is None else "latitude"
        raise ValidationError({field: _("Give both the latitude and the longitude, or neither.")})


@transaction.atomic
def add_asset(*, actor: Any, community: Community, **data: Any) -> Asset:
    """Map a strength, resource or ally of the community (with a GPS point to show it on the
    map)."""
    _require_edits(actor, community)
    _check(data)
    asset = Asset(community=community, recorded_by=actor, **data)
    asset.full_clean()
    asset.save()
    return asset


@transaction.atomic
def update_asset(*, actor: Any, asset: Asset, expected_version: int, **data: Any) -> Asset:
    """Change a mapped asset; refused if someone changed it since it was opened."""
    _require_edits(actor, asset.community)
    _check({"latitude": asset.latitude, "longitude": asset.longitude, **data})
    for name, value in data.items():
        setattr(asset, name, value)
    asset.full_clean()
    return save_versioned(asset, expected_version=expected_version, fields=list(data))
