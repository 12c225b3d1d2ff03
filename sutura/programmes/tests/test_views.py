"""The programme pages, as each role meets them (who reaches which page: the URL matrix,
sutura/access/tests/routes_programmes.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.meetings import services as meetings
from sutura.meetings.models import MeetingKind
from sutura.meetings.reference import ensure_reference_data
from sutura.programmes import services
from sutura.programmes.models import Envelope, ProgrammeProfile, ResultLevel
from sutura.programmes.tests.helpers import case_of, planned, programme_of

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str = "fr") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _form(**extra: Any) -> dict[str, Any]:
    return {"name": "Avenir", "warning_percent": "80", "alert_percent": "100", **extra}


def test_a_double_submit_creates_one_programme_and_lands_on_it(users_a: dict[Role, Any]) -> None:
    client = _client(users_a[Role.PROGRAMME_MANAGER])
    first = client.post(reverse("programmes:new"), _form(form_token="jeton-1"))
    second = client.post(reverse("programmes:new"), _form(form_token="jeton-1"))
    programme = Programme.objects.get(name="Avenir")
    assert first.status_code == second.status_code == 302
    assert (
        first["Location"] == second["Location"] == reverse("programmes:detail", args=[programme.pk])
    )
    assert ProgrammeProfile.objects.filter(programme=programme).count() == 1


def test_an_edit_over_a_newer_save_is_refused_and_keeps_the_input(
    users_a: dict[Role, Any],
) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager, name="Avenir")
    client = _client(manager)
    # Someone else saved after this user opened the page at version 1.
    services.update_programme(
        actor=manager,
        programme=programme,
        expected_version=1,
        name="Avenir 2026",
        warning_percent=80,
        alert_percent=100,
    )
    answer = client.post(
        reverse("programmes:edit", args=[programme.pk]), _form(name="Mon nom", version="1")
    )
    assert answer.status_code == 200
    assert "Someone else saved" in answer.content.decode() or "Quelqu" in answer.content.decode()
    assert 'value="Mon nom"' in answer.content.decode()
    assert Programme.objects.get(pk=programme.pk).name == "Avenir 2026"


def test_the_programme_page_shows_the_envelopes_with_their_warning(
    users_a: dict[Role, Any], django_assert_max_num_queries: Any
) -> None:
    manager, worker = users_a[Role.PROGRAMME_MANAGER], users_a[Role.CASE_MANAGER]
    programme = programme_of(manager)
    planned(case_of(programme, worker), worker, ("economic", 450_000, "XOF"))
    services.save_envelope(
        actor=manager,
        programme=programme,
        budget_line="1.1 Économique",
        currency="XOF",
        amount=Decimal(500_000),
    )
    client = _client(users_a[Role.ME_OFFICER], "en")
    with django_assert_max_num_queries(40):
        answer = client.get(reverse("programmes:detail", args=[programme.pk]))
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "450,000 XOF" in page and "500,000 XOF" in page and "(90%)" in page
    assert "Near the envelope" in page
    assert "<meter" in page
    assert reverse("programmes:edit", args=[programme.pk]) not in page  # not theirs to keep


def test_a_partners_staff_see_the_programme_but_not_its_budget(
    users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    programme = programme_of(
        users_a[Role.PROGRAMME_MANAGER], partners=[users_b[Role.ME_OFFICER].organisation]
    )
    services.save_envelope(
        actor=users_a[Role.PROGRAMME_MANAGER],
        programme=programme,
        budget_line="Ligne secrète",
        currency="EUR",
        amount=Decimal(10),
    )
    answer = _client(users_b[Role.ME_OFFICER]).get(
        reverse("programmes:detail", args=[programme.pk])
    )
    assert answer.status_code == 200
    assert "Ligne secrète" not in answer.content.decode()
    stranger = programme_of(users_b[Role.PROGRAMME_MANAGER], name="Chez B")
    assert (
        _client(users_a[Role.ME_OFFICER])
        .get(reverse("programmes:detail", args=[stranger.pk]))
        .status_code
        == 404
    )


def test_a_manager_builds_the_framework_by_pages_and_sees_its_progress(
    users_a: dict[Role, Any],
) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    client = _client(manager)
    answer = client.post(
        reverse("programmes:result_new", args=[programme.pk]),
        {"level": "goal", "statement": "Réintégration durable", "form_token": "r1"},
    )
    assert answer.status_code == 302
    goal = programme.results.get()
    assert goal.level == ResultLevel.GOAL
    client.post(
        reverse("programmes:indicator_new", args=[programme.pk, goal.pk]),
        {"name": "Comités actifs", "unit": "count", "source": "PV", "form_token": "i1"},
    )
    indicator = goal.indicators.get()
    answer = client.post(
        reverse("programmes:period", args=[programme.pk, indicator.pk]),
        {
            "period": "2026-Q1",
            "baseline": "2",
            "target": "6",
            "actual": "5",
            "actual_source": "PV de mars",
            "form_token": "p1",
        },
    )
    assert answer.status_code == 302
    page = client.get(reverse("programmes:results", args=[programme.pk])).content.decode()
    assert "Comités actifs" in page and "PV de mars" in page
    assert '<progress max="100" value="75"' in page and "75\u00a0%" in page


def test_an_unknown_period_is_explained_on_its_field(users_a: dict[Role, Any]) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    goal = services.add_result(
        actor=manager, programme=programme, level=ResultLevel.GOAL, statement="R"
    )
    indicator = services.add_result_indicator(actor=manager, result=goal, name="N", source="S")
    answer = _client(manager, "en").post(
        reverse("programmes:period", args=[programme.pk, indicator.pk]),
        {"period": "T3 2026", "target": "6"},
    )
    assert answer.status_code == 200
    assert "a quarter (2026-Q3)" in answer.content.decode()


def test_envelopes_are_added_and_edited_by_page(users_a: dict[Role, Any]) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    client = _client(manager)
    data = {"budget_line": "2 Formation", "currency": "EUR", "amount": "1500.50"}
    client.post(
        reverse("programmes:envelope_new", args=[programme.pk]), {**data, "form_token": "e"}
    )
    envelope = Envelope.objects.get(programme=programme)
    answer = client.post(
        reverse("programmes:envelope_edit", args=[programme.pk, envelope.pk]),
        {**data, "amount": "2000", "version": "1"},
    )
    assert answer.status_code == 302
    envelope.refresh_from_db()
    assert (envelope.amount, envelope.version) == (Decimal(2000), 2)


def test_meetings_are_tagged_and_untagged_on_the_tags_page(users_a: dict[Role, Any]) -> None:
    ensure_reference_data()
    manager = users_a[Role.PROGRAMME_MANAGER]
    meeting = meetings.create_meeting(
        manager,
        kind=MeetingKind.objects.order_by("code")[0],
        title="Atelier de lancement",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        address="Salle",
    )
    programme = programme_of(manager)
    client = _client(manager)
    page = client.get(reverse("programmes:tags", args=[programme.pk])).content.decode()
    assert "Atelier de lancement" in page
    client.post(
        reverse("programmes:tag", args=[programme.pk]),
        {"kind": "meeting", "object_id": str(meeting.pk)},
    )
    tag = programme.tags.get()
    detail = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert "Atelier de lancement" in detail
    client.post(reverse("programmes:untag", args=[programme.pk, tag.pk]))
    assert not programme.tags.exists()
