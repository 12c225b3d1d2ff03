"""Errors keep their shape: JSON under /api/ whatever failed, and 503 with Retry-After (JSON
for the API, a translated page otherwise) while the database cannot be reached."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from sutura.accounts.roles import Role

SHAPE = {"code", "message", "fields"}


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == SHAPE, body
    return body["error"]


@pytest.mark.django_db
def test_every_api_error_answers_the_json_shape(users_a):
    visitor = APIClient()
    assert error_of(visitor.get("/api/cases/"))["code"] == "not_authenticated"  # 401/403
    api = APIClient()
    api.force_authenticate(users_a[Role.ME_OFFICER])
    assert error_of(api.get("/api/cases/"))["code"] == "permission_denied"  # 403, role
    api.force_authenticate(users_a[Role.CASE_MANAGER])
    missing = api.get("/api/no-such-endpoint/")  # Django's own 404, no DRF view involved
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"
    gone = api.get("/api/cases/00000000-0000-0000-0000-000000000000/")
    assert gone.status_code == 404 and error_of(gone)["code"] == "not_found"
    refused = api.delete("/api/me/")
    assert refused.status_code == 405 and error_of(refused)["code"] == "method_not_allowed"
    invalid = api.post("/api/cases/", {"person": "x"}, format="json")
    assert invalid.status_code == 400 and error_of(invalid)["fields"]
    # Browsers get the same shape: the browsable API is not where errors are explained.
    html_client = Client()
    html_client.force_login(users_a[Role.CASE_MANAGER])
    in_browser = html_client.get("/api/no-such-endpoint/", HTTP_ACCEPT="text/html")
    assert in_browser.status_code == 404 and error_of(in_browser)["code"] == "not_found"


@pytest.mark.django_db
def test_a_refused_host_answers_400_in_the_shape(settings):
    settings.ALLOWED_HOSTS = ["sutura.example.org"]
    response = Client().get("/api/me/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"


@pytest.mark.django_db
def test_an_unhandled_error_in_the_api_answers_500_in_the_shape(users_a, monkeypatch):
    from sutura.accounts import api as accounts_api

    def explode(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(accounts_api.MeView, "get", explode)
    client = Client(raise_request_exception=False)
    client.force_login(users_a[Role.CASE_MANAGER])
    response = client.get("/api/me/")
    assert response.status_code == 500
    assert error_of(response)["code"] == "error"


def closed_port() -> int:
    with socket.socket() as probe:  # bound then released: nothing listens there
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def database_down() -> Iterator[None]:
    """The real connection, pointed at a port where no PostgreSQL listens: the next query
    reconnects and psycopg is refused, as when the server stops."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_down_the_api_answers_503_json_and_recovers(users_a, settings):
    settings.SUTURA_RETRY_AFTER_SECONDS = 17
    client = Client(raise_request_exception=False)
    client.force_login(users_a[Role.CASE_MANAGER])
    assert client.get("/api/cases/").status_code == 200
    with database_down():
        response = client.get("/api/cases/")
    assert response.status_code == 503
    assert response["Retry-After"] == "17"
    assert error_of(response)["code"] == "unavailable"
    assert client.get("/api/cases/").status_code == 200  # back at once, no restart


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_down_pages_answer_a_translated_503(users_a, settings):
    client = Client(raise_request_exception=False)
    client.force_login(users_a[Role.CASE_MANAGER])
    with database_down():
        french = client.get("/cases/")
        client.cookies["django_language"] = "en"
        english = client.get("/cases/")
    assert french.status_code == english.status_code == 503
    assert french["Retry-After"] == str(settings.SUTURA_RETRY_AFTER_SECONDS)
    assert french["Content-Type"].startswith("text/html")
    assert "Service momentanément indisponible" in french.content.decode()
    assert "Briefly unavailable" in english.content.decode()
    del client.cookies["django_language"]
    assert client.get("/cases/").status_code == 200


@pytest.mark.django_db
def test_api_errors_speak_the_language_the_client_asks_for_or_its_account_s(users_a):
    manager = users_a[Role.CASE_MANAGER]
    api = APIClient()
    api.force_authenticate(manager)
    gone = "/api/cases/00000000-0000-0000-0000-000000000000/"
    english = error_of(api.get(gone, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"))["message"]
    french = error_of(api.get(gone, HTTP_ACCEPT_LANGUAGE="fr-SN"))["message"]
    assert english != french
    # Without a header, the account's language: French, then English once chosen.
    assert error_of(api.get(gone))["message"] == french
    manager.preferred_language = "en"
    manager.save()
    api.force_authenticate(manager)
    assert error_of(api.get(gone))["message"] == english
    # An unsupported language in the header falls back the same way.
    assert error_of(api.get(gone, HTTP_ACCEPT_LANGUAGE="de"))["message"] == english
    # Not signed in: the header alone decides.
    visitor = APIClient()
    refused_en = error_of(visitor.get("/api/cases/", HTTP_ACCEPT_LANGUAGE="en"))["message"]
    refused_fr = error_of(visitor.get("/api/cases/", HTTP_ACCEPT_LANGUAGE="fr"))["message"]
    assert refused_en != refused_fr
