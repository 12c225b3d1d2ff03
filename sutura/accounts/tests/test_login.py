"""Login, logout, password change and reset, throttling."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_login_page_is_in_french_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert "Connexion" in response.content.decode()


def test_each_role_lands_on_its_home_page(client, users_a):
    for role, user in users_a.items():
        client.logout()
        response = login(client, user.username)
        assert response.status_code == 302, role
        assert response.url == reverse("core:home")
        home = client.get(response.url)
        assert home.status_code == 200
        assert str(Role(role).label) in home.content.decode()


def test_wrong_password_is_refused_with_a_clear_message(client, users_a):
    response = login(client, users_a[Role.CASE_MANAGER].username, "wrong-password")
    assert response.status_code == 200
    assert "mot de passe" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory.create()
    user.set_password("A-long-passphrase-2026")
    assert user.password.startswith("argon2$")


def test_login_from_a_new_device_at_that_address_is_paused_after_repeated_failures(
    client, users_a, settings
):
    username = users_a[Role.CASE_MANAGER].username
    for _ in range(settings.SUTURA_LOGIN_THROTTLE["pair"]["threshold"]):
        login(client, username, "wrong-password")
    response = login(client, username)  # the right password, during the pause
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session
    assert "Réessayez dans" in response.content.decode()


def test_logout_ends_the_session_and_is_audited(client, users_a):
    user = users_a[Role.CASE_MANAGER]
    login(client, user.username)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEntry.objects.filter(action=Action.LOGOUT, actor=user).exists()


def test_user_changes_own_password(client, users_a):
    user = users_a[Role.CASE_MANAGER]
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Baobab-de-Thies-2026",
            "new_password2": "Baobab-de-Thies-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Baobab-de-Thies-2026")


def test_administrator_reset_forces_a_new_password_at_next_login(client, users_a):
    admin = users_a[Role.SYSTEM_ADMIN]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    target = users_a[Role.CASE_MANAGER]
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    response = client.post(
        url,
        {
            "password1": "Temporaire-2026-x",
            "password2": "Temporaire-2026-x",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Temporaire-2026-x")
    assert target.must_change_password

    client.logout()
    login(client, target.username, "Temporaire-2026-x")
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change")
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Temporaire-2026-x",
            "new_password1": "Mon-propre-secret-77",
            "new_password2": "Mon-propre-secret-77",
        },
    )
    target.refresh_from_db()
    assert not target.must_change_password
    assert client.get(reverse("people:list")).status_code == 200
