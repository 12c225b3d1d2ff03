"""Each role's home page says what the user can do next, and links only where they may go."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_every_link_on_every_home_page_opens(client, users_a):
    for role, user in users_a.items():
        if role == Role.SYSTEM_ADMIN:
            user.is_staff = True
            user.is_superuser = True
            user.save()
        client.force_login(user)
        page = client.get(reverse("core:home")).content.decode()
        links = set(re.findall(r'href="(/[^"]*)"', page)) - {"/static/css/sutura.css"}
        assert links, role
        for link in links:
            assert client.get(link).status_code == 200, (role, link)


def test_case_manager_is_offered_people_and_not_the_audit_log(client, users_a):
    client.force_login(users_a[Role.CASE_MANAGER])
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("people:register") in page
    assert reverse("audit:list") not in page


def test_me_officer_sees_numbers_not_names(client, users_a):
    client.force_login(users_a[Role.ME_OFFICER])
    page = client.get(reverse("core:home")).content.decode()
    assert "18–59" in page
    assert reverse("people:list") not in page


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_unknown_pages_answer_a_translated_404(client, users_a):
    client.force_login(users_a[Role.CASE_MANAGER])
    response = client.get("/nowhere/")
    assert response.status_code == 404
    assert (
        "Page introuvable" in response.content.decode()
        or "introuvable" in response.content.decode().lower()
    )
