"""API tokens (django-rest-knox): only a hash is stored, each has a name and a fixed expiry
(`REST_KNOX["TOKEN_TTL"]`, 30 days by default, counted from creation: no sliding renewal, so
a token copied somewhere stops working on a known date). They are revoked on logout (the
page's: all of them; the API's: the one used), on a password change and on deactivation."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.settings import knox_settings
from rest_framework.exceptions import AuthenticationFailed

from sutura.access import visible
from sutura.access.accounts import lock_account, tokens_of_account
from sutura.accounts import signin
from sutura.accounts.models import ApiToken
from sutura.accounts.signals import announce


def ttl_days() -> int:
    return knox_settings.TOKEN_TTL.days


class TokenLimitReached(Exception):
    """The account already holds `REST_KNOX["TOKEN_LIMIT_PER_USER"]` unexpired tokens."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(
            _(
                "You already have %(limit)d API tokens, the most allowed. Revoke one you no "
                "longer use (My account → API tokens) before creating another."
            )
            % {"limit": limit}
        )


def token_limit() -> int | None:
    return knox_settings.TOKEN_LIMIT_PER_USER


def create_token(*, actor: Any, name: str = "") -> tuple[ApiToken, str]:
    """A new token for the actor: (the row, the secret, shown once). Refused past knox's
    `TOKEN_LIMIT_PER_USER` unexpired tokens (knox checks it only in its own login view)."""
    limit = token_limit()
    if limit is not None:
        # Lock the account's row so that two requests at once cannot both pass the count.
        with transaction.atomic():
            lock_account(actor)
            alive = tokens_of_account(actor).filter(expiry__gt=timezone.now()).count()
            if alive >= limit:
                raise TokenLimitReached(limit)
            token, key = ApiToken.objects.create(user=actor, name=name.strip()[:100])
            return token, key
    token, key = ApiToken.objects.create(user=actor, name=name.strip()[:100])
    return token, key


def tokens_of(user: Any) -> models.QuerySet[ApiToken]:
    return visible(user, ApiToken).order_by("-created")


def revoke(*, actor: Any, token_key: str) -> bool:
    """The actor revokes one of their own tokens (by its visible prefix)."""
    deleted, _ = visible(actor, ApiToken).filter(token_key=token_key).delete()
    if deleted:
        announce("api_tokens_revoked", actor=actor, user=actor, detail=f"Token {token_key} revoked")
    return bool(deleted)


def revoke_all(*, user: Any, why: str, actor: Any = None) -> int:
    deleted, _ = tokens_of_account(user).delete()
    if deleted:
        announce(
            "api_tokens_revoked",
            actor=actor,
            user=user,
            detail=f"{deleted} API token(s) revoked: {why}",
        )
    return deleted


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's token check, plus the sign-in rules of the apps above (`accounts.signin`): a
    token of a volunteer whose engagement ended stops working that day."""

    def validate_user(self, auth_token: Any) -> Any:
        result = super().validate_user(auth_token)
        if signin.refusal(auth_token.user):
            raise AuthenticationFailed(_("This account can no longer sign in."))
        return result


class TokenScheme(KnoxTokenScheme):
    """The schema describes our subclass as knox's bearer token."""

    target_class = "sutura.accounts.tokens.TokenAuthentication"
