"""A reviewer's "not the same person": remembered for the pair, which is not proposed again
while the decision is in force (the runs skip every pair with a `PairDecision` not withdrawn)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require, visible
from sutura.access.people import require_works_on_person
from sutura.accounts.roles import Perm
from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.core.locking import locked
from sutura.core.texts import Text
from sutura.dedup.models import PairDecision, Proposal, ProposalStatus
from sutura.people.models import Person
from sutura.people.services import require_not_anonymised


@transaction.atomic
def mark_not_duplicate(
    *,
    actor: Any,
    first: Person,
    second: Person,
    reason: str = "",
    proposal: Proposal | None = None,
) -> PairDecision:
    """Say that two files are two people: the pair's open proposal is closed and the pair is
    not proposed again while the decision is in force."""
    require(actor, Perm.REVIEW_DUPLICATES)
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different files."), code="same_file")
    if first.organisation_id != second.organisation_id:
        raise ValidationError(
            _("Files of two organisations are never compared."), code="two_organisations"
        )
    require_works_on_person(actor, first)
    require_works_on_person(actor, second)
    first, second = sorted((first, second), key=lambda person: person.pk)
    if proposal is not None:
        if (proposal.first_id, proposal.second_id) != (first.pk, second.pk):
            raise ValidationError(
                _("This proposal is about another pair of files."), code="wrong_pair"
            )
        proposal = locked(proposal)
        if proposal.status != ProposalStatus.OPEN:
            raise ValidationError(
                _("This pair was decided in the meantime: reload the list."),
                code="already_decided",
            )
    try:
        with transaction.atomic():
            decision = PairDecision.objects.create(
                organisation_id=first.organisation_id,
                first=first,
                second=second,
                decided_by=actor,
                reason=(reason or "").strip(),
            )
    except IntegrityError as error:
        raise ValidationError(
            _("These two files were already marked as two different people."),
            code="already_decided",
        ) from error
    _move_proposals(actor, first, second, ProposalStatus.OPEN, ProposalStatus.NOT_DUPLICATE)
    _record_on_both(
        actor,
        first,
        second,
        {"decision": str(decision.pk)},
        other_key="not a duplicate of",
        detail=gettext_noop("Not the same person as file %(file)s"),
    )
    return decision


@transaction.atomic
def withdraw_not_duplicate(*, actor: Any, decision: PairDecision, reason: str) -> int:
    """A "not the same person" given by mistake is taken back: the pair's proposal it closed is
    open again (it is in the queue at once), and a later run may propose the pair again. The
    decision is kept, marked withdrawn (who, when, why); both files' audit trails say so too."""
    require(actor, Perm.REVIEW_DUPLICATES)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the decision was wrong.")}, code="required")
    first, second = decision.first, decision.second
    require_works_on_person(actor, first)
    require_works_on_person(actor, second)
    # An anonymised file can no longer be merged: the pair would wait in the queue for ever.
    require_not_anonymised(first)
    require_not_anonymised(second)
    decision = locked(decision)
    if decision.withdrawn_at is not None:
        raise ValidationError(
            _("This decision was withdrawn in the meantime: reload the page."), code="withdrawn"
        )
    reopened = _move_proposals(
        actor, first, second, ProposalStatus.NOT_DUPLICATE, ProposalStatus.OPEN
    )
    decision.withdrawn_at = timezone.now()
    decision.withdrawn_by = actor
    decision.withdraw_reason = reason
    decision.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason", "updated_at"])
    _record_on_both(
        actor,
        first,
        second,
        {"decision": str(decision.pk), "reason": reason},
        other_key="no longer not a duplicate of",
        detail=gettext_noop("Decision withdrawn: may be the same person as file %(file)s"),
    )
    return reopened


def _move_proposals(actor: Any, first: Person, second: Person, status: str, to: str) -> int:
    """The pair's proposals in `status` (those the user may see) put in `to`, locked: decided
    by the actor now, or undecided again when they go back to the queue. Returns how many."""
    found = visible(actor, Proposal).filter(first_id=first.pk, second_id=second.pk, status=status)
    now = timezone.now()
    moved = 0
    for proposal in found.select_for_update():
        moved += 1
        proposal.status = to
        proposal.decided_by = None if to == ProposalStatus.OPEN else actor
        proposal.decided_at = None if to == ProposalStatus.OPEN else now
        proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return moved


def _record_on_both(
    actor: Any,
    first: Person,
    second: Person,
    changes: dict[str, str],
    *,
    other_key: str,
    detail: str,
) -> None:
    """The same change in both files' audit trails, each naming the other file."""
    for person, other in ((first, second), (second, first)):
        record(
            Action.UPDATE,
            actor=actor,
            obj=person,
            changes={other_key: str(other.pk), **changes},
            detail=Text(detail, file=str(other.pk)[:8]),
        )
