"""The app's database role, built in the test database the way `manage.py migrate` builds it
in production (`core.db_roles.grant_app_role`), and dropped afterwards."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection, connections
from psycopg import sql

from sutura.core.db_roles import grant_app_role


@dataclass(frozen=True)
class AppRole:
    name: str
    password: str

    def connect(self, dbname: str | None = None) -> psycopg.Connection[Any]:
        """A connection of our own as the app's role, in autocommit like Django's."""
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.update(user=self.name, password=self.password, autocommit=True)
        if dbname:
            params["dbname"] = dbname
        return psycopg.connect(**params)

    @contextmanager
    def serving(self) -> Iterator[None]:
        """Django's own connection runs as the app's role inside the block."""
        default = connections["default"]
        saved = dict(default.settings_dict)
        default.close()
        default.settings_dict.update(USER=self.name, PASSWORD=self.password)
        try:
            yield
        finally:
            default.close()
            default.settings_dict.clear()
            default.settings_dict.update(saved)


@pytest.fixture
def app_role(transactional_db: None) -> Iterator[AppRole]:
    name = f"{connection.settings_dict['NAME']}_app"[:63]
    role = AppRole(name=name, password=secrets.token_urlsafe(16))
    identifier = sql.Identifier(name)
    with connection.cursor() as cursor:
        _drop(cursor, name)
        cursor.execute(
            sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}")
            .format(identifier, sql.Literal(role.password))
            .as_string(connection.connection)
        )
    grant_app_role(connection, name)
    yield role
    with connection.cursor() as cursor:
        _drop(cursor, name)


def _drop(cursor: Any, name: str) -> None:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    if cursor.fetchone():
        quoted = sql.Identifier(name).as_string(connection.connection)
        cursor.execute(f"DROP OWNED BY {quoted}")
        cursor.execute(f"DROP ROLE {quoted}")


def database_url(name: str, *, user: str, password: str) -> str:
    """A DATABASE_URL for the test server (TCP or the embedded server's socket directory)."""
    db = connection.settings_dict
    return "postgresql://{}:{}@{}:{}/{}".format(
        quote(user, safe=""),
        quote(password, safe=""),
        quote(str(db["HOST"] or "localhost"), safe=""),
        db["PORT"] or 5432,
        name,
    )
