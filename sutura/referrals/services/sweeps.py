"""What happens to referrals without a user asking: a withdrawn consent closes the referrals
that relied on it (at once, from `referrals.signals`), and overdue referrals are flagged to
both sides once (`manage.py notify_overdue_referrals`, run by cron)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from sutura.access.referrals import receivers
from sutura.core.locking import set_once
from sutura.notifications.messages import Text, moment
from sutura.notifications.services import notify
from sutura.people.models import ConsentPurpose
from sutura.referrals import selectors
from sutura.referrals.models import ClosureReason, Referral
from sutura.referrals.services.workflow import S, link, move, senders_of


def close_after_withdrawal(consent: Any) -> int:
    """A withdrawn (or refused) consent takes effect at once: the referrals under way that
    relied on it close, which ends the receiver's access, and both sides are told.
    Called when the decision is recorded (`referrals.signals`); returns how many closed."""
    if consent.purpose == ConsentPurpose.REFERRAL:
        affected = selectors.under_way_for_person(consent.person_id)
    elif consent.purpose == ConsentPurpose.SHARING and consent.shared_with_id is not None:
        if consent.shared_with.is_nrm_member:
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
        move(consent.recorded_by, referral, S.CLOSED, "", ["closure_reason", "ended_at"])
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
