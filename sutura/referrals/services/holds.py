"""What a referral shares of the person, after the person's file is merged with another.

The shared sections read the case's person as it is now (`sharing._fill`). Once two files are
merged (`sutura.dedup`), the kept file holds both files' names, phones, addresses and identity
documents: a provider that was sent one file's identity and contact would read the other's
too, which nobody decided to share with it (and, if the merge was wrong, a stranger's).

So a merge holds what every referral of the kept file shares of the person itself
(`PERSON_SECTIONS`), whatever its status: from then on nobody outside the case team reads it
(a receiver, an onward referrer, the mentor who referred), and a held draft is not sent,
until someone of the case team looks at the merged file and confirms (or narrows) what the
referral shares. The sections of the case (vulnerabilities, notes, documents…) are the same
case's and stay readable. Undoing the merge lifts its hold: each file reads as it did before.
The case team is told why; everyone else only that the file is being checked. Consent
decisions that came with the merged file apply first (`sweeps.apply_consents_after_merge`).
Called from `referrals.signals` (people announces merges; it knows no referrals).

The mentor assigned to the case keeps the case's minimal profile (the kept file's name and
phone), as the case team keeps the whole file: they are assigned to the person, not reading
what an earlier decision to share let out.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access.cases import works_on
from sutura.access.referrals import receivers
from sutura.core.concurrency import StaleVersionError, save_versioned
from sutura.notifications.messages import Text
from sutura.notifications.services import notify
from sutura.people.consent import require_consent
from sutura.people.models import ConsentPurpose
from sutura.referrals import selectors
from sutura.referrals.models import ACTIVE_STATUSES, ENDED_STATUSES, Referral, ReferralStatus
from sutura.referrals.services.sweeps import apply_consents_after_merge
from sutura.referrals.services.workflow import IllegalTransition, link, lock, senders_of
from sutura.referrals.sharing import check_sections

HELD_FIELDS = ["sharing_held_by", "sharing_held_since"]
# A held referral the case team may confirm (an ended one stays held: nothing more leaves).
CONFIRMABLE = frozenset({ReferralStatus.DRAFT, *ACTIVE_STATUSES})


def hold_after_merge(*, kept: Any, merge_id: Any, actor: Any) -> int:
    """Hold what the kept file's referrals share of the person (the merged file's referrals
    moved to it with its cases), whatever their status: a draft is sent only once confirmed,
    and the mentor who referred reads an ended referral too. A consent decision that came
    with the merged file and is now the one in force applies first (`sweeps`). Returns how
    many referrals were held."""
    apply_consents_after_merge(kept, actor=actor)
    held = 0
    for referral in selectors.sharing_person(kept).select_for_update(of=("self",)):
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
        _tell(referral, *_undone_messages(referral))
        freed += 1
    return freed


@transaction.atomic
def confirm_sharing(
    *, actor: Any, referral: Referral, shared_sections: list[str], version: int
) -> Referral:
    """The case team looked at the merged file and confirms what the referral shares: the
    sections it keeps (at most what it shared; to share more, refer again). The hold is lifted
    and the receiving side is told. Offered by `workflow.available_actions` to the case team
    (who decides what leaves about the person) on a held draft or referral under way.
    `version` is the referral's as the case team saw it: a confirmation prepared before
    another merge (or any change) is refused, and covers nothing it did not see."""
    referral, who = lock(actor, referral)
    if not who.case_team:
        raise PermissionDenied
    if not referral.sharing_held or referral.status not in CONFIRMABLE:
        raise IllegalTransition(
            _("Nothing waits for your confirmation on this referral: reload the page.")
        )
    if version != referral.version:
        raise StaleVersionError(
            _(
                "This referral changed after you opened it (the person's file may have been "
                "merged again): reload the page, check the file, then confirm."
            ),
            code="stale",
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
    if referral.status != ReferralStatus.DRAFT:  # a draft's consent is checked when sent
        require_consent(referral.case.person, ConsentPurpose.REFERRAL)
    chosen = check_sections(actor, referral.case, referral.to_organisation, wanted, referral.parent)
    referral.shared_sections = chosen
    referral.sharing_held_by = []
    referral.sharing_held_since = None
    save_versioned(
        referral, expected_version=referral.version, fields=["shared_sections", *HELD_FIELDS]
    )
    if referral.status != ReferralStatus.DRAFT:
        notify(
            [user for user in receivers(referral) if user.pk != actor.pk],
            *_released_messages(referral),
            link=link(referral),
        )
    return referral


# --- who is told, and what -----------------------------------------------------------------


def _tell(
    referral: Referral, to_case_team: tuple[Text, Text], to_others: tuple[Text, Text]
) -> None:
    """Those of the referring side who work on the case hear what the case team must do;
    everyone else who deals with the referral (a mentor who referred, an onward referrer of
    another organisation, the receiving side once it was sent) hears only that the file is
    being checked: another file of the organisation is none of their business. An ended
    referral tells nobody (only a mentor still reads it, and reads the held sections no more)."""
    if referral.status in ENDED_STATUSES:
        return
    case = referral.case
    side = [*senders_of(referral), *([case.case_manager] if case.case_manager else [])]
    team: dict[Any, Any] = {}
    others: dict[Any, Any] = {}
    for user in side:
        (team if works_on(user, case) else others)[user.pk] = user
    if referral.status != ReferralStatus.DRAFT:
        for user in receivers(referral):
            others.setdefault(user.pk, user)
    notify(list(team.values()), *to_case_team, link=link(referral))
    notify([u for pk, u in others.items() if pk not in team], *to_others, link=link(referral))


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
