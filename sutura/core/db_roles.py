"""The two database roles: the owner runs migrations, the app runs the site.

The app's role is neither superuser nor owner of any table, so it cannot disable a trigger,
truncate a table or `SET session_replication_role`. It may read and write the app's tables
except where a model says less in `database_privileges` (the audit log: INSERT and SELECT;
its chain: SELECT) and read-only `django_migrations`. `grant_app_role()` is run as the owner
after every `manage.py migrate` (sutura/core/management/commands/migrate.py), after
`manage.py restore`, and by the tests that connect as the app's role.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql

OWNER_ALIAS = "owner"
FULL = ("SELECT", "INSERT", "UPDATE", "DELETE")


def restricted_tables() -> dict[str, tuple[str, ...]]:
    """{table: privileges} for the models that give the app's role less than full rights."""
    return {
        model._meta.db_table: getattr(model, "database_privileges", FULL)
        for model in apps.get_models()
        if getattr(model, "database_privileges", FULL) != FULL
    } | {"django_migrations": ("SELECT",)}


def grant_app_role(connection: BaseDatabaseWrapper, app_role: str) -> None:
    """Give `app_role` exactly what the site needs, as the owner of the tables, in one
    transaction (no moment where the role has more or less)."""
    role = sql.Identifier(app_role)
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(role),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(role),
        sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA public TO {}").format(_privileges(FULL), role),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(role),
        # Tables a later migration creates are usable before the grants run again.
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {} ON TABLES TO {}").format(
            _privileges(FULL), role
        ),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
            " GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {}"
        ).format(role),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        existing = {name for (name,) in cursor.fetchall()}
    for table, privileges in restricted_tables().items():
        if table not in existing:
            continue
        name = sql.Identifier(table)
        statements += [
            sql.SQL("REVOKE ALL ON {} FROM {}").format(name, role),
            sql.SQL("GRANT {} ON {} TO {}").format(_privileges(privileges), name, role),
        ]
    with connection.cursor() as cursor:
        # The sequences behind restricted tables: next value only, never setval().
        cursor.execute(
            """SELECT s.relname FROM pg_class s
                 JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
                 JOIN pg_class t ON t.oid = d.refobjid
                WHERE s.relkind = 'S' AND t.relname = ANY(%s)""",
            [list(restricted_tables())],
        )
        for (sequence,) in cursor.fetchall():
            statements += [
                sql.SQL("REVOKE ALL ON SEQUENCE {} FROM {}").format(sql.Identifier(sequence), role),
                sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {} TO {}").format(
                    sql.Identifier(sequence), role
                ),
            ]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.as_string(connection.connection))


def _privileges(names: tuple[str, ...]) -> sql.Composable:
    allowed = {"SELECT", "INSERT", "UPDATE", "DELETE"}
    if not set(names) <= allowed:
        raise ValueError(f"Unexpected privileges {names}")
    return sql.SQL(", ").join(sql.SQL(name) for name in names)
