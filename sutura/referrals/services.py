"""Referrals: writes and transitions. One function per action a user takes.

The workflow is `TRANSITIONS`; who may take each step is `_SENDER_STEPS` / `_RECEIVER_STEPS`.
Every change is stored as a `ReferralTransition` (who, when, why) and tells the other side.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import can
from sutura.access.rules import case_filter
from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import ROLE_PERMISSIONS, Perm
from sutura.cases.models import Case, CaseStatus
from sutura.core.concurrency import save_versioned
from sutura.core.counters import next_value
from sutura.directory.models import Service
from sutura.notifications.services import notify
from sutura.people.consent import current_consent, require_consent
from sutura.people.models import ConsentPurpose, ConsentStatus
from sutura.referrals.deadlines import respond_by
from sutura.referrals.models import (
    ACTIVE_STATUSES,
    ClosureReason,
    DeclineReason,
    Outcome,
    Referral,
    ReferralNumberCounter,
    ReferralStatus,
    ReferralTransition,
    Section,
    Urgency,
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
# A mentor sees a minimal profile: they can pass on only what they see.
MENTOR_SECTIONS = frozenset({Section.IDENTITY, Section.CONTACT})


class IllegalTransition(ValidationError):
    pass


# --- who is on which side ------------------------------------------------------------------


def is_receiver(user: Any, referral: Referral) -> bool:
    """The named colleague, or (when nobody is named) the receiving organisation's agents."""
    if referral.to_user_id is not None:
        return bool(referral.to_user_id == user.pk)
    return referral.to_organisation_id == user.organisation_id and can(
        user, Perm.HANDLE_INCOMING_REFERRALS
    )


def is_sender(user: Any, referral: Referral) -> bool:
    """The referring side, as it stands now: staff working on the case, the mentor of the
    returnee who referred, or (for an onward referral) the referring organisation's agents.
    Someone who referred and has since lost the case, or left the organisation, is not."""
    if referral.from_organisation_id != user.organisation_id:
        return False
    if works_on_case(user, referral.case):
        return True
    if referral.referred_by_id == user.pk and referral.case.mentor_id == user.pk:
        return True
    return referral.parent_id is not None and can(user, Perm.HANDLE_INCOMING_REFERRALS)


def works_on_case(user: Any, case: Case) -> bool:
    condition = case_filter(user)
    return condition is not None and Case.objects.filter(condition, pk=case.pk).exists()


def answers_for_provider(user: Any, referral: Referral) -> bool:
    """May this user record the receiving side's steps? The receiver, of course; and the
    referring side when the provider has nobody in Sutura (it answered by phone or on paper),
    so a referral to a provider that is not on the platform still closes its loop."""
    if is_receiver(user, referral):
        return True
    return is_sender(user, referral) and not receivers_of(referral)


def available_actions(user: Any, referral: Referral) -> list[str]:
    """The actions this user may take on the referral now, for pages and the API."""
    status = referral.status
    actions: list[str] = []
    sender = is_sender(user, referral)
    if sender and status == S.DRAFT:
        actions += ["edit", "send"]
    if status != S.DRAFT and answers_for_provider(user, referral):
        step_for = {
            S.RECEIVED: "acknowledge",
            S.ACCEPTED: "accept",
            S.DECLINED: "decline",
            S.IN_PROGRESS: "start",
            S.COMPLETED: "complete",
        }
        actions += [step_for[to] for to in step_for if to in TRANSITIONS[status]]
        if status in {S.ACCEPTED, S.IN_PROGRESS} and is_receiver(user, referral):
            actions.append("onward")
    if status in {S.SENT, S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS} and (
        sender or is_receiver(user, referral)
    ):
        actions.append("update")
    if S.CLOSED in TRANSITIONS[status] and (
        sender or (is_receiver(user, referral) and status != S.DRAFT)
    ):
        actions.append("close")
    return actions


def receivers_of(referral: Referral) -> list[User]:
    if referral.to_user_id is not None:
        return [referral.to_user] if referral.to_user else []
    handling_roles = [
        role for role, perms in ROLE_PERMISSIONS.items() if Perm.HANDLE_INCOMING_REFERRALS in perms
    ]
    return list(
        User.objects.filter(
            organisation_id=referral.to_organisation_id,
            is_active=True,
            roles__overlap=handling_roles,
        )
    )


def senders_of(referral: Referral) -> list[User]:
    people = [referral.referred_by]
    manager = referral.case.case_manager
    if manager is not None and manager.organisation_id == referral.from_organisation_id:
        people.append(manager)
    return people


