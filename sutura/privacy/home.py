"""What data protection adds to the home page and the menu (registered in `PrivacyConfig`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.privacy.models import RequestStatus
from sutura.privacy.selectors import requests_for

MENU = [NavItem(_("Data-protection requests"), "privacy:list", Perm.HANDLE_DATA_REQUESTS, order=80)]


def cards(user: Any) -> Iterator[Card]:
    if can(user, Perm.HANDLE_DATA_REQUESTS):
        open_requests = requests_for(user).filter(
            status__in=[RequestStatus.PENDING, RequestStatus.APPROVED]
        )
        yield Card(
            _("Data-protection requests"),
            _("Requests to erase or anonymise a person's data waiting for you: %(count)s.")
            % {"count": open_requests.count()},
            [(str(_("All requests")), reverse("privacy:list"))],
            order=90,
        )
