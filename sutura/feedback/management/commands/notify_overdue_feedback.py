"""Tell whom each complaint or feedback item concerns that it missed a deadline (daily cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sutura.feedback.services.overdue import notify_overdue


class Command(BaseCommand):
    help = (
        "Notify, once per deadline, the handlers or PSEA focal points of each feedback item "
        "not acknowledged or not answered in time (reference and link only)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        announced = notify_overdue()
        self.stdout.write(f"{announced} overdue feedback item(s) notified.")
