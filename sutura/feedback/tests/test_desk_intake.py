"""Intake by staff: whoever records feedback (a volunteer on a phone too) records what came by
any channel; the form explains every refusal; the person who recorded a sensitive item is
told it went to the PSEA focal points and never sees more than its status."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.community.models import Community
from sutura.feedback.models import Category, FeedbackItem, Implicated
from sutura.feedback.services import designations

pytestmark = pytest.mark.django_db

NEW = "/feedback/new/"


def _category(code: str) -> Category:
    return Category.objects.get(code=code)


def _data(**changes: Any) -> dict[str, Any]:
    data = {
        "channel": "hotline",
        "category": str(_category("service_quality").pk),
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "description": "L'attente au centre est trop longue.",
        "sex": "female",
        "age_group": "25_59",
        "contact_method": "none",
        "implicated-TOTAL_FORMS": "3",
        "implicated-INITIAL_FORMS": "0",
        "implicated-MIN_NUM_FORMS": "0",
        "implicated-MAX_NUM_FORMS": "3",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def english(client: Any, settings: Any) -> None:
    """Pages in English: the words checked are the code's own (French comes from the
    catalogues)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def volunteer(client: Any, users_a: dict[Role, Any]) -> Any:
    user = users_a[Role.OUTREACH_VOLUNTEER]
    client.force_login(user)
    return user


def _errors(response: Any) -> dict[str, Any]:
    form = response.context["form"]
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def test_a_volunteer_records_an_item_and_gets_the_code_to_give(client: Any, volunteer: Any) -> None:
    response = client.post(NEW, _data(contact_method="phone", contact_phone="77 123 45 67"))
    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("feedback:recorded_item", kwargs={"pk": item.pk})
    assert item.recorded_by == volunteer
    assert item.organisation_id == volunteer.organisation_id
    assert item.contact_phone == "+221771234567"  # the organisation's country, E.164
    page = client.get(response.url).content.decode()
    assert item.number in page and item.tracking_code in page
    assert "sent to the PSEA focal points" not in page.lower()
    assert "L'attente" not in page  # what was said stays with the handlers
    assert reverse("feedback:item", kwargs={"pk": item.pk}) not in page


def test_every_required_field_is_explained(client: Any, volunteer: Any) -> None:
    blank = dict.fromkeys(("channel", "category", "received_at", "description", "sex", "age_group"))
    response = client.post(NEW, _data(**blank, contact_method=None))
    assert response.status_code == 200
    errors = _errors(response)
    for name in (*blank, "contact_method"):
        assert errors.get(name), name
    assert not FeedbackItem.objects.exists()


def test_a_description_of_blanks_is_refused(client: Any, volunteer: Any) -> None:
    response = client.post(NEW, _data(description="   \n  "))
    assert _errors(response)["description"]
    assert not FeedbackItem.objects.exists()


def test_the_date_received_is_never_in_the_future_nor_long_ago(client: Any, volunteer: Any) -> None:
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(NEW, _data(received_at=tomorrow))
    assert _errors(response)["received_at"] == ["The date received cannot be in the future."]
    response = client.post(NEW, _data(received_at="0026-03-01T10:00"))
    assert _errors(response)["received_at"]
    response = client.post(NEW, _data(received_at="pas une date"))
    assert _errors(response)["received_at"]
    assert not FeedbackItem.objects.exists()


def test_an_earlier_date_received_sets_the_deadlines_from_it(client: Any, volunteer: Any) -> None:
    earlier = timezone.localtime() - timedelta(days=3)
    client.post(NEW, _data(received_at=earlier.strftime("%Y-%m-%dT%H:%M")))
    item = FeedbackItem.objects.get()
    assert item.received_at.date() == earlier.date()
    assert item.acknowledge_due == item.received_at + timedelta(
        hours=item.category.acknowledge_hours
    )


@pytest.mark.parametrize(
    ("method", "field"),
    [("phone", "contact_phone"), ("email", "contact_email"), ("trusted_person", "trusted_person")],
)
def test_the_way_to_reach_the_person_needs_its_contact(
    client: Any, volunteer: Any, method: str, field: str
) -> None:
    response = client.post(NEW, _data(contact_method=method))
    assert _errors(response)[field]
    assert not FeedbackItem.objects.exists()


def test_a_phone_number_must_be_one(client: Any, volunteer: Any) -> None:
    response = client.post(NEW, _data(contact_method="phone", contact_phone="12"))
    assert _errors(response)["contact_phone"]
    response = client.post(NEW, _data(contact_method="email", contact_email="pas-un-courriel"))
    assert _errors(response)["contact_email"]
    assert not FeedbackItem.objects.exists()


def test_anonymous_keeps_nothing_that_identifies_the_person(client: Any, volunteer: Any) -> None:
    client.post(
        NEW,
        _data(
            contact_method="none",
            contact_name="Awa",
            contact_phone="+221770000001",
            trusted_person="Sa tante",
        ),
    )
    item = FeedbackItem.objects.get()
    assert (item.contact_name, item.contact_phone, item.trusted_person) == ("", "", "")
    assert item.anonymous