# --- data-sharing rules ----------------------------------------------------------------------


def may_share_personal_data(case: Case, to_organisation: Organisation) -> bool:
    """Personal data leaves an organisation only for an NRM member (signed data-sharing
    protocol) or for an organisation the person consented to by name."""
    if to_organisation.pk == case.organisation_id or to_organisation.is_nrm_member:
        return True
    return _named_consent(case, to_organisation) is not None


def _named_consent(case: Case, to_organisation: Organisation) -> Any:
    consent = current_consent(
        case.person, ConsentPurpose.SHARING, organisation_id=to_organisation.pk
    )
    return consent if consent is not None and consent.status == ConsentStatus.GIVEN else None


def sections_allowed(actor: Any, case: Case, parent: Referral | None) -> frozenset[str]:
    """The sections this referrer can pass on: what they themselves may see."""
    if parent is not None:
        return frozenset(parent.shared_sections)
    if works_on_case(actor, case):
        return frozenset(Section.values)
    return frozenset(MENTOR_SECTIONS)


def _check_sections(
    actor: Any, case: Case, to_organisation: Organisation, sections: Iterable[str], parent: Any
) -> list[str]:
    chosen = [s for s in Section.values if s in set(sections)]  # canonical order, no repeats
    unknown = set(sections) - set(Section.values)
    if unknown:
        raise ValidationError({"shared_sections": _("Unknown section.")})
    if set(chosen) - sections_allowed(actor, case, parent):
        raise ValidationError(
            {"shared_sections": _("You can only share what you yourself may see of this case.")}
        )
    if chosen and not may_share_personal_data(case, to_organisation):
        raise ValidationError(
            {
                "shared_sections": _(
                    "%(organisation)s has not signed the NRM data-sharing protocol. Share "
                    "nothing, or first record the person's consent to share with this "
                    "organisation by name."
                )
                % {"organisation": to_organisation}
            }
        )
    return chosen


# --- creating and sending ----------------------------------------------------------------------


def _may_refer_from(actor: Any, case: Case) -> bool:
    if not can(actor, Perm.MAKE_REFERRALS) or case.organisation_id != actor.organisation_id:
        return False
    return works_on_case(actor, case) or case.mentor_id == actor.pk


def _check_referrer(actor: Any, case: Case, to_user: Any) -> None:
    if not _may_refer_from(actor, case):
        raise PermissionDenied
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("This case is closed: reopen it before referring the person."))
    if to_user is None and not works_on_case(actor, case):  # a mentor
        raise ValidationError(
            {"to_user": _("A mentor refers to a colleague, usually the MHPSS focal point.")}
        )


def _target(
    actor: Any, *, service: Service | None, to_organisation: Organisation | None, to_user: Any
) -> tuple[Organisation, Service | None, Any]:
    if service is not None:
        if not service.is_active:
            raise ValidationError({"service": _("This service is no longer offered.")})
        to_organisation = service.provider
    if to_user is not None:
        if to_user.organisation_id != actor.organisation_id or not to_user.is_active:
            raise ValidationError({"to_user": _("Choose an active colleague.")})
        if to_user.pk == actor.pk:
            raise ValidationError({"to_user": _("You cannot refer to yourself.")})
        if not (can(to_user, Perm.HANDLE_INCOMING_REFERRALS) or can(to_user, Perm.MANAGE_CASES)):
            raise ValidationError(
                {"to_user": _("Refer to a colleague who handles referrals or manages cases.")}
            )
        if to_organisation is not None and to_organisation.pk != actor.organisation_id:
            raise ValidationError({"to_user": _("A named colleague is for internal referrals.")})
        to_organisation = actor.organisation
    if to_organisation is None:
        raise ValidationError({"service": _("Choose a service, or a colleague to refer to.")})
    if not to_organisation.is_active:
        raise ValidationError({"service": _("This organisation is no longer active.")})
    return to_organisation, service, to_user


def next_referral_number(year: int) -> str:
    return f"REF-{year}-{next_value(ReferralNumberCounter, year=year):06d}"


@transaction.atomic
def create_referral(
    *,
    actor: Any,
    case: Case,
    category: str,
    reason: str,
    urgency: str = Urgency.NORMAL,
    shared_sections: Iterable[str] = (),
    service: Service | None = None,
    to_organisation: Organisation | None = None,
    to_user: Any = None,
    send: bool = False,
) -> Referral:
    """A referral from a case, saved as a draft (or sent at once with `send=True`)."""
    _check_referrer(actor, case, to_user)
    target, service, to_user = _target(
        actor, service=service, to_organisation=to_organisation, to_user=to_user
    )
    return _create(
        actor=actor,
        case=case,
        parent=None,
        target=target,
        service=service,
        to_user=to_user,
        category=category,
        reason=reason,
        urgency=urgency,
        shared_sections=shared_sections,
        send=send,
    )


