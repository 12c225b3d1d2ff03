"""`manage.py restore FILE`: put a backup back into an empty database and media storage.

Refuses a database or a storage that holds anything, unless --force (then it replaces).
After the restore the app's role gets its grants again and the audit chain is checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from sutura.audit.chain import verify
from sutura.core.backups import archive, crypto, pgtools
from sutura.core.db_roles import OWNER_ALIAS, grant_app_role
from sutura.core.management.commands.backup import backup_alias


class Command(BaseCommand):
    help = "Restore a backup made by manage.py backup into an empty database and media storage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--database", default=None, help="database alias (default: owner)")
        parser.add_argument(
            "--force", action="store_true", help="replace what the database and storage hold"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = crypto.parse_key(settings.SUTURA_BACKUP_KEY)
        except crypto.BackupKeyError as error:
            raise CommandError(str(error)) from error
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        alias = options["database"] or backup_alias()
        connection = connections[alias]
        try:
            with path.open("rb") as source:
                summary = archive.read_backup(
                    source, key=key, connection=connection, force=options["force"]
                )
        except (
            crypto.BackupKeyError,
            crypto.BackupDamaged,
            archive.RestoreRefused,
            pgtools.ToolMissing,
            RuntimeError,
        ) as error:
            raise CommandError(str(error)) from error
        if alias == OWNER_ALIAS:
            grant_app_role(connection, connections[DEFAULT_DB_ALIAS].settings_dict["USER"])
        verdict = verify(using=alias)
        self.stdout.write(
            f"Restored {summary.dump_bytes} bytes of database and {summary.files} files "
            f"({summary.file_bytes} bytes) from {path.name}, made {summary.manifest['made_at']}."
        )
        if not verdict.ok:
            raise CommandError(f"The restored audit log does not verify: {verdict.problem}")
        self.stdout.write(f"Audit log: OK, {verdict.count} entries, the hash chain holds.")
