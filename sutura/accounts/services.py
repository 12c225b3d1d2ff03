"""Account actions a user takes on their own account."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def remember_language(*, actor: Any, language: str) -> None:
    """Store the user's language so it follows them to another device."""
    if language in dict(settings.LANGUAGES) and actor.preferred_language != language:
        actor.preferred_language = language
        actor.save(update_fields=["preferred_language"])


def password_changed(*, actor: Any) -> None:
    """The user chose their own password: lift the 'must change' flag an admin reset set."""
    if actor.must_change_password:
        actor.must_change_password = False
        actor.save(update_fields=["must_change_password"])
