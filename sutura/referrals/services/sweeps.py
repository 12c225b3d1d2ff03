"""What happens to referrals without a user asking: a withdrawn consent closes the referrals
that relied on it (at once, from `referrals.signals`), a lapsed NRM membership tells both sides
of the referrals that relied on it (the receiver stops reading the person's data), and overdue
referrals are flagged to both sides once (`manage.py notify_overdue_referrals`, run by cron)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from sutura.access.referrals import receivers
from sutura.core.locking import set_once
from sutura.governance.models import LapseReason
from sutura.governance.selectors.protocols import membership
from sutura.notifications.messages import Text, choice, moment
from sutura.notifications.services import notify
from sutura.people.models import ConsentPurpose, ConsentStatus
from sutura.people.selectors import current_consent
from sutura.referrals import selectors
from sutura.referrals.models import ClosureReason, Referral
from sutura.referrals.services.workflow import S, link, move, senders_of


def close_after_withdrawal(consent: Any, *, actor: Any = None) -> int:
    """A withdrawn (or refused) consent takes effect at once: the referrals under way that
    relied on it close, which ends the receiver's access, and both sides are told.
    Called when the decision is recorded (`referrals.signals`), or when a merge made it the
    decision in force (`apply_consents_after_merge`: `actor` merged); returns how many
    closed."""
    if consent.purpose == ConsentPurpose.REFERRAL:
        affected = selectors.under_way_for_person(consent.person_id)
    elif consent.purpose == ConsentPurpose.SHARING and consent.shared_with_id is not None:
        if membership(consent.shared_with_id).is_member:
            return 0  # a member receives under the protocol, not under this consent
        affected = selectors.under_way_for_person(consent.person_id).filter(
            to_organisation_id=consent.shared_with_id, sharing_consent__isnull=False
        )
    else:
        return 0
    closed = 0
    for referral in affected.select_for_update(of=("self",)):
        referral.closure_reason = ClosureReason.CONSENT_WITHDRAWN
        referral.ended_at = timezone.now()
        move(actor or consent.recorded_by, referral, S.CLOSED, "", ["closure_reason", "ended_at"])
        notify(
            [*receivers(referral), *senders_of(referral)],
            *_closed_for_consent_message(referral),
            link=link(referral),
        )
        closed += 1
    return closed


def _closed_for_consent_message(referral: Referral) -> tuple[Text, Text]:
    return (
        Text(gettext_noop("Referral %(number)s closed"), number=referral.number),
        Text(
            gettext_noop(
                "The person withdrew their consent: the referral is closed and nothing more "
                "is shared."
            )
        ),
    )


def apply_consents_after_merge(person: Any, *, actor: Any) -> int:
    """A merge moved the other file's consent decisions to this one (records are moved in
    bulk: no signal is sent). Where the decision now in force — the latest, whichever file it
    was recorded on — is a withdrawal or a refusal, it takes effect as if recorded now.
    Returns how many referrals closed."""
    decisions = [current_consent(person, ConsentPurpose.REFERRAL)]
    decisions += [
        current_consent(person, ConsentPurpose.SHARING, organisation_id=organisation_id)
        for organisation_id in selectors.sharing_consent_organisations(person)
    ]
    closed = 0
    for consent in decisions:
        if consent is not None and consent.status in {
            ConsentStatus.WITHDRAWN,
            ConsentStatus.REFUSED,
        }:
            closed += close_after_withdrawal(consent, actor=actor)
    return closed


def tell_membership_lapsed(organisation: Any, *, lapsed_on: Any, reason: str) -> int:
    """An organisation's NRM membership lapsed (its signature ended, or the protocol version
    expired): the referrals under way to it that carry personal data under that membership
    alone are NOT closed — the person may still get the service — but from `lapsed_on` the
    receiving side reads nothing more of the person (`sharing.readable_sections`), like after
    a withdrawn consent. Both sides are told: the sender can record the person's consent to
    that organisation by name and refer again, or refer elsewhere. Returns how many referrals
    were concerned. Called from `referrals.signals` when governance records the lapse."""
    if membership(organisation, on=lapsed_on).is_member:
        return 0  # another signature (a newer version) still covers that day
    affected = list(selectors.under_way_relying_on_membership(organisation.pk))
    for referral in affected:
        notify(
            [*receivers(referral), *senders_of(referral)],
            *_lapsed_message(referral, lapsed_on, reason),
            link=link(referral),
        )
    return len(affected)


def _lapsed_message(referral: Referral, lapsed_on: Any, reason: str) -> tuple[Text, Text]:
    return (
        Text(
            gettext_noop("Referral %(number)s: the receiver is no longer an NRM member"),
            number=referral.number,
        ),
        Text(
            gettext_noop(
                "%(organisation)s has not been an NRM member since %(date)s (%(reason)s). The "
                "referral stays open, but it no longer shows the person's data to the receiving "
                "side. Record the person's consent to share with this organisation and refer "
                "again, or refer elsewhere."
            ),
            organisation=str(referral.to_organisation),
            date=moment(lapsed_on),
            reason=choice(LapseReason(reason)),
        ),
    )


def notify_overdue(*, now: Any = None) -> int:
    """Tell both sides once about each referral past its answer deadline; returns how many
    referrals were flagged."""
    now = now or timezone.now()
    flagged = 0
    for referral in selectors.overdue_unannounced(now):
        with transaction.atomic():
            if not set_once(referral, "overdue_notified_at", now):
                continue  # another run took it
            notify(
                [*receivers(referral), *senders_of(referral)],
                *_overdue_message(referral),
                link=link(referral),
            )
            flagged += 1
    return flagged


def _overdue_message(referral: Referral) -> tuple[Text, Text]:
    title = Text(gettext_noop("Referral %(number)s is overdue"), number=referral.number)
    if referral.respond_by is None:  # never: only a referral with a deadline is overdue
        return title, Text(gettext_noop("It has not been answered."))
    return (
        title,
        Text(
            gettext_noop("It was due by %(due)s and has not been answered."),
            due=moment(referral.respond_by),
        ),
    )
