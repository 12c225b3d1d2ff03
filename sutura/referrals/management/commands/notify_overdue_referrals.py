"""Tell both sides about referrals past their answer deadline (run by cron, e.g. hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sutura.referrals.services.sweeps import notify_overdue


class Command(BaseCommand):
    help = "Notify both sides, once, of each referral not answered by its deadline."

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = notify_overdue()
        self.stdout.write(f"{flagged} overdue referral(s) notified.")
