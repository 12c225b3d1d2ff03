"""The caseload figures against hand-counted cases, the reassignment (all or nothing, the
version check, the audit, who is told), and another organisation's cases never counted nor
moved (404)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from sutura.access.supervision import caseload_counts
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import Case, CaseNote, CaseTransition, FollowUp
from sutura.cases.services import lifecycle
from sutura.notifications.models import Notification
from sutura.people.models import Consent, ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.supervision import services
from sutura.supervision.services import CaseChanged
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@dataclass
class Office:
    supervisor: Any
    manager: Any  # a case manager
    senior: Any  # a programme manager who also holds cases
    cases: dict[str, Case]
    other: Any  # another organisation's case manager
    other_case: Case


def _case(org: Any, manager: Any, number: str, *, idle_days: int = 0, **fields: Any) -> Case:
    """A case whose only activity (its opening) was `idle_days` ago."""
    fields.setdefault("case_type", "return_reintegration")
    person = PersonFactory.create(organisation=org)
    case = Case.objects.create(
        person=person,
        registration_consent=Consent.objects.create(
            person=person,
            purpose=ConsentPurpose.REGISTRATION,
            status=ConsentStatus.GIVEN,
            method=ConsentMethod.VERBAL,
            decided_on=timezone.localdate(),
            recorded_by=manager,
        ),
        organisation=org,
        number=number,
        case_manager=manager,
        opened_on=timezone.localdate() - datetime.timedelta(days=idle_days),
        **fields,
    )
    CaseTransition.objects.create(case=case, to_status="registered", actor=manager)
    CaseTransition.objects.filter(case=case).update(created_at=_days_ago(idle_days))
    return case


@pytest.fixture
def office() -> Office:
    org = OrganisationFactory.create()
    supervisor = UserFactory.create(organisation=org, roles=[Role.PROGRAMME_MANAGER])
    manager = UserFactory.create(organisation=org, roles=[Role.CASE_MANAGER], first_name="Moussa")
    senior = UserFactory.create(organisation=org, roles=[Role.PROGRAMME_MANAGER])
    past, soon = (
        timezone.localdate() - datetime.timedelta(days=3),
        timezone.localdate() + datetime.timedelta(days=5),
    )
    cases = {
        # urgent, presumed trafficking victim, follow-up overdue, opened today
        "c1": _case(
            org, manager, "SN-2026-900001", priority=4, flags=["vot"], next_follow_up_on=past
        ),
        # a child (by type), nothing done for 60 days
        "c2": _case(
            org,
            manager,
            "SN-2026-900002",
            status="plan",
            case_type="uasc",
            idle_days=60,
            next_follow_up_on=soon,
        ),
        # an accompanied child (flag), opened long ago, a follow-up 10 days ago
        "c3": _case(
            org,
            manager,
            "SN-2026-900003",
            status="assessment",
            priority=3,
            flags=["child"],
            idle_days=60,
        ),
        # closed: counted nowhere, even with a date past
        "c4": _case(
            org,
            manager,
            "SN-2026-900004",
            status="closed",
            closed_on=timezone.localdate(),
            next_follow_up_on=past,
        ),
        # trafficking by type, 40 days since its opening but a note today; follow-up overdue
        "c5": _case(
            org,
            manager,
            "SN-2026-900005",
            status="monitoring",
            case_type="trafficking",
            priority=1,
            idle_days=40,
            next_follow_up_on=timezone.localdate() - datetime.timedelta(days=1),
        ),
        # the programme manager's own case, 31 days idle
        "c6": _case(org, senior, "SN-2026-900006", idle_days=31),
    }
    FollowUp.objects.create(
        case=cases["c3"],
        happened_on=timezone.localdate() - datetime.timedelta(days=10),
        type="phone_call",
        recorded_by=manager,
    )
    CaseNote.objects.create(case=cases["c5"], text="Appel", author=manager)
    elsewhere = OrganisationFactory.create()
    other = UserFactory.create(organisation=elsewhere, roles=[Role.CASE_MANAGER])
    other_case = _case(elsewhere, other, "SN-2026-900007", idle_days=90, next_follow_up_on=past)
    return Office(supervisor, manager, senior, cases, other, other_case)


def test_the_figures_are_the_hand_counted_ones(office: Office) -> None:
    counts = caseload_counts(office.supervisor, timezone.localdate(), 30)
    assert set(counts) == {office.manager.pk, office.senior.pk}  # never the other organisation
    mine = counts[office.manager.pk]
    assert mine["open"] == 4  # c1, c2, c3, c5 (c4 is closed)
    assert [mine[f"status_{s}"] for s in ("registered", "plan", "assessment", "monitoring")] == [
        1,
        1,
        1,
        1,
    ]
    assert [mine[f"priority_{p}"] for p in (4, 3, 2, 1)] == [1, 1, 1, 1]
    assert mine["overdue"] == 2  # c1, c5
    assert mine["inactive"] == 1  # c2 (c3: a follow-up; c5: a note)
    assert mine["children"] == 2  # c2 by type, c3 by flag
    assert mine["trafficking"] == 2  # c1 by flag, c5 by type
    assert counts[office.senior.pk]["open"] == 1 and counts[office.senior.pk]["inactive"] == 1
    # the period is a setting: over 70 days, c2 was active (opened 60 days ago)
    assert (
        caseload_counts(office.supervisor, timezone.localdate(), 70)[office.manager.pk]["inactive"]
        == 0
    )
    # a case manager supervises nothing
    assert caseload_counts(office.manager, timezone.localdate(), 30) == {}


def test_the_caseload_page_costs_a_fixed_number_of_queries(
    office: Office, client: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(office.supervisor)
    url = reverse("supervision:caseload")
    client.get(url)  # the session's first request writes it
    with django_assert_max_num_queries(12), override("en"):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Moussa" in page and "SN-2026-900007" not in page
    # each figure links to a list: the case list where its filters say the same…
    assert f"case_manager={office.manager.pk}&amp;overdue=on" in page
    # …this app's own list otherwise (inactive cases)
    own = reverse("supervision:caseload_cases", args=[office.manager.pk])
    assert f"{own}?figure=inactive" in page
    response = client.get(own, {"figure": "inactive"})
    assert list(response.context["page"]) == [office.cases["c2"]]
    # another organisation's case manager: not found
    other = reverse("supervision:caseload_cases", args=[office.other.pk])
    assert client.get(other).status_code == 404


def _versions(*cases: Case) -> list[tuple[Case, int]]:
    return [(case, Case.objects.get(pk=case.pk).version) for case in cases]


def test_a_reassignment_moves_every_case_audits_it_and_tells_both(office: Office) -> None:
    c1, c2 = office.cases["c1"], office.cases["c2"]
    moved = services.reassign_cases(
        actor=office.supervisor, cases=_versions(c1, c2), case_manager=office.senior
    )
    assert {case.number for case in moved} == {c1.number, c2.number}
    assert set(
        Case.objects.filter(pk__in=[c1.pk, c2.pk]).values_list("case_manager", flat=True)
    ) == {office.senior.pk}
    # each case's change is in the log (AuditedModel), and one entry sums up the batch
    updates = AuditEntry.objects.filter(action=Action.UPDATE)
    for case in (c1, c2):
        entry = updates.get(object_id=str(case.pk))
        assert entry.changes["case_manager"][1] == office.senior.pk
    summary = updates.get(detail__startswith="Caseload reassignment", actor=office.supervisor)
    assert set(summary.changes["cases"]) == {c1.number, c2.number}
    # the new and the previous case manager are told, by case number only
    told = {n.recipient_id: n for n in Notification.objects.all()}
    assert set(told) == {office.senior.pk, office.manager.pk}
    for notification in told.values():
        params = notification.title_text["params"]
        assert set(params["numbers"].split(", ")) == {c1.number, c2.number}
        with override("en"):
            shown = notification.shown_title
        assert "Moussa" not in shown and "Ndiaye" not in shown


def test_a_case_changed_meanwhile_stops_the_whole_batch(office: Office) -> None:
    c1, c3 = office.cases["c1"], office.cases["c3"]
    chosen = _versions(c1, c3)
    # someone edits c3 after the supervisor opened the list
    fresh = Case.objects.get(pk=c3.pk)
    lifecycle.update_case(
        actor=office.supervisor, case=fresh, expected_version=fresh.version, priority=4
    )
    with pytest.raises(CaseChanged) as refused, override("en"):
        services.reassign_cases(actor=office.supervisor, cases=chosen, case_manager=office.senior)
    assert c3.number in str(refused.value) and "nothing was reassigned" in str(refused.value)
    # c1, before c3 in the batch, did not move either
    assert Case.objects.get(pk=c1.pk).case_manager_id == office.manager.pk
    assert not Notification.objects.exists()


def test_a_closed_case_is_refused_by_number(office: Office) -> None:
    c4 = office.cases["c4"]
    with pytest.raises(CaseChanged) as refused:
        services.reassign_cases(
            actor=office.supervisor, cases=_versions(c4), case_manager=office.senior
        )
    assert c4.number in str(refused.value)


def test_only_a_supervisor_reassigns_and_only_to_a_colleague(office: Office) -> None:
    c1 = office.cases["c1"]
    with pytest.raises(PermissionDenied):
        services.reassign_cases(
            actor=office.manager, cases=_versions(c1), case_manager=office.senior
        )
    with pytest.raises(ValidationError):
        services.reassign_cases(
            actor=office.supervisor, cases=_versions(c1), case_manager=office.other
        )
    with pytest.raises(PermissionDenied):
        services.reassign_cases(
            actor=office.supervisor, cases=_versions(office.other_case), case_manager=office.senior
        )


def test_the_api_refuses_another_organisations_case_with_404_and_a_stale_one_with_409(
    office: Office, client: Any
) -> None:
    client.force_login(office.supervisor)
    url = reverse("api-supervision-reassignment-list")
    c1 = office.cases["c1"]

    def body(*pairs: tuple[Case, int]) -> dict[str, Any]:
        return {
            "cases": [{"id": str(case.pk), "version": version} for case, version in pairs],
            "case_manager": office.senior.pk,
        }

    theirs = body(*_versions(c1), *_versions(office.other_case))
    assert client.post(url, theirs, content_type="application/json").status_code == 404
    assert Case.objects.get(pk=c1.pk).case_manager_id == office.manager.pk
    stale = body((c1, Case.objects.get(pk=c1.pk).version - 1 or 99))
    answer = client.post(url, stale, content_type="application/json")
    assert answer.status_code == 409 and c1.number in answer.json()["error"]["message"]
    answer = client.post(url, body(*_versions(c1)), content_type="application/json")
    assert answer.status_code == 201 and answer.json()["reassigned"] == [c1.number]


def test_the_page_reassigns_the_ticked_cases(office: Office, client: Any) -> None:
    client.force_login(office.supervisor)
    url = reverse("supervision:reassign")
    page = client.get(url, {"source": office.manager.pk})
    assert [c.number for c in page.context["cases"]] == [
        office.cases[n].number for n in ("c1", "c3", "c2", "c5")
    ]  # by priority, urgent first
    c5 = Case.objects.get(pk=office.cases["c5"].pk)
    answer = client.post(
        url,
        {
            "source": office.manager.pk,
            "cases": [f"{c5.pk}:{c5.version}"],
            "case_manager": office.senior.pk,
        },
    )
    assert answer.status_code == 302
    assert Case.objects.get(pk=c5.pk).case_manager_id == office.senior.pk
    # another organisation's case manager as the source: not found
    assert client.get(url, {"source": office.other.pk}).status_code == 404


def test_the_cases_of_someone_who_left_are_shown_and_given_to_a_colleague(
    office: Office, client: Any
) -> None:
    office.manager.is_active = False
    office.manager.save(update_fields=["is_active"])
    client.force_login(office.supervisor)
    rows = client.get(reverse("supervision:caseload")).context["rows"]
    former = [row for row in rows if row.manager == office.manager]
    assert len(former) == 1 and former[0].former and former[0].open == 4
    url = reverse("supervision:reassign")
    c1 = Case.objects.get(pk=office.cases["c1"].pk)
    answer = client.post(
        url,
        {
            "source": office.manager.pk,
            "cases": [f"{c1.pk}:{c1.version}"],
            "case_manager": office.senior.pk,
        },
    )
    assert answer.status_code == 302
    assert Case.objects.get(pk=c1.pk).case_manager_id == office.senior.pk
    # never to them
    with pytest.raises(ValidationError):
        services.reassign_cases(
            actor=office.supervisor,
            cases=_versions(office.cases["c2"]),
            case_manager=office.manager,
        )


def test_a_restricted_identification_counts_as_trafficking_for_the_supervisor(
    office: Office,
) -> None:
    """A restricted identification no longer flags the case (the case team would read the
    flag); its supervisor, a programme manager who reads it, still counts the case."""
    from sutura.trafficking.models import (
        Confidentiality,
        Identification,
        IndicatorChecklist,
        VictimStatus,
    )

    case = office.cases["c2"]
    assert "vot" not in case.flags and case.case_type != "trafficking"
    Identification.objects.create(
        case=case,
        checklist=IndicatorChecklist.objects.get(is_current=True),
        answers={"forced_work": "yes"},
        status=VictimStatus.IDENTIFIED,
        identified_on=timezone.localdate(),
        authority="police",
        confidentiality=Confidentiality.RESTRICTED,
        recorded_by=office.manager,
    )
    assert (
        caseload_counts(office.supervisor, timezone.localdate(), 30)[office.manager.pk][
            "trafficking"
        ]
        == 3
    )
