"""Telling people that something needs them: in-app, and by e-mail once the write commits."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from sutura.notifications.messages import Text
from sutura.notifications.models import Notification


def notify(
    recipients: Iterable[Any], title: Text, body: Text | None = None, *, link: str = ""
) -> list[Notification]:
    """Create one notification per active recipient. What it says is stored as codes only
    (put into words in the reader's language each time it is shown); the e-mail is written in
    the recipient's language when it is sent."""
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        notification = Notification.objects.create(
            recipient=user,
            title_text=title.as_json(),
            body_text=body.as_json() if body else {},
            link=link,
        )
        created.append(notification)
        if user.email:
            transaction.on_commit(
                partial(_email, notification, user.email, user.preferred_language)
            )
    return created


def _email(notification: Notification, address: str, language: str) -> None:
    with translation.override(language):
        title, body = notification.shown_title, notification.shown_body
    send_mail(title, f"{body}\n\n{notification.link}".strip(), None, [address], fail_silently=True)


def mark_read(*, actor: Any, notification: Notification) -> None:
    if notification.recipient_id == actor.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