def test_only_the_contact_of_the_way_chosen_is_kept(client: Any, volunteer: Any) -> None:
    client.post(
        NEW,
        _data(
            contact_method="trusted_person",
            contact_name="Awa",
            contact_phone="+221770000001",
            trusted_person="Sa tante, +221770000002",
        ),
    )
    item = FeedbackItem.objects.get()
    assert (item.contact_name, item.contact_phone) == ("Awa", "")
    assert item.trusted_person == "Sa tante, +221770000002"


def test_the_public_form_is_not_a_staff_channel(client: Any, volunteer: Any) -> None:
    response = client.post(NEW, _data(channel="public_form"))
    assert _errors(response)["channel"]


def test_an_inactive_category_is_not_offered(client: Any, volunteer: Any) -> None:
    other = _category("other")
    other.active = False
    other.save()
    response = client.post(NEW, _data(category=str(other.pk)))
    assert _errors(response)["category"]


def test_a_sensitive_item_goes_to_the_focal_points_and_the_recorder_is_told(
    client: Any, volunteer: Any, users_a: dict[Role, Any]
) -> None:
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    designations.designate(actor=users_a[Role.PROGRAMME_MANAGER], user=focal)
    form = client.get(NEW).content.decode()
    assert "— confidential" in form  # the category says so, and the hint says where it goes
    response = client.post(NEW, _data(category=str(_category("sea").pk)), follow=True)
    item = FeedbackItem.objects.get()
    assert item.sensitive
    page = response.content.decode()
    assert "Sent to the PSEA focal points; you will see its status only." in page
    assert item.tracking_code in page
    assert reverse("feedback:item", kwargs={"pk": item.pk}) not in page
    # the recorder opens the item: 404, like anyone who does not see it
    assert client.get(reverse("feedback:item", kwargs={"pk": item.pk})).status_code == 404


def test_the_recorder_who_sees_the_item_may_open_it(client: Any, users_a: dict[Role, Any]) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    client.force_login(officer)
    response = client.post(NEW, _data(), follow=True)
    item = FeedbackItem.objects.get()
    assert reverse("feedback:item", kwargs={"pk": item.pk}) in response.content.decode()


def test_the_tracking_code_is_shown_right_after_recording_only(client: Any, volunteer: Any) -> None:
    client.post(NEW, _data())
    item = FeedbackItem.objects.get()
    url = reverse("feedback:recorded_item", kwargs={"pk": item.pk})
    assert item.tracking_code in client.get(url).content.decode()
    FeedbackItem.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    page = client.get(url).content.decode()
    assert item.tracking_code not in page and item.number in page
    read = AuditEntry.objects.filter(action=Action.READ, object_id=str(item.pk))
    assert read.filter(actor=volunteer).count() == 2  # the focal points see who opened it


def test_nobody_else_opens_the_recorders_confirmation(
    client: Any, volunteer: Any, users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    client.post(NEW, _data())
    url = reverse("feedback:recorded_item", kwargs={"pk": FeedbackItem.objects.get().pk})
    for other in (users_a[Role.PROGRAMME_MANAGER], users_a[Role.CASE_MANAGER]):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.force_login(users_a[Role.ME_OFFICER])  # may not record at all
    assert client.get(url).status_code == 403


def test_who_may_not_record_gets_403(client: Any, users_a: dict[Role, Any]) -> None:
    for role in (Role.ME_OFFICER, Role.SYSTEM_ADMIN):
        client.force_login(users_a[role])
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, _data()).status_code == 403
    assert not FeedbackItem.objects.exists()


def test_a_double_submit_records_one_item(client: Any, volunteer: Any) -> None:
    data = _data(form_token="d0c5a1f2e3b4")
    first = client.post(NEW, data)
    second = client.post(NEW, data)
    assert FeedbackItem.objects.count() == 1
    assert second.status_code == 302 and second.url == first.url


# --- who is implicated ---------------------------------------------------------------------------


def test_implicated_colleagues_organisations_and_descriptions_are_recorded(
    client: Any, volunteer: Any, users_a: dict[Role, Any], org_b: Any
) -> None:
    colleague = users_a[Role.CASE_MANAGER]
    response = client.post(
        NEW,
        _data(
            **{
                "implicated-0-kind": "staff",
                "implicated-0-user": str(colleague.pk),
                "implicated-1-kind": "partner",
                "implicated-1-organisation": str(org_b.pk),
                "implicated-2-kind": "other",
                "implicated-2-description": "Le chauffeur du camion",
            }
        ),
    )
    assert response.status_code == 302
    rows = {(r.kind, r.user_id, r.organisation_id, r.description) for r in Implicated.objects.all()}
    assert rows == {
        ("staff", colleague.pk, None, ""),
        ("partner", None, org_b.pk, ""),
        ("other", None, None, "Le chauffeur du camion"),
    }


