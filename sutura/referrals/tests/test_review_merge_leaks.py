"""Privacy review of aa3cfe3 (a merge of the person's file holds what earlier referrals share).

Each test is a path that still lets someone outside the case team read what arrived with the
merge (the other file's names, phone, address, passport), or shows that a hold can be lifted
for a merge nobody checked. They fail on aa3cfe3; each says what it expects instead.

World: file M (`world.case.person`, "Aminata Sow", PHONE) is the referred file; file K (the
"other" file: "Awa Sow Diallo", OTHER_PHONE, ADDRESS, PASSPORT) is another file of the same
organisation. A merge of the two puts K's details in front of whoever reads M's case.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.dedup.services.merges import merge_persons
from sutura.people.consent import record_consent
from sutura.people.models import (
    ConsentMethod,
    ConsentPurpose,
    ConsentStatus,
    Person,
)
from sutura.people.selectors import current_consent
from sutura.referrals.models import Referral, ReferralStatus
from sutura.referrals.services import referring, workflow
from sutura.referrals.services.holds import confirm_sharing
from sutura.referrals.tests.helpers import (
    ADDRESS,
    OTHER_PHONE,
    PASSPORT,
    PSYCHOSOCIAL,
    make_world,
    other_file,
    page,
    refer,
)
from sutura.referrals.tests.helpers import post as post_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

THIRD_PASSPORT = "B11223344"


def _setting(users_a: dict[Role, Any]) -> Any:
    world = make_world(users_a)
    world.reviewer = users_a[Role.PROGRAMME_MANAGER]
    world.mentor = users_a[Role.COMMUNITY_MENTOR]
    world.focal = users_a[Role.MHPSS_FOCAL_POINT]
    world.other = other_file(
        world.reviewer, given="Awa", family="Sow Diallo", phone=OTHER_PHONE, passport=PASSPORT
    )
    return world


def _merge(world: Any, *, kept: Person, merged: Person) -> Any:
    return merge_persons(
        actor=world.reviewer,
        kept=Person.objects.get(pk=kept.pk),
        merged=Person.objects.get(pk=merged.pk),
        reason="Même personne",
    )


def _mentor_referral(world: Any) -> Referral:
    """The case's mentor refers their returnee to a focal point (identity and contact)."""
    Case.objects.filter(pk=world.case.pk).update(mentor=world.mentor)
    return referring.create_referral(
        actor=world.mentor,
        case=Case.objects.get(pk=world.case.pk),
        category="mhpss",
        reason="Isolement",
        shared_sections=["identity", "contact"],
        to_user=world.focal,
        send=True,
    )


# 1. An ended referral is not held: the mentor who referred still reads identity and contact of
#    it (a mentor's reading does not stop when the referral ends), now the merged file's.
def test_mentor_reads_the_other_files_passport_through_an_ended_referral(
    client: Any, users_a: dict[Role, Any]
) -> None:
    world = _setting(users_a)
    referral = _mentor_referral(world)
    workflow.decline(actor=world.focal, referral=referral, reason="no_capacity", note="")
    url = reverse("referrals:detail", args=[referral.pk])
    before = page(client, world.mentor, url)
    assert PASSPORT not in before and OTHER_PHONE not in before

    _merge(world, kept=world.other, merged=world.case.person)

    assert Referral.objects.get(pk=referral.pk).sharing_held  # ended ones are held too
    body = page(client, world.mentor, url)
    for secret in (PASSPORT, OTHER_PHONE, ADDRESS, "Sow Diallo"):
        assert secret.lower() not in body.lower(), f"the mentor reads {secret} (ended referral)"
    sent = page(client, world.mentor, reverse("referrals:list"))
    assert "SOW DIALLO" not in sent, "the mentor's sent list names the referral by file K"


# 2. (By design, not a leak: the mentor assigned to the case keeps its minimal profile, the
#    kept file's name and phone, as the case team keeps the whole file. They are assigned to
#    the person; the hold is about what an earlier decision to share let out. See
#    `referrals/services/holds.py`.)


# 3. A draft written before the merge and sent after it is not held: the provider reads the
#    kept file's phone, address and passport that nobody checked when the draft was made.
def test_a_draft_made_before_the_merge_and_sent_after_is_not_held(
    client: Any, users_a: dict[Role, Any]
) -> None:
    world = _setting(users_a)
    draft = refer(world, sections=("identity", "contact", "health"), send=False)
    assert draft.status == ReferralStatus.DRAFT
    _merge(world, kept=world.other, merged=world.case.person)
    held = Referral.objects.get(pk=draft.pk)
    assert held.sharing_held  # drafts are held too…
    with pytest.raises(ValidationError):  # …and not sent before the case team confirms
        referring.send_referral(actor=world.manager, referral=held)
    confirm_sharing(
        actor=world.manager, referral=held, shared_sections=["health"], version=held.version
    )
    referring.send_referral(actor=world.manager, referral=Referral.objects.get(pk=draft.pk))
    body = page(client, world.agent, reverse("referrals:detail", args=[draft.pk]))
    assert PASSPORT not in body and PSYCHOSOCIAL in body


