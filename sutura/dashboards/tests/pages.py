"""The dashboards page as its tests open it: a signed-in client in a language, and the page's
HTML for the second quarter of 2030 (no figure of the world falls in it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

URL = reverse("dashboards:dashboard")
Q2 = {"set": "me", "period": "2030-Q2"}


def client_for(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(user: Any, language: str = "en", **params: str) -> str:
    response = client_for(user, language).get(URL, params or Q2)
    assert response.status_code == 200
    return str(response.content.decode())
