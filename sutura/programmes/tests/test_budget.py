"""A programme's budget against its envelopes: planned (every plan's items), committed
(approved plans), disbursed (assistance delivered), per currency and dimension, and the
warnings at the programme's thresholds (page and the managers' home card)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.programmes import home, selectors, services
from sutura.programmes.models import BudgetLevel, Envelope
from sutura.programmes.tests.helpers import case_of, delivered, planned, programme_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(users_a: dict[Role, Any]) -> Any:
    manager, worker = users_a[Role.PROGRAMME_MANAGER], users_a[Role.CASE_MANAGER]
    programme = programme_of(manager, warning_percent=70, alert_percent=100)
    # An approved plan (under the threshold): 300,000 XOF economic, 200 EUR social.
    economic, _social = planned(
        case_of(programme, worker), worker, ("economic", 300_000, "XOF"), ("social", 200, "EUR")
    )
    delivered(economic, worker, 100_000)
    # A draft: planned, not committed.
    planned(case_of(programme, worker, "Binta"), worker, ("social", 50_000, "XOF"), submit=False)
    # Another programme's approved plan counts against its own envelopes only.
    other = programme_of(manager, name="Autre")
    planned(case_of(other, worker, "Coumba"), worker, ("economic", 400_000, "XOF"))

    def envelope(line: str, currency: str, amount: int, dimension: str = "") -> None:
        services.save_envelope(
            actor=manager,
            programme=programme,
            budget_line=line,
            currency=currency,
            amount=Decimal(amount),
            dimension=dimension,
        )

    envelope("1.1 Économique", "XOF", 400_000, "economic")  # 75 % committed: warning
    envelope("1.2 Sociale", "XOF", 100_000, "social")  # nothing committed
    envelope("1 Tout", "XOF", 1_000_000)  # every dimension: 30 %
    envelope("2 Euros", "EUR", 200)  # 100 %: alert
    return programme


def _lines(user: Any, programme: Any) -> dict[str, Any]:
    return {line.envelope.budget_line: line for line in selectors.envelope_lines(user, programme)}


def test_each_envelope_sets_its_plans_figures_against_its_amount(
    users_a: dict[Role, Any], budget: Any
) -> None:
    lines = _lines(users_a[Role.PROGRAMME_MANAGER], budget)
    economic = lines["1.1 Économique"]
    assert (economic.planned, economic.committed, economic.disbursed) == (
        Decimal(300_000),
        Decimal(300_000),
        Decimal(100_000),
    )
    assert (economic.committed_percent, economic.level) == (75, BudgetLevel.WARNING)
    social = lines["1.2 Sociale"]
    assert (social.planned, social.committed, social.level) == (
        Decimal(50_000),
        Decimal(0),
        BudgetLevel.OK,
    )
    whole = lines["1 Tout"]
    assert (whole.planned, whole.committed, whole.committed_percent) == (
        Decimal(350_000),
        Decimal(300_000),
        30,
    )
    assert (lines["2 Euros"].committed, lines["2 Euros"].level) == (Decimal(200), BudgetLevel.ALERT)


def test_a_line_whose_plans_waiting_would_overrun_says_so(
    client: Any, users_a: dict[Role, Any], budget: Any
) -> None:
    """Committed says where the line stands; plans not yet approved beyond the envelope are
    named beside it (a line planned at 147 % read "near the envelope" before)."""
    manager = users_a[Role.PROGRAMME_MANAGER]
    social_line = Envelope.objects.get(programme=budget, budget_line="1.2 Sociale")
    services.save_envelope(
        actor=manager,
        programme=budget,
        budget_line="1.2 Sociale",
        currency="XOF",
        amount=Decimal(34_000),
        dimension="social",
        envelope=social_line,
        expected_version=social_line.version,
    )
    lines = _lines(manager, budget)
    social = lines["1.2 Sociale"]
    assert (social.level, social.planned_percent, social.plans_overrun) == (
        BudgetLevel.OK,
        147,
        True,
    )
    assert not lines["1.1 Économique"].plans_overrun  # planned = committed, within
    assert not lines["2 Euros"].plans_overrun  # the alert already says it
    client.force_login(manager)
    with translation.override("fr"):
        page = client.get(reverse("programmes:detail", args=[budget.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Les plans en attente la porteraient à 147\u00a0%" in page.content.decode()


def test_the_levels_at_the_thresholds() -> None:
    level = selectors.level_of
    assert level(Decimal(79), Decimal(100), 80, 100) == BudgetLevel.OK
    assert level(Decimal(80), Decimal(100), 80, 100) == BudgetLevel.WARNING
    assert level(Decimal(100), Decimal(100), 80, 100) == BudgetLevel.ALERT
    assert level(Decimal(1), Decimal(0), 80, 100) == BudgetLevel.ALERT
    assert level(Decimal(0), Decimal(0), 80, 100) == BudgetLevel.OK


def test_the_managers_home_card_names_the_envelopes_at_a_threshold(
    users_a: dict[Role, Any], budget: Any
) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    warned = {line.envelope.budget_line for _p, line in selectors.budget_warnings(manager)}
    assert warned == {"1.1 Économique", "2 Euros"}
    (card,) = home.cards(manager)
    assert str(card.text).startswith("2 ")
    assert "75\u00a0%" in card.links[0][0] or "75\u00a0%" in card.links[1][0]
    assert not list(home.cards(users_a[Role.ME_OFFICER]))


def test_no_card_while_every_envelope_is_within_its_thresholds(users_a: dict[Role, Any]) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    services.save_envelope(
        actor=manager,
        programme=programme_of(manager),
        budget_line="1",
        currency="XOF",
        amount=Decimal(1000),
    )
    assert not list(home.cards(manager))


def test_the_budget_is_the_running_organisations_alone(
    users_a: dict[Role, Any], users_b: dict[Role, Any], budget: Any
) -> None:
    partner = users_b[Role.PROGRAMME_MANAGER]
    profile = selectors.profile_of(budget)
    assert profile is not None
    profile.partners.add(partner.organisation)
    assert selectors.programme_for(partner, budget.pk) == budget  # a partner sees it…
    assert selectors.envelope_lines(partner, budget) == []  # …not its budget
    assert selectors.envelope_lines(users_a[Role.ME_OFFICER], budget)  # an M&E officer does
    assert selectors.envelope_lines(users_a[Role.CASE_MANAGER], budget) == []
