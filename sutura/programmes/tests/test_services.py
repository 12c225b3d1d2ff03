"""Setting up a programme, its envelopes and its results framework: the services' rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.core.concurrency import StaleVersionError
from sutura.programmes import selectors, services
from sutura.programmes.models import ProgrammeProfile, ResultLevel
from sutura.programmes.tests.helpers import programme_of

pytestmark = pytest.mark.django_db


def test_a_programme_manager_sets_up_a_programme_with_its_donors_and_partners(
    users_a: dict[Role, Any], users_b: dict[Role, Any], locations: dict[str, Any]
) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    donor = services.add_donor(actor=manager, name="Union européenne", acronym="UE")
    partner = users_b[Role.PROGRAMME_MANAGER].organisation
    programme = programme_of(
        manager,
        code="RDS",
        donors=[donor],
        areas=[locations["SN"]],
        partners=[partner, manager.organisation],  # one's own organisation is no partner
    )
    profile = ProgrammeProfile.objects.get(programme=programme)
    assert programme.organisation == manager.organisation
    assert programme.donor == "UE"  # the cases app's text follows the donors
    assert list(profile.partners.all()) == [partner]
    assert list(profile.areas.all()) == [locations["SN"]]
    assert (profile.warning_percent, profile.alert_percent) == (80, 100)


def test_only_programme_managers_set_up_programmes(users_a: dict[Role, Any]) -> None:
    for role in (Role.ME_OFFICER, Role.CASE_MANAGER):
        with pytest.raises(PermissionDenied):
            programme_of(users_a[role])


def test_two_programmes_of_one_organisation_have_two_names(users_a: dict[Role, Any]) -> None:
    programme_of(users_a[Role.PROGRAMME_MANAGER], name="Avenir")
    with pytest.raises(ValidationError) as refused:
        programme_of(users_a[Role.PROGRAMME_MANAGER], name="avenir ")
    assert "name" in refused.value.message_dict


def test_another_organisations_donor_is_refused(
    users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    theirs = services.add_donor(actor=users_b[Role.PROGRAMME_MANAGER], name="DDC")
    with pytest.raises(ValidationError):
        programme_of(users_a[Role.PROGRAMME_MANAGER], donors=[theirs])


def test_thresholds_in_order_and_period_in_order(users_a: dict[Role, Any]) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    with pytest.raises(ValidationError) as refused:
        programme_of(manager, warning_percent=90, alert_percent=80)
    assert "alert_percent" in refused.value.message_dict
    with pytest.raises(ValidationError):
        programme_of(manager, starts_on=date(2026, 5, 1), ends_on=date(2026, 1, 1))


def test_an_edit_over_someone_elses_newer_save_is_refused(users_a: dict[Role, Any]) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    opened = ProgrammeProfile.objects.get(programme=programme).version
    common: dict[str, Any] = {"warning_percent": 80, "alert_percent": 100}
    services.update_programme(
        actor=manager, programme=programme, expected_version=opened, name="Premier", **common
    )
    with pytest.raises(StaleVersionError):
        services.update_programme(
            actor=manager, programme=programme, expected_version=opened, name="Second", **common
        )
    assert Programme.objects.get(pk=programme.pk).name == "Premier"


def test_another_organisations_manager_keeps_nothing_of_it(
    users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    programme = programme_of(users_a[Role.PROGRAMME_MANAGER])
    with pytest.raises(PermissionDenied):
        services.save_envelope(
            actor=users_b[Role.PROGRAMME_MANAGER],
            programme=programme,
            budget_line="1",
            currency="XOF",
            amount=Decimal(1),
        )


def test_envelopes_in_cfa_francs_have_no_cents_and_a_line_is_set_once(
    users_a: dict[Role, Any],
) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    with pytest.raises(ValidationError) as refused:
        services.save_envelope(
            actor=manager,
            programme=programme,
            budget_line="1",
            currency="XOF",
            amount=Decimal("10.5"),
        )
    assert "amount" in refused.value.message_dict
    data: dict[str, Any] = {
        "budget_line": "1 Assistance",
        "currency": "EUR",
        "amount": Decimal("10.50"),
    }
    services.save_envelope(actor=manager, programme=programme, **data)
    with pytest.raises(ValidationError):
        services.save_envelope(actor=manager, programme=programme, **data)
    # The same line in another currency is another envelope.
    services.save_envelope(
        actor=manager, programme=programme, **{**data, "currency": "XOF", "amount": Decimal(5)}
    )


def test_an_envelope_edit_is_version_checked(users_a: dict[Role, Any]) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    envelope = services.save_envelope(
        actor=manager, programme=programme, budget_line="1", currency="XOF", amount=Decimal(9)
    )
    data: dict[str, Any] = {"budget_line": "1", "currency": "XOF", "envelope": envelope}
    services.save_envelope(
        actor=manager, programme=programme, amount=Decimal(10), expected_version=1, **data
    )
    with pytest.raises(StaleVersionError):
        services.save_envelope(
            actor=manager, programme=programme, amount=Decimal(11), expected_version=1, **data
        )


def test_the_framework_is_a_tree_goal_outcome_output(users_a: dict[Role, Any]) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)

    def add(level: str, parent: Any = None) -> Any:
        return services.add_result(
            actor=manager, programme=programme, level=level, statement="R", parent=parent
        )

    goal = add(ResultLevel.GOAL)
    outcome = add(ResultLevel.OUTCOME, goal)
    add(ResultLevel.OUTPUT, outcome)
    for level, parent in (
        (ResultLevel.OUTCOME, None),
        (ResultLevel.OUTPUT, goal),
        (ResultLevel.GOAL, goal),
    ):
        with pytest.raises(ValidationError) as refused:
            add(level, parent)
        assert "parent" in refused.value.message_dict


def test_an_indicator_comes_from_the_registry_or_is_entered_with_its_source(
    users_a: dict[Role, Any],
) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    goal = services.add_result(
        actor=manager, programme=programme, level=ResultLevel.GOAL, statement="R"
    )
    with pytest.raises(ValidationError) as refused:
        services.add_result_indicator(actor=manager, result=goal, code="no.such.indicator")
    assert "code" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.add_result_indicator(actor=manager, result=goal, name="Comités actifs")
    assert "source" in refused.value.message_dict
    by_hand = services.add_result_indicator(
        actor=manager, result=goal, name="Comités actifs", source="PV des comités"
    )
    assert not by_hand.computed


def test_a_period_is_set_once_then_changed_with_its_version(users_a: dict[Role, Any]) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    goal = services.add_result(
        actor=manager, programme=programme, level=ResultLevel.GOAL, statement="R"
    )
    indicator = services.add_result_indicator(
        actor=manager, result=goal, name="Comités", source="PV"
    )
    first = services.set_period_value(
        actor=manager, indicator=indicator, period="2026-q1", baseline=Decimal(2), target=Decimal(6)
    )
    assert (first.period, str(first.starts_on), str(first.ends_on)) == (
        "2026-Q1",
        "2026-01-01",
        "2026-03-31",
    )
    with pytest.raises(ValidationError):  # a second "new" of the same period
        services.set_period_value(actor=manager, indicator=indicator, period="2026-Q1")
    with pytest.raises(ValidationError) as refused:  # an actual needs its source
        services.set_period_value(
            actor=manager,
            indicator=indicator,
            period="2026-Q1",
            actual=Decimal(3),
            expected_version=1,
        )
    assert "actual_source" in refused.value.message_dict
    changed = services.set_period_value(
        actor=manager,
        indicator=indicator,
        period="2026-Q1",
        baseline=Decimal(2),
        target=Decimal(6),
        actual=Decimal(4),
        actual_source="PV",
        expected_version=1,
    )
    assert changed.version == 2
    with pytest.raises(StaleVersionError):
        services.set_period_value(
            actor=manager, indicator=indicator, period="2026-Q1", expected_version=1
        )


def test_a_donor_stands_for_the_programmes_it_funds_that_the_user_sees(
    users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    donor = services.add_donor(actor=manager, name="Union européenne")
    funded = programme_of(manager, name="Un", donors=[donor])
    programme_of(manager, name="Deux")
    assert selectors.programme_ids_of_donor(users_a[Role.ME_OFFICER], donor) == (funded.pk,)
    assert selectors.programme_ids_of_donor(users_b[Role.ME_OFFICER], donor) == ()
    assert list(selectors.donors_seen(users_a[Role.ME_OFFICER])) == [donor]
    assert list(selectors.donors_seen(users_b[Role.ME_OFFICER])) == []
