"""A reviewer's "not the same person": remembered for the pair, which is never proposed again
(the runs skip every pair with a `PairDecision`)."""

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
    never proposed again."""
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
    now = timezone.now()
    open_ones = visible(actor, Proposal).filter(
        first_id=first.pk, second_id=second.pk, status=ProposalStatus.OPEN
    )
    for open_proposal in open_ones.select_for_update():
        open_proposal.status = ProposalStatus.NOT_DUPLICATE
        open_proposal.decided_by = actor
        open_proposal.decided_at = now
        open_proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    for person, other in ((first, second), (second, first)):
        record(
            Action.UPDATE,
            actor=actor,
            obj=person,
            changes={"not a duplicate of": str(other.pk), "decision": str(decision.pk)},
            detail=Text(
                gettext_noop("Not the same person as file %(file)s"), file=str(other.pk)[:8]
            ),
        )
    return decision
