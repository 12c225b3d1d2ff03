"""Administrators manage users and organisations; every change lands in the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, users_a):
    admin = users_a[Role.SYSTEM_ADMIN]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return client


def test_administrator_creates_a_user_with_roles(admin_client, org_a):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "awa.ndiaye",
            "first_name": "Awa",
            "last_name": "Ndiaye",
            "email": "",
            "organisation": org_a.pk,
            "roles": [Role.CASE_MANAGER, Role.MHPSS_FOCAL_POINT],
            "password1": "Un-mot-de-passe-2026",
            "password2": "Un-mot-de-passe-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="awa.ndiaye")
    assert user.roles == [Role.CASE_MANAGER, Role.MHPSS_FOCAL_POINT]
    entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(user.pk))
    assert entry.changes["password"] == "(changed)"


def test_administrator_edits_an_organisation_and_the_log_keeps_old_and_new(admin_client, org_a):
    data = {
        "name": org_a.name,
        "acronym": "NEW-ACR",
        "type": org_a.type,
        "country": org_a.country_id,
        "is_active": "on",
    }
    response = admin_client.post(
        reverse("admin:accounts_organisation_change", args=[org_a.pk]), data
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(org_a.pk))
    assert entry.changes["acronym"] == ["ORG-A", "NEW-ACR"]
    assert Organisation.objects.get(pk=org_a.pk).acronym == "NEW-ACR"


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:accounts_user_changelist",
        "admin:accounts_organisation_changelist",
        "admin:geo_location_changelist",
        "admin:audit_auditentry_changelist",
    ],
)
def test_admin_pages_open_for_administrators_and_no_one_else(
    admin_client, client, users_a, url_name
):
    assert admin_client.get(reverse(url_name)).status_code == 200
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_users_cannot_be_deleted_only_deactivated(admin_client, users_a):
    target = users_a[Role.CASE_MANAGER]
    response = admin_client.post(
        reverse("admin:accounts_user_delete", args=[target.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=target.pk).exists()
