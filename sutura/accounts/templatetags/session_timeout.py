"""`{% session_timeout %}`: the inactivity warning base.html includes for signed-in users."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from sutura.accounts.middleware import SEEN_RESOLUTION

register = template.Library()


@register.inclusion_tag("accounts/session_timeout.html", takes_context=True)
def session_timeout(context: dict[str, Any]) -> dict[str, Any]:
    minutes = settings.SUTURA_SESSION_IDLE_MINUTES
    return {
        "request": context.get("request"),
        "idle_minutes": minutes,
        # The server notes activity at most once a minute: the page counts from a minute early.
        "idle_seconds": max(minutes * 60 - SEEN_RESOLUTION, 60),
        "warning_seconds": settings.SUTURA_SESSION_WARNING_SECONDS,
    }
