"""A dashboard's figures counted off the request (as DHIS2's analytics tables are): one row per
user, dashboard and filters, holding what `selectors.compute_all` returns — codes and numbers,
already suppressed ("<5") for that user, never a label or a name — and when they were counted.

Per user, never shared: what a user counts depends on who they are, not only on their
organisation and roles (a complaint that implicates someone is not counted in their figures,
nor their managers': `access.feedback.implicated_filter`). `rights` is a digest of the facts of
the account the figures were counted under (`services.rights_of`): a snapshot whose digest is
not the account's today is never shown."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sutura.core.models import TimeStampedModel


class FiguresEncoder(json.JSONEncoder):
    """Amounts are Decimals: kept exactly, as {"decimal": "1234.50"}."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return {"decimal": str(o)}
        return super().default(o)


def _decimals(found: dict[str, Any]) -> Any:
    return Decimal(found["decimal"]) if found.keys() == {"decimal"} else found


class FiguresDecoder(json.JSONDecoder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("object_hook", _decimals)
        super().__init__(*args, **kwargs)


class DashboardSnapshot(TimeStampedModel):
    personal_data = False  # counts by codes (sex, region, week…), suppressed as the user reads them

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dashboard = models.CharField(_("dashboard"), max_length=20)  # sets.DashboardSet.code
    query_key = models.CharField(max_length=64)  # sha256 of `query` and the panels
    query = models.JSONField(default=dict)  # the filters as GET parameters (ids and codes)
    rights = models.CharField(max_length=64)  # the account's facts when counted (digest)
    figures = models.JSONField(  # None: never counted yet
        null=True, blank=True, encoder=FiguresEncoder, decoder=FiguresDecoder
    )
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    viewed_at = models.DateTimeField(_("last shown at"))
    # Set when a recount is queued, cleared when the job ends: at most one pending per row.
    recount_queued_at = models.DateTimeField(null=True, blank=True)
    # Set when a worker takes the job: a recount queued long ago and never started means that no
    # worker runs (the page says so and offers to count in the request).
    recount_started_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=40, blank=True)  # the last recount's failure code
    # How long the last count took: whether a combination never counted is counted in the
    # request or by the worker (`services.counts_in_the_request`).
    count_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dashboard", "query_key"], name="dashboards_snapshot_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["viewed_at"], name="dashboards_snapshot_viewed"),
            models.Index(fields=["dashboard", "-counted_at"], name="dashboards_snapshot_counted"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.dashboard} {self.query_key[:8]}"
