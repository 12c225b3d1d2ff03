"""The dashboards part of the access world: each organisation's M&E officer has a snapshot of
their dashboard being counted (made as a page makes it when the count is left to the worker;
the job is never queued: the world is built inside a transaction that is not committed)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.dashboards import services
from sutura.dashboards.models import DashboardSnapshot


def build(world: Any) -> dict[str, Any]:
    found = {}
    for name, side in (("a", world.a), ("b", world.b)):
        officer = side.users[Role.ME_OFFICER]
        found[f"snapshot_{name}"] = DashboardSnapshot.objects.create(
            user=officer,
            dashboard="me",
            query_key=f"matrix {name}",
            query={"period": "2026"},
            rights=services.rights_of(officer),
            viewed_at=timezone.now(),
            recount_queued_at=timezone.now(),
        )
    return found
