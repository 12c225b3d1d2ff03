"""Logins, logouts and every create/update/delete of an audited model go to the log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from sutura.accounts.signals import security_event
from sutura.accounts.throttle import known_account
from sutura.audit.middleware import client_ip
from sutura.audit.models import Action
from sutura.audit.services import field_changes, record
from sutura.core.models import AuditedModel


def _ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def _login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(Action.LOGIN, actor=user, ip_address=_ip(request))


@receiver(user_logged_out)
def _logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Action.LOGOUT, actor=user, ip_address=_ip(request))


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The password is never logged. The username tried is, only when such an account
    # exists: people sometimes type their password there, and the log is append-only.
    account = known_account(str(credentials.get("username", "")))
    record(
        Action.LOGIN_FAILED,
        actor=None,
        username=account or "",
        detail="" if account else gettext_noop("Unknown account"),
        ip_address=_ip(request),
    )


@receiver(post_save)
def _saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not isinstance(instance, AuditedModel) or kwargs.get("raw"):
        return
    after = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
    before = {} if created else instance.audit_loaded_values()
    changes = field_changes(before, after, instance.audit_sensitive_fields)
    for name in instance.audit_ignored_fields:
        changes.pop(name, None)
    if created or changes:
        record(Action.CREATE if created else Action.UPDATE, obj=instance, changes=changes)
    instance.audit_mark_saved()


@receiver(post_delete)
def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, AuditedModel):
        record(Action.DELETE, obj=instance)


# Sign-in security (accounts announces, the log keeps): holds after failed logins and their
# lifting, two-factor enrolment and reset, recovery codes, API tokens revoked.
SECURITY_ACTIONS = {"login_locked": Action.LOGIN_FAILED}


@receiver(security_event)
def _security_event(
    sender: Any, event: str, actor: Any = None, user: Any = None, detail: str = "", **kwargs: Any
) -> None:
    record(
        SECURITY_ACTIONS.get(event, Action.UPDATE),
        actor=actor,
        obj=user,
        detail=detail,
    )
