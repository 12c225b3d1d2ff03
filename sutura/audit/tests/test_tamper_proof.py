"""The app's database role cannot rewrite the audit log, and the site still works as it."""

from __future__ import annotations

import psycopg
from django.db import connection
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.audit.chain import verify
from sutura.audit.models import Action, AuditEntry
from sutura.audit.services import record
from sutura.people.models import Person

BYPASSES = [
    "SET session_replication_role = replica; DELETE FROM audit_auditentry",
    "SET session_replication_role = replica",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_seal",
    "TRUNCATE audit_auditentry",
    "TRUNCATE audit_auditentry CASCADE",
    "DELETE FROM audit_auditentry",
    "UPDATE audit_auditentry SET detail = 'nothing happened'",
    "DROP TABLE audit_auditentry CASCADE",
    "INSERT INTO audit_chainlink VALUES (1, 999, '', '')",
    "DELETE FROM audit_chainlink",
    "UPDATE audit_chainlink SET entry_hash = ''",
    "TRUNCATE audit_chainlink",
    "SELECT setval('audit_auditentry_id_seq', 1)",
    "CREATE OR REPLACE FUNCTION audit_entry_is_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
]


def test_the_app_role_cannot_rewrite_the_audit_log(app_role):
    record(Action.LOGIN, username="awa", ip_address="10.0.0.1")
    allowed = []
    for statement in BYPASSES:
        with app_role.connect() as conn:
            try:
                conn.execute(statement)
            except psycopg.errors.InsufficientPrivilege:
                continue
            allowed.append(statement)
    assert allowed == []
    assert AuditEntry.objects.get().actor_username == "awa"
    assert verify().ok


def test_the_app_role_is_neither_superuser_nor_owner(app_role):
    with app_role.connect() as conn:
        is_superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert is_superuser.fetchone() == (False,)
        owners = conn.execute(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    assert (app_role.name,) not in owners


def test_the_app_role_writes_audit_entries_and_they_are_chained(app_role):
    with app_role.connect() as conn:
        conn.execute(
            "INSERT INTO audit_auditentry (at, action, actor_username, object_id, object_label,"
            " changes, detail) VALUES (now(), 'login', 'awa', '', '', '{}', '')"
        )
    entry = AuditEntry.objects.select_related("chain_link").get()
    assert entry.chain_link.position == 1
    assert verify().ok


def test_the_site_works_as_the_app_role(app_role, client, users_a):
    user = users_a[Role.CASE_MANAGER]
    with app_role.serving():
        assert connection.settings_dict["USER"] == app_role.name
        client.force_login(user)
        response = client.post(
            reverse("people:register"),
            {"family_name": "Keïta", "given_names": "Oumou", "sex": "female", "nationality": "ML"},
        )
        assert response.status_code == 302
        person = Person.objects.get()
        assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (app_role.name,)
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(person.pk)).exists()
    assert AuditEntry.objects.filter(action=Action.READ, object_id=str(person.pk)).exists()
    verdict = verify()
    assert verdict.ok
    assert verdict.count == AuditEntry.objects.count()
