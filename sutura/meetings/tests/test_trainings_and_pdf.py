"""Trainings (scores, certificates, training records) and the printed papers."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from sutura.accounts.roles import Role
from sutura.meetings import attendance, selectors
from sutura.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def trained(users_a: dict[Role, Any], manager_a: Any, training_a: Meeting) -> dict[str, Any]:
    mentor = users_a[Role.COMMUNITY_MENTOR]
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    p1 = attendance.add_participant(manager_a, training_a, user=mentor)
    p2 = attendance.add_participant(manager_a, training_a, user=focal)
    absent = attendance.add_participant(
        manager_a, training_a, name="Absente", invited=True, attended=False
    )
    attendance.record_scores(
        manager_a,
        training_a,
        scores={p1.pk: (Decimal(40), Decimal(80)), p2.pk: (Decimal(60), Decimal(90))},
    )
    return {"mentor": mentor, "focal": focal, "p1": p1, "p2": p2, "absent": absent}


def test_scores_are_averaged_with_the_gain(
    manager_a: Any, training_a: Meeting, trained: dict[str, Any], client: Any
) -> None:
    summary = selectors.score_summary(list(selectors.participants_of(manager_a, training_a)))
    assert (summary.pre, summary.post, summary.gain, summary.scored) == (50, 85, 35, 2)
    client.force_login(manager_a)
    page = client.get(reverse("meetings:detail", args=[training_a.pk])).content.decode()
    assert "35" in page and "85" in page
    # Each participant's scores are percentages as the averages are (browser walk: "40.0 →
    # 80.0" beside "50 %"), and no decision yet is said, not numbered "1." in a list.
    assert "40,0\u00a0% → 80,0\u00a0%" in page
    with translation.override("fr"):
        none = translation.gettext("No decision recorded.")
    assert f'<p class="help">{none}</p>' in page and f"<li>{none}" not in page


def test_scores_from_the_page_refuse_out_of_range(
    manager_a: Any, training_a: Meeting, trained: dict[str, Any], client: Any
) -> None:
    client.force_login(manager_a)
    p1 = trained["p1"]
    url = reverse("meetings:scores", args=[training_a.pk])
    answer = client.post(url, {f"pre_{p1.pk}": "120", f"post_{p1.pk}": "90"})
    assert answer.status_code == 200
    answer = client.post(
        url, {f"pre_{p1.pk}": "20", f"post_{p1.pk}": "90", f"pre_{trained['p2'].pk}": "60"}
    )
    assert answer.status_code == 302
    p1.refresh_from_db()
    assert p1.pre_test_score == 20


def test_certificates_are_numbered_once_for_those_who_attended(
    manager_a: Any, training_a: Meeting, trained: dict[str, Any], client: Any
) -> None:
    assert attendance.issue_certificates(manager_a, training_a) == 2
    assert attendance.issue_certificates(manager_a, training_a) == 0
    trained["p1"].refresh_from_db()
    trained["p2"].refresh_from_db()
    numbers = {trained["p1"].certificate_number, trained["p2"].certificate_number}
    assert len(numbers) == 2 and all(n.startswith("ATT-") for n in numbers)
    with pytest.raises(ValidationError):
        attendance.issue_certificate(manager_a, trained["absent"])
    # the participant downloads their own certificate; a colleague without the right cannot
    client.force_login(trained["mentor"])
    url = reverse("meetings:certificate", args=[training_a.pk, trained["p1"].pk])
    answer = client.get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = _text(answer.content)
    assert trained["p1"].certificate_number in text and "Formation PEAS" in text
    other = reverse("meetings:certificate", args=[training_a.pk, trained["p2"].pk])
    assert client.get(other).status_code == 403


def test_a_coordination_meeting_gives_no_certificate(manager_a: Any, meeting_a: Meeting) -> None:
    participant = attendance.add_participant(manager_a, meeting_a, name="Awa")
    with pytest.raises(ValidationError):
        attendance.issue_certificate(manager_a, participant)


def test_the_attendance_sheet_is_blank_or_lists_the_invitees(
    manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    attendance.add_participant(
        manager_a,
        meeting_a,
        name="Awa Ndiaye",
        phone="+221770000001",
        invited=True,
        attended=False,
        category="government",
    )
    client.force_login(manager_a)
    blank = client.get(reverse("meetings:sheet_pdf", args=[meeting_a.pk, "blank"]))
    assert blank.status_code == 200
    text = _text(blank.content)
    assert "Coordination de janvier" in text and "Awa Ndiaye" not in text
    assert "Signature" in text
    filled = _text(
        client.get(reverse("meetings:sheet_pdf", args=[meeting_a.pk, "invitees"])).content
    )
    assert "Awa Ndiaye" in filled and "+221770000001" in filled


def test_the_sheet_follows_the_users_language(
    manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    client.force_login(manager_a)
    client.cookies["django_language"] = "en"
    text = _text(client.get(reverse("meetings:sheet_pdf", args=[meeting_a.pk, "blank"])).content)
    assert "Attendance sheet" in text and "Age group" in text


def test_training_records_on_the_account_and_person_pages(
    users_a: dict[Role, Any],
    users_b: dict[Role, Any],
    manager_a: Any,
    training_a: Meeting,
    trained: dict[str, Any],
    client: Any,
) -> None:
    from sutura.people import services as people

    mentor = trained["mentor"]
    assert list(selectors.trainings_of_user(mentor, mentor)) == [trained["p1"]]
    assert list(selectors.trainings_of_user(users_a[Role.MHPSS_FOCAL_POINT], mentor))  # supervises
    assert not selectors.trainings_of_user(users_b[Role.PROGRAMME_MANAGER], mentor).exists()
    assert not selectors.trainings_of_user(users_a[Role.PROVIDER_AGENT], mentor).exists()
    client.force_login(mentor)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Formation PEAS" in page
    person = people.register_person(
        actor=users_a[Role.CASE_MANAGER], given_names="Mariama", family_name="Ba", sex="female"
    )
    attendance.add_participant(manager_a, training_a, person=person)
    client.force_login(users_a[Role.CASE_MANAGER])
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Formation PEAS" in page
    assert not selectors.trainings_of_person(users_b[Role.CASE_MANAGER], person).exists()
