"""`manage.py migrate` with DATABASE_OWNER_URL runs as the owner and leaves the app's role
(DATABASE_URL) with only what it needs: production's set-up, end to end, in a database of its
own.

That database is a copy of the migrated template the test databases are copied from
(tests/db_reuse.py: every migration applied from zero, as the owner, once per run), so `migrate`
finds nothing left to apply and the grants are what is tested. Migrating from zero again here
took 55 s of the suite and tested nothing more: the grants are given after every `migrate`, and
the owner of the template's tables is the owner this test names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection
from psycopg import sql

from sutura.audit.tests.conftest import database_url
from tests import db_reuse

ROOT = Path(__file__).resolve().parents[3]


def test_migrate_runs_as_the_owner_and_grants_the_app_role(app_role):
    name = f"{connection.settings_dict['NAME']}_roles"
    quoted = sql.Identifier(name).as_string(connection.connection)
    template = db_reuse.template_name(connection.settings_dict["NAME"])
    owner = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        cursor.execute(
            f"CREATE DATABASE {quoted} TEMPLATE {sql.Identifier(template).as_string(cursor)}"
        )
    try:
        env = {k: v for k, v in os.environ.items() if k != "SUTURA_DB_NAME"}
        env.update(
            DJANGO_SETTINGS_MODULE="sutura.settings.dev",
            DATABASE_URL=database_url(name, user=app_role.name, password=app_role.password),
            DATABASE_OWNER_URL=database_url(
                name, user=owner["USER"], password=owner["PASSWORD"] or ""
            ),
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "No migrations to apply" in result.stdout, result.stdout
        assert f"Privileges granted to the app's database role {app_role.name}" in result.stdout

        with app_role.connect(dbname=name) as conn:

            def may(privilege: str, table: str) -> bool:
                query = "SELECT has_table_privilege(current_user, %s, %s)"
                return bool(conn.execute(query, [table, privilege]).fetchone()[0])

            owners = conn.execute(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            assert owners == [(owner["USER"],)]
            assert [may(p, "audit_auditentry") for p in ("SELECT", "INSERT")] == [True, True]
            assert not any(may(p, "audit_auditentry") for p in ("UPDATE", "DELETE", "TRUNCATE"))
            assert [may(p, "audit_chainlink") for p in ("SELECT", "INSERT")] == [True, False]
            assert all(may(p, "people_person") for p in ("SELECT", "INSERT", "UPDATE", "DELETE"))
            assert not may("TRUNCATE", "people_person")
            assert [may(p, "django_migrations") for p in ("SELECT", "INSERT")] == [True, False]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
