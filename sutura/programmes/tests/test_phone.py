"""The programme page (its budget against envelopes) and its results framework in a real
Chromium at phone width (360 px): nothing scrolls sideways, the meters and progress bars show.
Screenshots land in var/screenshots/."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.programmes import services
from sutura.programmes.models import ResultLevel
from sutura.programmes.tests.helpers import case_of, planned, programme_of
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import PASSWORD

pytestmark = BROWSER_MARKS
WIDE = "document.documentElement.scrollWidth - window.innerWidth"


def _signed_in(chromium: Any, base_url: str, username: str) -> Any:
    context = chromium.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    return page


@pytest.mark.django_db(transaction=True)
def test_a_programme_and_its_results_read_on_a_phone(
    live_server: Any, browser: Any, users_a: Any
) -> None:
    manager, worker = users_a[Role.PROGRAMME_MANAGER], users_a[Role.CASE_MANAGER]
    programme = programme_of(manager, name="Réintégration durable au Sénégal 2025-2027")
    planned(case_of(programme, worker), worker, ("economic", 450_000, "XOF"))
    services.save_envelope(
        actor=manager,
        programme=programme,
        budget_line="1.1 Assistance à la réintégration économique",
        currency="XOF",
        amount=Decimal(150_000_000),
        dimension="economic",
    )
    goal = services.add_result(
        actor=manager,
        programme=programme,
        level=ResultLevel.GOAL,
        statement="Les personnes de retour se réintègrent durablement dans leur communauté.",
    )
    indicator = services.add_result_indicator(
        actor=manager,
        result=goal,
        name="Score composite moyen de durabilité",
        unit="score",
        source="Enquête RSS à 6 mois",
    )
    for quarter in ("2026-Q1", "2026-Q2"):
        services.set_period_value(
            actor=manager,
            indicator=indicator,
            period=quarter,
            baseline=Decimal("0.45"),
            target=Decimal("0.6"),
            actual=Decimal("0.52"),
            actual_source="Enquête RSS",
        )
    page = _signed_in(browser, live_server.url, manager.username)
    page.goto(f"{live_server.url}/programmes/{programme.pk}/")
    page.screenshot(path=str(SHOTS / "programme-360.png"), full_page=True)
    assert page.evaluate(WIDE) <= 0
    assert page.locator("meter").count() == 1
    page.goto(f"{live_server.url}/programmes/{programme.pk}/results/")
    page.screenshot(path=str(SHOTS / "programme-results-360.png"), full_page=True)
    assert page.evaluate(WIDE) <= 0
    assert page.locator("progress").count() == 2
    page.context.close()
