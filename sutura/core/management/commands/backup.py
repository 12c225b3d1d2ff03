"""`manage.py backup`: the database and the uploaded files in ONE encrypted file.

SUTURA_BACKUP_KEY=… manage.py backup [--output FILE]
manage.py backup --generate-key      # prints a new key; keep it apart from the backups
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.core.backups import archive, crypto, pgtools
from sutura.core.db_roles import OWNER_ALIAS


def backup_alias() -> str:
    """The owner sees every object; the app's role would do too, but restore needs the owner."""
    return OWNER_ALIAS if OWNER_ALIAS in settings.DATABASES else DEFAULT_DB_ALIAS


class Command(BaseCommand):
    help = "Write an encrypted backup of the database and the uploaded files to one file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="the file to write (default: var/backups/…)")
        parser.add_argument("--database", default=None, help="database alias (default: owner)")
        parser.add_argument(
            "--generate-key", action="store_true", help="print a new SUTURA_BACKUP_KEY and stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key"]:
            self.stdout.write(crypto.generate_key())
            return
        try:
            key = crypto.parse_key(settings.SUTURA_BACKUP_KEY)
        except crypto.BackupKeyError as error:
            raise CommandError(
                f"{error} Generate one with manage.py backup --generate-key."
            ) from error
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        output = Path(
            options["output"] or Path(settings.VAR_DIR) / "backups" / f"sutura-{stamp}.backup"
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        alias = options["database"] or backup_alias()
        # The log says a backup was made (it is an export of everything) before the dump, so
        # the backup holds its own entry.
        record(Action.EXPORT, username="manage.py backup", detail=f"backup to {output.name}")
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as target:
                summary = archive.write_backup(target, key=key, connection=connections[alias])
            partial.replace(output)
        except (RuntimeError, pgtools.ToolMissing) as error:
            partial.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self.stdout.write(
            f"Backup written to {output} ({output.stat().st_size} bytes): database "
            f"{summary.dump_bytes} bytes, {summary.files} files ({summary.file_bytes} bytes)."
        )
