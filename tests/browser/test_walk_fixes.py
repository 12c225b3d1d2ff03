"""The browser walk's fixes, on a 360 px phone in French (screenshots in var/screenshots/):
the audit log in the reader's language, a case list that says what a dashboard narrowed it to,
a merged file's old address, a meeting's breadcrumb for a volunteer who may not open its
community, and the API's documentation in the language chosen on the site."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.cases.tests.helpers import open_test_case
from sutura.community.models import COMMUNITY_CONTEXT
from sutura.community.services import communities
from sutura.dedup.services.merges import merge_persons
from sutura.meetings.attendance import add_participant
from sutura.meetings.models import MeetingKind
from sutura.meetings.reference import ensure_reference_data
from sutura.meetings.services import create_meeting
from sutura.mentoring.services import volunteers
from sutura.people import services as people
from tests.browser.support import BROWSER_MARKS, SHOTS

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def phone(browser: Any, live_server: Any, user: Any, *, locale: str = "fr-FR") -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def shown(page: Any, name: str, *, full_page: bool = True) -> str:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(SHOTS / f"walk-{name}.png"), full_page=full_page)
    return str(page.inner_text("main"))


def test_the_walks_pages_on_a_phone(browser: Any, live_server: Any, users_a: Any, users_b: Any,
                                    locations: Any) -> None:  # fmt: skip
    manager = users_a[Role.PROGRAMME_MANAGER]
    case = open_test_case(manager, current_location=locations["Mbour"])
    programme = Programme.objects.create(organisation=manager.organisation, name="Retour digne")

    # A case list from a dashboard's number
    page = phone(browser, live_server, manager)
    query = "opened_from=2026-07-01&opened_to=2026-09-30&flagged=on"
    page.goto(
        f"{live_server.url}{reverse('cases:list')}?{query}"
        f"&residence={locations['SN-TH'].pk}&programme={programme.pk}"
    )
    text = shown(page, "cases-narrowed")
    assert "Ouverts pendant : troisième trimestre 2026" in text and "Résidant à Thiès" in text

    # A merged file's old address
    twin = people.register_person(actor=manager, given_names="Awa", family_name="Sar", sex="female")
    merge_persons(actor=manager, kept=case.person, merged=twin, reason="doublon")
    page.goto(f"{live_server.url}{reverse('people:detail', args=[twin.pk])}")
    assert "Dossier fusionné" in shown(page, "merged-file")
    page.click("text=Ouvrir le dossier conservé")
    assert page.url.endswith(reverse("people:detail", args=[case.person.pk]))

    # The audit log, in French
    page = phone(browser, live_server, users_a[Role.SYSTEM_ADMIN])
    page.goto(f"{live_server.url}{reverse('audit:list')}")
    text = shown(page, "audit-log", full_page=False)
    assert f"Cas {case.number}" in text and "Fusion : " in text
    assert "Liste : cas, page 1" in text

    # A community meeting, seen by an outreach volunteer who may not open the community
    ensure_reference_data()
    officer = users_b[Role.PROTECTION_OFFICER]
    community = communities.create_community(
        actor=officer, name="Kayes N'Di", location=locations["ML-1"]
    )
    volunteer = volunteers.create_volunteer(
        actor=officer, user=users_b[Role.OUTREACH_VOLUNTEER], kind="outreach",
        areas=[locations["ML-1"]], starts_on=datetime.date(2026, 1, 5),
    )  # fmt: skip
    meeting = create_meeting(
        officer,
        kind=MeetingKind.objects.get(code="community_consultation"),
        title="Dialogue communautaire",
        starts_at=timezone.now(),
        context_kind=COMMUNITY_CONTEXT,
        context_id=community.pk,
    )
    add_participant(officer, meeting, user=volunteer.user, attended=True)
    page = phone(browser, live_server, volunteer.user)
    page.goto(f"{live_server.url}{reverse('meetings:detail', args=[meeting.pk])}")
    assert "Communauté" in shown(page, "meeting-volunteer")
    assert page.locator("main a", has_text="Communauté").count() == 0

    # The API's documentation, on a phone whose browser speaks English
    page = phone(browser, live_server, manager, locale="en-US")
    page.goto(f"{live_server.url}{reverse('api-docs')}")
    page.wait_for_selector(".swagger-ui .info")
    assert "Retour à Sutura" in page.inner_text("body")
    page.screenshot(path=str(SHOTS / "walk-api-docs.png"))
