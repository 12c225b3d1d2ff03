"""Telling people that something needs them: in-app, and by e-mail once the write commits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from sutura.notifications.models import Notification

Text = str | Promise
Renderer = Callable[[], tuple[Text, Text]]


def notify(recipients: Iterable[Any], render: Renderer, *, link: str = "") -> list[Notification]:
    """Create one notification per recipient, rendering the text in each one's language.

    `render` returns (title, body) and is called under the recipient's language.
    """
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        with translation.override(user.preferred_language):
            title, body = render()
            notification = Notification.objects.create(
                recipient=user, title=str(title), body=str(body), link=link
            )
        created.append(notification)
        if user.email:
            transaction.on_commit(partial(_email, notification, user.email))
    return created


def _email(notification: Notification, address: str) -> None:
    send_mail(
        notification.title,
        f"{notification.body}\n\n{notification.link}".strip(),
        None,
        [address],
        fail_silently=True,
    )


def mark_read(*, actor: Any, notification: Notification) -> None:
    if notification.recipient_id == actor.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
