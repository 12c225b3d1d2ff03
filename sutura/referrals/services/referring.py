"""Referring: a referral from a case (a draft, or sent at once), editing a draft, sending it,
and the counter-referral a receiver sends onward."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import can
from sutura.access.cases import CaseStanding, case_standing
from sutura.access.referrals import ReferralStanding, receivers, standing
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.cases.models import Case, CaseStatus
from sutura.core.concurrency import save_versioned
from sutura.core.counters import next_value
from sutura.directory.models import Service
from sutura.notifications.messages import Text, choice, moment
from sutura.notifications.services import notify
from sutura.people.consent import require_consent
from sutura.people.models import ConsentPurpose
from sutura.referrals import sharing
from sutura.referrals.deadlines import respond_by
from sutura.referrals.models import (
    Referral,
    ReferralNumberCounter,
    ReferralTransition,
    Urgency,
)
from sutura.referrals.services.workflow import (
    S,
    check_move,
    link,
    lock,
    may_refer_onward,
    move,
)


def referrer_standing(actor: Any, case: Case) -> CaseStanding:
    """How the actor may refer from this case: as its team (to any service or colleague, any
    section), as its mentor (to a colleague, identity and contact at most), or not at all."""
    if not can(actor, Perm.MAKE_REFERRALS) or case.organisation_id != actor.organisation_id:
        return CaseStanding.NONE
    return case_standing(actor, case)


def _check_referrer(actor: Any, case: Case, to_user: Any) -> None:
    as_ = referrer_standing(actor, case)
    if as_ == CaseStanding.NONE:
        raise PermissionDenied
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("This case is closed: reopen it before referring the person."))
    if to_user is None and as_ == CaseStanding.MENTOR:
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
        _check_colleague(actor, to_user, to_organisation)
        to_organisation = actor.organisation
    if to_organisation is None:
        raise ValidationError({"service": _("Choose a service, or a colleague to refer to.")})
    if not to_organisation.is_active:
        raise ValidationError({"service": _("This organisation is no longer active.")})
    return to_organisation, service, to_user


def _check_colleague(actor: Any, to_user: Any, to_organisation: Organisation | None) -> None:
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
    referral = Referral(
        case=case,
        from_organisation=actor.organisation,
        referred_by=actor,
        to_organisation=target,
        service=service,
        to_user=to_user,
        parent=None,
    )
    return _create(actor, referral, category, reason, urgency, shared_sections, send=send)


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
    parent, who = lock(actor, parent)
    if not may_refer_onward(who):
        raise PermissionDenied
    target, service, _to_user = _target(
        actor, service=service, to_organisation=to_organisation, to_user=None
    )
    if target.pk == actor.organisation_id:
        # Onward to oneself would be an internal referral: its sections would stay readable
        # after the referral they came through ended, under no consent of its own.
        raise ValidationError({"service": _("Refer onward to another organisation.")})
    referral = Referral(
        case=parent.case,
        from_organisation=actor.organisation,
        referred_by=actor,
        to_organisation=target,
        service=service,
        parent=parent,
    )
    return _create(actor, referral, category, reason, urgency, shared_sections, send=True)


def _create(
    actor: Any,
    referral: Referral,
    category: str,
    reason: str,
    urgency: str,
    shared_sections: Iterable[str],
    *,
    send: bool,
) -> Referral:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the person is referred.")})
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Choose an urgency.")})
    referral.shared_sections = sharing.check_sections(
        actor, referral.case, referral.to_organisation, shared_sections, referral.parent
    )
    referral.number = next_referral_number(timezone.localdate().year)
    referral.category, referral.reason, referral.urgency = category, reason.strip(), urgency
    referral.full_clean()
    referral.save()
    ReferralTransition.objects.create(referral=referral, to_status=S.DRAFT, actor=actor)
    if send:
        _send(standing(actor, referral))
    return referral


@transaction.atomic
def update_draft(
    *, actor: Any, referral: Referral, expected_version: int, send: bool = False, **data: Any
) -> Referral:
    """Change a draft before it is sent (reason, urgency, target, sections); with `send`,
    send it in the same step — refused as a whole, the draft keeps its old content."""
    referral, who = lock(actor, referral)
    if referral.status != S.DRAFT or not who.sender:
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
    referral.shared_sections = sharing.check_sections(
        actor, referral.case, target, data.get("shared_sections", ()), referral.parent
    )
    referral.full_clean()
    fields = ["to_organisation", "service", "to_user", "category", "reason", "urgency"]
    save_versioned(referral, expected_version=expected_version, fields=[*fields, "shared_sections"])
    if send:
        _send(standing(actor, referral))
    return referral


@transaction.atomic
def send_referral(*, actor: Any, referral: Referral) -> Referral:
    """Send a draft: the receiver is told, the answer deadline starts."""
    referral, who = lock(actor, referral)
    if not who.sender:
        raise PermissionDenied
    _send(who)
    return referral


def _send(who: ReferralStanding) -> None:
    referral, actor = who.referral, who.user
    check_move(referral, S.SENT)
    if referral.sharing_held:  # the person's file was merged since the draft was written
        raise ValidationError(
            _(
                "The person's file was merged with another file after this draft was "
                "written: check the file and confirm what the draft shares (under “Next "
                "step”) before sending it."
            )
        )
    case = referral.case
    consent = require_consent(case.person, ConsentPurpose.REFERRAL)
    # Checked again at sending: a protocol may have lapsed or a consent been withdrawn.
    sharing.check_sections(
        actor, case, referral.to_organisation, referral.shared_sections, referral.parent
    )
    referral.referral_consent = consent
    if referral.shared_sections and not referral.is_internal:
        referral.sharing_consent = sharing.named_consent(case, referral.to_organisation)
    now = timezone.now()
    referral.sent_at = now
    referral.respond_by = respond_by(referral.urgency, now)
    move(actor, referral, S.SENT, "", ["referral_consent", "sharing_consent", "sent_at"])
    notify(
        receivers(referral),
        Text(gettext_noop("New referral %(number)s"), number=referral.number),
        Text(
            gettext_noop(
                "%(organisation)s refers a person to you (%(urgency)s). Answer by %(due)s."
            ),
            organisation=str(referral.from_organisation),
            urgency=choice(Urgency(referral.urgency)),
            due=moment(referral.respond_by),
        ),
        link=link(referral),
    )