@transaction.atomic
def refer_onward(
    *,
    actor: Any,
    parent: Referral,
    category: str,
    reason: str,
    urgency: str = Urgency.NORMAL,
    shared_sections: Iterable[str] = (),
    service: Service | None = None,
    to_organisation: Organisation | None = None,
) -> Referral:
    """A counter-referral: the receiver refers the person onward. It is sent at once, shares
    at most what it received, and stays linked to the referral it came from."""
    parent = Referral.objects.select_for_update().get(pk=parent.pk)
    if not is_receiver(actor, parent) or parent.status not in {S.ACCEPTED, S.IN_PROGRESS}:
        raise PermissionDenied
    target, service, _none = _target(
        actor, service=service, to_organisation=to_organisation, to_user=None
    )
    if target.pk == actor.organisation_id:
        raise ValidationError({"service": _("Refer onward to another organisation.")})
    return _create(
        actor=actor,
        case=parent.case,
        parent=parent,
        target=target,
        service=service,
        to_user=None,
        category=category,
        reason=reason,
        urgency=urgency,
        shared_sections=shared_sections,
        send=True,
    )


def _create(
    *,
    actor: Any,
    case: Case,
    parent: Referral | None,
    target: Organisation,
    service: Service | None,
    to_user: Any,
    category: str,
    reason: str,
    urgency: str,
    shared_sections: Iterable[str],
    send: bool,
) -> Referral:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the person is referred.")})
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Choose an urgency.")})
    sections = _check_sections(actor, case, target, list(shared_sections), parent)
    referral = Referral(
        number=next_referral_number(timezone.localdate().year),
        case=case,
        from_organisation=actor.organisation,
        referred_by=actor,
        to_organisation=target,
        service=service,
        to_user=to_user,
        parent=parent,
        category=category,
        reason=reason.strip(),
        urgency=urgency,
        shared_sections=sections,
    )
    referral.full_clean()
    referral.save()
    ReferralTransition.objects.create(referral=referral, to_status=S.DRAFT, actor=actor)
    if send:
        _send(actor, referral)
    return referral


@transaction.atomic
def update_draft(*, actor: Any, referral: Referral, expected_version: int, **data: Any) -> Referral:
    """Change a draft before it is sent (reason, urgency, target, sections)."""
    if referral.status != S.DRAFT or not is_sender(actor, referral):
        raise PermissionDenied
    _check_referrer(actor, referral.case, data.get("to_user"))
    target, service, to_user = _target(
        actor,
        service=data.get("service"),
        to_organisation=data.get("to_organisation"),
        to_user=data.get("to_user"),
    )
    referral.to_organisation, referral.service, referral.to_user = target, service, to_user
    for field in ("category", "reason", "urgency"):
        if field in data:
            setattr(referral, field, data[field])
    referral.shared_sections = _check_sections(
        actor, referral.case, target, data.get("shared_sections", ()), referral.parent
    )
    referral.full_clean()
    fields = ["to_organisation", "service", "to_user", "category", "reason", "urgency"]
    return save_versioned(
        referral, expected_version=expected_version, fields=[*fields, "shared_sections"]
    )


@transaction.atomic
def send_referral(*, actor: Any, referral: Referral) -> Referral:
    referral = _locked(referral)
    if not is_sender(actor, referral):
        raise PermissionDenied
    _send(actor, referral)
    return referral


def _send(actor: Any, referral: Referral) -> None:
    _check_move(referral, S.SENT)
    consent = require_consent(referral.case.person, ConsentPurpose.REFERRAL)
    # Checked again at sending: a protocol may have lapsed or a consent been withdrawn.
    _check_sections(
        actor, referral.case, referral.to_organisation, referral.shared_sections, referral.parent
    )
    referral.referral_consent = consent
    if referral.shared_sections and not referral.is_internal:
        referral.sharing_consent = _named_consent(referral.case, referral.to_organisation)
    now = timezone.now()
    referral.sent_at = now
    referral.respond_by = respond_by(referral.urgency, now)
    _move(actor, referral, S.SENT, "", ["referral_consent", "sharing_consent", "sent_at"])
    notify(
        receivers_of(referral),
        lambda: (
            _("New referral %(number)s") % {"number": referral.number},
            _("%(organisation)s refers a person to you (%(urgency)s). Answer by %(due)s.")
            % {
                "organisation": referral.from_organisation,
                "urgency": referral.get_urgency_display(),
                "due": _local(referral.respond_by),
            },
        ),
        link=_link(referral),
    )


