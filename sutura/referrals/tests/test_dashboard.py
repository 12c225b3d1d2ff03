"""The NRM dashboard: figures on a known set of referrals, scoped to the viewer, small counts
suppressed, a fixed number of queries, and an audited spreadsheet."""

from __future__ import annotations

import datetime
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.referrals import dashboard
from sutura.referrals.dashboard import DashboardFilters, dashboard_figures
from sutura.referrals.models import DeclineReason, Referral, ReferralStatus
from sutura.referrals.services import referring, workflow
from sutura.referrals.tests.helpers import provider, provider_agent, referable_case, service_of
from tests.audit_words import said

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def page(user):
    client = Client()
    client.force_login(user)
    return client


def refer(actor, case, service, **fields):
    fields.setdefault("category", "mhpss")
    return referring.create_referral(
        actor=actor, case=case, service=service, reason="Support", send=True, **fields
    )


def answered(referral, *, sent, acknowledged, answered_after=None):
    """Set the clock of a referral: sent at `sent`, received and answered hours later."""
    changes = {"sent_at": sent, "received_at": sent + acknowledged * HOUR}
    if answered_after is not None:
        changes["answered_at"] = sent + answered_after * HOUR
    Referral.objects.filter(pk=referral.pk).update(**changes)


@pytest.fixture
def mechanism(users_a, users_b, locations):
    """Organisation A refers to two providers (X, Y); organisation B refers to X and Z.

    A's referrals: three accepted (one ongoing, one completed, one closed as a no-show), three
    declined (two by X for lack of capacity, one by Y as not eligible), one overdue, one just
    sent, one draft. Acknowledged after 1, 2, 3, 5, 7 and 8 hours; accepted after 4, 10 and 6.
    """
    manager = users_a[Role.CASE_MANAGER]
    x, y, z = provider(name="Clinique X"), provider(name="Centre Y"), provider(name="Foyer Z")
    agent_x, agent_y = provider_agent(x), provider_agent(y)
    service_x, service_y, service_z = service_of(x), service_of(y), service_of(z)
    thies = referable_case(manager, current_location=locations["Mbour"])
    kayes = referable_case(manager, current_location=locations["ML-1"])
    start = timezone.now() - datetime.timedelta(days=10)

    a1 = workflow.accept(actor=agent_x, referral=refer(manager, thies, service_x))
    answered(a1, sent=start, acknowledged=1, answered_after=4)
    a2 = workflow.accept(actor=agent_x, referral=refer(manager, thies, service_x))
    workflow.complete(actor=agent_x, referral=a2, outcome="provided", feedback="Seen")
    answered(a2, sent=start, acknowledged=2, answered_after=10)
    a3 = workflow.accept(actor=agent_x, referral=refer(manager, thies, service_x))
    workflow.close(actor=agent_x, referral=a3, reason="no_show")
    answered(a3, sent=start, acknowledged=3, answered_after=6)
    for hours, service, agent, reason, case in (
        (5, service_x, agent_x, "no_capacity", thies),
        (7, service_x, agent_x, "no_capacity", thies),
        (8, service_y, agent_y, "not_eligible", kayes),
    ):
        declined = workflow.decline(
            actor=agent, referral=refer(manager, case, service), reason=reason
        )
        answered(declined, sent=start, acknowledged=hours, answered_after=hours)
    late = refer(manager, thies, service_x)
    Referral.objects.filter(pk=late.pk).update(respond_by=timezone.now() - HOUR)
    fresh = refer(manager, kayes, service_y, category="legal")
    referring.create_referral(
        actor=manager, case=thies, service=service_x, category="mhpss", reason="Draft"
    )
    # Organisation B's referrals: not A's figures.
    manager_b = users_b[Role.CASE_MANAGER]
    case_b = referable_case(manager_b)
    refer(manager_b, case_b, service_x)
    refer(manager_b, case_b, service_z)
    return SimpleNamespace(
        manager=manager,
        programme_manager=users_a[Role.PROGRAMME_MANAGER],
        coordinator=users_a[Role.NRM_COORDINATOR],
        x=x,
        y=y,
        z=z,
        service_x=service_x,
        thies=thies,
        late=late,
        fresh=fresh,
    )


