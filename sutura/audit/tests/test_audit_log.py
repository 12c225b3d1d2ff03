"""The audit log: logins, failed logins, writes, reads; append-only; filters."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.audit.context import acting_as
from sutura.audit.models import Action, AuditEntry
from sutura.people.models import Person
from tests.audit_words import said
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db


def test_successful_login_is_recorded_with_user_organisation_and_ip(client, users_a):
    user = users_a[Role.CASE_MANAGER]
    client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.20.30.40",
    )
    entry = AuditEntry.objects.get(action=Action.LOGIN)
    assert (entry.actor, entry.organisation, entry.ip_address) == (
        user,
        user.organisation,
        "10.20.30.40",
    )


def test_failed_login_is_recorded_without_the_password(client, users_a):
    client.post(
        reverse("accounts:login"),
        {"username": "unknown.person", "password": "S3cret-guess"},
        REMOTE_ADDR="10.0.0.9",
    )
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert entry.actor is None
    # What was typed for an account that does not exist (perhaps a password) is not kept.
    assert entry.actor_username == "" and entry.detail == "Unknown account"
    assert "unknown.person" not in str(entry.changes) + entry.detail
    assert entry.ip_address == "10.0.0.9"
    assert "S3cret-guess" not in str(entry.changes) + entry.detail


def test_a_failed_login_names_an_account_only_when_it_exists(client, users_a):
    user = users_a[Role.CASE_MANAGER]
    for typed in (user.username, "Tr0ub4dor&3"):  # the second: a password in the wrong field
        client.post(reverse("accounts:login"), {"username": typed, "password": "wrong"})
    named, unknown = AuditEntry.objects.filter(action=Action.LOGIN_FAILED).order_by("pk")
    assert named.actor_username == user.username
    assert unknown.actor_username == "" and unknown.detail == "Unknown account"
    assert not AuditEntry.objects.filter(actor_username__contains="Tr0ub4dor").exists()
    assert not AuditEntry.objects.filter(detail__contains="Tr0ub4dor").exists()


def test_registering_a_person_records_fields_but_not_their_values(client, users_a):
    user = users_a[Role.CASE_MANAGER]
    client.force_login(user)
    response = client.post(
        reverse("people:register"),
        {"family_name": "Keïta", "given_names": "Oumou", "sex": "female", "nationality": "ML"},
    )
    assert response.status_code == 302
    person = Person.objects.get()
    entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(person.pk))
    assert entry.actor == user
    assert entry.organisation == user.organisation
    assert entry.changes["family_name"] == "(changed)"
    assert "Keïta" not in str(entry.changes) + entry.object_label


def test_editing_records_which_fields_changed(client, users_a, org_a):
    person = PersonFactory.create(organisation=org_a)
    person = Person.objects.get(pk=person.pk)
    client.force_login(users_a[Role.CASE_MANAGER])
    client.post(
        reverse("people:edit", args=[person.pk]),
        {
            "family_name": person.family_name,
            "given_names": "Mamadu",
            "sex": person.sex,
            "nationality": "SN",
            "version": person.version,
        },
    )
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(person.pk))
    assert set(entry.changes) == {"given_names"}


def test_non_sensitive_changes_keep_old_and_new_values(org_a):
    org_a.acronym = "ORG-A2"
    org_a.save()
    entry = AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(org_a.pk)).get()
    assert entry.changes == {"acronym": ["ORG-A", "ORG-A2"]}


def test_reading_a_person_is_recorded(client, users_a, org_a):
    person = PersonFactory.create(organisation=org_a)
    user = users_a[Role.CASE_MANAGER]
    client.force_login(user)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
    assert AuditEntry.objects.filter(
        action=Action.READ, actor=user, object_id=str(person.pk)
    ).exists()


def test_a_refused_read_is_not_recorded_as_a_read(client, users_b, org_a):
    person = PersonFactory.create(organisation=org_a)
    client.force_login(users_b[Role.CASE_MANAGER])
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action=Action.READ).exists()


def test_a_refused_read_is_recorded_as_refused_with_the_route_and_id_only(client, users_b, org_a):
    person = PersonFactory.create(organisation=org_a, given_names="Mariama")
    snoop = users_b[Role.CASE_MANAGER]
    client.force_login(snoop)
    url = reverse("people:detail", args=[person.pk])
    assert client.get(url + "?q=Mariama").status_code == 404
    entry = AuditEntry.objects.get(action=Action.REFUSED, actor=snoop)
    assert entry.object_id == str(person.pk)
    assert said(entry) == "Answered 404: People › record page"  # the route, in words
    assert (entry.detail_params or {})["route"] == {"term": "route", "code": "people:detail"}
    assert entry.changes == {"ids": {"person_id": str(person.pk)}}
    assert "Mariama" not in f"{entry.detail} {entry.changes} {entry.object_label}"
    # The API too; an address that names no route, or an anonymous visitor, leaves nothing.
    assert client.get(f"/api/persons/{person.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action=Action.REFUSED, actor=snoop).count() == 2
    assert client.get("/no-such-page/").status_code == 404
    client.logout()
    client.get(url)
    assert AuditEntry.objects.filter(action=Action.REFUSED).count() == 2


def test_the_database_refuses_to_change_or_delete_audit_entries():
    entry = AuditEntry.objects.create(action=Action.LOGIN, actor_username="awa")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor_username="someone-else")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor_username == "awa"


def test_audit_admin_offers_no_edit_or_delete(client, users_a):
    admin = users_a[Role.SYSTEM_ADMIN]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    entry = AuditEntry.objects.create(action=Action.LOGIN, actor_username="awa")
    client.force_login(admin)
    delete_url = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_administrator_filters_the_log_by_user_organisation_and_date(client, users_a, users_b):
    client.force_login(users_a[Role.CASE_MANAGER])  # a login of org A
    client.logout()
    client.force_login(users_b[Role.CASE_MANAGER])
    client.logout()
    admin = users_a[Role.SYSTEM_ADMIN]
    client.force_login(admin)
    url = reverse("audit:list")
    page = client.get(url, {"organisation": users_b[Role.CASE_MANAGER].organisation_id})
    names = {entry.actor_username for entry in page.context["page"]}
    assert names == {users_b[Role.CASE_MANAGER].username}
    page = client.get(url, {"user": users_a[Role.CASE_MANAGER].username, "action": "logout"})
    assert [e.action for e in page.context["page"]] == ["logout"]
    page = client.get(url, {"date_from": "2001-01-01", "date_to": "2001-12-31"})
    assert page.context["page"].paginator.count == 0


def test_a_reversed_date_range_is_explained(client, users_a):
    client.force_login(users_a[Role.SYSTEM_ADMIN])
    response = client.get(
        reverse("audit:list"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert "date_to" in response.context["form"].errors


def test_browsing_and_searching_the_list_is_recorded_without_the_search_text(client, users_a):
    user = users_a[Role.CASE_MANAGER]
    client.force_login(user)
    client.get(reverse("people:list"), {"q": "Keïta"})
    entry = AuditEntry.objects.get(action=Action.READ, actor=user)
    assert said(entry) == "people list, page 1, search"
    assert "Keïta" not in entry.detail + str(entry.changes)


def test_a_write_outside_a_request_credits_the_user_acting_then_nobody_again(users_a):
    manager = users_a[Role.CASE_MANAGER]
    with acting_as(manager):
        credited = PersonFactory.create(organisation=manager.organisation)
    after = PersonFactory.create(organisation=manager.organisation)
    created = AuditEntry.objects.filter(action=Action.CREATE)
    assert created.get(object_id=str(credited.pk)).actor == manager
    assert created.get(object_id=str(after.pk)).actor is None
