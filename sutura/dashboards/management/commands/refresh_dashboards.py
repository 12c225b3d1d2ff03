"""`manage.py refresh_dashboards`: from cron every few minutes (as the project's other
recurring work: `notify_overdue_referrals`, `sweep_exports`, `apply_retention`). Queues the
recount of the default view of each dashboard of those who opened one lately (the worker
counts), and deletes the snapshots nobody needs (`dashboards.services.sweep`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sutura.dashboards import services


class Command(BaseCommand):
    help = "Queue the recount of the dashboards' default views for their recent users."

    def handle(self, *args: Any, **options: Any) -> None:
        done = services.sweep()
        self.stdout.write(
            f"{done['users']} users, {done['queued']} recounts queued, "
            f"{done['forgotten']} snapshots deleted"
        )
