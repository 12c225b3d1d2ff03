"""`manage.py sweep_exports`: delete the files of exports past their expiry (cron, or the
queue's periodic job)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sutura.exports.services import sweep_expired


class Command(BaseCommand):
    help = "Delete the files of exports past their expiry."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{sweep_expired()} expired export(s) deleted.")
