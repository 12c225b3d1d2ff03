"""`manage.py verify_audit`: check the audit log's hash chain (run it from cron).

Prints `OK: N entries` and the last hash (keep it where the database's owner cannot write), or
names the first entry removed, edited or moved and exits with status 1.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from sutura.audit.chain import verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain; exit status 1 names the first entry tampered with."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify(using=options["database"])
        if not verdict.ok:
            raise CommandError(
                f"The audit log was tampered with: {verdict.problem} "
                f"({verdict.count} entries before it are intact)."
            )
        self.stdout.write(
            f"OK: {verdict.count} entries, the hash chain holds. Last hash: {verdict.last_hash}"
        )
