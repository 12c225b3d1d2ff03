"""Words kept as codes: the English message id and its parameters, turned into words in the
reader's language each time they are shown (a user who switches language reads their old
notifications and the audit log in the new one). Notifications (`notifications.messages`) and
the audit log (`audit.services.record(detail=Text(…))`) store them; the database never holds a
sentence translated for whoever acted.

    notify(
        receivers,
        Text(gettext_noop("Referral %(number)s: %(status)s"), number=r.number,
             status=choice(ReferralStatus(r.status))),
        link=...,
    )

Parameters are plain values (numbers, case numbers, organisation names), a choice of a
`TextChoices` (`choice(member)`: its label is translated when shown), several
(`choices(members)`: their labels, comma-separated), a moment (`moment(datetime)`: shown in the
reader's date format and time zone), another text (`Text(…).as_json()`, e.g. a kind of list) or
a code the project names in words elsewhere (`term(kind, code)`: a list's code, a page's route;
the app that knows the codes registers how to word them, `add_term(kind, words)`, in its
`AppConfig.ready()`; a code nobody words any more is shown as stored).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
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
        kept = {name: v.as_json() if isinstance(v, Text) else v for name, v in params.items()}
        object.__setattr__(self, "params", kept)

    def as_json(self) -> dict[str, Any]:
        return {"msgid": self.msgid, "params": self.params}


def choice(member: models.Choices) -> dict[str, str]:
    cls = type(member)
    return {"choice": f"{cls.__module__}.{cls.__qualname__}", "value": str(member.value)}


def choices(members: Iterable[models.Choices]) -> dict[str, Any]:
    """Several members of one `TextChoices`: their labels, comma-separated, when shown."""
    found = list(members)
    if not found:
        return {"choices": "", "values": []}
    cls = type(found[0])
    return {
        "choices": f"{cls.__module__}.{cls.__qualname__}",
        "values": [str(member.value) for member in found],
    }


# kind -> words(code): the words for a code in the active language (None: unknown code)
_TERMS: dict[str, Callable[[str], Any]] = {}


def add_term(kind: str, words: Callable[[str], Any]) -> None:
    """Say how codes of a kind are put into words (called from an app's `ready()`)."""
    _TERMS[kind] = words


def term(kind: str, code: str) -> dict[str, str]:
    """A code that is shown in words: the list `cases` as "Cas" / "Cases"."""
    return {"term": kind, "code": str(code)}


def _term_words(value: dict[str, Any]) -> str:
    words = _TERMS.get(value["term"])
    shown = words(value["code"]) if words is not None else None
    return str(shown) if shown else str(value["code"])


def moment(value: datetime.datetime | datetime.date) -> dict[str, str]:
    if isinstance(value, datetime.datetime):
        return {"moment": value.isoformat()}
    return {"date": value.isoformat()}


def _param(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    try:
        if "msgid" in value:
            return render(value)
        if "term" in value:
            return _term_words(value)
        if "choices" in value:
            if not value["choices"]:
                return ""
            labels = import_string(value["choices"])
            return ", ".join(str(labels(item).label) for item in value["values"])
        if "choice" in value:
            return import_string(value["choice"])(value["value"]).label
        if "moment" in value:
            when = timezone.localtime(datetime.datetime.fromisoformat(value["moment"]))
            return date_format(when, "SHORT_DATETIME_FORMAT")
        if "date" in value:
            return date_format(datetime.date.fromisoformat(value["date"]), "SHORT_DATE_FORMAT")
    except (ImportError, ValueError, KeyError):
        if "values" in value:
            return ", ".join(str(item) for item in value["values"])
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
        try:
            return stored["msgid"] % params if params else stored["msgid"]
        except (KeyError, TypeError, ValueError):
            return stored["msgid"]
