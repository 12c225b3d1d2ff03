"""The referral workflow: `TRANSITIONS`, and one service per step either side takes.

Each step locks the referral, asks where the actor stands on it (`access.referrals.standing`,
once), checks the step against the workflow, stores a `ReferralTransition` (who, when, why)
and tells the other side. `available_actions()` is what pages and the API offer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access.referrals import ReferralStanding, receivers, standing
from sutura.core.concurrency import save_versioned
from sutura.core.dates import date_format
from sutura.core.locking import locked
from sutura.notifications.messages import Text, choice
from sutura.notifications.services import notify
from sutura.referrals.models import (
    ACTIVE_STATUSES,
    ClosureReason,
    DeclineReason,
    Outcome,
    Referral,
    ReferralStatus,
    ReferralTransition,
)

S = ReferralStatus
# The workflow, readable at a glance: from each status, where a referral may go next.
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SENT, S.CLOSED},
    S.SENT: {S.RECEIVED, S.ACCEPTED, S.DECLINED, S.CLOSED},
    S.RECEIVED: {S.ACCEPTED, S.DECLINED, S.CLOSED},
    S.ACCEPTED: {S.IN_PROGRESS, S.COMPLETED, S.CLOSED},
    S.IN_PROGRESS: {S.COMPLETED, S.CLOSED},
    S.DECLINED: set(),
    S.COMPLETED: set(),
    S.CLOSED: set(),
}
UNDER_WAY = frozenset({S.SENT, S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS})
# The receiving side's steps, by the status they lead to (as pages and the API name them).
RECEIVER_STEPS = {
    S.RECEIVED: "acknowledge",
    S.ACCEPTED: "accept",
    S.DECLINED: "decline",
    S.IN_PROGRESS: "start",
    S.COMPLETED: "complete",
}
# Who may close for which reason: the referrer withdraws, or learns the person no longer wants
# the service; whoever answers for the provider records a no-show or an unreachable person.
REFERRER_CLOSURES = frozenset(
    {ClosureReason.WITHDRAWN, ClosureReason.PERSON_DECLINED, ClosureReason.OTHER}
)
PROVIDER_CLOSURES = frozenset(
    {
        ClosureReason.NO_SHOW,
        ClosureReason.UNREACHABLE,
        ClosureReason.PERSON_DECLINED,
        ClosureReason.OTHER,
    }
)


class IllegalTransition(ValidationError):
    pass


# --- what each side may do ------------------------------------------------------------------


def available_actions(who: ReferralStanding) -> list[str]:
    """The actions this user (by their standing) may take on the referral now."""
    status = who.referral.status
    actions: list[str] = []
    if who.sender and status == S.DRAFT:
        actions += ["edit", "send"]
    if status != S.DRAFT and who.answers_for_provider:
        actions += [step for to, step in RECEIVER_STEPS.items() if to in TRANSITIONS[status]]
        if status in {S.ACCEPTED, S.IN_PROGRESS} and who.receiver:
            actions.append("onward")
    if status in UNDER_WAY and (who.sender or who.receiver):
        actions.append("update")
    if S.CLOSED in TRANSITIONS[status] and (who.sender or (who.receiver and status != S.DRAFT)):
        actions.append("close")
    confirmable = status in ACTIVE_STATUSES or status == S.DRAFT
    if who.case_team and who.referral.sharing_held and confirmable:
        actions.append("confirm_sharing")  # after a merge of the file (`services.holds`)
    return actions


def closure_reasons_for(who: ReferralStanding) -> set[str]:
    """The reasons this user may give to close the referral (a draft is simply withdrawn)."""
    draft = who.referral.status == S.DRAFT
    reasons: set[str] = set()
    if who.sender:
        reasons |= {ClosureReason.WITHDRAWN} if draft else REFERRER_CLOSURES
    if not draft and who.answers_for_provider:
        reasons |= PROVIDER_CLOSURES
    return reasons


def may_edit(who: ReferralStanding) -> bool:
    """The referring side changes a draft until it is sent."""
    return who.sender and who.referral.status == S.DRAFT


def may_refer_onward(who: ReferralStanding) -> bool:
    """A receiver refers the person onward from a referral they accepted and work on."""
    return who.receiver and who.referral.status in {S.ACCEPTED, S.IN_PROGRESS}


# --- the receiver's steps -------------------------------------------------------------------


@transaction.atomic
def acknowledge(*, actor: Any, referral: Referral) -> Referral:
    """The receiver has seen the referral."""
    referral, who = _for_provider(actor, referral)
    referral.received_at = timezone.now()
    return step(who, S.RECEIVED, "", ["received_at"])


@transaction.atomic
def accept(*, actor: Any, referral: Referral, note: str = "") -> Referral:
    referral, who = _for_provider(actor, referral)
    now = timezone.now()
    referral.received_at = referral.received_at or now
    referral.answered_at = now
    return step(who, S.ACCEPTED, note, ["received_at", "answered_at"])


@transaction.atomic
def decline(*, actor: Any, referral: Referral, reason: str, note: str = "") -> Referral:
    """Decline with a reason: the receiver's access to the shared sections ends."""
    referral, who = _for_provider(actor, referral)
    if reason not in DeclineReason.values:
        raise ValidationError({"decline_reason": _("Choose why you decline.")})
    if reason == DeclineReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain why you decline.")})
    now = timezone.now()
    referral.received_at = referral.received_at or now
    referral.answered_at = referral.ended_at = now
    referral.decline_reason = reason
    fields = ["received_at", "answered_at", "ended_at", "decline_reason"]
    return step(who, S.DECLINED, note, fields)


