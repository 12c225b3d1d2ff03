"""The words of the communities and risks parts: French agreement (une communauté
« proposée », une analyse « tenue le »), and English without the French space before a
colon."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sutura.accounts.roles import Role
from sutura.community.models import Community
from sutura.community.services import plans, risks
from sutura.community.tests.helpers_risks import DAY, community_with_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(users_a: Any, users_b: Any, locations: Any) -> Community:
    return community_with_partner(users_a, users_b, locations["ML"])


def _client(user: Any, language: str = "fr") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_in_french_a_community_is_proposee_in_the_filter_the_badge_and_the_selection(
    officer: Any, community: Community
) -> None:
    client = _client(officer)
    listing = client.get(reverse("community:communities")).content.decode()
    page = client.get(reverse("community:community", kwargs={"pk": community.pk}))
    selection = client.get(reverse("community:community_selection", kwargs={"pk": community.pk}))
    for html in (listing, page.content.decode(), selection.content.decode()):
        assert "Proposée" in html and "Proposé<" not in html and ">Proposé " not in html


def test_in_french_a_risk_analysis_is_tenue_le_on_its_form_and_in_the_spreadsheet(
    officer: Any, community: Community
) -> None:
    analysis = risks.record_analysis(actor=officer, community=community, held_on=DAY)
    risks.add_risk(
        actor=officer, analysis=analysis, threat="Départs irréguliers", affected="Jeunes",
        likelihood=4, impact=4,
    )  # fmt: skip
    client = _client(officer)
    form = client.get(reverse("community:analysis_new", kwargs={"pk": community.pk}))
    assert "Tenue le" in form.content.decode()
    sheet = client.get(
        reverse("community:report_file", args=["xlsx"]),
        {"frequency": "monthly", "day": DAY.isoformat(), "language": "fr"},
    )
    book = load_workbook(io.BytesIO(sheet.content))
    cells = {cell for row in book["Risques"].iter_rows(values_only=True)
             for cell in row}  # fmt: skip
    assert "Tenue le" in cells and "Tenu le" not in cells


def test_in_english_the_plan_writes_a_colon_without_the_french_space(
    officer: Any, community: Community
) -> None:
    plans.add_recommendation(
        actor=officer, community=community, action="Radio", responsible_text="PSF",
        partners="AJPM",
    )  # fmt: skip
    url = reverse("community:plan", kwargs={"pk": community.pk})
    english = _client(officer, "en").get(url).content.decode()
    assert "Planned: 1" in english and "Partners: AJPM" in english and " : " not in english
    french = _client(officer).get(url).content.decode()
    assert "Prévue : 1" in french or "Prévu : 1" in french
    assert "Partenaires : AJPM" in french
