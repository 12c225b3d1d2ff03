"""Nothing that can show a person's data may be kept by a browser or a proxy: every answer
the application makes says `Cache-Control: private, no-store`; static files stay cacheable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from tests.worlds import build_world

pytestmark = pytest.mark.django_db


def assert_not_stored(response, url: str) -> None:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (url, response.status_code, directives)


def test_pages_api_answers_and_downloads_are_never_stored():
    world = build_world()
    side = world.a
    manager = side.users[Role.CASE_MANAGER]
    urls = [
        reverse("core:home"),
        reverse("people:list"),
        reverse("people:detail", args=[side.person.pk]),
        reverse("cases:list"),
        reverse("cases:detail", args=[side.case.pk]),
        reverse("cases:document", args=[side.document.pk]),  # a file download
        reverse("referrals:inbox"),
        reverse("referrals:detail", args=[world.internal_a.pk]),
        reverse("directory:list"),
        reverse("notifications:list"),
        reverse("accounts:profile"),
        "/api/cases/",
        f"/api/cases/{side.case.pk}/",
        "/api/persons/",
        f"/api/persons/{side.person.pk}/",
        "/api/no-such-endpoint/",  # errors too
    ]
    client = Client()
    client.force_login(manager)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert_not_stored(response, url)
    admin = Client()
    admin.force_login(side.users[Role.SYSTEM_ADMIN])
    for url in (reverse("audit:list"), "/admin/"):
        assert_not_stored(admin.get(url), url)


def test_the_login_page_and_errors_are_not_stored_either():
    for url in (reverse("accounts:login"), "/no-such-page/"):
        assert_not_stored(Client().get(url), url)


def test_static_files_stay_cacheable():
    response = Client().get("/static/css/sutura.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
