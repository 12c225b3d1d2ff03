"""Anonymise what passed its retention period. Run daily from cron (see docs/privacy.md):

15 2 * * *  cd /srv/sutura && .venv/bin/python manage.py apply_retention
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sutura.privacy.services import apply_retention


class Command(BaseCommand):
    help = "Anonymise people, referrals and notifications past their retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = apply_retention(
            today=timezone.localdate(),
            periods=settings.SUTURA_RETENTION_DAYS,
            dry_run=options["dry_run"],
        )
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(
            f"{summary['persons']} people {verb} anonymised, "
            f"{summary['referrals']} ended referrals {verb} cleared of free text, "
            f"{summary['notifications']} notifications {verb} deleted, "
            f"{summary['idempotency_keys']} expired retry keys {verb} deleted."
        )
        known = {"persons", "referrals", "notifications", "idempotency_keys"}
        for key, count in summary.items():
            if key not in known:  # what apps above privacy registered (RetentionStep)
                self.stdout.write(f"{count} {key.replace('_', ' ')} {verb} cleared.")
