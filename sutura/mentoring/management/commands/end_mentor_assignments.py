"""End the mentor assignments whose period is over (run by cron, daily after midnight)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sutura.mentoring.services.assignments import end_expired_assignments


class Command(BaseCommand):
    help = "End every mentor assignment whose period is over: the mentor stops seeing the returnee."

    def handle(self, *args: Any, **options: Any) -> None:
        ended = end_expired_assignments()
        self.stdout.write(f"{ended} mentor assignment(s) ended.")
