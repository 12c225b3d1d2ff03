"""Proposals that keep the directory current: anyone who may propose suggests a new entry, a
change, a closure or a confirmation; a coordinator approves (the entry is updated and counts as
verified) or rejects it, and the proposer is told."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require
from sutura.access.accounts import members
from sutura.accounts.roles import Perm
from sutura.directory.models import ChangeKind, ChangeStatus, Service, ServiceChange
from sutura.directory.selectors.proposals import current_values, field_label
from sutura.directory.services.entries import (
    as_snapshot,
    check_values,
    write_new_entry,
    write_values,
)
from sutura.notifications.messages import Text, choice
from sutura.notifications.services import notify


def _coordinators() -> Iterable[Any]:
    """Whoever keeps the directory, in any organisation."""
    return members(None, perm=Perm.MANAGE_DIRECTORY)


def _link(change: ServiceChange) -> str:
    return reverse("directory:change_detail", args=[change.pk])


def _label(change: ServiceChange) -> str:
    if change.service is not None:
        return change.service.name_fr
    return str(change.proposed.get("name_fr", ""))


@transaction.atomic
def propose_new_service(*, actor: Any, data: dict[str, Any], comment: str = "") -> ServiceChange:
    """Propose a service to add to the directory; a coordinator reviews it."""
    require(actor, Perm.PROPOSE_DIRECTORY_CHANGES)
    proposed = as_snapshot(data)
    proposed.pop("is_active", None)
    check_values(None, proposed)
    change = ServiceChange.objects.create(
        kind=ChangeKind.NEW,
        before={},
        proposed=proposed,
        comment=comment,
        proposed_by=actor,
    )
    _tell_coordinators(actor, change)
    return change


@transaction.atomic
def propose_change(
    *,
    actor: Any,
    service: Service,
    data: dict[str, Any] | None = None,
    comment: str = "",
    kind: str = ChangeKind.UPDATE,
) -> ServiceChange:
    """Propose a change to an entry, say it is no longer offered, or confirm it is still right.

    Only the values that differ from the entry are kept, with the entry's values at that moment
    (`before`): if the entry changes meanwhile, the reviewer is told instead of overwriting it.
    """
    require(actor, Perm.PROPOSE_DIRECTORY_CHANGES)
    current = current_values(service)
    if kind == ChangeKind.UPDATE:
        given = as_snapshot(data or {})
        given.pop("is_active", None)
        proposed = {k: v for k, v in given.items() if current.get(k) != v}
        if not proposed:
            raise ValidationError(_("Nothing differs from the entry: change a value first."))
        check_values(service, proposed)
    elif kind == ChangeKind.CLOSE:
        if not service.is_active:
            raise ValidationError(_("This service is already marked as no longer offered."))
        proposed = {"is_active": False}
    elif kind == ChangeKind.VERIFY:
        proposed = {}
    else:
        raise ValidationError({"kind": _("Choose what you are proposing.")})
    if kind == ChangeKind.CLOSE and not comment.strip():
        raise ValidationError({"comment": _("Say how you know the service is no longer offered.")})
    change = ServiceChange.objects.create(
        service=service,
        kind=kind,
        before={k: current.get(k) for k in proposed},
        proposed=proposed,
        comment=comment,
        proposed_by=actor,
    )
    _tell_coordinators(actor, change)
    return change


def _tell_coordinators(actor: Any, change: ServiceChange) -> None:
    label = _label(change)
    notify(
        [user for user in _coordinators() if user.pk != actor.pk],
        Text(gettext_noop("A change to the directory awaits review")),
        Text(
            gettext_noop("%(kind)s: %(service)s"),
            kind=choice(ChangeKind(change.kind)),
            service=label,
        ),
        link=_link(change),
    )


def stale_fields(change: ServiceChange, service: Service) -> list[str]:
    """Fields of a pending proposal whose value in the entry changed since it was made."""
    current = current_values(service)
    return sorted(k for k in change.proposed if current.get(k) != change.before.get(k))


def _locked_pending(change: ServiceChange) -> ServiceChange:
    locked = ServiceChange.objects.select_for_update().get(pk=change.pk)
    if locked.status != ChangeStatus.PENDING:
        raise ValidationError(_("This proposal has already been reviewed."), code="reviewed")
    return locked


@transaction.atomic
def approve_change(*, actor: Any, change: ServiceChange, comment: str = "") -> ServiceChange:
    """Apply a proposal to the directory; the entry counts as verified today by the reviewer.

    Refused when the entry changed since the proposal was made (the reviewer is told which
    values), so nobody's later edit is silently overwritten."""
    require(actor, Perm.MANAGE_DIRECTORY)
    change = _locked_pending(change)
    if change.kind == ChangeKind.NEW or change.service_id is None:
        change.service = write_new_entry(actor, change.proposed)
    else:
        service = Service.objects.select_for_update().get(pk=change.service_id)
        stale = stale_fields(change, service)
        if stale:
            labels = ", ".join(field_label(name) for name in stale)
            raise ValidationError(
                _(
                    "The entry changed after this proposal was made (%(fields)s). Nothing was "
                    "applied: compare with the entry now, then reject this proposal or edit the "
                    "entry yourself."
                )
                % {"fields": labels},
                code="stale",
            )
        write_values(actor, service, change.proposed)
        change.service = service
    _close_review(actor, change, ChangeStatus.APPROVED, comment)
    return change


@transaction.atomic
def reject_change(*, actor: Any, change: ServiceChange, comment: str) -> ServiceChange:
    """Turn a proposal down, saying why; the entry stays as it is."""
    require(actor, Perm.MANAGE_DIRECTORY)
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the proposal is rejected.")})
    change = _locked_pending(change)
    _close_review(actor, change, ChangeStatus.REJECTED, comment)
    return change


def _close_review(actor: Any, change: ServiceChange, status: str, comment: str) -> None:
    change.status = status
    change.reviewed_by = actor
    change.reviewed_at = timezone.now()
    change.review_comment = comment
    change.save(
        update_fields=[
            "service",
            "status",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "updated_at",
        ]
    )
    if change.proposed_by_id == actor.pk:
        return
    label = _label(change)
    approved = status == ChangeStatus.APPROVED

    title = Text(
        gettext_noop("Your proposal for “%(service)s” was approved")
        if approved
        else gettext_noop("Your proposal for “%(service)s” was rejected"),
        service=label,
    )
    body = Text("%(comment)s", comment=comment) if comment else None
    notify([change.proposed_by], title, body, link=_link(change))
