"""Every write of supervision: reassigning cases, supervision notes."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require
from sutura.access import supervision as rules
from sutura.accounts.roles import Perm
from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.cases.models import Case
from sutura.cases.services import lifecycle
from sutura.core.concurrency import StaleVersionError
from sutura.core.locking import locked
from sutura.notifications.messages import Text
from sutura.notifications.services import notify
from sutura.supervision.models import SupervisionNote


class CaseChanged(ValidationError):
    """A case of the batch changed since the supervisor chose it: nothing was reassigned."""


@transaction.atomic
def reassign_cases(
    *, actor: Any, cases: Sequence[tuple[Case, int]], case_manager: Any
) -> list[Case]:
    """Give these cases (each with the version the supervisor saw) to another case manager,
    all or none: each goes through the case's own edit (`lifecycle.update_case`: the version
    check, the audit of the change); one entry sums up the batch; the previous and the new
    case managers are told, by case number only."""
    require(actor, Perm.SUPERVISE_CASELOADS)
    if not cases:
        raise ValidationError({"cases": [_("Choose at least one case.")]})
    if rules.case_manager(actor, getattr(case_manager, "pk", None)) is None:
        raise ValidationError(
            {"case_manager": [_("Choose an active colleague who holds this role.")]}
        )
    moved: list[Case] = []
    previous: dict[Any, list[str]] = defaultdict(list)
    previous_users: dict[Any, Any] = {}
    for given, expected_version in cases:
        if given.organisation_id != actor.organisation_id:
            raise PermissionDenied
        case = locked(given, "case_manager")
        if case.status == "closed":
            raise CaseChanged(
                _("Case %(number)s was closed meanwhile: nothing was reassigned.")
                % {"number": case.number},
                code="changed",
            )
        if case.case_manager_id == case_manager.pk:
            continue  # already theirs: nothing to move
        before = case.case_manager
        try:
            case = lifecycle.update_case(
                actor=actor, case=case, expected_version=expected_version, case_manager=case_manager
            )
        except StaleVersionError as error:
            raise CaseChanged(
                _(
                    "Case %(number)s changed after you opened the list: nothing was "
                    "reassigned. Reload the list and choose again."
                )
                % {"number": case.number},
                code="stale",
            ) from error
        moved.append(case)
        if before is not None:
            previous[before.pk].append(case.number)
            previous_users[before.pk] = before
    if moved:
        _tell(actor, moved, case_manager, previous, previous_users)
    return moved


def _tell(
    actor: Any,
    moved: list[Case],
    case_manager: Any,
    previous: dict[Any, list[str]],
    previous_users: dict[Any, Any],
) -> None:
    numbers = [case.number for case in moved]
    record(
        Action.UPDATE,
        actor=actor,
        detail=Text(
            gettext_noop("Caseload reassignment: %(count)s case(s) to user %(user)s"),
            count=len(numbers),
            user=case_manager.pk,
        ),
        changes={
            "cases": numbers,
            "case_manager": case_manager.pk,
            "from": {str(pk): found for pk, found in previous.items()},
        },
    )
    link = reverse("cases:detail", args=[moved[0].pk]) if len(moved) == 1 else ""
    notify(
        [case_manager],
        Text(gettext_noop("Cases reassigned to you: %(numbers)s"), numbers=", ".join(numbers)),
        link=link,
    )
    for pk, found in previous.items():
        if pk == case_manager.pk:
            continue
        notify(
            [previous_users[pk]],
            Text(
                gettext_noop("Your cases reassigned to a colleague: %(numbers)s"),
                numbers=", ".join(found),
            ),
        )


@transaction.atomic
def add_note(
    *,
    actor: Any,
    case: Case,
    text: str,
    noted_on: datetime.date | None = None,
    follow_up_action: str = "",
    due_on: datetime.date | None = None,
) -> SupervisionNote:
    """A supervisor notes what was discussed about a case in supervision, and what must be done
    by when; the case's manager reads it."""
    require(actor, Perm.SUPERVISE_CASELOADS)
    if not rules.writes_notes(actor, case):
        raise PermissionDenied
    noted_on = noted_on or timezone.localdate()
    if noted_on > timezone.localdate():
        raise ValidationError({"noted_on": [_("A note cannot be dated in the future.")]})
    if due_on is not None and due_on < noted_on:
        raise ValidationError({"due_on": [_("The due date cannot come before the note's date.")]})
    if due_on is not None and not follow_up_action.strip():
        raise ValidationError({"follow_up_action": [_("Say what must be done by the due date.")]})
    note = SupervisionNote(
        case=case,
        author=actor,
        noted_on=noted_on,
        text=text,
        follow_up_action=follow_up_action,
        due_on=due_on,
    )
    note.full_clean()
    note.save()
    if case.case_manager_id and case.case_manager_id != actor.pk and case.case_manager:
        notify(
            [case.case_manager],
            Text(gettext_noop("New supervision note on case %(number)s"), number=case.number),
            link=reverse("cases:detail", args=[case.pk]),
        )
    return note
