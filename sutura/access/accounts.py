"""Accounts: who sees which user accounts and organisations, and who works with whom.

`members()` is the one way to ask "the active users of this organisation who hold this role
(or a role granting this permission)": to pick a colleague on a form, to check an assignee,
to notify the people responsible. Nothing else writes that query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.models import ApiToken, Organisation, User
from sutura.accounts.roles import ROLE_PERMISSIONS, Perm, Role


@register_scope(Organisation)
def _organisations(
    user: Any, queryset: models.QuerySet[Organisation]
) -> models.QuerySet[Organisation]:
    return queryset  # the list of organisations is not personal data


@register_scope(User)
def _users(user: Any, queryset: models.QuerySet[User]) -> models.QuerySet[User]:
    """Accounts are managed by those who manage users; everyone else sees their own."""
    if can(user, Perm.MANAGE_USERS):
        return queryset
    return queryset.filter(pk=user.pk)


@register_scope(ApiToken)
def _api_tokens(user: Any, queryset: models.QuerySet[ApiToken]) -> models.QuerySet[ApiToken]:
    """A user sees and revokes only their own API tokens."""
    return queryset.filter(user=user)


def tokens_of_account(account: Any) -> models.QuerySet[ApiToken]:
    """Every API token of one account, to revoke them all (logout, a new password, a
    deactivated account): the system acts, not a user browsing."""
    return ApiToken.objects.filter(user=account)


def username_of_account(typed: str) -> str | None:
    """The username of the one account `typed` names (case aside), if any: sign-in attempts
    are logged with it, and with nothing of what was typed for an unknown account (people
    sometimes type their password in the username field). The system asks, no user."""
    names = list(
        User.objects.filter(username__iexact=typed.strip()).values_list("username", flat=True)[:2]
    )
    return str(names[0]) if len(names) == 1 else None


def lock_account(account: Any) -> None:
    """Lock one account's row until the end of the transaction (e.g. to count its tokens
    before adding one without a race)."""
    User.objects.select_for_update().filter(pk=account.pk).first()


def roles_granting(perm: Perm) -> list[str]:
    """The roles whose holders have `perm` (from the role table)."""
    return [str(role) for role, perms in ROLE_PERMISSIONS.items() if perm in perms]


def members(
    organisation: Any, *roles: Role | str, perm: Perm | None = None
) -> models.QuerySet[User]:
    """Active users of an organisation (an `Organisation`, its id, or None for every
    organisation) holding one of `roles` or a role that grants `perm`. With neither, every
    active member."""
    wanted = [str(role) for role in roles] + (roles_granting(perm) if perm else [])
    users = User.objects.filter(is_active=True)
    if organisation is not None:
        users = users.filter(organisation_id=getattr(organisation, "pk", organisation))
    if roles or perm:
        users = users.filter(roles__overlap=wanted)
    return users.order_by("last_name", "first_name", "username")


def colleagues(user: Any, *roles: Role | str, perm: Perm | None = None) -> models.QuerySet[User]:
    """Active users of the user's own organisation in these roles (to assign work to, to
    refer to); nobody for a user without an organisation."""
    if user.organisation_id is None:
        return User.objects.none()
    return members(user.organisation_id, *roles, perm=perm)


def colleague(user_id: Any, organisation: Any, roles: Iterable[Role | str] = ()) -> User | None:
    """One active member of `organisation` by id (in one of `roles` when given), or None."""
    if user_id is None or organisation is None:
        return None
    return members(organisation, *roles).filter(pk=user_id).first()
