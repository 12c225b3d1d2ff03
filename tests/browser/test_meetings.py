"""On a 360 px phone, a coordinator records a meeting, imports an attendance sheet with a bad
line (sees the line named, nothing saved), then the corrected sheet, and sees the participants
(screenshots in var/screenshots/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.meetings import sheets
from sutura.meetings.models import Meeting, Participant
from sutura.meetings.reference import ensure_reference_data
from tests.browser.support import BROWSER_MARKS, SHOTS

pytestmark = BROWSER_MARKS

ROWS: list[dict[str, Any]] = [
    {
        "name": "Awa Ndiaye",
        "organisation_name": "Mairie de Thiès",
        "category": "Gouvernement",
        "function": "Adjointe au maire",
        "sex": "F",
        "age_group": 34,
        "signed": "oui",
    },
    {
        "name": "Moussa Kane",
        "organisation_name": "OIM",
        "category": "Agence des Nations unies",
        "sex": "H",
        "age_group": "25–59",
        "signed": "oui",
    },
    {
        "name": "Binta Sy",
        "organisation_name": "JSM",
        "category": "ONG nationale",
        "sex": "Femme",
        "age_group": "18–24",
    },
]


def phone(browser: Any, live_server: Any, user: Any) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 360, "height": 740})
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


def no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.django_db(transaction=True)
def test_a_meeting_recorded_with_an_imported_sheet_on_a_phone(
    live_server: Any, browser: Any, users_a: dict[Role, Any], tmp_path: Path
) -> None:
    ensure_reference_data()  # a data migration's rows: gone if a transactional test ran before
    coordinator = users_a[Role.NRM_COORDINATOR]
    page = phone(browser, live_server, coordinator)
    page.goto(live_server.url + reverse("meetings:create"))
    page.select_option("#id_kind", label="Réunion de coordination")
    page.fill("#id_title", "Comité technique de février")
    page.fill("#id_starts_at", "2026-02-03T09:00")
    page.fill("#id_address", "Salle de l'OIM, Dakar")
    page.fill("#id_agenda", "Référencements du mois\nDivers")
    no_sideways_scroll(page)
    page.click("button.primary")
    page.wait_for_selector("h1:has-text('Comité technique de février')")
    meeting = Meeting.objects.get(title="Comité technique de février")

    page.click("text=Importer une feuille de présence")
    bad: list[dict[str, Any]] = [
        *ROWS,
        {"name": "Ousmane Diallo", "sex": "peut-être", "age_group": 30},
    ]
    bad_file = tmp_path / "presence.xlsx"
    bad_file.write_bytes(sheets.filled("fr", bad))
    page.set_input_files("#id_file", str(bad_file))
    page.click("button.primary")
    error = page.wait_for_selector(".import-errors")
    text = error.inner_text()
    assert "Ligne 5" in text and "Sexe" in text and "peut-être" in text
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "meetings-import-error-360.png"), full_page=True)
    assert not Participant.objects.filter(meeting=meeting).exists()

    bad[-1]["sex"] = "H"
    good_file = tmp_path / "presence-corrigee.xlsx"
    good_file.write_bytes(sheets.filled("fr", bad))
    page.set_input_files("#id_file", str(good_file))
    page.click("button.primary")
    page.wait_for_selector("#attendance")
    attendance = page.inner_text("#attendance")
    for name in ("Awa Ndiaye", "Moussa Kane", "Binta Sy", "Ousmane Diallo"):
        assert name in attendance
    assert "4 participants" in attendance
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "meetings-attendance-360.png"), full_page=True)
    assert Participant.objects.filter(meeting=meeting).count() == 4