# 4. The merged file's latest decision is a withdrawal of the referral consent. After the merge
#    it is the kept file's consent in force, yet the referral under way is not closed (a
#    withdrawal recorded on the file closes it at once) and the provider keeps reading.
def test_a_withdrawal_that_arrives_with_the_merge_does_not_end_the_referral(
    client: Any, users_a: dict[Role, Any]
) -> None:
    world = _setting(users_a)
    referral = refer(world, sections=("health",))
    record_consent(
        actor=world.reviewer,
        person=world.other,
        purpose=ConsentPurpose.REFERRAL,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
    )
    record_consent(
        actor=world.reviewer,
        person=world.other,
        purpose=ConsentPurpose.REFERRAL,
        status=ConsentStatus.WITHDRAWN,
        method=ConsentMethod.VERBAL,
    )
    kept = world.case.person
    _merge(world, kept=kept, merged=world.other)
    in_force = current_consent(Person.objects.get(pk=kept.pk), ConsentPurpose.REFERRAL)
    assert in_force is not None and in_force.status == ConsentStatus.WITHDRAWN

    body = page(client, world.agent, reverse("referrals:detail", args=[referral.pk]))
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.CLOSED, (
        "the person's consent in force is withdrawn, but the referral goes on"
    )
    assert PSYCHOSOCIAL not in body


# 5. A confirmation carries nothing of what was checked: a confirm prepared (page loaded) after
#    a first merge and posted after a second merge lifts the second merge's hold too, and the
#    provider reads the third file's passport that nobody of the case team looked at.
def test_a_confirm_prepared_before_a_second_merge_does_not_lift_its_hold(
    client: Any, users_a: dict[Role, Any]
) -> None:
    world = _setting(users_a)
    referral = refer(world, sections=("identity", "contact", "health"))
    kept = world.case.person
    first = _merge(world, kept=kept, merged=world.other)
    form_page = page(client, world.manager, reverse("referrals:detail", args=[referral.pk]))
    assert "Confirm what is shared" in form_page  # the case team checks the file as it is now

    third = other_file(
        world.reviewer,
        given="Aïssatou",
        family="Sow",
        phone="+221701112233",
        passport=THIRD_PASSPORT,
    )
    second = _merge(world, kept=kept, merged=third)
    assert Referral.objects.get(pk=referral.pk).sharing_held_by == [first.pk, second.pk]

    # The form as it was rendered before the second merge (the sections and the version).
    version = re.search(r'name="confirm_sharing-version" value="(\d+)"', form_page)
    assert version is not None
    post_page(
        client,
        world.manager,
        reverse("referrals:act", args=[referral.pk, "confirm_sharing"]),
        {
            "confirm_sharing-shared_sections": ["identity", "contact", "health"],
            "confirm_sharing-version": version.group(1),
        },
    )
    after = Referral.objects.get(pk=referral.pk)
    body = page(client, world.agent, reverse("referrals:detail", args=[referral.pk]))
    assert second.pk in after.sharing_held_by or THIRD_PASSPORT not in body, (
        "a confirmation of the first merge lifted the hold of a merge made after it"
    )


def _told(user: Any) -> list[str]:
    from sutura.notifications.models import Notification

    return [
        f"{n.shown_title} {n.shown_body}".lower()
        for n in Notification.objects.filter(recipient=user)
    ]


# 6. An onward referral's sender is the provider's agent (another organisation). A merge holds
#    the onward referral too, and `holds._tell` sends the *case team's* message to its senders
#    (`senders_of`: who made it): the other organisation is told the file "was merged with
#    another file" (and later that "the merge … was undone").
def test_the_onward_referrer_of_another_organisation_is_told_of_the_merge(
    users_a: dict[Role, Any],
) -> None:
    from sutura.referrals.tests.helpers import provider, service_of

    world = _setting(users_a)
    parent = refer(world, sections=("identity", "contact", "health"))
    workflow.accept(actor=world.agent, referral=parent)
    third = provider(member=True, name="Centre Trois")
    onward = referring.refer_onward(
        actor=world.agent,
        parent=Referral.objects.get(pk=parent.pk),
        category="livelihoods",
        reason="Formation",
        shared_sections=["identity"],
        service=service_of(third, name_fr="Formation"),
    )
    assert world.agent.organisation_id != world.case.organisation_id
    _merge(world, kept=world.other, merged=world.case.person)
    assert Referral.objects.get(pk=onward.pk).sharing_held

    leaked = [text for text in _told(world.agent) if "merge" in text or "fusion" in text]
    assert not leaked, f"the provider's agent learns that another file exists: {leaked}"


# 7. The same message goes to the mentor who referred (outside the case team: the page tells
#    them only that the file is being checked).
def test_the_mentor_who_referred_is_told_of_the_merge(users_a: dict[Role, Any]) -> None:
    world = _setting(users_a)
    _mentor_referral(world)
    _merge(world, kept=world.other, merged=world.case.person)
    leaked = [text for text in _told(world.mentor) if "merge" in text or "fusion" in text]
    assert not leaked, f"the mentor learns that another file exists: {leaked}"
