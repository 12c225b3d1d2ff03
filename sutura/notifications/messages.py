"""What a notification says, kept as codes: the English message id and its parameters, turned
into words in the reader's language each time it is shown (a user who switches language reads
their old notifications in the new one).

    notify(
        receivers,
        Text(gettext_noop("Referral %(number)s: %(status)s"), number=r.number,
             status=choice(ReferralStatus(r.status))),
        link=...,
    )

Parameters are plain values (numbers, case numbers, organisation names), a choice of a
`TextChoices` (`choice(member)`: its label is translated when shown) or a moment
(`moment(datetime)`: shown in the reader's date format and time zone).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext


@dataclass(frozen=True)
class Text:
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def __init__(self, msgid: str, **params: Any) -> None:
        object.__setattr__(self, "msgid", str(msgid))
        object.__setattr__(self, "params", params)

    def as_json(self) -> dict[str, Any]:
        return {"msgid": self.msgid, "params": self.params}


def choice(member: models.Choices) -> dict[str, str]:
    cls = type(member)
    return {"choice": f"{cls.__module__}.{cls.__qualname__}", "value": str(member.value)}


def moment(value: datetime.datetime | datetime.date) -> dict[str, str]:
    if isinstance(value, datetime.datetime):
        return {"moment": value.isoformat()}
    return {"date": value.isoformat()}


def _param(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    try:
        if "choice" in value:
            return import_string(value["choice"])(value["value"]).label
        if "moment" in value:
            when = timezone.localtime(datetime.datetime.fromisoformat(value["moment"]))
            return date_format(when, "SHORT_DATETIME_FORMAT")
        if "date" in value:
            return date_format(datetime.date.fromisoformat(value["date"]), "SHORT_DATE_FORMAT")
    except (ImportError, ValueError, KeyError):
        return value.get("value", "")
    return ""


def render(stored: dict[str, Any] | None) -> str:
    """The stored text in the active language ("" if none was stored)."""
    if not stored or not stored.get("msgid"):
        return ""
    params = {name: _param(value) for name, value in (stored.get("params") or {}).items()}
    text = gettext(stored["msgid"])
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return stored["msgid"] % params if params else stored["msgid"]
