"""Signed out after inactivity, warned before, and a 'stay signed in' action."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from sutura.accounts.middleware import LAST_SEEN_KEY
from sutura.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(users_a):
    client = Client()
    client.force_login(users_a[Role.CASE_MANAGER])
    return client


def idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_a_session_idle_longer_than_the_setting_is_signed_out(client_of, settings):
    settings.SUTURA_SESSION_IDLE_MINUTES = 30
    client_of.get(reverse("core:home"))
    idle_for(client_of, 31 * 60)
    response = client_of.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client_of.session
    page = client_of.get(response["Location"]).content.decode()
    assert "inactivité" in page


def test_activity_within_the_limit_keeps_the_session(client_of):
    client_of.get(reverse("core:home"))
    idle_for(client_of, 29 * 60)
    assert client_of.get(reverse("people:list")).status_code == 200


def test_pages_carry_the_warning_and_stay_signed_in_renews(client_of):
    page = client_of.get(reverse("core:home")).content.decode()
    assert 'id="session-timeout"' in page and "js/session.js" in page
    assert 'data-idle-seconds="1740"' in page  # 30 min, counted from a minute early
    idle_for(client_of, 29 * 60)
    response = client_of.post(reverse("accounts:stay_signed_in"), HTTP_ACCEPT="application/json")
    assert response.json() == {"signed_in": True, "expires_in": 1800}
    idle_for_seen = client_of.session[LAST_SEEN_KEY]
    assert int(time.time()) - idle_for_seen < 60


def test_stay_signed_in_after_the_end_says_so(client_of):
    client_of.get(reverse("core:home"))
    idle_for(client_of, 31 * 60)
    response = client_of.post(reverse("accounts:stay_signed_in"), HTTP_ACCEPT="application/json")
    assert response.status_code in (302, 401)
    assert "_auth_user_id" not in client_of.session
