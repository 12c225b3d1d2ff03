"""The partners pages as the officer, the programme manager and the M&E officer meet them:
case trends by quarter only, reached from the community page by those who read them; the
reports page's choices named so one can tell them apart, and an explanation instead of empty
files when there is no community; empty lists that say who records what; the monthly XLSX
with real dates and complete sheets."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from sutura.accounts.roles import Role
from sutura.community.models import Community
from sutura.community.services import communities, visits, workplans
from sutura.geo.models import Location

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 15)


@pytest.fixture
def officer(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(officer: Any, locations: dict[str, Any]) -> Community:
    return communities.create_community(actor=officer, name="Mopti", location=locations["ML-1"])


def _page(client: Any, user: Any, url: str, **params: Any) -> str:
    client.force_login(user)
    with translation.override("fr"):
        answer = client.get(url, params, HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 200, url
    return answer.content.decode()


# --- case trends ---------------------------------------------------------------------------------


def test_case_trends_offer_no_month_and_lead_back_to_the_community(
    client: Any, officer: Any, community: Community
) -> None:
    page = _page(client, officer, reverse("community:case_trends", args=[community.pk]))
    assert 'name="step"' not in page and "Mois" not in page
    assert f'href="{reverse("community:community", args=[community.pk])}"' in page
    assert reverse("community:workplans") not in page.split("<h1")[1]
    assert "T1 2026" in page or "T" in page  # quarters label the rows


def test_the_community_page_links_to_the_case_trends_for_their_readers_only(
    client: Any, users_a: dict[Role, Any], users_b: dict[Role, Any], officer: Any,
    community: Community,
) -> None:  # fmt: skip
    partner = users_b[Role.PROTECTION_OFFICER].organisation
    communities.add_partner(actor=officer, community=community, organisation=partner, role="cbo")
    link = reverse("community:case_trends", args=[community.pk])
    page_url = reverse("community:community", args=[community.pk])
    for role in (Role.PROTECTION_OFFICER, Role.PROGRAMME_MANAGER, Role.ME_OFFICER):
        assert link in _page(client, users_a[role], page_url), role
    # The partner CBO's officer sees the community but not the owner's case figures.
    assert link not in _page(client, users_b[Role.PROTECTION_OFFICER], page_url)


def test_the_reports_page_names_trends_by_quarter_not_by_month(
    client: Any, officer: Any, community: Community
) -> None:
    page = _page(client, officer, reverse("community:reports"))
    assert "par mois" not in page
    assert "Tendances des cas par trimestre" in page


# --- the reports page ----------------------------------------------------------------------------


def test_two_places_of_one_name_are_told_apart_and_the_empty_choices_are_worded(
    client: Any, officer: Any, locations: dict[str, Any]
) -> None:
    kayes = locations["ML-1"]
    cercle = Location.objects.create(
        parent=kayes, level=2, country_code="ML", name_fr=kayes.name_fr, name_en=kayes.name_en
    )
    communities.create_community(actor=officer, name="Kayes N'Di", location=kayes)
    communities.create_community(actor=officer, name="Kayes ville", location=cercle)
    page = _page(client, officer, reverse("community:reports"))
    name = kayes.name_fr
    assert f"{name} (région)" in page and f"{name} (région de {name})" in page
    assert "Toutes les zones" in page and "Tous les programmes" in page
    assert "---------" not in page


def test_without_any_community_the_reports_page_says_who_creates_them_and_offers_no_file(
    client: Any, users_a: dict[Role, Any]
) -> None:
    for role in (Role.PROGRAMME_MANAGER, Role.ME_OFFICER, Role.PROTECTION_OFFICER):
        page = _page(client, users_a[role], reverse("community:reports"))
        assert "agents de protection communautaire" in page, role
        assert reverse("community:report_file", args=["pdf"]) not in page
        assert reverse("community:report_file", args=["xlsx"]) not in page
        assert 'name="frequency"' not in page


# --- empty lists ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["community:workplans", "community:visits"])
def test_empty_lists_say_who_records_them_and_offer_the_button_to_who_may(
    client: Any, users_a: dict[Role, Any], name: str
) -> None:
    new = "community:workplan_new" if name == "community:workplans" else "community:visit_new"
    for role in (Role.PROGRAMME_MANAGER, Role.ME_OFFICER):
        page = _page(client, users_a[role], reverse(name))
        assert "enregistr" in page and "par les agents de protection communautaire" in page, role
        assert reverse(new) not in page
    page = _page(client, users_a[Role.PROTECTION_OFFICER], reverse(name))
    assert reverse(new) in page
    assert "par les agents de protection communautaire" not in page


# --- the monthly spreadsheet ---------------------------------------------------------------------


def _xlsx(client: Any, officer: Any) -> Any:
    client.force_login(officer)
    answer = client.get(
        reverse("community:report_file", args=["xlsx"]),
        {"frequency": "monthly", "day": MARCH.isoformat(), "language": "fr"},
    )
    assert answer.status_code == 200
    return load_workbook(io.BytesIO(answer.content))


def test_the_spreadsheet_writes_dates_as_dates_and_heads_every_column(
    client: Any, officer: Any, users_b: dict[Role, Any], community: Community
) -> None:
    plan = workplans.create_workplan(
        actor=officer, partner=users_b[Role.PROTECTION_OFFICER].organisation, title="AJPM",
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31),
    )  # fmt: skip
    workplans.add_activity(
        actor=officer, workplan=plan, community=community, description="Dialogues", target=4,
        unit="séances",
    )  # fmt: skip
    visit = visits.record_visit(actor=officer, visited_on=MARCH, community=community)
    visits.add_recommendation(
        actor=officer, visit=visit, text="Affiches", due_on=datetime.date(2026, 4, 2)
    )
    book = _xlsx(client, officer)
    about = list(book["Rapport"].iter_rows(values_only=True))
    period = next(row for row in about if row[0] == "Période")
    assert [cell.date() for cell in period[1:3]] == [
        datetime.date(2026, 3, 1),
        datetime.date(2026, 3, 31),
    ]
    assert book["Rapport"].cell(row=2, column=2).number_format == "dd/mm/yyyy"
    monitoring = book["Suivi"]
    header, line = list(monitoring.iter_rows(values_only=True))[:2]
    assert "Visité" not in header and header[1] == "Communauté ou plan de travail visité"
    assert line[0].date() == MARCH and line[5].date() == datetime.date(2026, 4, 2)
    assert monitoring.cell(row=2, column=1).number_format == "dd/mm/yyyy"
    # No participant was counted: no "Participants" header over nothing at the end.
    rows = [row for row in book["Plans de travail"].iter_rows(values_only=True) if any(row)]
    assert rows[-1][0] == "AJPM" and not any(row[0] == "Participants" for row in rows)


def test_the_workplans_sheet_lists_the_participants_under_their_header(
    client: Any, officer: Any, users_b: dict[Role, Any], community: Community
) -> None:
    partner_officer = users_b[Role.PROTECTION_OFFICER]
    plan = workplans.create_workplan(
        actor=officer, partner=partner_officer.organisation, title="AJPM",
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31),
    )  # fmt: skip
    activity = workplans.add_activity(
        actor=officer, workplan=plan, community=community, description="Dialogues", target=4,
        unit="séances",
    )  # fmt: skip
    workplans.report_progress(
        actor=partner_officer, activity=activity, period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 31), achieved=1,
        participants={("female", "25_59"): 21},
    )  # fmt: skip
    rows = list(_xlsx(client, officer)["Plans de travail"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Participants")
    assert rows[header + 1][0] == "AJPM" and rows[header + 1][-1] == 21


def test_the_visit_page_says_answer_as_a_noun_and_keeps_its_buttons_apart(
    client: Any, officer: Any, community: Community
) -> None:
    visit = visits.record_visit(actor=officer, visited_on=MARCH, community=community)
    page = _page(client, officer, reverse("community:visit", args=[visit.pk]))
    assert "Réponse" in page and "Répondre" not in page
    # The buttons sit in the card, whose actions are spaced (`.card .actions`).
    card = page.split('<div class="card">', 1)[1].split("</div>", 1)[0]
    assert 'class="actions"' in card and reverse("community:visit_answers", args=[visit.pk]) in card
