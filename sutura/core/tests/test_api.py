"""The API skeleton: schema, docs, authentication, the current user, one error shape."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from sutura.accounts.models import ApiToken
from sutura.accounts.roles import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_schema_and_docs_are_served(client):
    schema = client.get(reverse("api-schema"), {"format": "json"})
    assert schema.status_code == 200
    assert "/api/me/" in schema.json()["paths"]
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()  # assets are vendored


def test_me_requires_authentication_and_answers_in_the_common_error_shape():
    response = APIClient().get(reverse("api-me"))
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == "not_authenticated"


def test_me_returns_the_user_their_roles_and_organisation(users_a):
    user = users_a[Role.CASE_MANAGER]
    api = APIClient()
    api.force_authenticate(user)
    body = api.get(reverse("api-me")).json()
    assert body["username"] == user.username
    assert body["roles"] == [Role.CASE_MANAGER]
    assert "view_persons" in body["permissions"] and "view_audit_log" not in body["permissions"]
    assert body["organisation"]["acronym"] == "ORG-A"
    assert body["organisation"]["country"] == "SN"


def test_token_authentication(users_a):
    user = users_a[Role.ME_OFFICER]
    api = APIClient()
    response = api.post(reverse("api-token"), {"username": user.username, "password": PASSWORD})
    token = response.json()["token"]
    assert ApiToken.objects.get(user=user).token_key == token[:15]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api-me")).json()["username"] == user.username


def test_bad_credentials_get_the_common_error_shape(users_a):
    response = APIClient().post(reverse("api-token"), {"username": "x", "password": "y"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"]


def test_the_api_docs_follow_the_language_chosen_on_the_site_not_the_browsers(client):
    # Someone who chose French on a phone whose system language is English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("api-docs"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Retour à Sutura" in page.content.decode()
    script = client.get(reverse("api-docs"), {"script": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert r"/api/schema/?lang\u003Dfr" in script.content.decode()  # the schema in French too
    # And the other way round.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("api-docs"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Back to Sutura" in page.content.decode()
    script = client.get(reverse("api-docs"), {"script": ""}, HTTP_ACCEPT_LANGUAGE="fr")
    assert r"/api/schema/?lang\u003Den" in script.content.decode()


def test_a_program_still_asks_the_schema_in_the_language_of_its_header(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    schema = client.get(reverse("api-schema"), {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    assert schema.status_code == 200
    assert translation.get_language() == "en"
