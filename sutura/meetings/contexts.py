"""The contexts a meeting can belong to, registered by the apps that own them.

A context is a code (`"committee"`, `"working_group"`, `"protocol_consultation"`, later
`"community"`, `"peer_group"`…) and, for each meeting, the id of the record it belongs to. The
owning app registers two things, both in its `AppConfig.ready()`:

- here, how to show the context: its label, the page of one record (for the meeting's page
  and its breadcrumbs) and who may open that page (`opens`): someone who sees a meeting (a
  participant, the person answering for an action item) may not open its community's or
  committee's page, and is shown the context's name without a link to a 404;
- in the access package (`sutura.access.meetings.register_context`), who may see and who may
  record the meetings of one record: that is where every rule lives.

    contexts.register(
        Context("committee", _("Committee"), "governance:committee", opens=seen(Committee))
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from sutura.access import can, visible
from sutura.accounts.roles import Perm

# `opens(user, record_id)`: whether the user may open the page of that context record.
Opens = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Context:
    code: str
    label: str | Promise
    # URL name of the record's page, reversed with the record's id (`pk=`); "" for none.
    url_name: str = ""
    # True when the meetings of such a record are a community's own (consultations,
    # dialogues, awareness sessions): their attendance is counted by the community's groups
    # (`models.COMMUNITY_CATEGORIES`) instead of the kinds of organisation.
    community_groups: bool = False
    # Who may open the record's page; None: nobody is sent there (fail closed).
    opens: Opens | None = None


_CONTEXTS: dict[str, Context] = {}


def register(context: Context) -> None:
    known = _CONTEXTS.get(context.code)
    if known is not None and known != context:
        raise ValueError(f"meeting context {context.code!r} is already registered")
    _CONTEXTS[context.code] = context


def get(code: str) -> Context | None:
    return _CONTEXTS.get(code)


def all_contexts() -> list[Context]:
    return sorted(_CONTEXTS.values(), key=lambda context: context.code)


def counts_community_groups(meeting: Any) -> bool:
    """Whether a meeting's attendance is counted by the groups of a community."""
    context = _CONTEXTS.get(getattr(meeting, "context_kind", "") or "")
    return context is not None and context.community_groups


def seen(model: type[models.Model], perm: Perm | None = None) -> Opens:
    """The rule of a page that opens whatever record of `model` the user sees (the page
    answers `get_visible_or_404`), for holders of `perm` if it names one (else a 403)."""

    def opens(user: Any, record_id: Any) -> bool:
        if perm is not None and not can(user, perm):
            return False
        return visible(user, model).filter(pk=record_id).exists()

    return opens


def url_for(meeting: Any, user: Any) -> str:
    """The page of the record a meeting belongs to, or "" (no context, no page, or a page
    this user may not open: one query)."""
    context = _CONTEXTS.get(meeting.context_kind or "")
    if context is None or not context.url_name or meeting.context_id is None:
        return ""
    if context.opens is None or not context.opens(user, meeting.context_id):
        return ""
    try:
        return reverse(context.url_name, kwargs={"pk": meeting.context_id})
    except NoReverseMatch:
        return ""
