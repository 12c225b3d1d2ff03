"""The issue's scenario, through the pages: register, consent, screen, plan, approve, assist,
follow up, close; another organisation sees none of it."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import Case, CaseStatus, PlanStatus, Priority
from sutura.notifications.models import Notification
from sutura.people.models import Person

pytestmark = pytest.mark.django_db


def ok(response):  # a redirect after a successful POST
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_a_case_from_registration_to_closure(
    client, users_a, users_b, django_capture_on_commit_callbacks
):
    manager, case_manager = users_a[Role.PROGRAMME_MANAGER], users_a[Role.CASE_MANAGER]
    focal_point = users_a[Role.MHPSS_FOCAL_POINT]
    focal_point.email = "focal@example.org"
    focal_point.save()
    client.force_login(case_manager)

    ok(
        client.post(
            reverse("people:register"),
            {
                "family_name": "Traoré",
                "given_names": "Aminata",
                "sex": "female",
                "birth_date": "2001-03-04",
                "nationality": "ML",
                "phone": "76 12 34 56",
            },
        )
    )
    person = Person.objects.get()
    # The consent is usually recorded the day it is given: the date is today unless changed.
    form = client.get(reverse("people:consent", args=[person.pk])).content.decode()
    assert f'name="decided_on" value="{timezone.localdate().isoformat()}"' in form
    ok(
        client.post(
            reverse("people:consent", args=[person.pk]),
            {
                "purpose": "registration",
                "status": "given",
                "method": "verbal",
                "decided_on": timezone.localdate().isoformat(),
            },
        )
    )
    ok(
        client.post(
            reverse("cases:open", args=[person.pk]),
            {
                "case_type": "trafficking",
                "opened_on": timezone.localdate().isoformat(),
                "case_manager": case_manager.pk,
            },
        )
    )
    case = Case.objects.get()
    assert case.number == f"SN-{timezone.localdate().year}-000001"
    assert case.registration_consent is not None

    with django_capture_on_commit_callbacks(execute=True):
        ok(
            client.post(
                reverse("cases:screening", args=[case.pk]),
                {
                    "categories": ["vot", "mhpss"],
                    "screened_on": timezone.localdate().isoformat(),
                },
            )
        )
    case.refresh_from_db()
    assert case.priority == Priority.URGENT and case.status == CaseStatus.SCREENING
    alert = Notification.objects.get(recipient=focal_point)
    assert case.number in alert.shown_title
    assert "Traoré" not in alert.shown_title + alert.shown_body + str(alert.title_text)
    assert [m.to for m in mail.outbox] == [["focal@example.org"]]

    ok(client.post(reverse("cases:move", args=[case.pk]), {"to_status": "assessment"}))
    ok(
        client.post(
            reverse("cases:assessment", args=[case.pk]),
            {
                "economic": "No income since return",
                "psychosocial": "Nightmares",
                "assessed_on": timezone.localdate().isoformat(),
            },
        )
    )
    ok(client.post(reverse("cases:move", args=[case.pk]), {"to_status": "plan"}))
    plan_url = reverse("cases:plan", args=[case.pk])
    ok(
        client.post(
            plan_url,
            {
                "add_item": "1",
                "dimension": "economic",
                "kind": "Kit de démarrage (couture)",
                "amount": "650000",
                "currency": "XOF",
                "provider": "Sahel Formation",
            },
        )
    )
    plan = case.plan
    ok(client.post(plan_url, {"submit_plan": "1", "version": plan.version}))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED  # above the 500,000 XOF threshold
    assert Notification.objects.filter(recipient=manager).exists()

    client.force_login(manager)
    assert "650" in client.get(reverse("core:home")).content.decode()  # waiting on their home
    ok(
        client.post(
            reverse("cases:plan_decide", args=[case.pk]),
            {
                "decision": "approve",
                "comments": "",
                "version": plan.version,
            },
        )
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED

    client.force_login(case_manager)
    ok(client.post(reverse("cases:move", args=[case.pk]), {"to_status": "assistance"}))
    item = plan.items.get()
    ok(
        client.post(
            reverse("cases:deliver", args=[case.pk, item.pk]),
            {
                "delivered_on": timezone.localdate().isoformat(),
                "amount": "400000",
                "reference": "FAC-2026-17",
            },
        )
    )
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "400\xa0000" in page or "400 000" in page or "400,000" in page
    ok(
        client.post(
            reverse("cases:follow_up", args=[case.pk]),
            {
                "happened_on": timezone.localdate().isoformat(),
                "type": "home_visit",
                "notes": "Atelier ouvert",
                "next_due_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            },
        )
    )
    ok(client.post(reverse("cases:move", args=[case.pk]), {"to_status": "monitoring"}))
    ok(
        client.post(
            reverse("cases:move", args=[case.pk]),
            {
                "to_status": "closed",
                "closure_reason": "plan_completed",
                "closed_on": timezone.localdate().isoformat(),
            },
        )
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closure_reason == "plan_completed"
    assert [t.to_status for t in case.transitions.all()] == [
        "registered",
        "screening",
        "assessment",
        "plan",
        "assistance",
        "monitoring",
        "closed",
    ]
    assert AuditEntry.objects.filter(action=Action.READ, object_id=str(case.pk)).exists()

    # Another organisation: nothing by URL, nothing in search.
    client.force_login(users_b[Role.CASE_MANAGER])
    for url in (
        reverse("cases:detail", args=[case.pk]),
        plan_url,
        reverse("people:detail", args=[person.pk]),
    ):
        assert client.get(url).status_code == 404
    for query in ("Traoré", "traore", case.number, "+22376123456"):
        listing = client.get(reverse("cases:list"), {"q": query})
        assert listing.context["page"].paginator.count == 0, query


def test_an_illegal_move_is_refused_with_a_clear_message(client, users_a):
    from sutura.cases.tests.helpers import open_test_case

    case = open_test_case(users_a[Role.CASE_MANAGER])
    client.force_login(users_a[Role.CASE_MANAGER])
    response = client.post(
        reverse("cases:move", args=[case.pk]), {"to_status": "assistance"}, follow=True
    )
    assert (
        "ne peut pas passer" in response.content.decode()
        or "cannot move" in response.content.decode()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED
