"""Case trends per community: counts of vulnerable cases by category in the community's area,
for those who see the community, under the small-number rule (no count from 1 to 4, and no
total that would let a reader work one out)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sutura.access.community import HIDDEN, SUPPRESSED, case_trend_counts, protect_small_counts
from sutura.accounts.roles import Role
from sutura.cases.models import Case, Vulnerability, VulnerabilityScreening
from sutura.community.selectors.trends import quarters_between, sum_if_all_shown, trend_for
from sutura.community.services import communities
from tests.factories import PersonFactory

# --- the rule ----------------------------------------------------------------------------------


def test_a_row_with_a_single_small_cell_hides_its_total_and_the_columns_and_grand_total() -> None:
    shown = protect_small_counts([[3, 10, 0], [6, 7, 8]], [13, 21], [9, 17, 8], 34)
    assert shown.cells == [[SUPPRESSED, 10, 0], [6, 7, 8]]
    # 13 − 10 would give the 3 back; so would 9 − 6 and 34 − 21 − …
    assert shown.row_totals == [HIDDEN, 21]
    assert shown.column_totals == [HIDDEN, 17, 8]
    assert shown.total == HIDDEN


def test_counts_of_five_and_more_and_zeros_are_shown_with_their_totals() -> None:
    shown = protect_small_counts([[5, 0], [12, 7]], [5, 19], [17, 7], 24)
    assert shown.cells == [[5, 0], [12, 7]]
    assert shown.row_totals == [5, 19]
    assert shown.column_totals == [17, 7]
    assert shown.total == 24


def test_a_small_total_is_shown_as_under_five_and_hides_the_grand_total() -> None:
    shown = protect_small_counts([[0, 0], [5, 6]], [2, 11], [5, 6], 13)
    assert shown.row_totals == [SUPPRESSED, 11]
    assert shown.total == HIDDEN


def test_nothing_visible_is_ever_a_count_from_one_to_four() -> None:
    for cells in ([[1]], [[4, 4], [4, 4]], [[0, 2, 9]], [[9, 9], [9, 1]]):
        rows = [sum(row) for row in cells]
        columns = [sum(column) for column in zip(*cells, strict=True)]
        shown = protect_small_counts(cells, rows, columns, sum(rows))
        values = [
            *(v for row in shown.cells for v in row),
            *shown.row_totals,
            *shown.column_totals,
            shown.total,
        ]
        assert not [v for v in values if isinstance(v, int) and 0 < v < 5], cells
        # every visible total is the sum of visible cells (nothing to subtract from)
        for row, total in zip(shown.cells, shown.row_totals, strict=True):
            if isinstance(total, int):
                assert all(isinstance(v, int) for v in row)


# --- the counts ---------------------------------------------------------------------------------

DAY = datetime.date(2026, 3, 2)


def _screened(user: Any, location: Any, categories: list[str], on: datetime.date) -> None:
    person = PersonFactory.create(organisation=user.organisation, current_location=location)
    case = Case.objects.create(
        person=person,
        organisation=user.organisation,
        number=f"C-{Case.objects.count() + 1}",
        case_type="other",
        opened_on=on,
    )
    VulnerabilityScreening.objects.create(
        case=case, categories=categories, screened_by=user, screened_on=on
    )


@pytest.mark.django_db
def test_the_officer_sees_counts_of_the_area_by_quarter_and_others_see_nothing(
    users_a: dict[Role, Any], users_b: dict[Role, Any], locations: dict[str, Any]
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    kayes = locations["ML-1"]
    cercle = _place_in(kayes, "Bafoulabé")
    community = communities.create_community(actor=officer, name="Mopti Bas-Fonds", location=kayes)
    for _n in range(6):
        _screened(officer, kayes, ["gbv"], DAY)
    _screened(officer, cercle, ["uasc", "gbv"], DAY)  # below the community's place
    _screened(officer, locations["SN"], ["gbv"], DAY)  # outside the area
    _screened(officer, locations["ML"], ["gbv"], DAY)  # above it: outside too
    # Months asked: the quarter given (one fixed grid, so that no two tables differ by a few).
    periods = [(datetime.date(2026, 2, 1), datetime.date(2026, 3, 31))]
    trend = case_trend_counts(officer, community, periods=periods)
    assert trend is not None
    assert trend.periods == [(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))]
    gbv, uasc = trend.categories.index("gbv"), trend.categories.index("uasc")
    (first_quarter,) = trend.table.cells
    assert first_quarter[gbv] == 7 and first_quarter[uasc] == SUPPRESSED
    assert trend.table.row_totals[0] == HIDDEN  # the rule hides any total over a small cell
    # Totals over several quarters are never shown: two windows would give their difference.
    assert set(trend.table.column_totals) == {HIDDEN} and trend.table.total == HIDDEN
    for role in (Role.COMMUNITY_MENTOR, Role.PROVIDER_AGENT, Role.CASE_MANAGER):
        assert case_trend_counts(users_a[role], community, periods=periods) is None
    assert case_trend_counts(users_b[Role.PROTECTION_OFFICER], community, periods=periods) is None


def _place_in(parent: Any, name: str) -> Any:
    from sutura.geo.models import Location

    return Location.objects.create(
        parent=parent,
        level=parent.level + 1,
        country_code=parent.country_code,
        name_fr=name,
        name_en=name,
    )


@pytest.mark.django_db
def test_a_communes_table_is_its_regions_so_no_subtraction_finds_a_small_count(
    users_a: dict[Role, Any], locations: dict[str, Any]
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    kayes = locations["ML-1"]
    cercle = _place_in(kayes, "Bafoulabé")
    region = communities.create_community(actor=officer, name="Kayes", location=kayes)
    local = communities.create_community(actor=officer, name="Bafoulabé", location=cercle)
    for _n in range(5):
        _screened(officer, cercle, ["gbv"], DAY)
    _screened(officer, kayes, ["gbv"], DAY)  # the one person a difference would single out
    periods = quarters_between(DAY, DAY)
    big = case_trend_counts(officer, region, periods=periods)
    small = case_trend_counts(officer, local, periods=periods)
    assert big is not None and small is not None
    assert small.table == big.table  # the commune's community reads its region's counts
    assert big.table.cells[0][big.categories.index("gbv")] == 6


@pytest.mark.django_db
def test_a_countrys_figure_over_a_small_regional_one_is_hidden(
    users_a: dict[Role, Any], locations: dict[str, Any]
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    kayes = locations["ML-1"]
    gao = _place_in(locations["ML"], "Gao")
    country = communities.create_community(actor=officer, name="Mali", location=locations["ML"])
    communities.create_community(actor=officer, name="Gao", location=gao)
    for _n in range(6):
        _screened(officer, gao, ["gbv", "mhpss"], DAY)
    _screened(officer, kayes, ["gbv"], DAY)  # Kayes: one, shown "<5" on its own table
    for _n in range(5):
        _screened(officer, kayes, ["medical"], DAY)
    periods = quarters_between(DAY, DAY)
    trend = case_trend_counts(officer, country, periods=periods)
    assert trend is not None
    (row,) = trend.table.cells
    # 7 less Gao's 6 would give Kayes's 1: the country's gbv figure is hidden.
    assert row[trend.categories.index("gbv")] == HIDDEN
    assert row[trend.categories.index("mhpss")] == 6  # no region hides one here
    assert row[trend.categories.index("medical")] == 5
    assert trend.table.row_totals == [HIDDEN]


# --- the Total row (sums over the quarters) -----------------------------------------------------


def test_a_total_over_the_quarters_is_shown_only_when_every_figure_it_adds_is_shown() -> None:
    assert sum_if_all_shown([0, 0, 0, 0]) == 0  # nothing hidden: nothing to hide
    assert sum_if_all_shown([0, 7, 12, 0]) == 19
    # A hidden figure under it: the total less the other quarters would give it back.
    assert sum_if_all_shown([0, SUPPRESSED, 12, 0]) == HIDDEN
    assert sum_if_all_shown([0, HIDDEN, 12, 0]) == HIDDEN


@pytest.mark.django_db
def test_the_total_row_reads_zero_with_no_case_and_never_reveals_a_small_count(
    users_a: dict[Role, Any], locations: dict[str, Any]
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    community = communities.create_community(
        actor=officer, name="Kayes", location=locations["ML-1"]
    )
    year = quarters_between(datetime.date(2025, 4, 1), DAY)  # four quarters, Q2 2025 – Q1 2026
    empty = trend_for(officer, community, periods=year)
    assert len(empty.rows) == 4
    assert set(empty.column_totals) == {0} and empty.total == 0
    for _n in range(6):
        _screened(officer, locations["ML-1"], ["gbv"], DAY)
    _screened(officer, locations["ML-1"], ["uasc"], DAY)
    _screened(officer, locations["ML-1"], ["gbv"], datetime.date(2025, 11, 3))
    trend = trend_for(officer, community, periods=year)
    labels = dict(Vulnerability.choices)
    gbv = trend.headers.index(str(labels["gbv"]))
    uasc = trend.headers.index(str(labels["uasc"]))
    medical = trend.headers.index(str(labels["medical"]))
    assert [row.cells[gbv] for row in trend.rows] == [0, 0, SUPPRESSED, 6]
    # A total over a figure shown <5 would give it back (7 less 6 is November's one).
    assert trend.column_totals[gbv] == HIDDEN
    assert trend.column_totals[uasc] == HIDDEN
    assert trend.column_totals[medical] == 0
    assert trend.total == HIDDEN  # two row totals are hidden or "<5"
    # Every visible total is the sum of the visible figures above it.
    for j, total in enumerate(trend.column_totals):
        if isinstance(total, int):
            assert total == sum(row.cells[j] for row in trend.rows)  # type: ignore[misc]
