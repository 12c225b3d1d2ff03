"""Helpers for directory tests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient


def signed_in(user: Any, language: str = "fr") -> Client:
    """A browser signed in as `user`, with the language chosen on the switcher."""
    client = Client()
    client.force_login(user)
    if language != "fr":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def api_as(user: Any | None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api