@transaction.atomic
def start(*, actor: Any, referral: Referral, note: str = "") -> Referral:
    _referral, who = _for_provider(actor, referral)
    return step(who, S.IN_PROGRESS, note, [])


@transaction.atomic
def complete(
    *, actor: Any, referral: Referral, outcome: str, outcome_notes: str = "", feedback: str = ""
) -> Referral:
    """The service was given (or not): the outcome and feedback close the loop."""
    referral, who = _for_provider(actor, referral)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if not feedback.strip():
        raise ValidationError({"feedback": _("Tell the referrer what happened.")})
    referral.outcome, referral.outcome_notes = outcome, outcome_notes.strip()
    referral.feedback = feedback.strip()
    referral.ended_at = timezone.now()
    fields = ["outcome", "outcome_notes", "feedback", "ended_at"]
    return step(who, S.COMPLETED, "", fields)


# --- either side ----------------------------------------------------------------------------


@transaction.atomic
def add_update(*, actor: Any, referral: Referral, note: str) -> Referral:
    """A progress note from either side, kept in the referral's history."""
    referral, who = lock(actor, referral)
    if not (who.receiver or who.sender):
        raise PermissionDenied
    if referral.status not in UNDER_WAY:
        raise IllegalTransition(_("This referral is no longer active."))
    if not note.strip():
        raise ValidationError({"note": _("Write the update.")})
    ReferralTransition.objects.create(
        referral=referral,
        from_status=referral.status,
        to_status=referral.status,
        actor=actor,
        reason=note.strip(),
    )
    tell_other_side(who)
    return referral


@transaction.atomic
def close(*, actor: Any, referral: Referral, reason: str, note: str = "") -> Referral:
    """Close without completion: no-show, unreachable (receiver) or withdrawn (referrer)."""
    referral, who = lock(actor, referral)
    if not (who.receiver or who.sender) or (referral.status == S.DRAFT and not who.sender):
        raise PermissionDenied
    if reason not in ClosureReason.values or reason == ClosureReason.CONSENT_WITHDRAWN:
        raise ValidationError({"closure_reason": _("Choose why the referral is closed.")})
    if reason == ClosureReason.WITHDRAWN and not who.sender:
        raise ValidationError({"closure_reason": _("Only the referrer can withdraw a referral.")})
    if reason not in closure_reasons_for(who):
        raise ValidationError(
            {"closure_reason": _("The provider records this; you can withdraw the referral.")}
        )
    if reason == ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain why the referral is closed.")})
    referral.closure_reason = reason
    referral.ended_at = timezone.now()
    told = referral.status != S.DRAFT
    return step(who, S.CLOSED, note, ["closure_reason", "ended_at"], tell=told)


# --- shared by every step ---------------------------------------------------------------------

# What a step reads with the locked referral: its standing and its notifications need these.
LOCK_RELATED = ("case", "case__person", "parent", "to_organisation", "from_organisation")


def lock(actor: Any, referral: Referral) -> tuple[Referral, ReferralStanding]:
    """The referral re-read FOR UPDATE, and where the actor stands on it now."""
    referral = locked(referral, *LOCK_RELATED)
    return referral, standing(actor, referral)


def _for_provider(actor: Any, referral: Referral) -> tuple[Referral, ReferralStanding]:
    referral, who = lock(actor, referral)
    if referral.status == S.DRAFT or not who.answers_for_provider:
        raise PermissionDenied
    return referral, who


def check_move(referral: Referral, to_status: str) -> None:
    if to_status not in TRANSITIONS[referral.status]:
        raise IllegalTransition(
            _("A referral that is “%(current)s” cannot become “%(next)s”.")
            % {"current": S(referral.status).label, "next": S(to_status).label}
        )


def move(
    actor: Any, referral: Referral, to_status: str, reason: str, fields: list[str]
) -> Referral:
    """Move the (locked) referral to `to_status` and record who did it and why. The only
    code that changes a referral's status."""
    check_move(referral, to_status)
    from_status = referral.status
    referral.status = to_status
    save_versioned(
        referral, expected_version=referral.version, fields=["status", "respond_by", *fields]
    )
    ReferralTransition.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason=reason.strip(),
    )
    return referral


def step(
    who: ReferralStanding, to_status: str, reason: str, fields: list[str], *, tell: bool = True
) -> Referral:
    """A step a user takes: the move, then the other side is told (unless `tell` is off)."""
    move(who.user, who.referral, to_status, reason, fields)
    if tell:
        tell_other_side(who)
    return who.referral


def senders_of(referral: Referral) -> list[Any]:
    """Who hears about a referral on the referring side: who made it, and the case manager
    when they belong to the referring organisation."""
    people = [referral.referred_by]
    manager = referral.case.case_manager
    if manager is not None and manager.organisation_id == referral.from_organisation_id:
        people.append(manager)
    return people


def tell_other_side(who: ReferralStanding) -> None:
    referral, actor = who.referral, who.user
    others = senders_of(referral) if who.receiver else receivers(referral)
    notify(
        [user for user in others if user.pk != actor.pk],
        Text(
            gettext_noop("Referral %(number)s: %(status)s"),
            number=referral.number,
            status=choice(S(referral.status)),
        ),
        Text(
            gettext_noop("%(organisation)s updated the referral."),
            organisation=str(actor.organisation),
        ),
        link=link(referral),
    )


def link(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def local(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
