"""A community's meetings count attendance by the community's groups (leaders, women, youth,
returnees, displaced people…): codes of their own, and the attendance sheet's import reads them
in French, in English and in the spellings people write."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.community.models import COMMUNITY_CONTEXT
from sutura.community.services import communities
from sutura.meetings import attendance, services, sheets
from sutura.meetings.models import (
    COMMUNITY_CATEGORIES,
    ORGANISATION_CATEGORIES,
    AttendanceCount,
    MeetingKind,
    Participant,
    ParticipantCategory,
)
from sutura.meetings.tests.helpers import sheet

pytestmark = pytest.mark.django_db


def test_every_category_is_offered_to_one_kind_of_meeting_or_the_other() -> None:
    offered = set(COMMUNITY_CATEGORIES) | set(ORGANISATION_CATEGORIES)
    assert offered == set(ParticipantCategory)
    assert ParticipantCategory.GOVERNMENT not in COMMUNITY_CATEGORIES
    assert ParticipantCategory.DISPLACED not in ORGANISATION_CATEGORIES


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Leaders communautaires", "community_leaders"),
        ("Chefs religieux", "religious_leaders"),
        ("FEMMES", "women"),
        ("Jeunes", "youth"),
        ("Youth", "youth"),
        ("Migrants de retour", "returnees"),
        ("Déplacés internes", "displaced"),
        ("PDI", "displaced"),
        ("Communauté hôte", "host_community"),
        ("Personnes en situation de handicap", "disabilities"),
        ("People with disabilities", "disabilities"),
        ("ONG", "national_ngo"),  # the organisations' words still hold
    ],
)
def test_the_import_reads_the_community_groups_as_people_write_them(
    written: str, code: str
) -> None:
    found = sheets._lookup(ParticipantCategory.choices, sheets.CATEGORY_WORDS)
    assert found[sheets._value_key(written)] == code


# --- the forms and the API offer the meeting's kind and refuse the other ------------------------


@pytest.fixture
def officer(users_b: dict[Role, Any]) -> Any:
    return users_b[Role.PROTECTION_OFFICER]


@pytest.fixture
def consultation(officer: Any, locations: dict[str, Any]) -> Any:
    community = communities.create_community(
        actor=officer, name="Kayes N'Di", location=locations["ML-1"]
    )
    return services.create_meeting(
        officer,
        kind=MeetingKind.objects.get(code="community_consultation"),
        title="Consultation de Kayes N'Di",
        starts_at=datetime.datetime(2026, 3, 3, 9, tzinfo=datetime.UTC),
        context_kind=COMMUNITY_CONTEXT,
        context_id=community.pk,
        address="Kayes",
        status="held",
    )


def _offered(page: Any, name: str = "category") -> list[str]:
    field = page.context["form"].fields[name]
    return [value for value, _label in field.choices if value]


def test_a_community_meeting_offers_its_groups_and_the_others_the_organisations(
    officer: Any, consultation: Any, manager_a: Any, meeting_a: Any, client: Any
) -> None:
    client.force_login(officer)
    for url in ("meetings:participant_add", "meetings:counts"):
        page = client.get(reverse(url, args=[consultation.pk]))
        assert _offered(page) == [str(c) for c in COMMUNITY_CATEGORIES]
        assert "Choose a group" not in page.content.decode()
    client.force_login(manager_a)
    for url in ("meetings:participant_add", "meetings:counts"):
        page = client.get(reverse(url, args=[meeting_a.pk]))
        assert _offered(page) == [str(c) for c in ORGANISATION_CATEGORIES]


def test_a_wrong_kind_of_category_is_refused_on_the_pages(
    officer: Any, consultation: Any, manager_a: Any, meeting_a: Any, client: Any
) -> None:
    client.force_login(officer)
    answer = client.post(
        reverse("meetings:participant_add", args=[consultation.pk]),
        {"name": "Awa Traoré", "category": "government", "age_group": "unknown"},
    )
    assert answer.status_code == 200
    refusal = answer.context["form"].errors["category"][0]
    assert "type d’organisation" in refusal and "Gouvernement" in refusal  # in French
    assert not Participant.objects.filter(meeting=consultation).exists()
    counted = client.post(
        reverse("meetings:counts", args=[consultation.pk]),
        {"category": "cbo", "sex": "female", "age_group": "25_59", "count": 12},
    )
    assert counted.status_code == 200 and counted.context["form"].errors["category"]
    assert "groupe de la communauté" in counted.context["form"].errors["category"][0]
    good = client.post(
        reverse("meetings:counts", args=[consultation.pk]),
        {"category": "women", "sex": "female", "age_group": "25_59", "count": 12},
    )
    assert good.status_code == 302
    client.force_login(manager_a)
    answer = client.post(
        reverse("meetings:counts", args=[meeting_a.pk]),
        {"category": "displaced", "sex": "male", "age_group": "25_59", "count": 3},
    )
    assert "est un groupe d’une communauté" in answer.context["form"].errors["category"][0]
    assert not AttendanceCount.objects.filter(meeting=meeting_a).exists()


def test_the_category_error_names_the_category_in_the_users_language(
    consultation: Any, meeting_a: Any
) -> None:
    with translation.override("fr"):
        assert "Gouvernement" in attendance.category_refusal(consultation, "government")
        assert "Jeunes" in attendance.category_refusal(meeting_a, "youth")
    assert attendance.category_refusal(consultation, "youth") == ""
    assert attendance.category_refusal(consultation, "") == ""
    assert attendance.category_refusal(meeting_a, "un_agency") == ""
    with translation.override("en"):
        assert "not an accepted" in attendance.category_refusal(meeting_a, "martians")


def test_what_was_recorded_before_stays_on_an_edit(
    officer: Any, consultation: Any, client: Any
) -> None:
    """A participant counted "community" and cells counted by organisation (the demo's
    consultation, the meetings before this change) are still offered, kept and corrected."""
    old = attendance.add_participant(
        officer, consultation, name="Mariam Diakité", category="community", sex="female"
    )
    attendance.set_count(
        officer, consultation, category="government", sex="male", age_group="25_59", count=4
    )
    client.force_login(officer)
    url = reverse("meetings:participant_edit", args=[consultation.pk, old.pk])
    page = client.get(url)
    assert "community" in _offered(page) and "government" not in _offered(page)
    saved = client.post(
        url,
        {
            "name": "Mariam Diakité",
            "category": "community",
            "sex": "female",
            "age_group": "25_59",
            "attended": "on",
            "version": old.version,
        },
    )
    assert saved.status_code == 302
    assert Participant.objects.get(pk=old.pk).age_group == "25_59"
    counts = client.get(reverse("meetings:counts", args=[consultation.pk]))
    assert "government" in _offered(counts) and "cbo" not in _offered(counts)
    removed = client.post(
        reverse("meetings:counts", args=[consultation.pk]),
        {"category": "government", "sex": "male", "age_group": "25_59", "count": 0},
    )
    assert removed.status_code == 302
    assert not AttendanceCount.objects.filter(meeting=consultation).exists()


def test_the_api_refuses_a_wrong_kind_of_category(
    officer: Any, consultation: Any, manager_a: Any, meeting_a: Any, client: Any
) -> None:
    client.force_login(officer)

    def post(meeting: Any, category: str) -> Any:
        body = {"meeting": str(meeting.pk), "name": f"Awa {category}", "category": category}
        return client.post("/api/meeting-participants/", body, content_type="application/json")

    refused = post(consultation, "international_ngo")
    assert refused.status_code == 400
    assert "groupe de la communauté" in str(refused.json())  # the reader's language
    assert post(consultation, "youth").status_code == 201
    assert post(consultation, "other").status_code == 201
    client.force_login(manager_a)
    assert post(meeting_a, "returnees").status_code == 400
    assert post(meeting_a, "cbo").status_code == 201


def test_a_community_meetings_sheet_takes_both_kinds(officer: Any, consultation: Any) -> None:
    rows = [
        {"name": "Awa Traoré", "category": "Femmes", "sex": "F"},
        {"name": "Moussa Keïta", "category": "ONG internationale", "sex": "M"},
    ]
    reading = sheets.read(sheet(rows))
    assert reading.ok, reading.errors
    attendance.import_attendance(officer, consultation, rows=reading.rows)
    assert set(
        Participant.objects.filter(meeting=consultation).values_list("category", flat=True)
    ) == {"women", "international_ngo"}
