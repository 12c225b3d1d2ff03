"""Keeping the directory current: proposals, review, a coordinator's edits, the history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.directory.models import ChangeKind, ChangeStatus, Service, ServiceChange
from sutura.directory.services.entries import edit_service, verify_service
from sutura.directory.services.proposals import (
    approve_change,
    propose_change,
    propose_new_service,
    reject_change,
)
from sutura.directory.tests.helpers import signed_in
from sutura.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_an_approved_change_is_applied_verified_and_kept_in_the_history(
    users_a, directory, coordinator, locations
):
    mentor = users_a[Role.COMMUNITY_MENTOR]
    service = directory["mbour"]
    other_provider = directory["kayes"].provider
    change = propose_change(
        actor=mentor,
        service=service,
        data={
            "phone": "+221 33 957 00 00",
            "languages": ["fr", "wo"],
            "areas": [locations["Mbour"], locations["SN-TH"]],
            "latitude": Decimal("14.41"),
            "longitude": Decimal("-16.96"),
            "name_fr": service.name_fr,  # unchanged: not part of the proposal
            "location": locations["SN-TH"],
            "provider": other_provider,
        },
        comment="Vu sur place",
    )
    assert change.status == ChangeStatus.PENDING
    assert change.changed_fields() == [
        "areas",
        "languages",
        "latitude",
        "location",
        "longitude",
        "phone",
        "provider",
    ]
    service.refresh_from_db()
    assert service.phone == ""  # nothing changes before review

    approve_change(actor=coordinator, change=change, comment="Confirmé")

    service.refresh_from_db()
    assert service.phone == "+221 33 957 00 00"
    assert service.languages == ["fr", "wo"]
    assert service.latitude == Decimal("14.41000")
    assert set(service.areas.all()) == {locations["Mbour"], locations["SN-TH"]}
    assert (service.location, service.provider) == (locations["SN-TH"], other_provider)
    assert service.last_verified_on == timezone.localdate()
    assert service.last_verified_by == coordinator
    assert not service.needs_verification()
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED and change.reviewed_by == coordinator
    assert change.before["phone"] == "" and change.proposed["phone"] == "+221 33 957 00 00"
    assert Notification.objects.filter(recipient=mentor, link__contains=str(change.pk)).exists()


def test_a_rejection_needs_a_reason_and_leaves_the_service_unchanged(
    users_a, directory, coordinator
):
    service = directory["thies"]
    change = propose_change(
        actor=users_a[Role.CASE_MANAGER], service=service, data={"capacity": "100"}
    )
    with pytest.raises(ValidationError):
        reject_change(actor=coordinator, change=change, comment=" ")
    reject_change(actor=coordinator, change=change, comment="Pas confirmé")
    service.refresh_from_db()
    assert service.capacity == ""
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED
    assert change.review_comment == "Pas confirmé"
    with pytest.raises(ValidationError):  # reviewed once
        approve_change(actor=coordinator, change=change)


def test_a_stale_proposal_is_refused_and_the_reviewer_is_told_why(users_a, directory, coordinator):
    service = directory["thies"]
    change = propose_change(
        actor=users_a[Role.CASE_MANAGER], service=service, data={"phone": "+221 1"}
    )
    edit_service(
        actor=coordinator,
        service=service,
        expected_version=service.version,
        data={"phone": "+221 2"},
    )
    with pytest.raises(ValidationError) as refused:
        approve_change(actor=coordinator, change=change)
    assert refused.value.code == "stale"
    service.refresh_from_db()
    assert service.phone == "+221 2"
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING
    # The review page marks the value that moved and refuses the approval by form too.
    client = signed_in(coordinator, "en")
    url = reverse("directory:change_detail", args=[change.pk])
    page = client.get(url).content.decode()
    assert "changed since" in page
    response = client.post(url, {"approve": "1", "comment": ""})
    assert response.status_code == 200
    assert "The entry changed after this proposal was made" in response.content.decode()


def test_a_change_to_another_field_does_not_block_a_proposal(users_a, directory, coordinator):
    service = directory["thies"]
    change = propose_change(
        actor=users_a[Role.CASE_MANAGER], service=service, data={"phone": "+221 1"}
    )
    edit_service(
        actor=coordinator, service=service, expected_version=service.version, data={"capacity": "9"}
    )
    approve_change(actor=coordinator, change=change)
    service.refresh_from_db()
    assert (service.phone, service.capacity) == ("+221 1", "9")


def test_a_new_service_proposal_becomes_an_entry_once_approved(users_a, coordinator, clinic):
    change = propose_new_service(
        actor=users_a[Role.PROVIDER_AGENT],
        data={"provider": clinic, "name_fr": "Groupe de parole", "category": "mhpss"},
        comment="Ouvert en mars",
    )
    assert not Service.objects.filter(name_fr="Groupe de parole").exists()
    assert Notification.objects.filter(recipient=coordinator).exists()  # a review awaits
    approved = approve_change(actor=coordinator, change=change)
    service = Service.objects.get(name_fr="Groupe de parole")
    assert approved.service == service and service.provider == clinic
    assert service.last_verified_by == coordinator
    assert list(service.changes.all()) == [approved]


def test_a_new_service_needs_a_provider_and_a_french_name(users_a, clinic):
    actor = users_a[Role.CASE_MANAGER]
    with pytest.raises(ValidationError) as missing:
        propose_new_service(actor=actor, data={"name_fr": "X", "category": "mhpss"})
    assert "provider" in missing.value.message_dict
    with pytest.raises(ValidationError) as nameless:
        propose_new_service(
            actor=actor, data={"provider": clinic, "name_en": "Only English", "category": "legal"}
        )
    assert "name_fr" in nameless.value.message_dict


def test_closing_and_verifying_through_proposals(users_a, directory, coordinator):
    service = directory["mbour"]
    mentor = users_a[Role.COMMUNITY_MENTOR]
    verify = propose_change(actor=mentor, service=service, kind=ChangeKind.VERIFY)
    approve_change(actor=coordinator, change=verify)
    service.refresh_from_db()
    assert not service.needs_verification()
    with pytest.raises(ValidationError):  # a closure says how we know
        propose_change(actor=mentor, service=service, kind=ChangeKind.CLOSE)
    close = propose_change(
        actor=mentor, service=service, kind=ChangeKind.CLOSE, comment="Fermé depuis mai"
    )
    approve_change(actor=coordinator, change=close)
    service.refresh_from_db()
    assert service.is_active is False
    assert list(service.changes.values_list("kind", flat=True)) == ["close", "verify"]


def test_only_coordinators_review_edit_and_verify(users_a, directory):
    service = directory["thies"]
    change = propose_change(
        actor=users_a[Role.CASE_MANAGER], service=service, data={"capacity": "5"}
    )
    for role in (Role.CASE_MANAGER, Role.PROGRAMME_MANAGER, Role.SYSTEM_ADMIN):
        with pytest.raises(PermissionDenied):
            approve_change(actor=users_a[role], change=change)
        with pytest.raises(PermissionDenied):
            verify_service(actor=users_a[role], service=service)
    with pytest.raises(PermissionDenied):  # M&E officers do not propose
        propose_change(actor=users_a[Role.ME_OFFICER], service=service, data={"capacity": "6"})


def test_the_review_pages_refuse_non_coordinators(users_a, users_b, directory, coordinator):
    service = directory["thies"]
    author = users_a[Role.CASE_MANAGER]
    change = propose_change(actor=author, service=service, data={"capacity": "5"})
    url = reverse("directory:change_detail", args=[change.pk])
    # The author sees their proposal but cannot approve it.
    assert signed_in(author).get(url).status_code == 200
    assert signed_in(author).post(url, {"approve": "1"}).status_code == 403
    # Someone else's proposal is not found.
    assert signed_in(users_b[Role.CASE_MANAGER]).get(url).status_code == 404
    assert signed_in(users_a[Role.COMMUNITY_MENTOR]).post(url, {"approve": "1"}).status_code == 404
    for name in ("directory:edit", "directory:verify"):
        response = signed_in(author).post(reverse(name, args=[service.pk]))
        assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING
    # The coordinator approves by the page.
    response = signed_in(coordinator).post(url, {"approve": "1", "comment": "OK"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED


def test_the_review_queue_puts_pending_first_and_shows_others_their_own(
    users_a, directory, coordinator
):
    author, other = users_a[Role.CASE_MANAGER], users_a[Role.COMMUNITY_MENTOR]
    done = propose_change(actor=author, service=directory["thies"], data={"capacity": "1"})
    reject_change(actor=coordinator, change=done, comment="Non")
    waiting = propose_change(actor=other, service=directory["mbour"], data={"capacity": "2"})
    queue = signed_in(coordinator).get(reverse("directory:changes")).context["page"]
    assert [change.pk for change in queue] == [waiting.pk, done.pk]
    own = signed_in(author).get(reverse("directory:changes")).context["page"]
    assert [change.pk for change in own] == [done.pk]


def test_proposing_by_the_page_keeps_the_input_when_invalid(users_a, directory):
    service = directory["thies"]
    client = signed_in(users_a[Role.COMMUNITY_MENTOR], "en")
    url = reverse("directory:propose_change", args=[service.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [], "") and k != "areas"}
    data |= {
        "provider": str(service.provider_id),
        "latitude": "95",
        "longitude": "",
        "email": "not-an-email",
        "min_age": "30",
        "max_age": "20",
        "capacity": "Trente par mois",
        "languages": ["wo", "fr"],
    }
    data.pop("location", None)
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"latitude", "email", "max_age"}
    assert 'value="Trente par mois"' in response.content.decode()
    assert not ServiceChange.objects.exists()
    data |= {"latitude": "14.8", "longitude": "-16.9", "email": "ecoute@example.org"}
    data |= {"min_age": "18", "max_age": ""}
    response = client.post(url, data)
    assert response.status_code == 302
    change = ServiceChange.objects.get()
    assert change.proposed["capacity"] == "Trente par mois"
    assert change.proposed["latitude"] == "14.80000"


def test_latitude_without_longitude_is_refused_next_to_the_field(users_a, directory, clinic):
    client = signed_in(users_a[Role.CASE_MANAGER], "en")
    response = client.post(
        reverse("directory:propose_new"),
        {
            "provider": str(clinic.pk),
            "name_fr": "Nouveau",
            "category": "legal",
            "cost": "free",
            "latitude": "14.5",
        },
    )
    assert response.context["form"].errors["longitude"] == [
        "Give both latitude and longitude, or neither."
    ]


def test_a_quick_report_that_a_service_closed(users_a, directory):
    client = signed_in(users_a[Role.COMMUNITY_MENTOR])
    url = reverse("directory:propose_change", args=[directory["thies"].pk])
    response = client.post(url, {"kind": "close", "comment": "Porte fermée depuis un mois"})
    assert response.status_code == 302
    change = ServiceChange.objects.get()
    assert change.kind == ChangeKind.CLOSE and change.proposed == {"is_active": False}


def test_a_coordinator_edit_over_a_newer_version_loses_nothing(directory, coordinator):
    service = directory["thies"]
    client = signed_in(coordinator, "en")
    url = reverse("directory:edit", args=[service.pk])

    def opened_form() -> dict:
        form = client.get(url).context["form"]
        data = {k: v for k, v in form.initial.items() if v not in (None, [])}
        data |= {"provider": str(service.provider_id), "capacity": "Mon changement"}
        data["areas"] = [str(pk) for pk in form.initial["areas"]]
        data["location__1"] = str(service.location_id)
        data["location__0"] = str(service.location.parent_id)
        data.pop("location", None)
        data["is_active"] = "on"
        return data

    data = opened_form()
    edit_service(
        actor=coordinator, service=service, expected_version=service.version, data={"phone": "1"}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this record" in html
    assert 'value="Mon changement"' in html
    service.refresh_from_db()
    assert service.capacity == ""
    assert client.post(url, data).status_code == 200  # still the old version: refused again
    assert client.post(url, opened_form()).status_code == 302  # reloaded, then saved
    service.refresh_from_db()
    assert service.capacity == "Mon changement" and service.phone == "1"
    assert service.location is not None
    history = list(service.changes.values_list("kind", "status"))
    assert history == [("update", "approved"), ("update", "approved")]


def test_verifying_marks_the_entry_and_records_it(directory, coordinator):
    service = directory["mbour"]
    response = signed_in(coordinator).post(reverse("directory:verify", args=[service.pk]))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.last_verified_on == timezone.localdate()
    assert service.last_verified_by == coordinator
    assert service.changes.get().kind == ChangeKind.VERIFY
    assert (
        signed_in(coordinator).get(reverse("directory:verify", args=[service.pk])).status_code
        == 405
    )