def table(figures, key):
    return {row.label: row.values for row in next(t for t in figures.tables if t.key == key).rows}


def test_the_figures_of_a_known_set_of_referrals(mechanism):
    figures = dashboard_figures(mechanism.programme_manager, DashboardFilters())
    assert figures.total == 8  # drafts and organisation B's referrals are not counted
    assert (figures.answered, figures.accepted, figures.declined) == (6, 3, 3)
    assert figures.acceptance_rate == 0.5
    assert figures.median_acknowledgement == 4 * HOUR  # between 3 h and 5 h
    assert figures.median_acceptance == 6 * HOUR
    assert (figures.completed, figures.accepted_and_ended) == (1, 2)
    assert figures.completion_rate == 0.5
    assert figures.overdue == 1
    assert table(figures, "status") == {
        str(ReferralStatus.DECLINED.label): [3],
        str(ReferralStatus.SENT.label): [2],
        str(ReferralStatus.ACCEPTED.label): [1],
        str(ReferralStatus.COMPLETED.label): [1],
        str(ReferralStatus.CLOSED.label): [1],
    }
    needs = table(figures, "category")
    assert list(needs.values()) == [[7], [1]]


def test_providers_that_decline_most_and_why(mechanism):
    figures = dashboard_figures(mechanism.programme_manager, DashboardFilters())
    declines = next(t for t in figures.tables if t.key == "declines")
    assert [row.label for row in declines.rows] == [
        f"{mechanism.x.acronym} — Clinique X",
        f"{mechanism.y.acronym} — Centre Y",
    ]
    assert declines.columns[1:] == [
        str(DeclineReason.NOT_ELIGIBLE.label),
        str(DeclineReason.NO_CAPACITY.label),
    ]
    assert declines.rows[0].values == [2, 0, 2]  # declined: none not eligible, two no capacity
    assert declines.rows[1].values == [1, 1, 0]
    providers = table(figures, "provider")
    # referrals, accepted, declined, completed, overdue
    assert providers[f"{mechanism.x.acronym} — Clinique X"] == [6, 3, 2, 1, 1]
    assert providers[f"{mechanism.y.acronym} — Centre Y"] == [2, 0, 1, 0, 0]


def test_referrals_by_region_where_the_person_lives(mechanism, locations):
    figures = dashboard_figures(mechanism.programme_manager, DashboardFilters())
    assert table(figures, "area") == {"Thiès": [6, 3, 2, 1, 1], "Kayes": [2, 0, 1, 0, 0]}
    in_mali = dashboard_figures(mechanism.programme_manager, DashboardFilters(area=locations["ML"]))
    assert in_mali.total == 2
    in_thies = dashboard_figures(
        mechanism.programme_manager, DashboardFilters(area=locations["SN-TH"])
    )
    assert in_thies.total == 6


def test_filters_by_period_and_need(mechanism):
    today = timezone.localdate()
    recent = dashboard_figures(mechanism.programme_manager, DashboardFilters(start=today))
    assert recent.total == 2  # the overdue one and the fresh one were sent today
    earlier = dashboard_figures(
        mechanism.programme_manager, DashboardFilters(end=today - datetime.timedelta(days=1))
    )
    assert earlier.total == 6
    legal = dashboard_figures(mechanism.programme_manager, DashboardFilters(category="legal"))
    assert legal.total == 1


