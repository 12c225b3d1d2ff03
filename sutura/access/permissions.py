from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from sutura.accounts.roles import Perm


def can(user: Any, perm: Perm) -> bool:
    """May this user take this kind of action at all (role check, no row involved)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return perm in user.permissions


def require(user: Any, perm: Perm) -> None:
    if not can(user, perm):
        raise PermissionDenied
