"""A merge of the person's file must not widen what an earlier referral shares.

The privacy review's finding: file M was referred to a clinic with identity and contact; M was
then merged into K, and the clinic's agent read K's own phone, address and passport through
the old referral, because the shared sections read the case's person as it is now. A merge
now holds the person's sections of every referral under way, outside the case team, until the
case team confirms them; an undo lifts the hold."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.dedup.services.merges import merge_persons, undo_merge
from sutura.notifications.models import Notification
from sutura.people.models import Person
from sutura.referrals.models import Referral
from sutura.referrals.services import referring, workflow
from sutura.referrals.tests.helpers import (
    ADDRESS,
    OTHER_PHONE,
    PASSPORT,
    PHONE,
    PSYCHOSOCIAL,
    act,
    make_world,
    other_file,
    page,
    provider,
    refer,
    service_of,
)
from sutura.referrals.tests.helpers import post as post_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _setting(
    users_a: dict[Role, Any], sections: tuple[str, ...] = ("identity", "contact", "health")
):
    world = make_world(users_a)
    world.reviewer = users_a[Role.PROGRAMME_MANAGER]
    world.referral = refer(world, sections=sections)
    world.other = other_file(world.reviewer)
    return world


def _merge(world: Any, *, kept: Person, merged: Person) -> Any:
    return merge_persons(actor=world.reviewer, kept=kept, merged=merged, reason="Même personne")


def _version(referral: Referral) -> int:
    return Referral.objects.get(pk=referral.pk).version


def _api(user: Any, referral: Referral) -> dict[str, Any]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/referrals/{referral.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def _reads_nothing_of_the_person(body: str) -> None:
    for secret in (OTHER_PHONE, PASSPORT, ADDRESS, PHONE, "Aminata", "SOW"):
        assert secret not in body, secret


def test_a_merge_into_another_file_holds_identity_and_contact_from_the_provider(
    client: Any, users_a: dict[Role, Any]
) -> None:
    world = _setting(users_a)
    url = reverse("referrals:detail", args=[world.referral.pk])
    assert PHONE in page(client, world.agent, url)

    _merge(world, kept=world.other, merged=world.case.person)

    body = page(client, world.agent, url)
    _reads_nothing_of_the_person(body)
    assert PSYCHOSOCIAL in body  # the case's own sections are the same case's: still shared
    assert "checking the person" in body and "Access ended" not in body
    assert "merged" not in body  # the receiver never learns of the organisation's other files
    # Said at the top of the page, and on the sections' labels.
    assert "withheld for now" in body and "Identity · withheld" in body
    data = _api(world.agent, world.referral)
    assert data["sharing_held"] == ["identity", "contact"]
    assert set(data["shared"]) == {"health"} and "confirm_sharing" not in data["actions"]
    _reads_nothing_of_the_person(str(data))
    # The PDF and the inbox's names read through the same rule.
    client.force_login(world.agent)
    pdf = client.get(reverse("referrals:pdf", args=[world.referral.pk]))
    assert pdf.status_code == 200
    inbox = page(client, world.agent, reverse("referrals:inbox"))
    assert world.referral.number in inbox and "Aminata" not in inbox
    # Both sides are told; the receiver is not told why.
    assert Notification.objects.filter(recipient=world.manager).exists()
    told = Notification.objects.filter(recipient=world.agent).order_by("-created_at").first()
    assert told is not None
    assert "merge" not in told.shown_body.lower() and "fusion" not in told.shown_body.lower()


def test_a_file_merged_into_the_referred_one_is_held_too(
    client: Any, users_a: dict[Role, Any]
) -> None:
    world = _setting(users_a)
    _merge(world, kept=world.case.person, merged=world.other)
    body = page(client, world.agent, reverse("referrals:detail", args=[world.referral.pk]))
    _reads_nothing_of_the_person(body)


def test_the_case_team_confirms_what_goes_on_being_shared(
    client: Any, users_a: dict[Role, Any]
) -> None:
    world = _setting(users_a)
    _merge(world, kept=world.other, merged=world.case.person)
    url = reverse("referrals:detail", args=[world.referral.pk])
    body = page(client, world.manager, url)
    # The case team still reads everything, and is asked to confirm.
    assert OTHER_PHONE in body and PASSPORT in body
    assert "Confirm what is shared" in body and "merged with another file" in body
    assert "confirm what this referral shares" in body and "Contact details · to confirm" in body

    referral = act(
        client,
        world.manager,
        world.referral,
        "confirm_sharing",
        {"shared_sections": ["identity", "health"], "version": _version(world.referral)},
    )
    assert referral.shared_sections == ["identity", "health"]
    assert not referral.sharing_held and referral.sharing_held_since is None
    body = page(client, world.agent, url)
    assert "Aminata" in body and PASSPORT in body  # confirmed: the kept file's identity
    assert OTHER_PHONE not in body and ADDRESS not in body  # contact was unticked
    assert "checking the person" not in body
    entry = AuditEntry.objects.filter(object_id=str(referral.pk), action="update").latest("at")
    assert "shared_sections" in entry.changes


def test_confirming_never_adds_a_section_and_only_the_case_team_confirms(
    client: Any, users_a: dict[Role, Any]
) -> None:
    world = _setting(users_a, sections=("identity",))
    _merge(world, kept=world.other, merged=world.case.person)
    client.force_login(world.manager)
    response = post_page(
        client,
        world.manager,
        reverse("referrals:act", args=[world.referral.pk, "confirm_sharing"]),
        {
            "confirm_sharing-shared_sections": ["identity", "contact"],
            "confirm_sharing-version": _version(world.referral),
        },
    )
    assert response.status_code == 200  # the page again, with the error beside the field
    assert Referral.objects.get(pk=world.referral.pk).sharing_held
    with pytest.raises(ValidationError):
        from sutura.referrals.services.holds import confirm_sharing

        confirm_sharing(
            actor=world.manager,
            referral=world.referral,
            shared_sections=["identity", "contact"],
            version=_version(world.referral),
        )
    # The receiving side cannot lift the hold, on the page or through the API.
    response = post_page(
        client,
        world.agent,
        reverse("referrals:act", args=[world.referral.pk, "confirm_sharing"]),
        {
            "confirm_sharing-shared_sections": ["identity"],
            "confirm_sharing-version": _version(world.referral),
        },
    )
    assert response.status_code in {200, 403}
    api = APIClient()
    api.force_authenticate(world.agent)
    answer = api.post(
        f"/api/referrals/{world.referral.pk}/confirm-sharing/",
        {"shared_sections": ["identity"], "version": _version(world.referral)},
        format="json",
    )
    assert answer.status_code == 403
    assert Referral.objects.get(pk=world.referral.pk).sharing_held
    # The case team may, through the API too.
    api.force_authenticate(world.manager)
    answer = api.post(
        f"/api/referrals/{world.referral.pk}/confirm-sharing/",
        {"shared_sections": ["identity"], "version": _version(world.referral)},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert "confirm_sharing" not in answer.json()["actions"]
    assert not Referral.objects.get(pk=world.referral.pk).sharing_held
    again = api.post(
        f"/api/referrals/{world.referral.pk}/confirm-sharing/",
        {"shared_sections": ["identity"], "version": _version(world.referral)},
        format="json",
    )
    assert again.status_code == 409  # nothing waits any more


def test_undoing_the_merge_shows_the_referred_file_again(
    client: Any, users_a: dict[Role, Any]
) -> None:
    world = _setting(users_a)
    merge = _merge(world, kept=world.other, merged=world.case.person)
    undo_merge(actor=world.reviewer, merge=merge, reason="Deux personnes")
    referral = Referral.objects.get(pk=world.referral.pk)
    assert not referral.sharing_held
    body = page(client, world.agent, reverse("referrals:detail", args=[referral.pk]))
    assert PHONE in body and OTHER_PHONE not in body and PASSPORT not in body


def test_a_second_merge_keeps_the_hold_when_only_the_first_is_undone(
    users_a: dict[Role, Any],
) -> None:
    world = _setting(users_a)
    kept = world.case.person
    first = _merge(world, kept=kept, merged=world.other)
    third = other_file(world.reviewer, given="Aminta", family="Sow")
    second = _merge(world, kept=Person.objects.get(pk=kept.pk), merged=third)
    assert Referral.objects.get(pk=world.referral.pk).sharing_held_by == [first.pk, second.pk]
    undo_merge(actor=world.reviewer, merge=first, reason="Deux personnes")
    referral = Referral.objects.get(pk=world.referral.pk)
    assert referral.sharing_held_by == [second.pk] and referral.sharing_held_since is not None


def test_a_held_referral_passes_on_no_identity_onward(users_a: dict[Role, Any]) -> None:
    world = _setting(users_a)
    workflow.accept(actor=world.agent, referral=world.referral)
    third = provider(member=True, name="Centre Trois")
    onward = service_of(third, name_fr="Formation")
    _merge(world, kept=world.other, merged=world.case.person)
    with pytest.raises(ValidationError) as refused:
        referring.refer_onward(
            actor=world.agent,
            parent=Referral.objects.get(pk=world.referral.pk),
            category="livelihoods",
            reason="Formation",
            shared_sections=["identity"],
            service=onward,
        )
    assert "shared_sections" in refused.value.message_dict
    # What the merge does not hold passes on as before.
    referring.refer_onward(
        actor=world.agent,
        parent=Referral.objects.get(pk=world.referral.pk),
        category="livelihoods",
        reason="Formation",
        shared_sections=["health"],
        service=onward,
    )


def test_only_referrals_sharing_something_of_the_person_are_held(
    users_a: dict[Role, Any],
) -> None:
    world = _setting(users_a, sections=("health",))
    ended = refer(world, sections=("identity",))
    workflow.decline(actor=world.agent, referral=ended, reason="no_capacity", note="")
    _merge(world, kept=world.other, merged=world.case.person)
    assert not Referral.objects.get(pk=world.referral.pk).sharing_held
    # An ended referral is held too (the mentor who referred would still read it), but its
    # receiver, who reads nothing of it any more, is told nothing.
    assert Referral.objects.get(pk=ended.pk).sharing_held