def test_the_page_shows_the_figures_and_filters(mechanism):
    response = page(mechanism.programme_manager).get(reverse("nrm:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Clinique X" in html and "Thiès" in html
    assert "<meter" in html
    assert "50" in html  # the acceptance rate
    assert "N'Diaye" not in html  # never a person's name
    filtered = page(mechanism.programme_manager).get(
        reverse("nrm:dashboard"), {"category": "legal"}
    )
    assert filtered.status_code == 200
    assert filtered.context["figures"].total == 1
    assert "category=legal" in filtered.content.decode()  # the export keeps the filters
    wrong = page(mechanism.programme_manager).get(
        reverse("nrm:dashboard"), {"start": "2026-05-01", "end": "2026-04-01"}
    )
    assert wrong.status_code == 200 and wrong.context["form"].errors


# --- who sees what -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [Role.CASE_MANAGER, Role.PROVIDER_AGENT, Role.MHPSS_FOCAL_POINT, Role.SYSTEM_ADMIN],
)
def test_users_without_the_permission_get_403(mechanism, users_a, role):
    assert page(users_a[role]).get(reverse("nrm:dashboard")).status_code == 403
    assert page(users_a[role]).get(reverse("nrm:dashboard_xlsx")).status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_anonymous_users_are_sent_to_log_in(mechanism):
    response = Client().get(reverse("nrm:dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_another_organisations_referrals_are_not_counted(mechanism, users_a, users_b):
    mine = dashboard_figures(users_a[Role.ME_OFFICER], DashboardFilters())
    assert mine.total == 8
    assert "Foyer Z" not in str(table(mine, "provider"))
    theirs = dashboard_figures(users_b[Role.PROGRAMME_MANAGER], DashboardFilters())
    assert theirs.total == 2
    # The provider's own manager would count what it received; a coordinator counts it all.
    everything = dashboard_figures(mechanism.coordinator, DashboardFilters())
    assert everything.total == 10


def test_small_counts_of_other_organisations_are_suppressed(mechanism, monkeypatch):
    # Today a programme manager counts only referrals their organisation made or received;
    # should the source ever include others', their small counts are shown as "<5".
    monkeypatch.setattr(
        dashboard,
        "referrals_counted_for",
        lambda user: Referral.objects.exclude(status=ReferralStatus.DRAFT),
    )
    figures = dashboard_figures(mechanism.programme_manager, DashboardFilters())
    providers = table(figures, "provider")
    assert providers[f"{mechanism.z.acronym} — Foyer Z"] == ["<5", 0, 0, 0, 0]
    assert providers[f"{mechanism.x.acronym} — Clinique X"] == [7, 3, 2, 1, 1]  # A's partner
    row_z = next(r for t in figures.tables if t.key == "provider" for r in t.rows if "Z" in r.label)
    assert row_z.bar is None and row_z.suppressed
    assert table(figures, "area")[_("Region not recorded")] == ["<5", 0, 0, 0, 0]
    html = page(mechanism.programme_manager).get(reverse("nrm:dashboard")).content.decode()
    assert "&lt;5" in html


def test_coordinators_see_small_counts(mechanism):
    figures = dashboard_figures(mechanism.coordinator, DashboardFilters())
    assert table(figures, "provider")[f"{mechanism.z.acronym} — Foyer Z"] == [1, 0, 0, 0, 0]


# --- cost and export ---------------------------------------------------------------------------


def test_the_figures_cost_six_queries(mechanism, django_assert_num_queries):
    with django_assert_num_queries(6):  # the headline, then one per table
        dashboard_figures(mechanism.coordinator, DashboardFilters(category="mhpss"))


def test_the_dashboard_costs_a_fixed_number_of_queries(
    mechanism, django_assert_max_num_queries, users_a
):
    client = page(mechanism.programme_manager)
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("nrm:dashboard"))
    for number in range(4):
        refer(mechanism.manager, mechanism.thies, service_of(provider(name=f"P{number}")))
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("nrm:dashboard"), {"category": "mhpss"})
    assert response.context["figures"].total == 11


def test_the_spreadsheet_opens_and_the_export_is_audited(mechanism):
    response = page(mechanism.programme_manager).get(
        reverse("nrm:dashboard_xlsx"), {"category": "mhpss"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    # named in the reader's language (French by default), never by a code
    assert 'filename="tableau-de-bord-du-mnr-20' in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert len(book.sheetnames) == 6
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert summary[_("Referrals")] == 7
    assert summary[_("Overdue")] == 1
    providers = list(book.worksheets[3].iter_rows(values_only=True))
    assert any("Clinique X" in str(row[0]) for row in providers)
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.actor == mechanism.programme_manager
    assert "NRM dashboard" in said(entry) and "category mhpss" in said(entry)
