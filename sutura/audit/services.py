"""Writing the audit log. Entries are written in the caller's transaction, so the log never
drifts from the data: a write that rolls back leaves no entry.

What happened is kept as a code, never as a sentence in someone's language: `detail` is an
English message id marked for translation, with its parameters apart
(`detail=Text(gettext_noop("Shared: %(sections)s"), sections=choices(…))`, `core.texts`), put
into words in the reader's language by `AuditEntry.shown_detail()`. A plain string is a message
id without parameters (mark it with `gettext_noop` so that it is translated); the object is
named by its kind (translated when shown) and `audit_label()`: an identifier, never a word."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_noop

from sutura.audit.context import current
from sutura.audit.models import Action, AuditEntry
from sutura.core.texts import Text, term

SENSITIVE = "(changed)"


def audit_label(obj: models.Model) -> str:
    """How the log names an object: its `audit_label()` (a case number, a reference: never a
    name), else the start of its id. Never `str(obj)`: many objects print a person's name
    (a tracing request, a family assessment, a committee member), and the log can neither be
    edited nor erased (entries written before this rule keep their labels)."""
    label = getattr(obj, "audit_label", None)
    return str(label() if callable(label) else str(obj.pk)[:8])[:200]


def record(
    action: Action,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    detail: str | Text = "",
    ip_address: str | None = None,
    username: str = "",
    object_id: str = "",
) -> AuditEntry:
    code, params = (detail.msgid, detail.params) if isinstance(detail, Text) else (detail, {})
    context = current.get()
    if actor is None and context.user is not None and context.user.is_authenticated:
        actor = context.user
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_username=(actor.get_username() if actor is not None else username)[:150],
        organisation_id=getattr(actor, "organisation_id", None),
        ip_address=ip_address or context.ip_address,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else object_id,
        object_label=audit_label(obj) if obj is not None else "",
        changes=changes or {},
        detail=str(code)[:300],
        detail_params=params,
    )


def record_read(actor: Any, obj: models.Model, *, detail: str | Text = "") -> AuditEntry:
    """A person's record was shown (page, API or PDF)."""
    return record(Action.READ, actor=actor, obj=obj, detail=detail)


def record_list_read(
    actor: Any, *, what: str, searched: bool, page: int, filters: dict[str, Any] | None = None
) -> AuditEntry:
    """Someone browsed or searched a list of people's records. What they typed (often a name)
    is not kept; `filters` (codes, dates and ids only, never typed text) are, when given."""
    kind = Text(what)  # the callers mark `what` for translation (gettext_noop)
    if searched:
        detail = Text(gettext_noop("%(what)s list, page %(page)s, search"), what=kind, page=page)
    else:
        detail = Text(gettext_noop("%(what)s list, page %(page)s"), what=kind, page=page)
    return record(
        Action.READ, actor=actor, detail=detail, changes={"filters": filters} if filters else None
    )


def record_refused(actor: Any, *, route: str, ids: dict[str, Any], status: int) -> AuditEntry:
    """A signed-in user asked for an address the access rules refused them (404 or 403). The
    route's name and the ids in the path are kept: enough to see who tried to open which
    record, nothing of what it holds. The object id is the path's `pk` when it has one."""
    kept = {name: str(value)[:64] for name, value in ids.items()}
    return record(
        Action.REFUSED,
        actor=actor,
        detail=Text(
            gettext_noop("Answered %(status)s: %(route)s"),
            status=status,
            route=term("route", route),
        ),
        changes={"ids": kept} if kept else None,
        object_id=kept.get("pk", next(iter(kept.values()), "")),
    )


def record_export(actor: Any, *, detail: str | Text, obj: models.Model | None = None) -> AuditEntry:
    return record(Action.EXPORT, actor=actor, obj=obj, detail=detail)


def field_changes(
    before: dict[str, Any], after: dict[str, Any], sensitive: frozenset[str]
) -> dict[str, Any]:
    """{field: [old, new]} for plain fields; sensitive fields show only that they changed."""
    changed: dict[str, Any] = {}
    for name, new in after.items():
        old = before.get(name)
        if old == new:
            continue
        field = name[:-3] if name.endswith("_id") else name
        changed[field] = SENSITIVE if field in sensitive else [_jsonable(old), _jsonable(new)]
    return changed


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)
