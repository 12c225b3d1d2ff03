"""What duplicate review adds to the home page and the menu (registered in `DedupConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.dedup.selectors import open_count

MENU = [NavItem(_("Duplicates"), "dedup:queue", Perm.REVIEW_DUPLICATES, order=12)]


def cards(user: Any) -> Iterator[Card]:
    if not can(user, Perm.REVIEW_DUPLICATES) or user.organisation_id is None:
        return
    count = open_count(user)
    text = (
        ngettext(
            "%(count)d pair of files may be the same person: review it.",
            "%(count)d pairs of files may be the same person: review them.",
            count,
        )
        % {"count": count}
        if count
        else _("No possible duplicate to review.")
    )
    yield Card(
        _("Possible duplicates"),
        text,
        [
            (str(_("Review the possible duplicates")), reverse("dedup:queue")),
            (str(_("Merges")), reverse("dedup:merges")),
            (str(_("Duplicate searches")), reverse("dedup:runs")),
        ],
        order=22,
    )
