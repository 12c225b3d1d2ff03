"""The PSEA focal points page: every member of the organisation knows who the focal points are
(so they know whom to tell); whoever designates (programme managers) designates an active
colleague for a period, and ends a designation. Nobody else changes them; another
organisation's designations are not there."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sutura.access.feedback import is_psea_focal_point
from sutura.accounts.roles import Role
from sutura.feedback.models import PseaDesignation
from sutura.feedback.services import designations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/feedback/focal-points/"


@pytest.fixture(autouse=True)
def english(client: Any, settings: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def designated(users_a: dict[Role, Any]) -> PseaDesignation:
    return designations.designate(
        actor=users_a[Role.PROGRAMME_MANAGER],
        user=users_a[Role.MHPSS_FOCAL_POINT],
        starts_on=timezone.localdate() - timedelta(days=30),
    )


def _end(designation: PseaDesignation) -> str:
    return reverse("feedback:end_designation", kwargs={"pk": designation.pk})


def test_every_member_sees_who_the_focal_points_are(
    client: Any, users_a: dict[Role, Any], designated: PseaDesignation
) -> None:
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    for role in (Role.OUTREACH_VOLUNTEER, Role.ME_OFFICER, Role.CASE_MANAGER):
        client.force_login(users_a[role])
        response = client.get(PAGE)
        page = response.content.decode()
        assert response.status_code == 200
        assert [d.user for d in response.context["current"]] == [focal]
        assert focal.get_full_name() in page
        assert "Designate a focal point" not in page  # not theirs to change
        assert (
            client.post(PAGE, {"user": str(focal.pk), "starts_on": "2026-01-01"}).status_code == 403
        )
        assert client.post(_end(designated)).status_code == 403
    designated.refresh_from_db()
    assert designated.ends_on is None


def test_another_organisation_sees_its_own_focal_points_only(
    client: Any, users_a: dict[Role, Any], users_b: dict[Role, Any], designated: PseaDesignation
) -> None:
    client.force_login(users_b[Role.CASE_MANAGER])
    response = client.get(PAGE)
    page = response.content.decode()
    assert response.context["current"] == []
    assert "no PSEA focal point designated today" in page
    client.force_login(users_b[Role.PROGRAMME_MANAGER])
    assert client.post(_end(designated)).status_code == 404
    designated.refresh_from_db()
    assert designated.ends_on is None


def test_an_account_without_organisation_is_refused(client: Any) -> None:
    client.force_login(UserFactory.create(organisation=None, roles=[]))
    assert client.get(PAGE).status_code == 403


def test_a_programme_manager_designates_an_active_colleague(
    client: Any, users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    manager, colleague = users_a[Role.PROGRAMME_MANAGER], users_a[Role.PROTECTION_OFFICER]
    client.force_login(manager)
    today = timezone.localdate()
    response = client.post(PAGE, {"user": str(colleague.pk), "starts_on": str(today)})
    assert response.status_code == 302
    assert is_psea_focal_point(colleague)
    assert [d.user for d in client.get(PAGE).context["current"]] == [colleague]
    # another organisation's user, an inactive colleague, an end before the start: refused
    gone = UserFactory.create(organisation=manager.organisation, roles=[], is_active=False)
    for data in (
        {"user": str(users_b[Role.CASE_MANAGER].pk), "starts_on": str(today)},
        {"user": str(gone.pk), "starts_on": str(today)},
        {
            "user": str(users_a[Role.CASE_MANAGER].pk),
            "starts_on": str(today),
            "ends_on": str(today - timedelta(days=1)),
        },
        {"user": "not-a-uuid", "starts_on": "yesterday"},
    ):
        response = client.post(PAGE, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert PseaDesignation.objects.count() == 1


def test_a_double_submit_designates_once(client: Any, users_a: dict[Role, Any]) -> None:
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    data = {
        "user": str(users_a[Role.PROTECTION_OFFICER].pk),
        "starts_on": str(timezone.localdate()),
        "form_token": "a1b2c3d4",
    }
    client.post(PAGE, data)
    client.post(PAGE, data)
    assert PseaDesignation.objects.count() == 1


def test_ending_a_designation_takes_the_person_off_the_list(
    client: Any, users_a: dict[Role, Any], designated: PseaDesignation
) -> None:
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(_end(designated), {"ends_on": str(yesterday)})
    assert response.status_code == 302
    designated.refresh_from_db()
    assert designated.ends_on == yesterday
    assert not is_psea_focal_point(focal)
    response = client.get(PAGE)
    assert list(response.context["current"]) == []
    assert list(response.context["designations"]) == [designated]  # the history stays


def test_an_end_before_the_start_is_refused_with_a_message(
    client: Any, users_a: dict[Role, Any], designated: PseaDesignation
) -> None:
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    before = designated.starts_on - timedelta(days=1)
    response = client.post(_end(designated), {"ends_on": str(before)}, follow=True)
    assert "The end comes before the start." in response.content.decode()
    response = client.post(_end(designated), {"ends_on": "not a date"}, follow=True)
    assert response.status_code == 200
    designated.refresh_from_db()
    assert designated.ends_on is None


def test_ending_answers_post_only(
    client: Any, users_a: dict[Role, Any], designated: PseaDesignation
) -> None:
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    assert client.get(_end(designated)).status_code == 405


def test_a_client_without_a_session_is_sent_to_log_in(designated: PseaDesignation) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]
