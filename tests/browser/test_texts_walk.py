"""The texts walk's fixes on a 360 px phone, in French (screenshots in var/screenshots/):
the audit log's fields, lists and pages in words, a merged file's edit page, selects without
dashes, a meeting's time with its date once, and the API docs' descriptions in French."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.cases.tests.helpers import open_test_case
from sutura.dedup.services.merges import merge_persons
from sutura.exports import services as exports
from sutura.meetings.models import MeetingKind
from sutura.meetings.reference import ensure_reference_data
from sutura.meetings.services import create_meeting
from sutura.people import services as people
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.browser.test_walk_fixes import phone

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def shown(page: Any, name: str, *, full_page: bool = True) -> str:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(SHOTS / f"texts-{name}.png"), full_page=full_page)
    return str(page.inner_text("main"))


def test_the_texts_walk_on_a_phone(browser: Any, live_server: Any, users_a: Any, users_b: Any,
                                   locations: Any) -> None:  # fmt: skip
    manager = users_a[Role.PROGRAMME_MANAGER]
    case = open_test_case(manager, current_location=locations["Mbour"])
    twin = people.register_person(actor=manager, given_names="Awa", family_name="Sar", sex="female")
    merge_persons(actor=manager, kept=case.person, merged=twin, reason="doublon")
    exports.start_export(actor=manager, list_code="referrals", format="xlsx")
    snoop = Client()
    snoop.force_login(users_b[Role.CASE_MANAGER])
    assert snoop.get(reverse("people:detail", args=[case.person.pk])).status_code == 404

    # A merged file's edit page: the same 410 page as its own page
    page = phone(browser, live_server, manager)
    page.goto(f"{live_server.url}{reverse('people:edit', args=[twin.pk])}")
    assert "Dossier fusionné" in shown(page, "merged-edit")

    # A form's selects: no dashes
    page.goto(f"{live_server.url}{reverse('people:register')}")
    shown(page, "register-form")
    assert "---------" not in page.content()
    assert page.locator("option", has_text="Non précisé").count() > 0

    # A meeting's time: the date once, then the times
    ensure_reference_data()
    day = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    meeting = create_meeting(
        manager,
        kind=MeetingKind.objects.get(code="coordination_meeting"),
        title="Coordination de décembre",
        starts_at=day,
        ends_at=day + datetime.timedelta(hours=2),
        address="Dakar",
    )
    page.goto(f"{live_server.url}{reverse('meetings:detail', args=[meeting.pk])}")
    assert ", 10:00 – 12:00" in shown(page, "meeting")

    # The audit log: fields, lists and pages in words
    page = phone(browser, live_server, users_a[Role.SYSTEM_ADMIN])
    page.goto(f"{live_server.url}{reverse('audit:list')}")
    text = shown(page, "audit-log")
    assert "Dossier conservé" in text and "Fusionné par" in text
    assert "Export demandé : Référencements (xlsx)" in text
    assert "kept" not in text.split() and "referrals" not in text
    merge_row = page.locator("tr", has_text="Dossier conservé").first
    merge_row.screenshot(path=str(SHOTS / "texts-audit-merge.png"))
    page.locator("tr", has_text="Export demandé").first.screenshot(
        path=str(SHOTS / "texts-audit-export.png")
    )

    page = phone(browser, live_server, users_b[Role.SYSTEM_ADMIN])
    page.goto(f"{live_server.url}{reverse('audit:list')}")
    assert "Réponse 404 : Personnes › fiche" in shown(page, "audit-refusals", full_page=False)
    assert "ids" not in page.locator("tr", has_text="Réponse 404").first.inner_text().split()
    page.locator("tr", has_text="Réponse 404").first.screenshot(
        path=str(SHOTS / "texts-audit-refusal.png")
    )

    # The API's documentation in French: an operation's description
    page = phone(browser, live_server, manager)
    page.goto(f"{live_server.url}{reverse('api-docs')}")
    page.wait_for_selector(".swagger-ui .info")
    assert "Protection et réintégration des personnes migrantes" in page.inner_text("body")
    page.locator(".opblock-summary").first.click()
    page.wait_for_selector(".opblock-description-wrapper")
    description = page.locator(".opblock-description-wrapper").first
    assert "dimensions de la réintégration" in description.inner_text()
    description.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "texts-api-docs.png"))
