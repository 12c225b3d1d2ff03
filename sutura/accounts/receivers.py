"""What follows from changes to an account (connected in `AccountsConfig.ready`)."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.http import HttpRequest

from sutura.accounts import twofactor
from sutura.accounts.middleware import LAST_SEEN_KEY
from sutura.accounts.tokens import revoke_all


def revoke_tokens_on_password_or_deactivation(
    sender: Any, instance: Any, created: bool, **kwargs: Any
) -> None:
    """A new password (set_password, whoever set it) or a deactivated account: every API
    token of the account stops working."""
    if created or kwargs.get("raw"):
        return
    # AbstractBaseUser keeps the raw password in `_password` from set_password() until the
    # end of save(); a hash upgrade at login clears it before saving.
    if getattr(instance, "_password", None) is not None:
        revoke_all(user=instance, why="password changed")
    elif not instance.is_active:
        revoke_all(user=instance, why="account deactivated")


def session_state_at_login(sender: Any, request: HttpRequest | None, user: Any, **_: Any) -> None:
    """Where the new session stands on two-factor, and its first activity (set here, the
    middlewares read them without a query or an extra session write)."""
    if request is not None and hasattr(request, "session"):
        request.session[twofactor.STATE_KEY] = twofactor.state_at_login(user)
        request.session[LAST_SEEN_KEY] = int(time.time())


def connect(user_model: Any) -> None:
    post_save.connect(
        revoke_tokens_on_password_or_deactivation,
        sender=user_model,
        dispatch_uid="sutura.accounts.revoke_tokens",
    )
    user_logged_in.connect(session_state_at_login, dispatch_uid="sutura.accounts.session_state")
