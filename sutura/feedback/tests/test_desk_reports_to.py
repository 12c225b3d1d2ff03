"""A user's line manager (`User.reports_to`) is set where users are managed (the admin): a
choice of active users of the same organisation, never the user, never someone who already
reports to them. The feedback rules read it: a complaint implicating someone is kept from
everyone up their line."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sutura.accounts.models import User
from sutura.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Any, users_a: dict[Role, Any]) -> Any:
    admin = users_a[Role.SYSTEM_ADMIN]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    client.cookies["django_language"] = "en"
    return client


def _data(user: User, **changes: Any) -> dict[str, Any]:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "preferred_language": user.preferred_language,
        "organisation": str(user.organisation_id),
        "roles": user.roles,
        "is_active": "on",
        "reports_to": "",
    }
    data.update(changes)
    return data


def _change(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def test_an_administrator_sets_the_line_manager(
    admin_client: Any, users_a: dict[Role, Any]
) -> None:
    officer, manager = users_a[Role.PROTECTION_OFFICER], users_a[Role.PROGRAMME_MANAGER]
    form = admin_client.get(_change(officer)).context["adminform"].form
    offered = set(form.fields["reports_to"].queryset)
    assert manager in offered and officer not in offered
    assert all(u.organisation_id == officer.organisation_id for u in offered)
    response = admin_client.post(_change(officer), _data(officer, reports_to=str(manager.pk)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    officer.refresh_from_db()
    assert officer.reports_to == manager
    admin_client.post(_change(officer), _data(officer, reports_to=""))
    officer.refresh_from_db()
    assert officer.reports_to is None


def test_a_line_manager_of_another_organisation_is_refused(
    admin_client: Any, users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    response = admin_client.post(
        _change(officer), _data(officer, reports_to=str(users_b[Role.PROGRAMME_MANAGER].pk))
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reports_to"]
    officer.refresh_from_db()
    assert officer.reports_to is None


def test_moving_a_user_to_another_organisation_keeps_no_manager_of_the_old_one(
    admin_client: Any, users_a: dict[Role, Any], org_b: Any
) -> None:
    officer, manager = users_a[Role.PROTECTION_OFFICER], users_a[Role.PROGRAMME_MANAGER]
    response = admin_client.post(
        _change(officer), _data(officer, organisation=str(org_b.pk), reports_to=str(manager.pk))
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reports_to"]


def test_a_user_cannot_report_to_themselves_nor_to_someone_below_them(
    admin_client: Any, users_a: dict[Role, Any]
) -> None:
    manager, officer = users_a[Role.PROGRAMME_MANAGER], users_a[Role.PROTECTION_OFFICER]
    case_manager = users_a[Role.CASE_MANAGER]
    officer.reports_to = manager
    officer.save()
    case_manager.reports_to = officer
    case_manager.save()
    for chosen in (manager, case_manager):
        response = admin_client.post(_change(manager), _data(manager, reports_to=str(chosen.pk)))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["reports_to"]
    manager.refresh_from_db()
    assert manager.reports_to is None