# --- the receiver's steps ------------------------------------------------------------------------


@transaction.atomic
def acknowledge(*, actor: Any, referral: Referral) -> Referral:
    referral = _receiver_lock(actor, referral)
    referral.received_at = timezone.now()
    return _move(actor, referral, S.RECEIVED, "", ["received_at"], tell_sender=True)


@transaction.atomic
def accept(*, actor: Any, referral: Referral, note: str = "") -> Referral:
    referral = _receiver_lock(actor, referral)
    now = timezone.now()
    referral.received_at = referral.received_at or now
    referral.answered_at = now
    return _move(
        actor, referral, S.ACCEPTED, note, ["received_at", "answered_at"], tell_sender=True
    )


@transaction.atomic
def decline(*, actor: Any, referral: Referral, reason: str, note: str = "") -> Referral:
    referral = _receiver_lock(actor, referral)
    if reason not in DeclineReason.values:
        raise ValidationError({"decline_reason": _("Choose why you decline.")})
    if reason == DeclineReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain why you decline.")})
    now = timezone.now()
    referral.received_at = referral.received_at or now
    referral.answered_at = referral.ended_at = now
    referral.decline_reason = reason
    fields = ["received_at", "answered_at", "ended_at", "decline_reason"]
    return _move(actor, referral, S.DECLINED, note, fields, tell_sender=True)


@transaction.atomic
def start(*, actor: Any, referral: Referral, note: str = "") -> Referral:
    referral = _receiver_lock(actor, referral)
    return _move(actor, referral, S.IN_PROGRESS, note, [], tell_sender=True)


@transaction.atomic
def complete(
    *, actor: Any, referral: Referral, outcome: str, outcome_notes: str = "", feedback: str = ""
) -> Referral:
    """The service was given (or not): the outcome and feedback close the loop."""
    referral = _receiver_lock(actor, referral)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if not feedback.strip():
        raise ValidationError({"feedback": _("Tell the referrer what happened.")})
    referral.outcome, referral.outcome_notes = outcome, outcome_notes.strip()
    referral.feedback = feedback.strip()
    referral.ended_at = timezone.now()
    fields = ["outcome", "outcome_notes", "feedback", "ended_at"]
    return _move(actor, referral, S.COMPLETED, "", fields, tell_sender=True)


@transaction.atomic
def add_update(*, actor: Any, referral: Referral, note: str) -> Referral:
    """A progress note from either side, kept in the referral's history."""
    referral = _locked(referral)
    if not (is_receiver(actor, referral) or is_sender(actor, referral)):
        raise PermissionDenied
    if referral.status not in {S.SENT, S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS}:
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
    _tell_other_side(actor, referral)
    return referral


# --- either side ----------------------------------------------------------------------------


@transaction.atomic
def close(*, actor: Any, referral: Referral, reason: str, note: str = "") -> Referral:
    """Close without completion: no-show, unreachable (receiver) or withdrawn (referrer)."""
    referral = _locked(referral)
    receiver, sender = is_receiver(actor, referral), is_sender(actor, referral)
    if not (receiver or sender) or (referral.status == S.DRAFT and not sender):
        raise PermissionDenied
    if reason not in ClosureReason.values or reason == ClosureReason.CONSENT_WITHDRAWN:
        raise ValidationError({"closure_reason": _("Choose why the referral is closed.")})
    if reason == ClosureReason.WITHDRAWN and not sender:
        raise ValidationError({"closure_reason": _("Only the referrer can withdraw a referral.")})
    if reason not in closure_reasons_for(actor, referral):
        raise ValidationError(
            {"closure_reason": _("The provider records this; you can withdraw the referral.")}
        )
    if reason == ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain why the referral is closed.")})
    referral.closure_reason = reason
    referral.ended_at = timezone.now()
    told = referral.status != S.DRAFT
    return _move(actor, referral, S.CLOSED, note, ["closure_reason", "ended_at"], tell_sender=told)


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


