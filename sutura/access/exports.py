"""Exports (sutura.exports): who may export which list, and whose exports one sees.

- An export is its owner's alone: nobody else sees it, downloads it or learns it exists (not
  an administrator, not a supervisor): it may hold every case its owner works on.
- A list is exported by a user holding one of its permissions (the same as for reading it on
  its page); its rows are then read through the owning app's selector as that user.
- **Roles that never see names** (M&E officers: they work on figures) are refused every list
  with a column that identifies a person, whatever their other roles: fail closed.
- Aggregate tables (HXL) need `Perm.EXPORT_AGGREGATES` or `Perm.VIEW_INDICATORS`.

Two forms of one rule: the scope below for querysets, `owns(user, export)` for one row.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from sutura.access.permissions import can, signed_in
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Role
from sutura.exports.models import Export

# Roles whose holders work on figures and must never receive a list naming people.
NEVER_NAMES = frozenset({Role.ME_OFFICER})

# Why a list is refused (codes, said on the page and in the API's message).
NOT_ALLOWED = "not_allowed"
NO_NAMES = "no_names"


def sees_names(user: Any) -> bool:
    return signed_in(user) and not (set(user.roles) & NEVER_NAMES)


def refusal(user: Any, export_list: Any) -> str:
    """ "" if `user` may export `export_list`, else the reason's code."""
    if not signed_in(user) or user.organisation_id is None:
        return NOT_ALLOWED
    if not any(can(user, perm) for perm in export_list.perms):
        return NOT_ALLOWED
    if export_list.identifies_people and not sees_names(user):
        return NO_NAMES
    return ""


def owns(user: Any, export: Export) -> bool:
    return signed_in(user) and export.owner_id == user.pk


def may_open(user: Any, export: Export, export_list: Any) -> bool:
    """May the owner still download the file or read its password? Only while they could ask
    for it again: a role that never sees names added since, the list's permission gone, or
    another organisation now (the file holds the first one's people) closes it.
    `export_list`: the export's list (`exports.registry.get(export.list_code)`, maybe None)."""
    if not owns(user, export) or user.organisation_id != export.organisation_id:
        return False
    return export_list is not None and not refusal(user, export_list)


@register_scope(Export)
def _exports(user: Any, queryset: models.QuerySet[Export]) -> models.QuerySet[Export]:
    if not signed_in(user):
        return queryset.none()
    return queryset.filter(owner_id=user.pk)
