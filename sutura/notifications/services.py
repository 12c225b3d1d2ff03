"""Telling people that something needs them: in-app, and by e-mail once the write commits."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from sutura.notifications.messages import Text, render
from sutura.notifications.models import Notification


def notify(
    recipients: Iterable[Any], title: Text, body: Text | None = None, *, link: str = ""
) -> list[Notification]:
    """Create one notification per active recipient. What it says is stored as codes (shown
    in the reader's language each time); the e-mail is written in the recipient's language."""
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        with translation.override(user.preferred_language):
            notification = Notification.objects.create(
                recipient=user,
                title=render(title.as_json())[:200],
                body=render(body.as_json()) if body else "",
                title_text=title.as_json(),
                body_text=body.as_json() if body else {},
                link=link,
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
