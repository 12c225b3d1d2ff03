"""Intake points and their QR posters: the organisation's feedback handlers and PSEA focal points
keep them (a short code of their own, never changed), the poster is an A4 PDF in French and
English with the QR code to the point's short address; the others are refused, another
organisation's point is not found."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from sutura.accounts.roles import Role
from sutura.community.services import communities
from sutura.core.registry import home_cards, menu_for
from sutura.feedback.models import IntakePoint
from sutura.feedback.services import designations, points

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def point(users_a: dict[Role, Any], locations: dict[str, Any]) -> IntakePoint:
    return points.create_point(
        actor=users_a[Role.PROGRAMME_MANAGER],
        kind="site",
        name="Centre d'accueil de Thiès",
        location=locations["SN-TH"],
    )


def test_a_point_gets_a_short_readable_code_of_its_own(point: IntakePoint) -> None:
    assert len(point.code) == points.CODE_LENGTH
    assert set(point.code) <= set(points.CODE_ALPHABET)
    assert point.code not in points.RESERVED
    assert point.organisation.acronym == "ORG-A" and point.created_by is not None


def test_who_keeps_the_intake_points(
    users_a: dict[Role, Any], users_b: dict[Role, Any], point: IntakePoint
) -> None:
    designations.designate(
        actor=users_a[Role.PROGRAMME_MANAGER], user=users_a[Role.MHPSS_FOCAL_POINT]
    )
    keepers = {Role.PROGRAMME_MANAGER, Role.PROTECTION_OFFICER, Role.MHPSS_FOCAL_POINT}
    for role, user in users_a.items():
        answer = signed_in(user).get(reverse("feedback:points"))
        assert answer.status_code == (200 if role in keepers else 403), role
        if role in keepers:
            assert point.code in answer.content.decode()
            assert reverse("feedback:point_poster", kwargs={"pk": point.pk}) in (
                answer.content.decode()
            )
    other = signed_in(users_b[Role.PROGRAMME_MANAGER])
    assert point.code not in other.get(reverse("feedback:points")).content.decode()
    for name in ("feedback:point_edit", "feedback:point_poster"):
        assert other.get(reverse(name, kwargs={"pk": point.pk})).status_code == 404
    assert Client().get(reverse("feedback:points")).status_code == 302  # log in first
    with pytest.raises(PermissionDenied):
        points.create_point(actor=users_a[Role.CASE_MANAGER], kind="site", name="X")


def test_a_point_is_created_once_from_its_page(
    users_a: dict[Role, Any], locations: dict[str, Any]
) -> None:
    client = signed_in(users_a[Role.PROTECTION_OFFICER])
    page = client.get(reverse("feedback:point_new"))
    assert page.status_code == 200 and 'name="form_token"' in page.content.decode()
    data = {
        "kind": "community",
        "name": "Quartier Escale",
        "location__0": str(locations["SN"].pk),
        "location__1": str(locations["SN-TH"].pk),
        "active": "on",
        "form_token": "tok-1",
    }
    first = client.post(reverse("feedback:point_new"), data)
    second = client.post(reverse("feedback:point_new"), data)
    assert first.status_code == second.status_code == 302
    made = IntakePoint.objects.get()
    assert (made.name, made.kind, made.location, made.active) == (
        "Quartier Escale",
        "community",
        locations["SN-TH"],
        True,
    )
    assert made.organisation_id == users_a[Role.PROTECTION_OFFICER].organisation_id


def test_a_point_is_edited_but_keeps_its_code(users_a: dict[Role, Any], point: IntakePoint) -> None:
    client = signed_in(users_a[Role.PROGRAMME_MANAGER])
    url = reverse("feedback:point_edit", kwargs={"pk": point.pk})
    assert point.code in client.get(url).content.decode()
    answer = client.post(
        url, {"kind": "site", "name": "Centre de Thiès", "version": point.version, "code": "mine"}
    )
    assert answer.status_code == 302
    saved = IntakePoint.objects.get()
    assert (saved.name, saved.active, saved.code) == ("Centre de Thiès", False, point.code)
    # A save over someone else's newer version is refused.
    stale = client.post(url, {"kind": "site", "name": "Autre", "version": point.version})
    assert stale.status_code == 200
    assert IntakePoint.objects.get().name == "Centre de Thiès"


def test_a_community_must_be_one_the_user_works_with(
    users_a: dict[Role, Any], users_b: dict[Role, Any], locations: dict[str, Any]
) -> None:
    theirs = communities.create_community(
        actor=users_b[Role.PROTECTION_OFFICER], name="Kayes Plateau", location=locations["ML-1"]
    )
    with pytest.raises(ValidationError) as refused:
        points.create_point(
            actor=users_a[Role.PROTECTION_OFFICER], kind="community", name="X", community=theirs
        )
    assert "community" in refused.value.message_dict
    ours = communities.create_community(
        actor=users_a[Role.PROTECTION_OFFICER], name="Mbour Centre", location=locations["Mbour"]
    )
    made = points.create_point(
        actor=users_a[Role.PROTECTION_OFFICER], kind="community", name="Y", community=ours
    )
    assert made.community == ours


def test_the_poster_is_an_a4_pdf_with_the_short_address(
    users_a: dict[Role, Any], point: IntakePoint, settings: Any
) -> None:
    settings.SUTURA_PUBLIC_BASE_URL = "https://sutura.example.org/"
    answer = signed_in(users_a[Role.PROGRAMME_MANAGER]).get(
        reverse("feedback:point_poster", kwargs={"pk": point.pk})
    )
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert "no-store" in answer["Cache-Control"]
    reader = PdfReader(io.BytesIO(answer.content))
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    words = " ".join(reader.pages[0].extract_text().split())
    assert f"sutura.example.org/r/{point.code}" in words
    assert "Organisation A" in words and "Thiès" in words
    for category in ("Quelqu’un m’a demandé", "Someone asked for or forced"):  # both languages
        assert category in words


def test_the_poster_address_falls_back_on_the_one_asked(
    users_a: dict[Role, Any], point: IntakePoint
) -> None:
    from sutura.feedback import poster

    answer = signed_in(users_a[Role.PROGRAMME_MANAGER]).get(
        reverse("feedback:point_poster", kwargs={"pk": point.pk}), HTTP_HOST="testserver"
    )
    words = PdfReader(io.BytesIO(answer.content)).pages[0].extract_text()
    assert f"testserver/r/{point.code}" in "".join(words.split())
    assert poster.shown_url("https://a.example/r/abcde/") == "a.example/r/abcde"


def test_the_home_card_and_menu_for_those_who_keep_points(users_a: dict[Role, Any]) -> None:
    manager, case_manager = users_a[Role.PROGRAMME_MANAGER], users_a[Role.CASE_MANAGER]
    url = reverse("feedback:points")
    assert any(url in [link for _label, link in card.links] for card in home_cards(manager))
    assert not any(url in [link for _l, link in card.links] for card in home_cards(case_manager))
    assert "feedback:points" in [item.url_name for item in menu_for(manager)]
    assert "feedback:points" not in [item.url_name for item in menu_for(case_manager)]
