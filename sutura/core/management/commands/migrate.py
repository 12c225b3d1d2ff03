"""`manage.py migrate`, run as the database's owner, then the app's role gets its grants.

Django has no setting for "the role that runs migrations"; projects that separate the two
either run migrate with another settings module or with `--database` on a second alias. We
keep the plain command: when an `owner` alias is configured (DATABASE_OWNER_URL, or the
embedded PostgreSQL), `migrate` on the default database goes through it, and afterwards
`core.db_roles.grant_app_role()` gives the default alias's role its privileges. Without an
owner alias (tests, a single-role development database) it behaves as Django's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

from sutura.core.db_roles import OWNER_ALIAS, grant_app_role


class Command(DjangoMigrate):
    help = (
        DjangoMigrate.help + " Runs as the database owner (the 'owner' alias) when one is "
        "configured, then grants the app's role what it needs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["database"] != DEFAULT_DB_ALIAS or OWNER_ALIAS not in settings.DATABASES:
            super().handle(*args, **options)
            return
        with as_owner():
            super().handle(*args, **options)
        app_role = connections[DEFAULT_DB_ALIAS].settings_dict["USER"]
        if options["plan"] or options["check_unapplied"]:
            return
        if app_role and app_role != connections[OWNER_ALIAS].settings_dict["USER"]:
            grant_app_role(connections[OWNER_ALIAS], app_role)
            if options["verbosity"] >= 1:
                self.stdout.write(f"Privileges granted to the app's database role {app_role}.")


@contextmanager
def as_owner() -> Iterator[None]:
    """The default connection logs in as the owner inside the block."""
    default, owner = connections[DEFAULT_DB_ALIAS], connections[OWNER_ALIAS]
    saved = dict(default.settings_dict)
    default.close()
    default.settings_dict.update(
        {key: owner.settings_dict[key] for key in ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")}
    )
    try:
        yield
    finally:
        default.close()
        default.settings_dict.clear()
        default.settings_dict.update(saved)
