from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from sutura.accounts.roles import Perm


def signed_in(user: Any) -> bool:
    """An active user who logged in (anonymous and deactivated users see nothing)."""
    return user is not None and user.is_authenticated and user.is_active


def can(user: Any, perm: Perm) -> bool:
    """May this user take this kind of action at all (role check, no row involved)?"""
    return signed_in(user) and perm in user.permissions


def require(user: Any, perm: Perm) -> None:
    if not can(user, perm):
        raise PermissionDenied
