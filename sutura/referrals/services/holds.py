"""What a referral shares of the person, after the person's file is merged with another.

The shared sections read the case's person as it is now (`sharing._fill`). Once two files are
merged (`sutura.dedup`), the kept file holds both files' names, phones, addresses and identity
documents: a provider that was sent one file's identity and contact would read the other's
too, which nobody decided to share with it (and, if the merge was wrong, a stranger's).

So a merge holds what every referral under way of the kept file shares of the person itself
(`PERSON_SECTIONS`): from then on nobody outside the case team reads it, until someone of the
case team looks at the merged file and confirms (or narrows) what the referral shares. The
sections of the case (vulnerabilities, notes, documents…) are the same case's and stay
readable. Undoing the merge lifts its hold: each file reads as it did before. Both sides are
told. Called from `referrals.signals` (people announces merges; it knows no referrals).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access.referrals import receivers
from sutura.core.concurrency import save_versioned
from sutura.notifications.messages import Text
from sutura.notifications.services import notify
from sutura.referrals import selectors
from sutura.referrals.models import ACTIVE_STATUSES, Referral
from sutura.referrals.services.workflow import IllegalTransition, link, lock, senders_of
from sutura.referrals.sharing import check_sections

HELD_FIELDS = ["sharing_held_by", "sharing_held_since"]


def hold_after_merge(*, kept: Any, merge_id: Any) -> int:
    """Hold what the kept file's referrals under way share of the person (the merged file's
    referrals moved to it with its cases); returns how many referrals were held."""
    rows = selectors.under_way_sharing_person(kept)
    held = 0
    for referral in rows.select_for_update(of=("self",)):
        if merge_id in referral.sharing_held_by:
            continue
        referral.sharing_held_by = [*referral.sharing_held_by, merge_id]
        referral.sharing_held_since = referral.sharing_held_since or timezone.now()
        save_versioned(referral, expected_version=referral.version, fields=HELD_FIELDS)
        _tell(referral, *_held_messages(referral))
        held += 1
    return held


def release_after_undo(*, merge_id: Any) -> int:
    """The merge was undone: its hold is lifted (each file reads as before the merge); a
    referral held by another merge of the file too stays held. Returns how many were freed."""
    rows = selectors.held_by_merge(merge_id)
    freed = 0
    for referral in rows.select_for_update(of=("self",)):
        referral.sharing_held_by = [m for m in referral.sharing_held_by if m != merge_id]
        if referral.sharing_held_by:
            save_versioned(referral, expected_version=referral.version, fields=HELD_FIELDS)
            continue
        referral.sharing_held_since = None
        save_versioned(referral, expected_version=referral.version, fields=HELD_FIELDS)
        if referral.status in ACTIVE_STATUSES:
            _tell(referral, *_undone_messages(referral))
        freed += 1
    return freed


@transaction.atomic
def confirm_sharing(*, actor: Any, referral: Referral, shared_sections: list[str]) -> Referral:
    """The case team looked at the merged file and confirms what the referral shares: the
    sections it keeps (at most what it shared; to share more, refer again). The hold is lifted
    and the receiving side is told. Offered by `workflow.available_actions` to the case team
    (who decides what leaves about the person) while a held referral is under way."""
    referral, who = lock(actor, referral)
    if not who.case_team:
        raise PermissionDenied
    if not referral.sharing_held or referral.status not in ACTIVE_STATUSES:
        raise IllegalTransition(
            _("Nothing waits for your confirmation on this referral: reload the page.")
        )
    wanted = list(shared_sections)
    if set(wanted) - set(referral.shared_sections):
        raise ValidationError(
            {
                "shared_sections": _(
                    "You can keep or remove what the referral shares, not add to it: to "
                    "share more, make a new referral."
                )
            }
        )
    chosen = check_sections(actor, referral.case, referral.to_organisation, wanted, referral.parent)
    referral.shared_sections = chosen
    referral.sharing_held_by = []
    referral.sharing_held_since = None
    save_versioned(
        referral, expected_version=referral.version, fields=["shared_sections", *HELD_FIELDS]
    )
    notify(
        [user for user in receivers(referral) if user.pk != actor.pk],
        *_released_messages(referral),
        link=link(referral),
    )
    return referral


# --- who is told, and what -----------------------------------------------------------------


def _tell(
    referral: Referral, to_case_team: tuple[Text, Text], to_receiver: tuple[Text, Text]
) -> None:
    """The case's manager and the referrer hear what the case team must do; the receiving side
    hears only that the referring side is checking the file (never that files were merged:
    another file of the organisation is none of its business)."""
    team = [*senders_of(referral)]
    manager = referral.case.case_manager
    if manager is not None and all(user.pk != manager.pk for user in team):
        team.append(manager)
    notify(team, *to_case_team, link=link(referral))
    notify(receivers(referral), *to_receiver, link=link(referral))


def _held_messages(referral: Referral) -> tuple[tuple[Text, Text], tuple[Text, Text]]:
    title = Text(
        gettext_noop("Referral %(number)s: identity and contact held"), number=referral.number
    )
    return (
        (
            title,
            Text(
                gettext_noop(
                    "The person's file was merged with another file. Until the case team "
                    "checks the merged file and confirms what this referral shares, the "
                    "receiving side no longer reads the person's identity and contact details."
                )
            ),
        ),
        (
            title,
            Text(
                gettext_noop(
                    "The referring organisation is checking the person's file. Until it "
                    "confirms what it shares, the person's identity and contact details are "
                    "withheld. The rest of the referral is unchanged."
                )
            ),
        ),
    )


def _shown_again(referral: Referral) -> Text:
    return Text(
        gettext_noop("Referral %(number)s: identity and contact shown again"),
        number=referral.number,
    )


def _released_messages(referral: Referral) -> tuple[Text, Text]:
    """To the receiving side, once the hold is lifted (confirmed, or the merge undone)."""
    return (
        _shown_again(referral),
        Text(
            gettext_noop(
                "The referring organisation finished checking the person's file: what this "
                "referral shares about the person is shown again."
            )
        ),
    )


def _undone_messages(referral: Referral) -> tuple[tuple[Text, Text], tuple[Text, Text]]:
    return (
        (
            _shown_again(referral),
            Text(
                gettext_noop(
                    "The merge of the person's file was undone: the receiving side reads again "
                    "what this referral shared before."
                )
            ),
        ),
        _released_messages(referral),
    )
