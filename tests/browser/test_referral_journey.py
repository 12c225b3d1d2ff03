"""The issue's check on a phone (360 px), in a real Chromium: a case manager refers a returnee
sharing only identity and MHPSS, prints the referral form; the provider agent acknowledges,
accepts and records the outcome; the agent cannot reach the returnee's notes by URL.

Elements are found by their names and form actions, not by their wording, so the test holds
whatever the state of the catalogues (the pages are in French, the default)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.cases.services import records, screening
from sutura.referrals.models import Referral, ReferralStatus
from sutura.referrals.tests.helpers import provider, provider_agent, referable_case, service_of
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import PASSWORD, UserFactory

pytestmark = BROWSER_MARKS
PHONE_VIEWPORT = {"width": 360, "height": 740}
NOTE = "Note interne : conflit avec le frère"


def log_in(chromium: Any, base_url: str, username: str) -> Any:
    context = chromium.new_context(viewport=PHONE_VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    return page


def shoot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"referral-{name}-360.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (name, overflow)  # nothing wider than the phone


def take_step(page: Any, action: str, fields: dict[str, str] | None = None) -> None:
    form = page.locator(f'form[action$="/act/{action}/"]')
    summary = page.locator(f'details:has(form[action$="/act/{action}/"]) > summary')
    if summary.count():
        summary.click()
    for name, value in (fields or {}).items():
        field = form.locator(f'[name="{action}-{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_refer_print_and_close_the_loop_on_a_phone(live_server, browser, org_a):
    SHOTS.mkdir(parents=True, exist_ok=True)
    manager = UserFactory.create(
        organisation=org_a, roles=[Role.CASE_MANAGER], username="cm", first_name="Mariama"
    )
    case = referable_case(manager, given_names="Aminata", family_name="Sow", phone="+221771234567")
    screening.record_screening(
        actor=manager,
        case=case,
        categories=["mhpss"],
        individual_factors="Dettes envers le passeur",
        screened_on=datetime.date(2026, 1, 12),
    )
    screening.record_assessment(
        actor=manager,
        case=case,
        psychosocial="Troubles du sommeil depuis le retour",
        assessed_on=datetime.date(2026, 1, 12),
    )
    records.add_note(actor=manager, case=case, text=NOTE, confidentiality="normal")
    clinic = provider(member=True, name="Jamra Santé mentale")
    agent = provider_agent(clinic, username="agent")
    service = service_of(clinic, name_fr="Écoute psychosociale", name_en="Listening service")

    # The case manager refers from the case page, ticking identity and health only.
    page = log_in(browser, live_server.url, "cm")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.locator(f'a[href="/referrals/new/{case.pk}/"]').click()
    page.locator("#id_category").select_option("mhpss")
    page.locator("#id_service").select_option(str(service.pk))
    page.wait_for_selector("#service-info .service-info")  # the panel htmx draws
    page.locator("#id_reason").fill("Troubles du sommeil, besoin d'un suivi psychosocial")
    page.locator("#id_urgency").select_option("high")
    sections = page.locator('input[name="shared_sections"]')
    assert (
        sections.count() == 7 and page.locator('input[name="shared_sections"]:checked').count() == 0
    )
    page.locator('input[name="shared_sections"][value="identity"]').check()
    page.locator('input[name="shared_sections"][value="health"]').check()
    shoot(page, "form")
    page.locator('button[name="send"]').click()
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.SENT
    assert referral.shared_sections == ["identity", "health"]
    shoot(page, "sent")

    # … and prints the referral form.
    with page.expect_download() as download:
        page.locator(f'a[href="/referrals/{referral.pk}/pdf/"]').click()
    assert download.value.suggested_filename == f"{referral.number}.pdf"
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    (SHOTS / f"referral-form-{referral.number}.pdf").write_bytes(pdf)
    page.context.close()

    # The provider agent finds it in the inbox, sees the shared sections only, and answers.
    page = log_in(browser, live_server.url, agent.username)
    page.goto(f"{live_server.url}/referrals/")
    inbox = page.locator("main").inner_text()
    assert referral.number in inbox and "SOW Aminata" in inbox
    shoot(page, "inbox")
    page.locator(f'a[href="/referrals/{referral.pk}/"]').first.click()
    body = page.locator("main").inner_text()
    assert "SOW Aminata" in body and "Troubles du sommeil depuis le retour" in body
    for secret in ("771234567", NOTE, "Dettes envers le passeur", case.number):
        assert secret not in body, secret
    assert page.locator(f'a[href="/cases/{case.pk}/"]').count() == 0
    shoot(page, "provider-detail")
    take_step(page, "acknowledge")
    take_step(page, "accept", {"note": "Rendez-vous lundi 9 h"})
    take_step(
        page,
        "complete",
        {
            "outcome": "provided",
            "outcome_notes": "Quatre séances d'écoute",
            "feedback": "Dort mieux ; suivi de groupe proposé",
        },
    )
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (ReferralStatus.COMPLETED, "provided")
    body = page.locator("main").inner_text()
    assert "Aminata" not in body  # access ended with the referral
    shoot(page, "completed")

    # Nothing else of the case by URL.
    for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/notes/", f"/people/{case.person.pk}/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status in {403, 404}, url
        assert NOTE not in page.content()
    page.context.close()

    # The referrer reads the outcome and the whole history.
    page = log_in(browser, live_server.url, "cm")
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    body = page.locator("main").inner_text()
    assert "Dort mieux" in body and "Rendez-vous lundi 9 h" in body
    assert page.locator("ol.history > li").count() == 5  # draft, sent, received, accepted, done
    shoot(page, "referrer-history")
    page.context.close()
