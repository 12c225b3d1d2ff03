"""What tracing adds to the home page: the case manager's follow-up visits after a
reunification that are past their date (like the case follow-ups' card)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card
from sutura.tracing.selectors import overdue_visits_for


def cards(user: Any) -> Iterator[Card]:
    if not can(user, Perm.MANAGE_CASES) or getattr(user, "organisation_id", None) is None:
        return
    overdue = overdue_visits_for(user)
    if overdue:
        yield Card(
            _("Reunification visits overdue"),
            _("Follow-up visits after a reunification, on your cases, past their date."),
            [(str(_("All my cases")), reverse("cases:list"))],
            template="tracing/cards/overdue.html",
            data=overdue,
            order=21,
        )
