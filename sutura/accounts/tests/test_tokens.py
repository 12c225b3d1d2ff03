"""API tokens expire, and are revoked on logout, password change and deactivation; a user
lists and revokes their own named tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from sutura.accounts.models import ApiToken
from sutura.accounts.roles import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def new_token(user, name="script") -> str:
    response = APIClient().post(
        reverse("api-token"), {"username": user.username, "password": PASSWORD, "name": name}
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def answers(token: str) -> int:
    """200 when the token works; 401 when refused (DRF says 401 or 403 for it)."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get(reverse("api-me"))
    if response.status_code in (401, 403):
        assert response.json()["error"]["code"] in {"not_authenticated", "authentication_failed"}
        return 401
    return response.status_code


@pytest.fixture
def user(users_a):
    return users_a[Role.CASE_MANAGER]


def test_a_token_says_when_it_expires_and_stops_working_then(user, settings):
    response = APIClient().post(
        reverse("api-token"), {"username": user.username, "password": PASSWORD}
    )
    body = response.json()
    assert set(body) == {"token", "expiry", "name", "prefix"}
    expiry = parse_datetime(body["expiry"])
    assert expiry is not None
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    assert timedelta(0) < expiry - timezone.now() <= ttl
    assert answers(body["token"]) == 200
    ApiToken.objects.filter(user=user).update(expiry=timezone.now() - timedelta(seconds=1))
    assert answers(body["token"]) == 401
    assert not ApiToken.objects.filter(user=user).exists()  # cleaned away


def test_only_a_hash_is_stored(user):
    token = new_token(user)
    assert not ApiToken.objects.filter(digest=token).exists()
    assert token not in str(list(ApiToken.objects.values_list("digest", flat=True)))


def test_logging_out_of_the_pages_revokes_every_token(user):
    tokens = [new_token(user, "one"), new_token(user, "two")]
    client = Client()
    client.force_login(user)
    client.post(reverse("accounts:logout"))
    assert [answers(t) for t in tokens] == [401, 401]


def test_logging_out_of_the_api_revokes_the_token_used(user):
    used, other = new_token(user, "used"), new_token(user, "other")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {used}")
    assert api.post(reverse("api-logout")).status_code == 204
    assert answers(used) == 401
    assert answers(other) == 200


def test_a_password_change_revokes_every_token(user):
    token = new_token(user)
    client = Client()
    client.force_login(user)
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Baobab-de-Thies-2026",
            "new_password2": "Baobab-de-Thies-2026",
        },
    )
    assert answers(token) == 401


def test_an_administrator_setting_a_password_revokes_every_token(user):
    token = new_token(user)
    user.set_password("Temporaire-2026-x")
    user.save()
    assert answers(token) == 401


def test_deactivation_revokes_every_token(user):
    token = new_token(user)
    user.is_active = False
    user.save()
    assert not ApiToken.objects.filter(user=user).exists()
    assert answers(token) == 401


def test_a_user_lists_and_revokes_their_own_tokens_through_the_api(user, users_a):
    new_token(user, "laptop")
    keep = new_token(user, "phone")
    api = APIClient()
    api.force_authenticate(user)
    listed = api.get(reverse("api-tokens")).json()
    assert sorted(t["name"] for t in listed) == ["laptop", "phone"]
    assert all("token" not in t for t in listed)
    laptop = next(t for t in listed if t["name"] == "laptop")
    assert api.delete(reverse("api-token-detail", args=[laptop["prefix"]])).status_code == 204
    assert answers(keep) == 200
    assert [t["name"] for t in api.get(reverse("api-tokens")).json()] == ["phone"]
    # Someone else's token is not found.
    stranger = APIClient()
    stranger.force_authenticate(users_a[Role.PROGRAMME_MANAGER])
    phone = api.get(reverse("api-tokens")).json()[0]["prefix"]
    assert stranger.delete(reverse("api-token-detail", args=[phone])).status_code == 404


def test_a_user_creates_lists_and_revokes_tokens_on_the_account_page(user):
    client = Client()
    client.force_login(user)
    page = client.post(reverse("accounts:tokens"), {"name": "sync"}, follow=True).content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.name == "sync" and token.token_key in page
    # The secret was shown once: reloading shows it no more and creates no second token.
    reloaded = client.get(reverse("accounts:tokens")).content.decode()
    assert 'class="secret"' not in reloaded and ApiToken.objects.filter(user=user).count() == 1
    client.post(reverse("accounts:revoke_token", args=[token.token_key]))
    assert not ApiToken.objects.filter(user=user).exists()