def test_a_user_of_another_organisation_cannot_be_named(
    client: Any, volunteer: Any, users_b: dict[Role, Any]
) -> None:
    response = client.post(
        NEW,
        _data(
            **{
                "implicated-0-kind": "staff",
                "implicated-0-user": str(users_b[Role.CASE_MANAGER].pk),
            }
        ),
    )
    assert response.status_code == 200
    assert response.context["implicated"].forms[0].errors["user"]
    assert not FeedbackItem.objects.exists()


def test_the_own_organisation_is_not_named_as_a_partner(
    client: Any, volunteer: Any, org_a: Any
) -> None:
    response = client.post(
        NEW,
        _data(**{"implicated-0-kind": "partner", "implicated-0-organisation": str(org_a.pk)}),
    )
    assert response.context["implicated"].forms[0].errors["organisation"]
    assert not FeedbackItem.objects.exists()


def test_someone_named_needs_a_kind_and_one_of_colleague_or_organisation(
    client: Any, volunteer: Any, users_a: dict[Role, Any], org_b: Any
) -> None:
    response = client.post(NEW, _data(**{"implicated-0-description": "Un agent"}))
    assert response.context["implicated"].forms[0].errors["kind"]
    response = client.post(
        NEW,
        _data(
            **{
                "implicated-0-kind": "staff",
                "implicated-0-user": str(users_a[Role.CASE_MANAGER].pk),
                "implicated-0-organisation": str(org_b.pk),
            }
        ),
    )
    assert response.context["implicated"].forms[0].errors["organisation"]
    assert not FeedbackItem.objects.exists()


def test_a_kind_alone_names_no_one(client: Any, volunteer: Any) -> None:
    client.post(NEW, _data(**{"implicated-0-kind": "staff"}))
    assert FeedbackItem.objects.count() == 1
    assert not Implicated.objects.exists()


# --- place and community -------------------------------------------------------------------------


def test_a_volunteer_is_offered_no_community_and_the_officer_their_own(
    client: Any, volunteer: Any, users_a: dict[Role, Any], users_b: dict[Role, Any], locations: Any
) -> None:
    ours = Community.objects.create(
        organisation=users_a[Role.PROTECTION_OFFICER].organisation,
        name="Quartier Médina",
        location=locations["SN-TH"],
    )
    theirs = Community.objects.create(
        organisation=users_b[Role.PROTECTION_OFFICER].organisation,
        name="Kayes N'Di",
        location=locations["ML-1"],
    )
    assert "community" not in client.get(NEW).context["form"].fields
    client.force_login(users_a[Role.PROTECTION_OFFICER])
    refused = client.post(NEW, _data(community=str(theirs.pk)))
    assert _errors(refused)["community"]
    response = client.post(
        NEW,
        _data(community=str(ours.pk), location__0=str(locations["SN"].pk)),
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.community == ours


def test_the_place_is_picked_level_by_level(client: Any, volunteer: Any, locations: Any) -> None:
    client.post(
        NEW,
        _data(
            location__0=str(locations["SN"].pk),
            location__1=str(locations["SN-TH"].pk),
            location__2=str(locations["Mbour"].pk),
        ),
    )
    assert FeedbackItem.objects.get().location == locations["Mbour"]


# --- hostile input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"description": "x" * 10001},
        {"category": "not-a-uuid"},
        {"category": "00000000-0000-0000-0000-000000000000"},
        {"location__0": "not-a-uuid"},
        {"channel": "carrier pigeon"},
        {"sex": "other"},
        {"contact_method": "telepathy"},
        {"contact_name": "n" * 161, "contact_method": "in_person"},
        {"implicated-TOTAL_FORMS": "1000"},
        {"implicated-TOTAL_FORMS": "many"},
        {"implicated-0-kind": "boss", "implicated-0-description": "Quelqu'un"},
        {"implicated-0-user": "not-a-uuid", "implicated-0-kind": "staff"},
        {"implicated-0-description": "d" * 201, "implicated-0-kind": "other"},
    ],
)
def test_hostile_input_is_refused_without_a_trace(
    client: Any, volunteer: Any, changes: dict[str, Any]
) -> None:
    response = client.post(NEW, _data(**changes))
    assert response.status_code == 200
    assert not FeedbackItem.objects.exists()


def test_markup_is_kept_as_text(client: Any, volunteer: Any) -> None:
    client.post(NEW, _data(description="<script>alert(1)</script>"))
    assert FeedbackItem.objects.get().description == "<script>alert(1)</script>"


def test_the_confirmation_says_where_the_person_follows_it(
    client: Any, volunteer: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sutura.feedback.views import desk

    real = desk.reverse

    def reverse_with_status(name: str, *args: Any, **kwargs: Any) -> str:
        return "/r/status/" if name == "feedback_public:status" else real(name, *args, **kwargs)

    monkeypatch.setattr(desk, "reverse", reverse_with_status)
    settings.SUTURA_PUBLIC_BASE_URL = "https://plaintes.example.org/"
    page = client.post(NEW, _data(), follow=True).content.decode()
    assert "https://plaintes.example.org/r/status/" in page