def closure_reasons_for(user: Any, referral: Referral) -> set[str]:
    """The reasons this user may give to close the referral (a draft is simply withdrawn)."""
    reasons: set[str] = set()
    if is_sender(user, referral):
        reasons |= {ClosureReason.WITHDRAWN} if referral.status == S.DRAFT else REFERRER_CLOSURES
    if referral.status != S.DRAFT and answers_for_provider(user, referral):
        reasons |= PROVIDER_CLOSURES
    return reasons


def close_after_withdrawal(consent: Any) -> int:
    """A withdrawn (or refused) consent takes effect at once: the referrals under way that
    relied on it close, which ends the receiver's access, and both sides are told.
    Called when the decision is recorded (`referrals.signals`); returns how many closed."""
    under_way = Referral.objects.filter(
        case__person_id=consent.person_id, status__in=list(ACTIVE_STATUSES)
    )
    if consent.purpose == ConsentPurpose.REFERRAL:
        affected = under_way
    elif consent.purpose == ConsentPurpose.SHARING and consent.shared_with_id is not None:
        if consent.shared_with.is_nrm_member:
            return 0  # a member receives under the protocol, not under this consent
        affected = under_way.filter(
            to_organisation_id=consent.shared_with_id, sharing_consent__isnull=False
        )
    else:
        return 0
    closed = 0
    for referral in affected.select_for_update():
        referral.closure_reason = ClosureReason.CONSENT_WITHDRAWN
        referral.ended_at = timezone.now()
        _move(
            consent.recorded_by,
            referral,
            S.CLOSED,
            "",
            ["closure_reason", "ended_at"],
        )
        notify(
            [*receivers_of(referral), *senders_of(referral)],
            partial(_closed_for_consent_message, referral),
            link=_link(referral),
        )
        closed += 1
    return closed


def _closed_for_consent_message(referral: Referral) -> tuple[str, str]:
    return (
        _("Referral %(number)s closed") % {"number": referral.number},
        _("The person withdrew their consent: the referral is closed and nothing more is shared."),
    )


# --- overdue --------------------------------------------------------------------------------


def notify_overdue(*, now: Any = None) -> int:
    """Tell both sides once about each referral past its answer deadline. Run by cron
    (`manage.py notify_overdue_referrals`); returns how many referrals were flagged."""
    now = now or timezone.now()
    flagged = 0
    overdue = Referral.objects.filter(
        status__in=[S.SENT, S.RECEIVED], respond_by__lt=now, overdue_notified_at__isnull=True
    ).select_related("case__case_manager", "referred_by", "to_user", "from_organisation")
    for referral in overdue:
        with transaction.atomic():
            updated = Referral.objects.filter(
                pk=referral.pk, overdue_notified_at__isnull=True
            ).update(overdue_notified_at=now)
            if not updated:
                continue
            notify(
                [*receivers_of(referral), *senders_of(referral)],
                partial(_overdue_message, referral),
                link=_link(referral),
            )
            flagged += 1
    return flagged


def _overdue_message(referral: Referral) -> tuple[str, str]:
    return (
        _("Referral %(number)s is overdue") % {"number": referral.number},
        _("It was due by %(due)s and has not been answered.")
        % {"due": _local(referral.respond_by)},
    )


# --- helpers --------------------------------------------------------------------------------


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)


def _receiver_lock(actor: Any, referral: Referral) -> Referral:
    referral = _locked(referral)
    if not answers_for_provider(actor, referral) or referral.status == S.DRAFT:
        raise PermissionDenied
    return referral


def _check_move(referral: Referral, to_status: str) -> None:
    if to_status not in TRANSITIONS[referral.status]:
        raise IllegalTransition(
            _("A referral that is “%(current)s” cannot become “%(next)s”.")
            % {
                "current": S(referral.status).label,
                "next": S(to_status).label,
            }
        )


def _move(
    actor: Any,
    referral: Referral,
    to_status: str,
    reason: str,
    fields: list[str],
    *,
    tell_sender: bool = False,
) -> Referral:
    _check_move(referral, to_status)
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
    if tell_sender:
        _tell_other_side(actor, referral)
    return referral


def _tell_other_side(actor: Any, referral: Referral) -> None:
    others = senders_of(referral) if is_receiver(actor, referral) else receivers_of(referral)
    notify(
        [user for user in others if user.pk != actor.pk],
        lambda: (
            _("Referral %(number)s: %(status)s")
            % {"number": referral.number, "status": S(referral.status).label},
            _("%(organisation)s updated the referral.") % {"organisation": actor.organisation},
        ),
        link=_link(referral),
    )


def _link(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def _local(moment: Any) -> str:
    from django.utils import formats

    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
